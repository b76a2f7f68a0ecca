import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// Issue 16 and issue 15 points 6–7 through the real binary on a copy of the sample: the rule
/// matrix and its explanation, approvals typed and given from the approver's own login (both in
/// the register), the slip and the signature columns, incidents, the circulation desk, unique
/// envelopes, and each role's view and refusals. Runs as `nobody` (setpriv) stand for a second
/// person at another login.
final class LendingCLITests: XCTestCase {
    struct Docs {
        var salesCopy, idCopy, customerCopy: Document
        var envelope: EnvelopeSummary
    }

    /// Documents in the envelope of one household: a 秘密 sales copy, an ID copy, a customer copy.
    func docs(_ path: String) throws -> Docs {
        let s = try ArchiveStore.open(path)
        for sum in s.envelopes where s.register.outByEnvelope[sum.id] == nil {
            let e = try s.envelope(id: sum.id)
            if let a = e.documents.first(where: { $0.kind == "购房合同复印件" && $0.secrecy == .confidential }),
                let b = e.documents.first(where: { $0.kind == "身份证复印件" }),
                let c = e.documents.first(where: { $0.kind == "前期物业服务合同" && !$0.original })
            {
                return Docs(salesCopy: a, idCopy: b, customerCopy: c, envelope: sum)
            }
        }
        throw XCTSkip("the sample has no such household")
    }

    func run(_ path: String, _ args: String..., env: [String: String] = [:]) -> Run.Result {
        Run.dangan(args + ["--archive", path], env: env)
    }

    func nobody(_ path: String, _ args: String..., env: [String: String] = [:]) -> Run.Result {
        Run.dangan(args + ["--archive", path], env: env, asNobody: true)
    }

    /// `nobody` becomes `name` (and only them): mapped in-process, the archive given to nobody.
    func becomes(_ path: String, _ name: String?) {
        let s = try! ArchiveStore.open(path)
        s.operatorName = "李敏"
        if let old = s.settings.person(login: "nobody") { try! s.editStaff(old.name, removeLogins: ["nobody"]) }
        if let name { try! s.editStaff(name, addLogins: ["nobody"]) }
        try! s.saveCheckpoint()
        s.close()
        Run.giveToNobody(path)
    }

