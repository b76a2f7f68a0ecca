import Foundation

/// The three groups of seed 000 篇3 4.2, plus the sales file filed as a separate sub-volume.
public enum DocumentGroup: String, Codable, Sendable, CaseIterable {
    case customer, renovation, other, sales
    /// The group's Chinese heading on file lists and reports (客户专用档案, 客户装修档案, 其他档案, 销售档案).
    public var chinese: String {
        switch self {
        case .customer: return "客户专用档案"
        case .renovation: return "客户装修档案"
        case .other: return "其他档案"
        case .sales: return "销售档案"
        }
    }
}
