import Foundation

// MARK: - Enumerations

/// Secrecy levels of the company rules (seed 002): 绝密 never accessed, 机密 read in the
/// archive room only, 秘密 lent with approval for at most 4 hours.
public enum Secrecy: String, Codable, Sendable, CaseIterable, Comparable {
    case none
    case confidential   // 秘密
    case secret         // 机密
    case topSecret = "top-secret" // 绝密

    public var chinese: String {
        switch self {
        case .none: return "普通"
        case .confidential: return "秘密"
        case .secret: return "机密"
        case .topSecret: return "绝密"
        }
    }
    public var english: String {
        switch self {
        case .none: return "none"
        case .confidential: return "confidential"
        case .secret: return "secret"
        case .topSecret: return "top secret"
        }
    }
    var rank: Int { Secrecy.allCases.firstIndex(of: self)! }
    public static func < (a: Secrecy, b: Secrecy) -> Bool { a.rank < b.rank }

    /// Accepts the JSON names and the Chinese names.
    public init?(parse s: String) {
        switch s {
        case "none", "普通", "": self = .none
        case "confidential", "秘密": self = .confidential
        case "secret", "机密": self = .secret
        case "top-secret", "绝密": self = .topSecret
        default: return nil
        }
    }
}

/// Where a document physically is, as stored in its envelope file. "On loan" is not
/// stored here: it follows from the borrowing register (the single source of truth).
public enum StoredState: String, Codable, Sendable {
    case present = "in"
    case destroyed
    case transferred
}

/// The state shown to people: the stored state overlaid with the register.
public enum DocumentState: String, Codable, Sendable {
    case present = "in"
    case onLoan = "on-loan"
    /// The original is out for photocopying (影印中).
    case copying
    case destroyed
    case transferred

    public var chinese: String {
        switch self {
        case .present: return "在袋"
        case .onLoan: return "借出"
        case .copying: return "影印中"
        case .destroyed: return "已销毁"
        case .transferred: return "已移交"
        }
    }
}

public enum EnvelopeStatus: String, Codable, Sendable {
    case active
    case closed
    /// Handed over to another department or company (移交); kept in the record.
    case transferred
    public var chinese: String {
        switch self {
        case .active: return "在用"
        case .closed: return "已结档"
        case .transferred: return "已移交"
        }
    }
}

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

public enum LoanType: String, Codable, Sendable, CaseIterable {
    case reading
    case sameDay = "same-day"
    case short
    case long
    public var chinese: String {
        switch self {
        case .reading: return "室内阅览"
        case .sameDay: return "当日借阅"
        case .short: return "短期借阅"
        case .long: return "长期借阅"
        }
    }
}

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

// MARK: - Settings

public struct StaffMember: Codable, Sendable, Equatable {
    public var name: String
    public var role: Role
    public var title: String
    public var department: String
    public init(name: String, role: Role, title: String = "", department: String = "") {
        self.name = name; self.role = role; self.title = title; self.department = department
    }
}

/// One kind of document in the catalogue (BRIEF.md, seed 000 篇3 4.2).
public struct DocumentKind: Codable, Sendable, Equatable {
    /// The form's Chinese name, e.g. 身份证复印件; unique in the catalogue.
    public var name: String
    public var group: DocumentGroup
    /// Part of the checklist every envelope is checked against.
    public var required: Bool
    /// Identity material: approval by the service-centre head, back the same day.
    public var idMaterial: Bool
    public var defaultSecrecy: Secrecy
    /// Expired material of this kind may be destroyed (with approval).
    public var destroyable: Bool
    public init(name: String, group: DocumentGroup, required: Bool = false, idMaterial: Bool = false,
                defaultSecrecy: Secrecy = .none, destroyable: Bool = false) {
        self.name = name; self.group = group; self.required = required; self.idMaterial = idMaterial
        self.defaultSecrecy = defaultSecrecy; self.destroyable = destroyable
    }
}

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

    public static let defaults = LoanRules(closingHour: 17, shortDays: 3, longDays: 7, confidentialHours: 4,
                                           maxRenewals: 1, idApproverTitle: "服务中心负责人")
    public init(closingHour: Int, shortDays: Int, longDays: Int, confidentialHours: Int, maxRenewals: Int, idApproverTitle: String) {
        self.closingHour = closingHour; self.shortDays = shortDays; self.longDays = longDays
        self.confidentialHours = confidentialHours; self.maxRenewals = maxRenewals; self.idApproverTitle = idApproverTitle
    }
}

public struct Settings: Codable, Sendable, Equatable {
    public var loanRules: LoanRules
    public var staff: [StaffMember]
    public var catalogue: [DocumentKind]
    /// Operator named in the settings; empty means the OS user.
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