    func testRulesExplainAndApprovalsTypedAndGivenFromTheApproversLogin() throws {
        try XCTSkipUnless(Run.isRoot, "a second login (nobody) needs root to run as")
        let path = sample("rules")
        let d = try docs(path)
        // The matrix, in order.
        var r = run(path, "rules", "--json")
        XCTAssertEqual(r.code, 0, r.both)
        struct Row: Decodable {
            var id: String
            var allowed: Bool
        }
        let rows = try JSONDecoder().decode([Row].self, from: Data(r.stdout.utf8))
        XCTAssertEqual(rows.map { $0.id }, LendingPolicy.defaults().map { $0.id })
        r = run(path, "rules")
        XCTAssertTrue(r.stdout.contains(" 7  secrecy.confidential  [秘密]  → 须经总经理或副总经理批准(须在系统中批准)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("第一条适用的规则决定"), r.stdout)
        // Which rule decides a 秘密 sales copy, and why the rows above do not apply.
        r = run(path, "rules", "explain", d.salesCopy.id, "--to", "赵磊", "--type", "short")
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(r.stdout.contains(" 1  secrecy.top-secret  不适用 (does not apply): 密级是秘密,不是绝密"), r.stdout)
        XCTAssertTrue(r.stdout.contains(" 5  id.same-day  不适用 (does not apply): 不是身份资料"), r.stdout)
        XCTAssertTrue(r.stdout.contains(" 7  secrecy.confidential  适用,决定"), r.stdout)
        XCTAssertTrue(r.stdout.contains("不可借 refused by rule secrecy.confidential"), r.stdout)
        XCTAssertFalse(r.stdout.contains("group.sales"), r.stdout)  // later rows are not read
        // A typed name does not do for a row that needs an approval in the system.
        r = run(path, "borrow", d.salesCopy.id, "--to", "赵磊", "--purpose", "核对", "--approver", "周海涛")
        XCTAssertEqual(r.code, 3, r.both)
        XCTAssertTrue(
            r.stderr.contains("refused by rule secrecy.confidential") && r.stderr.contains("--request"), r.stderr)
        // Registered as a request; the archivist cannot approve it; the general manager does, from his login.
        r = run(path, "borrow", d.salesCopy.id, "--to", "赵磊", "--purpose", "核对", "--request", "--json")
        XCTAssertEqual(r.code, 0, r.both)
        struct Asked: Decodable {
            var rule: String
            var extra: [String: String]
        }
        let asked = try JSONDecoder().decode(Asked.self, from: Data(r.stdout.utf8))
        XCTAssertEqual(asked.rule, "approval.requested")
        let request = try XCTUnwrap(asked.extra["request"])
        r = run(path, "approve", request)
        XCTAssertEqual(r.code, 3)
        XCTAssertTrue(r.stderr.contains("role.approver"), r.stderr)
        becomes(path, "赵磊")
        XCTAssertEqual(nobody(path, "approve", request).code, 3)  // the borrower's own login: not an approver
        becomes(path, "王建国")
        r = nobody(path, "approve", request)
        XCTAssertEqual(r.code, 3)
        XCTAssertTrue(r.stderr.contains("approval.title"), r.stderr)
        becomes(path, "周海涛")
        r = nobody(path, "approvals")
        XCTAssertTrue(r.stdout.contains(request) && r.stdout.contains("待审批"), r.both)
        r = nobody(path, "approve", request)
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(r.stdout.contains("approval.approved"), r.stdout)
        // The archivist lends it on the approval given in the system; an ID copy on a typed signature.
        r = run(path, "borrow", d.salesCopy.id, "--to", "赵磊", "--purpose", "核对")
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(r.stdout.contains("approved by 周海涛 (总经理) — 系统批准 system"), r.stdout)
        let systemLoan = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("loan ") }?.dropFirst(5))
        r = run(path, "borrow", d.idCopy.id, "--to", "赵磊", "--purpose", "核对", "--type", "same-day", "--approver", "王建国")
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(r.stdout.contains("approved by 王建国 (服务中心负责人) — 签字 signed"), r.stdout)
        // Both in the borrowing register, said apart, with the signature columns.
        r = run(path, "report", "register", "--format", "csv")
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(r.stdout.contains("借阅人签名,归还签收,借阅单号"), r.stdout)
        XCTAssertTrue(r.stdout.contains("周海涛(系统批准)") && r.stdout.contains("王建国(签字)"), r.stdout)
        r = run(path, "report", "register", "--format", "html")
        XCTAssertTrue(
            r.stdout.contains("<th>借阅人签名</th><th>归还签收</th>") && r.stdout.contains("<td class=\"sign\"></td>"), r.stdout)
        r = run(path, "loans", "--json")
        XCTAssertTrue(
            r.stdout.contains("\"approval\" : \"system\"") && r.stdout.contains("\"approval\" : \"signed\""), r.stdout)
        // The slip for the borrower to sign.
        r = run(path, "report", "slip", String(systemLoan))
        XCTAssertEqual(r.code, 0, r.both)
        for w in ["档案借阅单", "周海涛(总经理) — 系统批准", "依据规则", "secrecy.confidential", "借阅人签名: __________", "归还签收"] {
            XCTAssertTrue(r.stdout.contains(w), "\(w): \(r.stdout)")
        }
        XCTAssertTrue(r.stdout.split(separator: "\n").contains { $0.hasPrefix("借阅人 ") && $0.hasSuffix("赵磊") }, r.stdout)
        XCTAssertEqual(run(path, "report", "slip").code, 2)
        XCTAssertEqual(run(path, "report", "slip", "loan-nosuchloan00000000").code, 4)
    }

