import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// The photocopy register, destruction, transfer, inventory check, import and export.
final class PaperworkTests: XCTestCase {
    // 2025-11-24 10:00 +08:00 (a Monday morning, the archive room open).
    let now = TimeFormat(identifier: "Asia/Shanghai").parse("2025-11-24T10:00:00+08:00")!

    func docRef(_ e: Envelope, _ title: String) -> String { e.documents.first { $0.title == title }!.id }

    func testPhotocopyFlowEveryStageAndRule() throws {
        let (s, e) = try makeArchive(now: now)
        let contract = docRef(e, "合同原件")
        let idCopy = docRef(e, "业主身份证复印件")
        XCTAssertEqual(
            try s.requestCopy(documents: [docRef(e, "不动产权证书")], requester: "赵磊", purpose: "核对").0.rule,
            "secrecy.top-secret")
        XCTAssertEqual(
            try s.requestCopy(documents: [docRef(e, "施工图纸")], requester: "赵磊", purpose: "核对").0.rule, "secrecy.secret")
        XCTAssertEqual(try s.requestCopy(documents: [contract], requester: "", purpose: "核对").0.rule, "form.requester")
        XCTAssertEqual(
            try s.requestCopy(documents: [contract], requester: "赵磊", purpose: "核对", copies: 0).0.rule, "form.copies")
        let (d, rec) = try s.requestCopy(
            documents: [contract], requester: "赵磊", department: "客服部", purpose: "办理产权", copies: 2)
        XCTAssertTrue(d.allowed)
        XCTAssertEqual(d.rule, "copy.request")
        let c = try XCTUnwrap(rec)
        XCTAssertEqual(try s.recordCopyMade(c.id, pages: 3, copies: 2).rule, "copy.stage")  // not approved yet
        XCTAssertEqual(try s.approveCopy(c.id, approver: "刘洋").rule, "approver.role")  // staff cannot approve
        XCTAssertEqual(try s.approveCopy(c.id, approver: "赵磊").rule, "approval.own")  // nor anyone their own request
        XCTAssertEqual(try s.approveCopy(c.id, approver: "路人甲").rule, "approver.unknown")
        XCTAssertEqual(try s.approveCopy(c.id, approver: "陈静").rule, "copy.approved")
        // The original is out for copying: shown as such, and cannot be lent or copied again.
        XCTAssertEqual(s.state(of: try s.document(ref: contract).1), .copying)
        XCTAssertEqual(
            try s.borrow(LoanRequest(documents: [contract], borrower: "刘洋", purpose: "查阅", type: .reading)).0.rule,
            "copy.in-progress")
        XCTAssertEqual(
            try s.requestCopy(documents: [contract], requester: "刘洋", purpose: "x").0.rule, "copy.in-progress")
        XCTAssertEqual(try s.approveCopy(c.id, approver: "陈静").rule, "copy.stage")
        XCTAssertEqual(try s.settleCopy(c.id, disposition: "交赵磊").rule, "copy.stage")  // original not back yet
        XCTAssertEqual(try s.recordCopyMade(c.id, pages: 0, copies: 2).rule, "form.pages")
        XCTAssertTrue(try s.recordCopyMade(c.id, pages: 3, copies: 2).allowed)
        XCTAssertEqual(try s.returnCopyOriginal(c.id, complete: false).rule, "form.note")
        XCTAssertTrue(try s.returnCopyOriginal(c.id, complete: false, note: "缺第3页").allowed)
        XCTAssertEqual(s.state(of: try s.document(ref: contract).1), .present)
        XCTAssertEqual(try s.settleCopy(c.id, disposition: " ").rule, "form.disposition")
        XCTAssertEqual(try s.settleCopy(c.id, disposition: "2份交赵磊带走").rule, "copy.settled")
        let r = try s.copyRecord(c.id)
        XCTAssertEqual(r.stage, .settled)
        XCTAssertEqual(r.approver, "陈静")
        XCTAssertEqual(r.approverRole, .approver)
        XCTAssertEqual(r.pages, 3)
        XCTAssertEqual(r.copiesMade, 2)
        XCTAssertEqual(r.backComplete, false)
        XCTAssertEqual(r.backNote, "缺第3页")
        XCTAssertEqual(r.disposition, "2份交赵磊带走")
        XCTAssertFalse(r.isOpen)
        // ID material: only the service-centre head approves its copy; a refusal is recorded too.
        let (_, idc) = try s.requestCopy(documents: [idCopy], requester: "赵磊", purpose: "银行按揭")
        XCTAssertEqual(try s.approveCopy(idc!.id, approver: "陈静").rule, "id.approval")
        XCTAssertEqual(try s.approveCopy(idc!.id, approver: "王建国", refuse: "用途不符").rule, "copy.refused")
        XCTAssertEqual(try s.copyRecord(idc!.id).stage, .refused)
        // The register is the journal: a fresh open (no cache) and a cached open agree.
        for useCache in [false, true] {
            let again = try ArchiveStore.open(s.root, useCache: useCache)
            XCTAssertEqual(again.register.copies, s.register.copies)
            if useCache {
                try again.writeCache()
                XCTAssertEqual(try ArchiveStore.open(s.root).register.paperwork, s.register.paperwork)
            }
        }
        let t = try Reports.build(.copies, store: s, month: "2025-11", target: nil)
        XCTAssertEqual(t.rows.count, 2)
        XCTAssertEqual(t.rows[0][4], "赵磊")
        XCTAssertEqual(t.rows[0][8], "陈静(签字)")
        XCTAssertEqual(t.rows[0][10], "2份/3页")
        // The requester signs on taking the copies and the archivist on the original's return.
        XCTAssertEqual(Array(t.columns.suffix(2)), ["申请人签名", "归还签收"])
        XCTAssertEqual(t.signatureColumns, [16, 17])
        XCTAssertEqual(r.approval, .signed)
        XCTAssertEqual(t.rows[0][12], "不完整: 缺第3页")
        XCTAssertEqual(t.rows[0][14], "已销账")
        XCTAssertEqual(t.rows[1][14], "未批准")
        let (_, problems) = try Integrity.check(s.root)
        XCTAssertEqual(problems, [])
    }

