import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel
@testable import ArchiveTUI

/// The envelope's history on the screen (issue 14, point 5): H on the panes shows who changed
/// what, when, at which desk, before and after; personal numbers masked for staff.
final class HistoryViewTests: XCTestCase {
    func testHShowsWhoChangedWhatAndEscGoesBackToThePanes() throws {
        let p = try sampleProgram(lang: .zh)
        p.go(to: "欧阳明")
        let id = try XCTUnwrap(p.selectedEnvelope?.id)
        let oldNote = try p.store.envelope(id: id).note
        try p.store.updateEnvelope(id: id) { $0.note = "钥匙已交物业" }
        p.send(.char("H"))
        guard case .report(let r) = p.state.mode else { return XCTFail("no history: \(p.screen.text)") }
        XCTAssertEqual(r.kind, .history)
        let t = p.screen.text
        XCTAssertTrue(t.contains("档案袋修改记录"), t)
        for col in ["时间", "经办", "工作站", "操作", "原值", "新值"] { XCTAssertTrue(t.contains(col), "\(col)\n\(t)") }
        let row = try XCTUnwrap(r.table.rows.last { $0[3] == "修改" && $0[4] == "备注" }, "\(r.table.rows)")
        XCTAssertTrue(row[1].hasPrefix(p.store.operatorName), row[1])
        XCTAssertEqual(row[2], p.store.localDeskID)
        XCTAssertEqual(row[5], oldNote.isEmpty ? "" : oldNote)
        XCTAssertEqual(row[6], "钥匙已交物业")
        XCTAssertEqual(row[0], p.store.timeFormat.minute(p.store.now))
        XCTAssertTrue(t.contains("钥匙已交物业"), t)
        // The first row is the envelope's creation.
        XCTAssertEqual(r.table.rows.first?[3], "建档", "\(r.table.rows)")
        p.send(.esc)
        guard case .browse = p.state.mode else { return XCTFail("Esc should go back to the panes") }
    }

    func testHistoryInEnglishAndFromTheReportsMenu() throws {
        let p = try sampleProgram(lang: .en)
        p.go(to: "欧阳明")
        let id = try XCTUnwrap(p.selectedEnvelope?.id)
        try p.store.updateEnvelope(id: id) { $0.tenants = ["王五"] }
        p.send(.char("R"))
        p.send(.char("f"))
        p.type("hist")
        p.send(.enter)
        guard case .reports(let m) = p.state.mode else { return XCTFail() }
        XCTAssertEqual(m.shown.map { m.kinds[$0] }, [.history])
        p.send(.enter)
        let t = p.screen.text
        for w in ["Envelope history", "Desk", "Action", "Before", "After", "edited", "王五"] {
            XCTAssertTrue(t.contains(w), "\(w)\n\(t)")
        }
        p.send(.esc)
        guard case .reports = p.state.mode else { return XCTFail("Esc from the menu's report goes back to the menu") }
    }

    /// The ID number changed: whole for the archivist, masked for staff, in the history as
    /// everywhere else.
    func testPersonalNumbersMaskedForStaff() throws {
        let p = try sampleProgram(lang: .zh)
        p.go(to: "欧阳明")
        let id = try XCTUnwrap(p.selectedEnvelope?.id)
        try p.store.updateEnvelope(id: id) {
            $0.idNumber = "110101199003071233"
            $0.phones = ["13900139000"]
        }
        let whole = try Reports.history(id, store: p.store)
        XCTAssertTrue(whole.rows.contains { $0[6] == "110101199003071233" }, "\(whole.rows)")
        let staff = try ArchiveStore.open(p.store.root)
        staff.clock = p.store.clock
        staff.operatorName = "赵磊"
        let masked = try Reports.history(id, store: staff)
        let flat = masked.rows.flatMap { $0 }.joined(separator: " ")
        XCTAssertFalse(flat.contains("110101199003071233"), flat)
        XCTAssertFalse(flat.contains("13900139000"), flat)
        XCTAssertTrue(masked.rows.contains { $0[6] == Mask.idNumber("110101199003071233") }, "\(masked.rows)")
        XCTAssertTrue(masked.rows.contains { $0[6] == Mask.phone("13900139000") }, "\(masked.rows)")
        // The creation row does not carry the numbers either way.
        XCTAssertEqual(masked.rows.count, whole.rows.count)
    }
}
