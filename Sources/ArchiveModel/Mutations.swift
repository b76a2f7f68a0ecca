import Foundation

/// Every change goes through `mutate`: the writers' lock, a look at what other processes
/// wrote, a durable write, and an entry in the journal.
extension ArchiveStore {
    func writeEnvelopeFile(_ e: Envelope) throws {
        let rel = ArchiveStore.envelopeRelativePath(cabinet: e.cabinet, building: e.building, floor: e.floor, unit: e.unit, id: e.id)
        let dir = DurableIO.parent(abs(rel))
        let bytes = try JSONCoding.bytes(e, encoder)
        if DurableIO.isDir(dir) {
            try DurableIO.writeAtomic(abs(rel), bytes)
            return
        }
        // A new envelope folder is built under a hidden name and renamed into place whole, so
        // that a crash never leaves an envelope folder without its file (scans skip dot-names).
        let unitDir = DurableIO.parent(dir)
        // A new unit folder changes its floor's folder, which the cache's stamp covers: the
        // cache is rewritten after this change so that other processes need not rescan.
        if !DurableIO.isDir(unitDir) { treeChanged = true }
        try DurableIO.makeDirs(unitDir)
        let staging = unitDir + "/.new-" + e.id + "-" + String(getpid())
        try? DurableIO.removeTree(staging)
        try DurableIO.makeDirs(staging)
        try DurableIO.writeAtomic(staging + "/envelope.json", bytes)
        do { try DurableIO.rename(staging, dir) } catch {
            try? DurableIO.removeTree(staging)
            throw error
        }
        try DurableIO.fsyncDir(unitDir)
    }

    func writeSettings(_ info: ArchiveInfo) throws {
        try DurableIO.writeAtomic(abs("archive.json"), JSONCoding.bytes(info, encoder))
    }

    public func updateSettings(_ body: (inout Settings) throws -> Void) throws {
        // Never replace a damaged or missing settings file with defaults behind the user's back.
        if settingsProblem { throw ArchiveError.damaged(path: "archive.json", message: "unreadable or missing; repair it (see dangan check) before changing settings") }
        try mutate(allowLimited: true) {
            var i = info
            try body(&i.settings)
            try writeSettings(i)
            info = i
            try append(JournalEntry(at: now, by: operatorName, action: .settingsUpdate, note: "settings changed"))
        }
    }

    @discardableResult
    public func createCabinet(code: String, label: String, room: String, keyHolders: [String] = []) throws -> Cabinet {
        let c = Cabinet(code: try LocationCode.validate(code, field: "cabinet code"),
                        label: try Validate.text(label, field: "label", max: 100, required: true),
                        room: try Validate.text(room, field: "room", max: 100),
                        keyHolders: try keyHolders.map { try Validate.text($0, field: "key holder", max: 100, required: true) })
        return try mutate {
            if cabinets.contains(where: { $0.code == c.code }) { throw ArchiveError.alreadyExists(path: "cabinets/\(c.code)") }
            try DurableIO.makeDirs(abs("cabinets/\(c.code)"))
            try DurableIO.writeAtomic(abs("cabinets/\(c.code)/cabinet.json"), JSONCoding.bytes(c, encoder))
            upsertCabinet(c)
            try append(JournalEntry(at: now, by: operatorName, action: .cabinetCreate, cabinet: c))
            return c
        }
    }

    /// Files a new envelope. Its cabinet must exist; the id must be new.
    @discardableResult
    public func createEnvelope(_ envelope: Envelope) throws -> Envelope {
        let e = try Validate.envelope(envelope, settings: settings, now: now)
        return try mutate {
            guard cabinets.contains(where: { $0.code == e.cabinet }) else { throw ArchiveError.notFound(what: "cabinet \(e.cabinet)") }
            if summary(id: e.id) != nil { throw ArchiveError.alreadyExists(path: "envelope \(e.id)") }
            try writeEnvelopeFile(e)
            try append(JournalEntry(at: now, by: operatorName, action: .envelopeCreate, envelope: e.id, after: e))
            reloadSummary(envelopeID: e.id)
            return e
        }
    }

    /// Changes an envelope: re-reads its file under the lock (no lost update), applies the
    /// change, validates, writes, and records before and after in the audit trail. A damaged
    /// file is never overwritten: the change is refused until it is repaired.
    @discardableResult
    public func updateEnvelope(id: String, note: String? = nil, _ change: (inout Envelope) throws -> Void) throws -> Envelope {
        try mutate {
            let before = try envelope(id: id)
            var after = before
            try change(&after)
            after.id = before.id
            after = try Validate.envelope(after, settings: settings, now: now, before: before)
            if after == before { return before }
            if after.location != before.location {
                guard cabinets.contains(where: { $0.code == after.cabinet }) else { throw ArchiveError.notFound(what: "cabinet \(after.cabinet)") }
                // Write the new file first, then remove the old folder: a crash leaves a duplicate
                // that `dangan check` reports, never a lost envelope.
                try writeEnvelopeFile(after)
                let oldDir = DurableIO.parent(abs(ArchiveStore.envelopeRelativePath(cabinet: before.cabinet, building: before.building, floor: before.floor, unit: before.unit, id: id)))
                DurableIO.remove(oldDir + "/envelope.json")
                DurableIO.remove(oldDir)
                try? DurableIO.fsyncDir(DurableIO.parent(oldDir))
            } else {
                try writeEnvelopeFile(after)
            }
            try append(JournalEntry(at: now, by: operatorName, action: .envelopeUpdate, envelope: id, before: before, after: after, note: note))
            reloadSummary(envelopeID: id)
            return after
        }
    }