    func testDestructionRulesAllOrNothingAndRecord() throws {
        let (s, e) = try makeArchive(now: now)
        let complaint = docRef(e, "投诉记录")
        let fresh = try s.addDocument(
            envelope: e.id,
            Document(kind: "沟通记录", title: "沟通记录2025", original: true, date: "2025-06-01", retention: "2027-06-01"))
        let kept = try s.addDocument(
            envelope: e.id, Document(kind: "会议记录", title: "会议记录", original: true, date: "2019-06-01"))
        XCTAssertEqual(s.dueForDestruction().map { $0.1.id }, [complaint])
        XCTAssertEqual(try s.destroy(documents: [complaint], approver: "", reason: "过期").0.rule, "approver.required")
        XCTAssertEqual(try s.destroy(documents: [complaint], approver: "赵磊", reason: "过期").0.rule, "approver.role")
        XCTAssertEqual(try s.destroy(documents: [complaint], approver: "陈静", reason: "").0.rule, "form.reason")
        XCTAssertEqual(
            try s.destroy(documents: [docRef(e, "合同原件")], approver: "陈静", reason: "过期").0.rule, "destroy.kind")
        XCTAssertEqual(try s.destroy(documents: [fresh.id], approver: "陈静", reason: "过期").0.rule, "destroy.not-expired")
        XCTAssertEqual(try s.destroy(documents: [kept.id], approver: "陈静", reason: "过期").0.rule, "destroy.permanent")
        // All or nothing: one refused document stops the whole batch.
        XCTAssertFalse(try s.destroy(documents: [complaint, fresh.id], approver: "陈静", reason: "过期").0.allowed)
        XCTAssertEqual(try s.envelope(id: e.id).documents.first { $0.id == complaint }?.state, .present)
        // On loan: not destroyed.
        XCTAssertTrue(
            try s.borrow(LoanRequest(documents: [complaint], borrower: "刘洋", purpose: "查阅", type: .reading)).0.allowed)
        XCTAssertEqual(try s.destroy(documents: [complaint], approver: "陈静", reason: "过期").0.rule, "loan.already-out")
        try s.returnDocuments([complaint])
        let (d, list) = try s.destroy(documents: [complaint], approver: "陈静", reason: "超过保管期限", method: "粉碎")
        XCTAssertTrue(d.allowed)
        XCTAssertEqual(list.count, 1)
        // The destroyed document stays in the file list, marked destroyed, and cannot be lent.
        let after = try s.envelope(id: e.id)
        XCTAssertEqual(after.documents.first { $0.id == complaint }?.state, .destroyed)
        XCTAssertEqual(after.documents.count, e.documents.count + 2)
        XCTAssertEqual(
            try s.borrow(LoanRequest(documents: [complaint], borrower: "刘洋", purpose: "查阅", type: .reading)).0.rule,
            "state.destroyed")
        let rec = try XCTUnwrap(s.register.paperwork.disposals.last)
        XCTAssertEqual(rec.approver, "陈静")
        XCTAssertEqual(rec.approverRole, .approver)
        XCTAssertEqual(rec.by, "李敏")
        XCTAssertEqual(rec.documents, [complaint])
        // The audit trail has the envelope before and after.
        let t = try Reports.build(.destruction, store: s, month: nil, target: nil)
        XCTAssertEqual(t.rows.count, 1)
        XCTAssertEqual(Array(t.rows[0][4...10]), ["投诉记录", "2020-05-01", "2021-01-01", "超过保管期限", "粉碎", "陈静", "李敏"])
        XCTAssertEqual(
            try ArchiveStore.open(s.root, useCache: false).register.paperwork.disposals, s.register.paperwork.disposals)
        XCTAssertTrue(s.dueForDestruction().isEmpty)
    }

