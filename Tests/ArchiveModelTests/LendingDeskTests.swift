import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// Issue 16 points 2–6 and issue 15 points 6–7 through the model: incidents, unique envelopes
/// and their numbers, change of ownership and transfers, the circulation desk, roles and the
/// staff list, and the record of who looked.
final class LendingDeskTests: XCTestCase {
    let now = TimeFormat(identifier: "Asia/Shanghai").parse("2025-11-24T10:00:00+08:00")!

    func rule(_ body: () throws -> Any) -> String? {
        do {
            _ = try body()
            return nil
        } catch { return ruleOf(error) ?? "\(error)" }
    }

    // MARK: Incidents

    func testIncidentsFromReportToResolutionAndFromAnIncompleteReturn() throws {
        let (s, e) = try makeArchive(now: now)
        let copy = e.documents[1]
        let complaint = e.documents[6]
        // An incomplete return opens an incident with its note, in the return's own entry.
        let (_, loan) = try s.borrow(LoanRequest(documents: [copy.id], borrower: "赵磊", purpose: "核对", approver: "王建国"))
        let entries = s.entryCount
        try s.returnDocuments([copy.id], complete: false, note: "缺第3页")
        XCTAssertEqual(s.entryCount, entries + 1)
        let inc = try XCTUnwrap(s.register.incidents.last)
        XCTAssertEqual(inc.kind, .incomplete)
        XCTAssertEqual(inc.note, "缺第3页")
        XCTAssertEqual(inc.loan, loan?.id)
        XCTAssertEqual(inc.documents, [copy.id])
        XCTAssertTrue(inc.isOpen)
        XCTAssertEqual(inc.reportedBy, "李敏")
        // Flagged until resolved: the register, the envelope's count, the inventory check.
        XCTAssertEqual(s.register.openIncidents(document: copy.id).map { $0.id }, [inc.id])
        XCTAssertEqual(s.register.openIncidentCount(envelope: e.id), 1)
        let inv = try Inventory.run(s, cabinet: "A")
        XCTAssertEqual(inv.findings.filter { $0.rule == "incident.open" }.map { $0.detail.contains("缺第3页") }, [true])
        // Reported again of the same kind: refused, naming the open one.
        XCTAssertEqual(
            rule { try s.reportIncident(documents: [copy.id], kind: .incomplete, note: "又缺") }, "incident.open")
        // A loss is reported by hand: the document cannot be lent or copied until it is resolved.
        let lost = try s.reportIncident(documents: [complaint.id], kind: .lost, note: "柜中未见")
        XCTAssertEqual(
            try s.borrow(LoanRequest(documents: [complaint.id], borrower: "刘洋", purpose: "查阅", type: .reading)).0.rule,
            "incident.lost")
        XCTAssertEqual(
            try s.requestCopy(documents: [complaint.id], requester: "刘洋", purpose: "x").0.rule, "incident.lost")
        XCTAssertEqual(
            rule { try s.reportIncident(documents: [], kind: .lost, note: "x") },
            "DOCUMENT is required: name the documents")
        XCTAssertThrowsError(try s.reportIncident(documents: [copy.id], kind: .damaged, note: " ")) {
            guard case ArchiveError.invalidField(let f, _) = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual(f, "note")
        }
        // The leadership's list: open ones first, with the borrower of the loan it came back from.
        let t = Reports.incidents(store: s, month: nil)
        XCTAssertEqual(t.rows.count, 2)
        XCTAssertEqual(t.rows.map { $0[2] }, ["不完整", "遗失"])
        XCTAssertEqual(t.rows[0][6], "赵磊")
        XCTAssertEqual(t.rows[0][7], "缺第3页")
        XCTAssertEqual(t.rows[0][9], "未结")
        XCTAssertTrue(t.footer.contains("未结 2 起"))
        // Resolved: no longer flagged; resolving twice is refused.
        try s.resolveIncident(String(lost.id.prefix(8)), note: "在B柜找到,已归位")
        XCTAssertTrue(s.register.openIncidents(document: complaint.id).isEmpty)
        XCTAssertEqual(
            try s.borrow(LoanRequest(documents: [complaint.id], borrower: "刘洋", purpose: "查阅", type: .reading)).0.rule,
            "group.other")
        XCTAssertEqual(rule { try s.resolveIncident(lost.id, note: "x") }, "incident.resolved")
        XCTAssertEqual(s.register.openIncidentCount(envelope: e.id), 1)
        let r = Reports.incidents(store: s, month: nil)
        XCTAssertEqual(r.rows[1][9], "已处理")
        XCTAssertEqual(r.rows[1][12], "在B柜找到,已归位")
        XCTAssertEqual(r.rows[1][11], "李敏")
        // Folded again from the first entry, and from the checkpoint: the same.
        XCTAssertEqual(try ArchiveStore.open(s.root, useCache: false).register.lending, s.register.lending)
        try s.saveCheckpoint()
        XCTAssertEqual(try ArchiveStore.open(s.root).register.lending, s.register.lending)
        XCTAssertEqual(try Integrity.check(s.root).1, [])
    }

