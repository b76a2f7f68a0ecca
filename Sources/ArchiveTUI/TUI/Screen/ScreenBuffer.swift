import ArchiveModel
import Foundation

/// A line-drawing character. The buffer keeps it as such; the terminal draws it with ncurses'
/// wide line-drawing characters, or in ASCII where the terminal has none; as text (tests, golden
/// screens) it is the Unicode box-drawing character.
public enum LineGlyph: UInt8, Sendable, CaseIterable {
    case horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight, teeDown, teeUp, teeRight, teeLeft, cross

    public var unicode: String {
        ["─", "│", "┌", "┐", "└", "┘", "┬", "┴", "├", "┤", "┼"][Int(rawValue)]
    }
    public var ascii: String {
        ["-", "|", "+", "+", "+", "+", "+", "+", "+", "+", "+"][Int(rawValue)]
    }
}

public struct Cell: Equatable, Sendable {
    /// One character (with any combining marks); "" for the right half of a wide character.
    public var text: String
    public var style: Style
    public var line: LineGlyph?
    public init(text: String, style: Style, line: LineGlyph? = nil) {
        self.text = text
        self.style = style
        self.line = line
    }
    public static let blank = Cell(text: " ", style: .normal)
    public var isRightHalf: Bool { text.isEmpty }
    public var isWide: Bool { line == nil && text.unicodeScalars.first.map { TextWidth.width($0) == 2 } ?? false }
}

