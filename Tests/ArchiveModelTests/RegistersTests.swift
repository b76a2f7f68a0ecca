import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// A clock a test moves by hand (never the wall clock).
final class HandClock: @unchecked Sendable {
    var now: Date
    init(_ text: String) { now = TimeFormat(identifier: "Asia/Shanghai").parse(text)! }
    func set(_ text: String) { now = TimeFormat(identifier: "Asia/Shanghai").parse(text)! }
}

/// The registers of issue 17 through the model: intake, keys, arrangement, storage list,
/// customer details, retention, monthly statistics and the consolidation of sites.
final class RegistersTests: XCTestCase {
    func archive(at text: String) throws -> (ArchiveStore, Envelope, HandClock) {
        let clock = HandClock(text)
        let (s, e) = try makeArchive(now: clock.now)
        s.clock = { clock.now }
        return (s, e, clock)
    }

    func reopened(_ s: ArchiveStore) throws -> ArchiveStore {
        let r = try ArchiveStore.open(s.root)
        r.clock = s.clock
        r.operatorName = s.operatorName
        return r
    }

    // MARK: Intake

    func testIntakeReceivedOrRefusedAndItsRegister() throws {
        let (s, e, clock) = try archive(at: "2026-11-02T09:30:00+08:00")
        XCTAssertThrowsError(try s.recordIntake(from: "", department: "销售部", items: ["认购书"])) { err in
            XCTAssertTrue("\(err)".contains("from"), "\(err)")
        }
        XCTAssertThrowsError(try s.recordIntake(from: "王芳", department: "销售部", items: [" "])) {
            XCTAssertEqual(errorCase($0), "invalidField item (资料明细)")
        }
        let ok = try s.recordIntake(
            from: "王芳", department: "销售部", items: ["认购书(3-1201)", "身份证复印件(3-1201)"], envelopes: ["3-1201"])
        XCTAssertTrue(ok.accepted)
        XCTAssertEqual(ok.receiver, "李敏")
        XCTAssertEqual(ok.envelopes, [e.id])
        clock.set("2026-11-06T16:00:00+08:00")
        let no = try s.recordIntake(
            from: "周强", department: "交易按揭中心", receiver: "赵磊", items: ["买卖合同", "房地产证复印件"],
            missing: "合同缺骑缝章")
        XCTAssertFalse(no.accepted)
        // Folded again from the journal (a fresh process, the checkpoint, a full fold): the same.
        let r = try reopened(s)
        XCTAssertEqual(r.register.office.intakes, [ok, no])
        let t = try Reports.build(.intake, store: r, month: nil, target: nil)
        XCTAssertEqual(t.columns, ["交接时间", "移交部门", "移交人", "接收人", "资料明细", "件数", "档案袋", "结果", "缺少/说明", "经办"])
        XCTAssertEqual(
            t.rows,
            [
                [
                    "2026-11-02 09:30", "销售部", "王芳", "李敏", "认购书(3-1201)；身份证复印件(3-1201)", "2", "3-1201 张伟", "已接收", "",
                    "李敏",
                ],
                ["2026-11-06 16:00", "交易按揭中心", "周强", "赵磊", "买卖合同；房地产证复印件", "2", "", "不全不接收", "合同缺骑缝章", "李敏"],
            ])
        XCTAssertTrue(t.footer.contains("不全不接收 1 次"))
        XCTAssertEqual(try Reports.build(.intake, store: r, month: "2026-10", target: nil).rows, [])
    }

    // MARK: Keys

