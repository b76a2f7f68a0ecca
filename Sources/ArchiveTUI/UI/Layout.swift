public struct Rect: Equatable, Sendable { public var x, y, w, h: Int }

/// Where things go for a terminal size. Three panes from 80 columns, two from 56, one below;
/// under 40×12 the screen only says it is too small.
public struct Layout: Sendable {
    public let width: Int
    public let height: Int
    public static let minWidth = 40
    public static let minHeight = 12

    public var tooSmall: Bool { width < Layout.minWidth || height < Layout.minHeight }
    public var detailHeight: Int { height >= 20 ? min(9, height / 4 + 1) : 0 }
    /// Rows for the panes, including their header row.
    public var paneHeight: Int { height - 2 - detailHeight }
    public var bodyRect: Rect { Rect(x: 0, y: 1, w: width, h: height - 2) }

    public func visiblePanes(focus: Int) -> [Int] {
        if width >= 80 { return [0, 1, 2] }
        if width >= 56 { return focus == 0 ? [0, 1] : [1, 2] }
        return [focus]
    }

    /// Pane rectangles (header row included), separators between them not included.
    public func panes(focus: Int) -> [(Int, Rect)] {
        let vis = visiblePanes(focus: focus)
        let usable = width - (vis.count - 1)
        var widths: [Int]
        switch vis.count {
        case 3:
            let a = max(16, usable * 22 / 100), b = max(24, usable * 36 / 100)
            widths = [a, b, usable - a - b]
        case 2:
            let a = vis[0] == 0 ? usable * 38 / 100 : usable * 45 / 100
            widths = [a, usable - a]
        default:
            widths = [usable]
        }
        var x = 0
        var out: [(Int, Rect)] = []
        for (i, p) in vis.enumerated() {
            out.append((p, Rect(x: x, y: 1, w: widths[i], h: paneHeight)))
            x += widths[i] + 1
        }
        return out
    }
}
