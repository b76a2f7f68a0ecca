import Foundation

/// The photocopy flow, destruction and transfer, each step one durable journal entry under
/// the writers' lock. Refusals come back as decisions naming the rule; nothing is written.
extension ArchiveStore {
    /// Resolves document references that must all belong to one envelope.
    func documentsOfOneEnvelope(_ refs: [String]) throws -> (Envelope, [Document])? {
        var env: Envelope? = nil
        var docs: [Document] = []
        for ref in refs {
            let (e, d) = try document(ref: ref)
            if let prev = env, prev.id != e.id { return nil }
            env = e
            docs.append(d)
        }
        guard let e = env else { return nil }
        return (e, docs)
    }

    // MARK: Photocopies (影印)

    /// Registers a photocopy request. Returns the decision and, if registered, the record.
    public func requestCopy(
        documents refs: [String], requester: String, department: String = "", purpose: String,
        copies: Int = 1
    ) throws -> (Decision, CopyRecord?) {
        let who = try Validate.text(requester, field: "requester", max: 100)
        let dept = try Validate.text(department, field: "department", max: 100)
        let why = try Validate.text(purpose, field: "purpose", max: 500)
        return try mutate {
            guard !refs.isEmpty else { return (.refuse("form.documents", "未选择文件 (no document selected)"), nil) }
            guard let (e, docs) = try documentsOfOneEnvelope(refs) else {
                return (
                    .refuse("form.one-envelope", "一次影印只能登记同一档案袋的文件 (one photocopy covers documents of one envelope)"),
                    nil
                )
            }
            let d = PaperworkRules.decideCopyRequest(
                documents: docs, requester: who, purpose: why, copies: copies, register: register, tf: timeFormat)
            guard d.allowed else { return (d, nil) }
            var ev = CopyEvent(
                copy: RecordID.make("cpy"), stage: .requested, envelope: e.id, documents: docs.map { $0.id }, at: now,
                archivist: operatorName)
            ev.requester = who
            ev.department = dept
            ev.purpose = why
            ev.copies = copies
            var en = entry(.copy, envelope: e.id, note: d.message)
            en.copy = ev
            try commit(en)
            return (d, register.paperwork.copies[ev.copy])
        }
    }

    /// Finds a photocopy by id or by a unique prefix of it.
    public func copyRecord(_ ref: String) throws -> CopyRecord {
        if let c = register.paperwork.copies[ref] { return c }
        let hits = register.paperwork.copies.values.filter { $0.id.hasPrefix(ref) && ref.count >= 6 }
        if hits.count == 1 { return hits[0] }
        if hits.count > 1 { throw ArchiveError.ambiguous(what: ref, candidates: hits.map { $0.id }) }
        throw ArchiveError.notFound(what: "photocopy \(ref)")
    }

    /// Writes one step of a photocopy to the journal (the caller holds the lock).
    func appendCopyStep(
        _ c: CopyRecord, _ stage: CopyStage, note: String? = nil, _ fill: (inout CopyEvent) -> Void = { _ in }
    ) throws {
        var ev = CopyEvent(
            copy: c.id, stage: stage, envelope: c.envelope, documents: c.documents, at: now, archivist: operatorName)
        fill(&ev)
        var en = entry(.copy, envelope: c.envelope, note: note)
        en.copy = ev
        try commit(en)
    }

    func copyDocuments(_ c: CopyRecord) throws -> [Document] {
        let e = try envelope(id: c.envelope)
        return c.documents.compactMap { id in e.documents.first { $0.id == id } }
    }

