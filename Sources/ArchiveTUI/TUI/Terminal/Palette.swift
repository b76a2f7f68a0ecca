/// Display attributes, independent of ncurses.
public struct Attr: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attr(rawValue: 1)
    public static let reverse = Attr(rawValue: 2)
    public static let underline = Attr(rawValue: 4)
    public static let dim = Attr(rawValue: 8)
}

/// How many colours the terminal has (`NO_COLOR` makes any terminal monochrome).
public enum ColorDepth: Sendable, CaseIterable {
    case mono, c8, c16, c256
    public init(colors: Int, hasColors: Bool, noColor: Bool) {
        if noColor || !hasColors || colors < 8 {
            self = .mono
        } else if colors >= 256 {
            self = .c256
        } else if colors >= 16 {
            self = .c16
        } else {
            self = .c8
        }
    }
}

/// A style's look: attributes, and foreground and background colour numbers (-1: the
/// terminal's own).
public struct Look: Equatable, Sendable {
    public var attrs: Attr
    public var fg: Int16
    public var bg: Int16
}

/// Styles → looks for a colour depth. Every style carries its meaning in attributes first —
/// the selection is reverse video in every depth, never a colour alone — and colour only adds
/// to it, chosen to stay readable on light and dark backgrounds.
public struct Palette: Sendable {
    public let depth: ColorDepth
    public init(_ depth: ColorDepth) { self.depth = depth }

    /// The attributes of a style, the same in every depth.
    public static func attrs(_ s: Style) -> Attr {
        switch s {
        case .normal, .border, .ok: return []
        case .title: return [.reverse, .bold]
        case .bar: return [.reverse]
        case .barKey: return [.reverse, .bold]
        case .titleAlert: return [.reverse, .bold, .underline]
        case .header: return [.bold, .underline]
        case .headerDim: return [.underline]
        case .selected: return [.reverse, .bold]
        case .selectedDim: return [.underline]
        case .warn, .marked, .mark: return [.bold]
        case .error, .overdue, .match: return [.bold, .underline]
        case .dim: return [.dim]
        case .field: return [.underline]
        case .fieldActive: return [.reverse]
        }
    }

    public func look(_ s: Style) -> Look {
        var a = Palette.attrs(s)
        if depth == .mono { return Look(attrs: a, fg: -1, bg: -1) }
        // Colour numbers: the 8 ANSI colours, or the 256-colour cube where it is finer.
        let rich = depth == .c256
        func fg(_ c8: Int16, _ c256: Int16) -> Int16 { rich ? c256 : c8 }
        switch s {
        case .title:
            // White on blue, bold: the reverse attribute is not needed where there is colour.
            a.remove(.reverse)
            return Look(attrs: a, fg: 7, bg: 4)
        case .titleAlert:
            a.remove(.reverse)
            return Look(attrs: a, fg: 3, bg: 4)
        case .header: return Look(attrs: a, fg: fg(4, 25), bg: -1)
        case .headerDim: return Look(attrs: a, fg: -1, bg: -1)
        case .border: return Look(attrs: a, fg: fg(4, 67), bg: -1)
        case .warn: return Look(attrs: a, fg: fg(5, 130), bg: -1)
        case .error, .overdue: return Look(attrs: a, fg: fg(1, 160), bg: -1)
        case .ok: return Look(attrs: a, fg: fg(2, 28), bg: -1)
        case .dim:
            // A grey where there is one (dim is poorly supported); 8 colours keep the attribute.
            if depth == .c8 { return Look(attrs: a, fg: -1, bg: -1) }
            return Look(attrs: [], fg: fg(8, 244), bg: -1)
        case .match: return Look(attrs: a, fg: fg(5, 166), bg: -1)
        case .marked: return Look(attrs: a, fg: fg(5, 127), bg: -1)
        case .mark: return Look(attrs: a, fg: fg(-1, 94), bg: -1)
        default: return Look(attrs: a, fg: -1, bg: -1)
        }
    }
}
