import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// The paperwork workflows through the real binary: the photocopy flow, destruction, transfer,
/// inventory, import and export, and every report kind.
final class PaperworkCLITests: XCTestCase {
    func testPaperworkOnTheCommandLine() throws {
        let path = Bin.sampleCopy("paper")
        func d(_ args: String...) -> (Int32, String) { Bin.run(Bin.dangan, args + ["--archive", path]) }
        // Photocopy: request → approve → made → back → settle, each refusal exits 3 naming its rule.
        var (code, out) = d("copy", "request", "1-201:1", "--by", "赵磊", "--purpose", "办理产权", "--json")
        XCTAssertEqual(code, 0, out)
        struct R: Decodable {
            var allowed: Bool
            var rule: String
            var extra: [String: String]
        }
        let id = try JSONDecoder().decode(R.self, from: Data(out.utf8)).extra["copy"]!
        (code, out) = d("copy", "approve", id, "--approver", "刘洋")
        XCTAssertEqual(code, 3)
        XCTAssertTrue(out.contains("approver.role"), out)
        (code, out) = d("copy", "approve", id, "--approver", "赵磊")  // the requester
        XCTAssertEqual(code, 3)
        XCTAssertTrue(out.contains("approval.own"), out)
        XCTAssertEqual(d("copy", "approve", id, "--approver", "王建国").0, 0)
        XCTAssertEqual(d("copy", "made", id, "--pages", "4", "--copies", "2").0, 0)
        XCTAssertEqual(d("copy", "back", id).0, 0)
        (code, out) = d("copy", "settle", id, "--disposition", "交赵磊")
        XCTAssertEqual(code, 0, out)
        XCTAssertTrue(out.contains("copy.settled"))
        (code, out) = d("report", "copies", "--month", TestClock.month, "--format", "csv")
        XCTAssertEqual(code, 0)
        XCTAssertTrue(out.hasPrefix("\u{FEFF}申请时间"))
        XCTAssertTrue(out.contains("4页"), out)
        // Destruction: list, refuse without approver, destroy with one.
        (code, out) = d("destroy", "--due", "--json")
        struct Due: Decodable { var document: String }
        let due = try JSONDecoder().decode([Due].self, from: Data(out.utf8))
        XCTAssertFalse(due.isEmpty)
        (code, out) = d("destroy", due[0].document, "--reason", "过期")
        XCTAssertEqual(code, 3)
        XCTAssertTrue(out.contains("approver.required"))
        (code, out) = d("destroy", due[0].document, "--approver", "陈静", "--reason", "超过保管期限")
        XCTAssertEqual(code, 0, out)
        (code, out) = d("report", "destruction")
        XCTAssertTrue(out.contains("超过保管期限") && out.contains("陈静"), out)
        // Transfer of a whole envelope, and its sign-off list.
        (code, out) = d("transfer", "--envelope", "3-1201", "--to", "周明", "--organisation", "新物业公司")
        XCTAssertEqual(code, 3, out)
        XCTAssertTrue(out.contains("approver.required"), out)  // seed 003 第6篇 4.7.1
        (code, out) = d(
            "transfer", "--envelope", "3-1201", "--to", "周明", "--organisation", "新物业公司", "--approver", "陈静", "--json")
        XCTAssertEqual(code, 0, out)
        let batch = try JSONDecoder().decode(R.self, from: Data(out.utf8)).extra["batch"]!
        (code, out) = d("report", "transfer", batch, "--format", "html")
        XCTAssertTrue(out.contains("<table>") && out.contains("新物业公司") && out.contains("接收人签字"), out)
        // Inventory: findings exit 1 and are listed; a scan file finds a missing envelope.
        let store = try ArchiveStore.open(path)
        let shelf = store.envelopes(inCabinet: "B").map { $0.barcode }.dropFirst()
        let scan = path + "-scan.txt"
        try shelf.joined(separator: "\n").write(toFile: scan, atomically: true, encoding: .utf8)
        (code, out) = d("check", "--inventory", "B", "--scanned", scan)
        XCTAssertEqual(code, 1)
        XCTAssertTrue(out.contains("scan.missing") && out.contains("checklist.missing"), out)
        (code, out) = d("report", "inventory", "B")
        XCTAssertTrue(out.contains("档案盘点报告"))
        for k in ReportKind.allCases where ![.fileList, .label, .history, .slip].contains(k) {
            XCTAssertEqual(d("report", k.rawValue).0, 0, k.rawValue)
        }
        XCTAssertEqual(d("report", "label", "1-201").0, 0)
        // The history needs its envelope; as CSV it has a row per changed field.
        XCTAssertEqual(d("report", "history").0, 2)
        (code, out) = d("report", "history", "3-1201", "--format", "csv")
        XCTAssertEqual(code, 0, out)
        XCTAssertTrue(out.contains("时间,经办,工作站,操作,内容,原值,新值") && out.contains("建档") && out.contains("移交"), out)
        // Import: bad rows → exit 2 with line numbers, nothing written; --skip-bad writes the good.
        let csv = path + "-in.csv"
        try "档案号,档案柜,楼栋,楼层,房号,业主姓名\nN-1,A,9,3,301,甲\nN-2,A,9,3,302,\nN-3,A,9/2,3,303,丙\n".write(
            toFile: csv, atomically: true, encoding: .utf8)
        (code, out) = d("import", csv)
        XCTAssertEqual(code, 2)
        XCTAssertTrue(
            out.contains("-in.csv:3: owner is required") && out.contains("-in.csv:4:")
                && out.contains("nothing imported"), out)
        XCTAssertEqual(d("show", "N-1").0, 4)
        (code, out) = d("import", csv, "--skip-bad")
        XCTAssertEqual(code, 2)
        XCTAssertTrue(out.contains("imported 1 envelope"), out)
        XCTAssertEqual(d("show", "N-1").0, 0)
        // Export writes a 0600 file that import reads back (dry run: every row good but numbers in use).
        let exp = path + "-out.csv"
        (code, out) = d("export", exp)
        XCTAssertEqual(code, 0, out)
        XCTAssertEqual(
            (try FileManager.default.attributesOfItem(atPath: exp)[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(d("check").0, 0)
    }
}

final class PermissionTests: XCTestCase {
    /// Unreadable files (permissions): the archive opens with the rest intact, the problem is
    /// reported with its path, and a write that cannot complete says so and changes nothing.
    /// As root (CI), dangan runs as `nobody` through setpriv so that permissions bite.
    func testUnreadableFileAndUnwritableJournal() throws {
        let path = Bin.sampleCopy("perm")
        func d(_ args: String...) -> (Int32, String) {
            if getuid() == 0 {
                return Bin.run(
                    "/usr/bin/setpriv",
                    ["--reuid=65534", "--regid=65534", "--clear-groups", Bin.dangan] + args + ["--archive", path])
            }
            return Bin.run(Bin.dangan, args + ["--archive", path])
        }
        Run.mapLogin("nobody", to: "李敏", archive: path)
        let store = try ArchiveStore.open(path)
        let victim = store.envelopes[10]
        if getuid() == 0 { Bin.run("/bin/chown", ["-R", "65534:65534", path]) }
        // Let nobody reach the archive (it sits in a 0700 folder only when created by init).
        chmod(path, 0o700)
        chmod(path + "/" + victim.relativePath, 0o000)
        var (code, out) = d("ls")
        XCTAssertEqual(code, 0, out)
        XCTAssertTrue(out.contains("200 envelopes"), out)
        (code, out) = d("check")
        XCTAssertEqual(code, 1)
        XCTAssertTrue(out.contains(victim.relativePath) && out.lowercased().contains("permission denied"), out)
        // The journal has the envelope: shown from it, with a note naming the unreadable file.
        (code, out) = d("show", victim.id)
        XCTAssertEqual(code, 0, out)
        XCTAssertTrue(out.contains(victim.relativePath) && out.contains(victim.owner), out)
        (code, out) = d("show", store.envelopes[11].id)
        XCTAssertEqual(code, 0, out)
        // A journal folder that cannot be written: the borrow fails with a clear message; nothing changes.
        let doc = try store.envelope(id: store.envelopes[11].id).documents.first {
            !$0.original && $0.secrecy == .none && store.register.openByDocument[$0.id] == nil
        }!
        let desk = store.deskID ?? DurableIO.list(path + "/journal")!.first { $0.hasPrefix("dsk-") }!
        let bucket = path + "/journal/" + desk + "/" + EntryFile.bucket(store.frontier[desk]!.seq + 1)
        try? FileManager.default.createDirectory(atPath: bucket, withIntermediateDirectories: true)
        if getuid() == 0 { Bin.run("/bin/chown", ["-R", "65534:65534", path + "/journal"]) }
        chmod(bucket, 0o500)
        (code, out) = d("borrow", doc.id, "--to", "赵磊", "--purpose", "核对", "--approver", "王建国")
        XCTAssertEqual(code, 1, out)
        XCTAssertTrue(out.contains("cannot write") && out.contains("nothing was changed"), out)
        chmod(bucket, 0o700)
        chmod(path + "/" + victim.relativePath, 0o600)
        XCTAssertNil(try ArchiveStore.open(path).register.openByDocument[doc.id])
        XCTAssertEqual(d("check").0, 0)
    }
}
