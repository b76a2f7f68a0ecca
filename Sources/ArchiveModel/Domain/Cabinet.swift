import Foundation

/// A locked cabinet (档案柜) the envelopes stand in, stored as `cabinets/<code>/cabinet.json`.
public struct Cabinet: Codable, Sendable, Equatable {
    /// Stable id of the cabinet (`cab-…`), never reused.
    public var id: String
    /// Location code: the folder name under cabinets/.
    public var code: String
    /// The cabinet's human label (Chinese), shown on the cabinet file list; never used in paths.
    public var label: String
    /// The room the cabinet stands in, e.g. 物业服务中心档案室.
    public var room: String
    /// Who holds its keys (names; the spare's holder as `NAME(备用钥匙)`); changed only by the key register.
    public var keyHolders: [String]
    /// Journal entries this file reflects; nil in archives written before the journal of record.
    public var revision: Revision?
    /// A cabinet; a fresh `cab-…` id unless given. `code` must be a valid ``LocationCode``.
    public init(id: String = RecordID.make("cab"), code: String, label: String, room: String, keyHolders: [String] = [])
    {
        self.id = id
        self.code = code
        self.label = label
        self.room = room
        self.keyHolders = keyHolders
    }
}
