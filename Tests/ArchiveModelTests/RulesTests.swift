import Foundation
import XCTest

@testable import ArchiveModel

/// The lending rule matrix (issue 16 point 1): every default row allowed and refused with its
/// rule named, the precedence (first matching row decides), approvals typed and in the system.
final class RulesTests: XCTestCase {
    // 2025-11-23 09:00 +08:00 (a Sunday morning; the archive closes at 17:00)
    let morning = TimeFormat(identifier: "Asia/Shanghai").parse("2025-11-23T09:00:00+08:00")!

    func decide(
        _ docs: [Document], _ type: LoanType, approver: String? = nil, borrower: String = "赵磊", store: ArchiveStore
    ) -> Decision {
        LendingRules.decide(
            documents: docs,
            request: LoanRequest(
                documents: docs.map { $0.id }, borrower: borrower, purpose: "核对",
                approver: approver, type: type),
            settings: store.settings, register: store.register, now: morning, tf: store.timeFormat)
    }

    /// makeArchive's documents plus one of each group the matrix names.
    func archive() throws -> (ArchiveStore, [String: Document]) {
        let (store, e) = try makeArchive(now: morning)
        var d: [String: Document] = [:]
        for (k, doc) in zip(["original", "copy", "id", "secret", "top", "confidential", "complaint"], e.documents) {
            d[k] = doc
        }
        d["otherCopy"] = try store.addDocument(
            envelope: e.id, Document(kind: "沟通记录", title: "沟通记录复印件", original: false, date: "2020-05-01"))
        d["sales"] = try store.addDocument(
            envelope: e.id, Document(kind: "认购书", title: "认购书复印件", original: false, date: "2020-05-01"))
        d["renovation"] = try store.addDocument(
            envelope: e.id, Document(kind: "装修申请表", title: "装修申请表复印件", original: false, date: "2020-05-01"))
        d["photo"] = try store.addDocument(
            envelope: e.id,
            Document(kind: "照片", title: "业主照片", original: true, date: "2020-05-01", secrecy: .confidential))
        // A kind the catalogue does not list (an archive's own form): the last row decides.
        var settings = store.settings
        settings.catalogue.append(DocumentKind(name: "业主来函", group: .customer))
        try store.updateSettings { $0.catalogue = settings.catalogue }
        d["unlisted"] = try store.addDocument(
            envelope: e.id, Document(kind: "业主来函", title: "来函", original: false, date: "2020-05-01"))
        try store.updateSettings { $0.catalogue.removeLast() }
        return (store, d)
    }

    func testEveryDefaultRuleAllowedAndRefusedNamesTheRule() throws {
        let (store, d) = try archive()
        let table: [(String, LoanType, String?, Bool, String)] = [
            ("top", .reading, "王建国", false, "secrecy.top-secret"),
            ("secret", .reading, "王建国", true, "secrecy.secret.reading"),
            ("secret", .reading, nil, false, "secrecy.secret.reading"),  // needs the service-centre head
            ("secret", .short, "王建国", false, "secrecy.secret"),  // never lent out
            ("original", .short, "王建国", false, "original.in-room"),
            ("original", .sameDay, "王建国", false, "original.in-room"),
            ("original", .reading, "王建国", true, "group.customer"),  // read in the room: the group's row
            ("photo", .reading, "王建国", true, "id.same-day"),  // an original of ID material, read in the room
            ("id", .sameDay, "王建国", true, "id.same-day"),
            ("id", .reading, "王建国", true, "id.same-day"),
            ("id", .sameDay, nil, false, "id.same-day"),
            ("id", .sameDay, "陈静", false, "id.same-day"),  // an approver, but not the service-centre head
            ("id", .short, "王建国", false, "id.overnight"),
            ("id", .long, "王建国", false, "id.overnight"),
            ("confidential", .short, nil, false, "secrecy.confidential"),
            // typed: this row needs an approval in the system
            ("confidential", .short, "周海涛", false, "secrecy.confidential"),
            ("otherCopy", .short, nil, true, "group.other"),  // the archivist's consent: no approver
            ("otherCopy", .long, nil, true, "group.other"),
            ("complaint", .reading, nil, true, "group.other"),
            ("sales", .short, "郑雪", true, "group.sales"),
            ("sales", .short, "王建国", false, "group.sales"),  // not the sales manager
            ("sales", .short, nil, false, "group.sales"),
            ("copy", .short, "王建国", true, "group.customer"),
            ("copy", .long, "王建国", true, "group.customer"),
            ("copy", .sameDay, "王建国", true, "group.customer"),
            ("copy", .short, nil, false, "group.customer"),
            ("copy", .short, "陈静", false, "group.customer"),
            ("renovation", .short, "王建国", true, "group.customer"),
            ("renovation", .short, nil, false, "group.customer"),
            ("unlisted", .short, "王建国", true, "default"),
            ("unlisted", .short, nil, false, "default"),
            // Approvers in the staff list, with the approver role, never the borrower.
            ("copy", .short, "赵磊", false, "approver.role"),
            ("copy", .short, "不存在", false, "approver.unknown"),
        ]
        var seen = Set<String>()
        for (key, type, approver, allowed, rule) in table {
            let doc = d[key]!
            let x = decide([doc], type, approver: approver, store: store)
            XCTAssertEqual(x.allowed, allowed, "\(key) \(type) \(approver ?? "-"): \(x.rule) \(x.message)")
            XCTAssertEqual(x.rule, rule, "\(key) \(type) \(approver ?? "-"): \(x.message)")
            XCTAssertFalse(x.message.isEmpty)
            seen.insert(rule)
        }
        // Every row of the default matrix was met.
        for row in LendingPolicy.defaults() { XCTAssertTrue(seen.contains(row.id), "no case for \(row.id)") }
        // A row refusing a document names it.
        XCTAssertEqual(decide([d["original"]!], .short, approver: "王建国", store: store).document, d["original"]!.id)
        // The borrower approving their own loan, and documents needing different approvers.
        XCTAssertEqual(
            decide([d["copy"]!], .short, approver: "王建国", borrower: "王建国", store: store).rule, "approval.own")
        XCTAssertEqual(decide([d["copy"]!, d["sales"]!], .short, approver: "王建国", store: store).rule, "approval.split")
    }

