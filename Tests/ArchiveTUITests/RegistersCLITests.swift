import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// The registers of issue 17 through the real binary, on a copy of the bundled sample archive:
/// intake, keys, arrangement and the storage list in csv, txt and html; customer details; the
/// retention; the monthly report on 2 December; two sites added up.
final class RegistersCLITests: XCTestCase {
    static let december2 = "2026-12-02T09:00:00+08:00"

    /// A copy of data/sample (opening writes a cache: never into the repository).
    func bundledSample(_ name: String) throws -> String {
        let bundled = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("data/sample").path
        let path = folder(name) + "/archive"
        try FileManager.default.copyItem(atPath: bundled, toPath: path)
        // The login running the tests works as the archivist (as the first run's copy is given).
        Run.mapLogin(ArchiveStore.osUser(), to: "李敏", archive: path)
        return path
    }

    func runner(_ path: String, now: String = december2) -> (String...) -> (Int32, String) {
        { (args: String...) in Bin.run(Bin.dangan, args + ["--archive", path], env: ["DANGAN_NOW": now]) }
    }

    func testRegistersRecordedAndPrintedOnTheSampleArchive() throws {
        let path = try bundledSample("reg")
        let d = runner(path)
        // Intake: received, refused as incomplete, and a form without items.
        var (code, out) = d(
            "intake", "--from", "王芳", "--department", "销售部", "--item", "认购书(1-201)", "--item", "身份证复印件(1-201)",
            "--envelope", "1-201")
        XCTAssertEqual(code, 0, out)
        XCTAssertTrue(out.contains("已接收 2 项"), out)
        (code, out) = d(
            "intake", "--from", "周强", "--department", "交易按揭中心", "--item", "买卖合同", "--missing", "合同缺骑缝章", "--json")
        XCTAssertEqual(code, 0, out)
        XCTAssertTrue(out.contains("\"accepted\" : false") || out.contains("\"accepted\":false"), out)
        XCTAssertEqual(d("intake", "--from", "周强", "--department", "销售部").0, 2)
        // Keys: the spare with a manager only; the archivist away; a lost key, then the new lock.
        (code, out) = d("keys", "issue", "A", "--to", "赵磊", "--spare")
        XCTAssertEqual(code, 3, out)
        XCTAssertTrue(out.contains("keys.spare-manager"), out)
        XCTAssertEqual(d("keys", "hand-over", "A", "--from", "李敏", "--to", "陈静", "--purpose", "休假").0, 0)
        XCTAssertEqual(d("keys", "lost", "A", "--by", "陈静", "--purpose", "钥匙串遗失").0, 0)
        (code, out) = d("keys", "issue", "A", "--to", "刘洋")
        XCTAssertEqual(code, 3, out)
        XCTAssertTrue(out.contains("keys.lock-pending"), out)
        XCTAssertEqual(d("keys", "lock-change", "A", "--holder", "李敏", "--spare", "王建国", "--purpose", "钥匙遗失").0, 0)
        XCTAssertEqual(d("keys", "deposit", "1-201", "--by", "欧阳明", "--key", "入户门钥匙×1").0, 0)
        XCTAssertEqual(d("keys", "out", "1-201", "--to", "刘洋", "--purpose", "维修漏水").0, 0)
        (code, out) = d("keys", "release", "1-201", "--to", "欧阳明")
        XCTAssertEqual(code, 3, out)
        XCTAssertTrue(out.contains("keys.unit-out"), out)
        XCTAssertEqual(d("keys", "back", "1-201").0, 0)
        (code, out) = d("keys", "list")
        XCTAssertTrue(out.contains("A柜\t李敏、王建国(备用钥匙)") && out.contains("1-201\t入户门钥匙×1\t代保管中"), out)
        // Arrangement: a label check, and an inventory check whose findings are kept.
        XCTAssertEqual(d("arrange", "A", "--findings", "1-201标签褪色,已更换", "--envelope", "1-201").0, 0)
        XCTAssertEqual(d("check", "--inventory", "A").0, 1)
        // A document filed today: the storage list says when and by whom.
        (code, out) = d("document", "add", "1-201", "--kind", "投诉记录", "--title", "噪音投诉", "--date", "2020-01-01")
        XCTAssertEqual(code, 0, out)

        // The storage list: csv, txt, html.
        (code, out) = d("report", "storage-list", "A", "--format", "csv")
        XCTAssertEqual(code, 0, out)
        var lines = out.components(separatedBy: "\r\n")
        XCTAssertEqual(lines[0], "\u{FEFF}归档时间,经办人,方式,存放位置,档案号,业主,文件,标题,原件/复印件,页数,状态")
        XCTAssertEqual(
            lines[1], "2026-11-20 10:00,root,迁移,A柜 → 1栋 → 1层 → 101,KH-2018-00001,杨霞,前期物业服务合同,前期物业服务合同(1-101),原件,12,在袋")
        XCTAssertTrue(
            lines.contains("2026-12-02 09:00,李敏,补充归档,A柜 → 1栋 → 2层 → 201,KH-2019-00001,欧阳明,投诉记录,噪音投诉,复印件,1,在袋"), out)
        (code, out) = d("report", "storage-list", "--month", "2026-12")
        XCTAssertEqual(code, 0, out)
        XCTAssertTrue(out.contains("文件资料存储清单") && out.contains("噪音投诉") && out.contains("共 1 份, 1 袋"), out)
        (code, out) = d("report", "storage-list", "C", "--format", "html")
        XCTAssertTrue(
            out.contains("<th>归档时间</th><th>经办人</th><th>方式</th><th>存放位置</th>") && out.contains("<td>迁移</td>"), out)

        // The arrangement record: both sessions listed; the inventory printed again.
        (code, out) = d("report", "arrangement", "--format", "csv")
        lines = out.components(separatedBy: "\r\n")
        XCTAssertEqual(lines[0], "\u{FEFF}日期,经办人,工作,范围,档案袋,发现,处理,记录号")
        XCTAssertTrue(lines[1].hasPrefix("2026-12-02 09:00,李敏,标签检查更新,柜 A,1,\"1-201标签褪色,已更换\",处理 1 袋,arr-"), lines[1])
        XCTAssertTrue(lines[2].hasPrefix("2026-12-02 09:00,李敏,盘点,柜 A,68,"), lines[2])
        let inv = String(lines[2].split(separator: ",").last!)
        XCTAssertTrue(inv.hasPrefix("inv-"))
        (code, out) = d("report", "arrangement", "--format", "txt")
        XCTAssertTrue(out.contains("档案整理记录表") && out.contains("标签检查更新") && out.contains("盘点"), out)
        (code, out) = d("report", "arrangement", inv, "--format", "html")
        XCTAssertEqual(code, 0, out)
        XCTAssertTrue(out.contains("重印") && out.contains("<td>缺件</td>") && out.contains(inv), out)

        // The intake register.
        (code, out) = d("report", "intake", "--format", "csv")
        lines = out.components(separatedBy: "\r\n")
        XCTAssertEqual(lines[0], "\u{FEFF}交接时间,移交部门,移交人,接收人,资料明细,件数,档案袋,结果,缺少/说明,经办")
        XCTAssertEqual(lines[1], "2026-12-02 09:00,销售部,王芳,李敏,认购书(1-201)；身份证复印件(1-201),2,1-201 欧阳明,已接收,,李敏")
        XCTAssertEqual(lines[2], "2026-12-02 09:00,交易按揭中心,周强,李敏,买卖合同,1,,不全不接收,合同缺骑缝章,李敏")
        (code, out) = d("report", "intake")
        XCTAssertTrue(out.contains("档案交接登记表") && out.contains("不全不接收 1 次"), out)
        (code, out) = d("report", "intake", "--format", "html")
        XCTAssertTrue(out.contains("<td>不全不接收</td>") && out.contains("接收人签字"), out)

        // The key register, with the holders and the unit keys after it.
        (code, out) = d("report", "keys", "--format", "csv")
        lines = out.components(separatedBy: "\r\n")
        XCTAssertEqual(lines[0], "\u{FEFF}时间,钥匙,名称,事项,交出人,接收人,签字,事由/说明,经办")
        XCTAssertEqual(lines[1], "2026-12-02 09:00,A柜,档案柜钥匙,移交,李敏,陈静,陈静,休假,李敏")
        XCTAssertEqual(lines[2], "2026-12-02 09:00,A柜,档案柜钥匙,遗失,陈静,,陈静,钥匙串遗失,李敏")
        XCTAssertEqual(lines[3], "2026-12-02 09:00,A柜,锁具,更换锁具,,,,新钥匙: 李敏、王建国(备用钥匙),李敏")
        XCTAssertTrue(lines.contains("2026-12-02 09:00,代保管单元钥匙 1-201 欧阳明,入户门钥匙×1,借出,李敏,刘洋,刘洋,维修漏水,李敏"), out)
        XCTAssertTrue(lines.contains("A,1号档案柜(1栋),李敏,王建国,正常"), out)
        (code, out) = d("report", "keys")
        XCTAssertTrue(out.contains("钥匙领用/移交登记表") && out.contains("档案柜钥匙保管人") && out.contains("代保管单元钥匙"), out)
        (code, out) = d("report", "keys", "--format", "html")
        XCTAssertTrue(
            out.contains("<h2>代保管单元钥匙 (Unit keys held for owners)</h2>") && out.contains("<td>更换锁具</td>"), out)

        let (_, problems) = try Integrity.check(path)
        XCTAssertEqual(problems, [])
    }

