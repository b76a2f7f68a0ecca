import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel
@testable import ArchiveTUI

/// Issue 16 and issue 15 point 6 through the UI's state layer (update and views by messages):
/// the rule's words in the borrow form, the loan slip right after a loan, incidents reported,
/// flagged in the panes and resolved, and each role's view and refusals.
final class LendingViewTests: XCTestCase {
    /// On 欧阳明's envelope: the first customer copy in the envelope.
    func lendableCopy(_ p: Program) -> Int {
        p.go(to: "欧阳明")
        p.send(.right)
        return p.documents.firstIndex {
            !$0.original && $0.secrecy == .none && p.store.state(of: $0) == .present
                && p.store.settings.kind(named: $0.kind)?.group == .customer
        }!
    }

    /// The status line says `text` (read on a wide screen, where it is not cut).
    func said(_ p: Program, _ text: String) -> Bool {
        (p.state.status.map { p.state.lang($0.text) } ?? "").contains(text)
    }

    /// Fills the borrow form: borrower, purpose, and the approver typed (the suggestion taken with Tab).
    func fillLoan(_ p: Program, approver: String?) {
        p.type("赵磊")
        p.send(.tab)
        p.send(.tab)
        p.type("核对")
        if let approver {
            p.keys(.tab, .tab)
            p.type(approver)
            p.send(.tab)
        }
    }

    func testSlipAfterALoanIncompleteReturnFlaggedAndResolved() throws {
        let p = try sampleProgram()
        let i = lendableCopy(p)
        let doc = p.documents[i]
        p.selectDocument(i)
        p.send(.char("b"))
        fillLoan(p, approver: nil)
        // The form shows the deciding rule in its words, as `dangan rules explain` does, and who must approve.
        var t = p.screen.text
        XCTAssertTrue(
            t.contains("[group.customer]") && t.contains("Customer files are confidential")
                && t.contains("the 服务中心负责人 must approve"), t)
        XCTAssertEqual((p.form as? BorrowForm)?.approver.required, true)
        p.keys(.tab, .tab)
        p.type("王建国")
        p.send(.tab)
        XCTAssertTrue(p.screen.text.contains("out, due"), p.screen.text)
        p.send(.enter)
        XCTAssertNil(p.form, p.screen.text)
        XCTAssertTrue(p.screen.text.contains("P prints the loan slip"), p.screen.text)
        // The slip, offered right after the loan.
        p.send(.char("P"))
        guard case .report(let v) = p.state.mode else { return XCTFail("no slip: \(p.screen.text)") }
        XCTAssertEqual(v.kind, .slip)
        XCTAssertTrue(v.table.rows.contains { $0 == ["审批人", "王建国(服务中心负责人) — 签字"] }, "\(v.table.rows)")
        XCTAssertTrue(v.table.footer.contains("借阅人签名") && v.table.footer.contains("归还签收"))
        p.send(.esc)
        p.send(.esc)
        // Returned incomplete: an incident opens, flagged in both panes and in the detail.
        p.selectDocument(i)
        p.send(.char("r"))
        p.send(.right)
        p.send(.tab)
        p.type("缺第3页")
        p.send(.enter)
        XCTAssertNil(p.form, p.screen.text)
        XCTAssertTrue(p.screen.text.contains("an incident is open until resolved"), p.screen.text)
        let inc = try XCTUnwrap(p.store.register.openIncidents(document: doc.id).first)
        XCTAssertEqual(inc.kind, .incomplete)
        XCTAssertEqual(inc.note, "缺第3页")
        t = p.screen.text
        XCTAssertTrue(t.contains("incomplete in"), t)  // the document's row
        XCTAssertTrue(t.contains("Open incident: incomplete — 缺第3页"), t)  // its detail
        p.send(.left)
        t = p.screen.text
        let row = try XCTUnwrap(t.split(separator: "\n").first { $0.contains("1-201 欧阳明") })
        XCTAssertTrue(row.contains("! "), String(row))  // the envelope's mark
        // `!` on the document resolves it.
        p.selectDocument(i)
        p.send(.char("!"))
        XCTAssertTrue(p.screen.text.contains("Resolve the incident: incomplete"), p.screen.text)
        p.type("已补齐")
        p.send(.enter)
        XCTAssertTrue(p.screen.text.contains("Resolved \(inc.id)"), p.screen.text)
        XCTAssertTrue(p.store.register.openIncidents(document: doc.id).isEmpty)
        XCTAssertFalse(p.screen.text.contains("incomplete in"))
        // `!` again reports one: lost; then it cannot be lent.
        p.send(.char("!"))
        XCTAssertTrue(p.screen.text.contains("Report loss or damage"), p.screen.text)
        p.send(.left)  // damaged → lost
        p.send(.tab)
        p.type("柜中未见")
        p.send(.enter)
        XCTAssertTrue(p.screen.text.contains("Reported lost"), p.screen.text)
        p.send(.char("b"))
        XCTAssertTrue(p.screen.text.contains("[incident.lost]"), p.screen.text)
        p.send(.esc)
        // The incidents report from the menu.
        p.send(.char("R"))
        guard case .reports(var m) = p.state.mode else { return XCTFail("no menu") }
        m.cursor.selected = m.shown.firstIndex { m.kinds[$0] == .incidents }!
        p.state.mode = .reports(m)
        p.send(.enter)
        t = p.text(140, 30)
        XCTAssertTrue(t.contains("柜中未见") && t.contains("缺第3页"), t)
    }

