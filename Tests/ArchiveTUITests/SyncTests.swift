import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// Several offices sharing one archive through a git hub, simulated on one machine: a bare hub
/// and clones, each with its own HOME (so its own desk) and its own clock, driven through the
/// real binary and the real `git`.
final class SyncTests: XCTestCase {
    struct Office {
        let name: String
        let path: String
        let home: String
        /// Minutes this office's clock is off (skewed clocks).
        let skew: Int
    }

    var root = ""
    var hub = ""
    var minute = 0

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/git") else {
            throw XCTSkip("git is not installed")
        }
        root = Run.tempFolder("sync")
        hub = root + "/hub.git"
        XCTAssertTrue(git(["init", "-q", "--bare", "-b", "main", hub], in: root).ok)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    struct G {
        var ok: Bool
        var out: String
    }
    final class Codes: @unchecked Sendable { var codes: [Int32] = [-1, -1] }

    @discardableResult
    func git(_ args: [String], in dir: String) -> G {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.environment = [
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "LC_ALL": "C", "PATH": "/usr/bin:/bin",
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
        ]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try! p.run()
        let d = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return G(ok: p.terminationStatus == 0, out: String(decoding: d, as: UTF8.self))
    }

    /// Now at an office: the test's clock, moved on a minute per action, plus the office's skew.
    func now(_ o: Office) -> String {
        minute += 1
        return TestClock.timeFormat.iso(TestClock.now.addingTimeInterval(Double(minute + o.skew) * 60))
    }

    @discardableResult
    func d(_ o: Office, _ args: [String], env: [String: String] = [:]) -> Run.Result {
        var e = ["HOME": o.home, "DANGAN_NOW": now(o), "XDG_DATA_HOME": o.home + "/data"]
        for (k, v) in env { e[k] = v }
        return Run.dangan(args + ["--archive", o.path], env: e)
    }

    func office(_ name: String, skew: Int, first: Bool = false) throws -> Office {
        let o = Office(name: name, path: root + "/" + name, home: root + "/home-" + name, skew: skew)
        try FileManager.default.createDirectory(atPath: o.home, withIntermediateDirectories: true)
        if first {
            let r = Run.dangan(["generate", o.path, "--envelopes", "40", "--seed", "7"], env: ["HOME": o.home])
            XCTAssertEqual(r.code, 0, r.both)
            let s = d(o, ["sync", "--remote", hub])
            XCTAssertEqual(s.code, 0, s.both)
        } else {
            XCTAssertTrue(git(["clone", "-q", hub, o.path], in: root).ok)
        }
        return o
    }

    func tree(_ o: Office) -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: o.path)!
        while let f = e.nextObject() as? String {
            if f.hasPrefix(".git") || f.hasPrefix(".dangan") { continue }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: o.path + "/" + f, isDirectory: &isDir), !isDir.boolValue {
                out[f] = FileManager.default.contents(atPath: o.path + "/" + f)
            }
        }
        return out
    }

    struct Conflict: Decodable, Equatable {
        var id: String
        var kind: String
        var resolved: Bool
    }
    func conflicts(_ o: Office, all: Bool = false) -> [Conflict] {
        let r = d(o, ["conflicts", "list", "--json"] + (all ? ["--all"] : []))
        return (try? JSONDecoder().decode([Conflict].self, from: Data(r.out))) ?? []
    }

    /// Random operations at three offices with random sync orders — racing pushes, a kill
    /// between commit and push, skewed clocks — converge once syncing stops: every office has the
    /// same tree and the same conflicts, `check` is clean, and every entry ever appended is there.
    /// A double loan and a field edited at two desks are detected, shown, block lending, and are
    /// resolved with an entry naming who and why.
    func testOfficesConvergeAndConflictsAreFoundShownBlockedAndResolved() throws {
        let a = try office("A", skew: 0, first: true)
        let b = try office("B", skew: -180)  // three hours behind
        let c = try office("C", skew: 95)
        let offices = [a, b, c]
        // Documents and envelopes the operations pick from (the same at every office).
        let store = try ArchiveStore.open(a.path)
        var docs: [String] = []
        for s in store.envelopes.prefix(12) {
            for doc in try store.envelope(id: s.id).documents where !doc.original && doc.secrecy == .none {
                if store.register.openByDocument[doc.id] == nil { docs.append(doc.id) }
                break
            }
        }
        let envs = store.envelopes.prefix(4).map { $0.id }
        XCTAssertGreaterThanOrEqual(docs.count, 4)
        var g = SeededGenerator(
            seed: UInt64(ProcessInfo.processInfo.environment["DANGAN_SYNC_SEED"] ?? "") ?? 20_261_201)
        func pick<T>(_ xs: [T]) -> T { xs[Int(g.next() % UInt64(xs.count))] }
        // A sure double loan and a sure field conflict, then random work.
        XCTAssertEqual(d(b, ["sync"]).code, 0)
        XCTAssertEqual(d(c, ["sync"]).code, 0)
        XCTAssertEqual(d(a, ["borrow", docs[0], "--to", "赵磊", "--purpose", "A", "--approver", "王建国"]).code, 0)
        XCTAssertEqual(d(b, ["borrow", docs[0], "--to", "刘洋", "--purpose", "B", "--approver", "王建国"]).code, 0)
        XCTAssertEqual(d(a, ["envelope", "edit", envs[0], "--note", "A写的"]).code, 0)
        XCTAssertEqual(d(c, ["envelope", "edit", envs[0], "--note", "C写的"]).code, 0)
        for o in [a, b, c, a, b] { XCTAssertEqual(d(o, ["sync"]).code, 0) }
        // Found at every office, shown, and blocking: the document is neither returned nor lent,
        // the note not edited, until a person decides.
        let first = conflicts(a)
        XCTAssertTrue(first.contains { $0.kind == "loan.double" } && first.contains { $0.kind == "field" }, "\(first)")
        for o in [b, c] { XCTAssertEqual(conflicts(o), first, o.name) }
        for o in offices {
            let r1 = d(o, ["return", docs[0]])
            let r2 = d(o, ["borrow", docs[0], "--to", "陈静", "--purpose", "x", "--approver", "王建国"])
            let r3 = d(o, ["envelope", "edit", envs[0], "--note", "再改"])
            for r in [r1, r2, r3] {
                XCTAssertEqual(r.code, 3, r.both)
                XCTAssertTrue(r.stderr.contains("dispute.open"), r.both)
            }
        }
        XCTAssertTrue(d(a, ["conflicts", "list"]).stdout.contains("--keep loan-"))
        var ops = 0
        var syncs = 0
        var races = 0
        var killed = 0
        for step in 0..<36 {
            let o = pick(offices)
            switch g.next() % 7 {
            case 0, 1:
                let r = d(
                    o, ["borrow", pick(docs), "--to", pick(["赵磊", "刘洋"]), "--purpose", "核对", "--approver", "王建国"])
                XCTAssertTrue([0, 3].contains(r.code), r.both)
            case 2:
                let r = d(o, ["return", pick(docs)])
                XCTAssertTrue([0, 3].contains(r.code), r.both)
            case 3:
                // Refused (3) while the note is in a conflict this office has seen.
                let r = d(o, ["envelope", "edit", pick(envs), "--note", "\(o.name)\(step)"])
                XCTAssertTrue([0, 3].contains(r.code), r.both)
            case 4:
                let r = d(
                    o,
                    [
                        "document", "add", pick(envs), "--kind", "沟通记录", "--title", "\(o.name)沟通\(step)", "--date",
                        "2026-01-02",
                    ])
                XCTAssertEqual(r.code, 0, r.both)
            case 5:
                // Two offices sync at once: one push is refused, fetched, merged and pushed again.
                let other = pick(offices.filter { $0.name != o.name })
                let group = DispatchGroup()
                let box = Codes()
                let e1 = ["HOME": o.home, "DANGAN_NOW": now(o)]
                let e2 = ["HOME": other.home, "DANGAN_NOW": now(other)]
                let p1 = o.path
                let p2 = other.path
                DispatchQueue.global().async(group: group) {
                    box.codes[0] = Run.dangan(["sync", "--archive", p1], env: e1).code
                }
                DispatchQueue.global().async(group: group) {
                    box.codes[1] = Run.dangan(["sync", "--archive", p2], env: e2).code
                }
                group.wait()
                XCTAssertEqual(box.codes, [0, 0])
                races += 1
            default:
                if killed == 0 && step > 10 {
                    // Killed between its commit and its push: the next sync pushes.
                    let r = d(o, ["sync"], env: ["DANGAN_FAILPOINT": "sync-after-commit"])
                    XCTAssertEqual(r.code, 137, r.both)
                    killed += 1
                } else {
                    XCTAssertEqual(d(o, ["sync"]).code, 0)
                }
                syncs += 1
            }
            ops += 1
        }
        // Syncing stops after two quiet rounds.
        for _ in 0..<2 {
            for o in offices {
                let r = d(o, ["sync"])
                XCTAssertEqual(r.code, 0, r.both)
            }
        }
        let heads = offices.map { git(["rev-parse", "HEAD"], in: $0.path).out }
        XCTAssertEqual(Set(heads).count, 1, "\(heads)")
        XCTAssertEqual(git(["rev-parse", "main"], in: hub).out, heads[0])
        let t0 = tree(a)
        for o in [b, c] { XCTAssertEqual(tree(o), t0, "\(o.name)'s tree differs from A's") }
        let open = conflicts(a)
        XCTAssertFalse(open.isEmpty)
        for o in [b, c] { XCTAssertEqual(conflicts(o), open) }
        for o in offices {
            let r = d(o, ["check"])
            XCTAssertEqual(r.code, 0, "\(o.name): \(r.both)")
        }
        // Every entry ever appended is in the hub's history and in every copy.
        let entries = Set(
            FileManager.default.enumerator(atPath: a.path + "/journal")!.compactMap { $0 as? String }.filter {
                $0.hasSuffix(".json")
            })
        let hubFiles = Set(
            git(["ls-tree", "-r", "--name-only", "main", "journal"], in: hub).out.split(separator: "\n").map {
                String($0.dropFirst(8))
            })
        XCTAssertEqual(entries, hubFiles)
        // Resolve every conflict at B, keeping its first side (deciding one double loan may end
        // another: the loans not kept are voided); the others learn it by sync.
        struct Full: Decodable {
            var id: String
            var kind: String
            var envelope: String?
            var sides: [Side]
            struct Side: Decodable {
                var entry: String
                var loan: String?
            }
        }
        var decided = 0
        var doubleLoanEnvelope: String?
        while let f = try JSONDecoder().decode([Full].self, from: Data(d(b, ["conflicts", "list", "--json"]).out))
            .first, decided < 20
        {
            let keep = f.kind == "loan.double" ? f.sides[0].loan! : f.sides[0].entry
            if f.kind == "loan.double" { doubleLoanEnvelope = f.envelope }
            let r = d(b, ["conflicts", "resolve", f.id, "--keep", keep, "--reason", "核对原件后确认"])
            XCTAssertEqual(r.code, 0, r.both)
            decided += 1
        }
        for _ in 0..<2 { for o in offices { XCTAssertEqual(d(o, ["sync"]).code, 0) } }
        for o in offices {
            XCTAssertEqual(conflicts(o), [], o.name)
            XCTAssertEqual(d(o, ["check"]).code, 0)
        }
        XCTAssertEqual(tree(b), tree(a))
        XCTAssertEqual(tree(c), tree(a))
        let resolved = conflicts(c, all: true)
        XCTAssertTrue(resolved.allSatisfy { $0.resolved } && resolved.count == decided, "\(resolved)")
        // The decision on a double loan is in the envelope's history, at every office.
        // (A double loan is among the first conflicts, and only deciding a double loan ends one.)
        let env = try XCTUnwrap(doubleLoanEnvelope, "no double loan was decided")
        struct H: Decodable {
            var action: String
            var note: String
            var desk: String
        }
        let h = try JSONDecoder().decode([H].self, from: Data(d(c, ["history", env, "--json"]).out))
        XCTAssertTrue(
            h.contains { $0.action == "resolve" && $0.note.contains("核对原件后确认") && $0.note.contains("作废") }, "\(h)")
        print(
            """
            sync: \(ops) operations at 3 offices, \(syncs) syncs, \(races) racing pairs, \(killed) killed \
            before its push; \(open.count) conflicts found, resolved, converged
            """
        )
    }

    /// A copy of an office folder made with `cp -r` gets a desk of its own on its first change;
    /// a copy forced to write as the same desk is a fork that `check` reports.
    func testCopiedFolderGetsItsOwnDeskAndAForcedCopyIsAFork() throws {
        let a = try office("A", skew: 0, first: true)
        let copy = Office(name: "copy", path: root + "/copy", home: a.home, skew: 0)
        XCTAssertTrue(git(["clone", "-q", hub, root + "/unused"], in: root).ok)  // the hub is shared
        // cp -r, then a change in the copy.
        let cp = Process()
        cp.executableURL = URL(fileURLWithPath: "/bin/cp")
        cp.arguments = ["-r", a.path, copy.path]
        try cp.run()
        cp.waitUntilExit()
        let env = try ArchiveStore.open(a.path).envelopes[0].id
        XCTAssertEqual(d(copy, ["envelope", "edit", env, "--note", "副本"]).code, 0)
        struct Desk: Decodable {
            var id: String
            var this: Bool
            var copiedFrom: String?
        }
        let desks = try JSONDecoder().decode([Desk].self, from: Data(d(copy, ["desks", "--json"]).out))
        let mine = try XCTUnwrap(desks.first { $0.this })
        let original = try XCTUnwrap(desks.first { !$0.this })
        XCTAssertEqual(mine.copiedFrom, original.id)
        // A forced copy: its desk file made to claim the copy's folder, so it writes as A's desk.
        let forced = Office(name: "forced", path: root + "/forced", home: a.home, skew: 0)
        let cp2 = Process()
        cp2.executableURL = URL(fileURLWithPath: "/bin/cp")
        cp2.arguments = ["-r", a.path, forced.path]
        try cp2.run()
        cp2.waitUntilExit()
        var st = stat()
        stat(forced.path, &st)
        let deskFile = forced.path + "/.dangan/desk.json"
        var json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: deskFile))) as! [String: Any]
        json["inode"] = Int(st.st_ino)
        json["device"] = Int(st.st_dev)
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: deskFile))
        XCTAssertEqual(d(forced, ["envelope", "edit", env, "--note", "强制副本"]).code, 0)
        XCTAssertEqual(d(a, ["envelope", "edit", env, "--note", "原件"]).code, 0)
        XCTAssertEqual(d(a, ["sync"]).code, 0)
        let r = d(forced, ["sync"])
        XCTAssertEqual(r.code, 0, r.both)
        let ch = d(forced, ["check"])
        XCTAssertEqual(ch.code, 1, ch.both)
        XCTAssertTrue(ch.stdout.contains("fork"), ch.stdout)
    }

    /// A `git pull` made by hand is picked up at the next open: the other office's entries are
    /// folded, its files shown, its new envelope found.
    func testAPullMadeByHandIsPickedUp() throws {
        let a = try office("A", skew: 0, first: true)
        let b = try office("B", skew: 0)
        XCTAssertEqual(d(b, ["ls"]).code, 0)  // B opened once: its checkpoint exists
        let r = d(
            a,
            [
                "envelope", "add", "--cabinet", "A", "--building", "1", "--floor", "9", "--unit", "999",
                "--owner", "新业主", "--number", "KH-2026-99999", "--barcode", "DA9999",
            ])
        XCTAssertEqual(r.code, 0, r.both)
        let env = try ArchiveStore.open(a.path).envelopes[0].id
        XCTAssertEqual(d(a, ["envelope", "edit", env, "--owner", "改过的"]).code, 0)
        XCTAssertEqual(d(a, ["sync"]).code, 0)
        XCTAssertTrue(git(["pull", "-q", "--no-rebase", "origin", "main"], in: b.path).ok)
        XCTAssertTrue(d(b, ["show", "KH-2026-99999"]).stdout.contains("新业主"))
        XCTAssertTrue(d(b, ["ls", "A"]).stdout.contains("改过的"))
        XCTAssertTrue(d(b, ["search", "gaiguo"]).stdout.contains("改过的"))
        XCTAssertEqual(d(b, ["check"]).code, 0)
    }
}
