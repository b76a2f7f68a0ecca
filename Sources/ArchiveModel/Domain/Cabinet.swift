import Foundation

public struct Cabinet: Codable, Sendable, Equatable {
    public var id: String
    /// Location code: the folder name under cabinets/.
    public var code: String
    public var label: String
    public var room: String
    public var keyHolders: [String]
    public var revision: Revision?
    public init(id: String = RecordID.make("cab"), code: String, label: String, room: String, keyHolders: [String] = [])
    {
        self.id = id
        self.code = code
        self.label = label
        self.room = room
        self.keyHolders = keyHolders
    }
}
