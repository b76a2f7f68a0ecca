import Foundation

/// The lending desk's writes beside lending itself: approval requests and approvals given in
/// the system, incidents (loss, damage, incomplete returns), the record of who looked at
/// confidential material, and the circulation views. Each write is one journal entry.
extension ArchiveStore {
    // MARK: Approvals in the system

    /// Registers a request for approval of a loan (the archivist, for the borrower at the
    /// desk). The approver then approves it from their own login (`approve`), and the loan is
    /// lent on it. Refused when the loan needs no approval or is refused for another reason.
    public func requestApproval(_ req: LoanRequest) throws -> (Decision, ApprovalRecord?) {
        let request = LoanRequest(
            documents: req.documents, borrower: try Validate.text(req.borrower, field: "borrower", max: 100),
            department: try Validate.text(req.department, field: "department", max: 100),
            purpose: try Validate.text(req.purpose, field: "purpose", max: 500), approver: nil, type: req.type)
        return try mutate {
            guard !request.documents.isEmpty else {
                return (.refuse("form.documents", "未选择文件 (no document selected)"), nil)
            }
            guard let (e, docs) = try documentsOfOneEnvelope(request.documents) else {
                return (
                    .refuse("form.one-envelope", "一次借阅只能登记同一档案袋的文件 (one loan covers documents of one envelope)"), nil
                )
            }
            let v = LendingRules.evaluate(
                documents: docs, request: request, settings: settings, register: register, now: now,
                tf: timeFormat, ignoringApproval: true)
            guard v.decision.allowed else { return (v.decision, nil) }
            guard v.needsApproval else {
                return (
                    .refuse(
                        "approval.not-needed", "依据规则 \(v.decision.rule) 无需审批,可直接借出 (no approval is needed: lend it)"),
                    nil
                )
            }
            let ids = docs.map { $0.id }
            if let same = register.approvals.last(where: {
                ($0.isPending || ($0.stage == .approved && $0.usedBy == nil)) && $0.envelope == e.id
                    && Set($0.documents) == Set(ids)
                    && $0.borrower == request.borrower && $0.type == request.type
            }) {
                return (
                    .refuse(
                        "approval.exists",
                        "已有同样的申请 \(same.id)(\(same.isPending ? "待审批" : "已批准,可借出")) (the same request exists)"), nil
                )
            }
            let id = RecordID.make("apr")
            var en = entry(.approval, envelope: e.id, note: "借阅申请,待\(v.approvers.joined(separator: "或"))审批")
            en.approval = ApprovalEvent(
                id: id, stage: .requested, envelope: e.id, documents: ids, borrower: request.borrower,
                department: request.department, purpose: request.purpose, type: request.type,
                titles: v.approvers, rule: v.rules[ids[0]]?.id ?? v.decision.rule, at: now, by: operatorName)
            try commit(en)
            return (
                .allow(
                    "approval.requested",
                    "借阅申请 \(id) 已登记,待\(v.approvers.joined(separator: "或"))用本人登录审批:dangan approve \(id) "
                        + "(request registered; the approver approves it from their own login)"),
                register.lending.approvals[id]
            )
        }
    }

    /// An approval request by id or a unique prefix of at least six characters.
    public func approvalRecord(_ ref: String) throws -> ApprovalRecord {
        if let r = register.lending.approvals[ref] { return r }
        let hits = ref.count >= 6 ? register.approvals.filter { $0.id.hasPrefix(ref) } : []
        if hits.count == 1 { return hits[0] }
        if hits.count > 1 { throw ArchiveError.ambiguous(what: Sanitize.visible(ref), candidates: hits.map { $0.id }) }
        throw ArchiveError.notFound(what: "approval request \(Sanitize.visible(ref))")
    }

