import Foundation

/// One row of the lending rule matrix: which documents and loans it is about, and what it says
/// — allowed or not, approved by whom and how, for how long at most, renewed how often. Rows
/// are read top to bottom; the first row that matches a document and the kind of loan decides
/// for that document (see ``LendingPolicy``).
public struct LendingRule: Codable, Sendable, Equatable {
    /// Stable id, named in every decision, e.g. "secrecy.confidential".
    public var id: String
    // What the row is about; a criterion left out matches anything.
    /// Catalogue kinds, e.g. 身份证复印件.
    public var kinds: [String]?
    /// Identity material (the catalogue marks its kinds).
    public var idMaterial: Bool?
    /// Document groups; nil matches any.
    public var groups: [DocumentGroup]?
    /// Secrecy levels; nil matches any.
    public var secrecy: [Secrecy]?
    /// Originals (true) or copies (false).
    public var original: Bool?
    /// Kinds of loan; nil matches any.
    public var types: [LoanType]?
    /// Titles of the borrower in the staff list (e.g. 总经理).
    public var borrowerTitles: [String]?
    // What it says.
    /// Whether a loan the row matches may be lent at all.
    public var allowed: Bool
    /// Titles of the people who may approve (any one of them); empty: the archivist's consent,
    /// which lending is.
    public var approvers: [String]
    /// How the approval must be given: a signature or one in the system (`any`), or only in the system.
    public var approval: ApprovalKind
    /// The longest loan: `Nh` hours, `Nd` days, `day` (back the same day), `closing` (before the
    /// archive room closes); nil: the loan type's own length.
    public var longest: String?
    /// Renewals allowed (0: none).
    public var renewals: Int
    /// The rule in the archivists' words, and in English.
    public var words: String
    /// The rule in English, for the English halves of messages.
    public var english: String
    /// Where the regulations say it (seed and section).
    public var source: String

    /// A row; criteria left nil match anything, and no approver means the archivist's consent is enough.
    public init(
        id: String, kinds: [String]? = nil, idMaterial: Bool? = nil, groups: [DocumentGroup]? = nil,
        secrecy: [Secrecy]? = nil,
        original: Bool? = nil, types: [LoanType]? = nil, borrowerTitles: [String]? = nil, allowed: Bool,
        approvers: [String] = [],
        approval: ApprovalKind = .any, longest: String? = nil, renewals: Int = 0, words: String, english: String,
        source: String
    ) {
        self.id = id
        self.kinds = kinds
        self.idMaterial = idMaterial
        self.groups = groups
        self.secrecy = secrecy
        self.original = original
        self.types = types
        self.borrowerTitles = borrowerTitles
        self.allowed = allowed
        self.approvers = approvers
        self.approval = approval
        self.longest = longest
        self.renewals = renewals
        self.words = words
        self.english = english
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case id, kinds, idMaterial, groups, secrecy, original, types, borrowerTitles, allowed, approvers, approval,
            longest, renewals
        case words, english, source
    }

