import Foundation
import XCTest

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
        var c = ScreenBuffer(width: 10, height: 1)
        c.put("欧阳明华夏", x: 0, y: 0, maxWidth: 7)
        XCTAssertEqual(c.line(0), "欧阳明~   ")
        var d = ScreenBuffer(width: 10, height: 1)
        d.put("欧阳明华夏", x: 0, y: 0, maxWidth: 6)
        XCTAssertEqual(d.line(0), "欧阳 ~    ")
    }

    func testWideCharacterAtTheEdgeControlCharactersAndCombiningMarks() {
        var b = ScreenBuffer(width: 5, height: 2)
        XCTAssertEqual(b.put("ab张", x: 0, y: 0), 4)
        XCTAssertEqual(b.put("abc张", x: 0, y: 1), 5)
        var c = ScreenBuffer(width: 4, height: 1)
        c.put("abc张", x: 0, y: 0)
        XCTAssertEqual(c.line(0), "abc~")
        var e = ScreenBuffer(width: 12, height: 1)
        e.put("a\u{1b}[2Jb\u{202e}c", x: 0, y: 0)
        XCTAssertTrue(e.line(0).hasPrefix("a?[2Jb?c"))
        var f = ScreenBuffer(width: 6, height: 1)
        f.put("e\u{301}x", x: 0, y: 0)
        XCTAssertEqual(f.line(0), "e\u{301}x    ")
    }

    /// Writing over half of a wide character blanks its other half: the buffer never holds
    /// half a character (the cause of the border left over 房 after a form closed).
    func testOverwritingHalfOfAWideCharacterBlanksTheOtherHalf() {
        var b = ScreenBuffer(width: 6, height: 2)
        b.put("房屋", x: 0, y: 0)
        b.line(.vertical, x: 1, y: 0)  // the right half of 房
        XCTAssertEqual(b.line(0), " │屋  ")
        XCTAssertFalse(b[0, 0].isWide)
        b.put("房屋", x: 0, y: 1)
        b.put("x", x: 2, y: 1)  // the left half of 屋
        XCTAssertEqual(b.line(1), "房x   ")
        XCTAssertEqual(b[3, 1].text, " ")
    }

    func testBoxAndLinesAreBoxDrawingAsTextWithAnASCIIFallback() {
        var b = ScreenBuffer(width: 5, height: 3)
        b.box(Rect(x: 0, y: 0, w: 5, h: 3))
        XCTAssertEqual(b.text, "┌───┐\n│   │\n└───┘")
        XCTAssertEqual(b[0, 0].line, .topLeft)
        XCTAssertEqual(LineGlyph.allCases.map(\.ascii).joined(), "-|+++++++++")
        for g in LineGlyph.allCases { XCTAssertEqual(TextWidth.width(g.unicode), 1) }
    }

    func testWrapByDisplayWidthLatinAtSpacesChineseAnywhere() {
        XCTAssertEqual(TextLayout.wrap("short loan, at most 3 days", width: 12), ["short loan,", "at most 3", "days"])
        XCTAssertEqual(TextLayout.wrap("短期借阅不超过3天", width: 8), ["短期借阅", "不超过3", "天"])
        for l in TextLayout.wrap("原件只供查阅, 不外借; 外借请用复印件 [original.in-room]", width: 15) {
            XCTAssertLessThanOrEqual(TextWidth.width(l), 15)
        }
        XCTAssertEqual(TextLayout.wrap("abcdefghij", width: 4), ["abcd", "efgh", "ij"])
        XCTAssertEqual(TextLayout.wrap("借阅、续借、归还", width: 6), ["借阅、", "续借、", "归还"])
        XCTAssertEqual(TextLayout.wrap("按借阅人 B、过滤 f", width: 10), ["按借阅人", "B、过滤 f"])
        XCTAssertEqual(TextLayout.fit("欧阳明华", 7), "欧阳明~")
        XCTAssertEqual(TextLayout.fit("张伟", 6), "张伟  ")
        XCTAssertEqual(TextLayout.fit("12", 4, right: true), "  12")
    }

    func testColumnWidthsGiveWayInTheFlexibleColumn() {
        let rows = [["逾3天", "1-201", "欧阳明", "前期物业服务合同 复印件 很长的标题文字", "赵磊", "2026-11-17 10:00"]]
        let w = TextLayout.columnWidths(
            rows, header: ["逾期", "房号", "业主", "文件", "借阅人", "应还时间"], max: [10, 10, 12, 60, 12, 16], flexible: 3,
            available: 60)
        XCTAssertEqual(w.reduce(0, +) + 5, 60)
        XCTAssertEqual(w[5], 16, "the due date is never cut")
    }
}

