import Foundation

/// One change of an envelope as the journal has it: who made it, when, at which desk, and each
/// field before and after.
public struct HistoryItem: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var path: String
        /// The field as archivists say it (业主姓名, 文件清单 · 状态 …).
        public var label: String
        public var before: String
        public var after: String
    }
    public var entry: String
    public var at: Date
    public var by: String
    public var login: String
    public var desk: String
    public var action: String
    public var note: String
    public var fields: [Field]
}

/// Envelope histories, and decisions on conflicts between desks.
extension ArchiveStore {
    /// The changes of an envelope, oldest first: its own entries (created, edited, documents
    /// added, destroyed, transferred, adopted) and the loans, returns and renewals of its
    /// documents.
    public func history(envelope ref: String) throws -> [HistoryItem] {
        let id = try resolveEnvelope(ref)
        guard let s = summary(id: id) else { throw ArchiveError.notFound(what: "envelope \(Sanitize.visible(ref))") }
        guard let r = rebuildRecord(id, heads: s.revision) else {
            throw ArchiveError.damaged(path: "journal", message: "the entries of envelope \(id) cannot be read")
        }
        var items: [HistoryItem] = []
        for e in r.entries {
            guard let c = e.changes.first(where: { $0.record == id }) else { continue }
            var fields: [HistoryItem.Field] = []
            if let env = c.envelope {
                fields.append(.init(path: "", label: "新建", before: "", after: "\(env.owner) \(env.roomCode) \(env.documents.count)份文件"))
            }
            for op in c.ops {
                fields.append(.init(path: op.path, label: FieldNames.label(op.path), before: op.from?.display ?? "—", after: op.to?.display ?? "—"))
            }
            items.append(HistoryItem(entry: e.ref.description, at: e.at, by: e.by, login: e.login, desk: e.desk, action: e.action.rawValue,
                                     note: e.note ?? "", fields: fields))
        }
        // Loans of its documents, from the register.
        for l in register.loans(envelope: id) {
            let docs = l.loan.documents.count
            items.append(HistoryItem(entry: l.entry, at: l.loan.out, by: l.loan.archivist, login: "", desk: EntryRef(l.entry)?.desk ?? "",
                                     action: "loan", note: "借出\(docs)份给\(l.loan.borrower),应还\(timeFormat.minute(l.loan.due))", fields: []))
            for rn in l.renewals {
                items.append(HistoryItem(entry: "", at: rn.at, by: rn.archivist, login: "", desk: "", action: "renew",
                                         note: "续借至\(timeFormat.minute(rn.newDue))", fields: []))
            }
            for rt in l.returns {
                items.append(HistoryItem(entry: "", at: rt.at, by: rt.archivist, login: "", desk: "", action: "return",
                                         note: "归还\(rt.documents.count)份" + (rt.complete ? "" : ",不完整:\(rt.note)"), fields: []))
            }
        }
        return items.sorted { $0.at != $1.at ? $0.at < $1.at : $0.entry < $1.entry }
    }

    /// Envelopes created or changed (edited, moved, a document added, destroyed, transferred)
    /// on or after `day` (YYYY-MM-DD), from the journal: each desk's chain is read back from its
    /// newest entry until an entry older than the day.
    public func envelopesChanged(since day: String) -> Set<String> {
        var out = Set<String>()
        for (d, h) in frontier {
            var seq = h.seq
            while seq >= 1, let e = loadEntry("\(d):\(seq)") {
                if timeFormat.day(e.at) < day { break }
                for c in e.changes where c.kind == .envelope { out.insert(c.record) }
                seq -= 1
            }
        }
        return out
    }

    /// Resolves a conflict between desks, recording who decided and why. For a document lent
    /// at two desks, `keep` is the loan that really went out (the others are voided); for a
    /// field set differently at two desks, `keep` is the entry (`DESK:SEQ`) whose value stands.
    public func resolveDispute(_ idOrPrefix: String, keep: String, reason: String) throws {
        let why = try Validate.text(reason, field: "reason", max: 500, required: true)
        try mutate {
            let hits = register.openDisputes.filter { $0.id == idOrPrefix || (idOrPrefix.count >= 5 && $0.id.hasPrefix(idOrPrefix)) }
            guard hits.count == 1, let d = hits.first else {
                if hits.count > 1 { throw ArchiveError.ambiguous(what: Sanitize.visible(idOrPrefix), candidates: hits.map { $0.id }) }
                throw ArchiveError.notFound(what: "open conflict \(Sanitize.visible(idOrPrefix))")
            }
            var en = entry(.resolve, envelope: d.envelope, note: "处理冲突 \(d.id): \(why)")
            switch d.kind {
            case .doubleLoan:
                guard d.sides.contains(where: { $0.loan == keep }) else {
                    throw ArchiveError.invalidField(field: "--keep", reason: "must be one of the loans in conflict: \(d.sides.compactMap { $0.loan }.joined(separator: ", "))")
                }
                en.resolution = Resolution(dispute: d.id, keep: keep, reason: why, conflict: d)
            case .field:
                guard let side = d.sides.first(where: { $0.entry == keep }), let field = d.field, let envID = d.envelope,
                      let sum = summary(id: envID) else {
                    throw ArchiveError.invalidField(field: "--keep", reason: "must be one of the entries in conflict: \(d.sides.map { $0.entry }.joined(separator: ", "))")
                }
                var current = try envelope(id: envID)
                current.revision = nil
                let cur = try JSONValue.of(current, coding)
                let chosen = side.raw
                // The decision writes the field (even when its value stands as shown): having seen
                // every side, it is then the field's only latest write, and the conflict is over.
                var c = RecordChange(kind: .envelope, record: envID, base: sum.revision)
                let next = try RecordDiff.apply([FieldOp(path: field, from: nil, to: chosen)], to: cur)
                c.ops = [FieldOp(path: field, from: RecordDiff.value(at: field, in: cur), to: chosen)]
                c.digest = String(contentDigest(try next.decode(Envelope.self, coding)), radix: 16)
                en.changes = [c]
                en.resolution = Resolution(dispute: d.id, keep: keep, reason: why, conflict: d)
            }
            try commit(en)
        }
    }
}