    func testTransferOfDocumentsAndWholeEnvelopes() throws {
        let (s, e) = try makeArchive(now: now)
        let copy = docRef(e, "合同复印件")
        XCTAssertEqual(try s.transfer(documents: [copy], recipient: "", organisation: "新物业").0.rule, "form.recipient")
        XCTAssertEqual(try s.transfer(documents: [copy], recipient: "周明", organisation: "").0.rule, "form.organisation")
        XCTAssertEqual(
            try s.transfer(documents: [copy], recipient: "周明", organisation: "新物业", approver: "赵磊").0.rule,
            "approver.role")
        // A hand-over needs the department head's approval (seed 003 第6篇 4.7.1), never the recipient's own.
        XCTAssertEqual(
            try s.transfer(documents: [copy], recipient: "周明", organisation: "新物业").0.rule, "approver.required")
        XCTAssertEqual(
            try s.transfer(documents: [copy], recipient: "陈静", organisation: "内勤部", approver: "陈静").0.rule,
            "approval.own")
        // A document on loan holds up the whole envelope's transfer; nothing changes.
        XCTAssertTrue(
            try s.borrow(LoanRequest(documents: [copy], borrower: "刘洋", purpose: "核对", approver: "王建国", type: .short)).0
                .allowed)
        XCTAssertEqual(
            try s.transfer(envelopes: [e.id], recipient: "周明", organisation: "新物业", approver: "王建国").0.rule,
            "loan.already-out")
        XCTAssertEqual(try s.envelope(id: e.id).status, .active)
        try s.returnDocuments([copy])
        let (d1, l1) = try s.transfer(
            documents: [copy], recipient: "周明", organisation: "新物业公司", approver: "陈静", reason: "业主委托")
        XCTAssertTrue(d1.allowed)
        XCTAssertEqual(l1.first?.wholeEnvelope, false)
        XCTAssertEqual(try s.envelope(id: e.id).documents.first { $0.id == copy }?.state, .transferred)
        let (d2, l2) = try s.transfer(envelopes: ["3-1201"], recipient: "周明", organisation: "新物业公司", approver: "王建国")
        XCTAssertTrue(d2.allowed)
        let whole = try s.envelope(id: e.id)
        XCTAssertEqual(whole.status, .transferred)
        XCTAssertTrue(whole.documents.allSatisfy { $0.state == .transferred })
        // the one handed over before is not handed over twice
        XCTAssertEqual(l2.first?.documents.count, e.documents.count - 1)
        XCTAssertEqual(
            try s.transfer(envelopes: [e.id], recipient: "周明", organisation: "新物业公司", approver: "王建国").0.rule,
            "state.transferred")
        XCTAssertEqual(s.summary(id: e.id)?.status, .transferred)
        // The sign-off list of the second batch: who, to whom, when to the minute, what.
        let t = try Reports.build(.transfer, store: s, month: nil, target: l2[0].batch)
        XCTAssertEqual(t.rows.count, e.documents.count - 1)
        XCTAssertEqual(t.rows[0][1], "2025-11-24 10:00")
        XCTAssertEqual(Array(t.rows[0][8...11]), ["李敏", "周明", "新物业公司", "王建国"])
        XCTAssertTrue(t.footer.contains("接收人签字"))
        let (_, problems) = try Integrity.check(s.root)
        XCTAssertEqual(problems, [])
    }

