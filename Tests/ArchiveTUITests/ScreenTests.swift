import Foundation
import XCTest
import TestSupport
@testable import ArchiveModel
@testable import ArchiveTUI

final class ScreenBufferTests: XCTestCase {
    func testCJKAlignmentAndTruncation() {
        var b = ScreenBuffer(width: 20, height: 4)
        b.put("张伟", x: 0, y: 0, maxWidth: 8, pad: true)
        b.put("|", x: 8, y: 0)
        b.put("AB", x: 0, y: 1, maxWidth: 8, pad: true)
        b.put("|", x: 8, y: 1)
        XCTAssertEqual(b.line(0), "张伟    |           ")
        XCTAssertEqual(b.line(1), "AB      |           ")
        // The border stays in column 8 on both rows: display widths agree.
        func col(_ l: String) -> Int { TextWidth.width(String(l[..<l.firstIndex(of: "|")!])) }
        XCTAssertEqual(col(b.line(0)), 8)
        XCTAssertEqual(col(b.line(1)), 8)
        // Odd width: a wide character never splits; the marker takes the last column.
        var c = ScreenBuffer(width: 10, height: 1)
        c.put("欧阳明华夏", x: 0, y: 0, maxWidth: 7)
        XCTAssertEqual(c.line(0), "欧阳明~   ")
        var d = ScreenBuffer(width: 10, height: 1)
        d.put("欧阳明华夏", x: 0, y: 0, maxWidth: 6)
        XCTAssertEqual(d.line(0), "欧阳 ~    ")
    }

    func testWideCharacterAtThePaneEdgeAndControlCharacters() {
        var b = ScreenBuffer(width: 5, height: 2)
        let used = b.put("ab张", x: 0, y: 0) // 4 columns, fits
        XCTAssertEqual(used, 4)
        let u2 = b.put("abc张", x: 0, y: 1) // 5 columns at width 5: fits exactly
        XCTAssertEqual(u2, 5)
        var c = ScreenBuffer(width: 4, height: 1)
        c.put("abc张", x: 0, y: 0) // would need 5: cut, the wide char is not split
        XCTAssertEqual(c.line(0), "abc~")
        var e = ScreenBuffer(width: 12, height: 1)
        e.put("a\u{1b}[2Jb\u{202e}c", x: 0, y: 0)
        XCTAssertFalse(e.line(0).contains("\u{1b}"))
        XCTAssertFalse(e.line(0).contains("\u{202e}"))
        XCTAssertTrue(e.line(0).hasPrefix("a?[2Jb?c"))
        var f = ScreenBuffer(width: 6, height: 1)
        f.put("e\u{301}x", x: 0, y: 0) // combining accent stays with its letter
        XCTAssertEqual(f.line(0), "e\u{301}x    ")
    }
}

final class ViewTests: XCTestCase {
    func sampleState(width: Int = 100, height: Int = 30, zh: Bool = false) throws -> AppState {
        try sampleAppState(width: width, height: height, zh: zh)
    }

    func render(_ st: AppState, _ w: Int = 100, _ h: Int = 30) -> ScreenBuffer { Views.render(st, width: w, height: h) }

    func testMainScreenThreePanesTitleAndHints() throws {
        let st = try sampleState()
        let b = render(st)
        let t = b.text
        XCTAssertTrue(b.line(0).contains("档案 dangan"))
        XCTAssertTrue(b.line(0).contains("overdue 1"))
        XCTAssertTrue(t.contains("Cabinets (3)"))
        XCTAssertTrue(t.contains("Envelopes A (68)"))
        XCTAssertTrue(t.contains("Documents ("))
        XCTAssertTrue(b.line(29).contains("b borrow"))
        // Borders in the same columns on every pane row, CJK names or not.
        let cols = (2..<20).map { y in Array(b.line(y)).enumerated().filter { $0.element == "|" }.map { $0.offset } }
        XCTAssertEqual(Set(cols.map { $0.count }), [2])
        let widths = (2..<20).map { y -> Int in
            let l = b.line(y); let i = l.firstIndex(of: "|")!; return TextWidth.width(String(l[..<i]))
        }
        XCTAssertEqual(Set(widths).count, 1, "\(widths)")
    }

