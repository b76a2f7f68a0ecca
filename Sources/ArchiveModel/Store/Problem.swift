import Foundation

/// Something wrong found on disk, with its path (relative to the archive) and the reason.
public struct Problem: Sendable, Equatable, Codable {
    /// What sort of problem: a damaged, misfiled, duplicate or unexpected file, a fault in the register or a chain …
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
    /// What sort of problem it is.
    public var kind: Kind
    /// The file or folder concerned, relative to the archive (e.g. `cabinets/A/3/12/1202/env-…/envelope.json`).
    public var path: String
    /// What is wrong and, where it can, what to do, in words for the archivist.
    public var message: String
    /// A problem from its parts.
    public init(kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }
}
