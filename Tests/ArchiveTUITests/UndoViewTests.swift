import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel
@testable import ArchiveTUI

/// `u` in the panes: the last loan, return or edit taken back after the reason and a
/// confirmation (issue 18 point 4); nothing to undo is said.
final class UndoViewTests: XCTestCase {
    func testUUndoesTheLastLoanAfterItsReasonAndAConfirmation() throws {
        let p = try sampleProgram(lang: .zh)
        p.send(.char("u"))
        XCTAssertTrue(p.screen.text.contains("没有可撤销的操作"), p.screen.text)
        let s = p.store
        var found: Document? = nil
        for sum in s.envelopes where found == nil {
            found = try s.envelope(id: sum.id).documents.first {
                $0.kind == "前期物业服务合同" && !$0.original && s.register.openByDocument[$0.id] == nil
            }
        }
        let doc = try XCTUnwrap(found)
        let (d, loan) = try s.borrow(
            LoanRequest(documents: [doc.id], borrower: "赵磊", purpose: "核对", approver: "王建国"))
        XCTAssertTrue(d.allowed, d.message)
        p.send(.char("u"))
        XCTAssertNotNil(p.form as? UndoForm)
        XCTAssertTrue(p.screen.text.contains("撤销借出") && p.screen.text.contains("借给 赵磊"), p.screen.text)
        p.type("借错了人")
        p.send(.enter)
        XCTAssertTrue(p.screen.text.contains("借出将作废"), p.screen.text)
        p.send(.char("y"))
        XCTAssertNil(p.form)
        XCTAssertTrue(p.screen.text.contains("已撤销"), p.screen.text)
        XCTAssertNotNil(s.register.records[try XCTUnwrap(loan).id]?.voided)
        XCTAssertNil(s.register.openByDocument[doc.id])
        XCTAssertTrue(
            try s.history(envelope: doc.id.split(separator: "-").count > 0 ? loan!.envelope : "").contains {
                $0.action == "undo" && $0.note.contains("借错了人")
            })
    }
}
