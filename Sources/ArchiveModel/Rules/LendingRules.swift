import Foundation

/// Deciding a loan and a renewal under the archive's rule matrix (``LendingPolicy``).
public enum LendingRules {
    /// The due time for a loan of `type` starting at `now`, before the rule's longest.
    public static func baseDue(_ type: LoanType, now: Date, rules: LoanRules, tf: TimeFormat) -> Date? {
        var p = tf.parts(now)
        switch type {
        case .reading:
            if p.hour >= rules.closingHour { return nil }
            p.hour = rules.closingHour
            p.minute = 0
            p.second = 0
            return tf.date(p)
        case .sameDay:
            return endOfDay(now, tf: tf)
        case .short: return now.addingTimeInterval(Double(rules.shortDays) * 86400)
        case .long: return now.addingTimeInterval(Double(rules.longDays) * 86400)
        }
    }

    static func endOfDay(_ now: Date, tf: TimeFormat) -> Date {
        var p = tf.parts(now)
        p.hour = 23
        p.minute = 59
        p.second = 59
        return tf.date(p)
    }

    /// Everything the rules found about a loan: the decision, the row deciding each document,
    /// who may approve, and the approval that was found (a typed name or one in the system).
    public struct Verdict: Sendable {
        /// Allowed (with the due time) or refused, naming the deciding rule.
        public var decision: Decision
        /// Document id → the row deciding it.
        public var rules: [String: LendingRule] = [:]
        /// Titles of the people who may approve (every row asking for approval names them); empty
        /// when no row asks for one.
        public var approvers: [String] = []
        /// What kind of approval the deciding rows accept (a signature or only one in the system).
        public var kind: ApprovalKind = .any
        /// The staff member whose approval was found; nil when none is needed or none was found.
        public var approver: StaffMember? = nil
        /// How that approval was given; nil without one.
        public var mode: ApprovalMode? = nil
        /// The approval given in the system that the loan uses.
        public var request: ApprovalRecord? = nil
        /// True when some row asks for an approval.
        public var needsApproval: Bool { !approvers.isEmpty }
    }

    /// Decides a loan of `documents` (all of one envelope) under the archive's settings.
    public static func decide(
        documents: [Document], request: LoanRequest, settings: Settings, register: Register,
        now: Date, tf: TimeFormat
    ) -> Decision {
        evaluate(documents: documents, request: request, settings: settings, register: register, now: now, tf: tf)
            .decision
    }