    func testAnApprovalInTheSystemForTheConfidentialRow() throws {
        let (store, d) = try archive()
        let conf = d["confidential"]!
        let req = LoanRequest(documents: [conf.id], borrower: "赵磊", purpose: "核对", type: .short)
        // Refused until approved; a request is registered by the archivist.
        XCTAssertEqual(try store.borrow(req).0.rule, "secrecy.confidential")
        let (asked, rec) = try store.requestApproval(req)
        XCTAssertEqual(asked.rule, "approval.requested")
        let id = try XCTUnwrap(rec?.id)
        XCTAssertEqual(rec?.titles, ["总经理", "副总经理"])
        XCTAssertEqual(try store.requestApproval(req).0.rule, "approval.exists")
        XCTAssertEqual(try store.borrow(req).0.rule, "secrecy.confidential")  // asked, not yet approved
        // Only an approver, from their own login, with a title the row names, approves.
        // 李敏, the archivist
        XCTAssertThrowsError(try store.approve(id)) { XCTAssertEqual(ruleOf($0), "role.approver") }
        store.operatorName = "王建国"
        XCTAssertEqual(try store.approve(id).rule, "approval.title")
        store.operatorName = "周海涛"
        XCTAssertEqual(try store.approve(id).rule, "approval.approved")
        XCTAssertEqual(try store.approve(id).rule, "approval.stage")
        store.operatorName = "李敏"
        // A different loan (another borrower) does not use it.
        XCTAssertEqual(
            try store.borrow(LoanRequest(documents: [conf.id], borrower: "刘洋", purpose: "核对", type: .short)).0.rule,
            "secrecy.confidential")
        let (ok, loan) = try store.borrow(req)
        XCTAssertEqual(ok.rule, "secrecy.confidential")
        XCTAssertTrue(ok.allowed)
        XCTAssertEqual(loan?.approver, "周海涛")
        XCTAssertEqual(loan?.approval, .system)
        XCTAssertEqual(loan?.approverTitle, "总经理")
        XCTAssertEqual(loan?.approvalRequest, id)
        XCTAssertEqual(store.register.lending.approvals[id]?.usedBy, loan?.id)
        XCTAssertEqual(store.timeFormat.iso(loan!.due), "2025-11-23T13:00:00+08:00")  // 4 hours
        // Used once: after the return, lending again needs a new approval.
        try store.returnDocuments([conf.id])
        XCTAssertEqual(try store.borrow(req).0.rule, "secrecy.confidential")
        // Nobody approves their own request: 周海涛 borrowing.
        let own = LoanRequest(documents: [conf.id], borrower: "周海涛", purpose: "核对", type: .short)
        let (_, r2) = try store.requestApproval(own)
        store.operatorName = "周海涛"
        XCTAssertEqual(try store.approve(r2!.id).rule, "approval.own")
        XCTAssertEqual(try store.approve(r2!.id, refuse: "本人借阅").rule, "approval.own")
        // A typed name stands for the signature on the paper form: recorded as signed.
        store.operatorName = "李敏"
        let (signed, l2) = try store.borrow(
            LoanRequest(documents: [d["id"]!.id], borrower: "赵磊", purpose: "核对", approver: "王建国", type: .sameDay))
        XCTAssertTrue(signed.allowed)
        XCTAssertEqual(l2?.approval, .signed)
        XCTAssertEqual(l2?.approverTitle, "服务中心负责人")
        // Both kinds in the borrowing register, said apart.
        let t = try Reports.build(.register, store: store, month: "2025-11", target: nil)
        let approvers = t.rows.map { $0[7] }
        XCTAssertTrue(approvers.contains("周海涛(系统批准)"), "\(approvers)")
        XCTAssertTrue(approvers.contains("王建国(签字)"), "\(approvers)")
        // The register is the journal: folded again from the first entry, the same.
        XCTAssertEqual(try ArchiveStore.open(store.root, useCache: false).register.lending, store.register.lending)
    }

