import ArchiveModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Cell styles; the backend maps them to colour pairs or, without colour, to attributes.
public enum Style: UInt8, Sendable {
    case normal, title, hint, header, selected, selectedDim, border, warn, error, ok, dim, match, field, fieldActive, overlay, marked
}

public struct Cell: Equatable, Sendable {
    /// The text of the cell: one character (with any combining marks), "" for the right half
    /// of a wide character.
    public var text: String
    public var style: Style
    public static let blank = Cell(text: " ", style: .normal)
}

/// The screen as cells, written by the views and read by tests and by the terminal backend.
public struct ScreenBuffer: Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the text caret is (the real cursor is parked there, for input methods).
    public var cursor: (x: Int, y: Int)? = nil

    public init(width: Int, height: Int) {
        self.width = max(0, width); self.height = max(0, height)
        cells = [Cell](repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell { cells[y * width + x] }

    public mutating func fill(x: Int, y: Int, w: Int, h: Int, style: Style = .normal) {
        for yy in max(0, y)..<min(height, y + h) {
            for xx in max(0, x)..<min(width, x + w) { cells[yy * width + xx] = Cell(text: " ", style: style) }
        }
    }

    /// Writes `text` at (x, y) within `maxWidth` columns, cutting long text with a '~' marker
    /// without splitting a wide character, and padding the rest with `pad` spaces when asked.
    /// Control and direction characters are drawn as '?'. Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, maxWidth: Int? = nil, style: Style = .normal, pad: Bool = false,
                             highlight: [Range<Int>] = [], highlightStyle: Style = .match) -> Int {
        guard y >= 0 && y < height && x < width else { return 0 }
        let limit = min(maxWidth ?? (width - x), width - x)
        guard limit > 0 else { return 0 }
        let total = TextWidth.width(text)
        let cut = total > limit
        let room = cut ? limit - 1 : limit
        var col = 0
        var ci = 0
        for ch in text {
            defer { ci += 1 }
            // One cell per character (a String of one Character needs no allocation); a
            // character with a control or direction mark is drawn as '?'.
            var w = 0, unsafe = false
            for s in ch.unicodeScalars { if Sanitize.isUnsafe(s) { unsafe = true }; w += TextWidth.width(s) }
            let cellText = unsafe ? "?" : String(ch)
            if unsafe { w = 1 }
            if w == 0 {
                // A lone combining mark: attach it to the previous cell.
                if col > 0 && x + col - 1 >= 0 { cells[y * width + x + col - 1].text.unicodeScalars.append(contentsOf: cellText.unicodeScalars) }
                continue
            }
            if w > 2 { w = 2 }
            if col + w > room { break }
            let st = highlight.contains { $0.contains(ci) } ? highlightStyle : style
            if x + col >= 0 {
                cells[y * width + x + col] = Cell(text: cellText, style: st)
                if w == 2 { cells[y * width + x + col + 1] = Cell(text: "", style: st) }
            }
            col += w
        }
        if cut {
            // Fill a gap left by a wide character that did not fit, then the marker.
            while col < limit - 1 { cells[y * width + x + col] = Cell(text: " ", style: style); col += 1 }
            cells[y * width + x + col] = Cell(text: "~", style: style == .normal ? .dim : style)
            col += 1
        } else if pad {
            while col < limit { cells[y * width + x + col] = Cell(text: " ", style: style); col += 1 }
        }
        return col
    }

    /// A row as text (wide characters once, their right halves skipped), trailing spaces kept.
    public func line(_ y: Int) -> String {
        var s = ""
        for x in 0..<width { s += cells[y * width + x].text }
        return s
    }

    /// The whole screen as text, one line per row, trailing spaces trimmed.
    public var text: String {
        (0..<height).map { line($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n")
    }

    /// Display columns of row y up to but excluding x (for tests of alignment).
    public func style(x: Int, y: Int) -> Style { cells[y * width + x].style }
}
