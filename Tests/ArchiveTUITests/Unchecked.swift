@testable import ArchiveModel

/// Writes an envelope into the journal without the checks a person's change goes through —
/// what an older dangan, or another program signing with a desk's key, may have written.
func journalUnchecked(_ s: ArchiveStore, _ e: Envelope) throws {
    try s.mutate {
        var cur = try s.envelope(id: e.id)
        cur.revision = nil
        var next = e
        next.revision = nil
        guard let c = try s.envelopeChange(from: cur, to: next, base: s.summary(id: e.id)!.revision) else { return }
        try s.commit(s.entry(.envelopeUpdate, envelope: e.id, changes: [c]))
    }
}

/// The same for a cabinet and for the settings.
func journalUnchecked(_ s: ArchiveStore, cabinet c: Cabinet) throws {
    try s.mutate {
        guard var cur = s.cabinets.first(where: { $0.id == c.id }) else { return }
        let base = cur.revision?.heads ?? []
        cur.revision = nil
        var next = c
        next.revision = nil
        let ops = RecordDiff.diff(try JSONValue.of(cur, s.coding), try JSONValue.of(next, s.coding))
        try s.commit(
            s.entry(.cabinetUpdate, changes: [RecordChange(kind: .cabinet, record: c.id, base: base, ops: ops)]))
    }
}

func journalUnchecked(_ s: ArchiveStore, settings change: (inout ArchiveInfo) -> Void) throws {
    try s.mutate {
        let cur = s.infoWithoutRevision()
        var next = cur
        change(&next)
        let ops = RecordDiff.diff(try JSONValue.of(cur, s.coding), try JSONValue.of(next, s.coding))
        try s.commit(
            s.entry(
                .settingsUpdate,
                changes: [RecordChange(kind: .settings, record: "settings", base: s.settingsRevision, ops: ops)]))
    }
}

/// A loan written without the rules' checks (any borrower, purpose, approver).
func journalUnchecked(_ s: ArchiveStore, loan: Loan) throws {
    try s.mutate {
        var en = s.entry(.loan, envelope: loan.envelope)
        en.loan = loan
        try s.commit(en)
    }
}
