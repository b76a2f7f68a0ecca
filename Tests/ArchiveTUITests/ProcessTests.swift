import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// Tests that run the real `dangan` binary: crash consistency, two processes, and the
/// terminal UI in tmux.
enum Bin {
    static var dangan: String {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for c in [
            dir.appendingPathComponent("dangan").path,
            dir.deletingLastPathComponent().appendingPathComponent("dangan").path,
        ]
        where FileManager.default.isExecutableFile(atPath: c) { return c }
        return dir.appendingPathComponent("dangan").path
    }

    @discardableResult
    static func run(_ exe: String, _ args: [String], env: [String: String] = [:]) -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        var e = ProcessInfo.processInfo.environment
        for (k, v) in TestClock.environment where e[k] == nil { e[k] = v }
        for (k, v) in env { e[k] = v }
        p.environment = e
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try! p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func sampleCopy(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "dangan-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let now = TestClock.now
        _ = try! Generator(envelopes: 200, seed: 20_261_120, now: now).write(to: path)
        return path
    }
}

final class ProcessTests: XCTestCase {
    /// Copies with no secrecy that are in the envelope, for loan traffic.
    func lendable(_ path: String, count: Int) throws -> [String] {
        let s = try ArchiveStore.open(path)
        var out: [String] = []
        for e in s.envelopes {
            for d in try s.envelope(id: e.id).documents
            where !d.original && d.secrecy == .none && s.register.openByDocument[d.id] == nil {
                out.append(d.id)
                if out.count == count { return out }
            }
        }
        return out
    }

    /// Crash consistency: a child shell runs a stream of writes (borrow, return, envelope edit,
    /// import) through the real binary and is SIGKILLed, with the dangan it is running, at a
    /// random moment; hundreds of times. After each kill the archive opens, `check` is clean and
    /// every write the child reported as done is there. DANGAN_CRASH_ROUNDS sets the budget.
    func testKilledWriterNeverLeavesATornFileOrLosesAnAcknowledgedWrite() throws {
        let path = Bin.sampleCopy("kill")
        let docs = try lendable(path, count: 4)
        let store0 = try ArchiveStore.open(path)
        let editEnv = store0.envelopes[5].id
        let rounds = Int(ProcessInfo.processInfo.environment["DANGAN_CRASH_ROUNDS"] ?? "") ?? 200
        var loans: [String] = []  // acknowledged loans
        var returns: [String] = []  // documents whose acknowledged return closed a loan
        var lastEdit = -1  // highest acknowledged edit counter
        var imported: [String] = []  // envelope numbers acknowledged as imported
        var checks = 0
        var kills = 0
        let script = """
            i=$1; while true; do i=$((i+1))
              "$0" borrow $2 --to 赵磊 --purpose 核对 --approver 王建国 --archive $3 2>/dev/null | grep '^loan '
              "$0" return $2 --archive $3 >/dev/null 2>&1 && echo "returned $2"
              "$0" envelope edit $4 --note "edit-$i" --archive $3 >/dev/null 2>&1 && echo "edit $i"
              printf 'number,cabinet,building,floor,unit,owner\nIMP-%s,A,1,1,199,导入%s\n' "$i" "$i" > $3.in-$i.csv
              "$0" import $3.in-$i.csv --archive $3 >/dev/null 2>&1 && echo "imported IMP-$i"
            done
            """
        for round in 0..<rounds {
            let doc = docs[round % docs.count]
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", script, Bin.dangan, "\(round * 1000)", doc, path, editEnv]
            p.environment = ProcessInfo.processInfo.environment.merging(TestClock.environment) { old, _ in old }
            let pipe = Pipe()
            p.standardOutput = pipe
            try p.run()
            usleep(UInt32.random(in: 20_000...300_000))
            // Freeze the shell, SIGKILL the dangan it is running (mid-write, at a random moment), then the shell.
            kill(p.processIdentifier, SIGSTOP)
            Bin.run("/usr/bin/pkill", ["-KILL", "-P", "\(p.processIdentifier)"])
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            kills += 1
            for line in String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(
                separator: "\n")
            {
                let w = line.split(separator: " ").map(String.init)
                guard w.count == 2 else { continue }
                switch w[0] {
                case "loan": loans.append(w[1])
                case "returned": returns.append(w[1])
                case "edit": lastEdit = max(lastEdit, Int(w[1]) ?? -1)
                case "imported": imported.append(w[1])
                default: break
                }
            }
            // After every kill: the archive opens (bringing files up to date from the journal) and
            // every acknowledged write is there; every tenth kill and the last, the full check
            // (every chain verified, every file compared with the journal) is clean too.
            let store: ArchiveStore
            if round % 10 == 9 || round == rounds - 1 {
                let (checked, problems) = try Integrity.check(path)
                XCTAssertEqual(problems, [], "round \(round)")
                store = checked
                checks += 1
            } else {
                store = try ArchiveStore.open(path)
                XCTAssertEqual(store.problems, [], "round \(round)")
            }
            for l in loans { XCTAssertNotNil(store.register.records[l], "lost loan \(l)") }
            for d in returns {
                XCTAssertTrue(
                    store.register.loans.contains { $0.loan.documents.contains(d) && $0.returnedDocuments.contains(d) },
                    "lost return of \(d)")
            }
            if lastEdit >= 0 {
                let note = try store.envelope(id: editEnv).note
                XCTAssertGreaterThanOrEqual(
                    Int(note.dropFirst(5)) ?? -1, lastEdit, "lost edit \(lastEdit): note is \(note)")
            }
            for n in imported { XCTAssertNoThrow(try store.resolveEnvelope(n), "lost import \(n)") }
        }
        let verified = loans.count + returns.count + (lastEdit >= 0 ? 1 : 0) + imported.count
        print(
            """
            crash: \(kills) kills survived (\(checks) full checks), \(verified) acknowledged records verified \
            (\(loans.count) loans, \(returns.count) returns, last edit \(lastEdit), \(imported.count) imports)
            """
        )
        XCTAssertGreaterThan(loans.count, 0)
    }

