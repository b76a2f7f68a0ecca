import Foundation
import XCTest

@testable import ArchiveModel

/// The byte-level sanitiser the command line prints through agrees with `Sanitize.isUnsafe`
/// for every character, and its JSON escapes decode back to the same text.
final class SanitizeTests: XCTestCase {
    func visible(_ s: String, keepLayout: Bool = false) -> String {
        var out: [UInt8] = []
        var s = s
        s.withUTF8 { Sanitize.appendVisible($0, to: &out, keepLayout: keepLayout) }
        return String(decoding: out, as: UTF8.self)
    }

    func json(_ s: String) -> String {
        var out: [UInt8] = []
        let encoded = try! JSONEncoder().encode([s])
        encoded.withUnsafeBytes { Sanitize.appendJSONEscaped($0.bindMemory(to: UInt8.self), to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    func testEveryCharacterIsJudgedAlikeAndJSONRoundTrips() throws {
        var checked = 0
        var v: UInt32 = 0
        while v <= 0x10FFFF {
            defer { v += v < 0x3000 ? 1 : 37 }
            guard let sc = Unicode.Scalar(v) else { continue }
            let s = "a" + String(Character(sc)) + "b"
            let shown = visible(s)
            if Sanitize.isUnsafe(sc) {
                XCTAssertEqual(shown, "a<U+\(String(v, radix: 16, uppercase: true))>b")
                let j = json(s)
                XCTAssertFalse(j.unicodeScalars.contains(where: Sanitize.isUnsafe), "U+\(String(v, radix: 16))")
                XCTAssertEqual(try JSONDecoder().decode([String].self, from: Data(j.utf8)), [s])
            } else {
                XCTAssertEqual(shown, s, "U+\(String(v, radix: 16))")
                XCTAssertEqual(visible(s), Sanitize.visible(s))
            }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 40_000)
        // Layout kept where asked: tab, line feed, CRLF, a leading BOM.
        XCTAssertEqual(visible("a\tb\r\nc\rd\n", keepLayout: true), "a\tb\r\nc<U+D>d\n")
        var out: [UInt8] = []
        Array("\u{FEFF}x\u{FEFF}".utf8).withUnsafeBufferPointer {
            Sanitize.appendVisible($0, to: &out, keepLayout: true, bomAllowedAt: 0)
        }
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "\u{FEFF}x<U+FEFF>")
        // Bytes that are not UTF-8 are shown, not passed on.
        out = []
        [0x61, 0xC2, 0x1B, 0x9B, 0xFF].withUnsafeBufferPointer {
            Sanitize.appendVisible($0, to: &out, keepLayout: true)
        }
        XCTAssertFalse(out.contains(0x1B) || out.contains(0x9B))
    }

    /// A printed batch's page break (form feed) is layout in a document, not an escape; elsewhere it is shown.
    func testFormFeedKeptOnlyAsLayout() {
        let bytes = Array("第一张\n\u{0C}\n第二张\u{1b}]0;x\u{07}\n".utf8)
        var kept: [UInt8] = []
        bytes.withUnsafeBufferPointer { Sanitize.appendVisible($0, to: &kept, keepLayout: true) }
        let text = String(decoding: kept, as: UTF8.self)
        XCTAssertTrue(text.contains("\n\u{0C}\n"), text)
        XCTAssertFalse(text.contains("\u{1b}"), text)
        var plain: [UInt8] = []
        bytes.withUnsafeBufferPointer { Sanitize.appendVisible($0, to: &plain, keepLayout: false) }
        XCTAssertFalse(String(decoding: plain, as: UTF8.self).contains("\u{0C}"))
    }
}
