/// The one way out for text: every byte the command line prints passes one of these two
/// functions. Both judge characters by `Sanitize.isUnsafe` (C0 and C1 controls, DEL, ESC,
/// bidirectional controls, line and paragraph separators, BOM), so that text from the archive,
/// from arguments or from the environment never reaches a terminal as a control sequence.
extension Sanitize {
    /// True when no byte of `b` can start an unsafe character: controls, DEL, and the lead
    /// bytes of C1 controls (C2), U+061C (D8), the bidi controls and separators (E2) and the
    /// BOM (EF). Most text (ASCII, CJK) is copied whole after this one pass.
    @inline(__always)
    static func plainly(_ b: UnsafeBufferPointer<UInt8>, keepLayout: Bool) -> Bool {
        for c in b {
            if c < 0x20 {
                if keepLayout && (c == 0x0A || c == 0x09 || c == 0x0C) { continue }
                return false
            }
            if c == 0x7F || c == 0xC2 || c == 0xD8 || c == 0xE2 || c == 0xEF { return false }
        }
        return true
    }

    /// Appends UTF-8 `bytes` to `out`, each unsafe character made visible as `<U+XXXX>`.
    /// With `keepLayout`, tab, line feed, form feed (a page break between the sheets of a
    /// printed batch) and a carriage return directly before a line feed (CSV's CRLF) are kept,
    /// and so is a byte order mark at `bomAllowedAt` (a CSV's first bytes).
    public static func appendVisible(
        _ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], keepLayout: Bool,
        bomAllowedAt: Int? = nil
    ) {
        if plainly(bytes, keepLayout: keepLayout) {
            out.append(contentsOf: bytes)
            return
        }
        scan(bytes) { i, len, value in
            if keepLayout {
                if value == 0x0A || value == 0x09 || value == 0x0C
                    || (value == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A)
                    || (value == 0xFEFF && i == bomAllowedAt)
                {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<i + len]))
                    return
                }
            }
            if let value, let sc = Unicode.Scalar(value), !isUnsafe(sc) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<i + len]))
            } else {
                out.append(contentsOf: Array("<U+\(String(value ?? 0xFFFD, radix: 16, uppercase: true))>".utf8))
            }
        }
    }

    /// Appends encoded JSON to `out` with every unsafe character written as a `\uXXXX` escape:
    /// JSONEncoder escapes C0 controls but leaves DEL, C1 controls (U+0080–U+009F) and bidi
    /// controls raw. Outside strings JSON is ASCII punctuation and white space, so every
    /// character changed here is inside a string, and the decoded text is unchanged.
    public static func appendJSONEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        scan(bytes) { i, len, value in
            if value == 0x0A || value == 0x09 || value == 0x0D {
                out.append(bytes[i])  // white space between tokens (controls inside strings are escaped already)
            } else if let value, let sc = Unicode.Scalar(value), !isUnsafe(sc) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<i + len]))
            } else {
                let hex = String(value ?? 0xFFFD, radix: 16)
                out.append(contentsOf: Array(("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).utf8))
            }
        }
    }

    /// Calls `body(offset, length, scalar)` for each UTF-8 sequence; scalar is nil for a byte
    /// that does not start a valid sequence (length 1).
    @inline(__always)
    static func scan(_ b: UnsafeBufferPointer<UInt8>, _ body: (Int, Int, UInt32?) -> Void) {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 {
                body(i, 1, UInt32(c))
                i += 1
                continue
            }
            let len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0
            guard len > 0, i + len <= n else {
                body(i, 1, nil)
                i += 1
                continue
            }
            var v = UInt32(c) & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07)
            var ok = true
            for k in 1..<len {
                let x = b[i + k]
                if x & 0xC0 != 0x80 {
                    ok = false
                    break
                }
                v = (v << 6) | UInt32(x & 0x3F)
            }
            // Overlong forms, surrogates and values past U+10FFFF are not valid UTF-8.
            if !ok || (len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF))
                || (v >= 0xD800 && v <= 0xDFFF)
            {
                body(i, 1, nil)
                i += 1
                continue
            }
            body(i, len, v)
            i += len
        }
    }
}