    func testDocumentEditRemoveAndRetentionByKindOnTheCommandLine() throws {
        let path = try bundledSample("ret")
        let d = runner(path, now: "2026-11-25T10:00:00+08:00")
        var (code, out) = d(
            "document", "add", "1-201", "--kind", "投诉记录", "--title", "噪音投诉", "--date", "2023-03-01", "--json")
        XCTAssertEqual(code, 0, out)
        struct Doc: Decodable {
            var id: String
            var retention: String
        }
        let doc = try JSONDecoder().decode(Doc.self, from: Data(out.utf8))
        XCTAssertEqual(doc.retention, "")  // by its kind: three years
        (code, out) = d("destroy", "--due")
        XCTAssertTrue(out.contains("\(doc.id)\t1-201\t欧阳明\t投诉记录\t2023-03-01\t保管至 2026-03-01 (按类别3年)"), out)
        (code, out) = d("destroy", doc.id, "--reason", "过期")
        XCTAssertEqual(code, 3, out)
        XCTAssertTrue(out.contains("approver.required"))
        (code, out) = d("settings", "--retention", "投诉记录=5")
        XCTAssertTrue(out.contains("投诉记录 5年"), out)
        (code, out) = d("destroy", doc.id, "--approver", "王建国", "--reason", "过期")
        XCTAssertEqual(code, 3, out)
        XCTAssertTrue(out.contains("destroy.not-expired") && out.contains("2028-03-01"), out)
        XCTAssertEqual(d("settings", "--retention", "前期物业服务合同=5").0, 2)
        XCTAssertEqual(d("settings", "--retention-defaults").0, 0)
        (code, out) = d("destroy", doc.id, "--approver", "王建国", "--reason", "超过保管期限")
        XCTAssertEqual(code, 0, out)
        (code, out) = d("report", "destruction", "--format", "csv")
        XCTAssertTrue(out.contains(",1-201,欧阳明,投诉记录,2023-03-01,2026-03-01 (按类别3年),超过保管期限,粉碎,王建国,李敏"), out)
        // Edit and remove.
        (code, out) = d(
            "document", "add", "1-201", "--kind", "缴费记录", "--title", "重复登记的缴费记录", "--date", "2020-01-01", "--json")
        let dup = try JSONDecoder().decode(Doc.self, from: Data(out.utf8))
        (code, out) = d("document", "edit", dup.id, "--title", "缴费记录(重复)", "--pages", "2", "--no-original")
        XCTAssertEqual(code, 0, out)
        XCTAssertTrue(out.contains("缴费记录(重复)"), out)
        XCTAssertEqual(d("document", "edit", dup.id, "--kind", "不存在").0, 2)
        (code, out) = d("document", "remove", dup.id, "--reason", "")
        XCTAssertEqual(code, 3, out)
        XCTAssertTrue(out.contains("form.reason"), out)
        (code, out) = d("document", "remove", dup.id, "--reason", "重复登记")
        XCTAssertEqual(code, 0, out)
        (code, out) = d("history", "1-201")
        XCTAssertTrue(out.contains("document.remove") && out.contains("重复登记"), out)
        XCTAssertFalse(d("show", "1-201").1.contains(dup.id))
    }

