import Foundation
import TestSupport
import XCTest

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
        let cmd =
            (["tmux", "-L", socket] + args).map(TmuxSession.quote).joined(separator: " ")
            + (quiet ? " >/dev/null 2>&1 </dev/null" : " 2>&1")
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

    func start(archive: String?, width: Int, height: Int, env: [String: String] = [:]) {
        var vars = ["LANG=C.UTF-8", "LC_ALL=", "TERM=xterm-256color", "NO_COLOR="]
        for (k, v) in TestClock.environment where env[k] == nil { vars.append("\(k)=\(v)") }
        for (k, v) in env { vars.append("\(k)=\(v)") }
        let arg = archive.map { " --archive '\($0)'" } ?? ""
        let cmd = "env \(vars.joined(separator: " ")) '\(Bin.dangan)'\(arg); echo EXITED:$?; sleep 600"
        tmux(
            ["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", cmd], quiet: true)
        tmux(["set-option", "-t", name, "window-size", "manual"])
    }

    func capture() -> String { tmux(["capture-pane", "-t", name, "-p"]).1 }
    /// The screen with its attributes as SGR escape sequences.
    func captureWithAttributes() -> String { tmux(["capture-pane", "-t", name, "-p", "-e"]).1 }

    func keys(_ k: String...) { tmux(["send-keys", "-t", name] + k) }
    /// Literal text, Chinese included (as an input method commits it).
    func type(_ text: String) { tmux(["send-keys", "-t", name, "-l", text]) }

    func resize(_ w: Int, _ h: Int) { tmux(["resize-window", "-t", name, "-x", "\(w)", "-y", "\(h)"]) }

    /// A mouse event as xterm reports it in SGR mode (what ncurses asks the terminal for):
    /// button 0 press, 64 wheel up, 65 wheel down; x and y are 0-based cells.
    func mouse(_ button: Int, x: Int, y: Int) {
        tmux(["send-keys", "-t", name, "-l", "\u{1b}[<\(button);\(x + 1);\(y + 1)M"])
    }

    /// Polls the screen until `pred` holds; fails with the last screen after `timeout` seconds.
    @discardableResult
    func waitFor(
        _ what: String, timeout: Double = 10, file: StaticString = #filePath, line: UInt = #line,
        _ pred: (String) -> Bool
    ) -> String {
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

    /// Polls until every text shows and none of `absent` does, on one capture (a capture can
    /// land while the terminal is still drawing: what is checked together is waited for together).
    @discardableResult
    func waitFor(
        all texts: [String], absent: [String] = [], timeout: Double = 10, file: StaticString = #filePath,
        line: UInt = #line
    ) -> String {
        waitFor("\(texts) without \(absent)", timeout: timeout, file: file, line: line) { s in
            texts.allSatisfy { s.contains($0) } && !absent.contains { s.contains($0) }
        }
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
        t.keys("l", "j")
        t.waitFor("Envelope KH-")
        // Search by typing Chinese, then jump.
        t.keys("/")
        t.waitFor("Find an owner")
        t.type("欧阳")
        t.waitFor("search results") { $0.contains("1-201") && $0.contains("欧阳明") && $0.contains("Find 欧阳") }
        t.keys("Enter")
        var s = t.waitFor("jump to 欧阳明") { $0.contains("Envelope KH-2019-00001  欧阳明") }
        XCTAssertTrue(s.contains("Place: cabinet A → building 1 → floor 2 → 201"))
        // Borrow the first lendable copy through the form.
        let store = try ArchiveStore.open(path)
        let env = try store.envelope(id: try store.resolveEnvelope("1-201"))
        let idx = env.documents.firstIndex {
            !$0.original && $0.secrecy == .none && store.register.openByDocument[$0.id] == nil
        }!
        t.keys("l")
        for _ in 0..<idx { t.keys("j") }
        t.waitFor("the copy selected") { $0.contains("copy  ") && $0.contains(env.documents[idx].id) }
        t.keys("b")
        t.waitFor("Check out — 1 document")
        t.type("赵磊")
        t.keys("Tab")
        t.keys("Tab")
        t.type("核对业主信息")
        // A customer file: the form names the rule that asks for the service-centre head's approval.
        t.waitFor(all: ["[group.customer]", "Refused"])
        t.keys("Tab", "Tab")
        t.type("王建国")
        t.keys("Tab")
        t.waitFor(all: ["[group.customer]", "out, due"])
        t.keys("Enter")
        t.waitFor(all: ["Lent 1 to 赵磊", "copy out "])
        // The loans register shows it; Esc goes back.
        t.keys("L")
        t.waitFor(all: ["Loans register", "1-201", "欧阳明", "late 3d"])
        t.keys("Escape")
        t.waitFor("the panes") { $0.contains("Documents (") && !$0.contains("Loans register") }
        // Return it, complete.
        t.keys("r")
        t.waitFor("Return — check completeness")
        t.keys("Enter")
        t.waitFor(all: ["Returned 1"], absent: ["copy out "])
        XCTAssertTrue(try ArchiveStore.open(path).register.openByDocument[env.documents[idx].id] == nil)
        // The envelope's history: the loan and its return just made, with the desk; Esc back.
        t.keys("H")
        t.waitFor(all: ["Envelope history", "Desk", "lent 1 to 赵磊, due", "1 returned"])
        t.keys("Escape")
        t.waitFor("the panes") { $0.contains("Documents (") && !$0.contains("Envelope history") }
        // Undo the return (u): why, a confirmation, and the copy is out again on the same loan.
        t.keys("u")
        t.waitFor(all: ["Undo the return", "Returned by 赵磊"])
        t.type("还错了")
        t.keys("Enter")
        t.waitFor("out again on the same loan")
        t.keys("y")
        t.waitFor(all: ["Undone", "copy out "])
        XCTAssertNotNil(try ArchiveStore.open(path).register.openByDocument[env.documents[idx].id])
        // Resize to 60×20 and back.
        t.resize(60, 20)
        s = t.waitFor("two panes") { $0.contains("Documents (") && !$0.contains("Cabinets (") }
        for l in s.split(separator: "\n") { XCTAssertLessThanOrEqual(TextWidth.width(String(l)), 60) }
        t.resize(100, 30)
        t.waitFor("three panes") { $0.contains("Cabinets (3)") && $0.contains("Documents (") }
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
        let idx = env.documents.firstIndex {
            !$0.original && $0.secrecy == .none && store.register.openByDocument[$0.id] == nil
        }!
        let doc = env.documents[idx]
        XCTAssertEqual(
            Bin.run(
                Bin.dangan, ["borrow", doc.id, "--to", "赵磊", "--purpose", "核对", "--approver", "王建国", "--archive", path]
            ).0, 0)
        let t = TmuxSession()
        defer { t.kill() }
        t.start(archive: path, width: 100, height: 30)
        t.waitFor("Cabinets (3)")
        t.keys("/")
        t.waitFor("Find an owner")
        t.type("欧阳明")
        t.waitFor("search results") { $0.contains("1-201") && $0.contains("Find 欧阳明") }
        t.keys("Enter")
        t.waitFor("jump to 欧阳明") { $0.contains("Envelope KH-2019-00001  欧阳明") }
        t.keys("l")
        for _ in 0..<idx { t.keys("j") }
        t.waitFor("the copy selected") { $0.contains(doc.id) && $0.contains("copy out") }
        t.keys("r")
        t.waitFor("Return — check completeness")
        t.keys("Right", "Tab")
        t.type("缺第3页")
        t.keys("Enter")
        var s = t.waitFor("an incident is open until resolved")
        XCTAssertTrue(s.contains("copy incomplete in"), s)  // the document, flagged
        s = t.waitFor("Open incident")  // its detail
        XCTAssertTrue(s.contains("incomplete — 缺第3页"), s)
        t.keys("h")
        t.waitFor("the envelope's mark (!)") {
            $0.split(separator: "\n").contains { $0.contains("1-201 欧阳明") && $0.contains("!") }
        }
        t.keys("q")
        t.waitFor("EXITED:0")
        let inc = try XCTUnwrap(try ArchiveStore.open(path).register.incidents.last)
        let (code, out) = Bin.run(Bin.dangan, ["report", "incidents", "--archive", path])
        XCTAssertEqual(code, 0, out)
        XCTAssertTrue(
            out.contains(inc.id) && out.contains("不完整") && out.contains("缺第3页") && out.contains("赵磊")
                && out.contains("未结"), out)
    }

    func testPinyinSearchScannerTinyTerminalHelpReportsAndInventoryAt80x24() throws {
        let path = Bin.sampleCopy("e2e80")
        let t = TmuxSession()
        defer { t.kill() }
        t.start(archive: path, width: 80, height: 24)
        t.waitFor(all: ["Cabinets (3)", "Documents ("])
        t.keys("/")
        t.type("shanlh")
        t.waitFor("单丽华")
        t.keys("Enter")
        t.waitFor("Envelope KH-") { $0.contains("单丽华  [active]") }
        let store = try ArchiveStore.open(path)
        let target = store.envelopes[170]
        t.keys(target.barcode, "Enter")
        t.waitFor("Scanned: \(target.barcode)")
        t.waitFor("the scanned envelope") { $0.contains("Envelope \(target.number)") }
        t.resize(30, 10)
        t.waitFor("The terminal is too small")
        t.resize(80, 24)
        t.waitFor("Cabinets (3)")
        t.keys("?")
        t.waitFor("lend: the selected documents")
        t.keys("x")
        t.keys("R")
        t.waitFor("Outstanding loans")
        t.keys("Enter")
        t.waitFor("the outstanding report with its overdue row") {
            $0.contains("Outstanding loans") && $0.contains("overdue  1-")
        }
        t.keys("Escape", "Escape")
        t.waitFor("the panes") { $0.contains("Cabinets (3)") }
        t.keys("I")
        t.waitFor("Inventory check")
        t.keys("Escape", "Escape")
        t.waitFor("the panes") { $0.contains("Cabinets (3)") }
        XCTAssertEqual(try ArchiveStore.open(path).register.paperwork.inventories.count, 1)
        t.keys("q")
        t.waitFor("EXITED:0")
    }

    /// The envelopes pane's filter (F) and narrowing as you type (f), in Chinese.
    func testFilterAndNarrowingAt80x24() throws {
        let path = Bin.sampleCopy("e2e-filter")
        let store = try ArchiveStore.open(path)
        let incomplete = store.envelopes(inCabinet: "A").filter { $0.missing > 0 }.count
        let t = TmuxSession()
        defer { t.kill() }
        t.start(archive: path, width: 80, height: 24, env: ["LANG": "zh_CN.UTF-8"])
        t.waitFor("档案袋 A柜 (68)")
        t.keys("l", "F")
        t.waitFor("筛选档案袋 — A柜")
        t.type("缺件")
        t.waitFor("the option found") { $0.contains("缺件") }
        t.keys("Enter", "Enter")
        // (One predicate for the whole screen: a capture can land while the terminal is still drawing.)
        t.waitFor(all: ["档案袋 A柜 \(incomplete)/68", "筛选: 缺件"], absent: ["┌"])
        t.keys("Escape")
        t.waitFor("档案袋 A柜 (68)")
        t.keys("f")
        t.type("oym")
        t.waitFor("narrowed to 欧阳明") { $0.contains("档案袋 A柜 1/68") && $0.contains("1-201 欧阳明") }
        t.keys("Enter", "Escape")
        t.waitFor("档案袋 A柜 (68)")
    }

    /// Borrower and department from the staff list, typed as pinyin.
    func testCompletionFromTheStaffList() throws {
        let path = Bin.sampleCopy("e2e-complete")
        let t = TmuxSession()
        defer { t.kill() }
        t.start(archive: path, width: 100, height: 30)
        t.waitFor("Cabinets (3)")
        t.keys("/")
        t.type("欧阳明")
        t.keys("Enter")
        t.waitFor("Envelope KH-2019-00001")
        t.keys("l", "j", "b")
        t.waitFor("Check out")
        t.type("zhaolei")
        t.waitFor("the suggestion") { $0.contains("赵磊  客服专员 · 客户服务中心") }
        t.keys("Tab")
        let s = t.waitFor("the department filled in") { $0.contains("客户服务中心") && !$0.contains("客服专员 ·") }
        XCTAssertTrue(s.contains("赵磊"))
        t.type("x")
        t.waitFor("the department is typed in now") { $0.contains("客户服务中心x") }
        t.keys("C-u")
        t.waitFor("Ctrl-U cleared it") { !$0.contains("客户服务中心") }
    }

    /// `b` on an envelope lends every document the rules allow and lists the others.
    func testWholeEnvelopeLoan() throws {
        let path = Bin.sampleCopy("e2e-whole")
        let t = TmuxSession()
        defer { t.kill() }
        t.start(archive: path, width: 100, height: 30, env: ["LANG": "zh_CN.UTF-8"])
        t.waitFor("档案柜 (3)")
        t.keys("/")
        t.type("欧阳明")
        t.keys("Enter")
        t.waitFor("档案袋 KH-2019-00001")
        t.keys("b")
        t.waitFor(all: ["整袋借阅 — 1-201 欧阳明", "[original.in-room]"])
        t.type("zl")
        t.keys("Tab", "Tab")
        t.type("办理过户")
        // The customer files need the service-centre head's signature on the form.
        t.keys("Tab", "Tab")
        t.type("王建国")
        t.keys("Tab")
        t.waitFor(all: ["可借 1", "不可借 8", "[original.in-room]"])
        t.keys("Enter")
        let s = t.waitFor(all: ["已借出 1 份给 赵磊"], absent: ["┌"])
        let store = try ArchiveStore.open(path)
        let loan = store.register.open.first { store.summary(id: $0.loan.envelope)?.owner == "欧阳明" }!.loan
        XCTAssertEqual(loan.documents.count, 1)
        XCTAssertEqual(loan.department, "客户服务中心")
        XCTAssertTrue(s.contains("借"), "the on-loan mark")
    }

    /// The circulation desk: return, renew, only one borrower, jump.
    func testLoansRegisterActions() throws {
        let path = Bin.sampleCopy("e2e-desk")
        let before = try ArchiveStore.open(path)
        let out = before.register.open.reduce(0) { $0 + $1.outstandingDocuments.count }
        let t = TmuxSession()
        defer { t.kill() }
        t.start(archive: path, width: 100, height: 30)
        t.waitFor("Cabinets (3)")
        t.keys("L")
        t.waitFor(all: ["Loans register — \(out) out, 1 overdue", "late 3d"])
        // Renew the overdue one: refused by its rule.
        t.keys("n")
        t.waitFor("[renew.overdue]")
        // Return it from the desk.
        t.keys("r")
        t.waitFor("Return — check completeness")
        t.keys("Enter")
        t.waitFor(all: ["Loans register — \(out - 1) out, 0 overdue", "Returned 1"], absent: ["┌"])
        // Renew the next one.
        t.keys("n")
        t.waitFor("Renewed, due")
        // Only this borrower, then all again.
        t.keys("B")
        t.waitFor("borrower: ")
        t.keys("Escape")
        t.waitFor("all borrowers again") { !$0.contains("borrower: ") && $0.contains("Loans register") }
        // Enter goes to the document.
        t.keys("Enter")
        t.waitFor("the document") { $0.contains("Documents (") && !$0.contains("Loans register") }
        let after = try ArchiveStore.open(path)
        XCTAssertEqual(after.register.open.reduce(0) { $0 + $1.outstandingDocuments.count }, out - 1)
        XCTAssertEqual(
            after.register.loans.filter { !$0.renewals.isEmpty }.count,
            before.register.loans.filter { !$0.renewals.isEmpty }.count + 1)
    }

    /// The wheel scrolls the pane under the pointer, not the focused one; a click focuses.
    func testMouseWheelScrollsThePaneUnderThePointer() throws {
        let path = Bin.sampleCopy("e2e-mouse")
        let store = try ArchiveStore.open(path)
        let a = store.envelopes(inCabinet: "A")
        let t = TmuxSession()
        defer { t.kill() }
        t.start(archive: path, width: 100, height: 30)
        t.waitFor("Cabinets (3)")
        // The envelopes pane starts at column 20 (cabinets 19 wide and a divider).
        for _ in 0..<10 { t.mouse(65, x: 30, y: 6) }
        let first = a[a.startIndex + 30]
        // The focus stays on the cabinets: their detail shows.
        t.waitFor(all: ["\(first.roomCode) \(first.owner)", "Cabinet A  "], absent: ["1-101 \(a.first!.owner)"])
        for _ in 0..<10 { t.mouse(64, x: 30, y: 6) }
        t.waitFor("scrolled back") { $0.contains("1-101 \(a.first!.owner)") }
        // A click on an envelope focuses the pane and selects it.
        t.mouse(0, x: 30, y: 4)
        t.waitFor("the clicked envelope") { $0.contains("Envelope \(a[a.startIndex + 2].number)") }
    }

    /// The selection is reverse video in monochrome (NO_COLOR), 8 and 256 colours; lines are
    /// box drawing, or ASCII with DANGAN_LINES=ascii.
    func testSelectionIsReverseVideoInEveryDepthAndLinesFallBackToASCII() throws {
        let path = Bin.sampleCopy("e2e-look")
        for (term, noColor, ascii) in [
            ("xterm-256color", "1", false), ("xterm", "", true), ("xterm-256color", "", false),
        ] {
            let t = TmuxSession()
            defer { t.kill() }
            t.start(
                archive: path, width: 80, height: 24,
                env: ["TERM": term, "NO_COLOR": noColor, "DANGAN_LINES": ascii ? "ascii" : ""])
            t.waitFor("Cabinets (3)")
            let row = t.captureWithAttributes().split(separator: "\n")[2]
            // SGR 7 (reverse) is on at the start of the selected cabinet's row.
            let sgr = row.prefix { $0 != "A" }
            XCTAssertTrue(sgr.contains(";7m") || sgr.contains("[7m"), "\(term) NO_COLOR=\(noColor): \(row)")
            let s = t.capture()
            XCTAssertEqual(s.contains("│"), !ascii, term)
            XCTAssertEqual(s.contains(" | "), ascii, term)
        }
    }

    /// The first run copies the sample and says so inside the UI, with the first step: telling
    /// dangan who you are.
    func testFirstRunMessageInsideTheUI() throws {
        let home = NSTemporaryDirectory() + "dangan-home-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let sample = Bin.sampleCopy("e2e-sample")
        let t = TmuxSession()
        defer { t.kill() }
        t.start(
            archive: nil, width: 100, height: 30,
            env: ["HOME": home, "XDG_DATA_HOME": "", "DANGAN_SAMPLE": sample, "DANGAN_ARCHIVE": "", "USER": "root"])
        // The copy is the archivist's of the login that made it (the login, never $USER, says who).
        t.waitFor(
            all: ["First run: the sample archive was copied to", "You work in this copy as 李敏"],
            absent: ["First run: copied"])
        t.keys("x")
        t.waitFor("the panes after a key") { $0.contains("Cabinets (3)") && !$0.contains("First run") }
        XCTAssertTrue(FileManager.default.fileExists(atPath: home + "/.local/share/dangan/archive/archive.json"))
    }

    /// Closing a form over Chinese text at 80×24 leaves every cell as it was (both halves of
    /// wide characters); Ctrl-L draws the same screen.
    func testRedrawAfterClosingAFormAndCtrlLAt80x24() throws {
        let path = Bin.sampleCopy("e2e-redraw")
        let t = TmuxSession()
        defer { t.kill() }
        t.start(archive: path, width: 80, height: 24, env: ["LANG": "zh_CN.UTF-8"])
        t.waitFor("档案柜 (3)")
        t.keys("/")
        t.type("欧阳明")
        t.keys("Enter")
        t.waitFor("档案袋 KH-2019-00001")
        t.keys("l")
        t.waitFor("the documents pane") { $0.contains("借阅记录") || $0.contains("应还") }
        let before = t.capture()
        for form in ["b", "c", "D", "a"] {
            t.keys(form)
            t.waitFor("the form") { $0.contains("┌") }
            t.keys("Escape")
            let after = t.waitFor("the form closed") { !$0.contains("┌") }
            XCTAssertEqual(after, before, "after \(form)")
        }
        t.keys("C-l")
        t.waitFor("the same screen after Ctrl-L") { $0 == before }
    }
}