    func testNavigationDetailAndChinese() throws {
        let st = try sampleState(zh: true)
        st.handle(.right); st.handle(.char("j"))
        let b = render(st)
        XCTAssertTrue(b.text.contains("档案袋 KH-"), b.text)
        XCTAssertTrue(b.text.contains("位置: A柜 → 1栋"))
        st.handle(.right)
        XCTAssertTrue(render(st).text.contains("借阅记录") || render(st).text.contains("应还"))
    }

    func testNarrowTerminalShowsFewerPanesAndTinyOneSaysSo() throws {
        let st = try sampleState()
        st.handle(.right)
        let two = render(st, 60, 20)
        XCTAssertTrue(two.text.contains("Envelopes"))
        XCTAssertTrue(two.text.contains("Documents ("))
        XCTAssertFalse(two.text.contains("Cabinets ("))
        for y in 0..<20 { XCTAssertLessThanOrEqual(TextWidth.width(two.line(y)), 60) }
        let one = render(st, 45, 16)
        XCTAssertTrue(one.text.contains("Envelopes"))
        XCTAssertFalse(one.text.contains("Documents ("))
        let tiny = render(st, 30, 8)
        XCTAssertTrue(tiny.text.contains("Terminal too small"))
    }

    func testSearchJumpAndEscReturns() throws {
        let st = try sampleState()
        st.handle(.char("/"))
        for c in "欧阳明" { st.handle(.char(c)) }
        let b = render(st)
        XCTAssertTrue(b.text.contains("欧阳明"), b.text)
        XCTAssertTrue(b.line(29).hasPrefix("/ 欧阳明"))
        XCTAssertEqual(b.cursor?.y, 29)
        st.handle(.enter)
        XCTAssertEqual(st.selectedEnvelope?.owner, "欧阳明")
        st.handle(.char("/")); st.handle(.char("z")); st.handle(.esc)
        XCTAssertEqual(st.selectedEnvelope?.owner, "欧阳明")
        // pinyin initials
        st.handle(.char("/")); for c in "oym" { st.handle(.char(c)) }
        XCTAssertTrue(render(st).text.contains("欧阳明"))
    }

    func testBorrowFormRefusesOriginalsLendsCopiesAndAsksBeforeDiscarding() throws {
        let st = try sampleState()
        st.handle(.char("/")); for c in "欧阳明" { st.handle(.char(c)) }; st.handle(.enter)
        st.handle(.right)
        let orig = st.documents.firstIndex { $0.original }!
        st.document = orig
        st.handle(.char("b"))
        XCTAssertTrue(render(st).text.contains("original.in-room"))
        st.handle(.char("x")) // a stray key types into the borrower field
        st.handle(.esc)
        XCTAssertTrue(render(st).text.contains("Discard what you typed?"))
        st.handle(.char("n"))
        guard case .form = st.mode else { return XCTFail("form lost") }
        st.handle(.esc); st.handle(.char("y"))
        guard case .normal = st.mode else { return XCTFail("not closed") }
        let copy = st.documents.firstIndex { !$0.original && $0.secrecy == .none && st.store.register.openByDocument[$0.id] == nil }!
        st.document = copy
        st.handle(.char("b"))
        for c in "赵磊" { st.handle(.char(c)) }
        st.handle(.tab); for c in "客服" { st.handle(.char(c)) }
        st.handle(.tab); for c in "核对" { st.handle(.char(c)) }
        // A customer file: the form says which rule asks for whose approval, in the rule's words.
        XCTAssertTrue(render(st).text.contains("[group.customer]"), render(st, 100, 30).text)
        st.handle(.tab); st.handle(.tab); for c in "王建国" { st.handle(.char(c)) }
        XCTAssertTrue(render(st).text.contains("Due " + TestClock.minute(plusDays: 3)), render(st, 100, 30).text)
        st.handle(.backTab); st.handle(.right) // loan type → long
        XCTAssertTrue(render(st).text.contains("Due " + TestClock.minute(plusDays: 7)))
        st.handle(.enter)
        XCTAssertTrue(st.message.hasPrefix("Lent 1"), st.message)
        XCTAssertEqual(st.store.state(of: st.documents[copy]), .onLoan)
        XCTAssertTrue(render(st).text.contains("out " + TestClock.minute(plusDays: 7).dropFirst(5).prefix(5)))
        st.handle(.char("L"))
        XCTAssertTrue(render(st).text.contains("欧阳明"))
        guard case .loans(var l) = st.mode else { return XCTFail("no loans view") }
        l.selected = l.rows.firstIndex { $0.loan.documents.contains(st.documents[copy].id) }!
        st.mode = .loans(l)
        st.handle(.enter)
        XCTAssertEqual(st.selectedDocument?.id, st.documents[copy].id)
        st.handle(.char("r"))
        st.handle(.right) // incomplete
        st.handle(.enter)
        XCTAssertTrue(render(st).text.contains("Say what is missing"))
        st.handle(.tab); for c in "缺页" { st.handle(.char(c)) }
        st.handle(.enter)
        XCTAssertTrue(st.message.hasPrefix("Returned 1"), st.message)
        XCTAssertEqual(st.store.state(of: st.documents[copy]), .present)
    }

