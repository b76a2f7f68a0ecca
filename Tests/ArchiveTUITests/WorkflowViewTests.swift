import Foundation
import XCTest
@testable import ArchiveModel
@testable import ArchiveTUI

/// The paperwork in the UI: edit forms, photocopy flow, destruction, transfer, reports, inventory.
final class WorkflowViewTests: XCTestCase {
    func type(_ st: AppState, _ s: String) { for c in s { st.handle(.char(c)) } }
    func clear(_ st: AppState) { for _ in 0..<60 { st.handle(.backspace) } }
    func text(_ st: AppState, _ w: Int = 100, _ h: Int = 30) -> String { Views.render(st, width: w, height: h).text }

    func goTo(_ st: AppState, _ name: String) {
        st.handle(.char("/")); type(st, name); st.handle(.enter)
    }

    func testEditEnvelopeAndAddDocumentForms() throws {
        let st = try sampleAppState()
        goTo(st, "欧阳明")
        st.handle(.char("e"))
        XCTAssertTrue(text(st).contains("Edit envelope"))
        st.handle(.tab); st.handle(.tab) // owner
        clear(st)
        st.handle(.enter)
        XCTAssertTrue(text(st).contains("Please fill in Owner"), text(st))
        type(st, "欧阳明华")
        for _ in 0..<9 { st.handle(.tab) } // → unit
        clear(st); type(st, "../x")
        st.handle(.enter)
        XCTAssertTrue(text(st).contains("unit"), text(st))             // the refusal names the field
        guard case .form = st.mode else { return XCTFail("form closed on an invalid field") }
        clear(st); type(st, "201")
        st.handle(.enter)
        XCTAssertEqual(st.message, "Saved")
        XCTAssertEqual(st.current?.owner, "欧阳明华")
        XCTAssertTrue(text(st).contains("欧阳明华"))
        // Add a document: kind chosen with ←→, pages validated.
        let before = st.documents.count
        st.handle(.char("a"))
        st.handle(.right) // 临时管理规约
        st.handle(.tab); type(st, "补签页")
        st.handle(.tab); st.handle(.tab); clear(st); type(st, "x")
        st.handle(.enter)
        XCTAssertTrue(text(st).contains("Pages must be"), text(st))
        clear(st); type(st, "2")
        st.handle(.enter)
        XCTAssertEqual(st.documents.count, before + 1)
        XCTAssertEqual(st.documents.last?.kind, "临时管理规约")
        XCTAssertEqual(st.documents.last?.title, "补签页")
        // A new envelope in this cabinet.
        st.handle(.char("n"))
        type(st, "KH-NEW-1"); st.handle(.tab); st.handle(.tab); type(st, "新业主")
        for _ in 0..<9 { st.handle(.tab) }
        type(st, "9901")
        st.handle(.enter)
        XCTAssertTrue(st.message.contains("KH-NEW-1"), st.message)
        XCTAssertEqual(st.current?.owner, "新业主")
    }

    func testPhotocopyFlowInTheUI() throws {
        let st = try sampleAppState()
        goTo(st, "欧阳明")
        st.handle(.right)
        st.document = st.documents.firstIndex { $0.kind == "前期物业服务合同" && $0.original && st.store.state(of: $0) == .present }!
        let doc = st.documents[st.document].id
        st.handle(.char("c"))
        XCTAssertTrue(text(st).contains("Photocopy request"))
        type(st, "赵磊"); st.handle(.tab); st.handle(.tab); type(st, "办理产权")
        st.handle(.enter)
        XCTAssertTrue(st.message.contains("Photocopy request registered"), st.message)
        st.handle(.char("C"))
        XCTAssertTrue(text(st).contains("requested"), text(st))
        st.handle(.enter) // approve
        type(st, "刘洋"); st.handle(.enter)
        XCTAssertTrue(text(st).contains("approver.role"), text(st))
        clear(st); type(st, "王建国"); st.handle(.enter)
        guard case .copies = st.mode else { return XCTFail("back to the register after a step") }
        XCTAssertTrue(text(st).contains("approved"))
        XCTAssertEqual(st.store.state(of: try st.store.document(ref: doc).1), .copying)
        st.handle(.enter); type(st, "3"); st.handle(.enter)                 // made: 3 pages
        st.handle(.enter); st.handle(.enter)                                  // original back, complete
        st.handle(.enter); type(st, "交赵磊"); st.handle(.enter)               // settled
        XCTAssertTrue(text(st).contains("No photocopy in progress"), text(st))
        XCTAssertEqual(st.store.register.copies.last?.stage, .settled)
        st.handle(.esc)
        // The photocopy register report shows it.
        st.handle(.char("R"))
        XCTAssertTrue(text(st).contains("Photocopy register (this month)"))
        st.handle(.down); st.handle(.down); st.handle(.enter)
        XCTAssertTrue(text(st).contains("影印登记表"), text(st))
        XCTAssertTrue(text(st).contains("赵磊"))
    }