    func testCustomerDetailsThroughEditExportAndImport() throws {
        let path = try bundledSample("cust")
        let d = runner(path, now: "2026-11-25T10:00:00+08:00")
        var (code, out) = d(
            "envelope", "edit", "1-201", "--category", "商铺", "--plate", "粤b12345", "--plate", "粤BD54321", "--parking",
            "B2-101",
            "--emergency-name", "欧阳华", "--emergency-relation", "配偶", "--emergency-phone", "13912345678",
            "--move-out", "2026-11-20", "--forward-phone", "0755-88889999", "--forward-address", "深圳市南山区新址1号")
        XCTAssertEqual(code, 0, out)
        XCTAssertEqual(d("envelope", "edit", "1-201", "--plate", "B123").0, 2)
        XCTAssertEqual(d("envelope", "edit", "1-201", "--category", "别墅").0, 2)
        (code, out) = d("show", "1-201")
        XCTAssertTrue(out.contains("物业类型 商铺   车牌 粤B12345、粤BD54321   车位 B2-101"), out)
        // masked until --reveal
        XCTAssertTrue(out.contains("已迁出 2026-11-20  新联系电话 075******9999  邮件转收 深圳市南山区新址1号"), out)
        for format in ["xlsx", "csv"] {
            let file = path + "-out.\(format)"
            XCTAssertEqual(d("export", file).0, 0)
            let dst = folder("cust-\(format)") + "/a"
            XCTAssertEqual(Bin.run(Bin.dangan, ["init", dst, "--name", "导入"]).0, 0)
            (code, out) = Bin.run(
                Bin.dangan, ["import", file, "--archive", dst], env: ["DANGAN_NOW": "2026-11-25T10:00:00+08:00"])
            XCTAssertEqual(code, 0, out)
            let store = try ArchiveStore.open(dst)
            let e = try store.envelope(id: try store.resolveEnvelope("1-201"))
            XCTAssertEqual(e.category, .shop, format)
            XCTAssertEqual(e.plates, ["粤B12345", "粤BD54321"])
            XCTAssertEqual(e.parkingSpaces, ["B2-101"])
            XCTAssertEqual(e.emergencyContact, Contact(name: "欧阳华", phone: "13912345678", relation: "配偶"))
            XCTAssertEqual(e.moveOut, MoveOut(date: "2026-11-20", phone: "0755-88889999", address: "深圳市南山区新址1号"))
        }
        (code, out) = d("report", "categories", "--format", "csv")
        XCTAssertTrue(out.hasPrefix("\u{FEFF}物业类型,档案袋,在住/在用,已迁出,原件,复印件,车辆,车位,本月借出(份)"), out)
        XCTAssertTrue(out.contains("\r\n商铺,1,0,1,"), out)
    }