    func testCabinetKeysHandOverLostKeyAndLockChange() throws {
        let (s, _, clock) = try archive(at: "2026-11-02T09:00:00+08:00")
        XCTAssertEqual(s.cabinets[0].keyHolders, ["李敏"])
        // The spare stays with a manager (an approver).
        XCTAssertEqual(
            try s.recordKey(KeyRequest(kind: .issue, cabinet: "A", to: "赵磊", spare: true)).0.rule, "keys.spare-manager")
        XCTAssertTrue(try s.recordKey(KeyRequest(kind: .issue, cabinet: "A", to: "王建国", spare: true)).0.allowed)
        XCTAssertEqual(
            try s.recordKey(KeyRequest(kind: .issue, cabinet: "A", to: "陈静", spare: true)).0.rule, "keys.spare-exists")
        XCTAssertEqual(try s.recordKey(KeyRequest(kind: .issue, cabinet: "A", to: "李敏")).0.rule, "keys.already-held")
        XCTAssertThrowsError(try s.recordKey(KeyRequest(kind: .issue, cabinet: "Z", to: "李敏"))) {
            XCTAssertEqual(errorCase($0), "notFound")
        }
        XCTAssertEqual(s.cabinets[0].keyHolders, ["李敏", "王建国(备用钥匙)"])
        // The archivist is away: her key goes to the supervisor (4.3.8), and comes back.
        clock.set("2026-11-03T17:30:00+08:00")
        XCTAssertTrue(
            try s.recordKey(KeyRequest(kind: .handOver, cabinet: "A", from: "李敏", to: "陈静", purpose: "休假")).0.allowed)
        XCTAssertEqual(s.cabinets[0].keyHolders, ["陈静", "王建国(备用钥匙)"])
        XCTAssertEqual(
            try s.recordKey(KeyRequest(kind: .handOver, cabinet: "A", from: "李敏", to: "赵磊")).0.rule, "keys.not-held")
        clock.set("2026-11-10T08:30:00+08:00")
        XCTAssertTrue(
            try s.recordKey(KeyRequest(kind: .handOver, cabinet: "A", from: "陈静", to: "李敏", purpose: "休假结束")).0.allowed)
        // A key lost: no more keys of the old lock; the lock is changed, new keys named.
        clock.set("2026-11-12T11:00:00+08:00")
        XCTAssertTrue(try s.recordKey(KeyRequest(kind: .lost, cabinet: "A", from: "李敏", purpose: "钥匙串遗失")).0.allowed)
        XCTAssertEqual(s.cabinets[0].keyHolders, ["王建国(备用钥匙)"])
        XCTAssertEqual(try s.recordKey(KeyRequest(kind: .issue, cabinet: "A", to: "李敏")).0.rule, "keys.lock-pending")
        clock.set("2026-11-12T15:00:00+08:00")
        XCTAssertEqual(
            try s.recordKey(
                KeyRequest(
                    kind: .lockChange, cabinet: "A",
                    holders: [
                        KeyHolder(name: "李敏", spare: false),
                        KeyHolder(name: "赵磊", spare: true),
                    ])
            ).0.rule,
            "keys.spare-manager")
        XCTAssertTrue(
            try s.recordKey(
                KeyRequest(
                    kind: .lockChange, cabinet: "A",
                    holders: [
                        KeyHolder(name: "李敏", spare: false),
                        KeyHolder(name: "王建国", spare: true),
                    ],
                    purpose: "钥匙遗失,更换锁具")
            ).0.allowed)
        XCTAssertEqual(s.cabinets[0].keyHolders, ["李敏", "王建国(备用钥匙)"])
        XCTAssertNil(s.register.office.lostKeys["A"])
        // The cabinet's file shows the holders; the journal folded again agrees.
        let r = try reopened(s)
        XCTAssertEqual(r.cabinets[0].keyHolders, ["李敏", "王建国(备用钥匙)"])
        XCTAssertEqual(r.register.office.keyEvents.map { $0.kind }, [.issue, .handOver, .handOver, .lost, .lockChange])
        let (_, problems) = try Integrity.check(s.root)
        XCTAssertEqual(problems, [])
    }