    func testPrecedenceTheFirstMatchingRowDecides() throws {
        let (store, d) = try archive()
        let conf = d["confidential"]!  // 缴费记录: customer file, 秘密, a copy
        // Defaults: the 秘密 row (7) comes before the customer group's (10).
        let x = try XCTUnwrap(LendingPolicy.deciding(conf, type: .short, borrower: nil, settings: store.settings))
        XCTAssertEqual(x.rule.id, "secrecy.confidential")
        XCTAssertEqual(x.index, 6)
        XCTAssertEqual(
            x.skipped.map { $0.0.id },
            [
                "secrecy.top-secret", "secrecy.secret.reading", "secrecy.secret", "original.in-room", "id.same-day",
                "id.overnight",
            ])
        XCTAssertEqual(x.skipped[0].1, "密级是秘密,不是绝密")
        XCTAssertEqual(x.skipped[3].1, "是复印件")
        XCTAssertEqual(x.skipped[4].1, "不是身份资料")
        // An ID copy is 秘密 too, but its own row (5) comes first: the service-centre head, not the general manager.
        XCTAssertEqual(
            LendingPolicy.deciding(d["id"]!, type: .sameDay, borrower: nil, settings: store.settings)?.rule.id,
            "id.same-day")
        // A matrix of two rows that both match: the first decides; swapped, the other does.
        let open = LendingRule(
            id: "open-customer", groups: [.customer], allowed: true, words: "客户档案可借", english: "", source: "")
        let closed = LendingRule(
            id: "closed-confidential", secrecy: [.confidential], allowed: false, words: "秘密不借", english: "", source: "")
        try store.updateSettings { $0.lending = [open, closed] }
        XCTAssertEqual(decide([conf], .short, store: store).rule, "open-customer")
        XCTAssertTrue(decide([conf], .short, store: store).allowed)
        try store.updateSettings { $0.lending = [closed, open] }
        XCTAssertEqual(decide([conf], .short, store: store).rule, "closed-confidential")
        XCTAssertFalse(decide([conf], .short, store: store).allowed)
        // A row for one loan type only: the other types fall through to the next row.
        let reading = LendingRule(
            id: "reading-only", types: [.reading], allowed: true, words: "阅览可以", english: "", source: "")
        try store.updateSettings { $0.lending = [reading, closed] }
        XCTAssertEqual(decide([conf], .reading, store: store).rule, "reading-only")
        XCTAssertEqual(decide([conf], .short, store: store).rule, "closed-confidential")
        // The borrower's title as a criterion (seed 002 七.1 lets senior managers borrow 非密级 files directly).
        let senior = LendingRule(
            id: "senior", secrecy: [.none], borrowerTitles: ["总经理"], allowed: true, words: "总经理直接借阅", english: "",
            source: "002 七.1")
        try store.updateSettings { $0.lending = [senior, LendingPolicy.defaults()[9]] }
        XCTAssertEqual(decide([d["copy"]!], .short, borrower: "周海涛", store: store).rule, "senior")
        XCTAssertEqual(decide([d["copy"]!], .short, borrower: "赵磊", store: store).rule, "group.customer")
        // No row applies: refused, and said so.
        try store.updateSettings { $0.lending = [reading] }
        XCTAssertEqual(decide([conf], .short, store: store).rule, "rules.none")
        // Back to the defaults.
        try store.updateSettings { $0.lending = nil }
        XCTAssertEqual(store.settings.lendingRules, LendingPolicy.defaults())
        // A bad matrix is refused before it is saved.
        XCTAssertThrowsError(try LendingPolicy.validate([open, open], settings: store.settings)) {
            XCTAssertEqual(errorCase($0), "invalidField rule id")
        }
        var bad = open
        bad.longest = "3 weeks"
        XCTAssertThrowsError(try LendingPolicy.validate([bad], settings: store.settings)) {
            XCTAssertEqual(errorCase($0), "invalidField rule open-customer longest")
        }
    }