    func testInventoryCheckWithAndWithoutAShelfScan() throws {
        let path = tempDir("inv")
        let t = TestClock.now
        try Generator(envelopes: 200, seed: 20_261_120, now: t).write(to: path)
        let s = try ArchiveStore.open(path)
        s.clock = { t }
        let a = Array(s.envelopes(inCabinet: "A"))
        let plain = try s.checkInventory(cabinet: "A")
        XCTAssertEqual(plain.envelopes, a.count)
        XCTAssertEqual(plain.counts["checklist.missing"], a.filter { $0.missing > 0 }.count)
        let outInA = s.register.open.filter { r in a.contains { $0.id == r.loan.envelope } }
        XCTAssertEqual(
            (plain.counts["loan.out"] ?? 0) + (plain.counts["loan.overdue"] ?? 0),
            outInA.reduce(0) { $0 + $1.outstandingDocuments.count })
        XCTAssertNil(plain.counts["order.sequence"])
        XCTAssertEqual(s.register.paperwork.inventories.last?.cabinets, ["A"])
        XCTAssertEqual(s.register.paperwork.inventories.last?.findings, plain.counts)
        // The shelf as read: two envelopes swapped, one missing, one from cabinet B, an unknown code,
        // one scanned twice.
        var shelf = a.map { $0.barcode }
        shelf.swapAt(3, 10)
        let missing = shelf.remove(at: 20)
        let b = s.envelopes(inCabinet: "B").first!
        shelf.insert(b.barcode, at: 5)
        shelf.append("NOSUCHCODE")
        shelf.append(a[0].barcode)
        let r = try s.checkInventory(cabinet: "A", scanned: shelf)
        XCTAssertEqual(r.scanned, shelf.count)
        let seq = r.findings.filter { $0.rule == "order.sequence" }.map { $0.envelope }
        // both of a pair swapped across others stand out of order
        XCTAssertEqual(Set(seq.compactMap { $0 }), [a[3].id, a[10].id])
        XCTAssertEqual(
            r.findings.filter { $0.rule == "scan.missing" }.map { $0.envelope }, [a.first { $0.barcode == missing }!.id]
        )
        XCTAssertEqual(r.findings.filter { $0.rule == "scan.unexpected" }.map { $0.envelope }, [b.id])
        XCTAssertEqual(r.counts["scan.unknown"], 1)
        XCTAssertEqual(r.counts["scan.duplicate"], 1)
        XCTAssertEqual(Inventory.longestIncreasing([1, 5, 2, 3, 9, 4]).sorted(), [0, 2, 3, 5])
        XCTAssertThrowsError(try s.checkInventory(cabinet: "Z")) { XCTAssertEqual(errorCase($0), "notFound") }
    }

    func csv(_ lines: [String]) -> String { lines.joined(separator: "\r\n") + "\r\n" }