final class LineEditTests: XCTestCase {
    func ed(_ s: String) -> LineEdit { LineEdit(s) }

    func testReadlineKeys() {
        var e = ed("zhao lei 赵磊")
        _ = e.apply(.ctrl("a"))
        XCTAssertEqual(e.caret, 0)
        _ = e.apply(.ctrl("e"))
        XCTAssertEqual(e.caret, 11)
        _ = e.apply(.alt("b"))
        XCTAssertEqual(e.caret, 10)  // one Chinese character is a word
        _ = e.apply(.alt("b"))
        XCTAssertEqual(e.caret, 9)
        _ = e.apply(.alt("b"))
        XCTAssertEqual(e.caret, 5)  // "lei"
        _ = e.apply(.alt("f"))
        XCTAssertEqual(e.caret, 8)
        _ = e.apply(.ctrl("k"))
        XCTAssertEqual(e.text, "zhao lei")
        _ = e.apply(.ctrl("w"))
        XCTAssertEqual(e.text, "zhao ")
        _ = e.apply(.left)
        _ = e.apply(.left)
        _ = e.apply(.char("X"))
        XCTAssertEqual(e.text, "zhaXo ")
        _ = e.apply(.ctrl("u"))
        XCTAssertEqual(e.text, "o ")
        XCTAssertEqual(e.caret, 0)
        _ = e.apply(.delete)
        XCTAssertEqual(e.text, " ")
        _ = e.apply(.right)
        _ = e.apply(.backspace)
        XCTAssertEqual(e.text, "")
        XCTAssertFalse(e.apply(.tab))
    }

    func testWindowKeepsTheCaretVisible() {
        var e = ed(String(repeating: "档", count: 30))
        let (t, c) = e.window(width: 10)
        XCTAssertLessThanOrEqual(TextWidth.width(t), 10)
        XCTAssertLessThanOrEqual(c, 9)
        _ = e.apply(.home)
        XCTAssertEqual(e.window(width: 10).caretColumn, 0)
    }
}

final class PaletteTests: XCTestCase {
    /// The selection is reverse video in every colour depth and in monochrome, and every style
    /// that carries meaning differs from plain text by its attributes, not by colour alone.
    func testSelectionAndMeaningReadWithoutColour() {
        for depth in ColorDepth.allCases {
            let p = Palette(depth)
            XCTAssertTrue(p.look(.selected).attrs.contains(.reverse), "\(depth)")
            XCTAssertTrue(p.look(.fieldActive).attrs.contains(.reverse), "\(depth)")
            XCTAssertNotEqual(p.look(.selectedDim).attrs, [], "\(depth)")
        }
        let meaningful: [Style] = [
            .title, .titleAlert, .bar, .barKey, .header, .headerDim, .selected, .selectedDim, .warn, .error, .match,
            .field, .fieldActive, .marked, .mark, .overdue,
        ]
        for s in meaningful { XCTAssertNotEqual(Palette.attrs(s), [], "\(s)") }
        XCTAssertNotEqual(Palette.attrs(.selected), Palette.attrs(.selectedDim))
        // No grey on cyan: the selection never sets colours.
        for depth in ColorDepth.allCases {
            let l = Palette(depth).look(.selected)
            XCTAssertEqual(l.fg, -1)
            XCTAssertEqual(l.bg, -1)
        }
        XCTAssertEqual(ColorDepth(colors: 256, hasColors: true, noColor: true), .mono)
        XCTAssertEqual(ColorDepth(colors: 8, hasColors: true, noColor: false), .c8)
        XCTAssertEqual(ColorDepth(colors: 16, hasColors: true, noColor: false), .c16)
    }
}

extension PaletteTests {
    func testEveryStyleHasItsLetterInTheGoldenStyleMap() {
        XCTAssertEqual(ScreenBuffer.styleLetter.count, Style.allCases.count)
        XCTAssertEqual(Set(ScreenBuffer.styleLetter).count, Style.allCases.count)
    }
}
