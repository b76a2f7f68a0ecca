/// Errors carry enough to tell the archivist what went wrong and where, never personal data
/// beyond what they typed.
public enum ArchiveError: Error, CustomStringConvertible, Equatable {
    case notAnArchive(path: String)
    case alreadyExists(path: String)
    case io(path: String, message: String)
    case damaged(path: String, message: String)
    /// A folder or file of the archive this login may not read (another login's, 0700/0600).
    case unreadable(path: String, message: String)
    case invalidField(field: String, reason: String)
    case notFound(what: String)
    case ambiguous(what: String, candidates: [String])
    case refused(rule: String, message: String)
    case locked(path: String)
    /// Sharing through git went wrong: what was done, and what was not.
    case sync(message: String)

    /// The message shown to the archivist: English, naming the path, field or rule involved.
    public var description: String {
        switch self {
        case .notAnArchive(let p):
            // A clone of a hub whose HEAD names a branch nobody pushed checks out nothing.
            let clone =
                DurableIO.isDir(p + "/.git")
                ? """
                 — a git clone with nothing checked out? If the hub's HEAD names another branch: git -C \(p) \
                checkout main
                """
                : ""
            return "not a dangan archive (no archive.json): \(p)\(clone)"
        case .alreadyExists(let p): return "already exists: \(p)"
        case .io(let p, let m): return "cannot write \(p): \(m) — nothing was changed"
        case .damaged(let p, let m): return "damaged file \(p): \(m)"
        case .unreadable(let p, let m): return "cannot read \(p): \(m)"
        case .invalidField(let f, let r): return "\(f) \(r)"
        case .notFound(let w): return "not found: \(w)"
        case .ambiguous(let w, let c):
            return "\(w) is ambiguous: \(c.prefix(8).joined(separator: ", "))\(c.count > 8 ? ", …" : "")"
        case .refused(let rule, let m): return "refused by rule \(rule): \(m)"
        case .locked(let p): return "the archive is busy (another dangan holds the lock on \(p))"
        case .sync(let m): return "sync: \(m)"
        }
    }
}