    // MARK: Unique envelopes and numbers

    func testNumbersBarcodesAndUnitsAreUniqueOnEveryPath() throws {
        let (s, e) = try makeArchive(now: now)
        func env(_ number: String, _ barcode: String, unit: String) -> Envelope {
            Envelope(
                number: number, barcode: barcode, cabinet: "A", building: "3", floor: "12", unit: unit, owner: "某人")
        }
        // Created: each refusal names the other envelope.
        XCTAssertThrowsError(try s.createEnvelope(env("KH-2020-00001", "", unit: "1202"))) {
            XCTAssertEqual(ruleOf($0), "envelope.number-taken")
            XCTAssertTrue("\($0)".contains(e.id), "\($0)")
        }
        XCTAssertThrowsError(try s.createEnvelope(env("", "DA0001010001", unit: "1202"))) {
            XCTAssertEqual(ruleOf($0), "envelope.barcode-taken")
        }
        XCTAssertThrowsError(try s.createEnvelope(env("", "", unit: "1201"))) {
            XCTAssertEqual(ruleOf($0), "envelope.unit-taken")
            XCTAssertTrue("\($0)".contains("3-1201"), "\($0)")
        }
        // From the scheme: the next number of this year, and a barcode.
        let a = try s.createEnvelope(env("", "", unit: "1202"))
        XCTAssertEqual(a.number, "KH-2025-00001")
        XCTAssertEqual(a.barcode, "DA0001010002")
        let b = try s.createEnvelope(env("", "", unit: "1203"))
        XCTAssertEqual(b.number, "KH-2025-00002")
        XCTAssertEqual(b.barcode, "DA0001010003")
        try s.updateSettings {
            $0.numbering = "YZ{YY}-{NNN}"
            $0.barcodePrefix = "YZ"
        }
        let c = try s.createEnvelope(env("", "", unit: "1204"))
        XCTAssertEqual(c.number, "YZ25-001")
        XCTAssertEqual(c.barcode, "YZ0000000001")
        XCTAssertNil(Numbering.parse("KH-{NNNNN}-{YYYY}", year: 2025))
        XCTAssertThrowsError(try Numbering.validate("KH")) { XCTAssertEqual(errorCase($0), "invalidField --numbering") }
        // Edited: a number, barcode or unit already used is refused; an edit of anything else is not.
        XCTAssertEqual(rule { try s.updateEnvelope(id: a.id) { $0.number = "KH-2020-00001" } }, "envelope.number-taken")
        XCTAssertEqual(rule { try s.updateEnvelope(id: a.id) { $0.barcode = b.barcode } }, "envelope.barcode-taken")
        XCTAssertEqual(rule { try s.updateEnvelope(id: a.id) { $0.unit = "1203" } }, "envelope.unit-taken")
        XCTAssertNil(rule { try s.updateEnvelope(id: a.id) { $0.note = "改备注" } })
        // Two envelopes already sharing a number (written before the rule): check reports it,
        // and an unrelated edit of either still goes through.
        var planted = try s.envelope(id: b.id)
        planted.number = a.number
        try journalUnchecked(s, planted)
        let (_, problems) = try Integrity.check(s.root)
        XCTAssertEqual(problems.map { $0.kind }, [.duplicate])
        XCTAssertTrue(
            problems[0].message.contains("envelope number \(a.number) is also used by envelope \([a.id, b.id].min()!)"),
            "\(problems)")
        XCTAssertTrue(problems[0].path.contains([a.id, b.id].max()!), "\(problems)")
        XCTAssertNil(rule { try s.updateEnvelope(id: b.id) { $0.note = "仍可修改" } })
        // A closed envelope keeps its unit: the new owner's envelope is the one active.
        let next = try s.changeOwnership(envelope: c.id, newOwner: "新业主", number: "")
        XCTAssertEqual(next.number, "YZ25-002")
        XCTAssertEqual(next.barcode, "YZ0000000002")
        XCTAssertEqual(rule { try s.updateEnvelope(id: c.id) { $0.status = .active } }, "envelope.unit-taken")
        XCTAssertEqual(
            rule { try s.changeOwnership(envelope: next.id, newOwner: "又一位", number: a.number) },
            "envelope.number-taken")
        // Import: rows clashing with the archive or with each other are refused, naming which.
        let csv =
            """
            档案号,档案柜,楼栋,楼层,房号,业主姓名,条码\nKH-2020-00001,A,7,1,101,甲,\nN-1,A,3,12,1202,乙,\nN-2,A,7,1,102,丙,DA00010100\
            01\nN-3,A,7,1,103,丁,X1\nN-4,A,7,1,103,戊,X2\n
            """
        let r = try s.importSpreadsheet(Array(csv.utf8))
        XCTAssertEqual(r.rejected.map { $0.line }, [2, 3, 4, 6])
        XCTAssertTrue(
            r.rejected[0].reason.contains("envelope.number-taken") && r.rejected[0].reason.contains(e.id),
            r.rejected[0].reason)
        XCTAssertTrue(r.rejected[1].reason.contains("envelope.unit-taken"), r.rejected[1].reason)
        XCTAssertTrue(r.rejected[2].reason.contains("envelope.barcode-taken"), r.rejected[2].reason)
        XCTAssertTrue(r.rejected[3].reason.contains("7-103 is also on line 5"), r.rejected[3].reason)
    }

