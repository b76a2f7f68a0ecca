import Foundation

/// The changes a person makes: settings, cabinets, envelopes, loans. Each checks what it can
/// before taking the lock, decides on the state just folded under the lock, and writes one
/// journal entry holding only what changed.
extension ArchiveStore {
    // MARK: Record changes

    /// The change that creates a record.
    func creation<T: Encodable>(_ kind: RecordChange.Kind, _ id: String, _ value: T) throws -> RecordChange {
        var c = RecordChange(kind: kind, record: id, base: [])
        if var e = value as? Envelope {
            e.revision = nil
            c.envelope = e
            c.digest = String(contentDigest(e), radix: 16)
        }
        if var x = value as? Cabinet {
            x.revision = nil
            c.cabinet = x
        }
        if var x = value as? ArchiveInfo {
            x.revision = nil
            c.settings = x
        }
        return c
    }

    /// The change from `before` to `after` of an envelope (nil when nothing changed).
    func envelopeChange(from before: Envelope, to after: Envelope, base: [String]) throws -> RecordChange? {
        var a = before
        var b = after
        a.revision = nil
        b.revision = nil
        let ops = RecordDiff.diff(try JSONValue.of(a, coding), try JSONValue.of(b, coding))
        return ops.isEmpty
            ? nil
            : RecordChange(
                kind: .envelope, record: after.id, base: base, ops: ops, digest: String(contentDigest(b), radix: 16))
    }

    /// Refuses a change of an envelope whose file was changed by hand: the edit must first be
    /// adopted into the journal or reverted (`dangan check --adopt` / `--revert`). A file that
    /// cannot be read at all (a link, permissions) is an error: dangan never writes over it.
    func requireCleanFile(_ id: String) throws {
        guard let s = summary(id: id), let f = readEnvelopeFile(s.relativePath) else { return }
        if f.envelope == nil && f.bytes.isEmpty {
            throw ArchiveError.io(
                path: s.relativePath, message: "cannot be read (\(f.error ?? "?")), so it is not written over")
        }
        guard f.envelope != nil, !isCurrentProjection(f, of: s), !unprojected.contains(id),
            let diff = fileDifference(id: id)
        else { return }
        throw ArchiveError.refused(
            rule: "file.hand-edited",
            message:
                """
                档案袋文件与日志不符,请先采纳或还原 (the envelope's file differs from the journal in \
                \(diff.prefix(6).joined(separator: ", ")); 
                """
                    + "adopt it with dangan check --adopt \(id), or undo it with dangan check --revert \(id))")
    }

    // MARK: Settings

    /// Changes the settings. The change is made to the settings as the journal has them now
    /// (not as they were read when this process started) and only what changed is written.
    public func updateSettings(_ body: (inout Settings) throws -> Void) throws {
        try mutate(requires: nil) {
            var next = infoWithoutRevision()
            try body(&next.settings)
            let ops = RecordDiff.diff(try JSONValue.of(infoWithoutRevision(), coding), try JSONValue.of(next, coding))
            guard !ops.isEmpty else { return }
            try requireSettingsChange(ops.map { $0.path })
            try commit(
                entry(
                    .settingsUpdate,
                    changes: [RecordChange(kind: .settings, record: "settings", base: settingsRevision, ops: ops)],
                    note: "设置: " + ops.map { $0.path }.joined(separator: ", ")))
        }
    }

    // MARK: Cabinets and envelopes

    /// Adds a cabinet (entry `cabinet.create`); throws on an invalid or taken code, an empty label or too long text.
    @discardableResult
    public func createCabinet(code: String, label: String, room: String, keyHolders: [String] = []) throws -> Cabinet {
        let c = Cabinet(
            code: try LocationCode.validate(code, field: "cabinet code"),
            label: try Validate.text(label, field: "label", max: 100, required: true),
            room: try Validate.text(room, field: "room", max: 100),
            keyHolders: try keyHolders.map { try Validate.text($0, field: "key holder", max: 100, required: true) })
        return try createCabinet(c)
    }

    func createCabinet(_ c: Cabinet) throws -> Cabinet {
        try mutate {
            if cabinets.contains(where: { $0.code == c.code }) {
                throw ArchiveError.alreadyExists(path: "cabinets/\(c.code)")
            }
            try commit(entry(.cabinetCreate, changes: [try creation(.cabinet, c.id, c)], note: "新建档案柜 \(c.code)"))
            return cabinets.first { $0.id == c.id } ?? c
        }
    }

