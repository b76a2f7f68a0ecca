import Foundation

/// What a staff member may do in dangan (`ArchiveStore.may`): archivists work, approvers approve, sales see little.
public enum Role: String, Codable, Sendable, CaseIterable {
    case archivist, approver, staff, sales
    /// The role's Chinese name as shown in the staff list and the registers (资料管理员, 审批人, 员工, 销售).
    public var chinese: String {
        switch self {
        case .archivist: return "资料管理员"
        case .approver: return "审批人"
        case .staff: return "员工"
        case .sales: return "销售"
        }
    }
}
