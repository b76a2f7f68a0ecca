import Foundation

/// Something wrong found on disk, with its path (relative to the archive) and the reason.
public struct Problem: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case damaged, misfiled, duplicate, unexpected, register, chain, settings
        /// A file that differs from what the journal says it should be (a hand edit).
        case projection
        /// A conflict between desks waiting for a person's decision.
        case conflict
        /// A symbolic or hard link inside the archive.
        case link
        /// A folder or file its group or everyone may write.
        case permissions
    }
    public var kind: Kind
    public var path: String
    public var message: String
    public init(kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }
}
