import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// The register's present and past: returned loans leave the checkpoint for history segments
/// read in place, and the register read through both is the register a full fold gives.
final class HistoryTests: XCTestCase {
    /// Lends and returns `rounds` times (renewing every fifth loan), writing checkpoints as a
    /// session would. Returns the loan ids in lending order.
    func churn(_ s: ArchiveStore, _ docs: [Document], rounds: Int) throws -> [String] {
        var ids: [String] = []
        for i in 0..<rounds {
            let d = docs[i % docs.count]
            let (dec, loan) = try s.borrow(
                LoanRequest(
                    documents: [d.id], borrower: "赵磊", department: "客服", purpose: "核对\(i)",
                    approver: "王建国", type: .short))
            XCTAssertTrue(dec.allowed, dec.message)
            ids.append(loan!.id)
            if i % 5 == 0 { _ = try s.renew(loan: loan!.id) }
            try s.returnDocuments([d.id], complete: i % 7 != 0, note: i % 7 == 0 ? "缺页\(i)" : "")
            if i % 37 == 0 { try s.writeCache() }
        }
        return ids
    }

    /// Two documents any staff member may borrow short-term: the contract's copy, and the
    /// payment record's copy made ordinary (confidential material needs an approval in the system).
    func twoLendable(_ s: ArchiveStore, _ e: Envelope) throws -> [Document] {
        let after = try s.updateEnvelope(id: e.id, note: "普通") { $0.documents[5].secrecy = .none }
        return [after.documents[1], after.documents[5]]
    }

    func testPastLoansLeaveThePresentAndReadBackAsAFullFoldSaysThem() throws {
        let (s, e) = try makeArchive()
        let docs = try twoLendable(s, e)
        let ids = try churn(s, docs, rounds: 400)
        // One loan left open.
        let (_, open) = try s.borrow(
            LoanRequest(
                documents: [docs[0].id], borrower: "刘洋", department: "工程部", purpose: "维修", approver: "王建国", type: .short
            ))
        try s.writeCache()
        // The checkpoint holds the present only: the open loan and at most a batch of returned ones.
        XCTAssertLessThan(s.register.hot.count, 2 * ArchiveStore.pastBatch + 2)
        let segs = try XCTUnwrap(s.register.history).segments
        XCTAssertLessThan(segs.count, 12, "segments: \(segs.map { $0.count })")
        XCTAssertEqual(segs.reduce(0) { $0 + $1.count } + s.register.hot.count, 401)

        let truth = try ArchiveStore.open(s.root, useCache: false)
        let cached = try ArchiveStore.open(s.root)
        XCTAssertTrue(cached.openedFromCache)
        XCTAssertEqual(cached.register, truth.register)
        XCTAssertEqual(cached.register.order, ids + [open!.id])
        XCTAssertEqual(cached.register.loans.count, 401)
        XCTAssertEqual(cached.register.open.map { $0.loan.id }, [open!.id])
        for d in docs { XCTAssertEqual(cached.register.history(of: d.id), truth.register.history(of: d.id)) }
        XCTAssertEqual(cached.register.history(of: docs[1].id).count, 200)
        XCTAssertEqual(cached.register.loans(envelope: e.id), truth.register.loans)
        for id in [ids[0], ids[5], ids[133], ids[399]] {
            let r = try XCTUnwrap(cached.register.records[id])
            XCTAssertEqual(r, truth.register.records[id])
            XCTAssertFalse(r.isOpen)
        }
        XCTAssertEqual(cached.register.records[ids[0]]?.renewals.count, 1)
        XCTAssertEqual(cached.register.records[ids[7]]?.returns.first?.note, "缺页7")
        XCTAssertEqual(try cached.loanID(String(ids[42].prefix(14))), ids[42])
        XCTAssertEqual(try cached.history(envelope: e.id).filter { $0.action == "loan" }.count, 401)
        // Each return and renewal of a past loan still names its entry and desk.
        let shown = try cached.history(envelope: e.id).filter { $0.action == "return" || $0.action == "renew" }
        XCTAssertEqual(shown.count, 400 + 80)  // a return each round, a renewal every fifth
        XCTAssertTrue(shown.allSatisfy { !$0.entry.isEmpty && !$0.desk.isEmpty })
        XCTAssertEqual(
            shown.map { $0.entry },
            try truth.history(envelope: e.id).filter { $0.action == "return" || $0.action == "renew" }.map { $0.entry })
    }

