import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel
@testable import ArchiveTUI

final class ProgressTests: XCTestCase {
    func testMeterLine() {
        XCTAssertEqual(
            ProgressMeter.line(label: "generating", done: 420_000, total: 1_000_000, seconds: 227),
            "generating  420,000/1,000,000  42%  1,850/s  5 min 14 s left")
        XCTAssertEqual(
            ProgressMeter.line(label: "reading", done: 10, total: 10, seconds: 2), "reading  10/10  100%  5/s")
        XCTAssertEqual(ProgressMeter.line(label: "importing", done: 0, total: 7, seconds: 0), "importing  0/7  0%")
        XCTAssertEqual(ProgressMeter.line(label: "checking", done: 0, total: 0, seconds: 3), "checking …")
        XCTAssertEqual(ProgressMeter.duration(7300), "2 h 1 min")
    }

    /// The model's long work counts up to its total: checking every file, exporting, the
    /// inventory, a report, the index build.
    func testWorkProgressReachesTheTotal() throws {
        let path = try sampleArchive()
        let p = WorkProgress()
        _ = try Integrity.check(path, progress: p)
        // Each envelope twice: compared with the journal, then read for its documents.
        XCTAssertEqual(p.snapshot, .init(done: 400, total: 400, finished: true))
        let store = try ArchiveStore.open(path)
        let e = WorkProgress()
        _ = try SpreadsheetIO.export(store, progress: e)
        XCTAssertEqual(e.snapshot.done, e.snapshot.total)
        XCTAssertEqual(e.snapshot.total, store.envelopes.count)
        let i = WorkProgress()
        _ = try Inventory.run(store, cabinet: "A", progress: i)
        XCTAssertEqual(i.snapshot, .init(done: 68, total: 68, finished: true))
        let s = WorkProgress()
        SearchEngine(store: store, persist: false, progress: s).rebuild()
        XCTAssertEqual(s.snapshot.total, 600)
        XCTAssertTrue(s.snapshot.finished)
        final class Seen: @unchecked Sendable {
            let lock = NSLock()
            var values: [Int] = []
        }
        let seen = Seen()
        let r = WorkProgress { snap in
            seen.lock.lock()
            seen.values.append(snap.done)
            seen.lock.unlock()
        }
        _ = try Reports.build(.outstanding, store: store, month: nil, target: nil, progress: r)
        XCTAssertEqual(r.snapshot.done, store.register.open.count)
        XCTAssertEqual(seen.values.first, 0)
        // A sync's steps: commit, fetch, merge, push (to a local hub).
        let hub = path + "-hub.git"
        removeAtEnd(hub)
        XCTAssertEqual(Bin.run("/usr/bin/git", ["init", "-q", "--bare", "-b", "main", hub]).0, 0)
        store.operatorName = "李敏"
        let g = WorkProgress()
        let report = try store.sync(remote: hub, progress: g)
        XCTAssertTrue(report.pushed)
        XCTAssertEqual(g.snapshot, .init(done: 4, total: 4, finished: true))
    }

    /// A meter on a terminal; nothing when standard error is a pipe or with --quiet.
    func testMeterOnATerminalOnlyAndNotWithQuiet() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            throw XCTSkip("script(1) is not installed")
        }
        let dir = NSTemporaryDirectory() + "dangan-progress-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let (_, piped) = Bin.run(Bin.dangan, ["generate", dir + "/a", "--envelopes", "200", "--now", TestClock.text])
        XCTAssertFalse(piped.contains("generating"), piped)
        XCTAssertFalse(piped.contains("\u{1b}[K"))
        func underTerminal(_ args: [String]) -> String {
            let cmd = ([Bin.dangan] + args).map { "'" + $0 + "'" }.joined(separator: " ")
            return Bin.run("/usr/bin/script", ["-qec", cmd, "/dev/null"], env: ["TERM": "xterm"]).1
        }
        let shown = underTerminal(["generate", dir + "/b", "--envelopes", "200", "--now", TestClock.text])
        XCTAssertTrue(shown.contains("generating  200/200  100%"), shown)
        XCTAssertTrue(shown.contains("Generated 200 envelopes"))
        let quiet = underTerminal(["generate", dir + "/c", "--envelopes", "200", "--now", TestClock.text, "--quiet"])
        XCTAssertFalse(quiet.contains("generating"), quiet)
        let check = underTerminal(["check", "--archive", dir + "/b"])
        XCTAssertTrue(check.contains("reading every file  400/400  100%"), check)
    }
}