    /// The approver at the keyboard approves (or, with `refuse`, declines) a loan request or a
    /// photocopy request: recorded as given in the system. Nobody approves their own request.
    public func approve(_ ref: String, refuse reason: String? = nil) throws -> Decision {
        if ref.hasPrefix("cpy-") || (register.lending.approvals[ref] == nil && (try? copyRecord(ref)) != nil) {
            return try approveCopy(ref, approver: operatorName, refuse: reason, mode: .system)
        }
        let why = try reason.map { try Validate.text($0, field: "reason", max: 500, required: true) }
        return try mutate(requires: .approve) {
            let rec = try approvalRecord(ref)
            guard rec.isPending else {
                return .refuse(
                    "approval.stage", "该申请已\(rec.stage == .approved ? "批准" : "不予批准"),不能再审批 (already decided)")
            }
            guard let me = operatorMember else { throw refusal(.approve) }
            if me.name == rec.borrower {
                return .refuse("approval.own", "审批人不能批准本人的借阅 (nobody approves their own request)")
            }
            guard rec.titles.contains(me.title) else {
                return .refuse(
                    "approval.title",
                    """
                    该申请须由\(rec.titles.joined(separator: "或"))审批,\(me.name)是\
                    \(me.title.isEmpty ? me.role.chinese : me.title) (this request is for the \
                    \(rec.titles.joined(separator: " or ")))
                    """
                )
            }
            var en = entry(.approval, envelope: rec.envelope, note: why == nil ? "批准借阅申请" : "不予批准借阅申请")
            en.approval = ApprovalEvent(
                id: rec.id, stage: why == nil ? .approved : .refused, approver: me.name, approverTitle: me.title,
                reason: why, at: now, by: operatorName)
            try commit(en)
            if let why { return .allow("approval.refused", "已登记不予批准:\(why) (recorded as not approved)") }
            return .allow(
                "approval.approved",
                "已批准 \(rec.borrower) 的借阅申请 \(rec.id),资料管理员可借出 (approved in the system; the archivist lends it)")
        }
    }

    // MARK: Incidents

    /// The incident an incomplete return opens (written in the return's entry).
    func incompleteReturnIncident(_ r: LoanReturn, envelope: String) -> IncidentEvent {
        IncidentEvent(
            id: RecordID.make("inc"), stage: .reported, kind: .incomplete, envelope: envelope, documents: r.documents,
            loan: r.loan, note: r.note, at: now, by: operatorName)
    }

    /// Reports a loss, damage or an incomplete document (seed 000 篇3 4.4: report at once,
    /// hide nothing). The documents stay flagged until the incident is resolved.
    @discardableResult
    public func reportIncident(documents refs: [String], kind: IncidentKind, note: String) throws -> IncidentRecord {
        let n = try Validate.text(note, field: "note", max: 500, required: true)
        return try mutate {
            guard !refs.isEmpty else {
                throw ArchiveError.invalidField(field: "DOCUMENT", reason: "is required: name the documents")
            }
            guard let (e, docs) = try documentsOfOneEnvelope(refs) else {
                throw ArchiveError.refused(
                    rule: "form.one-envelope", message: "一次报告同一档案袋的文件 (one report covers documents of one envelope)")
            }
            for d in docs {
                if let open = register.openIncidents(document: d.id).first(where: { $0.kind == kind }) {
                    throw ArchiveError.refused(
                        rule: "incident.open",
                        message:
                            "该文件已有未结的\(kind.chinese)报告 \(open.id) (already reported; resolve it or add to its note)")
                }
            }
            let loan = docs.compactMap { register.openLoan(of: $0.id)?.loan.id }.first
            let id = RecordID.make("inc")
            var en = entry(.incident, envelope: e.id, note: "报告\(kind.chinese)")
            en.incident = IncidentEvent(
                id: id, stage: .reported, kind: kind, envelope: e.id, documents: docs.map { $0.id }, loan: loan,
                note: n, at: now, by: operatorName)
            try commit(en)
            return register.lending.incidents[id]!
        }
    }

    /// An incident by id or a unique prefix of at least six characters.
    public func incident(_ ref: String) throws -> IncidentRecord {
        if let r = register.lending.incidents[ref] { return r }
        let hits = ref.count >= 6 ? register.incidents.filter { $0.id.hasPrefix(ref) } : []
        if hits.count == 1 { return hits[0] }
        if hits.count > 1 { throw ArchiveError.ambiguous(what: Sanitize.visible(ref), candidates: hits.map { $0.id }) }
        throw ArchiveError.notFound(what: "incident \(Sanitize.visible(ref))")
    }

