import ArchiveModel
import Foundation

/// A line of text being typed, with the caret inside it, and the readline keys every text
/// field of dangan understands: ← → Home End, Ctrl-A/E (start, end), Ctrl-B/F (a character),
/// Alt-B/F (a word), Ctrl-U (to the start), Ctrl-K (to the end), Ctrl-W and Alt-Backspace
/// (the word before), Ctrl-D / Delete (the character under the caret), Backspace.
public struct LineEdit: Equatable, Sendable {
    public private(set) var chars: [Character]
    /// 0…chars.count: the caret stands before chars[caret].
    public private(set) var caret: Int
    public let limit: Int

    public init(_ text: String = "", limit: Int = 200) {
        chars = Array(text.prefix(limit))
        caret = chars.count
        self.limit = limit
    }

    public var text: String { String(chars) }
    public var isEmpty: Bool { chars.isEmpty }
    public var trimmed: String { text.trimmingCharacters(in: .whitespaces) }

    /// Replaces the text and puts the caret at its end.
    public mutating func set(_ text: String) {
        chars = Array(text.prefix(limit))
        caret = chars.count
    }

    /// Applies an editing key; false when the key is not an editing key (the caller handles it).
    public mutating func apply(_ key: Key) -> Bool {
        switch key {
        case .char(let c):
            guard chars.count < limit else { return true }
            chars.insert(c, at: caret)
            caret += 1
        case .left, .ctrl("b"): caret = max(0, caret - 1)
        case .right, .ctrl("f"): caret = min(chars.count, caret + 1)
        case .home, .ctrl("a"): caret = 0
        case .end, .ctrl("e"): caret = chars.count
        case .alt("b"): caret = wordStart(before: caret)
        case .alt("f"): caret = wordEnd(after: caret)
        case .backspace, .ctrl("h"):
            if caret > 0 {
                chars.remove(at: caret - 1)
                caret -= 1
            }
        case .delete, .ctrl("d"):
            if caret < chars.count { chars.remove(at: caret) }
        case .ctrl("u"):
            chars.removeSubrange(0..<caret)
            caret = 0
        case .ctrl("k"): chars.removeSubrange(caret..<chars.count)
        case .ctrl("w"), .alt("\u{7f}"):
            let s = wordStart(before: caret)
            chars.removeSubrange(s..<caret)
            caret = s
        default: return false
        }
        return true
    }

    /// Words are runs of letters and digits; each Chinese character is a word of its own
    /// (there are no spaces between Chinese words to stop at).
    static func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber }
    static func isHan(_ c: Character) -> Bool {
        c.unicodeScalars.first.map { $0.value >= 0x3400 && $0.value <= 0x9FFF } ?? false
    }

    func wordStart(before i: Int) -> Int {
        var j = i
        while j > 0 && !LineEdit.isWordChar(chars[j - 1]) { j -= 1 }
        if j > 0 && LineEdit.isHan(chars[j - 1]) { return j - 1 }
        while j > 0 && LineEdit.isWordChar(chars[j - 1]) && !LineEdit.isHan(chars[j - 1]) { j -= 1 }
        return j
    }

    func wordEnd(after i: Int) -> Int {
        var j = i
        while j < chars.count && !LineEdit.isWordChar(chars[j]) { j += 1 }
        if j < chars.count && LineEdit.isHan(chars[j]) { return j + 1 }
        while j < chars.count && LineEdit.isWordChar(chars[j]) && !LineEdit.isHan(chars[j]) { j += 1 }
        return j
    }

    /// What to show in `width` columns so that the caret stays visible: the text from some
    /// character on, and the caret's column within it.
    public func window(width: Int) -> (text: String, caretColumn: Int) {
        guard width > 1 else { return ("", 0) }
        var start = 0
        func cols(_ a: Int, _ b: Int) -> Int { chars[a..<b].reduce(0) { $0 + TextWidth.width(String($1)) } }
        // Keep the caret inside; leave one column for it at the end.
        while start < caret && cols(start, caret) > width - 1 { start += 1 }
        var end = start
        var used = 0
        while end < chars.count {
            let w = TextWidth.width(String(chars[end]))
            if used + w > width { break }
            used += w
            end += 1
        }
        return (String(chars[start..<end]), cols(start, caret))
    }
}
