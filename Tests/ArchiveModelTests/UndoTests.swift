import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// Undo of the last loan, return or edit (issue 18 point 4): a reversing journal entry; the
/// journal and the register keep both; only the newest change, by the same login, within the
/// window, with nothing built on it.
final class UndoTests: XCTestCase {
    func lendCopy(_ s: ArchiveStore, _ e: Envelope) throws -> (String, Loan) {
        let doc = e.documents.first { $0.title == "合同复印件" }!.id
        let (d, loan) = try s.borrow(LoanRequest(documents: [doc], borrower: "赵磊", purpose: "核对", approver: "王建国"))
        XCTAssertTrue(d.allowed, d.message)
        return (doc, try XCTUnwrap(loan))
    }

    func testALoanUndoneIsVoidedAndKept() throws {
        let (s, e) = try makeArchive()
        let (doc, loan) = try lendCopy(s, e)
        let t = try XCTUnwrap(s.undoable())
        XCTAssertEqual(t.kind, .loan)
        XCTAssertEqual(t.documents, [doc])
        // Another process of the same login at the same desk (the UI opened after a loan made on
        // the command line) offers the same undo.
        let later = try ArchiveStore.open(s.root)
        later.clock = s.clock
        XCTAssertEqual(later.undoable(), t)
        XCTAssertEqual(try s.undo(t, reason: "借错了人").rule, "undo.done")
        let o = try ArchiveStore.open(s.root, useCache: false)
        XCTAssertNil(o.register.openByDocument[doc])
        let rec = try XCTUnwrap(o.register.records[loan.id])
        XCTAssertNotNil(rec.voided)
        XCTAssertEqual(o.register.loans.count, 1)  // the loan is kept, voided
        let h = try o.history(envelope: e.id)
        XCTAssertTrue(h.contains { $0.action == "loan" })
        XCTAssertTrue(h.contains { $0.action == "undo" && $0.note.contains(t.entry) && $0.note.contains("借错了人") })
        // Nothing more to undo (an undo is not undone), and the same target again is refused.
        XCTAssertNil(o.undoable())
        XCTAssertEqual(try o.undo(t).rule, "undo.stale")
        let (_, problems) = try Integrity.check(s.root)
        XCTAssertEqual(problems, [])
    }

    func testAReturnUndoneIsOutAgainOnTheSameLoan() throws {
        let (s, e) = try makeArchive()
        let (doc, loan) = try lendCopy(s, e)
        try s.returnDocuments([doc])
        let t = try XCTUnwrap(s.undoable())
        XCTAssertEqual(t.kind, .return)
        XCTAssertEqual(try s.undo(t).rule, "undo.done")
        let o = try ArchiveStore.open(s.root, useCache: false)
        XCTAssertEqual(o.register.openByDocument[doc], loan.id)
        XCTAssertEqual(o.register.records[loan.id]?.returns.count, 1)  // the return is kept
        XCTAssertTrue(o.register.records[loan.id]?.isOpen == true)
        // It can be returned again.
        o.clock = s.clock
        o.operatorName = "李敏"
        try o.returnDocuments([doc])
        XCTAssertNil(try ArchiveStore.open(s.root, useCache: false).register.openByDocument[doc])
        XCTAssertEqual(try Integrity.check(s.root).1, [])
    }

    func testAnEditUndoneSetsTheFieldsBack() throws {
        let (s, e) = try makeArchive()
        try s.updateEnvelope(id: e.id) {
            $0.owner = "张大伟"
            $0.note = "写错"
        }
        let t = try XCTUnwrap(s.undoable())
        XCTAssertEqual(t.kind, .edit)
        XCTAssertEqual(Set(t.fields), ["owner", "note"])
        XCTAssertEqual(try s.undo(t).rule, "undo.done")
        let back = try ArchiveStore.open(s.root, useCache: false).envelope(id: e.id)
        XCTAssertEqual(back.owner, "张伟")
        XCTAssertEqual(back.note, e.note)
        XCTAssertEqual(try Integrity.check(s.root).1, [])
    }

    func testOnlyTheNewestChangeByThisLoginWithinTheWindow() throws {
        let clock = HandClock("2026-11-20T10:00:00+08:00")
        clock.now = TestClock.now
        let (s, e) = try makeArchive()
        s.clock = { clock.now }
        let (doc, _) = try lendCopy(s, e)
        // Another change after it: the loan is no longer the last change.
        try s.updateEnvelope(id: e.id) { $0.note = "x" }
        XCTAssertEqual(s.undoable()?.kind, .edit)
        // Too late.
        clock.now = TestClock.now.addingTimeInterval(11 * 60)
        XCTAssertNil(s.undoable())
        // A return whose document was lent again since cannot be undone.
        clock.now = TestClock.now.addingTimeInterval(12 * 60)
        try s.returnDocuments([doc])
        _ = try s.borrow(LoanRequest(documents: [doc], borrower: "刘洋", purpose: "核对", approver: "王建国"))
        XCTAssertEqual(s.undoable()?.kind, .loan)
        // Another login: nothing of theirs to undo here.
        s.login = "someone-else"
        XCTAssertNil(s.undoable())
    }
}
