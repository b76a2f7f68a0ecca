/// The three panes of the main screen.
public enum PaneID: Int, Sendable, CaseIterable, Equatable {
    case cabinets, envelopes, documents
}

/// Where things go for a terminal size: the title row, the body, the status line and the key
/// bar. Three panes from 80 columns, two from 56, one below; under 40×12 the screen only says
/// it is too small.
public struct Layout: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public static let minWidth = 40
    public static let minHeight = 12

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var tooSmall: Bool { width < Layout.minWidth || height < Layout.minHeight }
    /// Everything between the title row and the status line.
    public var body: Rect { Rect(x: 0, y: 1, w: width, h: max(0, height - 3)) }
    public var statusY: Int { height - 2 }
    public var barY: Int { height - 1 }
    /// The detail area under the panes (its first row is the dividing line).
    public var detailHeight: Int { height >= 20 ? min(9, height / 4 + 1) : 0 }
    /// Rows for the panes, including their header row.
    public var paneHeight: Int { body.h - detailHeight }
    /// Rows of items a pane shows.
    public var paneRows: Int { max(1, paneHeight - 1) }
    public var detail: Rect { Rect(x: 0, y: 1 + paneHeight, w: width, h: detailHeight) }

    public func visiblePanes(focus: PaneID) -> [PaneID] {
        if width >= 80 { return [.cabinets, .envelopes, .documents] }
        if width >= 56 { return focus == .cabinets ? [.cabinets, .envelopes] : [.envelopes, .documents] }
        return [focus]
    }

    /// Pane rectangles (header row included); the dividing line after each but the last is
    /// the column at `rect.maxX`.
    public func panes(focus: PaneID) -> [(PaneID, Rect)] {
        let vis = visiblePanes(focus: focus)
        let usable = width - (vis.count - 1)
        var widths: [Int]
        switch vis.count {
        case 3:
            let a = max(16, usable * 20 / 100)
            let b = max(26, usable * 36 / 100)
            widths = [a, b, usable - a - b]
        case 2:
            let a = vis[0] == .cabinets ? usable * 38 / 100 : usable * 45 / 100
            widths = [a, usable - a]
        default:
            widths = [usable]
        }
        var x = 0
        var out: [(PaneID, Rect)] = []
        for (i, p) in vis.enumerated() {
            out.append((p, Rect(x: x, y: 1, w: widths[i], h: paneHeight)))
            x += widths[i] + 1
        }
        return out
    }

    /// An overlay (form, dialog) of `rows` rows: as wide as the terminal allows up to 100
    /// columns, centred; never taller than the body.
    public func overlay(rows: Int, maxWidth: Int = 100) -> Rect {
        let w = width <= 100 ? width - 4 : min(maxWidth, width * 3 / 4)
        let h = min(rows, body.h)
        return Rect(x: (width - w) / 2, y: 1 + max(0, (body.h - h) / 2), w: w, h: h)
    }
}