    /// Approves (or, with `refuse`, declines) a photocopy request: the archivist types the
    /// approver's name for their signature on the form (`signed`), or the approver approves
    /// from their own login (`system`, see `approve`). Nobody approves their own request.
    public func approveCopy(_ ref: String, approver: String, refuse reason: String? = nil, mode: ApprovalMode = .signed)
        throws -> Decision
    {
        try mutate(requires: mode == .system ? .approve : .work) {
            let c = try copyRecord(ref)
            let docs = try copyDocuments(c)
            let name = mode == .system ? operatorName : approver
            if name.trimmingCharacters(in: .whitespaces) == c.requester {
                return .refuse("approval.own", "审批人不能批准本人的影印申请 (nobody approves their own request)")
            }
            if let reason {
                guard c.stage == .requested else {
                    return .refuse("copy.stage", "该影印已\(c.stage.chinese) (this copy is \(c.stage.rawValue))")
                }
                let (a, refusal) = SharedRules.approver(name, settings: settings, required: true, what: "影印")
                if let refusal { return refusal }
                let why = try Validate.text(reason, field: "reason", max: 500)
                try appendCopyStep(c, .refused, note: "不予批准") {
                    $0.approver = a?.name
                    $0.approverRole = a?.role
                    $0.note = why
                    $0.approval = mode
                }
                return Decision.allow("copy.refused", "已登记不予批准 (recorded as not approved)")
            }
            let (d, a) = PaperworkRules.decideCopyApproval(
                c, documents: docs, approver: name, settings: settings, register: register, tf: timeFormat)
            guard d.allowed, let a else { return d }
            try appendCopyStep(c, .approved, note: d.message) {
                $0.approver = a.name
                $0.approverRole = a.role
                $0.approval = mode
            }
            return d
        }
    }

    /// Registers the copy made: pages and number of copies.
    public func recordCopyMade(_ ref: String, pages: Int, copies: Int) throws -> Decision {
        try mutate {
            let c = try copyRecord(ref)
            guard c.stage == .approved else {
                return .refuse("copy.stage", "须先批准才能影印 (the copy must be approved first; it is \(c.stage.rawValue))")
            }
            guard (1...10_000).contains(pages) else {
                return .refuse("form.pages", "页数须为1到10000 (pages must be 1 to 10000)")
            }
            guard (1...100).contains(copies) else {
                return .refuse("form.copies", "份数须为1到100 (copies must be 1 to 100)")
            }
            try appendCopyStep(c, .copied) {
                $0.pages = pages
                $0.copies = copies
            }
            return Decision.allow("copy.made", "已登记影印\(copies)份共\(pages)页 (\(copies) copies, \(pages) pages)")
        }
    }

    /// The original is back in its envelope, checked for completeness.
    public func returnCopyOriginal(_ ref: String, complete: Bool, note: String = "") throws -> Decision {
        let n = try Validate.text(note, field: "note", max: 500)
        return try mutate {
            let c = try copyRecord(ref)
            guard c.stage == .copied || c.stage == .approved else {
                return .refuse(
                    "copy.stage", "原件不在影印中 (the original is not out for copying; the copy is \(c.stage.rawValue))")
            }
            if !complete && n.isEmpty { return .refuse("form.note", "不完整时须填写说明 (say what is missing)") }
            try appendCopyStep(c, .back) {
                $0.complete = complete
                $0.note = n
            }
            return Decision.allow(
                "copy.back", complete ? "原件已归还,完整 (original back, complete)" : "原件已归还,不完整 (original back, incomplete)")
        }
    }

    /// The copies are accounted for (given to the requester, destroyed …): the entry is cancelled.
    public func settleCopy(_ ref: String, disposition: String) throws -> Decision {
        let what = try Validate.text(disposition, field: "disposition", max: 500)
        return try mutate {
            let c = try copyRecord(ref)
            guard c.stage == .back else {
                return .refuse(
                    "copy.stage", "原件归还后才能销账 (the original must be back first; the copy is \(c.stage.rawValue))")
            }
            if what.isEmpty { return .refuse("form.disposition", "须写明复印件去向 (say where the copies went)") }
            try appendCopyStep(c, .settled) { $0.note = what }
            return Decision.allow("copy.settled", "复印件已交代,登记注销 (copies accounted for; entry cancelled)")
        }
    }

