import Foundation
import XCTest

/// The layout as docs/architecture.md describes it: every file under `Sources/` is named there
/// and every file it names exists; a file over 400 lines says why at its top; no line of the
/// sources or the tests is wider than the 120 columns `.swift-format` keeps.
final class ArchitectureTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func files(under dir: String) -> [String] {
        let base = ArchitectureTests.root + "/" + dir
        return (FileManager.default.enumerator(atPath: base)?.compactMap { $0 as? String } ?? [])
            .filter { !$0.hasPrefix(".") && !$0.contains("/.") }
            .filter {
                var d: ObjCBool = false
                return FileManager.default.fileExists(atPath: base + "/" + $0, isDirectory: &d) && !d.boolValue
            }
            .sorted()
    }

    func testEverySourceFileIsInTheArchitectureDocAndEveryNamedFileExists() throws {
        let doc = try String(contentsOfFile: ArchitectureTests.root + "/docs/architecture.md", encoding: .utf8)
        let sources = files(under: "Sources")
        XCTAssertGreaterThan(sources.count, 100)
        for f in sources {
            let name = (f as NSString).lastPathComponent
            XCTAssertTrue(doc.contains(name), "Sources/\(f) is not named in docs/architecture.md")
            // Its folder is named too (as "Folder/").
            let folder = (f as NSString).deletingLastPathComponent
            let last = (folder as NSString).lastPathComponent
            XCTAssertTrue(
                doc.contains(last + "/") || doc.contains(folder),
                "folder of Sources/\(f) is not named in docs/architecture.md")
        }
        let names = Set(sources.map { ($0 as NSString).lastPathComponent })
        let named = try NSRegularExpression(pattern: #"[A-Za-z][A-Za-z0-9+]*\.swift"#)
        for m in named.matches(in: doc, range: NSRange(doc.startIndex..., in: doc)) {
            let n = String(doc[Range(m.range, in: doc)!])
            if n == "Package.swift" { continue }
            XCTAssertTrue(names.contains(n), "docs/architecture.md names \(n), which is not under Sources/")
        }
    }

    func testALongFileSaysWhyAtItsTop() throws {
        for f in files(under: "Sources") where f.hasSuffix(".swift") {
            let text = try String(contentsOfFile: ArchitectureTests.root + "/Sources/" + f, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard lines.count > 400 else { continue }
            let first = lines.first.map(String.init) ?? ""
            XCTAssertTrue(
                first.hasPrefix("// Over 400 lines: ") && first.count > 30,
                "Sources/\(f) has \(lines.count) lines and no reason at its top (// Over 400 lines: …)")
        }
    }

    func testNoLineIsWiderThan120Columns() throws {
        for dir in ["Sources", "Tests"] {
            for f in files(under: dir) where f.hasSuffix(".swift") {
                let text = try String(contentsOfFile: ArchitectureTests.root + "/\(dir)/" + f, encoding: .utf8)
                for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where line.count > 120 {
                    XCTFail("\(dir)/\(f):\(i + 1) is \(line.count) characters wide")
                }
            }
        }
    }
}
