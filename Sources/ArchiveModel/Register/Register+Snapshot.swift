import Foundation

/// The folded register's present as the checkpoint keeps it (its past is in the history
/// segments the checkpoint names).
struct RegisterSnapshot: Codable {
    /// Loans of the present (open, or returned since the past last took them in) and their
    /// places in the lending order.
    var loans: [LoanRecord]
    var seqs: [Int]
    var lentCount: Int
    var anomalies: [String]
    var paperwork: Paperwork
    var disputes: [Dispute]
    var resolutions: [String: ResolutionRecord]
    var desks: [String: DeskRecord]
    var migration: MigrationInfo?
    var office: OfficeRegisters?
    var lending: LendingRegisters?
    var undos: [UndoRecord]?
}

extension Register {
    var snapshot: RegisterSnapshot {
        let present = hot.map { (seqOf[$0.key] ?? 0, $0.value) }.sorted { $0.0 < $1.0 }
        return RegisterSnapshot(
            loans: present.map { $0.1 }, seqs: present.map { $0.0 }, lentCount: lentCount, anomalies: anomalies,
            paperwork: paperwork, disputes: Array(disputes.values), resolutions: resolutions,
            desks: desks, migration: migration, office: office, lending: lending, undos: undos)
    }

    init(snapshot s: RegisterSnapshot) {
        self.init()
        paperwork = s.paperwork
        for c in s.paperwork.copies.values where c.originalOut { for d in c.documents { copyingByDocument[d] = c.id } }
        lentCount = s.lentCount
        for (r, seq) in zip(s.loans, s.seqs) {
            hot[r.loan.id] = r
            seqOf[r.loan.id] = seq
            for d in r.loan.documents { loansByDocument[d, default: []].append(r.loan.id) }
            for d in r.outstandingDocuments {
                if openByDocument[d] == nil { openByDocument[d] = r.loan.id }
                outByEnvelope[r.loan.envelope, default: 0] += 1
            }
        }
        anomalies = s.anomalies
        for d in s.disputes { disputes[d.id] = d }
        resolutions = s.resolutions
        desks = s.desks
        migration = s.migration
        office = s.office ?? OfficeRegisters()
        lending = s.lending ?? LendingRegisters()
        undos = s.undos ?? []
    }
}