    func testChangeOfOwnershipWaitsForLoansAndCopiesAndTransfersNeedAnApprover() throws {
        let (s, e) = try makeArchive(now: now)
        let copy = e.documents[1]
        let contract = e.documents[0]
        let (_, loan) = try s.borrow(LoanRequest(documents: [copy.id], borrower: "赵磊", purpose: "核对", approver: "王建国"))
        XCTAssertThrowsError(try s.changeOwnership(envelope: e.id, newOwner: "李四", number: "")) {
            XCTAssertEqual(ruleOf($0), "ownership.loans-out")
            XCTAssertTrue("\($0)".contains(loan!.id) && "\($0)".contains("赵磊"), "\($0)")
        }
        try s.returnDocuments([copy.id])
        let (_, cp) = try s.requestCopy(documents: [contract.id], requester: "刘洋", purpose: "产权")
        XCTAssertThrowsError(try s.changeOwnership(envelope: e.id, newOwner: "李四", number: "")) {
            XCTAssertEqual(ruleOf($0), "ownership.copy-in-progress")
            XCTAssertTrue("\($0)".contains(cp!.id), "\($0)")
        }
        XCTAssertEqual(try s.approveCopy(cp!.id, approver: "王建国", refuse: "不需要").rule, "copy.refused")
        let n = try s.changeOwnership(envelope: e.id, newOwner: "李四", number: "")
        XCTAssertEqual(n.number, "KH-2025-00001")
        XCTAssertFalse(n.barcode.isEmpty)
        XCTAssertEqual(rule { try s.changeOwnership(envelope: e.id, newOwner: "王五", number: "") }, "ownership.closed")
        // Transfers: an approver, never the one receiving it.
        XCTAssertEqual(
            try s.transfer(envelopes: [n.id], recipient: "周明", organisation: "新物业").0.rule, "approver.required")
        XCTAssertEqual(
            try s.transfer(envelopes: [n.id], recipient: "王建国", organisation: "总部", approver: "王建国").0.rule,
            "approval.own")
        let (d, list) = try s.transfer(envelopes: [n.id], recipient: "周明", organisation: "新物业", approver: "陈静")
        XCTAssertEqual(d.rule, "transfer.signed")
        XCTAssertEqual(list.first?.approval, .signed)
        XCTAssertEqual(list.first?.approver, "陈静")
    }

    // MARK: Circulation desk

