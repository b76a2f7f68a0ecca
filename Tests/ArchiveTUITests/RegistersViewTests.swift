import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel
@testable import ArchiveTUI

/// The registers' forms and reports through the UI's update and views (issue 17): intake,
/// keys, arrangement, customer details, document edit and removal, expired material destroyed
/// after the question, the monthly statistics with their trend; every new report from the menu.
final class RegistersViewTests: XCTestCase {
    static let nov23 = TestClock.timeFormat.parse("2026-11-23T10:00:00+08:00")!

    func program(lang: Lang = .en, now: Date = RegistersViewTests.nov23) throws -> Program {
        try sampleProgram(width: 120, height: 40, lang: lang, now: now)
    }

    func tab(_ p: Program, _ n: Int = 1) { for _ in 0..<n { p.send(.tab) } }

    /// Opens a report from the menu by its kind.
    func report(_ p: Program, _ kind: ReportKind) {
        p.send(.char("R"))
        guard case .reports(let m) = p.state.mode, let i = m.kinds.firstIndex(of: kind) else {
            return XCTFail("no menu entry \(kind)")
        }
        for _ in 0..<i { p.send(.down) }
        p.send(.enter)
    }

    var noteText: (Program) -> String { { p in p.form?.chrome.note.map { p.state.lang($0.text) } ?? "" } }

    func testIntakeFormReceivedAndRefused() throws {
        let p = try program()
        p.go(to: "欧阳明")
        p.send(.char("i"))
        XCTAssertTrue(p.text().contains("Intake — documents handed over"), p.text())
        p.type("王芳")
        tab(p)
        p.type("销售部")
        tab(p, 2)
        p.type("认购书;身份证复印件")
        p.send(.enter)
        XCTAssertNil(p.form, noteText(p))
        XCTAssertTrue(p.text().contains("Hand-over registered: 2 items received"), p.text())
        let first = try XCTUnwrap(p.store.register.office.intakes.last)
        XCTAssertEqual(first.envelopes, [p.state.current!.id])  // the envelope on screen, by default
        XCTAssertEqual(first.receiver, "李敏")
        // Incomplete: refused, and it must say what is missing.
        p.send(.char("i"))
        p.type("周强")
        tab(p)
        p.type("交易按揭中心")
        tab(p, 2)
        p.type("买卖合同")
        tab(p, 2)
        p.send(.right)
        p.send(.enter)
        XCTAssertTrue(p.text().contains("Please fill in Missing"), p.text())
        p.type("缺骑缝章")
        p.send(.enter)
        XCTAssertTrue(p.text().contains("Registered as refused, incomplete (missing 缺骑缝章)"), p.text())
        XCTAssertEqual(p.store.register.office.intakes.last?.accepted, false)
        report(p, .intake)
        guard case .report(let r) = p.state.mode else { return XCTFail("no report") }
        let t = r.lines.joined(separator: "\n")
        XCTAssertTrue(
            t.contains("Intake hand-over register") && t.contains("incomplete, refused") && t.contains("缺骑缝章"), t)
        XCTAssertTrue(t.contains("2 hand-overs, 1 received, 1 refused as incomplete"), t)
    }

    func testKeyFormHandOverRefusalAndUnitKey() throws {
        let p = try program(lang: .zh)
        p.send(.char("K"))
        XCTAssertTrue(p.text().contains("钥匙领用/移交登记"), p.text())
        p.send(.right)  // 柜钥匙 移交
        tab(p, 3)
        p.type("李敏")
        tab(p)
        p.type("陈静")
        tab(p, 4)
        p.type("休假")
        p.send(.enter)
        XCTAssertNil(p.form, noteText(p))
        XCTAssertTrue(p.text().contains("已登记 A柜 柜钥匙 移交"), p.text())
        XCTAssertEqual(p.store.cabinets[0].keyHolders, ["陈静", "王建国(备用钥匙)"])
        XCTAssertTrue(p.text().contains("陈静"), p.text())  // the cabinet's detail
        // A refusal names its rule and keeps the form open.
        p.send(.char("K"))
        tab(p, 4)
        p.type("赵磊")
        tab(p, 2)
        p.send(.right)  // the spare to a clerk
        p.send(.enter)
        XCTAssertTrue(noteText(p).contains("备用钥匙由主管") && noteText(p).contains("keys.spare-manager"), noteText(p))
        p.send(.esc)
        p.send(.char("y"))
        // A unit key deposited by the owner of the envelope on screen.
        p.go(to: "欧阳明")
        p.send(.char("K"))
        for _ in 0..<5 { p.send(.right) }  // 单元钥匙 存入代保管
        tab(p, 3)
        p.type("欧阳明")
        tab(p, 2)
        p.type("入户门钥匙×1")
        p.send(.enter)
        XCTAssertNil(p.form, noteText(p))
        XCTAssertEqual(p.store.register.office.unitKeys[p.state.current!.id]?.depositor, "欧阳明")
        XCTAssertTrue(p.text().contains("代保管钥匙 在柜"), p.text())
        report(p, .keys)
        let t = p.text()
        XCTAssertTrue(t.contains("钥匙领用/移交登记表") && t.contains("存入代保管") && t.contains("休假"), t)
    }

