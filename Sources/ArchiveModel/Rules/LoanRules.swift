import Foundation

/// Loan periods and limits (`archive.json` `loanRules`); the default lending rule matrix is built from them.
public struct LoanRules: Codable, Sendable, Equatable {
    /// Hour the archive room closes (in-room reading must be back by then), local time.
    public var closingHour: Int
    /// Days a short loan (短期借阅) runs: 3 by default (the regulations' at most 3 days).
    public var shortDays: Int
    /// Days a long loan (长期借阅) runs: 7 by default (the regulations' at most 7 days).
    public var longDays: Int
    /// 秘密 material: at most this many hours, and only with an approver.
    public var confidentialHours: Int
    /// Renewals (续借) a loan may have when its rule row says nothing else: 1 by default.
    public var maxRenewals: Int
    /// Title of the person who must approve ID material (服务中心负责人).
    public var idApproverTitle: String

    /// The regulations' values: closing at 17:00, 3 and 7 days, 4 hours for 秘密, one renewal, 服务中心负责人.
    public static let defaults = LoanRules(
        closingHour: 17, shortDays: 3, longDays: 7, confidentialHours: 4,
        maxRenewals: 1, idApproverTitle: "服务中心负责人")
    /// Loan rules from their values (`archive.json` and tests; no range checks here).
    public init(
        closingHour: Int, shortDays: Int, longDays: Int, confidentialHours: Int, maxRenewals: Int,
        idApproverTitle: String
    ) {
        self.closingHour = closingHour
        self.shortDays = shortDays
        self.longDays = longDays
        self.confidentialHours = confidentialHours
        self.maxRenewals = maxRenewals
        self.idApproverTitle = idApproverTitle
    }
}
