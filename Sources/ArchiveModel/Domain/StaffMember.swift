import Foundation

/// A person in the staff list (`Settings.staff`): who they are and what they may do.
public struct StaffMember: Codable, Sendable, Equatable {
    /// The person's name as the registers write it (borrower, approver, archivist); unique in the list.
    public var name: String
    /// What the person may do in dangan.
    public var role: Role
    /// Job title, e.g. 服务中心负责人; the lending rules name approvers by title. Empty when not given.
    public var title: String
    /// The person's department (forms fill it in when the person is named); empty when not given.
    public var department: String
    /// The OS logins this person works from: the operator at the keyboard is the person whose
    /// list holds the login (never a name anyone can type or set). Absent in older archives.
    public var logins: [String]
    /// A staff member; title, department and logins may be left empty.
    public init(name: String, role: Role, title: String = "", department: String = "", logins: [String] = []) {
        self.name = name
        self.role = role
        self.title = title
        self.department = department
        self.logins = logins
    }
    enum CodingKeys: String, CodingKey { case name, role, title, department, logins }
    /// Reads a member, taking absent `title`, `department` and `logins` (older archives) as empty.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        role = try c.decode(Role.self, forKey: .role)
        title = try c.decodeIfPresent(String.self, forKey: .title) ?? ""
        department = try c.decodeIfPresent(String.self, forKey: .department) ?? ""
        logins = try c.decodeIfPresent([String].self, forKey: .logins) ?? []
    }
}