    /// Two logins writing to one archive folder: the approver's login cannot read the entry the
    /// archivist's login just wrote (0600), so its own write is refused: no fork, no loan lost.
    func testALoginThatCannotReadTheNewestEntryWritesNothing() throws {
        try XCTSkipUnless(Run.isRoot, "a second login (nobody) needs root to run as")
        let path = sample("two-logins")
        // An archive folder this login may not read does not look empty: it says so, status 1.
        var denied = nobody(path, "ls")
        XCTAssertEqual(denied.code, 1, denied.both)
        XCTAssertTrue(
            denied.stderr.contains("cannot read") && denied.stderr.contains("permission denied"), denied.stderr)
        denied = nobody(path, "search", "王")
        XCTAssertEqual(denied.code, 1, denied.both)
        let d = try docs(path)
        becomes(path, "王建国")
        var r = run(path, "borrow", d.customerCopy.id, "--to", "赵磊", "--purpose", "核对", "--approver", "王建国")
        XCTAssertEqual(r.code, 0, r.both)
        r = nobody(path, "show", d.envelope.id, "--reveal")  // records who looked: a write
        XCTAssertEqual(r.code, 3, r.both)
        XCTAssertTrue(r.stderr.contains("journal.unreadable"), r.stderr)
        r = run(path, "loans")
        XCTAssertTrue(r.stdout.contains("赵磊"), r.both)
        r = run(path, "check")
        XCTAssertEqual(r.code, 0, r.both)
    }