    func testUnitKeysHeldForOwnersOutAndBackWithSignatures() throws {
        let (s, e, clock) = try archive(at: "2026-11-05T10:00:00+08:00")
        XCTAssertEqual(
            try s.recordKey(KeyRequest(kind: .out, envelope: "3-1201", to: "刘洋", purpose: "维修")).0.rule,
            "keys.unit-not-held")
        XCTAssertEqual(try s.recordKey(KeyRequest(kind: .deposit, envelope: "3-1201", from: "张伟")).0.rule, "form.key")
        XCTAssertTrue(
            try s.recordKey(KeyRequest(kind: .deposit, envelope: "3-1201", from: "张伟", key: "入户门钥匙×1")).0.allowed)
        XCTAssertEqual(
            try s.recordKey(KeyRequest(kind: .deposit, envelope: "3-1201", from: "张伟", key: "x")).0.rule,
            "keys.unit-held")
        XCTAssertEqual(try s.recordKey(KeyRequest(kind: .out, envelope: "3-1201", to: "刘洋")).0.rule, "form.purpose")
        clock.set("2026-11-08T14:00:00+08:00")
        let (d, out) = try s.recordKey(KeyRequest(kind: .out, envelope: "3-1201", to: "刘洋", purpose: "卫生间漏水维修"))
        XCTAssertTrue(d.allowed)
        XCTAssertEqual(out?.signedBy, "刘洋")
        XCTAssertEqual(out?.key, "入户门钥匙×1")
        XCTAssertEqual(s.register.office.unitKeys[e.id]?.state, .out)
        XCTAssertEqual(
            try s.recordKey(KeyRequest(kind: .release, envelope: "3-1201", to: "张伟")).0.rule, "keys.unit-out")
        clock.set("2026-11-08T17:10:00+08:00")
        let (_, back) = try s.recordKey(KeyRequest(kind: .back, envelope: "3-1201"))
        XCTAssertEqual(back?.from, "刘洋")
        XCTAssertEqual(back?.signedBy, "刘洋")
        XCTAssertEqual(s.register.office.unitKeys[e.id]?.state, .held)
        let t = try Reports.build(.keys, store: s, month: nil, target: nil)
        XCTAssertEqual(t.columns, ["时间", "钥匙", "名称", "事项", "交出人", "接收人", "签字", "事由/说明", "经办"])
        XCTAssertEqual(
            t.rows,
            [
                ["2026-11-05 10:00", "代保管单元钥匙 3-1201 张伟", "入户门钥匙×1", "存入代保管", "张伟", "李敏", "张伟", "", "李敏"],
                ["2026-11-08 14:00", "代保管单元钥匙 3-1201 张伟", "入户门钥匙×1", "借出", "李敏", "刘洋", "刘洋", "卫生间漏水维修", "李敏"],
                ["2026-11-08 17:10", "代保管单元钥匙 3-1201 张伟", "入户门钥匙×1", "归还", "刘洋", "李敏", "刘洋", "", "李敏"],
            ])
        XCTAssertEqual(
            t.sections.map { $0.title }, ["档案柜钥匙保管人 (Cabinet key holders)", "代保管单元钥匙 (Unit keys held for owners)"])
        XCTAssertEqual(t.sections[0].rows, [["A", "1号档案柜", "李敏", "", "正常"]])
        XCTAssertEqual(t.sections[1].rows, [["3-1201 张伟", "入户门钥匙×1", "张伟", "2026-11-05 10:00", "代保管中", ""]])
        clock.set("2026-11-20T09:00:00+08:00")
        XCTAssertTrue(try s.recordKey(KeyRequest(kind: .release, envelope: "3-1201", to: "张伟")).0.allowed)
        XCTAssertNil(try reopened(s).register.office.unitKeys[e.id])
    }

    // MARK: Arrangement

    func testInventoryFindingsKeptListedAndReprintedWithLabelSessions() throws {
        let (s, e, clock) = try archive(at: "2026-11-03T09:00:00+08:00")
        let r1 = try s.checkInventory(cabinet: "A", scanned: ["DA0001010001", "NOPE-1"])
        XCTAssertFalse(r1.findings.isEmpty)
        XCTAssertFalse(r1.id.isEmpty)
        clock.set("2026-11-04T10:00:00+08:00")
        let a = try s.recordArrangement(
            work: .labels, cabinets: ["A"], scope: "3栋12层", findings: "3-1201标签褪色,已更换", envelopes: ["3-1201"])
        XCTAssertThrowsError(try s.recordArrangement(work: .labels, cabinets: ["Q"], findings: "x")) {
            XCTAssertEqual(errorCase($0), "notFound")
        }
        XCTAssertThrowsError(try s.recordArrangement(work: .tidy, cabinets: [], findings: " ")) {
            XCTAssertEqual(errorCase($0), "invalidField findings (发现)")
        }
        let r = try reopened(s)
        let run = try XCTUnwrap(r.register.paperwork.inventories.last)
        XCTAssertEqual(run.items, r1.findings)  // the findings themselves, not only their counts
        let list = try Reports.build(.arrangement, store: r, month: "2026-11", target: nil)
        XCTAssertEqual(list.columns, ["日期", "经办人", "工作", "范围", "档案袋", "发现", "处理", "记录号"])
        XCTAssertEqual(list.rows.count, 2)
        XCTAssertEqual(Array(list.rows[0].prefix(5)), ["2026-11-03 09:00", "李敏", "盘点", "柜 A, 扫描 2 袋", "1"])
        XCTAssertEqual(
            list.rows[1], ["2026-11-04 10:00", "李敏", "标签检查更新", "柜 A 3栋12层", "1", "3-1201标签褪色,已更换", "处理 1 袋", a.id])
        // A past check printed again, with what its scan found, even after the shelf changed.
        _ = try r.updateEnvelope(id: e.id) { $0.note = "changed later" }
        let again = try Reports.build(.arrangement, store: r, month: nil, target: r1.id)
        XCTAssertEqual(
            again.rows, r1.findings.map { [$0.cabinet, $0.room, $0.owner, InventoryFinding.label($0.rule), $0.detail] })
        XCTAssertTrue(again.rows.contains { $0[3] == "无此档案" && $0[4].contains("NOPE-1") })
        XCTAssertTrue(again.subtitle.contains("2026-11-03 09:00"))
        let labels = try Reports.build(.arrangement, store: r, month: nil, target: String(a.id.prefix(8)))
        XCTAssertEqual(labels.rows, [["A", "3-1201", "张伟", "KH-2020-00001", "已更换标签"]])
        XCTAssertThrowsError(try Reports.build(.arrangement, store: r, month: nil, target: "arr-nothing-like-it")) {
            XCTAssertEqual(errorCase($0), "notFound")
        }
    }