    public init(loanRules: LoanRules = .defaults, staff: [StaffMember] = [], catalogue: [DocumentKind] = Catalogue.defaults,
                operator: String = "", language: String = "auto", timeZone: String = "Asia/Shanghai") {
        self.loanRules = loanRules; self.staff = staff; self.catalogue = catalogue
        self.operator = `operator`; self.language = language; self.timeZone = timeZone
    }

    public func kind(named name: String) -> DocumentKind? { catalogue.first { $0.name == name } }
    public func staff(named name: String) -> StaffMember? { staff.first { $0.name == name } }
}

/// Which journal entries a projection file reflects: the entries that last changed the
/// record (`heads`, usually one) and how far each desk's chain had been folded when the file
/// was written (`seen`). dangan compares it with the journal to tell a file that is merely
/// behind (brought up to date) from one changed by hand (reported).
public struct Revision: Codable, Sendable, Equatable {
    public var heads: [String]
    public var seen: [String: Int]
    public init(heads: [String], seen: [String: Int]) { self.heads = heads; self.seen = seen }
}

/// The archive's own file: name, site and settings.
public struct ArchiveInfo: Codable, Sendable, Equatable {
    /// Format 2: the journal of record with a signed chain per desk.
    public static let currentFormat = 2
    public var format: Int
    public var id: String
    public var name: String
    public var site: String
    public var settings: Settings
    public var revision: Revision?
    public init(format: Int = ArchiveInfo.currentFormat, id: String = RecordID.make("arc"), name: String, site: String = "", settings: Settings = Settings()) {
        self.format = format; self.id = id; self.name = name; self.site = site; self.settings = settings
    }
}

// MARK: - Cabinet, envelope, document

public struct Cabinet: Codable, Sendable, Equatable {
    public var id: String
    /// Location code: the folder name under cabinets/.
    public var code: String
    public var label: String
    public var room: String
    public var keyHolders: [String]
    public var revision: Revision?
    public init(id: String = RecordID.make("cab"), code: String, label: String, room: String, keyHolders: [String] = []) {
        self.id = id; self.code = code; self.label = label; self.room = room; self.keyHolders = keyHolders
    }
}

public struct Contact: Codable, Sendable, Equatable {
    public var name: String
    public var phone: String
    public var relation: String
    public init(name: String, phone: String, relation: String = "") { self.name = name; self.phone = phone; self.relation = relation }
}

public struct Document: Codable, Sendable, Equatable {
    public var id: String
    /// The catalogue name of the form, e.g. 身份证复印件.
    public var kind: String
    public var title: String
    public var original: Bool
    public var pages: Int
    /// Date on the document, YYYY-MM-DD.
    public var date: String
    public var secrecy: Secrecy
    /// "permanent" or a destroy-after date YYYY-MM-DD.
    public var retention: String
    public var state: StoredState
    public var note: String

    public init(id: String = RecordID.make("doc"), kind: String, title: String, original: Bool, pages: Int = 1, date: String,
                secrecy: Secrecy = .none, retention: String = "permanent", state: StoredState = .present, note: String = "") {
        self.id = id; self.kind = kind; self.title = title; self.original = original; self.pages = pages; self.date = date
        self.secrecy = secrecy; self.retention = retention; self.state = state; self.note = note
    }
}

/// One envelope (档案袋) per household: its cover, its people and its file list.
public struct Envelope: Codable, Sendable, Equatable {
    public var id: String
    /// Envelope number written on the cover.
    public var number: String
    public var barcode: String
    public var cabinet: String
    public var building: String
    public var floor: String
    public var unit: String
    public var owner: String
    public var coOwners: [String]
    public var tenants: [String]
    public var phones: [String]
    public var idNumber: String
    /// The document `idNumber` belongs to; nil means a resident ID (see `identityType`).
    public var idType: IDType? = nil
    public var emergencyContact: Contact?
    /// YYYY-MM-DD
    public var moveIn: String
    // Customer details (CustomerDetails.swift; absent in older files): the property's category,
    // vehicle plates and parking spaces (kept current, seed 000 篇3 4.3.6), and the move-out
    // with the forwarding contact the customer left.
    public var category: PropertyCategory? = nil
    public var plates: [String]? = nil
    public var parkingSpaces: [String]? = nil
    public var moveOut: MoveOut? = nil
    public var status: EnvelopeStatus
    /// Change of ownership: the envelope this one follows / is followed by.
    public var previousEnvelope: String?
    public var nextEnvelope: String?
    public var note: String
    public var documents: [Document]
    /// Which journal entries the file reflects (written by dangan; see ``Revision``).
    public var revision: Revision?