    func testMonthlyReportOnTheSecondOfDecemberAndTwoSites() throws {
        let path = try bundledSample("month")
        let nov25 = runner(path, now: "2026-11-25T10:00:00+08:00")
        var (code, out) = nov25(
            "copy", "request", "1-201:1", "--by", "赵磊", "--purpose", "办理产权", "--copies", "2", "--json")
        struct R: Decodable { var extra: [String: String] }
        let id = try JSONDecoder().decode(R.self, from: Data(out.utf8)).extra["copy"]!
        XCTAssertEqual(nov25("copy", "approve", id, "--approver", "王建国").0, 0)
        XCTAssertEqual(nov25("copy", "made", id, "--pages", "12", "--copies", "2").0, 0)
        let d = runner(path)
        // On 2 December, with no --month: November.
        (code, out) = d("report", "monthly")
        XCTAssertEqual(code, 0, out)
        XCTAssertTrue(out.contains("2026-11  (未归还等为月末)"), out)
        XCTAssertTrue(out.contains("本月复印件 (份)        2") && out.contains("本月影印取出原件 (份)  1"), out)
        XCTAssertTrue(out.contains("影印中原件 (份)        1"), out)
        XCTAssertTrue(out.contains("借出未归还的去向列表") && out.contains("截至 2026-12-01 00:00"), out)
        XCTAssertTrue(out.contains("刘洋 工程部") && out.contains("赵磊"), out)
        XCTAssertTrue(out.contains("近12个月趋势 (2025-12 … 2026-11)"), out)
        (code, out) = d("report", "monthly", "--format", "csv")
        XCTAssertTrue(out.contains("\r\n2026-11,3,0,2,3\r\n"), out)
        (code, out) = d("report", "monthly", "--format", "html")
        XCTAssertTrue(
            out.contains("<svg") && out.contains("data-name=\"月末未归还(份)\"") && out.contains("<h2>借出未归还的去向列表"), out)
        // On 6 December: December.
        (code, out) = runner(path, now: "2026-12-06T09:00:00+08:00")("report", "monthly")
        XCTAssertTrue(out.contains("2026-12  (未归还等为截至 2026-12-06 09:00)"), out)
        // Headquarters: two sites in one table.
        let other = folder("site2") + "/b"
        XCTAssertEqual(Bin.run(Bin.dangan, ["generate", other, "--envelopes", "50", "--name", "明珠苑客户档案"]).0, 0)
        (code, out) = Bin.run(
            Bin.dangan, ["report", "monthly", "--archive", path, "--archive", other, "--format", "csv"],
            env: ["DANGAN_NOW": Self.december2])
        XCTAssertEqual(code, 0, out)
        let lines = out.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(
            lines[0], "\u{FEFF}项目,档案袋,原件,复印件,借出(笔),借出(份),归还(份),影印(笔),影印取出原件(份),复印件(份),未归还(份),其中逾期(份),影印中原件(份)")
        XCTAssertEqual(lines.count, 4)
        // Both sites were generated with the same site name: the archives' names tell them apart.
        XCTAssertTrue(lines[1].hasPrefix("阳光花园物业服务中心 (阳光花园客户档案),200,"), lines[1])
        XCTAssertTrue(lines[2].hasPrefix("阳光花园物业服务中心 (明珠苑客户档案),50,"), lines[2])
        XCTAssertTrue(lines[3].hasPrefix("合计,250,"), lines[3])
        let a = lines[1].split(separator: ",").dropFirst().map { Int($0)! }
        let b = lines[2].split(separator: ",").dropFirst().map { Int($0)! }
        XCTAssertEqual(lines[3].split(separator: ",").dropFirst().map { Int($0)! }, zip(a, b).map { $0 + $1 })
        (code, out) = Bin.run(Bin.dangan, ["ls", "--archive", path, "--archive", other])
        XCTAssertEqual(code, 2, out)
        XCTAssertTrue(out.contains("only report monthly"), out)
    }
}