    /// Written by hand for `dangan rules --set`: only `id` and `allowed` are required.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        kinds = try c.decodeIfPresent([String].self, forKey: .kinds)
        idMaterial = try c.decodeIfPresent(Bool.self, forKey: .idMaterial)
        groups = try c.decodeIfPresent([DocumentGroup].self, forKey: .groups)
        secrecy = try c.decodeIfPresent([Secrecy].self, forKey: .secrecy)
        original = try c.decodeIfPresent(Bool.self, forKey: .original)
        types = try c.decodeIfPresent([LoanType].self, forKey: .types)
        borrowerTitles = try c.decodeIfPresent([String].self, forKey: .borrowerTitles)
        allowed = try c.decode(Bool.self, forKey: .allowed)
        approvers = try c.decodeIfPresent([String].self, forKey: .approvers) ?? []
        approval = try c.decodeIfPresent(ApprovalKind.self, forKey: .approval) ?? .any
        longest = try c.decodeIfPresent(String.self, forKey: .longest)
        renewals = try c.decodeIfPresent(Int.self, forKey: .renewals) ?? 0
        words = try c.decodeIfPresent(String.self, forKey: .words) ?? ""
        english = try c.decodeIfPresent(String.self, forKey: .english) ?? ""
        source = try c.decodeIfPresent(String.self, forKey: .source) ?? ""
    }

    /// "秘密级档案须经… (confidential: …)".
    public var message: String { english.isEmpty ? words : "\(words) (\(english))" }

    /// Why the row does not apply to this document and loan; nil when it matches.
    public func mismatch(_ d: Document, kind: DocumentKind?, type: LoanType, borrower: StaffMember?) -> String? {
        if let k = kinds, !k.contains(d.kind) { return "文件类别是\(d.kind),不是\(k.joined(separator: "、"))" }
        if let m = idMaterial, (kind?.idMaterial ?? false) != m { return m ? "不是身份资料" : "是身份资料" }
        if let g = groups {
            guard let kg = kind?.group else { return "文件类别\(d.kind)不在目录中" }
            if !g.contains(kg) { return "属\(kg.chinese),不是\(g.map { $0.chinese }.joined(separator: "、"))" }
        }
        if let s = secrecy, !s.contains(d.secrecy) {
            return "密级是\(d.secrecy.chinese),不是\(s.map { $0.chinese }.joined(separator: "、"))"
        }
        if let o = original, d.original != o { return d.original ? "是原件" : "是复印件" }
        if let t = types, !t.contains(type) {
            return "借阅类型是\(type.chinese),不是\(t.map { $0.chinese }.joined(separator: "、"))"
        }
        if let b = borrowerTitles, !b.contains(borrower?.title ?? "") {
            return
                """
                借阅人\(borrower.map { $0.title.isEmpty ? $0.name : $0.title } ?? "不在人员名单中"),不是\
                \(b.joined(separator: "、"))
                """
        }
        return nil
    }

    /// What the row matches, in words ("秘密 · 身份资料 · 当日借阅"); "全部" when it matches everything.
    public var scope: String {
        var p: [String] = []
        if let k = kinds { p.append(k.joined(separator: "/")) }
        if let m = idMaterial { p.append(m ? "身份资料" : "非身份资料") }
        if let g = groups { p.append(g.map { $0.chinese }.joined(separator: "/")) }
        if let s = secrecy { p.append(s.map { $0.chinese }.joined(separator: "/")) }
        if let o = original { p.append(o ? "原件" : "复印件") }
        if let t = types { p.append(t.map { $0.chinese }.joined(separator: "/")) }
        if let b = borrowerTitles { p.append("借阅人: " + b.joined(separator: "/")) }
        return p.isEmpty ? "全部" : p.joined(separator: " · ")
    }

    /// What the row says, in words ("须经服务中心负责人批准(书面签字或系统批准),至多4小时,不可续借").
    public var outcome: String {
        guard allowed else { return "不准借阅" }
        var p: [String] = [
            approvers.isEmpty ? "资料管理员同意即可" : "须经\(approvers.joined(separator: "或"))批准(\(approval.chinese))"
        ]
        if let l = longest.flatMap(LendingLimit.init) { p.append(l.chinese) }
        p.append(renewals > 0 ? "可续借\(renewals)次" : "不可续借")
        return p.joined(separator: ",")
    }
}

/// The longest a loan may run under a rule.
public enum LendingLimit: Equatable, Sendable {
    case hours(Int)
    case days(Int)
    case sameDay, closing

    /// Parses `Nh`, `Nd`, `day` (or `same-day`) and `closing`; nil for anything else or out of range.
    public init?(_ s: String) {
        let t = s.trimmingCharacters(in: .whitespaces).lowercased()
        switch t {
        case "day", "same-day": self = .sameDay
        case "closing": self = .closing
        default:
            guard t.count >= 2, let n = Int(t.dropLast()), (1...366 * 24).contains(n) else { return nil }
            if t.hasSuffix("h") {
                self = .hours(n)
            } else if t.hasSuffix("d"), n <= 366 {
                self = .days(n)
            } else {
                return nil
            }
        }
    }