    func testSeveralDocumentsTheEarliestDueAndEveryApprover() throws {
        let (store, d) = try archive()
        // A customer copy (3 days) with an ID copy (4 hours, same day): one approver for both, the ID row's due.
        let x = decide([d["copy"]!, d["id"]!], .sameDay, approver: "王建国", store: store)
        XCTAssertTrue(x.allowed, x.message)
        XCTAssertEqual(x.rule, "id.same-day")
        XCTAssertEqual(store.timeFormat.iso(x.due!), "2025-11-23T13:00:00+08:00")
        // One refused document refuses the loan, naming it.
        let y = decide([d["copy"]!, d["secret"]!], .short, approver: "王建国", store: store)
        XCTAssertEqual(y.rule, "secrecy.secret")
        XCTAssertEqual(y.document, d["secret"]!.id)
    }

    func testDueDates() throws {
        let (store, d) = try archive()
        let tf = store.timeFormat
        let copy = d["copy"]!
        XCTAssertEqual(
            tf.iso(decide([copy], .reading, approver: "王建国", store: store).due!), "2025-11-23T17:00:00+08:00")
        XCTAssertEqual(
            tf.iso(decide([copy], .sameDay, approver: "王建国", store: store).due!), "2025-11-23T23:59:59+08:00")
        XCTAssertEqual(tf.iso(decide([copy], .short, approver: "王建国", store: store).due!), "2025-11-26T09:00:00+08:00")
        XCTAssertEqual(tf.iso(decide([copy], .long, approver: "王建国", store: store).due!), "2025-11-30T09:00:00+08:00")
        XCTAssertEqual(
            tf.iso(decide([d["id"]!], .sameDay, approver: "王建国", store: store).due!), "2025-11-23T13:00:00+08:00")
        // After closing, in-room reading is refused.
        let evening = tf.parse("2025-11-23T18:00:00+08:00")!
        let x = LendingRules.decide(
            documents: [copy],
            request: LoanRequest(documents: [], borrower: "a", purpose: "b", approver: "王建国", type: .reading),
            settings: store.settings, register: store.register, now: evening, tf: tf)
        XCTAssertEqual(x.rule, "reading.closed")
        // An ID copy at 22:00: 4 hours would pass midnight; the same day caps it.
        let late = tf.parse("2025-11-23T22:00:00+08:00")!
        let y = LendingRules.decide(
            documents: [d["id"]!],
            request: LoanRequest(documents: [], borrower: "a", purpose: "b", approver: "王建国", type: .sameDay),
            settings: store.settings, register: store.register, now: late, tf: tf)
        XCTAssertEqual(tf.iso(y.due!), "2025-11-23T23:59:59+08:00")
    }