    func testFourProcessesNeverLendADocumentTwice() throws {
        let path = Bin.sampleCopy("conc")
        let docs = try lendable(path, count: 2)
        let group = DispatchGroup()
        final class Counts: @unchecked Sendable {
            let lock = NSLock()
            var lent = 0, refused = 0
        }
        let counts = Counts()
        for w in 0..<4 {
            group.enter()
            DispatchQueue.global().async {
                for i in 0..<6 {
                    let d = docs[(w + i) % docs.count]
                    let (code, _) = Bin.run(
                        Bin.dangan,
                        ["borrow", d, "--to", "员工\(w)", "--purpose", "并发", "--approver", "王建国", "--archive", path])
                    counts.lock.lock()
                    if code == 0 { counts.lent += 1 } else { counts.refused += 1 }
                    counts.lock.unlock()
                    if i % 2 == 1 { Bin.run(Bin.dangan, ["return", d, "--archive", path]) }
                }
                group.leave()
            }
        }
        group.wait()
        let lent = counts.lent
        let refused = counts.refused
        let (store, problems) = try Integrity.check(path)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(store.register.anomalies, [])
        // Every successful borrow is in the register (7 loans came with the sample).
        XCTAssertEqual(store.register.order.count, 7 + lent)
        XCTAssertGreaterThan(lent, 0)
        print(
            "concurrency: \(lent + refused) borrows, \(refused) refused, \(store.register.order.count) loans verified")
    }

    func testCommandLine() throws {
        let path = Bin.sampleCopy("cli")
        var (code, out) = Bin.run(Bin.dangan, ["ls", "--archive", path])
        XCTAssertEqual(code, 0)
        XCTAssertTrue(out.contains("3 cabinets, 200 envelopes"))
        (code, out) = Bin.run(Bin.dangan, ["ls", "A/1/12", "--json", "--archive", path])
        let arr = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [[String: Any]]
        XCTAssertFalse(arr.isEmpty)
        for k in ["id", "number", "owner", "cabinet", "building", "floor", "unit"] { XCTAssertNotNil(arr[0][k], k) }
        (code, out) = Bin.run(Bin.dangan, ["show", "1-201", "--json", "--archive", path])
        let env = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        XCTAssertEqual(env["owner"] as? String, "欧阳明")
        let docs = env["documents"] as! [[String: Any]]
        for k in ["id", "kind", "title", "original", "secrecy", "state"] { XCTAssertNotNil(docs[0][k], k) }
        (code, out) = Bin.run(Bin.dangan, ["search", "oym", "--json", "--archive", path])
        XCTAssertTrue(out.contains("欧阳明"))
        // Text search: the first run opens the archive and saves the index; the next ones answer
        // from the saved index without opening the archive — the same lines — and see an edit
        // made by another process through the journal.
        let viaArchive = Bin.run(Bin.dangan, ["search", "zw", "--archive", path]).1
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "/.dangan/search.v1"))
        XCTAssertEqual(Bin.run(Bin.dangan, ["search", "zw", "--archive", path]).1, viaArchive)
        XCTAssertTrue(viaArchive.contains("initials"), viaArchive)
        (code, out) = Bin.run(Bin.dangan, ["envelope", "edit", "1-201", "--owner", "李雷", "--archive", path])
        XCTAssertEqual(code, 0, out)
        out = Bin.run(Bin.dangan, ["search", "lilei", "--archive", path]).1
        XCTAssertTrue(out.hasPrefix("1-201\t李雷\t"), out)
        XCTAssertTrue(out.contains("exact"), out)
        XCTAssertFalse(Bin.run(Bin.dangan, ["search", "oym", "--archive", path]).1.contains("1-201\t"))
        (code, out) = Bin.run(Bin.dangan, ["envelope", "edit", "1-201", "--owner", "欧阳明", "--archive", path])
        XCTAssertEqual(code, 0, out)
        // Refusal: an original cannot go out; exit 3 and the rule named.
        let original = docs.first { $0["original"] as? Bool == true }!["id"] as! String
        (code, out) = Bin.run(Bin.dangan, ["borrow", original, "--to", "赵磊", "--purpose", "x", "--archive", path])
        XCTAssertEqual(code, 3)
        XCTAssertTrue(out.contains("original.in-room"))
        (code, out) = Bin.run(Bin.dangan, ["loans", "--json", "--archive", path])
        let loans = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [[String: Any]]
        XCTAssertEqual(loans.count, 3)
        for k in ["id", "document", "borrower", "out", "due"] { XCTAssertNotNil(loans[0][k], k) }
        (code, _) = Bin.run(Bin.dangan, ["check", "--archive", path])
        XCTAssertEqual(code, 0)
        (code, out) = Bin.run(Bin.dangan, ["init", path + "/../x/../../etc-evil-\(getpid())", "--name", "n\u{1b}x"])
        XCTAssertNotEqual(code, 0)
        // No terminal: a clear message and a non-zero exit.
        (code, out) = Bin.run(Bin.dangan, ["--archive", path], env: ["TERM": ""])
        XCTAssertEqual(code, 2)
        XCTAssertTrue(out.contains("needs a terminal"), out)
    }
}
