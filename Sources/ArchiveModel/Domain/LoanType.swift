import Foundation

/// Kind of loan the archivist registers; it sets the due time (see `LendingRules.baseDue`).
public enum LoanType: String, Codable, Sendable, CaseIterable {
    case reading
    case sameDay = "same-day"
    case short
    case long
    /// The register's Chinese name of the kind (室内阅览, 当日借阅, 短期借阅, 长期借阅).
    public var chinese: String {
        switch self {
        case .reading: return "室内阅览"
        case .sameDay: return "当日借阅"
        case .short: return "短期借阅"
        case .long: return "长期借阅"
        }
    }
}