    // MARK: Destruction (销毁) and transfer (移交)

    /// Marks the documents of each envelope destroyed or transferred (whole envelopes are closed
    /// as transferred): one journal entry for all of them, so that all happen or none does.
    func applyDisposals(
        order: [String], byEnvelope: [String: [String]], whole: Set<String>,
        _ make: (String, [String], Bool) -> Disposal
    ) throws -> [Disposal] {
        var out: [Disposal] = []
        var changes: [RecordChange] = []
        for envID in order {
            try requireCleanFile(envID)
            let disp = make(envID, byEnvelope[envID]!, whole.contains(envID))
            let ids = Set(disp.documents)
            var before = try envelope(id: envID)
            before.revision = nil
            var after = before
            let state: StoredState = disp.kind == .destroy ? .destroyed : .transferred
            for i in after.documents.indices where ids.contains(after.documents[i].id) {
                after.documents[i].state = state
            }
            if disp.wholeEnvelope { after.status = .transferred }
            if let c = try envelopeChange(from: before, to: after, base: summary(id: envID)?.revision ?? []) {
                changes.append(c)
            }
            out.append(disp)
        }
        guard let first = out.first else { return [] }
        var en = entry(
            first.kind == .destroy ? .destroy : .transfer, envelope: out.count == 1 ? first.envelope : nil,
            changes: changes)
        en.disposals = out
        try commit(en)
        return out
    }

    /// Documents past their retention that may be destroyed, in filing order.
    public func dueForDestruction() -> [(EnvelopeSummary, Document)] {
        let today = timeFormat.day(now)
        let sums = envelopes.filter { $0.damaged == nil }
        let lists = parallelMap(count: sums.count) { i -> [Document] in
            guard let e = try? self.envelope(id: sums[i].id) else { return [] }
            return e.documents.filter {
                PaperworkRules.decideDestroy(
                    $0, settings: self.settings, register: self.register, today: today, tf: self.timeFormat) == nil
            }
        }
        var out: [(EnvelopeSummary, Document)] = []
        for (i, docs) in lists.enumerated() { for d in docs { out.append((sums[i], d)) } }
        return out
    }

    /// Destroys documents (from any envelopes) with an approver's approval. All or nothing:
    /// if any document may not be destroyed, nothing is, and the decision names it and the rule.
    /// With `dryRun`, decides and writes nothing (a form asks for confirmation first).
    public func destroy(
        documents refs: [String], approver: String, reason: String, method: String = "粉碎",
        dryRun: Bool = false
    ) throws -> (Decision, [Disposal]) {
        let why = try Validate.text(reason, field: "reason", max: 500)
        let how = try Validate.text(method, field: "method", max: 100)
        return try mutate {
            if refs.isEmpty { return (.refuse("form.documents", "未选择文件 (no document selected)"), []) }
            let (a, refusal) = SharedRules.approver(approver, settings: settings, required: true, what: "销毁")
            if let refusal { return (refusal, []) }
            if why.isEmpty { return (.refuse("form.reason", "须填写销毁原因 (the reason must be given)"), []) }
            let today = timeFormat.day(now)
            var byEnvelope: [String: [String]] = [:]
            var order: [String] = []
            var seen = Set<String>()
            for ref in refs {
                let (e, d) = try document(ref: ref)
                guard seen.insert(d.id).inserted else { continue }
                if let r = PaperworkRules.decideDestroy(
                    d, settings: settings, register: register, today: today, tf: timeFormat)
                {
                    return (r, [])
                }
                if byEnvelope[e.id] == nil { order.append(e.id) }
                byEnvelope[e.id, default: []].append(d.id)
            }
            if dryRun {
                return (
                    Decision.allow("destroy.approved", "经\(a?.name ?? "")批准可销毁\(seen.count)份 (may be destroyed)"), []
                )
            }
            let batch = RecordID.make("dst")
            let out = try applyDisposals(order: order, byEnvelope: byEnvelope, whole: []) { envID, ids, wholeEnv in
                Disposal(
                    batch: batch, kind: .destroy, envelope: envID, documents: ids, wholeEnvelope: wholeEnv, at: now,
                    by: operatorName,
                    approver: a?.name, approverRole: a?.role, reason: why, method: how, rule: "destroy.approved",
                    approval: .signed)
            }
            return (
                Decision.allow("destroy.approved", "经\(a?.name ?? "")批准销毁\(seen.count)份 (destroyed with approval)"), out
            )
        }
    }