    func testWhatABorrowerHoldsOverdueFirstNoticesAndTheSlip() throws {
        let (s, e) = try makeArchive(now: now)
        let tf = s.timeFormat
        // 赵磊: one loan lent long ago (overdue), one today; 刘洋: one today.
        let t0 = now
        s.clock = { t0.addingTimeInterval(-10 * 86400) }
        let (_, old) = try s.borrow(
            LoanRequest(
                documents: [e.documents[1].id], borrower: "赵磊", department: "客服部", purpose: "核对", approver: "王建国",
                type: .short))
        let t1 = now
        s.clock = { t1 }
        let (_, fresh) = try s.borrow(
            LoanRequest(documents: [e.documents[6].id], borrower: "赵磊", purpose: "查阅", type: .reading))
        let extra = try s.addDocument(
            envelope: e.id, Document(kind: "满意度调查", title: "调查表", original: false, date: "2024-01-01"))
        let (_, other) = try s.borrow(LoanRequest(documents: [extra.id], borrower: "刘洋", purpose: "统计", type: .long))
        XCTAssertEqual(s.loans(borrower: "赵磊").map { $0.loan.id }, [old!.id, fresh!.id])  // overdue first
        XCTAssertEqual(s.loans(borrower: "刘洋").map { $0.loan.id }, [other!.id])
        XCTAssertEqual(s.loans(borrower: "无人").count, 0)
        try s.returnDocuments([e.documents[6].id])
        XCTAssertEqual(s.loans(borrower: "赵磊").map { $0.loan.id }, [old!.id])
        XCTAssertEqual(s.loans(borrower: "赵磊", all: true).map { $0.loan.id }, [old!.id, fresh!.id])
        // Overdue notices: one per borrower with something overdue.
        let notices = try Reports.notices(store: s)
        XCTAssertEqual(notices.count, 1)
        XCTAssertTrue(notices[0].subtitle.hasPrefix("致 赵磊 (客服部)"), notices[0].subtitle)
        // days overdue
        XCTAssertEqual(notices[0].rows.map { $0[5] }, ["\(s.register.records[old!.id]!.daysOverdue(at: now))"])
        XCTAssertEqual(notices[0].rows[0][6], old!.id)
        XCTAssertTrue(notices[0].title.contains("催还通知") && notices[0].footer.contains("借阅人签收"))
        XCTAssertTrue(try Reports.notices(store: s, borrower: "刘洋").isEmpty)
        // The slip: what, who, why, until when, the approver and how, and the signature lines.
        let slip = try Reports.slip(old!.id, store: s)
        let fields = Dictionary(
            slip.rows.filter { !$0[0].isEmpty }.map { ($0[0], $0[1]) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(fields["借阅人"], "赵磊")
        XCTAssertEqual(fields["借阅用途"], "核对")
        XCTAssertEqual(fields["应还时间"], tf.minute(old!.due))
        XCTAssertEqual(fields["审批人"], "王建国(服务中心负责人) — 签字")
        XCTAssertTrue(fields["依据规则"]?.hasPrefix("group.customer: 客户档案属保密级文件") == true)
        XCTAssertTrue(fields["借阅文件"]?.contains("合同复印件") == true)
        XCTAssertTrue(slip.footer.contains("借阅人签名") && slip.footer.contains("归还签收") && slip.footer.contains("审批人签字"))
        XCTAssertThrowsError(try Reports.slip("loan-nosuch", store: s)) { XCTAssertEqual(errorCase($0), "notFound") }
        // The borrowing register has the signature columns.
        let reg = try Reports.build(.register, store: s, month: tf.month(now), target: nil)
        XCTAssertEqual(Array(reg.columns[14...16]), ["借阅人签名", "归还签收", "借阅单号"])
        XCTAssertEqual(reg.signatureColumns, [14, 15])
        XCTAssertTrue(Reports.html(reg).contains("<td class=\"sign\"></td>"))
    }

    // MARK: Roles and the staff list

    func testEachRolesViewAndRefusals() throws {
        let (s, e) = try makeArchive(now: now)
        let copy = e.documents[1].id
        func may(_ name: String?) -> [Permission: Bool] {
            if let name {
                s.operatorName = name
            } else {
                s.actingAs = nil
                s.login = "stranger"
            }
            return Dictionary(
                uniqueKeysWithValues: [
                    Permission.readFiles, .readRegisters, .revealNumbers, .work, .approve, .manageStaff,
                ].map { ($0, s.may($0)) })
        }
        let archivist = may("李敏")
        let approver = may("王建国")
        let staff = may("赵磊")
        let sales = may("孙丽")
        let unknown = may(nil)
        XCTAssertEqual(
            archivist,
            [
                .readFiles: true, .readRegisters: true, .revealNumbers: true, .work: true, .approve: false,
                .manageStaff: true,
            ])
        XCTAssertEqual(
            approver,
            [
                .readFiles: true, .readRegisters: true, .revealNumbers: true, .work: false, .approve: true,
                .manageStaff: false,
            ])
        XCTAssertEqual(
            staff,
            [
                .readFiles: true, .readRegisters: true, .revealNumbers: false, .work: false, .approve: false,
                .manageStaff: false,
            ])
        XCTAssertEqual(
            sales,
            [
                .readFiles: false, .readRegisters: false, .revealNumbers: false, .work: false, .approve: false,
                .manageStaff: false,
            ])
        XCTAssertEqual(
            unknown,
            [
                .readFiles: false, .readRegisters: false, .revealNumbers: false, .work: false, .approve: false,
                .manageStaff: false,
            ])
        // Each refusal names its rule.
        let lend = { try s.borrow(LoanRequest(documents: [copy], borrower: "赵磊", purpose: "x", approver: "王建国")) }
        s.operatorName = "王建国"
        XCTAssertEqual(rule(lend), "role.archivist")
        // an approver may look (recorded)
        XCTAssertEqual(rule { try s.recordAccess(.numbers, envelope: e.id, detail: "x") }, nil)
        s.operatorName = "赵磊"
        XCTAssertEqual(rule(lend), "role.archivist")
        XCTAssertEqual(rule { try s.recordAccess(.numbers, envelope: e.id, detail: "x") }, "role.numbers")
        // staff read the registers
        XCTAssertNil(rule { try Reports.build(.register, store: s, month: nil, target: nil) })
        XCTAssertEqual(rule { try s.updateSettings { $0.labelStock = "70x37" } }, "role.archivist")
        XCTAssertNil(rule { try s.updateSettings { $0.language = "zh" } })  // their display
        s.operatorName = "孙丽"
        for r in [
            rule(lend), rule { try Reports.build(.register, store: s, month: nil, target: nil) },
            rule { try Reports.notices(store: s) },
            rule { try SpreadsheetIO.export(s) }, rule { try s.updateSettings { $0.labelStock = "70x37" } },
        ] {
            XCTAssertEqual(r, "role.sales")
        }
        XCTAssertTrue(Mask.limitedView(s))
        s.actingAs = nil
        s.login = "stranger"
        XCTAssertEqual(rule(lend), "role.unknown")
        XCTAssertEqual(rule { try Reports.build(.outstanding, store: s, month: nil, target: nil) }, "role.unknown")
        XCTAssertTrue(s.refusal(.readFiles).description.contains("dangan staff edit"))
        XCTAssertTrue(Mask.limitedView(s))
        // The archivist: everything but approving.
        s.operatorName = "李敏"
        XCTAssertNil(rule(lend))
        XCTAssertEqual(rule { try s.approve("apr-nosuch") }, "role.approver")
    }

    func testStaffListLoginsAndWhoMayChangeThem() throws {
        let path = tempDir("staff")
        // The login that creates an archive is its archivist.
        let s = try ArchiveStore.create(at: path, name: "新档案", archivist: "黄敏")
        let t1 = now
        s.clock = { t1 }
        XCTAssertEqual(s.settings.staff.map { $0.name }, ["黄敏"])
        XCTAssertEqual(s.operatorMember?.name, "黄敏")
        XCTAssertEqual(s.operatorRole, .archivist)
        XCTAssertEqual(s.settings.staff[0].logins, [s.login])
        try s.addStaff(StaffMember(name: "钱主任", role: .approver, title: "服务中心负责人", logins: ["qian"]))
        try s.addStaff(StaffMember(name: "小吴", role: .staff))
        XCTAssertEqual(rule { try s.addStaff(StaffMember(name: "小吴", role: .sales)) }, "staff.exists")
        XCTAssertEqual(rule { try s.editStaff("小吴", addLogins: ["qian"]) }, "staff.login-taken")
        XCTAssertEqual(
            rule { try s.editStaff("小吴", addLogins: ["a b"]) },
            "--login a b is not a login (1–64 letters, digits or . _ - @, as the system writes it)")
        XCTAssertEqual(rule { try s.editStaff("黄敏", removeLogins: [s.login]) }, "staff.last-archivist")
        XCTAssertEqual(
            rule { try s.editStaff("无此人", addLogins: ["x"]) },
            "not found: 无此人 in the staff list (dangan staff lists it; dangan staff add adds a person)")
        try s.editStaff("小吴", addLogins: ["wu"], title: "客服专员")
        XCTAssertEqual(s.settings.person(login: "wu")?.name, "小吴")
        // Only the archivist changes the list, never through a setting anyone can flip.
        s.operatorName = "钱主任"
        XCTAssertEqual(rule { try s.editStaff("钱主任", role: .archivist) }, "role.archivist")
        XCTAssertEqual(rule { try s.updateSettings { $0.staff[1].role = .archivist } }, "role.archivist")
        s.operatorName = "小吴"
        XCTAssertEqual(
            rule { try s.addStaff(StaffMember(name: "小吴2", role: .archivist, logins: ["wu2"])) }, "role.archivist")
        XCTAssertEqual(rule { try s.updateSettings { $0.operator = "黄敏" } }, "role.archivist")
        s.actingAs = nil
        s.login = "wu"
        XCTAssertEqual(s.operatorMember?.name, "小吴")  // whatever $USER or the settings say
        // The journal records the staff changes: another copy opened from the first entry sees them.
        let again = try ArchiveStore.open(path, useCache: false)
        XCTAssertEqual(again.settings.staff, s.settings.staff)
        // An archive from before logins (no login mapped): only its folder's owner may map one;
        // the first run's copy of the sample is claimed by the login that made it.
        let old = tempDir("claim")
        let o = try ArchiveStore.create(at: old, name: "旧档案", settings: Settings(staff: Generator.sampleStaff))
        o.operatorName = "李敏"
        try o.editStaff("李敏", addLogins: ["placeholder"])
        try o.editStaff("李敏", removeLogins: ["placeholder", o.login])  // no login left at all: unclaimed again
        XCTAssertFalse(o.settings.staff.contains { !$0.logins.isEmpty })
        o.actingAs = nil
        XCTAssertNil(o.operatorMember)
        XCTAssertTrue(o.isUnclaimedOwner)
        XCTAssertEqual(try o.claimAsFirstArchivist()?.name, "李敏")
        XCTAssertEqual(o.operatorMember?.name, "李敏")
        XCTAssertNil(try o.claimAsFirstArchivist())  // claimed once
    }

    // MARK: Who looked

    func testViewingConfidentialMaterialIsRecorded() throws {
        let path = tempDir("access")
        try Generator(envelopes: 30, seed: 4, now: now).write(to: path)
        let s = try ArchiveStore.open(path)
        let t1 = now
        s.clock = { t1 }
        let env = s.envelopes[3]
        s.operatorName = "王建国"
        try s.recordAccess(.numbers, envelope: env.id, detail: "dangan show --reveal")
        s.operatorName = "李敏"
        let bytes = try SpreadsheetIO.export(s)  // whole numbers leave the archive: recorded
        XCTAssertFalse(bytes.isEmpty)
        s.operatorName = "赵磊"
        _ = try SpreadsheetIO.export(s)  // masked: nothing to record
        XCTAssertEqual(rule { try s.recordAccess(.numbers, envelope: env.id, detail: "x") }, "role.numbers")
        let log = s.register.accessLog
        XCTAssertEqual(log.map { $0.kind }, [.numbers, .export])
        XCTAssertEqual(log.map { $0.by }, ["王建国", "李敏"])
        XCTAssertEqual(log[0].envelope, env.id)
        XCTAssertEqual(log[1].count, s.envelopes.filter { $0.status == .active }.count)
        XCTAssertEqual(log[0].login, s.login)
        // The month's report, for the archivist and approvers only.
        s.operatorName = "李敏"
        let t = try Reports.access(store: s, month: s.timeFormat.month(now))
        XCTAssertEqual(t.rows.count, 2)
        XCTAssertEqual(Array(t.rows[0][1...6]), ["王建国", s.login, "审批人", "查看身份证号/电话", env.roomCode, env.owner])
        XCTAssertEqual(try Reports.access(store: s, month: "2020-01").rows.count, 0)
        s.operatorName = "赵磊"
        XCTAssertEqual(rule { try Reports.access(store: s, month: "2025-11") }, "role.audit")
        XCTAssertEqual(try ArchiveStore.open(path, useCache: false).register.accessLog, log)
    }
}