    func testDestroyTransferInventoryAndReportViewer() throws {
        let st = try sampleAppState()
        goTo(st, "欧阳明")
        st.handle(.right)
        st.document = 0
        st.handle(.char("D"))
        type(st, "陈静"); st.handle(.tab); type(st, "过期"); st.handle(.enter)
        XCTAssertTrue(text(st).contains("destroy.kind"), text(st))   // a contract is kept
        st.handle(.esc); st.handle(.char("y"))
        // Whole-envelope transfer from the envelopes pane.
        st.handle(.left)
        let id = st.current!.id
        let hasLoan = (st.store.register.outByEnvelope[id] ?? 0) > 0
        st.handle(.char("X"))
        XCTAssertTrue(text(st).contains("Transfer the whole envelope"))
        type(st, "周明"); st.handle(.tab); type(st, "新物业公司"); st.handle(.enter)
        XCTAssertTrue(text(st).contains("Please fill in Approver"), text(st))     // a hand-over needs an approver
        st.handle(.tab); type(st, "陈静"); st.handle(.enter)
        if hasLoan {
            XCTAssertTrue(text(st).contains("loan.already-out"))
        } else {
            XCTAssertTrue(st.message.contains("sign-off"), st.message)
            XCTAssertEqual(try st.store.envelope(id: id).status, .transferred)
        }
        // Inventory of the cabinet: recorded, and shown as a report that scrolls sideways.
        st.mode = .normal
        let runs = st.store.register.paperwork.inventories.count
        st.handle(.char("I"))
        XCTAssertEqual(st.store.register.paperwork.inventories.count, runs + 1)
        let screen = text(st, 60, 20)
        XCTAssertTrue(screen.contains("盘点报告"), screen)
        XCTAssertTrue(screen.contains("缺件"))
        for line in Views.render(st, width: 60, height: 20).text.split(separator: "\n") { XCTAssertLessThanOrEqual(TextWidth.width(String(line)), 60) }
        let name = st.store.info.name
        XCTAssertTrue(screen.contains(name + " 档案盘点报告"))
        st.handle(.right); st.handle(.right)
        let scrolled = text(st, 60, 20)
        XCTAssertFalse(scrolled.contains(name))                               // scrolled 16 columns right
        XCTAssertTrue(scrolled.contains("Inventory check"))
        let dir = NSTemporaryDirectory() + "dangan-rep-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        setenv("DANGAN_REPORT_DIR", dir, 1)
        st.handle(.char("s"))
        XCTAssertTrue(st.message.hasPrefix("Saved " + dir), st.message)
        let saved = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("dangan-inventory-") && $0.hasSuffix(".csv") }
        XCTAssertEqual(saved.count, 1)
        let attrs = try FileManager.default.attributesOfItem(atPath: dir + "/" + saved[0])
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        st.handle(.esc)
        guard case .normal = st.mode else { return XCTFail("report not closed") }
    }

    func testSalesOperatorSeesNamesOnly() throws {
        let st = try sampleAppState()
        st.store.operatorName = "孙丽"
        goTo(st, "欧阳明")
        let t = text(st)
        XCTAssertTrue(t.contains("Sales staff see names and titles only"), t)
        XCTAssertTrue(st.documents.isEmpty)
        XCTAssertFalse(t.contains("前期物业服务合同"))
        st.handle(.char("R")); st.handle(.enter)
        XCTAssertTrue(st.message.contains("role.sales"), st.message)
    }
}
