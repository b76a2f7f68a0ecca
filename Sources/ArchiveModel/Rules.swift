import Foundation

/// A request to lend documents, as the archivist fills the checkout form.
public struct LoanRequest: Sendable {
    public var documents: [String]
    public var borrower: String
    public var department: String
    public var purpose: String
    public var approver: String?
    public var type: LoanType
    public init(documents: [String], borrower: String, department: String = "", purpose: String, approver: String? = nil, type: LoanType = .short) {
        self.documents = documents; self.borrower = borrower; self.department = department; self.purpose = purpose
        self.approver = approver; self.type = type
    }
}

/// The outcome of the lending rules: allowed or refused, always naming the rule that decided.
public struct Decision: Sendable, Equatable, Codable {
    public var allowed: Bool
    /// Stable rule id, e.g. "secrecy.secret".
    public var rule: String
    /// The rule in the archivists' words, with the English gloss.
    public var message: String
    public var due: Date?
    /// The document the refusal is about, when there is one.
    public var document: String?
    /// The form must name an approver (confidential or ID material).
    public var approverRequired: Bool

    /// Allowed, with no due date (the paperwork workflows).
    public static func allow(_ rule: String, _ message: String, approverRequired: Bool = false) -> Decision {
        Decision(allowed: true, rule: rule, message: message, due: nil, document: nil, approverRequired: approverRequired)
    }

    public static func refuse(_ rule: String, _ message: String, document: String? = nil, approverRequired: Bool = false) -> Decision {
        Decision(allowed: false, rule: rule, message: message, due: nil, document: document, approverRequired: approverRequired)
    }
}

/// Checks every workflow shares: lending, copying, destruction and transfer.
public enum SharedRules {
    /// The named approver must be in the staff list with the approver role.
    public static func approver(_ name: String?, settings: Settings, required: Bool, what: String) -> (StaffMember?, Decision?) {
        let a = (name ?? "").trimmingCharacters(in: .whitespaces)
        if a.isEmpty {
            return required ? (nil, .refuse("approver.required", "\(what)须经审批人批准 (an approver must approve this)", approverRequired: true)) : (nil, nil)
        }
        guard let s = settings.staff(named: a) else {
            return (nil, .refuse("approver.unknown", "审批人\(a)不在人员名单中 (the approver is not in the staff list)"))
        }
        guard s.role == .approver else {
            return (nil, .refuse("approver.role", "\(a)无审批权限,只有审批人可以批准 (only a person with the approver role can approve; \(a) is \(s.role.rawValue))"))
        }
        return (s, nil)
    }

    /// The document is in its envelope and free: not destroyed, transferred, lent or out for a copy.
    static func available(_ d: Document, register: Register, tf: TimeFormat) -> Decision? {
        // A conflict between desks first: what the register says of the document is in question.
        if let x = register.dispute(document: d.id, envelope: DocumentID.envelope(of: d.id)) {
            return .refuse("dispute.open", "该文件或其档案袋存在工作站之间的冲突 \(x.id),须先处理 (a conflict between desks is waiting for a decision: dangan conflicts)", document: d.id)
        }
        switch d.state {
        case .destroyed: return .refuse("state.destroyed", "文件已销毁 (the document was destroyed)", document: d.id)
        case .transferred: return .refuse("state.transferred", "文件已移交 (the document was transferred)", document: d.id)
        case .present: break
        }
        if let open = register.openLoan(of: d.id) {
            return .refuse("loan.already-out", "文件已借出,借阅人\(open.loan.borrower),应还\(tf.minute(open.due)) (already on loan; a document on loan cannot be lent again)", document: d.id)
        }
        if let c = register.copying(d.id) {
            return .refuse("copy.in-progress", "原件正在影印(\(c.requester)),尚未归还 (the original is out for a photocopy)", document: d.id)
        }
        return nil
    }
}

/// The lending rules of BRIEF.md (seed 000 篇3 4.3, seed 002 七), configurable per archive.
public enum LendingRules {
    /// The due time for a loan of `type` starting at `now`, before per-document caps.
    public static func baseDue(_ type: LoanType, now: Date, rules: LoanRules, tf: TimeFormat) -> Date? {
        var p = tf.parts(now)
        switch type {
        case .reading:
            if p.hour >= rules.closingHour { return nil }
            p.hour = rules.closingHour; p.minute = 0; p.second = 0
            return tf.date(p)
        case .sameDay:
            p.hour = 23; p.minute = 59; p.second = 59
            return tf.date(p)
        case .short: return now.addingTimeInterval(Double(rules.shortDays) * 86400)
        case .long: return now.addingTimeInterval(Double(rules.longDays) * 86400)
        }
    }

    static func endOfDay(_ now: Date, tf: TimeFormat) -> Date {
        var p = tf.parts(now); p.hour = 23; p.minute = 59; p.second = 59
        return tf.date(p)
    }

