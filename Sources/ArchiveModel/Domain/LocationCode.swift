/// Location codes become folder names, so they are validated strictly: ASCII letters,
/// digits, '-' and '_', 1 to 24 characters, not starting with '-' or '.'. A name with
/// '/', '..', control characters or NUL can never become a path component.
/// Human labels (Chinese) live inside the files, never in paths.
public enum LocationCode {
    /// Longest code accepted, in characters (ASCII only, so also bytes).
    public static let maxLength = 24

    /// Returns `code` unchanged when valid; otherwise throws `invalidField(field:reason:)` saying what is wrong.
    public static func validate(_ code: String, field: String) throws -> String {
        let u = Array(code.utf8)
        guard !u.isEmpty else { throw ArchiveError.invalidField(field: field, reason: "is empty") }
        guard u.count <= maxLength else {
            throw ArchiveError.invalidField(field: field, reason: "is longer than \(maxLength) characters")
        }
        for c in u {
            let ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 95
            if !ok {
                throw ArchiveError.invalidField(
                    field: field,
                    reason: "may hold only letters A–Z, digits, '-' and '_' (got \(Sanitize.visible(code)))")
            }
        }
        if u[0] == 45 { throw ArchiveError.invalidField(field: field, reason: "may not start with '-'") }
        return code
    }

    /// True when `code` would pass `validate`.
    public static func isValid(_ code: String) -> Bool { (try? validate(code, field: "")) != nil }
}
