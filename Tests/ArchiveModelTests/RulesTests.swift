import Foundation
import XCTest
@testable import ArchiveModel

final class RulesTests: XCTestCase {
    // 2025-11-23 09:00 +08:00 (a Sunday morning; the archive closes at 17:00)
    let morning = TimeFormat(identifier: "Asia/Shanghai").parse("2025-11-23T09:00:00+08:00")!

    func decide(_ docs: [Document], _ type: LoanType, approver: String? = nil, store: ArchiveStore) -> Decision {
        LendingRules.decide(documents: docs, request: LoanRequest(documents: docs.map { $0.id }, borrower: "赵磊", purpose: "核对",
                                                                 approver: approver, type: type),
                            settings: store.settings, register: store.register, now: morning, tf: store.timeFormat)
    }

    func testEveryRuleAllowedAndRefusedNamesTheRule() throws {
        let (store, e) = try makeArchive(now: morning)
        let original = e.documents[0], copy = e.documents[1], id = e.documents[2], secret = e.documents[3], top = e.documents[4]
        let confidential = e.documents[5]
        let table: [(Document, LoanType, String?, Bool, String)] = [
            (copy, .short, nil, true, "loan.short"),
            (copy, .long, nil, true, "loan.long"),
            (copy, .sameDay, nil, true, "loan.same-day"),
            (copy, .reading, nil, true, "loan.reading"),
            (original, .short, nil, false, "original.in-room"),
            (original, .reading, nil, true, "loan.reading"),
            (top, .reading, nil, false, "secrecy.top-secret"),
            (secret, .short, nil, false, "secrecy.secret"),
            (secret, .reading, nil, true, "loan.reading"),
            (id, .sameDay, nil, false, "id.approval"),
            (id, .sameDay, "陈静", false, "id.approval"),       // an approver, but not the service-centre head
            (id, .short, "王建国", false, "id.same-day"),
            (id, .sameDay, "王建国", true, "secrecy.confidential"), // approved; 秘密 caps it at 4 hours
            (id, .sameDay, "赵磊", false, "approver.role"),      // staff cannot approve
            (id, .sameDay, "不存在", false, "approver.unknown"),
            (confidential, .short, nil, false, "secrecy.confidential"),
            (confidential, .short, "陈静", true, "secrecy.confidential"),
        ]
        for (doc, type, approver, allowed, rule) in table {
            let d = decide([doc], type, approver: approver, store: store)
            XCTAssertEqual(d.allowed, allowed, "\(doc.title) \(type) \(approver ?? "-"): \(d.rule) \(d.message)")
            XCTAssertEqual(d.rule, rule, "\(doc.title) \(type) \(approver ?? "-"): \(d.message)")
            XCTAssertFalse(d.message.isEmpty)
        }
    }

    func testDueDates() throws {
        let (store, e) = try makeArchive(now: morning)
        let tf = store.timeFormat
        XCTAssertEqual(tf.iso(decide([e.documents[1]], .reading, store: store).due!), "2025-11-23T17:00:00+08:00")
        XCTAssertEqual(tf.iso(decide([e.documents[1]], .sameDay, store: store).due!), "2025-11-23T23:59:59+08:00")
        XCTAssertEqual(tf.iso(decide([e.documents[1]], .short, store: store).due!), "2025-11-26T09:00:00+08:00")
        XCTAssertEqual(tf.iso(decide([e.documents[1]], .long, store: store).due!), "2025-11-30T09:00:00+08:00")
        XCTAssertEqual(tf.iso(decide([e.documents[5]], .long, approver: "陈静", store: store).due!), "2025-11-23T13:00:00+08:00")
        // After closing, in-room reading is refused.
        let evening = tf.parse("2025-11-23T18:00:00+08:00")!
        let d = LendingRules.decide(documents: [e.documents[1]], request: LoanRequest(documents: [], borrower: "a", purpose: "b", type: .reading),
                                    settings: store.settings, register: store.register, now: evening, tf: tf)
        XCTAssertEqual(d.rule, "reading.closed")
    }

    func testOnLoanCannotBeLentAgainAndRenewalRules() throws {
        let tf = TimeFormat(identifier: "Asia/Shanghai")
        // A short loan on 29 Jan runs over the month end.
        let start = tf.parse("2026-01-29T10:00:00+08:00")!
        let (store, e) = try makeArchive(now: start)
        let (d, loan) = try store.borrow(LoanRequest(documents: [e.documents[1].id], borrower: "赵磊", purpose: "核对", type: .short))
        XCTAssertTrue(d.allowed)
        XCTAssertEqual(tf.iso(loan!.due), "2026-02-01T10:00:00+08:00")
        let (again, _) = try store.borrow(LoanRequest(documents: [e.documents[1].id], borrower: "刘洋", purpose: "x"))
        XCTAssertEqual(again.rule, "loan.already-out")
        let rec = { store.register.records[loan!.id]! }
        XCTAssertFalse(rec().isOverdue(at: tf.parse("2026-02-01T09:59:00+08:00")!))
        XCTAssertTrue(rec().isOverdue(at: tf.parse("2026-02-01T10:01:00+08:00")!))
        // Renew before the due date: +3 days from the due date; the second renewal passes the limit.
        store.clock = { tf.parse("2026-01-31T10:00:00+08:00")! }
        let r1 = try store.renew(loan: loan!.id)
        XCTAssertTrue(r1.allowed, r1.message)
        XCTAssertEqual(tf.iso(rec().due), "2026-02-04T10:00:00+08:00")
        let r2 = try store.renew(loan: loan!.id)
        XCTAssertEqual(r2.rule, "renew.limit")
        // Overdue loans are not renewed.
        try store.updateSettings { $0.loanRules.maxRenewals = 5 }
        store.clock = { tf.parse("2026-02-05T10:00:00+08:00")! }
        XCTAssertEqual(try store.renew(loan: loan!.id).rule, "renew.overdue")
        // Hour-based: a confidential loan of 4 hours is overdue 4h01m later.
        store.clock = { start }
        let (dc, lc) = try store.borrow(LoanRequest(documents: [e.documents[5].id], borrower: "赵磊", purpose: "核对", approver: "陈静", type: .short))
        XCTAssertTrue(dc.allowed)
        let rc = store.register.records[lc!.id]!
        XCTAssertFalse(rc.isOverdue(at: start.addingTimeInterval(4 * 3600 - 60)))
        XCTAssertTrue(rc.isOverdue(at: start.addingTimeInterval(4 * 3600 + 60)))
        XCTAssertEqual(try store.renew(loan: lc!.id).allowed, true)
        // Return: the document can be lent again.
        try store.returnDocuments([e.documents[1].id])
        XCTAssertNil(store.register.openByDocument[e.documents[1].id])
        XCTAssertThrowsError(try store.returnDocuments([e.documents[1].id]))
        XCTAssertThrowsError(try store.returnDocuments([e.documents[5].id], complete: false, note: ""))
    }

    func testFormRefusals() throws {
        let (store, e) = try makeArchive(now: morning)
        let (d, _) = try store.borrow(LoanRequest(documents: [e.documents[1].id], borrower: "", purpose: "x"))
        XCTAssertEqual(d.rule, "form.borrower")
        let (d2, _) = try store.borrow(LoanRequest(documents: [e.documents[1].id], borrower: "a", purpose: " "))
        XCTAssertEqual(d2.rule, "form.purpose")
    }
}
