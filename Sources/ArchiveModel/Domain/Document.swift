import Foundation

/// One document in an envelope, one line of the envelope file list (档案袋文件清单), stored in its `envelope.json`.
public struct Document: Codable, Sendable, Equatable {
    /// Stable id `d-<envelope's 20 characters>-<8 random>` (see ``DocumentID``): names its envelope, never reused.
    public var id: String
    /// The catalogue name of the form, e.g. 身份证复印件.
    public var kind: String
    /// The line on the file list as the archivist wrote it (at most 200 characters of free text).
    public var title: String
    /// True for an original (原件), false for a copy (复印件); originals are only consulted, never lent out.
    public var original: Bool
    /// Number of pages (0 to 100000) as counted on the file list.
    public var pages: Int
    /// Date on the document, YYYY-MM-DD.
    public var date: String
    /// The document's secrecy level; the kind's `defaultSecrecy` unless the archivist set another.
    public var secrecy: Secrecy
    /// "permanent" or a destroy-after date YYYY-MM-DD.
    public var retention: String
    /// Whether it is still in the envelope, destroyed or transferred; "on loan" comes from the register.
    public var state: StoredState
    /// The archivist's free-text note about the document; empty when none.
    public var note: String

    /// A document; a fresh `doc-…` id unless given (`ArchiveStore.addDocument` gives it a ``DocumentID``).
    public init(
        id: String = RecordID.make("doc"), kind: String, title: String, original: Bool, pages: Int = 1, date: String,
        secrecy: Secrecy = .none, retention: String = "permanent", state: StoredState = .present, note: String = ""
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.original = original
        self.pages = pages
        self.date = date
        self.secrecy = secrecy
        self.retention = retention
        self.state = state
        self.note = note
    }
}