    /// Files a new envelope. Its cabinet must exist; the id must be new.
    @discardableResult
    public func createEnvelope(_ envelope: Envelope) throws -> Envelope {
        var e = try Validate.envelope(envelope, settings: settings, now: now)
        e.revision = nil
        return try mutate {
            guard cabinets.contains(where: { $0.code == e.cabinet }) else {
                throw ArchiveError.notFound(what: "cabinet \(e.cabinet)")
            }
            if summary(id: e.id) != nil { throw ArchiveError.alreadyExists(path: "envelope \(e.id)") }
            e = try readyToFile(e)
            try commit(
                entry(.envelopeCreate, envelope: e.id, changes: [try creation(.envelope, e.id, e)], note: "新建档案袋"))
            return try self.envelope(id: e.id)
        }
    }

    /// Changes an envelope. The change is made on the envelope as the journal has it now.
    ///
    /// A form passes the envelope it was opened on as `basedOn`: fields the form did not touch
    /// take whatever another process wrote meanwhile; a field both changed is refused, naming
    /// it (rule `edit.stale`) — nothing is ever silently reverted.
    /// - Throws: ``ArchiveError`` `.refused` (`edit.stale`, `file.hand-edited`), `.invalidField`.
    @discardableResult
    public func updateEnvelope(
        id: String, note: String? = nil, action: JournalEntry.Action = .envelopeUpdate, basedOn: Envelope? = nil,
        _ change: (inout Envelope) throws -> Void
    ) throws -> Envelope {
        try mutate {
            guard let sum = summary(id: id) else {
                throw ArchiveError.notFound(what: "envelope \(Sanitize.visible(id))")
            }
            try requireCleanFile(id)
            var current = try envelope(id: id)
            current.revision = nil
            var base = basedOn ?? current
            base.revision = nil
            var edited = base
            try change(&edited)
            edited.id = base.id
            let mine = RecordDiff.diff(try JSONValue.of(base, coding), try JSONValue.of(edited, coding))
            if mine.isEmpty { return current }
            // A field two desks set differently is decided through `dangan conflicts`, not edited.
            if let d = register.openDisputes.first(where: { d in
                d.kind == .field && d.record == id && mine.contains { RecordDiff.overlaps($0.path, d.field ?? "") }
            }) {
                throw ArchiveError.refused(
                    rule: "dispute.open",
                    message:
                        """
                        \(FieldNames.label(d.field ?? ""))在两个工作站被改为不同的值,须先处理冲突 \(d.id) (set differently at two \
                        desks; decide with dangan conflicts resolve \(d.id))
                        """
                )
            }
            if basedOn != nil && base != current {
                // Someone else changed the envelope since the form was opened.
                let theirs = RecordDiff.diff(try JSONValue.of(base, coding), try JSONValue.of(current, coding))
                let clash = mine.filter { m in
                    theirs.contains { t in RecordDiff.overlaps(m.path, t.path) && t.to != m.to }
                }
                if !clash.isEmpty {
                    let fields = Array(Set(clash.map { FieldNames.label($0.path) })).sorted().joined(separator: "、")
                    throw ArchiveError.refused(
                        rule: "edit.stale",
                        message:
                            """
                            在您编辑期间,其他人已修改了\(fields),请重新打开后再改 (someone changed \(fields) since this form was \
                            opened; reopen it)
                            """
                    )
                }
            }
            var after = try JSONValue.of(current, coding)
            after = try RecordDiff.apply(mine, to: after)
            var next = try Validate.envelope(
                try after.decode(Envelope.self, coding), settings: settings, now: now, before: current)
            next.revision = nil
            try requireUniqueChange(from: current, to: next)
            if next.location != current.location {
                guard cabinets.contains(where: { $0.code == next.cabinet }) else {
                    throw ArchiveError.notFound(what: "cabinet \(next.cabinet)")
                }
            }
            guard let c = try envelopeChange(from: current, to: next, base: sum.revision) else { return current }
            try commit(entry(action, envelope: id, changes: [c], note: note))
            return try envelope(id: id)
        }
    }

    /// Adds a document to an envelope's file list; returns it with its new id. The entry holds
    /// the new document only, whatever the size of the envelope.
    @discardableResult
    public func addDocument(envelope id: String, _ doc: Document) throws -> Document {
        var d = doc
        d.id = DocumentID.make(envelope: id)
        _ = try updateEnvelope(id: id, note: "新增文件", action: .documentAdd) { $0.documents.append(d) }
        return d
    }

    // MARK: Lending