    func testEachRolesViewAndRefusalsThroughTheCommandLine() throws {
        try XCTSkipUnless(Run.isRoot, "a second login (nobody) needs root to run as")
        let path = sample("roles")
        let d = try docs(path)
        let room = d.envelope.roomCode
        let e = try ArchiveStore.open(path).envelope(id: d.envelope.id)
        // The login that made the archive is its archivist.
        var r = run(path, "whoami")
        XCTAssertTrue(r.stdout.contains("root → 李敏 (资料管理员 archivist"), r.both)
        // Not in the staff list: names only, told how to be added; whatever $USER says.
        becomes(path, nil)
        r = nobody(path, "whoami", env: ["USER": "李敏"])
        XCTAssertTrue(r.stdout.contains("nobody: 不在人员名单中") && r.stdout.contains("dangan staff edit"), r.both)
        r = nobody(path, "show", room, env: ["USER": "李敏"])
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(r.stdout.contains(e.owner) && !r.stdout.contains("文件清单"), r.stdout)
        XCTAssertTrue(r.stderr.contains("login nobody is not in the staff list"), r.stderr)
        for args in [
            ["borrow", d.customerCopy.id, "--to", "x", "--purpose", "y", "--approver", "王建国"], ["loans"],
            ["report", "register"],
        ] {
            r = Run.dangan(args + ["--archive", path], asNobody: true)
            XCTAssertEqual(r.code, 3, "\(args) \(r.both)")
            XCTAssertTrue(r.stderr.contains("role.unknown"), "\(args) \(r.stderr)")
        }
        XCTAssertEqual(run(path, "settings", "--operator", "李敏").code, 2)  // the attack of issue 15: gone
        // Sales: names only, no registers, no destruction list, no settings.
        becomes(path, "孙丽")
        r = nobody(path, "show", room)
        XCTAssertTrue(r.stdout.contains("sales staff see names and titles only") && !r.stdout.contains("文件清单"), r.both)
        r = nobody(path, "ls", "A")
        XCTAssertEqual(r.code, 0)
        XCTAssertFalse(r.stdout.contains("[借出]"), r.stdout)
        for args in [
            ["loans"], ["report", "outstanding"], ["destroy", "--due"], ["settings"], ["copy", "list"], ["staff"],
            ["rules"],
            ["borrow", d.customerCopy.id, "--to", "x", "--purpose", "y", "--approver", "王建国"],
        ] {
            r = Run.dangan(args + ["--archive", path], asNobody: true)
            XCTAssertEqual(r.code, 3, "\(args) \(r.both)")
            XCTAssertTrue(r.stderr.contains("role.sales"), "\(args) \(r.stderr)")
        }
        // Staff: files and registers, numbers masked, no lending, no settings, no staff list changes.
        becomes(path, "赵磊")
        r = nobody(path, "show", room)
        XCTAssertTrue(r.stdout.contains("文件清单") && r.stdout.contains(Mask.idNumber(e.idNumber)), r.both)
        XCTAssertFalse(r.stdout.contains(e.idNumber), r.stdout)
        XCTAssertEqual(nobody(path, "loans").code, 0)
        for (args, rule) in [
            (["show", room, "--reveal"], "role.numbers"),
            (["borrow", d.customerCopy.id, "--to", "刘洋", "--purpose", "y", "--approver", "王建国"], "role.archivist"),
            (["staff", "edit", "赵磊", "--role", "archivist"], "role.archivist"),
            (["staff", "add", "外人", "--role", "archivist", "--login", "nobody2"], "role.archivist"),
            (["settings", "--label-stock", "70x37"], "role.archivist"),
        ] {
            r = Run.dangan(args + ["--archive", path], asNobody: true)
            XCTAssertEqual(r.code, 3, "\(args) \(r.both)")
            XCTAssertTrue(r.stderr.contains(rule), "\(args) \(r.stderr)")
        }
        // Approver: whole numbers on a deliberate --reveal, recorded; no lending.
        becomes(path, "王建国")
        r = nobody(path, "show", room, "--reveal")
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(r.stdout.contains(e.idNumber), r.stdout)
        r = nobody(path, "borrow", d.customerCopy.id, "--to", "刘洋", "--purpose", "y", "--approver", "王建国")
        XCTAssertEqual(r.code, 3)
        XCTAssertTrue(r.stderr.contains("role.archivist"), r.stderr)
        // The archivist: a plain show masks; --reveal shows and records; an export of whole numbers is recorded.
        r = run(path, "show", room)
        XCTAssertFalse(r.stdout.contains(e.idNumber))
        XCTAssertTrue(r.stdout.contains("--reveal"), r.stdout)
        r = run(path, "show", room, "--reveal", "--json")
        XCTAssertTrue(r.stdout.contains(e.idNumber), r.stdout)
        let out = folder("roles-out")
        XCTAssertEqual(run(path, "export", out + "/all.csv").code, 0)
        r = run(path, "report", "access", "--month", TestClock.month)
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(
            r.stdout.contains("王建国") && r.stdout.contains("nobody") && r.stdout.contains("查看身份证号/电话"), r.stdout)
        XCTAssertTrue(r.stdout.contains("导出含身份证号/电话"), r.stdout)
        XCTAssertTrue(r.stdout.contains("共 3 次"), r.stdout)
        // Staff list changes by the archivist, journaled.
        r = run(path, "staff", "add", "黄磊", "--role", "staff", "--login", "huang", "--title", "客服专员")
        XCTAssertEqual(r.code, 0, r.both)
        r = run(path, "staff", "edit", "黄磊", "--login", "nobody")
        XCTAssertEqual(r.code, 3)
        XCTAssertTrue(r.stderr.contains("staff.login-taken") && r.stderr.contains("王建国"), r.stderr)
        r = run(path, "staff")
        XCTAssertTrue(r.stdout.contains("黄磊\tstaff\t员工\t客服专员\t\tlogin huang"), r.stdout)
        r = run(path, "history", room)
        XCTAssertEqual(r.code, 0, r.both)
    }