    /// Decides a loan of `documents` (all of one envelope) under the settings, with what it found on the way.
    /// `ignoringApproval` judges everything but the approval (for registering an approval request).
    public static func evaluate(
        documents: [Document], request: LoanRequest, settings: Settings, register: Register,
        now: Date, tf: TimeFormat, ignoringApproval: Bool = false
    ) -> Verdict {
        func no(_ rule: String, _ message: String, _ doc: String? = nil) -> Verdict {
            Verdict(decision: .refuse(rule, message, document: doc))
        }
        let borrower = request.borrower.trimmingCharacters(in: .whitespaces)
        if borrower.isEmpty { return no("form.borrower", "须填写借阅人 (the borrower must be named)") }
        if request.purpose.trimmingCharacters(in: .whitespaces).isEmpty {
            return no("form.purpose", "须填写借阅用途 (the purpose must be given)")
        }
        if documents.isEmpty { return no("form.documents", "未选择文件 (no document selected)") }
        let r = settings.loanRules
        guard let base = baseDue(request.type, now: now, rules: r, tf: tf) else {
            return no(
                "reading.closed", "档案室已于\(r.closingHour):00关闭,不能室内阅览 (the archive room closes at \(r.closingHour):00)")
        }
        let member = settings.staff(named: borrower)
        var v = Verdict(decision: .refuse("form.documents", ""))
        var due = base
        var decider: LendingRule? = nil
        var seen = Set<String>()
        for d in documents {
            guard seen.insert(d.id).inserted else {
                return no("form.documents", "同一文件选了两次 (a document is listed twice)", d.id)
            }
            if let refusal = SharedRules.available(d, register: register, tf: tf) { return Verdict(decision: refusal) }
            guard let (_, rule, _) = LendingPolicy.deciding(d, type: request.type, borrower: member, settings: settings)
            else {
                return no(
                    "rules.none", "没有适用于该文件的借阅规则,不能借出 (no row of the lending rules applies: see dangan rules)", d.id)
            }
            guard rule.allowed else { return no(rule.id, rule.message, d.id) }
            v.rules[d.id] = rule
            var mine = base
            if let cap = rule.longest.flatMap(LendingLimit.init)?.cap(from: now, rules: r, tf: tf) {
                mine = min(mine, cap)
            }
            if decider == nil || mine < due || (mine == due && decider!.approvers.isEmpty && !rule.approvers.isEmpty) {
                decider = rule
            }
            due = min(due, mine)
        }
        guard let decider else { return no("form.documents", "未选择文件 (no document selected)") }
        // Who may approve: a title every row asking for approval names.
        let asking = documents.compactMap { v.rules[$0.id] }.filter { !$0.approvers.isEmpty }
        if let first = asking.first {
            var titles = first.approvers
            for a in asking.dropFirst() { titles = titles.filter { a.approvers.contains($0) } }
            if titles.isEmpty {
                let each = Set(asking.map { $0.approvers.joined(separator: "或") }).sorted().joined(separator: "; ")
                return no(
                    "approval.split",
                    "所选文件须由不同的审批人批准(\(each)),请分开登记 (the documents need different approvers; lend them separately)")
            }
            v.approvers = titles
            v.kind = asking.contains { $0.approval == .system } ? .system : .any
        }
        let needing = asking.first { $0.approval == v.kind } ?? asking.first
        // Refusals about the approval keep what the rows asked for (who, and how), for the form.
        func noApproval(_ rule: String, _ message: String) -> Verdict {
            var r = v
            r.decision = .refuse(rule, message)
            return r
        }
        let who = v.approvers.joined(separator: "或")
        let whoEn = v.approvers.joined(separator: " or ")
        let typed = (request.approver ?? "").trimmingCharacters(in: .whitespaces)
        if !typed.isEmpty {
            let (a, refusal) = SharedRules.approver(typed, settings: settings, required: false, what: "借阅")
            if let refusal { return Verdict(decision: refusal) }
            if let a, a.name == borrower {
                return noApproval("approval.own", "审批人不能批准本人的借阅 (nobody approves their own request)")
            }
            if let rule = needing, !ignoringApproval {
                if v.kind == .system {
                    return noApproval(
                        rule.id,
                        "\(rule.words);须由\(who)用本人登录在系统中批准,书面签字不能代替:先登记申请 (--request),再由审批人 dangan approve "
                            + """
                            (this rule needs an approval given in the system by the \(whoEn); register a \
                            request with --request)
                            """
                    )
                }
                if let a, !v.approvers.contains(a.title) {
                    return noApproval(
                        rule.id,
                        """
                        \(rule.words);\(a.name)是\(a.title.isEmpty ? a.role.chinese : a.title),不是\(who) (the \
                        approver must be the \(whoEn))
                        """
                    )
                }
            }
            v.approver = a
            v.mode = .signed
        } else if let rule = needing, !ignoringApproval {
            if let rec = register.usableApproval(
                envelope: DocumentID.envelope(of: documents[0].id) ?? "", documents: documents.map { $0.id },
                borrower: borrower, type: request.type),
                let a = settings.staff(named: rec.approver ?? ""), a.role == .approver, v.approvers.contains(a.title),
                a.name != borrower
            {
                v.approver = a
                v.mode = .system
                v.request = rec
            } else {
                let how =
                    v.kind == .system
                    ? """
                    须由\(who)用本人登录在系统中批准:先登记申请 (dangan borrow … --request),再由审批人 dangan approve (an approval in \
                    the system by the \(whoEn) is needed)
                    """
                    : """
                    须经\(who)批准:填写审批人 (书面签字),或登记申请由审批人在系统中批准 (the \(whoEn)'s approval is needed: type their name \
                    for the signed form, or register a request with --request)
                    """
                return noApproval(rule.id, "\(rule.words);\(how)")
            }
        }
        v.decision = .allow(decider.id, decider.message, due: due)
        return v
    }

    /// Decides a renewal (续借): before the due date, for loans of days, within the renewals the
    /// row that allowed the loan gives (the archive's limit for loans lent before the matrix).
    public static func decideRenewal(_ rec: LoanRecord, settings: Settings, now: Date) -> Decision {
        let rules = settings.loanRules
        guard rec.isOpen else { return .refuse("renew.returned", "已归还,无需续借 (already returned)") }
        guard now <= rec.due else {
            return .refuse("renew.overdue", "已逾期,须在到期前办理续借 (renewal must be arranged before the due date)")
        }
        guard rec.loan.type == .short || rec.loan.type == .long else {
            return .refuse("renew.type", "\(rec.loan.type.chinese)不能续借 (only short and long loans are renewed)")
        }
        let row = settings.lendingRules.first { $0.id == rec.loan.rule }
        let limit = row?.renewals ?? rules.maxRenewals
        if let row, limit == 0 {
            return .refuse(
                "renew.rule", "依据规则 \(row.id) 借出,不可续借:\(row.words) (the rule that allowed this loan gives no renewal)")
        }
        guard rec.renewals.count < limit else {
            return .refuse("renew.limit", "续借次数已达上限\(limit)次 (renewal limit reached)")
        }
        let days = rec.loan.type == .short ? rules.shortDays : rules.longDays
        return .allow(
            "renew.\(rec.loan.type.rawValue)", "续借\(days)天 (renewed for \(days) days)",
            due: rec.due.addingTimeInterval(Double(days) * 86400))
    }
}
