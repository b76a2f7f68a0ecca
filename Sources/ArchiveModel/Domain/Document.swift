import Foundation

public struct Document: Codable, Sendable, Equatable {
    public var id: String
    /// The catalogue name of the form, e.g. 身份证复印件.
    public var kind: String
    public var title: String
    public var original: Bool
    public var pages: Int
    /// Date on the document, YYYY-MM-DD.
    public var date: String
    public var secrecy: Secrecy
    /// "permanent" or a destroy-after date YYYY-MM-DD.
    public var retention: String
    public var state: StoredState
    public var note: String

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