    func testIncidentsAndTheCirculationDesk() throws {
        let path = sample("desk")
        let d = try docs(path)
        // An incomplete return opens an incident, seen in show, the list, the report and the inventory.
        XCTAssertEqual(
            run(path, "borrow", d.customerCopy.id, "--to", "赵磊", "--purpose", "核对", "--approver", "王建国").code, 0)
        var r = run(path, "return", d.customerCopy.id, "--incomplete", "缺第3页")
        XCTAssertEqual(r.code, 0, r.both)
        let id = try XCTUnwrap(r.stdout.split(separator: " ").first { $0.hasPrefix("inc-") }.map(String.init))
        r = run(path, "show", d.envelope.roomCode)
        XCTAssertTrue(r.stdout.contains("[不完整 \(id): 缺第3页]") && r.stdout.contains("未结事故"), r.stdout)
        XCTAssertTrue(run(path, "ls", d.envelope.cabinet).stdout.contains("[事故]"))
        r = run(path, "incident", "list")
        XCTAssertTrue(r.stdout.contains(id) && r.stdout.contains("不完整\t未结"), r.stdout)
        r = run(path, "report", "incidents")
        XCTAssertTrue(
            r.stdout.contains("档案遗失损坏报告") && r.stdout.contains("缺第3页") && r.stdout.contains("未结 1 起"), r.stdout)
        r = run(path, "check", "--inventory", d.envelope.cabinet)
        XCTAssertTrue(r.stdout.contains("未结事故\tincident.open"), r.stdout)
        // Lost: cannot be lent until resolved.
        r = run(path, "incident", "report", d.idCopy.id, "--kind", "lost", "--note", "柜中未见")
        XCTAssertEqual(r.code, 0, r.both)
        let lost = try XCTUnwrap(
            r.stdout.split(separator: " ").first { $0.hasPrefix("inc-") }.map { String($0.prefix { $0 != ":" }) })
        r = run(path, "borrow", d.idCopy.id, "--to", "赵磊", "--purpose", "核对", "--type", "same-day", "--approver", "王建国")
        XCTAssertEqual(r.code, 3)
        XCTAssertTrue(r.stderr.contains("incident.lost"), r.stderr)
        XCTAssertEqual(run(path, "incident", "report", d.idCopy.id, "--kind", "gone", "--note", "x").code, 2)
        r = run(path, "incident", "resolve", lost, "--note", "已找到")
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertEqual(run(path, "incident", "resolve", lost, "--note", "again").code, 3)
        // What one borrower holds, overdue first, with loan ids to renew or print.
        r = run(path, "loans", "--borrower", "刘洋")
        let lines = r.stdout.split(separator: "\n")
        XCTAssertTrue(lines.first?.hasPrefix("逾期 loan-") == true, r.stdout)
        XCTAssertTrue(lines.last?.hasPrefix("刘洋: ") == true && lines.last!.contains("overdue"), r.stdout)
        XCTAssertTrue(run(path, "loans", "--borrower", "无此人").stdout.contains("0 loans"))
        // Overdue notices: one per borrower, each on its own page.
        r = run(path, "report", "notices")
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(r.stdout.contains("档案催还通知") && r.stdout.contains("致 刘洋") && r.stdout.contains("借阅人签收"), r.stdout)
        r = run(path, "report", "notices", "--format", "html")
        // one borrower has something overdue
        XCTAssertEqual(r.stdout.components(separatedBy: "<section>").count - 1, 1, r.stdout)
        // Return by scanning the envelope's barcode: what it has out comes back.
        let s = try ArchiveStore.open(path)
        let out = try XCTUnwrap(s.register.open.first { $0.loan.borrower == "刘洋" })
        let barcode = try XCTUnwrap(s.summary(id: out.loan.envelope)?.barcode)
        r = run(path, "return", "--envelope", barcode)
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(r.stdout.contains("of loan \(out.loan.id)"), r.stdout)
        r = run(path, "return", "--envelope", barcode)
        XCTAssertEqual(r.code, 3)
        XCTAssertTrue(r.stderr.contains("return.not-out"), r.stderr)
        XCTAssertEqual(run(path, "return").code, 2)
    }

