import Foundation

/// The folded register as the checkpoint keeps it.
struct RegisterSnapshot: Codable {
    var loans: [LoanRecord]
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
        RegisterSnapshot(
            loans: loans, anomalies: anomalies, paperwork: paperwork, disputes: Array(disputes.values),
            resolutions: resolutions,
            desks: desks, migration: migration, office: office, lending: lending, undos: undos)
    }

    init(snapshot s: RegisterSnapshot) {
        self.init()
        paperwork = s.paperwork
        for c in s.paperwork.copies.values where c.originalOut { for d in c.documents { copyingByDocument[d] = c.id } }
        for r in s.loans {
            records[r.loan.id] = r
            order.append(r.loan.id)
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
