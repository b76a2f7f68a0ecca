import Foundation

/// The outcome of a rule: allowed (with the due time, for a loan) or refused, always naming the
/// rule that decided and saying it in the archivists' words with an English gloss. The one way
/// dangan says no where a form or command asks "may I?"; errors that stop a command outright
/// are ``ArchiveError/refused(rule:message:)`` with the same rule ids.
public enum Decision: Sendable, Equatable {
    case allowed(due: Date?, rule: String, message: String)
    /// `document`: the document the refusal is about, when there is one.
    case refused(rule: String, message: String, document: String?)

    /// Allowed by rule `rule` (its id), saying so in `message` (Chinese with an English gloss); `due` for a loan.
    public static func allow(_ rule: String, _ message: String, due: Date? = nil) -> Decision {
        .allowed(due: due, rule: rule, message: message)
    }

    /// Refused by rule `rule` (its id), saying why in `message`; `document` names the document refused, if one.
    public static func refuse(_ rule: String, _ message: String, document: String? = nil) -> Decision {
        .refused(rule: rule, message: message, document: document)
    }

    /// True when the rule allowed it.
    public var allowed: Bool { if case .allowed = self { return true } else { return false } }
    /// Stable rule id, e.g. "secrecy.confidential".
    public var rule: String {
        switch self {
        case .allowed(_, let r, _), .refused(let r, _, _): return r
        }
    }
    /// What the rule said, in the archivists' words with an English gloss in brackets.
    public var message: String {
        switch self {
        case .allowed(_, _, let m), .refused(_, let m, _): return m
        }
    }
    /// When the documents are due back, for an allowed loan or renewal; nil otherwise.
    public var due: Date? { if case .allowed(let d, _, _) = self { return d } else { return nil } }
    /// Id of the document a refusal is about; nil when allowed or about the whole request.
    public var document: String? { if case .refused(_, _, let d) = self { return d } else { return nil } }

    /// The same refusal as an error (for paths that throw).
    public var error: ArchiveError? { allowed ? nil : .refused(rule: rule, message: message) }
}

extension Decision: Encodable {
    enum CodingKeys: String, CodingKey { case allowed, rule, message, due, document }
    /// Writes `allowed`, `rule`, `message` and, when present, `due` and `document` (the CLI's `--json`).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(allowed, forKey: .allowed)
        try c.encode(rule, forKey: .rule)
        try c.encode(message, forKey: .message)
        try c.encodeIfPresent(due, forKey: .due)
        try c.encodeIfPresent(document, forKey: .document)
    }
}

/// How an approval was given.
public enum ApprovalMode: String, Codable, Sendable {
    /// The archivist typed the approver's name: it stands for the approver's signature on the
    /// paper form (书面签字), which the archivist keeps.
    case signed
    /// The approver approved from their own login (`dangan approve`).
    case system
    /// How the registers write it: 签字 or 系统批准.
    public var chinese: String { self == .signed ? "签字" : "系统批准" }
}

/// What kind of approval a rule accepts.
public enum ApprovalKind: String, Codable, Sendable, CaseIterable {
    /// A signature on the paper form (the name typed by the archivist) or an approval in the system.
    case any
    /// Only an approval the approver gives from their own login.
    case system
    /// How the rule matrix shows it: 书面签字或系统批准 or 须在系统中批准.
    public var chinese: String { self == .any ? "书面签字或系统批准" : "须在系统中批准" }
}