    func testEachRolesViewAndRefusalsInTheUI() throws {
        let p = try sampleProgram()
        let i = lendableCopy(p)
        // Staff: the files, but no forms that change the archive; the refusal names the rule.
        p.store.operatorName = "赵磊"
        p.selectDocument(i)
        XCTAssertFalse(p.documents.isEmpty)
        for key: Character in ["b", "c", "D", "!"] {
            p.send(.char(key))
            XCTAssertNil(p.form, "\(key) opened a form for staff")
            XCTAssertTrue(said(p, "[role.archivist]"), "\(key): \(p.screen.text)")
        }
        p.send(.left)
        for key: Character in ["e", "n", "X", "O"] {
            p.send(.char(key))
            XCTAssertNil(p.form, "\(key) opened a form for staff")
        }
        // The registers: yes (the circulation desk).
        p.send(.char("L"))
        guard case .loans = p.state.mode else { return XCTFail("no desk for staff") }
        p.send(.esc)
        // Approver: the same refusal for archive work.
        p.store.operatorName = "王建国"
        p.send(.right)
        p.selectDocument(i)
        p.send(.char("b"))
        XCTAssertNil(p.form)
        XCTAssertTrue(said(p, "[role.archivist]"), p.screen.text)
        // Sales: names only, no registers.
        p.store.operatorName = "孙丽"
        p.send(.tick)
        XCTAssertTrue(p.documents.isEmpty)
        p.send(.char("R"))
        p.send(.enter)
        XCTAssertTrue(said(p, "[role.sales]"), p.screen.text)
        // A login not in the staff list: names only, told how to be added.
        p.state.mode = .browse
        p.store.actingAs = nil
        p.store.login = "stranger"
        p.send(.tick)
        p.state.focus = .envelopes
        p.send(.tick)
        let t = p.screen.text
        XCTAssertTrue(t.contains("Login stranger is not in the staff list: names only"), t)
        XCTAssertTrue(p.documents.isEmpty)
        p.send(.char("b"))
        XCTAssertNil(p.form)
        // The archivist lends.
        p.store.operatorName = "李敏"
        p.send(.tick)
        p.send(.right)
        p.selectDocument(i)
        p.send(.char("b"))
        XCTAssertNotNil(p.form)
        fillLoan(p, approver: "王建国")
        p.send(.enter)
        XCTAssertTrue(p.screen.text.contains("Lent 1 to 赵磊"), p.screen.text)
        // Opening the edit form shows the whole ID number: recorded first (who, when, which envelope).
        XCTAssertTrue(p.store.register.accessLog.isEmpty)
        p.send(.left)
        p.send(.char("e"))
        guard let f = p.form as? EnvelopeForm else { return XCTFail("no edit form: \(p.screen.text)") }
        XCTAssertEqual(f.idNumber.value, p.state.current?.idNumber)
        XCTAssertEqual(p.store.register.accessLog.map { $0.by }, ["李敏"])
        XCTAssertEqual(p.store.register.accessLog.first?.envelope, p.state.current?.id)
    }
}
