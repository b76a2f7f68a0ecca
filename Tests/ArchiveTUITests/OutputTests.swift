import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// Where output goes (issue 15, points 2 and 5; issue 13, point 4): output files replace only
/// regular files, `-` is standard output, a full disk or a closed pipe on standard output gives
/// one line and status 5, and each outcome has its exit status. Nothing here touches a real
/// device: links, FIFOs and device nodes are made in a temporary folder.
final class OutputTests: XCTestCase {
    func testOutputFilesReplaceOnlyRegularFiles() throws {
        let path = sample("outfile")
        let dir = folder("outfile")
        try "keep me".write(toFile: dir + "/target.txt", atomically: false, encoding: .utf8)
        XCTAssertEqual(symlink(dir + "/target.txt", dir + "/link.csv"), 0)
        XCTAssertEqual(mkfifo(dir + "/fifo.csv", 0o600), 0)
        var places = ["link.csv": "link", "fifo.csv": "fifo"]
        if Run.isRoot {
            // A character device with /dev/null's numbers (1, 3), in our own folder.
            XCTAssertEqual(mknod(dir + "/device.csv", S_IFCHR | 0o600, dev_t((1 << 8) | 3)), 0)  // makedev(1, 3)
            places["device.csv"] = "char"
        }
        for (name, kind) in places.sorted(by: { $0.key < $1.key }) {
            for args in [
                ["export", dir + "/" + name], ["report", "register", "--format", "csv", "-o", dir + "/" + name],
                ["ls", "-o", dir + "/" + name],
            ] {
                let r = Run.dangan(args + ["--archive", path])
                XCTAssertEqual(r.code, 5, "\(args): \(r.both)")
                XCTAssertTrue(r.stderr.contains("replaces only regular files") && r.stderr.contains(name), r.stderr)
                XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
                XCTAssertEqual(Run.kind(dir + "/" + name), kind, "\(name) was replaced")
            }
        }
        XCTAssertEqual(Run.contents(dir + "/target.txt"), "keep me")
        // A regular file is replaced (0600); a new one is made; - is standard output.
        var r = Run.dangan(["export", dir + "/target.txt", "--archive", path])
        XCTAssertEqual(r.code, 0, r.both)
        let written = try XCTUnwrap(FileManager.default.contents(atPath: dir + "/target.txt"))
        XCTAssertEqual(Array(written.prefix(3)), [0xEF, 0xBB, 0xBF])  // the BOM Excel needs
        XCTAssertTrue(String(decoding: written, as: UTF8.self).contains("档案号,档案柜"))
        XCTAssertEqual(
            (try FileManager.default.attributesOfItem(atPath: dir + "/target.txt")[.posixPermissions] as? NSNumber)?
                .intValue, 0o600)
        r = Run.dangan(["report", "register", "-o", dir + "/new.txt", "--archive", path])
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(Run.contents(dir + "/new.txt").contains("借阅登记"), Run.contents(dir + "/new.txt"))
        // A command that fails leaves the -o file as it was.
        r = Run.dangan(["report", "file-list", "9-9999", "-o", dir + "/new.txt", "--archive", path])
        XCTAssertEqual(r.code, 4, r.both)
        XCTAssertTrue(Run.contents(dir + "/new.txt").contains("借阅登记"))
        r = Run.dangan(["report", "register", "-o", "-", "--archive", path])
        XCTAssertEqual(r.code, 0)
        XCTAssertEqual(r.stdout, Run.contents(dir + "/new.txt"))
        r = Run.dangan(["export", "-", "--archive", path])
        XCTAssertEqual(r.code, 0)
        XCTAssertEqual(Array(r.out.prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertTrue(
            r.stdout.contains("档案号,档案柜") && r.stderr.contains("exported 200 envelope(s) to standard output"), r.both)
        r = Run.dangan(["ls", "--json", "-o", dir + "/ls.json", "--archive", path])
        XCTAssertEqual(r.code, 0)
        XCTAssertNotNil(try? JSONSerialization.jsonObject(with: Data(Run.contents(dir + "/ls.json").utf8)))
    }

    /// Standard output on a full file system, and a pipe whose reader is gone: one line on
    /// standard error, status 5; never a crash, never status 0.
    func testStandardOutputErrorsGiveOneLineAndStatusFive() throws {
        let path = sample("stdout")
        let full = folder("full")
        guard Bin.run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", full]).0 == 0 else {
            throw XCTSkip("cannot mount a tmpfs here (not root?): the full-disk case is not tested")
        }
        defer { Bin.run("/bin/umount", [full]) }
        // Fill it.
        let filler = open(full + "/filler", O_WRONLY | O_CREAT, 0o600)
        var chunk = [UInt8](repeating: 0x61, count: 4096)
        while write(filler, &chunk, chunk.count) > 0 {}
        close(filler)
        for args in [
            ["ls", "A"], ["show", "1-201", "--json"], ["search", "zw"], ["report", "register"], ["loans", "--all"],
        ] {
            let fd = open(full + "/out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            let r = Run.dangan(args + ["--archive", path], stdoutFD: fd)
            close(fd)
            XCTAssertEqual(r.code, 5, "\(args): \(r.both)")
            XCTAssertEqual(
                r.stderr, "dangan: cannot write standard output: No space left on device (the output was lost)\n",
                "\(args)")
        }
        // A pipe whose reading end is closed before dangan starts: EPIPE, not SIGPIPE.
        for args in [["ls", "A"], ["show", "1-201", "--json"]] {
            var fds: [Int32] = [0, 0]
            XCTAssertEqual(pipe(&fds), 0)
            close(fds[0])
            let r = Run.dangan(args + ["--archive", path], stdoutFD: fds[1])
            close(fds[1])
            XCTAssertEqual(r.code, 5, "\(args): \(r.both)")
            XCTAssertEqual(r.stderr, "dangan: cannot write standard output: Broken pipe (the output was lost)\n")
        }
    }

    /// Each outcome has its status, from the one place that maps them (README lists them).
    func testExitStatuses() throws {
        let path = sample("status")
        let store = try ArchiveStore.open(path)
        let original = try store.envelope(id: store.envelopes[0].id).documents.first { $0.original }!
        let cases: [([String], Int32, String)] = [
            (["ls"], 0, ""),
            (["ls", "--no-such-option"], 2, "Unknown option '--no-such-option'"),
            (
                ["borrow", "1-201:1", "--to", "赵磊", "--purpose", "x", "--type", "forever"], 2,
                "'forever' is invalid for '--type"
            ),
            (["report", "register", "--month", "2026-13"], 2, "'2026-13' is invalid for '--month <YYYY-MM>'"),
            (["check", "A"], 2, "CABINET and --scanned go with --inventory"),
            (["envelope", "edit", "1-201", "--owner", ""], 2, "owner is required"),
            (["borrow", original.id, "--to", "赵磊", "--purpose", "x"], 3, "dangan: refused by rule original.in-room"),
            (["show", "9-9999"], 4, "not found: envelope 9-9999"),
            (["check", "--inventory"], 1, "盘点"),
            (["--help"], 0, "OVERVIEW"),
        ]
        for (args, code, text) in cases {
            let r = Run.dangan(args + ["--archive", path])
            XCTAssertEqual(r.code, code, "\(args): \(r.both)")
            XCTAssertTrue(text.isEmpty || r.both.contains(text), "\(args): \(r.both)")
        }
        // A refusal is printed once, on standard error.
        let r = Run.dangan(["borrow", original.id, "--to", "赵磊", "--purpose", "x", "--archive", path])
        XCTAssertEqual(r.stderr.components(separatedBy: "refused by rule").count, 2, r.stderr)
        XCTAssertEqual(r.stdout, "")
    }
}