    /// Lends documents (all from one envelope) if the rules allow. The loan is one durable
    /// journal entry: that is the register. Returns the decision and, if allowed, the loan.
    public func borrow(_ req: LoanRequest) throws -> (Decision, Loan?) {
        let request = LoanRequest(
            documents: req.documents, borrower: try Validate.text(req.borrower, field: "borrower", max: 100),
            department: try Validate.text(req.department, field: "department", max: 100),
            purpose: try Validate.text(req.purpose, field: "purpose", max: 500),
            approver: try req.approver.map { try Validate.text($0, field: "approver", max: 100) }, type: req.type)
        return try mutate {
            var docs: [Document] = []
            var env: Envelope? = nil
            if !request.documents.isEmpty {
                guard let (e, d) = try documentsOfOneEnvelope(request.documents) else {
                    return (
                        .refuse("form.one-envelope", "一次借阅只能登记同一档案袋的文件 (one loan covers documents of one envelope)"),
                        nil
                    )
                }
                env = e
                docs = d
            }
            let t = now
            let verdict = LendingRules.evaluate(
                documents: docs, request: request, settings: settings, register: register, now: t, tf: timeFormat)
            let decision = verdict.decision
            guard decision.allowed, let e = env, let due = decision.due else { return (decision, nil) }
            var loan = Loan(
                envelope: e.id, documents: docs.map { $0.id },
                wholeEnvelope: docs.count == e.documents.count && docs.count > 1,
                borrower: request.borrower, department: request.department, purpose: request.purpose,
                approver: verdict.approver?.name, approverRole: verdict.approver?.role,
                type: request.type, out: t, due: due, archivist: operatorName, rule: decision.rule)
            loan.approval = verdict.mode
            loan.approverTitle = verdict.approver?.title
            loan.approvalRequest = verdict.request?.id
            var en = entry(.loan, envelope: e.id, note: decision.message)
            en.loan = loan
            try commit(en)
            return (decision, loan)
        }
    }

    /// Takes documents back, with the completeness check. Returns the loans closed or reduced.
    ///
    /// A form passes `expected` (document id → the loan it was opened for): if a document is
    /// meanwhile out on another loan (returned and lent again), the return is refused
    /// (`return.stale`) rather than closing someone else's loan.
    @discardableResult
    public func returnDocuments(
        _ refs: [String], complete: Bool = true, note: String = "", expected: [String: String] = [:]
    ) throws -> [LoanReturn] {
        let n = try Validate.text(note, field: "note", max: 500)
        if !complete && n.isEmpty {
            throw ArchiveError.invalidField(field: "note", reason: "is required when the file is returned incomplete")
        }
        return try mutate {
            var byLoan: [String: [String]] = [:]
            var order: [String] = []
            for ref in refs {
                let id: String
                if DocumentID.envelope(of: ref) != nil { id = ref } else { id = try document(ref: ref).1.id }
                guard let l = register.openByDocument[id] else {
                    throw ArchiveError.refused(
                        rule: "return.not-out", message: "文件未借出 (document \(Sanitize.visible(ref)) is not on loan)")
                }
                if let want = expected[id], want != l {
                    let holder = register.records[l].map { Sanitize.visible($0.loan.borrower) } ?? "?"
                    throw ArchiveError.refused(
                        rule: "return.stale",
                        message:
                            """
                            该文件已归还并再次借给\(holder),请重新打开归还单 (the document was returned and lent again to \
                            \(holder) since this form was opened)
                            """
                    )
                }
                if let d = register.dispute(document: id, envelope: nil) {
                    throw ArchiveError.refused(
                        rule: "dispute.open",
                        message:
                            """
                            该文件在两个工作站同时借出,须先处理冲突 \(d.id) (lent at two desks; resolve conflict \(d.id) first: \
                            dangan conflicts)
                            """
                    )
                }
                if byLoan[l] == nil { order.append(l) }
                byLoan[l, default: []].append(id)
            }
            var out: [LoanReturn] = []
            for l in order {
                let r = LoanReturn(
                    loan: l, documents: byLoan[l]!, at: now, complete: complete, note: n, archivist: operatorName)
                var en = entry(.return, envelope: register.records[l]?.loan.envelope)
                en.loanReturn = r
                // An incomplete return opens an incident with its note, in the same entry.
                if !complete {
                    en.incident = incompleteReturnIncident(r, envelope: register.records[l]?.loan.envelope ?? "")
                }
                try commit(en)
                out.append(r)
            }
            return out
        }
    }