    // MARK: Storage list

    func testStorageListSaysWhenWhoAndWhereFromTheJournal() throws {
        let (s, e, clock) = try archive(at: "2026-10-30T09:00:00+08:00")
        clock.set("2026-11-03T15:20:00+08:00")
        // A second archivist files the next document (a staff member may not: only the archivist files).
        s.operatorName = "赵磊"
        XCTAssertThrowsError(
            try s.addDocument(envelope: e.id, Document(kind: "车辆档案", title: "x", original: false, date: "2026-11-01"))
        ) {
            XCTAssertEqual(errorCase($0), "refused role.archivist")
        }
        s.operatorName = "李敏"
        _ = try s.addStaff(StaffMember(name: "吴芳", role: .archivist, title: "资料管理员", department: "客户服务中心"))
        s.operatorName = "吴芳"
        let added = try s.addDocument(
            envelope: e.id, Document(kind: "车辆档案", title: "行驶证复印件", original: false, date: "2026-11-01"))
        let all = try Reports.build(.storageList, store: s, month: nil, target: nil)
        XCTAssertEqual(all.columns, ["归档时间", "经办人", "方式", "存放位置", "档案号", "业主", "文件", "标题", "原件/复印件", "页数", "状态"])
        XCTAssertEqual(all.rows.count, e.documents.count + 1)
        XCTAssertEqual(
            all.rows[0],
            [
                "2026-10-30 09:00", "李敏", "新建档案袋", "A柜 → 3栋 → 12层 → 1201", "KH-2020-00001", "张伟",
                "前期物业服务合同", "合同原件", "原件", "2", "在袋",
            ])
        XCTAssertEqual(
            all.rows.last,
            [
                "2026-11-03 15:20", "吴芳", "补充归档", "A柜 → 3栋 → 12层 → 1201", "KH-2020-00001", "张伟",
                "车辆档案", "行驶证复印件", "复印件", "1", "在袋",
            ])
        let nov = try Reports.build(.storageList, store: s, month: "2026-11", target: "A")
        XCTAssertEqual(nov.rows.map { $0[7] }, ["行驶证复印件"])
        // The journal is the source: the filing survives a refile of the envelope.
        _ = try s.updateEnvelope(id: e.id) { $0.unit = "1202" }
        XCTAssertEqual(s.filings()[added.id]?.by, "吴芳")
        XCTAssertEqual(s.filings(of: [s.summary(id: e.id)!]), s.filings())
        XCTAssertEqual(
            try Reports.build(.storageList, store: s, month: "2026-11", target: nil).rows.first?[3],
            "A柜 → 3栋 → 12层 → 1202")
        XCTAssertThrowsError(try Reports.build(.storageList, store: s, month: nil, target: "Q")) {
            XCTAssertEqual(errorCase($0), "notFound")
        }
    }

    // MARK: Customer details

