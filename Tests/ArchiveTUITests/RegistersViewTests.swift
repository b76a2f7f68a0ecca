import Foundation
import XCTest
import TestSupport
@testable import ArchiveModel
@testable import ArchiveTUI

/// The registers' forms and reports through the UI's state layer (AppState): intake, keys,
/// arrangement, customer details, document edit and removal, expired material destroyed after
/// a confirmation, the monthly statistics with their trend.
final class RegistersViewTests: XCTestCase {
    func type(_ st: AppState, _ s: String) { for c in s { st.handle(.char(c)) } }
    func clear(_ st: AppState) { for _ in 0..<60 { st.handle(.backspace) } }
    func text(_ st: AppState, _ w: Int = 100, _ h: Int = 30) -> String { Views.render(st, width: w, height: h).text }
    func tab(_ st: AppState, _ n: Int) { for _ in 0..<n { st.handle(.tab) } }
    func goTo(_ st: AppState, _ name: String) { st.handle(.char("/")); type(st, name); st.handle(.enter) }
    func at(_ st: AppState, _ time: String) {
        let t = TestClock.timeFormat.parse(time)!
        st.store.clock = { t }
    }

    /// Opens a report from the menu by its kind.
    func report(_ st: AppState, _ kind: ReportKind) {
        st.handle(.char("R"))
        guard case .menu(let l) = st.mode, let i = l.ids.firstIndex(of: kind.rawValue) else { return XCTFail("no menu entry \(kind)") }
        for _ in 0..<i { st.handle(.down) }
        st.handle(.enter)
    }

    func testIntakeFormReceivedAndRefused() throws {
        let st = try sampleAppState()
        at(st, "2026-11-23T10:00:00+08:00")
        goTo(st, "欧阳明")
        st.handle(.char("i"))
        XCTAssertTrue(text(st).contains("Intake: documents handed over"), text(st))
        type(st, "王芳"); st.handle(.tab); type(st, "销售部"); tab(st, 2); type(st, "认购书;身份证复印件")
        st.handle(.enter)
        XCTAssertTrue(st.message.contains("2 item(s) received"), st.message)
        let first = try XCTUnwrap(st.store.register.office.intakes.last)
        XCTAssertEqual(first.envelopes, [st.current!.id])          // the envelope on screen, by default
        XCTAssertEqual(first.receiver, st.store.operatorName)
        // Incomplete: refused, and it must say what is missing.
        st.handle(.char("i"))
        type(st, "周强"); st.handle(.tab); type(st, "交易按揭中心"); tab(st, 2); type(st, "买卖合同"); tab(st, 2); st.handle(.right)
        st.handle(.enter)
        XCTAssertTrue(text(st).contains("Say what is missing"), text(st))
        st.handle(.tab); type(st, "缺骑缝章"); st.handle(.enter)
        XCTAssertTrue(st.message.contains("refused, incomplete"), st.message)
        XCTAssertEqual(st.store.register.office.intakes.last?.accepted, false)
        report(st, .intake)
        let t = text(st, 160, 30)
        XCTAssertTrue(t.contains("档案交接登记表") && t.contains("不全不接收") && t.contains("缺骑缝章"), t)
    }

