import ArchiveModel
import Foundation

/// Text measured and shaped by display width (the one width function, `TextWidth`).
public enum TextLayout {
    public static func width(_ s: String) -> Int { TextWidth.width(s) }

    /// Wraps text into lines of at most `width` columns: at spaces in Latin text, between any
    /// two characters in Chinese text, and inside a word only when it is longer than a line.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for para in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineW = 0
            // Break points: after a space, and before/after any wide (CJK) character.
            var tokens: [String] = []
            var cur = ""
            for ch in para {
                let wide = TextWidth.width(String(ch)) == 2
                if wide && TextLayout.noLineStart.contains(ch), !tokens.isEmpty || !cur.isEmpty {
                    // Chinese closing punctuation never starts a line: it goes with what precedes it.
                    if !cur.isEmpty {
                        cur.append(ch)
                        tokens.append(cur)
                        cur = ""
                    } else {
                        tokens[tokens.count - 1].append(ch)
                    }
                } else if wide {
                    if !cur.isEmpty {
                        tokens.append(cur)
                        cur = ""
                    }
                    tokens.append(String(ch))
                } else if ch == " " {
                    cur.append(ch)
                    tokens.append(cur)
                    cur = ""
                } else {
                    cur.append(ch)
                }
            }
            if !cur.isEmpty { tokens.append(cur) }
            for var t in tokens {
                var tw = TextLayout.width(t)
                if lineW + tw <= width {
                    line += t
                    lineW += tw
                    continue
                }
                // Does not fit: a trailing space may go; otherwise a new line.
                if t.hasSuffix(" "), lineW + tw - 1 <= width {
                    line += t.dropLast()
                    lineW = width
                    continue
                }
                if !line.isEmpty {
                    lines.append(trimEnd(line))
                    line = ""
                    lineW = 0
                }
                if t.hasPrefix(" ") && lines.count > 0 {
                    t = String(t.drop(while: { $0 == " " }))
                    tw = TextLayout.width(t)
                }
                while tw > width {
                    // A word longer than a line is cut.
                    var head = ""
                    var hw = 0
                    for ch in t {
                        let w = TextLayout.width(String(ch))
                        if hw + w > width { break }
                        head.append(ch)
                        hw += w
                    }
                    lines.append(head)
                    t = String(t.dropFirst(head.count))
                    tw = TextLayout.width(t)
                }
                line = t
                lineW = tw
            }
            lines.append(trimEnd(line))
        }
        return lines
    }

    /// Punctuation that may not begin a line (禁则).
    static let noLineStart: Set<Character> = ["、", "，", "。", "；", "：", "）", "」", "』", "！", "？", "》", "〉"]

    static func trimEnd(_ s: String) -> String {
        var t = s
        while t.last == " " { t.removeLast() }
        return t
    }

    /// The text cut to `width` columns (with '~' when cut) and padded with spaces to exactly
    /// `width`, never splitting a wide character. `right` aligns to the right.
    public static func fit(_ s: String, _ width: Int, right: Bool = false) -> String {
        guard width > 0 else { return "" }
        let w = TextLayout.width(s)
        if w <= width {
            let pad = String(repeating: " ", count: width - w)
            return right ? pad + s : s + pad
        }
        var out = ""
        var used = 0
        for ch in s {
            let cw = TextLayout.width(String(ch))
            if used + cw > width - 1 { break }
            out.append(ch)
            used += cw
        }
        return out + String(repeating: " ", count: width - 1 - used) + "~"
    }

    /// Column widths for a table: each column as wide as its widest cell (header included),
    /// at most `max`; when the total is wider than `available`, the `flexible` column gives
    /// way (down to 4 columns), then the others from the right.
    public static func columnWidths(
        _ rows: [[String]], header: [String], max: [Int], flexible: Int, available: Int, gap: Int = 1
    ) -> [Int] {
        var w = header.map { width($0) }
        for r in rows { for (i, c) in r.enumerated() where i < w.count { w[i] = Swift.max(w[i], width(c)) } }
        for i in w.indices where i < max.count { w[i] = Swift.min(w[i], max[i]) }
        var total = w.reduce(0, +) + gap * (w.count - 1)
        if total > available && flexible < w.count {
            let cut = Swift.min(total - available, w[flexible] - 4)
            if cut > 0 {
                w[flexible] -= cut
                total -= cut
            }
        }
        var i = w.count - 1
        while total > available && i >= 0 {
            let cut = Swift.min(total - available, w[i] - 2)
            if i != flexible && cut > 0 {
                w[i] -= cut
                total -= cut
            }
            i -= 1
        }
        return w
    }
}