    func testCustomerDetailsValidatedAndKept() throws {
        let (s, e, clock) = try archive(at: "2026-11-10T10:00:00+08:00")
        XCTAssertEqual(try Validate.plate(" 粤b 12345"), "粤B12345")
        XCTAssertEqual(try Validate.plate("粤BD12345"), "粤BD12345")
        XCTAssertEqual(try Validate.plate("京A·1234学"), "京A1234学")
        for bad in ["B12345", "粤B123", "粤B1234567", "粤12345X"] { XCTAssertThrowsError(try Validate.plate(bad), bad) }
        let after = try s.updateEnvelope(id: e.id) {
            $0.category = .residential
            $0.vehiclePlates = ["粤b12345"]
            $0.parking = ["B2-101"]
            $0.emergencyContact = Contact(name: "张小伟", phone: "13912345678", relation: "儿子")
        }
        XCTAssertEqual(after.vehiclePlates, ["粤B12345"])
        XCTAssertEqual(after.parking, ["B2-101"])
        XCTAssertThrowsError(
            try s.updateEnvelope(id: e.id) { $0.emergencyContact = Contact(name: "", phone: "13912345678") })
        // in the future
        XCTAssertThrowsError(try s.updateEnvelope(id: e.id) { $0.moveOut = MoveOut(date: "2026-12-01") })
        // before move-in
        XCTAssertThrowsError(try s.updateEnvelope(id: e.id) { $0.moveOut = MoveOut(date: "2019-01-01") })
        clock.set("2026-11-12T10:00:00+08:00")
        let moved = try s.updateEnvelope(id: e.id) {
            $0.moveOut = MoveOut(date: "2026-11-11", phone: "0755-88889999", address: "深圳市福田区新址1号")
        }
        XCTAssertTrue(moved.movedOut)
        // Cleared again: the lists go back to absent, the contact to none.
        let cleared = try s.updateEnvelope(id: e.id) {
            $0.vehiclePlates = []
            $0.emergencyContact = Contact(name: "", phone: "")
        }
        XCTAssertNil(cleared.plates)
        XCTAssertNil(cleared.emergencyContact)
        let hist = try s.history(envelope: e.id)
        XCTAssertTrue(hist.contains { $0.fields.contains { $0.label == "车牌号" } })
        XCTAssertTrue(hist.contains { $0.fields.contains { $0.label.hasPrefix("迁出") } })
        let cats = try Reports.build(.categories, store: s, month: "2026-11", target: nil)
        XCTAssertEqual(cats.columns, ["物业类型", "档案袋", "在住/在用", "已迁出", "原件", "复印件", "车辆", "车位", "本月借出(份)"])
        XCTAssertEqual(cats.rows[0], ["住宅", "1", "0", "1", "3", "4", "0", "1", "0"])
        XCTAssertEqual(cats.rows.last?[0], "合计")
    }

    func testCustomerDetailsExportImportRoundTripXLSXAndCSV() throws {
        let (s, e, _) = try archive(at: "2026-11-10T10:00:00+08:00")
        _ = try s.updateEnvelope(id: e.id) {
            $0.category = .shop
            $0.vehiclePlates = ["粤B12345", "粤BD54321"]
            $0.parking = ["B2-101", "3-1"]
            $0.emergencyContact = Contact(name: "张小伟", phone: "13912345678", relation: "儿子")
            $0.moveOut = MoveOut(date: "2026-11-09", phone: "0755-88889999", address: "深圳市福田区新址1号")
        }
        let second = Envelope(
            number: "KH-2", barcode: "KH-2", cabinet: "A", building: "3", floor: "12", unit: "1202", owner: "李娜")
        _ = try s.createEnvelope(second)
        for format in [SpreadsheetIO.ExportFormat.xlsx, .csv] {
            let bytes = try SpreadsheetIO.export(s, format: format)
            let dst = try ArchiveStore.create(
                at: tempDir("cd"), name: "导入", settings: Settings(staff: Generator.sampleStaff))
            dst.operatorName = "李敏"
            dst.clock = s.clock
            let r = try dst.importSpreadsheet(bytes)
            XCTAssertEqual(r.rejected, [], "\(format)")
            let a = try s.envelope(id: e.id)
            let b = try dst.envelope(id: try dst.resolveEnvelope("KH-2020-00001"))
            XCTAssertEqual(b.category, .shop)
            XCTAssertEqual(b.vehiclePlates, a.vehiclePlates)
            XCTAssertEqual(b.parking, ["B2-101", "3-1"])
            XCTAssertEqual(b.emergencyContact, a.emergencyContact)
            XCTAssertEqual(b.moveOut, a.moveOut)
            let c = try dst.envelope(id: try dst.resolveEnvelope("KH-2"))
            XCTAssertNil(c.category)
            XCTAssertNil(c.plates)
            XCTAssertNil(c.emergencyContact)
            XCTAssertNil(c.moveOut)
        }
        // Bad values are refused by row, with the column named.
        let bad =
            """
            档案号,档案柜,楼栋,楼层,房号,业主姓名,物业类型,车牌号,迁出后联系电话\nX-1,A,1,1,101,某人,别墅,,\nX-2,A,1,1,102,某人,住宅,B123,\nX-3,A,1,1,\
            103,某人,,,13800138000\n
            """
        let r = try s.importSpreadsheet(Array(bad.utf8), dryRun: true)
        XCTAssertEqual(r.rejected.map { $0.line }, [2, 3, 4])
        XCTAssertTrue(r.rejected[0].reason.contains("物业类型"), r.rejected[0].reason)
        XCTAssertTrue(r.rejected[1].reason.contains("plate"), r.rejected[1].reason)
        XCTAssertTrue(r.rejected[2].reason.contains("迁出日期"), r.rejected[2].reason)
    }