    func testKeyFormHandOverRefusalAndUnitKey() throws {
        let st = try sampleAppState()
        at(st, "2026-11-23T10:00:00+08:00")
        st.handle(.char("K"))
        XCTAssertTrue(text(st).contains("Key register"))
        st.handle(.right)                                      // hand-over
        tab(st, 3); type(st, "李敏"); st.handle(.tab); type(st, "陈静"); tab(st, 4); type(st, "休假")
        st.handle(.enter)
        XCTAssertTrue(st.message.contains("keys") || st.message.contains("移交"), st.message)
        XCTAssertEqual(st.store.cabinets[0].keyHolders, ["陈静", "王建国(备用钥匙)"])
        XCTAssertTrue(text(st).contains("陈静, 王建国(备用钥匙)"), text(st))   // the cabinet's detail
        // A refusal names its rule and keeps the form open.
        st.handle(.char("K"))
        tab(st, 4); type(st, "赵磊"); tab(st, 2); st.handle(.right)         // issue the spare to a clerk
        st.handle(.enter)
        XCTAssertTrue(text(st).contains("keys.spare-manager"), text(st))
        guard case .form = st.mode else { return XCTFail("form closed on a refusal") }
        st.handle(.esc); st.handle(.char("y"))
        // A unit key deposited by the owner of the envelope on screen.
        goTo(st, "欧阳明")
        st.handle(.char("K"))
        for _ in 0..<5 { st.handle(.right) }                    // deposit
        tab(st, 3); type(st, "欧阳明"); tab(st, 2); type(st, "入户门钥匙×1")
        st.handle(.enter)
        XCTAssertEqual(st.store.register.office.unitKeys[st.current!.id]?.depositor, "欧阳明", st.message)
        XCTAssertTrue(text(st).contains("unit key held"), text(st))
        report(st, .keys)
        let t = text(st, 160, 40)
        XCTAssertTrue(t.contains("钥匙领用/移交登记表") && t.contains("存入代保管") && t.contains("休假"), t)
    }

    func testArrangementFormAndItsRecord() throws {
        let st = try sampleAppState()
        at(st, "2026-11-23T10:00:00+08:00")
        goTo(st, "欧阳明")
        st.handle(.char("I"))                                  // an inventory check of the cabinet
        st.handle(.esc)
        st.handle(.char("A"))
        XCTAssertTrue(text(st).contains("Arrangement"), text(st))
        tab(st, 2); type(st, "1栋2层"); st.handle(.tab); type(st, "标签褪色,已更换")
        st.handle(.enter)
        XCTAssertTrue(st.message.contains("arr-"), st.message)
        let a = try XCTUnwrap(st.store.register.office.arrangements.last)
        XCTAssertEqual(a.envelopes, [st.current!.id]); XCTAssertEqual(a.scope, "1栋2层")
        report(st, .arrangement)
        let t = text(st, 160, 30)
        XCTAssertTrue(t.contains("档案整理记录表") && t.contains("盘点") && t.contains("标签检查更新") && t.contains("标签褪色"), t)
    }

    func testCustomerDetailsForm() throws {
        let st = try sampleAppState()
        at(st, "2026-11-23T10:00:00+08:00")
        goTo(st, "欧阳明")
        st.handle(.char("p"))
        XCTAssertTrue(text(st).contains("Customer details"), text(st))
        st.handle(.right)                                      // residential
        st.handle(.tab); type(st, "粤B1234")                    // one character short
        st.handle(.enter)
        XCTAssertTrue(text(st).contains("plate"), text(st))
        type(st, "5"); st.handle(.tab); type(st, "B2-101")
        st.handle(.tab); clear(st); type(st, "欧阳华"); st.handle(.tab); clear(st); type(st, "配偶"); st.handle(.tab); clear(st); type(st, "13912345678")
        st.handle(.tab); type(st, "2026-11-20"); st.handle(.tab); type(st, "13800001111"); st.handle(.tab); type(st, "深圳市南山区")
        st.handle(.enter)
        XCTAssertEqual(st.message, "Customer details saved")
        let e = try XCTUnwrap(st.current)
        XCTAssertEqual(e.category, .residential); XCTAssertEqual(e.vehiclePlates, ["粤B12345"]); XCTAssertEqual(e.parking, ["B2-101"])
        XCTAssertEqual(e.emergencyContact, Contact(name: "欧阳华", phone: "13912345678", relation: "配偶"))
        XCTAssertEqual(e.moveOut, MoveOut(date: "2026-11-20", phone: "13800001111", address: "深圳市南山区"))
        st.focus = 1
        let t = text(st)
        XCTAssertTrue(t.contains("residential   plates 粤B12345   parking B2-101"), t)
        XCTAssertTrue(t.contains("moved out 2026-11-20"), t)
        report(st, .categories)
        XCTAssertTrue(text(st, 120, 30).contains("住宅      1"), text(st, 120, 30))
    }