    /// An entry that changes a loan already in the past (a renewal after its return, written by
    /// another program with a desk's key) brings it back into the present; the newer record then
    /// replaces the older in the past. A forged loan reusing a past loan's id is an anomaly.
    func testAChangeOfAPastLoanReplacesItsRecord() throws {
        let (s, e) = try makeArchive()
        let ids = try churn(s, [e.documents[1]], rounds: 120)
        try s.writeCache()
        let old = ids[5]
        XCTAssertNil(s.register.hot[old])
        try s.mutate {
            var en = s.entry(.renew, envelope: e.id)
            en.renewal = Renewal(loan: old, at: s.now, newDue: s.now.addingTimeInterval(86400 * 3), archivist: "他处")
            try s.commit(en)
            var forged = s.entry(.loan, envelope: e.id)
            let past = s.register.records[ids[9]]!.loan
            forged.loan = past
            try s.commit(forged)
        }
        XCTAssertEqual(s.register.records[old]?.renewals.count, 2)
        XCTAssertTrue(
            s.register.anomalies.contains { $0.contains("\(ids[9]) recorded twice") }, "\(s.register.anomalies)")
        _ = try churn(s, [e.documents[1]], rounds: 90)
        try s.writeCache()
        let truth = try ArchiveStore.open(s.root, useCache: false)
        let cached = try ArchiveStore.open(s.root)
        XCTAssertEqual(cached.register, truth.register)
        XCTAssertEqual(cached.register.records[old]?.renewals.count, 2)
        XCTAssertEqual(cached.register.records[old]?.renewals.last?.archivist, "他处")
        XCTAssertEqual(cached.register.anomalies, truth.register.anomalies)
    }