    // MARK: Retention

    func testComplaintWithoutRetentionExpiresByItsKindAndIsDestroyedWithApproval() throws {
        let (s, e, clock) = try archive(at: "2023-03-10T10:00:00+08:00")
        XCTAssertEqual(s.settings.retentionYears(for: "投诉记录"), 3)
        XCTAssertNil(s.settings.retentionYears(for: "前期物业服务合同"))
        // Filed without a retention date: by its kind.
        let complaint = try s.addDocument(
            envelope: e.id,
            Document(
                kind: "投诉记录", title: "噪音投诉", original: true, date: "2023-03-01",
                retention: try Validate.retention("")))
        let contract = try s.addDocument(
            envelope: e.id,
            Document(
                kind: "前期物业服务合同", title: "补充协议", original: true, date: "2023-03-01",
                retention: ""))
        XCTAssertEqual(complaint.retention, "")
        XCTAssertEqual(s.settings.retentionEnd(of: complaint), "2026-03-01")
        XCTAssertEqual(s.settings.retentionText(of: complaint), "2026-03-01 (按类别3年)")
        XCTAssertNil(s.settings.retentionEnd(of: contract))
        XCTAssertEqual(
            try s.destroy(documents: [complaint.id], approver: "王建国", reason: "过期").0.rule, "destroy.not-expired")
        clock.set("2026-03-02T10:00:00+08:00")
        XCTAssertTrue(s.dueForDestruction().contains { $0.1.id == complaint.id })
        XCTAssertFalse(s.dueForDestruction().contains { $0.1.id == contract.id })
        let list = try Reports.build(.expired, store: s, month: nil, target: "A")
        XCTAssertTrue(list.rows.contains { $0[3] == "噪音投诉" && $0[6] == "2026-03-01 (按类别3年)" })
        XCTAssertEqual(try s.destroy(documents: [complaint.id], approver: "", reason: "过期").0.rule, "approver.required")
        let (d, _) = try s.destroy(documents: [complaint.id], approver: "王建国", reason: "超过保管期限")
        XCTAssertTrue(d.allowed)
        XCTAssertEqual(try s.envelope(id: e.id).documents.first { $0.id == complaint.id }?.state, .destroyed)
        let rec = try Reports.build(.destruction, store: s, month: nil, target: nil)
        XCTAssertEqual(rec.rows.last?[6], "2026-03-01 (按类别3年)")
        XCTAssertEqual(rec.rows.last?[9], "王建国")
        // The period is the company's: a setting, for destroyable kinds only.
        XCTAssertThrowsError(try s.setRetentionYears(["前期物业服务合同": 3])) {
            XCTAssertEqual(errorCase($0), "invalidField --retention")
        }
        XCTAssertThrowsError(try s.setRetentionYears(["投诉记录": 0])) {
            XCTAssertEqual(errorCase($0), "invalidField --retention")
        }
        try s.setRetentionYears(["投诉记录": 5, "沟通记录": 2])
        XCTAssertEqual(try reopened(s).settings.retentionYears(for: "投诉记录"), 5)
        XCTAssertNil(s.settings.retentionYears(for: "满意度调查"))  // not listed: kept
    }