    func testDocumentEditAndRemoveForms() throws {
        let st = try sampleAppState()
        at(st, "2026-11-23T10:00:00+08:00")
        goTo(st, "欧阳明")
        st.handle(.char("a"))                                 // a document filed by mistake
        st.handle(.tab); type(st, "误登记"); st.handle(.enter)
        st.handle(.right)
        st.document = st.documents.count - 1
        st.handle(.char("E"))
        XCTAssertTrue(text(st).contains("Edit document"), text(st))
        st.handle(.tab); clear(st); type(st, "误登记的文件"); tab(st, 2); clear(st); type(st, "3")
        st.handle(.enter)
        XCTAssertTrue(st.message.hasPrefix("Document saved"), st.message)
        XCTAssertEqual(st.documents.last?.title, "误登记的文件"); XCTAssertEqual(st.documents.last?.pages, 3)
        let id = st.documents.last!.id
        st.handle(.char("x"))
        st.handle(.enter)
        XCTAssertTrue(text(st).contains("Please fill in Reason"), text(st))
        type(st, "误登记"); st.handle(.enter)
        XCTAssertFalse(st.documents.contains { $0.id == id }, st.message)
        XCTAssertTrue(try st.store.history(envelope: st.current!.id).contains { $0.action == "document.remove" && $0.note.contains("误登记") })
    }

    func testExpiredMaterialListedAndDestroyedOnlyAfterConfirmation() throws {
        let st = try sampleAppState()
        at(st, "2026-11-23T10:00:00+08:00")
        let due = st.store.dueForDestruction()
        XCTAssertFalse(due.isEmpty)
        report(st, .expired)
        let t = text(st, 200, 40)
        XCTAssertTrue(t.contains("到期待销毁清单") && t.contains(due[0].1.id), t)
        st.handle(.char("D"))
        XCTAssertTrue(text(st).contains("Destroy — \(due.count)"), text(st))
        type(st, "王建国"); st.handle(.tab); type(st, "超过保管期限")
        st.handle(.enter)
        XCTAssertTrue(text(st).contains("Destroy \(due.count) document(s) (粉碎)? y to confirm"), text(st))
        st.handle(.char("n"))                                  // not yet: nothing destroyed
        XCTAssertEqual(st.store.dueForDestruction().count, due.count)
        guard case .form = st.mode else { return XCTFail("the form closed") }
        st.handle(.enter); st.handle(.char("y"))
        XCTAssertTrue(st.message.contains("destroyed with approval"), st.message)
        XCTAssertEqual(st.store.dueForDestruction().count, 0)
        XCTAssertEqual(st.store.register.paperwork.disposals.filter { $0.kind == .destroy }.flatMap { $0.documents }.count, due.count)
    }

    func testMonthlyStatisticsOnTheSecondShowLastMonthWithItsTrend() throws {
        let st = try sampleAppState()
        at(st, "2026-12-02T09:00:00+08:00")
        st.handle(.char("R"))
        XCTAssertTrue(text(st).contains("Monthly statistics (2026-11)"), text(st))
        st.handle(.esc)
        report(st, .monthly)
        guard case .report(let r) = st.mode else { return XCTFail("no report") }
        XCTAssertTrue(r.table.subtitle.hasPrefix("2026-11"))
        let screen = text(st, 100, 40)
        XCTAssertTrue(screen.contains("近12个月趋势 (2025-12 … 2026-11)"), screen)
        let spark = try XCTUnwrap(r.lines.first { $0.hasPrefix("月末未归还(份)") })
        XCTAssertEqual(spark.filter { "▁▂▃▄▅▆▇█".contains($0) }.count, 12, spark)
        XCTAssertTrue(r.lines.contains { $0.hasPrefix("借出未归还的去向列表") })
        at(st, "2026-12-06T09:00:00+08:00")
        st.handle(.esc); st.handle(.char("R"))
        XCTAssertTrue(text(st).contains("Monthly statistics (2026-12)"), text(st))
    }

    func testEveryNewRegisterOpensFromTheMenu() throws {
        let st = try sampleAppState()
        at(st, "2026-11-23T10:00:00+08:00")
        for k in [ReportKind.storageList, .arrangement, .intake, .keys, .categories, .expired] {
            report(st, k)
            guard case .report(let r) = st.mode else { return XCTFail("\(k) did not open: \(st.message)") }
            XCTAssertEqual(r.kind, k)
            st.handle(.esc)
        }
    }
}
