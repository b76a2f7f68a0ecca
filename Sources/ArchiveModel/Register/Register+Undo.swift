import Foundation

extension Register {
    /// Folds an undo: the loan lent by `target` is voided (it holds nothing; the record and
    /// both entries stay), or the return written by `target` is taken back (its documents are
    /// out again on the same loan).
    mutating func takeBackEntry(_ target: String, entry e: JournalEntry) {
        let entry = e.ref.description
        let by = e.by
        undos.append(
            UndoRecord(entry: entry, at: e.at, by: e.by, undoes: target, envelope: e.envelope ?? "", note: e.note ?? "")
        )
        // The loan or return taken back: in the present, or in the past of the undo's envelope
        // (brought back into the present to be changed).
        func find(_ match: (LoanRecord) -> Bool) -> String? {
            if let id = hot.first(where: { match($0.value) })?.key { return id }
            guard let h = history else { return nil }
            let past = e.envelope.map { h.records(envelope: $0) } ?? h.all()
            return past.first { hot[$0.record.loan.id] == nil && match($0.record) }?.record.loan.id
        }
        if let id = find({ $0.entry == target }), var rec = present(id) {
            guard rec.voided == nil else { return }
            let held = rec.outstandingDocuments
            rec.voided = "撤销 (undone by \(by), \(entry))"
            hot[id] = rec
            for d in held { release(d, from: rec) }
            return
        }
        if let id = find({ $0.returnEntries?.contains(target) == true }), var rec = present(id) {
            guard rec.undoneReturns?.contains(target) != true,
                let i = rec.returnEntries?.firstIndex(of: target), i < rec.returns.count
            else { return }
            rec.undoneReturns = (rec.undoneReturns ?? []) + [target]
            hot[id] = rec
            for d in rec.returns[i].documents where rec.outstandingDocuments.contains(d) {
                if openByDocument[d] == nil { openByDocument[d] = id }
                outByEnvelope[rec.loan.envelope, default: 0] += 1
            }
            return
        }
        anomalies.append("undo of an unknown loan or return \(target) (entry \(entry))")
    }
}

/// An undo of a loan or a return, as folded: which entry took back which (for the envelope's
/// history; an undone edit is in the history through its own field changes).
public struct UndoRecord: Codable, Sendable, Equatable {
    /// The undo's entry (`DESK:SEQ`).
    public var entry: String
    /// When it was written.
    public var at: Date
    /// Who undid it (the archivist's name).
    public var by: String
    /// The entry taken back (`DESK:SEQ`).
    public var undoes: String
    /// The envelope the loan or return was about.
    public var envelope: String
    /// The undo's note (`撤销 DESK:SEQ: why`).
    public var note: String
}