    func testDocumentsEditedAndRemovedWithTheReasonJournaled() throws {
        let (s, e, _) = try archive(at: "2026-11-10T10:00:00+08:00")
        let doc = e.documents.first { $0.kind == "缴费记录" }!
        let edited = try s.updateDocument(doc.id) {
            $0.title = "2020年物业费缴费记录"
            $0.pages = 3
            $0.state = .destroyed
        }
        XCTAssertEqual(edited.title, "2020年物业费缴费记录")
        XCTAssertEqual(edited.pages, 3)
        XCTAssertEqual(edited.state, .present)
        XCTAssertThrowsError(try s.updateDocument(doc.id) { $0.kind = "不存在的类别" })
        XCTAssertThrowsError(try s.updateDocument(doc.id) { $0.retention = "2019-01-01" })  // not after its date
        // A form opened before someone else changed the title: refused, not reverted.
        let stale = doc
        _ = try s.updateDocument(doc.id) { $0.title = "又改了" }
        XCTAssertThrowsError(try s.updateDocument(doc.id, basedOn: stale) { $0.title = "旧表单" }) { err in
            XCTAssertTrue("\(err)".contains("edit.stale"), "\(err)")
        }
        // other fields merge
        XCTAssertEqual(try s.updateDocument(doc.id, basedOn: stale) { $0.note = "补充说明" }.title, "又改了")
        // Removal: a reason, and never while it is out or after it was disposed of.
        XCTAssertEqual(try s.removeDocument(doc.id, reason: "").rule, "form.reason")
        // (The payment record is 秘密: the general manager approves it from their own login.)
        let req = LoanRequest(documents: [doc.id], borrower: "刘洋", purpose: "核对", type: .reading)
        let approval = try XCTUnwrap(try s.requestApproval(req).1)
        s.operatorName = "周海涛"
        XCTAssertEqual(try s.approve(approval.id).rule, "approval.approved")
        s.operatorName = "李敏"
        let lent = try s.borrow(req).0
        XCTAssertTrue(lent.allowed, lent.message)
        XCTAssertEqual(try s.removeDocument(doc.id, reason: "重复登记").rule, "loan.already-out")
        try s.returnDocuments([doc.id])
        XCTAssertEqual(try s.removeDocument(doc.id, reason: "重复登记").rule, "remove.in-register")  // its loan names it
        let twice = try s.addDocument(
            envelope: e.id, Document(kind: "缴费记录", title: "重复", original: false, date: "2020-05-01"))
        let removed = try s.removeDocument(twice.id, reason: "重复登记")
        XCTAssertTrue(removed.allowed)
        XCTAssertFalse(try s.envelope(id: e.id).documents.contains { $0.id == twice.id })
        let item = try XCTUnwrap(try s.history(envelope: e.id).last { $0.action == "document.remove" })
        XCTAssertTrue(item.note.contains("重复登记"))
        XCTAssertEqual(item.fields.first?.after, "—")
        XCTAssertEqual(try reopened(s).envelope(id: e.id).documents.map { $0.id }, e.documents.map { $0.id })
        let (_, problems) = try Integrity.check(s.root)
        XCTAssertEqual(problems, [])
    }

    // MARK: Monthly statistics

    /// November's work at a site: loans, returns, a photocopy; the report made on 2 December.
    func november(_ s: ArchiveStore, _ e: Envelope, _ clock: HandClock) throws {
        func ref(_ title: String) -> String { e.documents.first { $0.title == title }!.id }
        clock.set("2026-11-09T09:00:00+08:00")
        XCTAssertTrue(
            try s.borrow(
                LoanRequest(
                    documents: [ref("合同复印件")], borrower: "刘洋", department: "工程部", purpose: "维修核对", approver: "王建国",
                    type: .short)
            ).0.allowed)
        XCTAssertTrue(
            try s.borrow(
                LoanRequest(
                    documents: [ref("投诉记录")], borrower: "赵磊", department: "客户服务中心", purpose: "回访", approver: "王建国",
                    type: .reading)
            ).0.allowed)
        clock.set("2026-11-09T11:00:00+08:00")
        try s.returnDocuments([ref("投诉记录")])
        clock.set("2026-11-10T09:00:00+08:00")
        let (_, c) = try s.requestCopy(
            documents: [ref("合同原件")], requester: "赵磊", department: "客户服务中心", purpose: "办理产权", copies: 2)
        let copy = try XCTUnwrap(c)
        XCTAssertTrue(try s.approveCopy(copy.id, approver: "王建国").allowed)
        XCTAssertTrue(try s.recordCopyMade(copy.id, pages: 12, copies: 2).allowed)
        clock.set("2026-12-01T09:30:00+08:00")
        try s.returnDocuments([ref("合同复印件")])  // back on 1 December: out at November's end
        clock.set("2026-12-02T09:00:00+08:00")
    }