    func testUniqueEnvelopesOnTheCommandLine() throws {
        let path = sample("unique")
        let s = try ArchiveStore.open(path)
        let first = s.envelopes[0]
        // A number, a barcode or an active unit already used: refused, naming the other envelope.
        var r = run(
            path, "envelope", "add", "--cabinet", "A", "--building", "9", "--floor", "1", "--unit", "101", "--owner",
            "甲", "--number", first.number)
        XCTAssertEqual(r.code, 3)
        XCTAssertTrue(r.stderr.contains("envelope.number-taken") && r.stderr.contains(first.id), r.stderr)
        r = run(
            path, "envelope", "add", "--cabinet", "A", "--building", "9", "--floor", "1", "--unit", "101", "--owner",
            "甲", "--barcode", first.barcode)
        XCTAssertEqual(r.code, 3)
        XCTAssertTrue(r.stderr.contains("envelope.barcode-taken"), r.stderr)
        r = run(
            path, "envelope", "add", "--cabinet", first.cabinet, "--building", first.building, "--floor", first.floor,
            "--unit", first.unit, "--owner", "甲")
        XCTAssertEqual(r.code, 3)
        XCTAssertTrue(r.stderr.contains("envelope.unit-taken") && r.stderr.contains(first.id), r.stderr)
        // From the scheme: a number and a barcode.
        r = run(
            path, "envelope", "add", "--cabinet", "A", "--building", "9", "--floor", "1", "--unit", "101", "--owner",
            "甲")
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(
            r.stdout.contains("number KH-\(TestClock.month.prefix(4))-") && r.stdout.contains("barcode DA"), r.stdout)
        r = run(
            path, "envelope", "edit", s.envelopes[1].id, "--move",
            "\(first.cabinet)/\(first.building)/\(first.floor)/\(first.unit)")
        XCTAssertEqual(r.code, 3)
        XCTAssertTrue(r.stderr.contains("envelope.unit-taken"), r.stderr)
        // Change of ownership waits for the loans of the old envelope.
        let out = try XCTUnwrap(s.register.open.first)
        let room = try XCTUnwrap(s.summary(id: out.loan.envelope)).roomCode
        r = run(path, "envelope", "change-owner", room, "--to", "新业主")
        XCTAssertEqual(r.code, 3)
        XCTAssertTrue(r.stderr.contains("ownership.loans-out") && r.stderr.contains(out.loan.id), r.stderr)
        // Duplicates already in the archive: check reports them.
        XCTAssertEqual(run(path, "check").code, 0)
        var twin = try s.envelope(id: s.envelopes[5].id)
        twin.number = s.envelopes[6].number
        try journalUnchecked(s, twin)
        r = run(path, "check")
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(
            r.stdout.contains("duplicate\t")
                && r.stdout.contains("envelope number \(twin.number) is also used by envelope"), r.stdout)
    }

    func testANewArchiveAndTheFirstRunAreTheirMakersArchive() throws {
        let dir = folder("firstrun")
        var r = Run.dangan(["init", dir + "/new", "--name", "新档案", "--archivist", "黄敏"])
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(r.stdout.contains("Its archivist is 黄敏"), r.stdout)
        r = Run.dangan(["whoami", "--archive", dir + "/new"])
        XCTAssertTrue(r.stdout.contains("→ 黄敏 (资料管理员"), r.stdout)
        // The first run copies the sample and maps the login that made the copy to its archivist.
        let home = dir + "/home"
        let env = ["HOME": home, "XDG_DATA_HOME": "", "DANGAN_ARCHIVE": ""]
        r = Run.dangan(["whoami"], env: env)
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(
            r.stderr.contains("First run: copied the sample") && r.stderr.contains("You work in it as 李敏"), r.stderr)
        XCTAssertTrue(r.stdout.contains("→ 李敏 (资料管理员"), r.stdout)
        XCTAssertEqual(Run.dangan(["staff"], env: env).code, 0)
        XCTAssertEqual(Run.dangan(["check"], env: env).code, 0)
    }
}