    /// Decides a loan of `documents` (with their envelope) under the archive's settings.
    public static func decide(documents: [Document], request: LoanRequest, settings: Settings, register: Register,
                              now: Date, tf: TimeFormat) -> Decision {
        let rules = settings.loanRules
        if request.borrower.trimmingCharacters(in: .whitespaces).isEmpty {
            return .refuse("form.borrower", "须填写借阅人 (the borrower must be named)")
        }
        if request.purpose.trimmingCharacters(in: .whitespaces).isEmpty {
            return .refuse("form.purpose", "须填写借阅用途 (the purpose must be given)")
        }
        if documents.isEmpty { return .refuse("form.documents", "未选择文件 (no document selected)") }
        let (approver, refusal) = SharedRules.approver(request.approver, settings: settings, required: false, what: "借阅")
        if let refusal { return refusal }
        guard var due = baseDue(request.type, now: now, rules: rules, tf: tf) else {
            return .refuse("reading.closed", "档案室已于\(rules.closingHour):00关闭,不能室内阅览 (the archive room closes at \(rules.closingHour):00)")
        }
        var rule = "loan.\(request.type.rawValue)"
        var message: String
        switch request.type {
        case .reading: message = "室内阅览,闭室前归还 (in-room reading, back by closing)"
        case .sameDay: message = "当日借阅,当天归还 (same-day loan)"
        case .short: message = "短期借阅不超过\(rules.shortDays)天 (short loan, at most \(rules.shortDays) days)"
        case .long: message = "长期借阅不超过\(rules.longDays)天 (long loan, at most \(rules.longDays) days)"
        }
        var needsApprover = false
        var seen = Set<String>()
        for d in documents {
            guard seen.insert(d.id).inserted else { return .refuse("form.documents", "同一文件选了两次 (a document is listed twice)", document: d.id) }
            if let r = SharedRules.available(d, register: register, tf: tf) { return r }
            let kind = settings.kind(named: d.kind)
            switch d.secrecy {
            case .topSecret:
                return .refuse("secrecy.top-secret", "绝密级档案禁止调阅 (top secret: never lent or read)", document: d.id)
            case .secret where request.type != .reading:
                return .refuse("secrecy.secret", "机密级档案只能在档案室阅览,不准外借 (secret: read in the archive room only)", document: d.id)
            default: break
            }
            if d.original && request.type != .reading {
                return .refuse("original.in-room", "原件只供查阅,不外借;外借请用复印件 (originals are consulted in the room, copies go out)", document: d.id)
            }
            if kind?.idMaterial == true {
                needsApprover = true
                guard let a = approver else {
                    return .refuse("id.approval", "身份资料须经\(rules.idApproverTitle)书面批准 (ID material needs the service-centre head's approval)", document: d.id, approverRequired: true)
                }
                guard a.title == rules.idApproverTitle else {
                    return .refuse("id.approval", "身份资料须经\(rules.idApproverTitle)批准,\(a.name)是\(a.title.isEmpty ? a.role.chinese : a.title) (ID material needs the \(rules.idApproverTitle))", document: d.id, approverRequired: true)
                }
                if request.type == .short || request.type == .long {
                    return .refuse("id.same-day", "身份资料当天必须归还,请选室内阅览或当日借阅 (ID material must be back the same day)", document: d.id, approverRequired: true)
                }
                due = min(due, endOfDay(now, tf: tf))
                rule = "id.same-day"; message = "身份资料经\(a.name)批准,当天归还 (ID material, approved, back the same day)"
            }
            if d.secrecy == .confidential {
                needsApprover = true
                guard approver != nil else {
                    return .refuse("secrecy.confidential", "秘密级档案须经审批方可借阅 (confidential: only with an approver)", document: d.id, approverRequired: true)
                }
                let cap = now.addingTimeInterval(Double(rules.confidentialHours) * 3600)
                if cap < due { due = cap; rule = "secrecy.confidential"; message = "秘密级档案借阅时间不得超过\(rules.confidentialHours)小时 (confidential: at most \(rules.confidentialHours) hours)" }
            }
        }
        return Decision(allowed: true, rule: rule, message: message, due: due, document: nil, approverRequired: needsApprover)
    }

    /// Decides a renewal (续借): before the due date, within the renewal limit, for loans of days.
    public static func decideRenewal(_ rec: LoanRecord, settings: Settings, now: Date) -> Decision {
        let rules = settings.loanRules
        guard rec.isOpen else { return .refuse("renew.returned", "已归还,无需续借 (already returned)") }
        guard now <= rec.due else { return .refuse("renew.overdue", "已逾期,须在到期前办理续借 (renewal must be arranged before the due date)") }
        guard rec.loan.type == .short || rec.loan.type == .long else {
            return .refuse("renew.type", "\(rec.loan.type.chinese)不能续借 (only short and long loans are renewed)")
        }
        guard rec.renewals.count < rules.maxRenewals else {
            return .refuse("renew.limit", "续借次数已达上限\(rules.maxRenewals)次 (renewal limit reached)")
        }
        let days = rec.loan.type == .short ? rules.shortDays : rules.longDays
        return Decision(allowed: true, rule: "renew.\(rec.loan.type.rawValue)", message: "续借\(days)天 (renewed for \(days) days)",
                        due: rec.due.addingTimeInterval(Double(days) * 86400), document: nil, approverRequired: false)
    }
}