    func testMonthlyReportOnTheSecondOfDecemberCoversNovember() throws {
        let (s, e, clock) = try archive(at: "2026-10-20T10:00:00+08:00")
        try november(s, e, clock)
        XCTAssertEqual(Monthly.defaultMonth(now: s.now, tf: s.timeFormat), "2026-11")
        XCTAssertEqual(
            Monthly.defaultMonth(now: TestClock.timeFormat.parse("2026-12-06T09:00:00+08:00")!, tf: s.timeFormat),
            "2026-12")
        XCTAssertEqual(
            Monthly.defaultMonth(now: TestClock.timeFormat.parse("2027-01-05T23:00:00+08:00")!, tf: s.timeFormat),
            "2026-12")
        let t = try Reports.build(.monthly, store: s, month: nil, target: nil)
        XCTAssertTrue(t.subtitle.hasPrefix("2026-11"), t.subtitle)
        func row(_ k: String) -> String? { t.rows.first { $0[0] == k }?[1] }
        XCTAssertEqual(row("本月借出 (份)"), "2")
        XCTAssertEqual(row("本月归还 (份)"), "1")
        XCTAssertEqual(row("本月影印 (笔)"), "1")
        XCTAssertEqual(row("本月影印取出原件 (份)"), "1")
        XCTAssertEqual(row("本月复印件 (份)"), "2")
        XCTAssertEqual(row("本月复印页数"), "12")
        XCTAssertEqual(row("未归还 (份)"), "1")
        XCTAssertEqual(row("其中逾期 (份)"), "1")
        XCTAssertEqual(row("影印中原件 (份)"), "1")
        // The list of what was out at the month's end and where, inside the report.
        let out = try XCTUnwrap(t.sections.first)
        XCTAssertEqual(out.subtitle, "截至 2026-12-01 00:00")
        XCTAssertEqual(out.rows.map { $0[0] }, ["逾期", ""])  // a short loan of 9 November, due on the 12th
        XCTAssertEqual(
            out.rows.map { Array($0[1...6]) },
            [
                ["借阅", "3-1201", "张伟", "前期物业服务合同", "复印件", "刘洋 工程部"],
                ["影印", "3-1201", "张伟", "前期物业服务合同", "原件", "赵磊 客户服务中心"],
            ])
        XCTAssertEqual(out.rows[0][10], "已于2026-12-01 09:30归还")
        XCTAssertEqual(out.rows[1][10], "影印中")
        // Twelve months of trend: December 2025 to November 2026.
        let chart = try XCTUnwrap(t.chart)
        XCTAssertEqual(chart.labels.first, "2025-12")
        XCTAssertEqual(chart.labels.last, "2026-11")
        XCTAssertEqual(chart.series.map { $0.values.last! }, [2, 1, 2, 1])
        let html = Reports.html(t)
        XCTAssertTrue(html.contains("<svg") && html.contains("class=\"series\" data-name=\"借出(份)\""))
        XCTAssertTrue(html.contains("借出未归还的去向列表"))
        let txt = Reports.txt(t)
        XCTAssertTrue(txt.contains("借出(份)") && txt.contains("▁▁▁▁▁▁▁▁▁▁▁█"), txt)
        XCTAssertTrue(txt.contains("刘洋 工程部"))
        let csv = String(decoding: Reports.csv(t), as: UTF8.self)
        XCTAssertTrue(csv.contains("2026-11,2,1,2,1\r\n"), csv)
        // December so far: November's loan returned, the copy still out.
        let dec = try Reports.build(.monthly, store: s, month: "2026-12", target: nil)
        XCTAssertEqual(dec.rows.first { $0[0] == "本月归还 (份)" }?[1], "1")
        XCTAssertEqual(dec.rows.first { $0[0] == "未归还 (份)" }?[1], "0")
        XCTAssertEqual(dec.sections.first?.subtitle, "截至 2026-12-02 09:00")
    }

    func testTwoSitesAddedUpForHeadquarters() throws {
        let (a, ea, ca) = try archive(at: "2026-10-20T10:00:00+08:00")
        let (b, _, cb) = try archive(at: "2026-10-20T10:00:00+08:00")
        try november(a, ea, ca)
        cb.set("2026-12-02T09:00:00+08:00")
        let t = Monthly.consolidated([a, b], month: nil)
        XCTAssertEqual(t.subtitle, "2026-11  2 个项目")
        XCTAssertEqual(t.rows.count, 3)
        XCTAssertEqual(t.rows[0][0], a.info.name)
        XCTAssertEqual(t.rows[2][0], "合计")
        let col = { (name: String) in t.columns.firstIndex(of: name)! }
        XCTAssertEqual(t.rows.map { $0[col("借出(份)")] }, ["2", "0", "2"])
        XCTAssertEqual(t.rows.map { $0[col("档案袋")] }, ["1", "1", "2"])
        XCTAssertEqual(t.rows.map { $0[col("复印件(份)")] }, ["2", "0", "2"])
        XCTAssertEqual(t.rows.map { $0[col("未归还(份)")] }, ["1", "0", "1"])
    }
}