    /// Hands documents or whole envelopes over to another department or company. Whole
    /// envelopes are closed and marked transferred; the record stays. All or nothing.
    public func transfer(
        documents docRefs: [String] = [], envelopes envRefs: [String] = [], recipient: String, organisation: String,
        approver: String? = nil, reason: String = ""
    ) throws -> (Decision, [Disposal]) {
        let to = try Validate.text(recipient, field: "recipient", max: 100)
        let org = try Validate.text(organisation, field: "organisation", max: 200)
        let why = try Validate.text(reason, field: "reason", max: 500)
        return try mutate {
            if docRefs.isEmpty && envRefs.isEmpty {
                return (.refuse("form.documents", "未选择文件或档案袋 (nothing selected)"), [])
            }
            if to.isEmpty { return (.refuse("form.recipient", "须填写接收人 (the person receiving must be named)"), []) }
            if org.isEmpty {
                return (
                    .refuse("form.organisation", "须填写接收部门或单位 (the receiving department or company must be named)"), []
                )
            }
            // A hand-over needs the department head's approval (seed 003 第6篇 4.7.1 "须经部门负责人批准").
            let (a, refusal) = SharedRules.approver(approver, settings: settings, required: true, what: "移交")
            if let refusal { return (refusal, []) }
            if a?.name == to {
                return (.refuse("approval.own", "审批人不能批准移交给本人 (nobody approves a hand-over to themselves)"), [])
            }
            var byEnvelope: [String: [String]] = [:]
            var whole = Set<String>()
            var order: [String] = []
            for ref in envRefs {
                let id = try resolveEnvelope(ref)
                let e = try envelope(id: id)
                guard e.status != .transferred else {
                    return (.refuse("state.transferred", "档案袋已移交 (the envelope was already transferred)"), [])
                }
                if byEnvelope[id] == nil { order.append(id) }
                whole.insert(id)
                byEnvelope[id] = e.documents.filter { $0.state == .present }.map { $0.id }
                for d in e.documents where d.state == .present {
                    if let r = PaperworkRules.decideTransfer(d, register: register, tf: timeFormat) { return (r, []) }
                }
            }
            for ref in docRefs {
                let (e, d) = try document(ref: ref)
                if whole.contains(e.id) || byEnvelope[e.id]?.contains(d.id) == true { continue }
                if let r = PaperworkRules.decideTransfer(d, register: register, tf: timeFormat) { return (r, []) }
                if byEnvelope[e.id] == nil { order.append(e.id) }
                byEnvelope[e.id, default: []].append(d.id)
            }
            let batch = RecordID.make("hnd")
            let out = try applyDisposals(order: order, byEnvelope: byEnvelope, whole: whole) { envID, ids, wholeEnv in
                Disposal(
                    batch: batch, kind: .transfer, envelope: envID, documents: ids, wholeEnvelope: wholeEnv, at: now,
                    by: operatorName,
                    approver: a?.name, approverRole: a?.role, reason: why, recipient: to, organisation: org,
                    rule: "transfer.signed",
                    approval: .signed)
            }
            let count = out.reduce(0) { $0 + $1.documents.count }
            return (
                Decision.allow("transfer.signed", "已移交\(count)份给\(org) \(to) (handed over; sign-off list recorded)"),
                out
            )
        }
    }
}