    /// A byte changed in a history segment is found when that part is read; the register is
    /// folded again from the journal and reads back as the full fold says.
    func testDamagedHistoryIsRebuiltNeverTrusted() throws {
        let (s, e) = try makeArchive()
        _ = try churn(s, try twoLendable(s, e), rounds: 150)
        try s.writeCache()
        // What a full fold says, taken once (its store maps the segments too).
        let full = try ArchiveStore.open(s.root, useCache: false)
        let loans = full.register.loans
        let third = loans[3]
        let ofDocument = full.register.history(of: e.documents[1].id)
        let dir = s.root + "/.dangan"
        var g = SeededGenerator(seed: 5)
        for round in 0..<40 {
            // The segments the checkpoint names now (a repair writes others).
            let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter {
                $0.hasPrefix(LoanHistory.prefix)
            }.sorted()
            XCTAssertFalse(names.isEmpty)
            let name = names[Int(g.next() % UInt64(names.count))]
            var bad = Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)))
            let at = CheckedMap.headerSize + Int(g.next() % UInt64(bad.count - CheckedMap.headerSize))
            bad[at] ^= UInt8(1 + g.next() % 255)
            // A new file in its place (stores that mapped the old one keep reading the old one).
            try Data(bad).write(to: URL(fileURLWithPath: dir + "/" + name), options: .atomic)
            let o = try ArchiveStore.open(s.root)
            XCTAssertEqual(o.register.history(of: e.documents[1].id), ofDocument, "round \(round): \(name) byte \(at)")
            XCTAssertEqual(o.register.loans, loans, "round \(round): \(name) byte \(at)")
            XCTAssertEqual(o.register.records[third.loan.id], third)
        }
    }

    /// Two segments merged into one: the newer segment's record of a loan replaces the older's,
    /// the others are kept, all in lending order; read unmerged, the newest record wins too.
    func testMergeKeepsTheNewestRecord() throws {
        let (s, e) = try makeArchive()
        let ids = try churn(s, [e.documents[1]], rounds: 3)
        let recs = ids.map { s.register.records[$0]! }
        var renewed = recs[0]
        renewed.renewals.append(
            Renewal(loan: ids[0], at: s.now, newDue: s.now.addingTimeInterval(86400 * 9), archivist: "他处"))
        renewed.due = s.now.addingTimeInterval(86400 * 9)
        let older = [HistoryRecord(seq: 0, record: recs[0]), HistoryRecord(seq: 1, record: recs[1])]
        let newer = [HistoryRecord(seq: 0, record: renewed), HistoryRecord(seq: 2, record: recs[2])]
        try DurableIO.makeDirs(s.root + "/.dangan", durable: false)
        func write(_ rs: [HistoryRecord]) throws -> HistorySegment {
            try s.writeSegment(count: rs.count) { i, out in
                HistorySegment.encode(rs[i], to: &out)
                return (rs[i].record.loan.id, rs[i].record.loan.envelope)
            }
        }
        let a = try write(older)
        let b = try write(newer)
        let unmerged = LoanHistory(segments: [a, b])
        XCTAssertEqual(unmerged.record(ids[0])?.record, renewed)
        XCTAssertEqual(unmerged.all().map { $0.record }, [renewed, recs[1], recs[2]])
        XCTAssertEqual(unmerged.ids().map { $0.id }, ids)
        let m = try s.merge(older: a, newer: b)
        XCTAssertEqual(m.count, 3)
        XCTAssertTrue(m.map.checkAll())
        let merged = LoanHistory(segments: [m])
        XCTAssertEqual(
            merged.all(),
            [
                HistoryRecord(seq: 0, record: renewed), HistoryRecord(seq: 1, record: recs[1]),
                HistoryRecord(seq: 2, record: recs[2]),
            ])
        XCTAssertEqual(merged.record(ids[0])?.record.renewals.count, renewed.renewals.count)
        XCTAssertEqual(merged.records(envelope: e.id).map { $0.record.loan.id }, ids)
        XCTAssertTrue(merged.records(envelope: "env-nothere").isEmpty)
        XCTAssertNil(merged.record("loan-nothere"))
    }

    /// What shows the past reads it from the segments: the borrowing register and the monthly
    /// statistics of a month long returned, `loans --all` (the register's loans), an envelope's
    /// history, and `check`, which still finds a returned loan naming a document that does not exist.
    func testReportsAndCheckSeeThePast() throws {
        let (s, e) = try makeArchive()
        let ghost = e.documents[1].id + "x"
        try s.mutate {
            var en = s.entry(.loan, envelope: e.id)
            let l = Loan(
                envelope: e.id, documents: [ghost], borrower: "赵磊", department: "客服", purpose: "核对",
                approver: "王建国", approverRole: .approver, type: .short, out: s.now,
                due: s.now.addingTimeInterval(86400),
                archivist: "李敏", rule: "short")
            en.loan = l
            try s.commit(en)
            var back = s.entry(.return, envelope: e.id)
            back.loanReturn = LoanReturn(
                loan: l.id, documents: [ghost], at: s.now, complete: true, note: "", archivist: "李敏")
            try s.commit(back)
        }
        _ = try churn(s, try twoLendable(s, e), rounds: 100)
        try s.writeCache()
        let truth = try ArchiveStore.open(s.root, useCache: false)
        let cached = try ArchiveStore.open(s.root)
        XCTAssertTrue(cached.openedFromCache)
        truth.clock = s.clock
        cached.clock = s.clock
        XCTAssertLessThan(cached.register.hot.count, 2 * ArchiveStore.pastBatch)
        XCTAssertEqual(cached.register.loans.count, 101)
        XCTAssertEqual(cached.register.loans.filter { !$0.isOpen }.count, 101)
        let month = s.timeFormat.month(s.now)
        for kind in [ReportKind.register, .monthly] {
            let a = try Reports.build(kind, store: cached, month: month, target: nil)
            XCTAssertEqual(a, try Reports.build(kind, store: truth, month: month, target: nil), "\(kind)")
        }
        XCTAssertEqual(try Reports.build(.register, store: cached, month: month, target: nil).rows.count, 101)
        XCTAssertEqual(try cached.history(envelope: e.id).filter { $0.action == "loan" }.count, 101)
        let (_, problems) = try Integrity.check(s.root)
        XCTAssertTrue(
            problems.contains { $0.message.contains("names document \(ghost), which does not exist") }, "\(problems)")
    }
}
