import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

final class ReportTests: XCTestCase {
    func sample() throws -> ArchiveStore {
        let path = tempDir("rep")
        let now = TestClock.now
        try Generator(envelopes: 200, seed: 20_261_120, now: now).write(to: path)
        let s = try ArchiveStore.open(path)
        s.clock = { now }
        return s
    }

    func testOutstandingOverdueFirstWithHolder() throws {
        let s = try sample()
        let t = try Reports.build(.outstanding, store: s, month: nil, target: nil)
        XCTAssertEqual(t.rows.count, 3)
        XCTAssertEqual(t.rows[0][0], "逾期")
        XCTAssertEqual(t.rows.filter { $0[0] == "逾期" }.count, 1)
        XCTAssertTrue(t.rows.allSatisfy { !$0[5].isEmpty })  // who holds each document
    }

    func testMonthlyFileListLabelCabinetList() throws {
        let s = try sample()
        let m = try Reports.build(.monthly, store: s, month: TestClock.month, target: nil)
        XCTAssertEqual(m.rows.first { $0[0] == "档案袋" }?[1], "200")
        XCTAssertEqual(m.rows.first { $0[0] == "未归还 (份)" }?[1], "3")
        // The counts come from the summaries (cache); they agree with reading every file.
        var o = 0
        var cp = 0
        for e in s.envelopes {
            for d in try s.envelope(id: e.id).documents where d.state == .present {
                if d.original { o += 1 } else { cp += 1 }
            }
        }
        XCTAssertEqual(m.rows.first { $0[0] == "原件 (在册)" }?[1], "\(o)")
        XCTAssertEqual(m.rows.first { $0[0] == "复印件 (在册)" }?[1], "\(cp)")
        let cached = try ArchiveStore.open(s.root)
        cached.clock = s.clock
        XCTAssertEqual(try Reports.build(.monthly, store: cached, month: TestClock.month, target: nil), m)
        let f = try Reports.build(.fileList, store: s, month: nil, target: "1-201")
        XCTAssertTrue(f.subtitle.contains("欧阳明"))
        XCTAssertEqual(f.rows.count, try s.envelope(id: try s.resolveEnvelope("1-201")).documents.count)
        // drawn above the list in HTML
        XCTAssertEqual(f.barcode, s.summary(id: try s.resolveEnvelope("1-201"))?.barcode)
        XCTAssertTrue(Reports.html(f).contains("<div class=\"code\"><svg"))
        let l = try Reports.build(.label, store: s, month: nil, target: "1-201")
        XCTAssertEqual(l.columns, ["房号", "业主姓名", "档案号", "条码", "存放位置", "备注"])
        XCTAssertEqual(l.rows.count, 1)
        XCTAssertEqual(Array(l.rows[0].prefix(2)), ["1栋201", "欧阳明"])
        let c = try Reports.build(.cabinetList, store: s, month: nil, target: "A")
        XCTAssertEqual(c.rows.count, 68)
        let inv = try Reports.build(.inventory, store: s, month: nil, target: "A")
        XCTAssertEqual(
            inv.rows.filter { $0[3] == "缺件" }.count, s.envelopes(inCabinet: "A").filter { $0.missing > 0 }.count)
    }

    /// Text reports never cut a cell: a long one goes on over the next lines of its row.
    func testTextReportsWrapLongCellsWhole() {
        let long = "前期物业服务合同复印件、身份证复印件、购房合同复印件、装修申请表"
        let t = ReportTable(title: "档案借阅单", subtitle: "", columns: ["文件", "页数"], rows: [[long, "12"]], footer: "")
        let txt = Reports.txt(t)
        let body = txt.split(separator: "\n").dropFirst(3).map { String($0) }
        XCTAssertEqual(body.count, 2, txt)  // 62 columns of text in a 32-column cell
        XCTAssertTrue(body.allSatisfy { TextWidth.width($0) <= 32 + 2 + 4 }, txt)
        let joined = body.map { $0.prefix { $0 != " " } }.joined()
        XCTAssertEqual(joined, long, txt)
        XCTAssertTrue(body[0].hasSuffix("12"), txt)
    }

    func testCSVHasBOMQuotesAndNeutralisesFormulas() {
        let t = ReportTable(
            title: "t", subtitle: "", columns: ["a", "b"], rows: [["张,伟", "=1+1"], ["x\"y", "ok"]], footer: "")
        let b = Reports.csv(t)
        XCTAssertEqual(Array(b.prefix(3)), [0xEF, 0xBB, 0xBF])
        let s = String(decoding: b.dropFirst(3), as: UTF8.self)
        XCTAssertEqual(
            s, "a,b\r\n\"张,伟\",\"'=1+1\"\r\nx\"y,ok\r\n".replacingOccurrences(of: "x\"y", with: "\"x\"\"y\""))
        let txt = Reports.txt(
            ReportTable(
                title: "T", subtitle: "", columns: ["名", "n"], rows: [["欧阳明", "1"], ["Li", "2"]], footer: ""))
        let lines = txt.split(separator: "\n")
        // columns aligned by display width
        XCTAssertEqual(
            TextWidth.width(String(lines[3].prefix(while: { $0 != "1" }))),
            TextWidth.width(String(lines[4].prefix(while: { $0 != "2" }))))
        XCTAssertTrue(Reports.html(t).contains("<td>张,伟</td>"))
    }
}
