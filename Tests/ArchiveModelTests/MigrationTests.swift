import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// Archives of the first on-disk format are migrated once, atomically, with every old entry kept
/// and still verifiable; the bundled sample is in the new format.
final class MigrationTests: XCTestCase {
    static var fixture: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path
            + "/Fixtures/v1-archive"
    }

    func copyFixture() throws -> String {
        let p = tempDir("v1")
        try FileManager.default.copyItem(atPath: MigrationTests.fixture, toPath: p)
        return p
    }

    func legacyFiles(_ root: String) -> [String: Data] {
        var out: [String: Data] = [:]
        for m in (try? FileManager.default.contentsOfDirectory(atPath: root + "/journal")) ?? [] where m.count == 7 {
            for f in (try? FileManager.default.contentsOfDirectory(atPath: root + "/journal/" + m)) ?? [] {
                out[m + "/" + f] = FileManager.default.contents(atPath: root + "/journal/\(m)/\(f)")
            }
        }
        return out
    }

    func testFirstFormatIsMigratedOnceKeepingEveryEntry() throws {
        let p = try copyFixture()
        let before = legacyFiles(p)
        XCTAssertEqual(before.count, 15)
        let envelopesBefore = try FileManager.default.subpathsOfDirectory(atPath: p + "/cabinets").filter {
            $0.hasSuffix("envelope.json")
        }
        let s = try ArchiveStore.open(p)
        XCTAssertEqual(s.info.format, 2)
        XCTAssertEqual(s.envelopes.count, envelopesBefore.count)
        // Every old entry is where it was, byte for byte, and folded: the loans and the photocopy.
        XCTAssertEqual(legacyFiles(p), before)
        XCTAssertEqual(s.register.loans.count, 8)
        XCTAssertEqual(s.register.copies.count, 1)
        XCTAssertEqual(s.register.migration?.legacyEntries, 15)
        let (_, problems) = try Integrity.check(p)
        XCTAssertEqual(problems, [])
        // Once: a second open migrates nothing more.
        let desk = try XCTUnwrap(s.localDeskID)
        let n = JournalFolder.entries(root: p, desk: desk, after: 0).names.count
        _ = try ArchiveStore.open(p, useCache: false)
        XCTAssertEqual(JournalFolder.entries(root: p, desk: desk, after: 0).names.count, n)
        // The new journal goes on from there (the archivist returns a loan).
        s.operatorName = "李敏"
        let open = try XCTUnwrap(s.register.open.first)
        try s.returnDocuments(open.loan.documents)
        XCTAssertNil(try ArchiveStore.open(p, useCache: false).register.openByDocument[open.loan.documents[0]])
    }

    /// An old entry changed after the migration is detected: the migration recorded the old
    /// chain's length and last hash.
    func testAnOldEntryChangedAfterTheMigrationIsReported() throws {
        let p = try copyFixture()
        _ = try ArchiveStore.open(p)
        let victim = try XCTUnwrap(legacyFiles(p).keys.sorted().first)
        var text = try String(contentsOfFile: p + "/journal/" + victim, encoding: .utf8)
        text = text.replacingOccurrences(of: "李敏", with: "李某")
        try text.write(toFile: p + "/journal/" + victim, atomically: true, encoding: .utf8)
        let (_, problems) = try Integrity.check(p)
        XCTAssertTrue(
            problems.contains { $0.kind == .chain && $0.message.contains("migration recorded") }, "\(problems)")
    }

    /// A migration interrupted before its last step leaves the archive in the first format; the
    /// next open migrates it from the beginning, once.
    func testAnInterruptedMigrationStartsAgain() throws {
        let p = try copyFixture()
        // What an interrupted migration leaves: a desk and part of its chain, archive.json old.
        let half = try copyFixture()
        _ = try ArchiveStore.open(half)
        let desk = try XCTUnwrap(JournalFolder.desks(root: half).desks.first)
        try FileManager.default.copyItem(atPath: half + "/journal/" + desk, toPath: p + "/journal/" + desk)
        let names = JournalFolder.entries(root: p, desk: desk, after: 0).names
        for n in names.suffix(5) { try FileManager.default.removeItem(atPath: p + "/" + n.relativePath) }
        let s = try ArchiveStore.open(p)
        XCTAssertEqual(s.info.format, 2)
        XCTAssertEqual(JournalFolder.desks(root: p).desks.count, 1, "the interrupted attempt's chain is gone")
        XCTAssertEqual(try Integrity.check(p).1, [])
        XCTAssertEqual(s.register.loans.count, 8)
    }

    /// The bundled sample is in the new format: opening it migrates nothing.
    func testTheSampleIsInTheNewFormat() throws {
        let sample =
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
            + "/data/sample"
        let info = try JSONCoding.decoder(TimeFormat(identifier: "Asia/Shanghai"))
            .decode(ArchiveInfo.self, from: Data(contentsOf: URL(fileURLWithPath: sample + "/archive.json")))
        XCTAssertEqual(info.format, ArchiveInfo.currentFormat)
        let p = tempDir("sample")
        try FileManager.default.copyItem(atPath: sample, toPath: p)
        XCTAssertEqual(try Integrity.check(p).1, [])
    }
}