    func testArrangementFormAndItsRecord() throws {
        let p = try program()
        p.go(to: "欧阳明")
        p.send(.char("I"))  // an inventory check of the cabinet
        p.send(.esc)
        p.send(.esc)
        p.send(.char("A"))
        XCTAssertTrue(p.text().contains("Arrangement — label check, tidying"), p.text())
        tab(p, 2)
        p.type("1栋2层")
        tab(p)
        p.type("标签褪色,已更换")
        p.send(.enter)
        XCTAssertNil(p.form, noteText(p))
        XCTAssertTrue(p.text().contains("Recorded: label check arr-"), p.text())
        let a = try XCTUnwrap(p.store.register.office.arrangements.last)
        XCTAssertEqual(a.envelopes, [p.state.current!.id])
        XCTAssertEqual(a.scope, "1栋2层")
        XCTAssertEqual(a.cabinets, ["A"])
        report(p, .arrangement)
        let t = p.text()
        XCTAssertTrue(
            t.contains("Arrangement record") && t.contains("inventory check") && t.contains("label check")
                && t.contains("标签褪色"), t)
    }

    func testCustomerDetailsForm() throws {
        let p = try program()
        p.go(to: "欧阳明")
        p.send(.char("p"))
        XCTAssertTrue(p.text().contains("Customer details — "), p.text())
        p.send(.right)  // residential
        tab(p)
        p.type("粤B1234")  // one character short
        p.send(.enter)
        XCTAssertTrue(noteText(p).contains("plate"), noteText(p))
        p.type("5")
        tab(p)
        p.type("B2-101")
        tab(p)
        p.send(.ctrl("u"))
        p.type("欧阳华")
        tab(p)
        p.send(.ctrl("u"))
        p.type("配偶")
        tab(p)
        p.send(.ctrl("u"))
        p.type("13912345678")
        tab(p)
        p.type("2026-11-20")
        tab(p)
        p.type("13800001111")
        tab(p)
        p.type("深圳市南山区")
        p.send(.enter)
        XCTAssertNil(p.form, noteText(p))
        XCTAssertTrue(p.text().contains("Customer details saved"), p.text())
        let e = try XCTUnwrap(p.state.current)
        XCTAssertEqual(e.category, .residential)
        XCTAssertEqual(e.vehiclePlates, ["粤B12345"])
        XCTAssertEqual(e.parking, ["B2-101"])
        XCTAssertEqual(e.emergencyContact, Contact(name: "欧阳华", phone: "13912345678", relation: "配偶"))
        XCTAssertEqual(e.moveOut, MoveOut(date: "2026-11-20", phone: "13800001111", address: "深圳市南山区"))
        let t = p.text()
        XCTAssertTrue(t.contains("residential   plates 粤B12345   parking B2-101"), t)
        XCTAssertTrue(t.contains("moved out 2026-11-20"), t)
        report(p, .categories)
        XCTAssertTrue(p.text().contains("residential  1"), p.text())
    }

    func testDocumentAddedByKindEditedAndRemoved() throws {
        let p = try program()
        p.go(to: "欧阳明")
        p.send(.char("a"))
        p.type("投诉")
        p.send(.enter)  // the kind, found by typing
        tab(p)
        p.type("噪音投诉")
        tab(p, 3)
        p.send(.ctrl("u"))
        p.type("2020-01-05")
        p.send(.enter)
        XCTAssertNil(p.form, noteText(p))
        let doc = try XCTUnwrap(p.documents.last)
        XCTAssertEqual(doc.kind, "投诉记录")
        XCTAssertEqual(doc.retention, "")  // kept by its kind: three years
        XCTAssertTrue(p.store.dueForDestruction().contains { $0.1.id == doc.id })
        p.selectDocument(p.documents.count - 1)
        XCTAssertTrue(p.text().contains("kept 2023-01-05 (3 years by kind)"), p.text())
        p.send(.char("E"))
        XCTAssertTrue(p.text().contains("Edit document — 投诉记录"), p.text())
        tab(p)
        p.send(.ctrl("u"))
        p.type("噪音投诉(楼上)")
        tab(p, 2)
        p.send(.ctrl("u"))
        p.type("3")
        tab(p, 3)
        p.type("2030-01-01")
        p.send(.enter)
        XCTAssertNil(p.form, noteText(p))
        XCTAssertTrue(p.text().contains("Document saved: 投诉记录, kept until 2030-01-01"), p.text())
        XCTAssertEqual(p.documents.last?.title, "噪音投诉(楼上)")
        XCTAssertEqual(p.documents.last?.pages, 3)
        p.selectDocument(p.documents.count - 1)
        p.send(.char("x"))
        p.send(.enter)
        XCTAssertTrue(noteText(p).contains("Please fill in Reason"), noteText(p))
        p.type("误登记")
        p.send(.enter)
        XCTAssertNil(p.form, noteText(p))
        XCTAssertFalse(p.documents.contains { $0.id == doc.id })
        XCTAssertTrue(
            try p.store.history(envelope: p.state.current!.id).contains {
                $0.action == "document.remove" && $0.note.contains("误登记")
            })
        // A document with loans stays.
        let lent = try XCTUnwrap(p.store.register.loans.first)
        p.state.jump(
            toStoreIndex: p.store.index(ofEnvelope: lent.loan.envelope)!, document: lent.loan.documents[0], p.env)
        p.send(.tick)
        p.send(.char("x"))
        p.type("x")
        p.send(.enter)
        XCTAssertTrue(
            noteText(p).contains("remove.in-register") || noteText(p).contains("loan.already-out"), noteText(p))
    }

