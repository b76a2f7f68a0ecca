import Foundation

/// Which journal entries a projection file reflects: the entries that last changed the
/// record (`heads`, usually one) and how far each desk's chain had been folded when the file
/// was written (`seen`). dangan compares it with the journal to tell a file that is merely
/// behind (brought up to date) from one changed by hand (reported).
public struct Revision: Codable, Sendable, Equatable {
    /// The entries (`DESK:SEQ`) whose changes the file's content is, usually one; two after concurrent edits.
    public var heads: [String]
    /// Desk id → highest sequence number of that desk's chain folded when the file was written.
    public var seen: [String: Int]
    /// A revision from its heads and the desks' folded sequence numbers.
    public init(heads: [String], seen: [String: Int]) {
        self.heads = heads
        self.seen = seen
    }
}

/// The archive's own file: name, site and settings.
public struct ArchiveInfo: Codable, Sendable, Equatable {
    /// Format 2: the journal of record with a signed chain per desk.
    public static let currentFormat = 2
    /// On-disk format of the archive; an archive of format 1 is migrated to the journal of record.
    public var format: Int
    /// Stable id of the archive (`arc-…`), set once when it is made; each desk's first entry names it.
    public var id: String
    /// The archive's name, shown in titles and reports (and in their place when `site` is empty).
    public var name: String
    /// The site (项目/服务中心) the archive belongs to; empty when not given (reports then use the name).
    public var site: String
    /// The archive's settings: staff, catalogue, lending rules, time zone, label stock, numbering.
    public var settings: Settings
    /// Journal entries this file reflects; nil in archives written before the journal of record.
    public var revision: Revision?
    /// A new archive's file: current format and a fresh `arc-…` id unless given.
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
