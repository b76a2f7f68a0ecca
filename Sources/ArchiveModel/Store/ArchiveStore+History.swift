import Foundation

/// One change of an envelope as the journal has it: who made it, when, at which desk, and each
/// field before and after.
public struct HistoryItem: Sendable, Equatable {
    /// One field of the change, as shown (personal numbers masked unless the person may see them).
    public struct Field: Sendable, Equatable {
        /// The field's path in the envelope's record (empty for the line of a new envelope).
        public var path: String
        /// The field as archivists say it (业主姓名, 文件清单 · 状态 …).
        public var label: String
        /// The value before, as shown (`—` when the field had none; empty for a new envelope).
        public var before: String
        /// The value after, as shown (`—` when the field was removed).
        public var after: String
    }
    /// The journal entry of the change (`DESK:SEQ`; empty when the record names none).
    public var entry: String
    /// When the change was made (for a loan, when it was lent).
    public var at: Date
    /// The person who made the change.
    public var by: String
    /// The OS login it was made from (empty for loans, renewals, returns, undos and decisions).
    public var login: String
    /// The desk id (`dsk-…`); empty when the entry names none (loans of the first format).
    public var desk: String
    /// The journal's action name (`envelope.create`, `loan`, `return` …); see ``actionName(_:)``.
    public var action: String
    /// What happened, in the archivists' words for loans and decisions; the entry's note otherwise (may be empty).
    public var note: String
    /// The fields changed, before and after (empty for loans, renewals, returns, undos and decisions).
    public var fields: [Field]