    /// The limit in the archivists' words (至多4小时, 至多3天, 当天归还, 闭室前归还).
    public var chinese: String {
        switch self {
        case .hours(let h): return "至多\(h)小时"
        case .days(let d): return "至多\(d)天"
        case .sameDay: return "当天归还"
        case .closing: return "闭室前归还"
        }
    }

    /// The latest due time from `now` (nil: the room is closed, nothing can be read today).
    func cap(from now: Date, rules: LoanRules, tf: TimeFormat) -> Date? {
        switch self {
        case .hours(let h): return now.addingTimeInterval(Double(h) * 3600)
        case .days(let d): return now.addingTimeInterval(Double(d) * 86400)
        case .sameDay: return LendingRules.endOfDay(now, tf: tf)
        case .closing: return LendingRules.baseDue(.reading, now: now, rules: rules, tf: tf)
        }
    }
}

/// The lending rules as a matrix in the archive's settings (issue 16; seeds 000, 001, 002, 003).
///
/// Precedence: for each document the rows are read top to bottom and the **first row whose
/// criteria all match** (kind, identity material, group, secrecy, original, loan type, the
/// borrower's title) decides. A loan of several documents is allowed only if every document's
/// row allows it; its due time is the earliest any of them gives; the approver must be one
/// every such row names. `dangan rules` prints the rows in order, `dangan rules explain` says
/// which row decides and why the ones above it do not apply.
public enum LendingPolicy {
    /// The defaults, following the regulations; where they disagree the stricter reading is
    /// taken (docs/usage.md says where).
    public static func defaults(_ r: LoanRules = .defaults) -> [LendingRule] {
        let head = r.idApproverTitle
        let h = r.confidentialHours
        return [
            LendingRule(
                id: "secrecy.top-secret", secrecy: [.topSecret], allowed: false,
                words: "绝密级档案禁止调阅", english: "top secret: never lent or read", source: "002 七.3"),
            LendingRule(
                id: "secrecy.secret.reading", secrecy: [.secret], types: [.reading], allowed: true, approvers: [head],
                longest: "closing", words: "机密级档案只能在档案室阅览,须经\(head)批准",
                english: "secret: read in the archive room only, with the approval of the \(head)",
                source: "002 七.3; 000 篇3 4.3.1"),
            LendingRule(
                id: "secrecy.secret", secrecy: [.secret], allowed: false,
                words: "机密级档案只能在档案室阅览,不准外借", english: "secret: read in the archive room only", source: "002 七.3"),
            LendingRule(
                id: "original.in-room", original: true, types: [.sameDay, .short, .long], allowed: false,
                words: "原件只供查阅,不外借;外借请用复印件", english: "originals are consulted in the room, copies go out",
                source: "000 篇4 5 (stricter than 001 篇1 3)"),
            LendingRule(
                id: "id.same-day", idMaterial: true, types: [.reading, .sameDay], allowed: true, approvers: [head],
                longest: "\(h)h", words: "身份资料须经\(head)书面同意并签字确认,当天归还,且不超过\(h)小时",
                english: "ID material: the \(head)'s written approval, back the same day within \(h) hours",
                source: "000 篇3 4.3.1–4.3.2; 002 七.3"),
            LendingRule(
                id: "id.overnight", idMaterial: true, allowed: false,
                words: "身份资料当天必须归还,请选室内阅览或当日借阅", english: "ID material must be back the same day",
                source: "000 篇3 4.3.2"),
            LendingRule(
                id: "secrecy.confidential", secrecy: [.confidential], allowed: true, approvers: ["总经理", "副总经理"],
                approval: .system, longest: "\(h)h",
                words: "秘密级档案须经总经理或分管副总经理批准,借阅时间不得超过\(h)小时",
                english: "confidential: approved by the general manager or a deputy, at most \(h) hours",
                source: "002 七.3"),
            LendingRule(
                id: "group.other", groups: [.other], allowed: true, renewals: r.maxRenewals,
                words: "其他档案经文档管理员同意并登记即可借阅", english: "other files: the archivist's consent and a register entry",
                source: "000 篇3 4.3.3; 003 第6篇 4.6.4"),
            LendingRule(
                id: "group.sales", groups: [.sales], allowed: true, approvers: ["营销部经理"], renewals: r.maxRenewals,
                words: "销售客户资料属个人隐私资料,须经营销部经理批准", english: "sales files: the sales manager's approval",
                source: "002 客户档案管理 9"),
            LendingRule(
                id: "group.customer", groups: [.customer, .renovation], allowed: true, approvers: [head],
                renewals: r.maxRenewals,
                words: "客户档案属保密级文件,未经\(head)批准不得翻阅、复印或带离办公室",
                english: "customer files are confidential: the \(head)'s approval for reading, copying or taking out",
                source: "000 篇3 4.3.1; 003 第6篇 4.4"),
            LendingRule(
                id: "default", allowed: true, approvers: [head],
                words: "未列明的档案按客户档案办理,须经\(head)批准",
                english: "anything else: as customer files, with the \(head)'s approval",
                source: "000 篇3 4.3.1"),
        ]
    }

