import Foundation

/// An emergency contact of the household (紧急联系人), kept in the envelope.
public struct Contact: Codable, Sendable, Equatable {
    /// The contact's name as written on the authorisation form.
    public var name: String
    /// The contact's phone number; masked in lists and exports unless revealed (and the viewing recorded).
    public var phone: String
    /// How the contact relates to the owner, e.g. 配偶; empty when not given.
    public var relation: String
    /// A contact; `relation` may be empty.
    public init(name: String, phone: String, relation: String = "") {
        self.name = name
        self.phone = phone
        self.relation = relation
    }
}