    func testImportAllOrNothingSkipBadInBothEncodings() throws {
        let text = csv([
            "档案号,档案柜,楼栋,楼层,房号,业主姓名,联系电话,身份证号,入住日期,备注,身份证复印件,前期物业服务合同",
            "KH-1,A,1,2,201,王芳,13800000001,110101199001011237,2020-01-02,,复印件,原件+复印件",
            "KH-2,A,1,2,202,李强,13800000002,,2020-01-03,\"两行\n备注\",,原件",  // a note over two lines
            "KH-3,A,1,2,203,,13800000003,,2020-01-04,,,",  // line 5: no owner
            "KH-1,A,1,2,204,赵六,,,2020-01-05,,,",  // line 6: number twice
            "KH-5,A,../x,2,205,钱七,,,2020-01-06,,,",  // line 7: path in a location
            "KH-6,B,1,3,301,孙八,,,2020-13-40,,,",  // line 8: bad date
            "KH-7,B,1,3,302,周九,,3101**********1234,,,,",  // line 9: masked ID number
            "KH-8,B,1,3,303,吴十,,,,,好几份,",  // line 10: unreadable holding
            "",
            "KH-9,B,1,3,304,郑十一,138-0000-0009,,2021-02-03,,✓,原件×2",
        ])
        let utf8BOM = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        let gb = try XCTUnwrap(iconvToGB18030(text))
        XCTAssertNil(String(validating: gb, as: UTF8.self))  // really not UTF-8
        for (bytes, enc) in [(utf8BOM, "UTF-8 (BOM) CSV"), (gb, "GB18030 CSV"), (Array(text.utf8), "UTF-8 CSV")] {
            let (s, _) = try makeArchive(now: now)
            let before = s.envelopes.count
            let r = try s.importSpreadsheet(bytes)
            XCTAssertEqual(r.encoding, enc)
            XCTAssertEqual(r.rows, 9)
            XCTAssertTrue(r.imported.isEmpty)
            XCTAssertEqual(s.envelopes.count, before)  // nothing half-way
            XCTAssertEqual(r.rejected.map { $0.line }, [5, 6, 7, 8, 9, 10])
            XCTAssertTrue(r.rejected[0].reason.contains("owner"))
            XCTAssertTrue(r.rejected[1].reason.contains("also on line 2"), r.rejected[1].reason)
            XCTAssertTrue(r.rejected[2].reason.contains("building"))
            XCTAssertTrue(r.rejected[3].reason.contains("2020-13-40 is not a date"))
            XCTAssertTrue(r.rejected[4].reason.contains("masked"))
            XCTAssertTrue(r.rejected[5].reason.contains("身份证复印件"))
            // --skip-bad: the three good rows go in, a cabinet B is created.
            let r2 = try s.importSpreadsheet(bytes, skipBad: true)
            XCTAssertEqual(r2.imported.map { $0.number }, ["KH-1", "KH-2", "KH-9"])
            XCTAssertEqual(r2.cabinetsCreated, ["B"])
            XCTAssertEqual(s.envelopes.count, before + 3)
            let k1 = try s.envelope(id: try s.resolveEnvelope("KH-1"))
            XCTAssertEqual(
                k1.documents.map { "\($0.kind)/\($0.original)" }, ["身份证复印件/false", "前期物业服务合同/true", "前期物业服务合同/false"])
            XCTAssertEqual(k1.documents[0].secrecy, .confidential)  // the kind's default
            // a line break in a cell becomes a space
            XCTAssertEqual(try s.envelope(id: try s.resolveEnvelope("KH-2")).note, "两行 备注")
            let k9 = try s.envelope(id: try s.resolveEnvelope("KH-9"))
            XCTAssertEqual(k9.phones, ["138-0000-0009"])
            XCTAssertEqual(k9.documents.count, 3)
            XCTAssertEqual(k9.barcode, "KH-9")
            XCTAssertEqual(try Integrity.check(s.root).1, [])
        }
        // English header, and the header errors.
        let (s, _) = try makeArchive(now: now)
        let en =
            "number,cabinet,building,floor,unit,owner,phone,id_number,move_in\nE-1,A,2,5,501,Mary Smith,,,2022-02-02\n"
        XCTAssertEqual(try s.importSpreadsheet(Array(en.utf8)).imported.map { $0.owner }, ["Mary Smith"])
        XCTAssertThrowsError(try s.importSpreadsheet(Array("number,cabinet,building,floor,unit,owner,colour\n".utf8))) {
            e in
            XCTAssertTrue("\(e)".contains("unknown column colour"))
        }
        XCTAssertThrowsError(try s.importSpreadsheet(Array("number,cabinet\nX,A\n".utf8))) { e in
            XCTAssertTrue("\(e)".contains("lacks the column"))
        }
        XCTAssertThrowsError(
            try s.importSpreadsheet(Array("number,cabinet,building,floor,unit,owner\nX,A,1,1,101,\"bad\"quote\n".utf8))
        ) { e in
            XCTAssertTrue("\(e)".contains("not valid CSV"))
        }
        XCTAssertThrowsError(try s.importSpreadsheet([0x80, 0xFF, 0xFE, 0x00, 0x41, 0x80, 0x80])) { e in
            XCTAssertTrue("\(e)".contains("nor UTF-8, UTF-16 or GB18030 text"))
        }
        let dry = try s.importSpreadsheet(
            Array("number,cabinet,building,floor,unit,owner\nD-1,A,1,1,101,某人\n".utf8), dryRun: true)
        XCTAssertEqual(dry.rejected, [])
        XCTAssertTrue(dry.imported.isEmpty)
        XCTAssertThrowsError(try s.resolveEnvelope("D-1")) { XCTAssertEqual(errorCase($0), "notFound") }
    }

