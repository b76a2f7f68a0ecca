/// Location codes become folder names, so they are validated strictly: ASCII letters,
/// digits, '-' and '_', 1 to 24 characters, not starting with '-' or '.'. A name with
/// '/', '..', control characters or NUL can never become a path component.
/// Human labels (Chinese) live inside the files, never in paths.
public enum LocationCode {
    public static let maxLength = 24

    public static func validate(_ code: String, field: String) throws -> String {
        let u = Array(code.utf8)
        guard !u.isEmpty else { throw ArchiveError.invalidField(field: field, reason: "is empty") }
        guard u.count <= maxLength else { throw ArchiveError.invalidField(field: field, reason: "is longer than \(maxLength) characters") }
        for c in u {
            let ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 95
            if !ok {
                throw ArchiveError.invalidField(field: field, reason: "may hold only letters A–Z, digits, '-' and '_' (got \(Sanitize.visible(code)))")
            }
        }
        if u[0] == 45 { throw ArchiveError.invalidField(field: field, reason: "may not start with '-'") }
        return code
    }

    public static func isValid(_ code: String) -> Bool { (try? validate(code, field: "")) != nil }
}

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

    @inline(__always) public static func isUnsafe(_ sc: Unicode.Scalar) -> Bool {
        let v = sc.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return true }
        // bidi embedding/override/isolate marks, LRM/RLM, line/paragraph separators
        if (v >= 0x200E && v <= 0x200F) || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069) || v == 0x2028 || v == 0x2029 { return true }
        if v == 0xFEFF || v == 0x061C { return true }
        return false
    }
}
