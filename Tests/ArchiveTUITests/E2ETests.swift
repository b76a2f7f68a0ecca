import Foundation
import XCTest
import TestSupport
@testable import ArchiveModel
@testable import ArchiveTUI

/// Drives the real `dangan` in tmux (send-keys / capture-pane) with LANG=C.UTF-8 at a fixed
/// size, polling the screen instead of sleeping.
final class TmuxSession {
    let socket: String
    let name = "e2e"
    init() { socket = "dangan-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))" }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs a tmux client through the shell (popen), reading its output; tmux's server daemon
    /// never sees our pipe because new-session's output goes to /dev/null.
    @discardableResult
    func tmux(_ args: [String], quiet: Bool = false) -> (Int32, String) {
        let cmd = (["tmux", "-L", socket] + args).map(TmuxSession.quote).joined(separator: " ") + (quiet ? " >/dev/null 2>&1 </dev/null" : " 2>&1")
        guard let f = popen(cmd, "r") else { return (-1, "") }
        var out = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            out.append(contentsOf: buf[0..<n])
        }
        let status = pclose(f)
        return (status, String(decoding: out, as: UTF8.self))
    }

    func start(archive: String, width: Int, height: Int, env: [String: String] = [:]) {
        var vars = ["LANG=C.UTF-8", "LC_ALL=", "TERM=xterm-256color", "NO_COLOR="]
        for (k, v) in TestClock.environment where env[k] == nil { vars.append("\(k)=\(v)") }
        for (k, v) in env { vars.append("\(k)=\(v)") }
        let cmd = "env \(vars.joined(separator: " ")) '\(Bin.dangan)' --archive '\(archive)'; echo EXITED:$?; sleep 600"
        tmux(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", cmd], quiet: true)
        tmux(["set-option", "-t", name, "window-size", "manual"])
    }

    func capture() -> String { tmux(["capture-pane", "-t", name, "-p"]).1 }

    func keys(_ k: String...) { tmux(["send-keys", "-t", name] + k) }
    /// Literal text, Chinese included (as an input method commits it).
    func type(_ text: String) { tmux(["send-keys", "-t", name, "-l", text]) }

    func resize(_ w: Int, _ h: Int) { tmux(["resize-window", "-t", name, "-x", "\(w)", "-y", "\(h)"]) }

    /// Polls the screen until `pred` holds; fails with the last screen after `timeout` seconds.
    @discardableResult
    func waitFor(_ what: String, timeout: Double = 10, file: StaticString = #filePath, line: UInt = #line, _ pred: (String) -> Bool) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = capture()
            if pred(screen) { return screen }
            usleep(30_000)
        }
        XCTFail("timed out waiting for \(what); screen:\n\(screen)", file: file, line: line)
        return screen
    }

    @discardableResult
    func waitFor(_ text: String, timeout: Double = 10, file: StaticString = #filePath, line: UInt = #line) -> String {
        waitFor("'\(text)'", timeout: timeout, file: file, line: line) { $0.contains(text) }
    }

    func kill() {
        tmux(["kill-server"], quiet: true)
        // tmux leaves the socket file behind; remove it so test runs do not pile them up in /tmp.
        let dir = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(dir)/tmux-\(getuid())/\(socket)")
    }
}

final class E2ETests: XCTestCase {
    override func setUpWithError() throws {
        guard TmuxSession().tmux(["-V"]).0 == 0 else { throw XCTSkip("tmux is not installed") }
    }

    func testBrowseSearchBorrowLoansReturnResizeQuitAt100x30() throws {
        let path = Bin.sampleCopy("e2e")
        let t = TmuxSession()
        defer { t.kill() }
        t.start(archive: path, width: 100, height: 30)
        t.waitFor("Cabinets (3)")
        t.waitFor("Envelopes A (68)")
        // Move to an envelope.
        t.keys("l", "j")
        t.waitFor("Envelope KH-")
        // Search by typing Chinese, then jump.
        t.keys("/")
        t.waitFor("Find owner")
        t.type("欧阳")
        t.waitFor("search results") { $0.contains("1-201") && $0.contains("欧阳明") && $0.contains("/ 欧阳") }
        t.keys("Enter")
        var s = t.waitFor("jump to 欧阳明") { $0.contains("Envelope KH-2019-00001  欧阳明") }
        XCTAssertTrue(s.contains("Place: A柜 → 1栋 → 2层 → 201"))
        // Borrow the first lendable copy through the form.
        let store = try ArchiveStore.open(path)
        let env = try store.envelope(id: try store.resolveEnvelope("1-201"))
        let idx = env.documents.firstIndex { !$0.original && $0.secrecy == .none && store.register.openByDocument[$0.id] == nil }!
        t.keys("l")
        for _ in 0..<idx { t.keys("j") }
        t.waitFor("the copy selected") { $0.contains("copy  ") && $0.contains(env.documents[idx].id) }
        t.keys("b")
        t.waitFor("Check out")
        t.type("赵磊"); t.keys("Tab"); t.type("客服部"); t.keys("Tab"); t.type("核对业主信息")
        t.waitFor("the rule asks for an approver") { $0.contains("[group.customer]") && $0.contains("Refused") }
        t.keys("Tab", "Tab"); t.type("王建国")
        t.waitFor("[group.customer]") { $0.contains("Due ") }
        t.keys("Enter")
        s = t.waitFor("Lent 1")
        XCTAssertTrue(s.contains("copy out"), s)
        // The loans register shows it; Enter jumps back to the document.
        t.keys("L")
        s = t.waitFor("Loans register")
        XCTAssertTrue(s.contains("1-201 欧阳明"))
        XCTAssertTrue(s.contains("OVERDUE"))
        t.keys("Escape")
        t.waitFor("the panes") { $0.contains("Documents (") && !$0.contains("Loans register") }
        // Return it, complete.
        t.keys("r")
        t.waitFor("Return")
        t.keys("Enter")
        s = t.waitFor("Returned 1")
        XCTAssertFalse(s.contains("copy out"))
        XCTAssertTrue(try ArchiveStore.open(path).register.openByDocument[env.documents[idx].id] == nil)
        // Resize to 60×20 and back.
        t.resize(60, 20)
        s = t.waitFor("two panes") { $0.contains("Documents (") && !$0.contains("Cabinets (") }
        for l in s.split(separator: "\n") { XCTAssertLessThanOrEqual(TextWidth.width(String(l)), 60) }
        t.resize(100, 30)
        t.waitFor("three panes") { $0.contains("Cabinets (3)") && $0.contains("Documents (") }
        // Quit: the terminal is restored (the shell's output, no UI left).
        t.keys("q")
        s = t.waitFor("EXITED:0")
        XCTAssertFalse(s.contains("Cabinets ("))
    }

