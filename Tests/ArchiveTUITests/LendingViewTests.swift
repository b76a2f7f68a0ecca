import Foundation
import XCTest
@testable import ArchiveModel
@testable import ArchiveTUI

/// Issue 16 and issue 15 point 6 through the UI's state layer (AppState): the loan slip right
/// after a loan, incidents reported, flagged in the panes and resolved, the rule's words in
/// the form, and each role's view and refusals.
final class LendingViewTests: XCTestCase {
    func type(_ st: AppState, _ s: String) { for c in s { st.handle(.char(c)) } }
    func text(_ st: AppState, _ w: Int = 100, _ h: Int = 30) -> String { Views.render(st, width: w, height: h).text }
    func goTo(_ st: AppState, _ name: String) { st.handle(.char("/")); type(st, name); st.handle(.enter) }

    /// On 欧阳明's envelope, the first customer copy in the envelope.
    func lendableCopy(_ st: AppState) -> Int {
        goTo(st, "欧阳明")
        st.handle(.right)
        return st.documents.firstIndex { !$0.original && $0.secrecy == .none && st.store.state(of: $0) == .present
            && st.store.settings.kind(named: $0.kind)?.group == .customer }!
    }

    func testSlipIncompleteReturnIncidentFlaggedAndResolved() throws {
        let st = try sampleAppState()
        let i = lendableCopy(st)
        st.document = i
        let doc = st.documents[i]
        st.handle(.char("b"))
        type(st, "赵磊"); st.handle(.tab); st.handle(.tab); type(st, "核对")
        // The form shows the deciding rule in its words, as `dangan rules explain` does.
        XCTAssertTrue(text(st).contains("[group.customer] 客户档案属保密级文件"), text(st))
        st.handle(.tab); st.handle(.tab); type(st, "王建国")
        st.handle(.enter)
        XCTAssertTrue(st.message.contains("P prints the loan slip"), st.message)
        // The slip, offered right after the loan.
        st.handle(.char("P"))
        guard case .report(let v) = st.mode else { return XCTFail("no slip") }
        XCTAssertEqual(v.kind, .slip)
        XCTAssertTrue(text(st).contains("档案借阅单") && v.table.footer.contains("借阅人签名"), text(st))
        XCTAssertTrue(v.table.rows.contains { $0 == ["审批人", "王建国(服务中心负责人) — 签字"] }, "\(v.table.rows)")
        st.handle(.esc)
        // Returned incomplete: an incident opens, flagged in both panes and the detail.
        st.handle(.char("r")); st.handle(.right); st.handle(.tab); type(st, "缺第3页"); st.handle(.enter)
        XCTAssertTrue(st.message.contains("incomplete: an incident is open"), st.message)
        let inc = try XCTUnwrap(st.store.register.openIncidents(document: doc.id).first)
        XCTAssertEqual(inc.kind, .incomplete); XCTAssertEqual(inc.note, "缺第3页")
        var screen = text(st)
        XCTAssertTrue(screen.contains("incomplete in"), screen)                      // the document's state
        XCTAssertTrue(screen.contains("Open incident \(inc.id): incomplete — 缺第3页"), screen)
        st.handle(.left)
        screen = text(st)
        let row = try XCTUnwrap(screen.split(separator: "\n").first { $0.contains("欧阳明") && $0.contains("| ") })
        XCTAssertTrue(row.contains("!"), String(row))                                    // the envelope's mark
        // `!` on the document resolves it.
        st.handle(.right); st.document = i
        st.handle(.char("!"))
        XCTAssertTrue(text(st).contains("Resolve incident — incomplete: 缺第3页"), text(st))
        type(st, "已补齐"); st.handle(.enter)
        XCTAssertTrue(st.message.hasPrefix("Resolved \(inc.id)"), st.message)
        XCTAssertTrue(st.store.register.openIncidents(document: doc.id).isEmpty)
        XCTAssertFalse(text(st).contains("incomplete in"))
        // `!` again reports one: lost, and then it cannot be lent.
        st.handle(.char("!"))
        XCTAssertTrue(text(st).contains("Report loss or damage"), text(st))
        st.handle(.left)                                                                 // damaged → lost
        st.handle(.tab); type(st, "柜中未见"); st.handle(.enter)
        XCTAssertTrue(st.message.hasPrefix("Reported lost"), st.message)
        st.handle(.char("b"))
        XCTAssertTrue(text(st).contains("incident.lost"), text(st))
        st.handle(.esc)
        // The incidents report from the menu.
        st.mode = .normal
        st.handle(.char("R"))
        guard case .menu(var m) = st.mode else { return XCTFail("no menu") }
        m.selected = m.ids.firstIndex(of: "incidents")!
        st.mode = .menu(m)
        st.handle(.enter)
        screen = text(st, 140, 30)
        XCTAssertTrue(screen.contains("档案遗失损坏报告") && screen.contains("柜中未见") && screen.contains("缺第3页"), screen)
    }

    func testEachRolesViewAndRefusalsInTheUI() throws {
        let st = try sampleAppState()
        let i = lendableCopy(st)
        func submitLoan() -> String {
            st.mode = .normal
            st.document = i
            st.handle(.char("b"))
            type(st, "刘洋"); st.handle(.tab); st.handle(.tab); type(st, "核对"); st.handle(.tab); st.handle(.tab); type(st, "王建国")
            st.handle(.enter)
            if case .form(let f) = st.mode { return f.message }
            return st.message
        }
        // Staff: the files, masked numbers, no lending; the title says who.
        st.store.operatorName = "赵磊"
        XCTAssertTrue(text(st).contains("operator 赵磊 (staff)"), text(st))
        XCTAssertFalse(st.documents.isEmpty)
        XCTAssertTrue(submitLoan().contains("role.archivist"))
        st.mode = .normal; st.handle(.left)
        st.handle(.char("e"))
        guard case .form(let f) = st.mode else { return XCTFail("no edit form") }
        XCTAssertTrue(f.fields[6].value.contains("*"), f.fields[6].value)          // the ID number, masked
        XCTAssertTrue(st.store.register.accessLog.isEmpty)
        st.handle(.enter)
        XCTAssertTrue(text(st).contains("role.archivist"), text(st))
        st.mode = .normal
        // Approver: opening the edit form shows whole numbers, and that is recorded; no lending.
        st.store.operatorName = "王建国"
        st.handle(.char("e"))
        guard case .form(let g) = st.mode else { return XCTFail("no edit form") }
        XCTAssertFalse(g.fields[6].value.contains("*"), g.fields[6].value)
        XCTAssertEqual(st.store.register.accessLog.last?.by, "王建国")
        XCTAssertEqual(st.store.register.accessLog.last?.envelope, st.current?.id)
        st.mode = .normal; st.handle(.right)
        XCTAssertTrue(submitLoan().contains("role.archivist"))
        // A login not in the staff list: names only, told how to be added.
        st.mode = .normal
        st.store.actingAs = nil; st.store.login = "stranger"
        st.reload()
        st.handle(.left)
        let screen = text(st)
        XCTAssertTrue(screen.contains("operator stranger (not in the staff list)"), screen)
        XCTAssertTrue(screen.contains("Login stranger is not in the staff list: names only"), screen)
        XCTAssertTrue(st.documents.isEmpty)
        st.handle(.char("R")); st.handle(.enter)
        XCTAssertTrue(st.message.contains("role.unknown"), st.message)
        // The archivist lends.
        st.mode = .normal
        st.store.operatorName = "李敏"
        st.reload()
        st.handle(.right)
        XCTAssertTrue(submitLoan().hasPrefix("Lent 1"))
    }
}