    func testOnLoanCannotBeLentAgainAndRenewalRules() throws {
        let tf = TimeFormat(identifier: "Asia/Shanghai")
        // A short loan on 29 Jan runs over the month end.
        let start = tf.parse("2026-01-29T10:00:00+08:00")!
        let (store, e) = try makeArchive(now: start)
        let (d, loan) = try store.borrow(
            LoanRequest(documents: [e.documents[1].id], borrower: "赵磊", purpose: "核对", approver: "王建国", type: .short))
        XCTAssertEqual(d.rule, "group.customer")
        XCTAssertTrue(d.allowed)
        XCTAssertEqual(tf.iso(loan!.due), "2026-02-01T10:00:00+08:00")
        let (again, _) = try store.borrow(
            LoanRequest(documents: [e.documents[1].id], borrower: "刘洋", purpose: "x", approver: "王建国"))
        XCTAssertEqual(again.rule, "loan.already-out")
        let rec = { store.register.records[loan!.id]! }
        XCTAssertFalse(rec().isOverdue(at: tf.parse("2026-02-01T09:59:00+08:00")!))
        XCTAssertTrue(rec().isOverdue(at: tf.parse("2026-02-01T10:01:00+08:00")!))
        // Renew before the due date: +3 days from the due date; the row gives one renewal.
        store.clock = { tf.parse("2026-01-31T10:00:00+08:00")! }
        let r1 = try store.renew(loan: loan!.id)
        XCTAssertEqual(r1.rule, "renew.short")
        XCTAssertTrue(r1.allowed)
        XCTAssertEqual(tf.iso(rec().due), "2026-02-04T10:00:00+08:00")
        XCTAssertEqual(try store.renew(loan: loan!.id).rule, "renew.limit")
        // Overdue loans are not renewed.
        store.clock = { tf.parse("2026-02-05T10:00:00+08:00")! }
        XCTAssertEqual(try store.renew(loan: loan!.id).rule, "renew.overdue")
        // Hour-based: an ID copy of 4 hours is overdue 4h01m later, and its row gives no renewal.
        store.clock = { start }
        let (dc, lc) = try store.borrow(
            LoanRequest(documents: [e.documents[2].id], borrower: "赵磊", purpose: "核对", approver: "王建国", type: .sameDay))
        XCTAssertTrue(dc.allowed)
        let rc = store.register.records[lc!.id]!
        XCTAssertFalse(rc.isOverdue(at: start.addingTimeInterval(4 * 3600 - 60)))
        XCTAssertTrue(rc.isOverdue(at: start.addingTimeInterval(4 * 3600 + 60)))
        XCTAssertEqual(try store.renew(loan: lc!.id).rule, "renew.type")
        // Return: the document can be lent again; returning it twice is refused by rule.
        try store.returnDocuments([e.documents[1].id])
        XCTAssertNil(store.register.openByDocument[e.documents[1].id])
        XCTAssertThrowsError(try store.returnDocuments([e.documents[1].id])) {
            XCTAssertEqual(ruleOf($0), "return.not-out")
        }
        XCTAssertThrowsError(try store.returnDocuments([e.documents[2].id], complete: false, note: "")) {
            guard case ArchiveError.invalidField(let f, _) = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual(f, "note")
        }
    }

    func testFormRefusals() throws {
        let (store, e) = try makeArchive(now: morning)
        let (d, _) = try store.borrow(LoanRequest(documents: [e.documents[1].id], borrower: "", purpose: "x"))
        XCTAssertEqual(d.rule, "form.borrower")
        let (d2, _) = try store.borrow(LoanRequest(documents: [e.documents[1].id], borrower: "a", purpose: " "))
        XCTAssertEqual(d2.rule, "form.purpose")
        XCTAssertEqual(
            try store.requestApproval(
                LoanRequest(documents: [e.documents[6].id], borrower: "a", purpose: "b", type: .reading)
            ).0.rule,
            "approval.not-needed")
    }

    func testSettingsWithoutTheMatrixOpenAndUseTheDefaults() throws {
        // An archive.json written before the matrix, staff logins and numbering: it decodes,
        // with the defaults built from its own loan rules.
        let old = """
            {"loanRules":{"closingHour":18,"confidentialHours":2,"idApproverTitle":"主任","longDays":10,"maxRenewals":2,\
            "shortDays":5},
             "staff":[{"name":"甲","role":"archivist","title":"","department":""}],"catalogue":[],"operator":"甲",\
             "language":"auto","timeZone":"Asia/Shanghai"}
            """
        let s = try JSONDecoder().decode(Settings.self, from: Data(old.utf8))
        XCTAssertNil(s.lending)
        XCTAssertNil(s.numbering)
        XCTAssertEqual(s.staff[0].logins, [])
        XCTAssertEqual(s.lendingRules.first { $0.id == "id.same-day" }?.approvers, ["主任"])
        XCTAssertEqual(s.lendingRules.first { $0.id == "id.same-day" }?.longest, "2h")
        XCTAssertEqual(s.lendingRules.first { $0.id == "group.customer" }?.renewals, 2)
        // The old operator field makes nobody anyone.
        XCTAssertNil(s.person(login: "甲"))
    }
}

/// The rule of a refusal thrown as an error (nil for anything else).
func ruleOf(_ error: Error) -> String? {
    if case ArchiveError.refused(let r, _) = error { return r }
    return nil
}