    /// Adds a document to an envelope's file list; returns it with its new id.
    @discardableResult
    public func addDocument(envelope id: String, _ doc: Document) throws -> Document {
        var d = doc
        d.id = DocumentID.make(envelope: id)
        _ = try updateEnvelope(id: id, note: "document added") { $0.documents.append(d) }
        return d
    }

    /// Lends documents (all from one envelope) if the rules allow. The loan is one durable
    /// journal entry: that is the register. Returns the decision and, if allowed, the loan.
    public func borrow(_ req: LoanRequest) throws -> (Decision, Loan?) {
        let request = LoanRequest(documents: req.documents, borrower: try Validate.text(req.borrower, field: "borrower", max: 100),
                                  department: try Validate.text(req.department, field: "department", max: 100),
                                  purpose: try Validate.text(req.purpose, field: "purpose", max: 500),
                                  approver: try req.approver.map { try Validate.text($0, field: "approver", max: 100) }, type: req.type)
        return try mutate {
            var docs: [Document] = []
            var env: Envelope? = nil
            if !request.documents.isEmpty {
                guard let (e, d) = try documentsOfOneEnvelope(request.documents) else {
                    return (.refuse("form.one-envelope", "一次借阅只能登记同一档案袋的文件 (one loan covers documents of one envelope)"), nil)
                }
                env = e; docs = d
            }
            let t = now
            let decision = LendingRules.decide(documents: docs, request: request, settings: settings, register: register, now: t, tf: timeFormat)
            guard decision.allowed, let e = env, let due = decision.due else { return (decision, nil) }
            let approverRole = request.approver.flatMap { settings.staff(named: $0)?.role }
            let loan = Loan(envelope: e.id, documents: docs.map { $0.id }, wholeEnvelope: docs.count == e.documents.count && docs.count > 1,
                            borrower: request.borrower, department: request.department, purpose: request.purpose,
                            approver: request.approver?.isEmpty == true ? nil : request.approver, approverRole: approverRole,
                            type: request.type, out: t, due: due, archivist: operatorName, rule: decision.rule)
            try append(JournalEntry(at: t, by: operatorName, action: .loan, envelope: e.id, loan: loan, note: decision.message))
            return (decision, loan)
        }
    }

    /// Takes documents back, with the completeness check. Returns the loans closed or reduced.
    @discardableResult
    public func returnDocuments(_ refs: [String], complete: Bool = true, note: String = "") throws -> [LoanReturn] {
        let n = try Validate.text(note, field: "note", max: 500)
        if !complete && n.isEmpty { throw ArchiveError.invalidField(field: "note", reason: "is required when the file is returned incomplete") }
        return try mutate {
            var byLoan: [String: [String]] = [:]
            var order: [String] = []
            for ref in refs {
                let id: String
                if DocumentID.envelope(of: ref) != nil { id = ref } else { id = try document(ref: ref).1.id }
                guard let l = register.openByDocument[id] else { throw ArchiveError.refused(rule: "return.not-out", message: "文件未借出 (document \(ref) is not on loan)") }
                if byLoan[l] == nil { order.append(l) }
                byLoan[l, default: []].append(id)
            }
            var out: [LoanReturn] = []
            for l in order {
                let r = LoanReturn(loan: l, documents: byLoan[l]!, at: now, complete: complete, note: n, archivist: operatorName)
                try append(JournalEntry(at: r.at, by: operatorName, action: .return, envelope: register.records[l]?.loan.envelope, loanReturn: r))
                out.append(r)
            }
            return out
        }
    }

    /// Renews a loan (续借) if the rules allow.
    public func renew(loan id: String) throws -> Decision {
        try mutate {
            guard let rec = register.records[id] else { throw ArchiveError.notFound(what: "loan \(id)") }
            let d = LendingRules.decideRenewal(rec, settings: settings, now: now)
            guard d.allowed, let due = d.due else { return d }
            try append(JournalEntry(at: now, by: operatorName, action: .renew, envelope: rec.loan.envelope,
                                    renewal: Renewal(loan: id, at: now, newDue: due, archivist: operatorName), note: d.message))
            return d
        }
    }
}

extension ArchiveStore {
    /// Change of ownership (产权转让): the old owner's envelope is closed and kept; the new owner
    /// gets a new envelope for the same unit, the two linked both ways.
    @discardableResult
    public func changeOwnership(envelope id: String, newOwner: String, number: String, barcode: String = "", moveIn: String = "") throws -> Envelope {
        let owner = try Validate.text(newOwner, field: "new owner", max: 100, required: true)
        let old = try envelope(id: id)
        guard old.status == .active else { throw ArchiveError.refused(rule: "ownership.closed", message: "该档案袋已结档 (the envelope is already closed)") }
        let fresh = Envelope(number: number, barcode: barcode, cabinet: old.cabinet, building: old.building, floor: old.floor, unit: old.unit,
                             owner: owner, moveIn: moveIn, previousEnvelope: old.id)
        let created = try createEnvelope(fresh)
        try updateEnvelope(id: old.id, note: "产权转让 → \(created.id)") { e in
            e.status = .closed
            e.nextEnvelope = created.id
        }
        return created
    }
}
