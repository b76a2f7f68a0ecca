import Foundation

/// Which journal entries a projection file reflects: the entries that last changed the
/// record (`heads`, usually one) and how far each desk's chain had been folded when the file
/// was written (`seen`). dangan compares it with the journal to tell a file that is merely
/// behind (brought up to date) from one changed by hand (reported).
public struct Revision: Codable, Sendable, Equatable {
    public var heads: [String]
    public var seen: [String: Int]
    public init(heads: [String], seen: [String: Int]) {
        self.heads = heads
        self.seen = seen
    }
}

/// The archive's own file: name, site and settings.
public struct ArchiveInfo: Codable, Sendable, Equatable {
    /// Format 2: the journal of record with a signed chain per desk.
    public static let currentFormat = 2
    public var format: Int
    public var id: String
    public var name: String
    public var site: String
    public var settings: Settings
    public var revision: Revision?
    public init(
        format: Int = ArchiveInfo.currentFormat, id: String = RecordID.make("arc"), name: String, site: String = "",
        settings: Settings = Settings()
    ) {
        self.format = format
        self.id = id
        self.name = name
        self.site = site
        self.settings = settings
    }
}
