import Foundation

public struct LoanRules: Codable, Sendable, Equatable {
    /// Hour the archive room closes (in-room reading must be back by then), local time.
    public var closingHour: Int
    public var shortDays: Int
    public var longDays: Int
    /// 秘密 material: at most this many hours, and only with an approver.
    public var confidentialHours: Int
    public var maxRenewals: Int
    /// Title of the person who must approve ID material (服务中心负责人).
    public var idApproverTitle: String

    public static let defaults = LoanRules(
        closingHour: 17, shortDays: 3, longDays: 7, confidentialHours: 4,
        maxRenewals: 1, idApproverTitle: "服务中心负责人")
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
