import Foundation

/// The archive's settings, kept in `archive.json`; changed by archivists through the store (journalled).
public struct Settings: Codable, Sendable, Equatable {
    /// Loan periods and opening hours the default lending rules are built from.
    public var loanRules: LoanRules
    /// The people who work with the archive: names, roles, titles and the OS logins they work from.
    public var staff: [StaffMember]
    /// The document kinds the archive files (starts as ``Catalogue/defaults``).
    public var catalogue: [DocumentKind]
    /// No longer used: the operator is the OS login mapped to a person in `staff` (kept so that
    /// older archives' settings read and compare unchanged; never consulted).
    public var `operator`: String
    /// UI language: "auto" (follow the locale), "zh" or "en".
    public var language: String
    /// IANA time zone of the archive (dates in the register are written with their offset).
    public var timeZone: String
    /// The label stock envelope labels are printed on (`LabelStock.named`); nil: 100x50.
    public var labelStock: String? = nil
    /// Years expired material of a kind is kept (document kind → years; see Retention.swift).
    /// nil: the defaults (`Retention.defaultYears`); kinds not listed are kept permanently.
    public var retentionYears: [String: Int]? = nil
    /// The lending rule matrix, read top to bottom (see ``LendingPolicy``); nil: the defaults
    /// built from `loanRules` (archives made before the matrix keep opening unchanged).
    public var lending: [LendingRule]? = nil
    /// How new envelope numbers are made, e.g. `KH-{YYYY}-{NNNNN}` (see ``Numbering``); nil: that one.
    public var numbering: String? = nil
    /// Prefix of the barcodes dangan assigns (followed by 10 digits); nil: `DA`.
    public var barcodePrefix: String? = nil

    /// Settings with the default loan rules and catalogue, no staff, language "auto", time zone Asia/Shanghai.
    public init(
        loanRules: LoanRules = .defaults, staff: [StaffMember] = [], catalogue: [DocumentKind] = Catalogue.defaults,
        operator: String = "", language: String = "auto", timeZone: String = "Asia/Shanghai"
    ) {
        self.loanRules = loanRules
        self.staff = staff
        self.catalogue = catalogue
        self.operator = `operator`
        self.language = language
        self.timeZone = timeZone
    }

    /// The catalogue entry named `name` (a document's `kind`), or nil when the catalogue has none.
    public func kind(named name: String) -> DocumentKind? { catalogue.first { $0.name == name } }
    /// The staff member called exactly `name`, or nil.
    public func staff(named name: String) -> StaffMember? { staff.first { $0.name == name } }
    /// The person who works from `login`, if the staff list maps it.
    public func person(login: String) -> StaffMember? {
        login.isEmpty ? nil : staff.first { $0.logins.contains(login) }
    }
    /// The lending rules in force: the archive's matrix, or the defaults.
    public var lendingRules: [LendingRule] { lending ?? LendingPolicy.defaults(loanRules) }
}