    public init(id: String = RecordID.make("env"), number: String, barcode: String, cabinet: String, building: String, floor: String,
                unit: String, owner: String, coOwners: [String] = [], tenants: [String] = [], phones: [String] = [], idNumber: String = "",
                emergencyContact: Contact? = nil, moveIn: String = "", status: EnvelopeStatus = .active, previousEnvelope: String? = nil,
                nextEnvelope: String? = nil, note: String = "", documents: [Document] = []) {
        self.id = id; self.number = number; self.barcode = barcode; self.cabinet = cabinet; self.building = building
        self.floor = floor; self.unit = unit; self.owner = owner; self.coOwners = coOwners; self.tenants = tenants
        self.phones = phones; self.idNumber = idNumber; self.emergencyContact = emergencyContact; self.moveIn = moveIn
        self.status = status; self.previousEnvelope = previousEnvelope; self.nextEnvelope = nextEnvelope; self.note = note
        self.documents = documents
    }

    public var location: Location { Location(cabinet: cabinet, building: building, floor: floor, unit: unit) }
    /// Room code as archivists say it: building-unit, e.g. 3-1201.
    public var roomCode: String { "\(building)-\(unit)" }
}

/// A place in the cabinets. Each part is a validated location code.
public struct Location: Codable, Sendable, Hashable {
    public var cabinet: String
    public var building: String
    public var floor: String
    public var unit: String
    public init(cabinet: String, building: String, floor: String, unit: String) {
        self.cabinet = cabinet; self.building = building; self.floor = floor; self.unit = unit
    }
    public var chinese: String { "\(cabinet)柜 → \(building)栋 → \(floor)层 → \(unit)" }
}

// MARK: - Register

public struct Loan: Codable, Sendable, Equatable {
    public var id: String
    public var envelope: String
    /// Documents lent; empty with wholeEnvelope = true when the whole envelope went out.
    public var documents: [String]
    public var wholeEnvelope: Bool
    public var borrower: String
    public var department: String
    public var purpose: String
    public var approver: String?
    public var approverRole: Role?
    public var type: LoanType
    public var out: Date
    public var due: Date
    /// Archivist on duty who lent it.
    public var archivist: String
    /// The rule that allowed the loan.
    public var rule: String

    public init(id: String = RecordID.make("loan"), envelope: String, documents: [String], wholeEnvelope: Bool = false, borrower: String,
                department: String, purpose: String, approver: String?, approverRole: Role?, type: LoanType, out: Date, due: Date,
                archivist: String, rule: String) {
        self.id = id; self.envelope = envelope; self.documents = documents; self.wholeEnvelope = wholeEnvelope
        self.borrower = borrower; self.department = department; self.purpose = purpose; self.approver = approver
        self.approverRole = approverRole; self.type = type; self.out = out; self.due = due; self.archivist = archivist; self.rule = rule
    }
}

public struct LoanReturn: Codable, Sendable, Equatable {
    public var loan: String
    public var documents: [String]
    public var at: Date
    public var complete: Bool
    public var note: String
    public var archivist: String
    public init(loan: String, documents: [String], at: Date, complete: Bool, note: String, archivist: String) {
        self.loan = loan; self.documents = documents; self.at = at; self.complete = complete; self.note = note; self.archivist = archivist
    }
}

public struct Renewal: Codable, Sendable, Equatable {
    public var loan: String
    public var at: Date
    public var newDue: Date
    public var archivist: String
    public init(loan: String, at: Date, newDue: Date, archivist: String) {
        self.loan = loan; self.at = at; self.newDue = newDue; self.archivist = archivist
    }
}

/// A loan with what happened to it since, folded from the journal.
public struct LoanRecord: Sendable, Equatable, Codable {
    public var loan: Loan
    public var due: Date
    public var renewals: [Renewal]
    public var returns: [LoanReturn]
    /// The journal entry that lent it (`DESK:SEQ`; empty for loans of the first format).
    public var entry: String
    /// Set when a person decided, resolving a conflict between desks, that this loan never
    /// happened: why, and the entry that said so. A voided loan holds nothing.
    public var voided: String?
    public init(loan: Loan, entry: String = "") {
        self.loan = loan; self.due = loan.due; renewals = []; returns = []; self.entry = entry; voided = nil
    }

    public var returnedDocuments: Set<String> { Set(returns.flatMap { $0.documents }) }
    public var outstandingDocuments: [String] {
        if voided != nil { return [] }
        let r = returnedDocuments
        return loan.documents.filter { !r.contains($0) }
    }
    public var isOpen: Bool { !outstandingDocuments.isEmpty }
    public var returnedAt: Date? { isOpen || voided != nil ? nil : returns.last?.at }
    public func isOverdue(at now: Date) -> Bool { isOpen && now > due }
    /// Whole days past the due time (0 when not overdue).
    public func daysOverdue(at now: Date) -> Int { isOverdue(at: now) ? Int(now.timeIntervalSince(due) / 86400) + 1 : 0 }
}