    /// The row that decides for a document and a kind of loan, with its position, and why each
    /// row above it does not apply.
    public static func deciding(_ d: Document, type: LoanType, borrower: StaffMember?, settings: Settings)
        -> (index: Int, rule: LendingRule, skipped: [(LendingRule, String)])?
    {
        let kind = settings.kind(named: d.kind)
        var skipped: [(LendingRule, String)] = []
        for (i, r) in settings.lendingRules.enumerated() {
            if let why = r.mismatch(d, kind: kind, type: type, borrower: borrower) {
                skipped.append((r, why))
                continue
            }
            return (i, r, skipped)
        }
        return nil
    }

    /// Checks a matrix before it is saved: ids unique and well formed, limits readable, kinds
    /// in the catalogue, something to say.
    public static func validate(_ rows: [LendingRule], settings: Settings) throws {
        guard !rows.isEmpty, rows.count <= 200 else {
            throw ArchiveError.invalidField(field: "rules", reason: "must hold 1 to 200 rows")
        }
        var ids = Set<String>()
        for r in rows {
            guard !r.id.isEmpty, r.id.count <= 60,
                r.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) })
            else {
                throw ArchiveError.invalidField(
                    field: "rule id", reason: "\(Sanitize.visible(r.id)) must be 1–60 letters, digits, '-', '.' or '_'")
            }
            guard ids.insert(r.id).inserted else {
                throw ArchiveError.invalidField(field: "rule id", reason: "\(r.id) appears twice")
            }
            if let l = r.longest, LendingLimit(l) == nil {
                throw ArchiveError.invalidField(
                    field: "rule \(r.id) longest", reason: "\(Sanitize.visible(l)) is not Nh, Nd, day or closing")
            }
            for k in r.kinds ?? [] where settings.kind(named: k) == nil {
                throw ArchiveError.invalidField(
                    field: "rule \(r.id) kinds", reason: "\(Sanitize.visible(k)) is not in the catalogue")
            }
            guard (0...20).contains(r.renewals) else {
                throw ArchiveError.invalidField(field: "rule \(r.id) renewals", reason: "must be 0 to 20")
            }
            _ = try Validate.text(r.words, field: "rule \(r.id) words", max: 300, required: true)
            _ = try Validate.text(r.english, field: "rule \(r.id) english", max: 300)
            _ = try Validate.text(r.source, field: "rule \(r.id) source", max: 200)
            for t in r.approvers + (r.borrowerTitles ?? []) {
                _ = try Validate.text(t, field: "rule \(r.id) title", max: 100, required: true)
            }
        }
    }
}
