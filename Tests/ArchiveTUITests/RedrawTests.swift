import Foundation
import XCTest

@testable import ArchiveModel
@testable import ArchiveTUI

/// A terminal as the screen sees it: writing a character over either half of a wide character
/// erases the whole wide character (what xterm and tmux do), and nothing changes unless written.
struct VirtualTerminal {
    let width: Int, height: Int
    var cells: [String]
    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        cells = Array(repeating: " ", count: width * height)
    }

    mutating func write(_ ch: FrameDiff.Change) {
        let text = ch.cell.line?.unicode ?? ch.cell.text
        let wide = ch.cell.line == nil && ch.cell.isWide
        erase(ch.x, ch.y)
        if wide { erase(ch.x + 1, ch.y) }
        cells[ch.y * width + ch.x] = text
        if wide && ch.x + 1 < width { cells[ch.y * width + ch.x + 1] = "" }
    }

    private mutating func erase(_ x: Int, _ y: Int) {
        guard x < width else { return }
        let i = y * width + x
        if cells[i] == "", x > 0 { cells[i - 1] = " " }
        if x + 1 < width, cells[i + 1] == "", cells[i] != "" { cells[i + 1] = " " }
        cells[i] = " "
    }

    var text: String {
        (0..<height).map { y -> String in
            var s = cells[(y * width)..<((y + 1) * width)].joined()
            while s.last == " " { s.removeLast() }
            return s
        }.joined(separator: "\n")
    }

    /// Applies the frame's changes as the terminal backend sends them.
    mutating func show(_ new: ScreenBuffer, after old: ScreenBuffer?) {
        for c in FrameDiff.changes(from: old, to: new) { write(c) }
    }
}

final class RedrawTests: XCTestCase {
    /// At 80×24, every form opened over the Chinese panes and closed again leaves the terminal
    /// exactly as the screen buffer says — both halves of every wide character it covered.
    func testClosingAnOverlayRestoresEveryCellAt80x24() throws {
        for lang in Lang.allCases {
            let p = try sampleProgram(width: 80, height: 24, lang: lang)
            p.go(to: "欧阳明")
            p.keys(.right)
            var vt = VirtualTerminal(width: 80, height: 24)
            var last: ScreenBuffer? = nil
            func frame() {
                let b = p.screen
                vt.show(b, after: last)
                last = b
                XCTAssertEqual(vt.text, b.text, "\(lang)")
            }
            frame()
            let before = p.screen.text
            for open: Key in [
                .char("b"), .char("a"), .char("c"), .char("D"), .char("?"), .char("L"), .char("/"), .char("R"),
            ] {
                p.send(open)
                frame()
                p.send(.esc)
                if case .form = p.state.mode { p.send(.char("y")) }
                if case .reports = p.state.mode { p.send(.esc) }
                frame()
            }
            p.keys(.left)  // the envelopes pane: whole-envelope forms
            frame()
            for open: Key in [.char("b"), .char("e"), .char("X"), .char("O"), .char("F")] {
                p.send(open)
                frame()
                p.send(.esc)
                if case .form = p.state.mode { p.send(.char("y")) }
                frame()
            }
            p.keys(.right)
            frame()
            XCTAssertEqual(vt.text, before, "\(lang)")
        }
    }

    /// The case the issue saw: a border character written over the right half of 房.
    func testABorderOverTheRightHalfOfAWideCharacterIsRepaired() {
        var a = ScreenBuffer(width: 10, height: 1)
        a.put("房维修记录", x: 0, y: 0)
        var b = a
        b.line(.topLeft, x: 1, y: 0)
        var vt = VirtualTerminal(width: 10, height: 1)
        vt.show(a, after: nil)
        vt.show(b, after: a)
        XCTAssertEqual(vt.text, " ┌维修记录")
        vt.show(a, after: b)
        XCTAssertEqual(vt.text, "房维修记录")
    }

    /// Ctrl-L asks the loop for a full redraw, in every mode.
    func testCtrlLRedrawsEverything() throws {
        let p = try sampleProgram(width: 80, height: 24)
        for setup: Key in [.char("x"), .char("L"), .char("?")] {
            p.send(setup)
            p.redrawRequested = false
            p.send(.ctrl("l"))
            XCTAssertTrue(p.redrawRequested)
            p.send(.esc)
        }
        XCTAssertEqual(
            FrameDiff.changes(from: nil, to: p.screen).count, 80 * 24 - p.screen.cells.filter(\.isRightHalf).count)
    }
}