    /// Renews a loan (续借) if the rules allow. A loan is named by its id or a unique prefix.
    public func renew(loan ref: String) throws -> Decision {
        try mutate {
            let id = try loanID(ref)
            guard let rec = register.records[id] else {
                throw ArchiveError.notFound(what: "loan \(Sanitize.visible(ref))")
            }
            let d = LendingRules.decideRenewal(rec, settings: settings, now: now)
            guard d.allowed, let due = d.due else { return d }
            var en = entry(.renew, envelope: rec.loan.envelope, note: d.message)
            en.renewal = Renewal(loan: id, at: now, newDue: due, archivist: operatorName)
            try commit(en)
            return d
        }
    }

    /// A loan id from its id or a unique prefix of at least six characters.
    public func loanID(_ ref: String) throws -> String {
        if register.records[ref] != nil { return ref }
        // Loans of the present first (a loan being renewed is open); the past only when none fits.
        var hits = ref.count >= 6 ? register.records.present.map { $0.loan.id }.filter { $0.hasPrefix(ref) } : []
        if hits.isEmpty && ref.count >= 6 { hits = register.order.filter { $0.hasPrefix(ref) } }
        if hits.count == 1 { return hits[0] }
        if hits.count > 1 { throw ArchiveError.ambiguous(what: Sanitize.visible(ref), candidates: hits) }
        throw ArchiveError.notFound(what: "loan \(Sanitize.visible(ref))")
    }

    /// Change of ownership (产权转让): the old owner's envelope is closed and kept; the new owner
    /// gets a new envelope for the same unit, the two linked both ways. One entry: both or neither.
    @discardableResult
    public func changeOwnership(
        envelope id: String, newOwner: String, number: String, barcode: String = "", moveIn: String = ""
    ) throws -> Envelope {
        let owner = try Validate.text(newOwner, field: "new owner", max: 100, required: true)
        return try mutate {
            guard let sum = summary(id: id) else {
                throw ArchiveError.notFound(what: "envelope \(Sanitize.visible(id))")
            }
            try requireCleanFile(id)
            var old = try envelope(id: id)
            old.revision = nil
            guard old.status == .active else {
                throw ArchiveError.refused(
                    rule: "ownership.closed", message: "该档案袋已结档 (the envelope is already closed)")
            }
            try requireNothingOut(old)
            var fresh = try Validate.envelope(
                Envelope(
                    number: number, barcode: barcode, cabinet: old.cabinet, building: old.building, floor: old.floor,
                    unit: old.unit, owner: owner, moveIn: moveIn, previousEnvelope: old.id), settings: settings,
                now: now)
            fresh = try readyToFile(fresh, excluding: [old.id])
            fresh.revision = nil
            var closed = old
            closed.status = .closed
            closed.nextEnvelope = fresh.id
            guard let c = try envelopeChange(from: old, to: closed, base: sum.revision) else { return fresh }
            try commit(
                entry(
                    .envelopeCreate, envelope: fresh.id, changes: [try creation(.envelope, fresh.id, fresh), c],
                    note: "产权转让 \(old.id) → \(fresh.id)"))
            return try envelope(id: fresh.id)
        }
    }
}

/// Names of record fields as archivists say them, for messages about a change.
public enum FieldNames {
    static let names: [String: String] = [
        "owner": "业主姓名", "coOwners": "共有人", "tenants": "租户", "phones": "电话", "idNumber": "身份证号",
        "emergencyContact": "紧急联系人", "moveIn": "入住日期", "status": "状态", "note": "备注", "number": "档案号",
        "barcode": "条码", "cabinet": "档案柜", "building": "楼栋", "floor": "楼层", "unit": "房号", "documents": "文件清单",
        "title": "标题", "state": "状态", "retention": "保管期限", "secrecy": "密级", "pages": "页数", "kind": "文件类别",
        "date": "日期", "original": "原件", "label": "名称", "room": "存放地点", "keyHolders": "钥匙保管人",
        "settings": "设置", "language": "界面语言", "operator": "操作员", "staff": "人员名单", "loanRules": "借阅规则",
        "catalogue": "文件类别目录", "timeZone": "时区", "name": "名称", "site": "项目",
        "category": "物业类型", "plates": "车牌号", "parkingSpaces": "车位号", "moveOut": "迁出", "relation": "关系",
        "phone": "电话", "address": "邮件转收地址", "retentionYears": "保管年限",
    ]

    /// "documents/d-…/state" → "文件清单 · 状态".
    public static func label(_ path: String) -> String {
        let parts = path.split(separator: "/").map(String.init)
        return parts.filter { !$0.hasPrefix("d-") }.map { names[$0] ?? $0 }.joined(separator: " · ")
    }
}
