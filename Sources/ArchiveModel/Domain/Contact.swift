import Foundation

public struct Contact: Codable, Sendable, Equatable {
    public var name: String
    public var phone: String
    public var relation: String
    public init(name: String, phone: String, relation: String = "") {
        self.name = name
        self.phone = phone
        self.relation = relation
    }
}
