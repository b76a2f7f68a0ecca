import Foundation
import XCTest

@testable import ArchiveModel

/// Hostile input, and seeded mutation fuzzing of the record decoders, the cache reader, the
/// spreadsheet import and the search query parser. Property: every input is either accepted or
/// refused with an error; nothing crashes, nothing escapes the archive folder. The budget is a
/// fixed number of cases (DANGAN_FUZZ_CASES, default 3000 per target) from a fixed seed, so a
/// failure reproduces; a different DANGAN_FUZZ_SEED explores further.
final class HostileAndFuzzTests: XCTestCase {
    var cases: Int { Int(ProcessInfo.processInfo.environment["DANGAN_FUZZ_CASES"] ?? "") ?? 3000 }
    var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["DANGAN_FUZZ_SEED"] ?? "") ?? 20_261_123 }

    static let nasty: [String] = [
        "/", "..", "../..", "a/b", "../../etc/passwd", "\u{0}", "a\u{0}b", "\u{1b}[2J\u{1b}[H", "\u{1b}]0;title\u{7}",
        "\r\n", "\t",
        "\u{202e}evil", "\u{200f}", "e\u{301}\u{301}\u{301}", "👨‍👩‍👧‍👦", "🏠", String(repeating: "张", count: 10_000),
        String(repeating: "a", count: 10_000), "", " ", "'", "\"", ",", "=cmd|' /C calc'!A0", "\u{FEFF}", "\u{FFFD}",
        "𠀀𪚥",
    ]

    func testHostileFieldsAreRefusedOrStoredSafelyAndNeverBecomePaths() throws {
        let (s, e) = try makeArchive()
        let root = s.root
        for (i, bad) in Self.nasty.enumerated() {
            // As an owner name.
            var env = Envelope(
                number: "H-\(i)", barcode: "", cabinet: "A", building: "1", floor: "1", unit: "101", owner: bad)
            if let made = try? s.createEnvelope(env) {
                XCTAssertTrue(
                    made.owner.unicodeScalars.allSatisfy { !Sanitize.isUnsafe($0) },
                    "unsafe owner stored: \(bad.debugDescription)")
                XCTAssertLessThanOrEqual(made.owner.count, 100)
            }
            // As a place: only validated codes become folders.
            env = Envelope(
                number: "P-\(i)", barcode: "", cabinet: "A", building: bad, floor: "1", unit: bad, owner: "某人")
            _ = try? s.createEnvelope(env)
            // As loan and photocopy fields.
            _ = try? s.borrow(
                LoanRequest(documents: [e.documents[1].id], borrower: bad, purpose: bad, approver: bad, type: .short))
            _ = try? s.requestCopy(documents: [e.documents[1].id], requester: bad, purpose: bad)
            _ = try? s.updateEnvelope(id: e.id) {
                $0.note = bad
                $0.tenants = [bad]
            }
            // As a search query.
            _ = SearchEngine(store: s).search(bad, limit: 10)
        }
        // Nothing was written outside the archive, and every folder name is a valid code or id.
        let fm = FileManager.default
        for rel in fm.subpaths(atPath: root + "/cabinets") ?? [] {
            for part in rel.split(separator: "/") {
                let p = String(part)
                XCTAssertFalse(p == ".." || p.contains("\u{0}") || p.contains("\u{1b}"), rel)
                XCTAssertTrue(
                    p == "cabinet.json" || p == "envelope.json" || p.hasPrefix("env-")
                        || (try? LocationCode.validate(p, field: "x")) != nil, "odd path \(rel)")
            }
        }
        XCTAssertFalse(fm.fileExists(atPath: DurableIO.parent(root) + "/etc"))
        let (_, problems) = try Integrity.check(root)
        XCTAssertEqual(problems, [])
        // A 10,000-character name is refused with a message naming the field.
        XCTAssertThrowsError(
            try s.createEnvelope(
                Envelope(
                    number: "L", barcode: "", cabinet: "A", building: "1", floor: "1", unit: "101",
                    owner: String(repeating: "张", count: 10_000)))
        ) { err in
            XCTAssertTrue("\(err)".contains("owner is longer than 100"), "\(err)")
        }
        // Emoji and rare CJK are legitimate names: stored as typed.
        let emo = try s.createEnvelope(
            Envelope(number: "E", barcode: "", cabinet: "A", building: "1", floor: "1", unit: "102", owner: "𠀀🏠王"))
        XCTAssertEqual(try s.envelope(id: emo.id).owner, "𠀀🏠王")
    }

    func testInvalidUTF8AndWrongTypesAreReportedWithTheirPath() throws {
        let (s, e) = try makeArchive()
        let rel = s.summary(id: e.id)!.relativePath
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: s.root + "/" + rel)))
        let at = bytes.count / 2
        bytes.insert(contentsOf: [0xC3, 0x28, 0xFF], at: at)  // invalid UTF-8 inside the file
        try Data(bytes).write(to: URL(fileURLWithPath: s.root + "/" + rel))
        // The journal has the envelope: the damaged file is reported with its path, written
        // again from the journal, and its bytes are kept beside it — nothing is lost.
        let again = try ArchiveStore.open(s.root, useCache: false)
        XCTAssertTrue(again.problems.contains { $0.path == rel && $0.message.contains("damaged") }, "\(again.problems)")
        XCTAssertEqual(try again.envelope(id: e.id).owner, "张伟")
        let dir = DurableIO.parent(s.root + "/" + rel)
        let kept = DurableIO.list(dir)!.filter { $0.hasPrefix(".envelope.json.replaced-") }
        XCTAssertEqual(kept.count, 1)
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/" + kept[0]))), bytes)
        XCTAssertNil(again.fileDifference(id: e.id))
        XCTAssertTrue(try Integrity.check(s.root).1.filter { $0.kind != .projection }.isEmpty)
    }

    /// Mutations of valid bytes: flips, truncations, insertions of hostile bytes, splices.
    func mutate<G: RandomNumberGenerator>(_ b: [UInt8], _ g: inout G) -> [UInt8] {
        var x = b
        for _ in 0..<Int.random(in: 1...4, using: &g) {
            switch Int.random(in: 0..<6, using: &g) {
            case 0 where !x.isEmpty:
                x[Int.random(in: 0..<x.count, using: &g)] ^= UInt8(1 << Int.random(in: 0..<8, using: &g))
            case 1 where !x.isEmpty: x.removeSubrange(Int.random(in: 0..<x.count, using: &g)...)
            case 2:
                x.insert(
                    contentsOf: [[0xFF], [0x00], [0xC3], [0x22], [0x2C], [0x0A], [0x7B], [0x5D], [0xE5, 0xBC]]
                        .randomElement(using: &g)!,
                    at: Int.random(in: 0...x.count, using: &g))
            case 3 where x.count > 2:
                let a = Int.random(in: 0..<x.count, using: &g)
                let n = Int.random(in: 1...min(64, x.count - a), using: &g)
                x.insert(contentsOf: x[a..<(a + n)], at: Int.random(in: 0...x.count, using: &g))
            case 4 where !x.isEmpty: x[Int.random(in: 0..<x.count, using: &g)] = UInt8.random(in: 0...255, using: &g)
            default: x.append(UInt8.random(in: 0...255, using: &g))
            }
        }
        return x
    }

    func testFuzzRecordDecodersAndTheCache() throws {
        let (s, e) = try makeArchive()
        _ = try s.borrow(
            LoanRequest(documents: [e.documents[1].id], borrower: "赵磊", purpose: "核对", approver: "王建国", type: .short))
        let envBytes = Array(
            try Data(contentsOf: URL(fileURLWithPath: s.root + "/" + s.summary(id: e.id)!.relativePath)))
        let entryBytes = Array(try Data(contentsOf: URL(fileURLWithPath: s.root + "/" + s.lastEntryPath!)))
        try s.writeCache()
        let cachePath = s.root + "/" + ArchiveStore.checkpointFile
        let cacheBytes = Array(try Data(contentsOf: URL(fileURLWithPath: cachePath)))
        let dec = JSONCoding.decoder(s.timeFormat)
        var g = SeededGenerator(seed: seed)
        var decoded = 0
        var refused = 0
        for _ in 0..<cases {
            if (try? dec.decode(Envelope.self, from: Data(mutate(envBytes, &g)))) != nil {
                decoded += 1
            } else {
                refused += 1
            }
            if (try? EntryFile.parse(mutate(entryBytes, &g), coding: RecordCoding(s.timeFormat))) != nil {
                decoded += 1
            } else {
                refused += 1
            }
        }
        // The cache: a damaged cache is never trusted blindly; open falls back to a scan and agrees.
        let truth = try ArchiveStore.open(s.root, useCache: false)
        for _ in 0..<min(cases, 300) {
            try Data(mutate(cacheBytes, &g)).write(to: URL(fileURLWithPath: cachePath))
            let o = try ArchiveStore.open(s.root)
            XCTAssertEqual(o.envelopes.map { $0.id }.sorted(), truth.envelopes.map { $0.id }.sorted())
            XCTAssertEqual(o.register.open.count, truth.register.open.count)
        }
        print(
            """
            fuzz decoders: \(cases * 2) mutated records (\(decoded) still valid, \(refused) refused), \
            \(min(cases, 300)) mutated caches
            """
        )
    }

    func testFuzzSpreadsheetImportAndSearchQueries() throws {
        let (s, _) = try makeArchive()
        let good = Array(
            """
            档案号,档案柜,楼栋,楼层,房号,业主姓名,联系电话,身份证复印件\r\nF-1,A,1,2,201,王芳,13800000001,复印件\r\nF-2,A,1,2,202,\"李,强\",,原件+复\
            印件×2\r\n
            """
            .utf8)
        var g = SeededGenerator(seed: seed &+ 1)
        var accepted = 0
        var rejectedRows = 0
        var refusedFiles = 0
        let before = s.envelopes.count
        for _ in 0..<cases {
            do {
                let r = try s.importSpreadsheet(mutate(good, &g), dryRun: true)
                accepted += r.rows - r.rejected.count
                rejectedRows += r.rejected.count
                for x in r.rejected { XCTAssertGreaterThanOrEqual(x.line, 2) }
            } catch { refusedFiles += 1 }
        }
        XCTAssertEqual(s.envelopes.count, before)  // dry runs never write
        // Workbooks: damaged .xlsx files (the zip container, and its XML parts rezipped
        // damaged) are refused or read, never a crash.
        let xlsx = [UInt8](
            try Data(
                contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .appendingPathComponent("Fixtures/office/openpyxl-typed.xlsx")))
        let parts = try Workbook.parts(xlsx)
        var xlRead = 0
        var xlRefused = 0
        for i in 0..<cases {
            var bytes: [UInt8]
            if i % 2 == 0 {
                bytes = mutate(xlsx, &g)
            } else {
                let k = Int.random(in: 0..<parts.count, using: &g)
                bytes = try Workbook.zip(
                    parts.enumerated().map { j, p in (p.0, j == k ? Data(mutate([UInt8](p.1), &g)) : p.1) })
            }
            do {
                _ = try s.importSpreadsheet(bytes, dryRun: true)
                xlRead += 1
            } catch { xlRefused += 1 }
        }
        XCTAssertEqual(s.envelopes.count, before)
        print("fuzz workbooks: \(cases) damaged .xlsx files: \(xlRead) read, \(xlRefused) refused")
        // Search: random strings of pinyin letters, hanzi, digits, punctuation and hostile characters.
        let alphabet =
            Array("abcdefghijklmnopqrstuvwxyz ZHANGzhang张伟欧阳单曾0123456789-栋/\\*?[](){}^$.|+\u{0}\u{1b}\u{202e}🏠")
            + Self.nasty.prefix(12).flatMap { Array($0.prefix(3)) }
        let engine = SearchEngine(store: s)
        var hits = 0
        for _ in 0..<cases {
            let q = String((0..<Int.random(in: 0...24, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
            let r = engine.search(q, limit: 20)
            XCTAssertLessThanOrEqual(r.hits.count, 20)
            hits += r.hits.count
        }
        print(
            """
            fuzz import: \(cases) mutated files (\(accepted) rows accepted, \(rejectedRows) rows rejected, \
            \(refusedFiles) files refused); search: \(cases) random queries, \(hits) hits
            """
        )
    }
}
