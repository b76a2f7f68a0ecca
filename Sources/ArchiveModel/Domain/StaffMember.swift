import Foundation

public struct StaffMember: Codable, Sendable, Equatable {
    public var name: String
    public var role: Role
    public var title: String
    public var department: String
    /// The OS logins this person works from: the operator at the keyboard is the person whose
    /// list holds the login (never a name anyone can type or set). Absent in older archives.
    public var logins: [String]
    public init(name: String, role: Role, title: String = "", department: String = "", logins: [String] = []) {
        self.name = name
        self.role = role
        self.title = title
        self.department = department
        self.logins = logins
    }
    enum CodingKeys: String, CodingKey { case name, role, title, department, logins }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        role = try c.decode(Role.self, forKey: .role)
        title = try c.decodeIfPresent(String.self, forKey: .title) ?? ""
        department = try c.decodeIfPresent(String.self, forKey: .department) ?? ""
        logins = try c.decodeIfPresent([String].self, forKey: .logins) ?? []
    }
}