    func testExpiredMaterialListedAndDestroyedOnlyAfterTheQuestion() throws {
        let p = try program()
        let due = p.store.dueForDestruction()
        XCTAssertFalse(due.isEmpty)
        report(p, .expired)
        guard case .report(let r) = p.state.mode else { return XCTFail("no report") }
        XCTAssertEqual(r.table.rows.count, due.count)
        XCTAssertTrue(r.lines.joined(separator: "\n").contains(due[0].1.id))
        p.send(.char("D"))
        XCTAssertTrue(p.text().contains("Destroy expired material"), p.text())
        p.type("王建国")
        tab(p)
        p.type("超过保管期限")
        p.send(.enter)
        XCTAssertTrue(p.text().contains("\(due.count) expired documents of"), p.text())
        XCTAssertEqual(p.store.dueForDestruction().count, due.count)  // nothing yet
        p.send(.char("n"))
        XCTAssertEqual(p.store.dueForDestruction().count, due.count)
        XCTAssertNotNil(p.form)
        p.send(.enter)
        p.send(.char("y"))
        XCTAssertNil(p.form, noteText(p))
        XCTAssertEqual(p.store.dueForDestruction().count, 0)
        XCTAssertEqual(
            p.store.register.paperwork.disposals.filter { $0.kind == .destroy }.flatMap { $0.documents }.count,
            due.count)
        XCTAssertTrue(p.text().contains("destroyed with 王建国's approval"), p.text())
    }

    func testMonthlyStatisticsOnTheSecondShowLastMonthWithItsTrend() throws {
        let p = try program(now: TestClock.timeFormat.parse("2026-11-20T10:00:00+08:00")!)
        let dec2 = TestClock.timeFormat.parse("2026-12-02T09:00:00+08:00")!
        p.store.clock = { dec2 }
        report(p, .monthly)
        guard case .report(let r) = p.state.mode else { return XCTFail("no report: \(p.text())") }
        XCTAssertTrue(r.table.subtitle.hasPrefix("2026-11"), r.table.subtitle)
        let spark = try XCTUnwrap(r.lines.first { $0.hasPrefix("Out at month end") })
        XCTAssertEqual(spark.filter { "▁▂▃▄▅▆▇█".contains($0) }.count, 12, spark)
        XCTAssertTrue(r.lines.contains { $0.contains("2025-12 … 2026-11") })
        XCTAssertTrue(
            r.lines.contains { $0.hasPrefix("借出未归还的去向列表") || $0.hasPrefix("Out and not yet back") },
            r.lines.joined(separator: "\n"))
        XCTAssertTrue(r.lines.contains { $0.hasPrefix("Photocopies this month") })
        let dec6 = TestClock.timeFormat.parse("2026-12-06T09:00:00+08:00")!
        p.store.clock = { dec6 }
        p.send(.esc)
        p.send(.esc)
        report(p, .monthly)
        guard case .report(let r2) = p.state.mode else { return XCTFail("no report") }
        XCTAssertTrue(r2.table.subtitle.hasPrefix("2026-12"), r2.table.subtitle)
    }

    func testEveryNewRegisterOpensFromTheMenuInBothLanguages() throws {
        for lang in Lang.allCases {
            let p = try program(lang: lang)
            p.go(to: "欧阳明")
            for k in [ReportKind.storageList, .arrangement, .intake, .keys, .categories, .expired] {
                report(p, k)
                guard case .report(let r) = p.state.mode else { return XCTFail("\(k) did not open: \(p.text())") }
                XCTAssertEqual(r.kind, k)
                XCTAssertTrue(r.lines[0].contains(lang(T.Reports.printed(k))), "\(lang) \(k): \(r.lines[0])")
                p.send(.esc)
                p.send(.esc)
            }
        }
    }
}
