import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel
@testable import ArchiveTUI

/// Forms opened in the UI before another process wrote (issue 14, "no lost update"), through the
/// state layer: the form's save never reverts the other's change; a field both changed is
/// refused naming it; a masked number left as shown stays; a stale return form closes no other
/// loan; the language switch changes only the language.
final class StaleFormTests: XCTestCase {
    func other(_ p: Program) throws -> ArchiveStore {
        let s = try ArchiveStore.open(p.store.root)
        s.clock = p.store.clock
        // Another archivist at another dangan (only an archivist changes the archive).
        s.operatorName = "李敏"
        if !s.settings.staff.contains(where: { $0.name == "吴芳" }) {
            _ = try s.addStaff(StaffMember(name: "吴芳", role: .archivist, title: "资料管理员", department: "客户服务中心"))
        }
        s.operatorName = "吴芳"
        return s
    }

    func testEditFormOpenDuringAnotherWriteMergesOrRefuses() throws {
        let p = try sampleProgram()
        p.go(to: "欧阳明")
        let id = try XCTUnwrap(p.selectedEnvelope?.id)
        p.send(.char("e"))
        XCTAssertNotNil(p.form)
        let o = try other(p)
        try o.updateEnvelope(id: id) {
            $0.note = "另一进程的备注"
            $0.phones = ["13900139000"]
            $0.tenants = ["王五"]
        }
        try o.updateEnvelope(id: id) { $0.unit = "299" }  // and moved it
        p.send(.enter)  // nothing touched
        XCTAssertNil(p.form)
        let e = try ArchiveStore.open(p.store.root, useCache: false).envelope(id: id)
        XCTAssertEqual(e.note, "另一进程的备注")
        XCTAssertEqual(e.phones, ["13900139000"])
        XCTAssertEqual(e.tenants, ["王五"])
        XCTAssertEqual(e.unit, "299")
        // A field both changed: refused in the form, naming it; nothing written.
        p.send(.char("e"))
        try o.updateEnvelope(id: id) { $0.owner = "欧阳明明" }
        p.send(.tab)
        p.send(.tab)
        p.send(.ctrl("u"))
        p.type("欧阳敏")  // the owner field
        p.send(.enter)
        XCTAssertNotNil(p.form, "the form stays open")
        XCTAssertTrue(p.screen.text.contains("owner") || p.screen.text.contains("业主"), p.screen.text)
        XCTAssertEqual(try ArchiveStore.open(p.store.root, useCache: false).envelope(id: id).owner, "欧阳明明")
    }

    /// A staff operator sees the ID number masked; saving the form untouched keeps the number.
    func testMaskedNumberLeftAsShownIsKept() throws {
        let p = try sampleProgram(operatorName: "赵磊")
        p.go(to: "欧阳明")
        let id = try XCTUnwrap(p.selectedEnvelope?.id)
        let before = try p.store.envelope(id: id).idNumber
        p.send(.char("e"))
        XCTAssertTrue(p.screen.text.contains("****"), "masked for a staff operator")
        p.send(.enter)
        XCTAssertEqual(try ArchiveStore.open(p.store.root, useCache: false).envelope(id: id).idNumber, before)
    }

    func testStaleReturnFormClosesNoOtherLoan() throws {
        let p = try sampleProgram()
        let rec = try XCTUnwrap(p.store.register.open.first { $0.loan.documents.count == 1 })
        let doc = rec.loan.documents[0]
        let i = try XCTUnwrap(p.store.index(ofEnvelope: rec.loan.envelope))
        p.go(to: p.store.envelopes[i].owner)
        p.state.focus = .documents
        let d = try XCTUnwrap(p.documents.firstIndex { $0.id == doc })
        p.selectDocument(d)
        p.send(.char("r"))
        XCTAssertNotNil(p.form)
        let o = try other(p)
        try o.returnDocuments([doc])
        let (dec, second) = try o.borrow(
            LoanRequest(documents: [doc], borrower: "第二借阅人", purpose: "核对", approver: "王建国"))
        XCTAssertTrue(dec.allowed, dec.message)
        p.send(.enter)
        XCTAssertTrue(try ArchiveStore.open(p.store.root).register.records[second!.id]!.isOpen)
        XCTAssertTrue(p.screen.text.contains("第二借阅人"), p.screen.text)
    }

    func testLanguageSwitchChangesOnlyTheLanguage() throws {
        let p = try sampleProgram()
        let o = try other(p)
        try o.updateSettings {
            $0.operator = "陈静"
            $0.staff.append(StaffMember(name: "周明", role: .staff))
        }
        p.send(.char("T"))
        let s = try ArchiveStore.open(p.store.root, useCache: false).settings
        XCTAssertEqual(s.language, "zh")
        XCTAssertEqual(s.operator, "陈静")
        XCTAssertTrue(s.staff.contains { $0.name == "周明" })
    }
}

/// The same in a real terminal: the edit form open in dangan in tmux while another dangan
/// process changes the envelope; Enter with nothing touched keeps the other's change.
final class StaleFormE2ETests: XCTestCase {
    func testFormOpenInTheTerminalDuringAnotherProcessWrite() throws {
        guard TmuxSession().tmux(["-V"]).0 == 0 else { throw XCTSkip("tmux is not installed") }
        let path = Bin.sampleCopy("e2e-stale")
        let id = try ArchiveStore.open(path).envelopes[0].id
        let t = TmuxSession()
        defer { t.kill() }
        t.start(archive: path, width: 100, height: 30)
        t.waitFor("Envelopes A (68)")
        t.keys("l")
        t.waitFor("Envelope KH-")
        t.keys("e")
        t.waitFor("Edit envelope")
        let r = Bin.run(
            Bin.dangan, ["envelope", "edit", id, "--note", "另一进程的备注", "--add-tenant", "王五", "--archive", path])
        XCTAssertEqual(r.0, 0, r.1)
        t.keys("Enter")
        t.waitFor("the form closed") { !$0.contains("Edit envelope") }
        let e = try ArchiveStore.open(path, useCache: false).envelope(id: id)
        XCTAssertEqual(e.note, "另一进程的备注")
        XCTAssertEqual(e.tenants, ["王五"])
        t.keys("q")
        t.waitFor("EXITED:0")
    }
}
