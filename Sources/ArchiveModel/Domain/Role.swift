import Foundation

public enum Role: String, Codable, Sendable, CaseIterable {
    case archivist, approver, staff, sales
    public var chinese: String {
        switch self {
        case .archivist: return "资料管理员"
        case .approver: return "审批人"
        case .staff: return "员工"
        case .sales: return "销售"
        }
    }
}
