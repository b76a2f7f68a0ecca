/// Making untrusted text safe for a terminal or a log line.
public enum Sanitize {
    /// Replaces control characters (C0, DEL, C1), bidi controls and other format characters
    /// with visible escapes, so that archive text never reaches a terminal as a control sequence.
    public static func visible(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for sc in s.unicodeScalars {
            if isUnsafe(sc) {
                let hex = String(sc.value, radix: 16, uppercase: true)
                out.append(contentsOf: "<U+\(hex)>".unicodeScalars)
            } else {
                out.append(sc)
            }
        }
        return String(out)
    }

    /// True for a character never printed raw: C0 and C1 controls, DEL, bidi controls, separators, BOM.
    @inline(__always) public static func isUnsafe(_ sc: Unicode.Scalar) -> Bool {
        let v = sc.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return true }
        // bidi embedding/override/isolate marks, LRM/RLM, line/paragraph separators
        if (v >= 0x200E && v <= 0x200F) || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069) || v == 0x2028
            || v == 0x2029
        {
            return true
        }
        if v == 0xFEFF || v == 0x061C { return true }
        return false
    }
}