    /// Issue 16: an incomplete return in the real UI opens an incident, flagged in the panes
    /// and listed by `dangan report incidents` for the leadership.
    func testIncompleteReturnOpensAnIncidentSeenInThePanesAndTheReport() throws {
        let path = Bin.sampleCopy("e2e-incident")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try ArchiveStore.open(path)
        let env = try store.envelope(id: try store.resolveEnvelope("1-201"))
        let idx = env.documents.firstIndex { !$0.original && $0.secrecy == .none && store.register.openByDocument[$0.id] == nil }!
        let doc = env.documents[idx]
        XCTAssertEqual(Bin.run(Bin.dangan, ["borrow", doc.id, "--to", "赵磊", "--purpose", "核对", "--approver", "王建国", "--archive", path]).0, 0)
        let t = TmuxSession()
        defer { t.kill() }
        t.start(archive: path, width: 100, height: 30)
        t.waitFor("Cabinets (3)")
        t.keys("/"); t.waitFor("Find owner")
        t.type("欧阳明")
        t.waitFor("search results") { $0.contains("1-201") && $0.contains("/ 欧阳明") }
        t.keys("Enter")
        t.waitFor("jump to 欧阳明") { $0.contains("Envelope KH-2019-00001  欧阳明") }
        t.keys("l")
        for _ in 0..<idx { t.keys("j") }
        t.waitFor("the copy selected") { $0.contains(doc.id) && $0.contains("copy out") }
        t.keys("r")
        t.waitFor("Return")
        t.keys("Right", "Tab"); t.type("缺第3页"); t.keys("Enter")
        var s = t.waitFor("incomplete: an incident is open")
        XCTAssertTrue(s.contains("copy incomplete in"), s)                                   // the document, flagged
        s = t.waitFor("Open incident")                                                       // its detail
        XCTAssertTrue(s.contains("incomplete — 缺第3页"), s)
        t.keys("h")
        t.waitFor("the envelope's mark (!)") { $0.split(separator: "\n").contains { $0.contains("1-201 欧阳明") && $0.contains("!") } }
        t.keys("q")
        t.waitFor("EXITED:0")
        let inc = try XCTUnwrap(try ArchiveStore.open(path).register.incidents.last)
        let (code, out) = Bin.run(Bin.dangan, ["report", "incidents", "--archive", path])
        XCTAssertEqual(code, 0, out)
        XCTAssertTrue(out.contains(inc.id) && out.contains("不完整") && out.contains("缺第3页") && out.contains("赵磊") && out.contains("未结"), out)
    }

    func testPinyinSearchAndTinyTerminalAt80x24() throws {
        let path = Bin.sampleCopy("e2e80")
        let t = TmuxSession()
        defer { t.kill() }
        t.start(archive: path, width: 80, height: 24)
        let s = t.waitFor("Cabinets (3)")
        XCTAssertTrue(s.contains("Documents ("))
        t.keys("/")
        t.type("shanlh")
        t.waitFor("单丽华")
        t.keys("Enter")
        t.waitFor("Envelope KH-") { $0.contains("单丽华  [active]") }
        // A barcode scanner: the characters and Enter in one burst jump to the envelope.
        let store = try ArchiveStore.open(path)
        let target = store.envelopes[170]
        t.keys(target.barcode, "Enter")
        t.waitFor("Scanned: \(target.barcode)")
        t.waitFor("the scanned envelope") { $0.contains("Envelope \(target.number)") }
        t.resize(30, 10)
        t.waitFor("Terminal too small")
        t.resize(80, 24)
        t.waitFor("Cabinets (3)")
        t.keys("?")
        t.waitFor("borrow the selected document")
        t.keys("x")
        // Reports menu → outstanding loans → scroll sideways → back; inventory of the cabinet.
        t.keys("R")
        t.waitFor("Outstanding loans")
        t.keys("Enter")
        // (Wait for the whole report: a capture can land while the terminal is still drawing it.)
        t.waitFor("the outstanding report with its overdue row") { $0.contains("未归还档案清单") && $0.contains("逾期") }
        t.keys("Escape")
        t.waitFor("the panes") { $0.contains("Cabinets (3)") }
        t.keys("I")
        t.waitFor("档案盘点报告")
        t.keys("Escape")
        t.waitFor("the panes") { $0.contains("Cabinets (3)") }
        XCTAssertEqual(try ArchiveStore.open(path).register.paperwork.inventories.count, 1)
        t.keys("q")
        t.waitFor("EXITED:0")
    }
}