    func testExportImportRoundTrip() throws {
        let path = tempDir("rt")
        let t = TestClock.now
        try Generator(envelopes: 200, seed: 7, now: t).write(to: path)
        let s = try ArchiveStore.open(path)
        s.operatorName = "李敏"  // archivist: sees whole numbers, so the export keeps them
        let bytes = try SpreadsheetIO.export(s)
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        let dst = try ArchiveStore.create(
            at: tempDir("rt2"), name: "导入", settings: Settings(staff: Generator.sampleStaff))
        dst.operatorName = "李敏"
        let r = try dst.importSpreadsheet(bytes)
        XCTAssertEqual(r.rejected, [])
        let active = s.envelopes.filter { $0.status == .active }
        XCTAssertEqual(r.imported.count, active.count)
        for sum in active {
            let a = try s.envelope(id: sum.id)
            let b = try dst.envelope(id: try dst.resolveEnvelope(a.number))
            XCTAssertEqual(
                [a.number, a.barcode, a.cabinet, a.building, a.floor, a.unit, a.owner, a.idNumber, a.moveIn, a.note],
                [b.number, b.barcode, b.cabinet, b.building, b.floor, b.unit, b.owner, b.idNumber, b.moveIn, b.note])
            XCTAssertEqual([a.coOwners, a.tenants, a.phones], [b.coOwners, b.tenants, b.phones])
            func holdings(_ e: Envelope) -> [String] {
                e.documents.filter { $0.state == .present }.map { "\($0.kind)/\($0.original)" }.sorted()
            }
            XCTAssertEqual(holdings(a), holdings(b))
        }
        // Exported by an operator who may not see personal numbers: masked, and import refuses masked numbers.
        s.operatorName = "赵磊"  // staff
        let masked = String(decoding: try SpreadsheetIO.export(s), as: UTF8.self)
        XCTAssertTrue(masked.contains("****"))
        XCTAssertFalse(masked.contains(try s.envelope(id: active[0].id).idNumber))
    }
}

extension PaperworkTests {
    func testSalesStaffSeeNamesOnlyAndChangeNothing() throws {
        let (s, e) = try makeArchive(now: now)
        s.operatorName = "孙丽"  // sales (置业顾问)
        XCTAssertTrue(Mask.limitedView(s))
        func rule(_ body: () throws -> Any) -> String? {
            do {
                _ = try body()
                return nil
            } catch ArchiveError.refused(let r, _) { return r } catch { return "\(error)" }
        }
        XCTAssertEqual(
            rule { try s.borrow(LoanRequest(documents: [e.documents[1].id], borrower: "孙丽", purpose: "x")) },
            "role.sales")
        XCTAssertEqual(
            rule { try s.requestCopy(documents: [e.documents[1].id], requester: "孙丽", purpose: "x") }, "role.sales")
        XCTAssertEqual(rule { try Reports.build(.outstanding, store: s, month: nil, target: nil) }, "role.sales")
        XCTAssertEqual(rule { try SpreadsheetIO.export(s) }, "role.sales")
        XCTAssertEqual(rule { try s.updateEnvelope(id: e.id) { $0.note = "x" } }, "role.sales")
        XCTAssertNil(rule { try s.updateSettings { $0.language = "zh" } })  // their own UI language is theirs to choose
        s.operatorName = "李敏"
        XCTAssertFalse(Mask.limitedView(s))
        XCTAssertNil(rule { try Reports.build(.outstanding, store: s, month: nil, target: nil) })
    }
}

func iconvToGB18030(_ s: String) -> [UInt8]? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
    p.arguments = ["-f", "UTF-8", "-t", "GB18030"]
    let inp = Pipe()
    let out = Pipe()
    p.standardInput = inp
    p.standardOutput = out
    do { try p.run() } catch { return nil }
    inp.fileHandleForWriting.write(Data(s.utf8))
    try? inp.fileHandleForWriting.close()
    let d = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return p.terminationStatus == 0 ? [UInt8](d) : nil
}