    /// An action as the archivists say it (the journal's own names are English).
    public static func actionName(_ action: String) -> String {
        switch action {
        case "envelope.create": return "建档"
        case "envelope.update": return "修改"
        case "document.add": return "添加文件"
        case "envelope.adopt": return "认可手工修改"
        case "envelope.revert": return "撤销手工修改"
        case "loan": return "出借"
        case "return": return "归还"
        case "renew": return "办理续借"
        case "copy": return "影印"
        case "destroy": return "销毁"
        case "transfer": return "移交"
        case "inventory": return "盘点"
        case "import": return "导入"
        case "resolve": return "处理冲突"
        case "undo": return "撤销"
        case "archive.migrate": return "迁移"
        default: return action
        }
    }
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
        let reveal = Mask.mayRevealPersonalNumbers(self)
        var items: [HistoryItem] = []
        for e in r.entries {
            guard let c = e.changes.first(where: { $0.record == id }) else { continue }
            var fields: [HistoryItem.Field] = []
            if let env = c.envelope {
                fields.append(
                    .init(
                        path: "", label: "新建", before: "",
                        after: "\(env.owner) \(env.roomCode) \(env.documents.count)份文件"))
            }
            for op in c.ops {
                let before = op.from.map { reveal ? $0 : Self.maskPersonal(op.path, $0) }
                let after = op.to.map { reveal ? $0 : Self.maskPersonal(op.path, $0) }
                fields.append(
                    .init(
                        path: op.path, label: FieldNames.label(op.path), before: before?.display ?? "—",
                        after: after?.display ?? "—"))
            }
            items.append(
                HistoryItem(
                    entry: e.ref.description, at: e.at, by: e.by, login: e.login, desk: e.desk,
                    action: e.action.rawValue,
                    note: e.note ?? "", fields: fields))
        }
        // Loans of its documents, from the register.
        for l in register.loans(envelope: id) {
            let docs = l.loan.documents.count
            items.append(
                HistoryItem(
                    entry: l.entry, at: l.loan.out, by: l.loan.archivist, login: "",
                    desk: EntryRef(l.entry)?.desk ?? "",
                    action: "loan", note: "借出\(docs)份给\(l.loan.borrower),应还\(timeFormat.minute(l.loan.due))", fields: []
                ))
            // The entry (and so the desk) of each renewal and return, where the record keeps it.
            func ref(_ refs: [String]?, _ i: Int) -> String { refs.flatMap { i < $0.count ? $0[i] : nil } ?? "" }
            for (i, rn) in l.renewals.enumerated() {
                let entry = ref(l.renewalEntries, i)
                items.append(
                    HistoryItem(
                        entry: entry, at: rn.at, by: rn.archivist, login: "", desk: EntryRef(entry)?.desk ?? "",
                        action: "renew", note: "续借至\(timeFormat.minute(rn.newDue))", fields: []))
            }
            for (i, rt) in l.returns.enumerated() {
                let entry = ref(l.returnEntries, i)
                items.append(
                    HistoryItem(
                        entry: entry, at: rt.at, by: rt.archivist, login: "", desk: EntryRef(entry)?.desk ?? "",
                        action: "return",
                        note: "归还\(rt.documents.count)份" + (rt.complete ? "" : ",不完整:\(rt.note)"), fields: []))
            }
        }
        // Loans and returns taken back (an undone edit is among the envelope's own entries).
        for u in register.undos where u.envelope == id {
            items.append(
                HistoryItem(
                    entry: u.entry, at: u.at, by: u.by, login: "", desk: EntryRef(u.entry)?.desk ?? "",
                    action: "undo", note: u.note, fields: []))
        }
        // Decisions on a document lent at two desks (a decision on a field is a change of the
        // envelope, listed above).
        for r in register.resolutions.values {
            guard let d = r.resolution.conflict ?? register.disputes[r.resolution.dispute], d.kind == .doubleLoan,
                d.envelope == id
            else { continue }
            let kept =
                d.sides.first { $0.loan == r.resolution.keep }.map { "\($0.value) (\(r.resolution.keep))" }
                ?? r.resolution.keep
            let voided = d.sides.filter { $0.loan != r.resolution.keep }.map { "\($0.value) (\($0.loan ?? $0.entry))" }
            items.append(
                HistoryItem(
                    entry: r.entry, at: r.at, by: r.by, login: "", desk: EntryRef(r.entry)?.desk ?? "",
                    action: "resolve",
                    note: "两个工作站借出同一文件: 保留 \(kept), 作废 \(voided.joined(separator: "、")); 理由: \(r.resolution.reason)",
                    fields: []))
        }
        // By time; at the same minute, in the order gathered (a loan before its return).
        return items.enumerated().sorted { a, b in
            a.element.at != b.element.at ? a.element.at < b.element.at : a.offset < b.offset
        }.map(\.element)
    }

    /// A changed value with identity numbers and telephone numbers masked as everywhere else
    /// (only archivists and approvers see them whole): the owner's ID number, the phones and
    /// the emergency contact's phone, whether the change names the field or a record holding it.
    static func maskPersonal(_ path: String, _ v: JSONValue) -> JSONValue {
        let top = path.split(separator: "/").first.map(String.init) ?? ""
        func masked(_ v: JSONValue, _ f: (String) -> String) -> JSONValue {
            switch v {
            case .string(let s): return .string(f(s))
            case .array(let a): return .array(a.map { masked($0, f) })
            default: return v
            }
        }
        switch top {
        case "idNumber": return masked(v, Mask.idNumber)
        case "phones": return masked(v, Mask.phone)
        case "emergencyContact":
            if path.hasSuffix("/phone") { return masked(v, Mask.phone) }
            if var o = v.objectValue, let ph = o["phone"] {
                o["phone"] = masked(ph, Mask.phone)
                return .object(o)
            }
            return v
        case "":
            // A whole envelope (created, or written back by a revert).
            guard var o = v.objectValue else { return v }
            for k in ["idNumber", "phones", "emergencyContact"] { if let x = o[k] { o[k] = maskPersonal(k, x) } }
            return .object(o)
        default: return v
        }
    }

    /// A field's value as listed for a conflict (`field` is its path), masked unless the
    /// operator may see personal numbers whole.
    public func shownValue(field: String, _ value: String) -> String {
        if Mask.mayRevealPersonalNumbers(self) { return value }
        let top = field.split(separator: "/").first.map(String.init) ?? ""
        switch top {
        case "idNumber": return Mask.idNumber(value)
        case "phones": return value.split(separator: "、").map { Mask.phone(String($0)) }.joined(separator: "、")
        case "emergencyContact" where field.hasSuffix("/phone"): return Mask.phone(value)
        default: return value
        }
    }

    /// Envelopes created or changed (edited, moved, a document added, destroyed, transferred)
    /// on or after `day` (YYYY-MM-DD): those whose latest change (the entries of their
    /// revision) is dated on or after the day. A chain is not in time order (back-dated
    /// entries, clocks set differently at two desks), so the envelopes' own heads are read,
    /// one small entry each, rather than the chains from their end.
    public func envelopesChanged(since day: String) -> Set<String> {
        var out = Set<String>()
        var dates: [String: String] = [:]
        for s in envelopes {
            for h in s.revision {
                let d: String
                if let known = dates[h] {
                    d = known
                } else {
                    guard let e = loadEntry(h) else { continue }
                    d = timeFormat.day(e.at)
                    dates[h] = d
                }
                if d >= day {
                    out.insert(s.id)
                    break
                }
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
            let hits = register.openDisputes.filter {
                $0.id == idOrPrefix || (idOrPrefix.count >= 5 && $0.id.hasPrefix(idOrPrefix))
            }
            guard hits.count == 1, let d = hits.first else {
                if hits.count > 1 {
                    throw ArchiveError.ambiguous(what: Sanitize.visible(idOrPrefix), candidates: hits.map { $0.id })
                }
                throw ArchiveError.notFound(what: "open conflict \(Sanitize.visible(idOrPrefix))")
            }
            var en = entry(.resolve, envelope: d.envelope, note: "处理冲突 \(d.id): \(why)")
            switch d.kind {
            case .doubleLoan:
                guard d.sides.contains(where: { $0.loan == keep }) else {
                    throw ArchiveError.invalidField(
                        field: "--keep",
                        reason:
                            """
                            must be one of the loans in conflict: \
                            \(d.sides.compactMap { $0.loan }.joined(separator: ", "))
                            """
                    )
                }
                en.resolution = Resolution(dispute: d.id, keep: keep, reason: why, conflict: d)
            case .field:
                guard let side = d.sides.first(where: { $0.entry == keep }), let field = d.field,
                    let envID = d.envelope,
                    let sum = summary(id: envID)
                else {
                    throw ArchiveError.invalidField(
                        field: "--keep",
                        reason:
                            """
                            must be one of the entries in conflict: \
                            \(d.sides.map { $0.entry }.joined(separator: ", "))
                            """
                    )
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