    func testBarcodeScanJumpsAndSlowTypingDoesNot() throws {
        let st = try sampleState()
        let target = st.store.envelopes[150]
        st.handleBurst(target.barcode.map { Key.char($0) } + [.enter])
        XCTAssertEqual(st.selectedEnvelope?.id, target.id)
        XCTAssertTrue(st.message.contains(target.barcode))
        st.handleBurst([.char("j")]) // an ordinary key still moves
        XCTAssertNotEqual(st.selectedEnvelope?.id, target.id)
        st.handleBurst("DA9999999999".map { Key.char($0) } + [.enter])
        XCTAssertTrue(st.messageIsError)
    }

    func testLanguageSwitchIsSavedInTheSettings() throws {
        let st = try sampleState()
        XCTAssertTrue(render(st).text.contains("Cabinets (3)"))
        st.handle(.char("T"))
        XCTAssertTrue(render(st).text.contains("档案柜 (3)"))
        XCTAssertEqual(try ArchiveStore.open(st.store.root).settings.language, "zh")
        st.handle(.char("T"))
        XCTAssertTrue(render(st).text.contains("Cabinets (3)"))
    }

    func testHelpAndLoansViews() throws {
        let st = try sampleState()
        st.handle(.char("?"))
        XCTAssertTrue(render(st).text.contains("borrow the selected document"))
        let small = render(st, 80, 24).text // every line of the help fits at 80×24
        XCTAssertTrue(small.contains("Marks: ! open incident  L on loan") && small.contains("quit"), small)
        st.handle(.char("x"))
        st.handle(.char("L"))
        let t = render(st).text
        XCTAssertTrue(t.contains("Loans register — 3 out, 1 overdue"), t)
        XCTAssertTrue(t.contains("OVERDUE"))
        // overdue first
        let lines = t.split(separator: "\n")
        let firstRow = lines.firstIndex { $0.contains("Loans register") }! + 1
        XCTAssertTrue(lines[firstRow].contains("OVERDUE"))
    }
}

/// The UI over a fresh 200-envelope sample archive, "now" fixed at the test clock (TestClock).
func sampleAppState(width: Int = 100, height: Int = 30, zh: Bool = false) throws -> AppState {
    let path = NSTemporaryDirectory() + "dangan-view-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let now = TestClock.now
    try Generator(envelopes: 200, seed: 20261120, now: now).write(to: path)
    let store = try ArchiveStore.open(path)
    store.clock = { now }
    let st = AppState(store: store, strings: Strings(zh: zh))
    _ = Views.render(st, width: width, height: height)
    return st
}
