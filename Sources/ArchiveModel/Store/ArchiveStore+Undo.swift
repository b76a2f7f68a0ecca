import Foundation

/// What an undo would take back: this desk's newest entry, when it is a loan, a return or an
/// envelope edit made by this login a few minutes ago and nothing has built on it since.
public struct UndoTarget: Sendable, Equatable {
    /// What kind of change is taken back.
    public enum Kind: String, Sendable { case loan, `return`, edit }
    /// The entry taken back (`DESK:SEQ`).
    public var entry: String
    /// A loan, a return or an envelope edit.
    public var kind: Kind
    /// When it was made.
    public var at: Date
    /// The envelope it is about.
    public var envelope: String
    /// The documents lent or given back (empty for an edit).
    public var documents: [String]
    /// The borrower (empty for an edit).
    public var borrower: String
    /// The fields an edit changed (their paths; empty for a loan or a return).
    public var fields: [String]
}

/// Undo of the last loan, return or edit (issue 18): a reversing journal entry, never a
/// deletion — the journal and the register keep both.
extension ArchiveStore {
    /// How long after a change it may be taken back.
    public static let undoWindow: TimeInterval = 10 * 60

    /// This desk's newest entry, if it may be taken back now: a loan whose documents are all
    /// still out, a return whose documents nobody has lent since, or an envelope edit nothing
    /// has changed since; made by this login within ``undoWindow``.
    public func undoable() -> UndoTarget? {
        guard let desk = deskID ?? localDeskID, let head = frontier[desk], head.seq > 0 else { return nil }
        let ref = EntryRef(desk: desk, seq: head.seq).description
        guard let e = loadEntry(ref), e.login == login, e.at <= now,
            now.timeIntervalSince(e.at) <= ArchiveStore.undoWindow
        else { return nil }
        switch e.action {
        case .loan:
            guard let l = e.loan, let rec = register.records[l.id], rec.voided == nil,
                Set(rec.outstandingDocuments) == Set(l.documents)
            else { return nil }
            return UndoTarget(
                entry: ref, kind: .loan, at: e.at, envelope: l.envelope, documents: l.documents,
                borrower: l.borrower, fields: [])
        case .return:
            guard let r = e.loanReturn, let rec = register.records[r.loan], rec.voided == nil,
                rec.returnEntries?.contains(ref) == true,
                r.documents.allSatisfy({ register.openByDocument[$0] == nil })
            else { return nil }
            return UndoTarget(
                entry: ref, kind: .return, at: e.at, envelope: rec.loan.envelope, documents: r.documents,
                borrower: rec.loan.borrower, fields: [])
        case .envelopeUpdate:
            guard let id = e.envelope, let c = e.changes.first, e.changes.count == 1, !c.isCreation,
                summary(id: id)?.revision == [ref]
            else { return nil }
            return UndoTarget(
                entry: ref, kind: .edit, at: e.at, envelope: id, documents: [], borrower: "",
                fields: c.ops.map { $0.path })
        default:
            return nil
        }
    }

    /// Takes back `target` (as `undoable()` gave it) with a journal entry of its own: a loan
    /// voided, a return's documents out again, an edit's fields set back. Refused (rule
    /// `undo.stale`) when it is no longer the last change that may be undone.
    @discardableResult
    public func undo(_ target: UndoTarget, reason: String = "") throws -> Decision {
        try mutate {
            guard undoable() == target else {
                return .refuse(
                    "undo.stale",
                    "只能撤销本人刚办理 (\(Int(ArchiveStore.undoWindow / 60)) 分钟内) 的最后一笔借出、归还或修改,且之后没有其他变动 "
                        + "(only the last loan, return or edit you made in the last minutes, with nothing after it, "
                        + "can be undone)")
            }
            let why = try Validate.text(reason, field: "reason", max: 500)
            let note = "撤销 \(target.entry)" + (why.isEmpty ? "" : ": \(why)")
            switch target.kind {
            case .loan, .return:
                var e = entry(.undo, envelope: target.envelope, note: note)
                e.undoes = target.entry
                try commit(e)
            case .edit:
                guard let old = loadEntry(target.entry), let c = old.changes.first else {
                    throw ArchiveError.notFound(what: "entry \(target.entry)")
                }
                let current = try envelope(id: target.envelope)
                var bare = current
                bare.revision = nil
                let back = c.ops.reversed().map { FieldOp(path: $0.path, from: $0.to, to: $0.from) }
                let before = try RecordDiff.apply(back, to: try JSONValue.of(bare, coding)).decode(
                    Envelope.self, coding)
                try updateEnvelope(id: target.envelope, note: note, action: .undo) { $0 = before }
            }
            return .allow("undo.done", "已撤销 (undone)")
        }
    }
}
