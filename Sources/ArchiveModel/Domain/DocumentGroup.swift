import Foundation

public enum DocumentGroup: String, Codable, Sendable, CaseIterable {
    case customer, renovation, other, sales
    public var chinese: String {
        switch self {
        case .customer: return "客户专用档案"
        case .renovation: return "客户装修档案"
        case .other: return "其他档案"
        case .sales: return "销售档案"
        }
    }
}