/// The screen as cells, written by the views, read by tests and by the terminal. A wide
/// character always occupies two cells (its right half is ""); writing over either half of one
/// blanks the other half, so the buffer never holds half a character.
public struct ScreenBuffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the caret of the field being typed in is (the terminal parks its cursor there,
    /// for input methods).
    public var cursor: Position? = nil

    public struct Position: Equatable, Sendable {
        public var x: Int
        public var y: Int
    }

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = [Cell](repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell { cells[y * width + x] }

    /// Sets one cell, keeping wide characters whole: the other half of any wide character it
    /// overwrites becomes a blank of that character's style.
    mutating func set(_ x: Int, _ y: Int, _ c: Cell, wide: Bool = false) {
        guard y >= 0, y < height, x >= 0, x < width else { return }
        if wide && x + 1 >= width {
            set(x, y, Cell(text: " ", style: c.style))
            return
        }
        clearHalves(x, y)
        if wide { clearHalves(x + 1, y) }
        cells[y * width + x] = c
        if wide { cells[y * width + x + 1] = Cell(text: "", style: c.style) }
    }

    private mutating func clearHalves(_ x: Int, _ y: Int) {
        let i = y * width + x
        let old = cells[i]
        if old.isRightHalf, x > 0 { cells[i - 1] = Cell(text: " ", style: cells[i - 1].style) }
        if old.isWide, x + 1 < width, cells[i + 1].isRightHalf { cells[i + 1] = Cell(text: " ", style: old.style) }
    }

    public mutating func fill(_ r: Rect, style: Style = .normal) {
        for yy in max(0, r.y)..<min(height, r.y + r.h) {
            for xx in max(0, r.x)..<min(width, r.x + r.w) { set(xx, yy, Cell(text: " ", style: style)) }
        }
    }

    public mutating func line(_ g: LineGlyph, x: Int, y: Int, style: Style = .border) {
        set(x, y, Cell(text: g.unicode, style: style, line: g))
    }

    public mutating func hline(x: Int, y: Int, w: Int, style: Style = .border) {
        for xx in x..<(x + max(0, w)) { line(.horizontal, x: xx, y: y, style: style) }
    }

    public mutating func vline(x: Int, y: Int, h: Int, style: Style = .border) {
        for yy in y..<(y + max(0, h)) { line(.vertical, x: x, y: yy, style: style) }
    }

    /// A frame around `r` (its outermost cells).
    public mutating func box(_ r: Rect, style: Style = .border) {
        guard r.w >= 2, r.h >= 2 else { return }
        hline(x: r.x + 1, y: r.y, w: r.w - 2, style: style)
        hline(x: r.x + 1, y: r.y + r.h - 1, w: r.w - 2, style: style)
        vline(x: r.x, y: r.y + 1, h: r.h - 2, style: style)
        vline(x: r.x + r.w - 1, y: r.y + 1, h: r.h - 2, style: style)
        line(.topLeft, x: r.x, y: r.y, style: style)
        line(.topRight, x: r.x + r.w - 1, y: r.y, style: style)
        line(.bottomLeft, x: r.x, y: r.y + r.h - 1, style: style)
        line(.bottomRight, x: r.x + r.w - 1, y: r.y + r.h - 1, style: style)
    }

    /// Writes `text` at (x, y) within `maxWidth` columns, cutting long text with a '~' marker
    /// without splitting a wide character, and padding the rest with spaces when asked.
    /// Control and direction characters are drawn as '?'. Returns the columns used.
    @discardableResult
    public mutating func put(
        _ text: String, x: Int, y: Int, maxWidth: Int? = nil, style: Style = .normal, pad: Bool = false,
        highlight: [Range<Int>] = [], highlightStyle: Style = .match
    ) -> Int {
        guard y >= 0 && y < height && x < width && x >= 0 else { return 0 }
        let limit = min(maxWidth ?? (width - x), width - x)
        guard limit > 0 else { return 0 }
        let total = TextWidth.width(text)
        let cut = total > limit
        let room = cut ? limit - 1 : limit
        var col = 0
        var ci = 0
        for ch in text {
            defer { ci += 1 }
            var w = 0
            var unsafe = false
            for s in ch.unicodeScalars {
                if Sanitize.isUnsafe(s) { unsafe = true }
                w += TextWidth.width(s)
            }
            let cellText = unsafe ? "?" : String(ch)
            if unsafe { w = 1 }
            if w == 0 {
                // A lone combining mark: attach it to the previous cell.
                if col > 0 {
                    cells[y * width + x + col - 1].text.unicodeScalars.append(contentsOf: cellText.unicodeScalars)
                }
                continue
            }
            if w > 2 { w = 2 }
            if col + w > room { break }
            let st = highlight.contains { $0.contains(ci) } ? highlightStyle : style
            set(x + col, y, Cell(text: cellText, style: st), wide: w == 2)
            col += w
        }
        if cut {
            while col < limit - 1 {
                set(x + col, y, Cell(text: " ", style: style))
                col += 1
            }
            set(x + col, y, Cell(text: "~", style: style == .normal ? .dim : style))
            col += 1
        } else if pad {
            while col < limit {
                set(x + col, y, Cell(text: " ", style: style))
                col += 1
            }
        }
        return col
    }

    /// A row as text (a wide character once, its right half skipped; lines as box drawing).
    public func line(_ y: Int) -> String {
        var s = ""
        for x in 0..<width { s += cells[y * width + x].text }
        return s
    }

    /// The whole screen as text, one line per row, trailing spaces trimmed.
    public var text: String {
        (0..<height).map { l -> String in
            var s = line(l)
            while s.last == " " { s.removeLast() }
            return s
        }.joined(separator: "\n")
    }

    public func style(x: Int, y: Int) -> Style { cells[y * width + x].style }

    /// The styles as one letter per cell (for golden screens): '.' normal, then by `Style`.
    public var styleMap: String {
        (0..<height).map { y -> String in
            var s = ""
            for x in 0..<width { s.append(ScreenBuffer.styleLetter[Int(cells[y * width + x].style.rawValue)]) }
            while s.last == "." { s.removeLast() }
            return s
        }.joined(separator: "\n")
    }
    static let styleLetter: [Character] = Array(".TbBAHhSsLwEodmfFMkO")
}

public struct Rect: Equatable, Sendable {
    public var x, y, w, h: Int
    public init(x: Int, y: Int, w: Int, h: Int) {
        self.x = x
        self.y = y
        self.w = w
        self.h = h
    }
    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < x + w && py >= y && py < y + h }
    public var maxX: Int { x + w }
    public var maxY: Int { y + h }
}