    /// Closes an incident: what was done (found, repaired, replaced, reported to the police …).
    @discardableResult
    public func resolveIncident(_ ref: String, note: String) throws -> IncidentRecord {
        let n = try Validate.text(note, field: "note", max: 500, required: true)
        return try mutate {
            let rec = try incident(ref)
            guard rec.isOpen else {
                throw ArchiveError.refused(
                    rule: "incident.resolved",
                    message: "该事故已于\(timeFormat.minute(rec.resolvedAt!))处理完毕 (already resolved)")
            }
            var en = entry(.incident, envelope: rec.envelope, note: "处理\(rec.kind.chinese)")
            en.incident = IncidentEvent(
                id: rec.id, stage: .resolved, envelope: rec.envelope, documents: rec.documents, note: n,
                at: now, by: operatorName)
            try commit(en)
            return register.lending.incidents[rec.id]!
        }
    }

    // MARK: Who looked

    /// Records that the operator is shown confidential material (seed 002: 记录查询人员、查询
    /// 时间). Called before it is shown: no record, no viewing.
    public func recordAccess(_ kind: AccessKind, envelope: String?, count: Int = 1, detail: String) throws {
        try mutate(requires: .revealNumbers) {
            var en = entry(.access, envelope: envelope, note: kind.chinese)
            en.access = AccessEvent(kind: kind, envelope: envelope, count: count, detail: String(detail.prefix(200)))
            try commit(en)
        }
    }

    // MARK: Circulation

    /// Loans in the order the desk works them: overdue first (most overdue first), then open by
    /// due time, then returned ones.
    public func circulationOrder(_ recs: [LoanRecord]) -> [LoanRecord] {
        let t = now
        return recs.sorted { a, b in
            let ao = a.isOverdue(at: t)
            let bo = b.isOverdue(at: t)
            if ao != bo { return ao }
            if a.isOpen != b.isOpen { return a.isOpen }
            return a.due < b.due
        }
    }

    /// What one borrower holds (and, with `all`, held), overdue first.
    public func loans(borrower: String, all: Bool = false) -> [LoanRecord] {
        circulationOrder(
            (all ? register.loans : register.open).filter { $0.loan.borrower == borrower && $0.voided == nil })
    }

    /// The documents of an envelope that are out, for a return by scanning its barcode.
    public func documentsOut(envelope ref: String) throws -> (Envelope, [Document]) {
        let e = try envelope(id: try resolveEnvelope(ref))
        return (e, e.documents.filter { register.openByDocument[$0.id] != nil })
    }
}

extension ArchiveStore {
    /// A change of ownership waits until nothing of the old envelope is out: no loan, no
    /// photocopy in progress (seed 003 第11篇 4.1: the old owner's file is closed and kept).
    func requireNothingOut(_ e: Envelope) throws {
        let tf = timeFormat
        let loans = register.open.filter { $0.loan.envelope == e.id }
        if !loans.isEmpty {
            let list = loans.map {
                "\($0.loan.id) \($0.loan.borrower) \($0.outstandingDocuments.count)份 应还\(tf.minute($0.due))"
            }.joined(separator: "; ")
            throw ArchiveError.refused(
                rule: "ownership.loans-out",
                message:
                    "档案袋仍有借出未还:\(list);收回后再办理产权转让 (documents of this envelope are out on loan: take them back first)")
        }
        let copies = register.copies.filter { $0.envelope == e.id && $0.isOpen }
        if !copies.isEmpty {
            let list = copies.map { "\($0.id) \($0.requester) \($0.stage.chinese)" }.joined(separator: "; ")
            throw ArchiveError.refused(
                rule: "ownership.copy-in-progress",
                message:
                    "档案袋有影印未办结:\(list);办结后再办理产权转让 (photocopies of this envelope are in progress: settle them first)")
        }
    }
}
