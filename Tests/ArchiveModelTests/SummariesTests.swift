import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// The summaries read in place: a mapped file plus the changes since it was written must
/// behave exactly like the array they stand for, and a damaged file must never be trusted.
final class SummariesTests: XCTestCase {
    func summary(_ i: Int, cabinet: String = "A") -> EnvelopeSummary {
        EnvelopeSummary(
            id: String(format: "env-%020d", i), number: "N-\(i)", barcode: "B\(i)", cabinet: cabinet,
            building: String(i / 100),
            floor: String(i % 7), unit: String(100 + i % 13), owner: "业主\(i)", coOwners: i % 3 == 0 ? ["共有\(i)"] : [],
            tenants: [], status: .active, documentCount: i % 9, missing: i % 2, damaged: i % 11 == 0 ? "x" : nil,
            originals: 1, copies: 2, revision: ["dsk-a:\(i)"], digest: UInt64(i) &* 0x9E37_79B9, phones: ["1380000\(i)"]
        )
    }

    /// Random inserts, removals and replacements on a list backed by a mapped file agree with
    /// the same changes made to an array; lookups by id, number, barcode and room agree too.
    func testOverlayOnAMappedFileBehavesLikeAnArray() throws {
        let dir = NSTemporaryDirectory() + "dangan-summaries-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = (0..<3000).map { summary($0 * 2) }
        let path = dir + "/summaries-test.v1"
        try SummaryFile.write(
            path: path, count: base.count, keys: { SummaryCodec.keys(base[$0]) },
            records: { i, out in
                var w = RecordBytes()
                swap(&w.out, &out)
                SummaryCodec.append(base[i], to: &w)
                swap(&w.out, &out)
            })
        let f = try XCTUnwrap(SummaryFile(path: path))
        XCTAssertTrue(f.map.checkAll())
        var list = EnvelopeList(base: SummaryBase(file: f))
        var model = base
        XCTAssertEqual(Array(list), model)
        var g = SeededGenerator(seed: 7)
        var next = 1
        for round in 0..<600 {
            switch g.next() % 3 {
            case 0:
                let s = summary(next)
                next += 2
                let p = Int(g.next() % UInt64(model.count + 1))
                list.insert(s, at: p)
                model.insert(s, at: p)
            case 1 where !model.isEmpty:
                let p = Int(g.next() % UInt64(model.count))
                list.remove(at: p)
                model.remove(at: p)
            default:
                guard !model.isEmpty else { continue }
                let p = Int(g.next() % UInt64(model.count))
                var s = model[p]
                s.owner = "改\(round)"
                list.replace(at: p, with: s)
                model[p] = s
            }
            if round % 50 == 0 || round == 599 {
                XCTAssertEqual(list.count, model.count)
                XCTAssertEqual(Array(list), model, "round \(round)")
                for _ in 0..<40 {
                    let p = Int(g.next() % UInt64(model.count))
                    XCTAssertEqual(list.position(ofID: model[p].id), p)
                    XCTAssertEqual(list.positions(table: 1, key: model[p].number) { $0.number == model[p].number }, [p])
                    XCTAssertEqual(
                        list.positions(table: 2, key: model[p].barcode) { $0.barcode == model[p].barcode }, [p])
                    let room = model[p].roomCode
                    XCTAssertEqual(
                        list.positions(table: 3, key: room) { $0.roomCode == room },
                        model.indices.filter { model[$0].roomCode == room })
                    XCTAssertEqual(list.cabinet(at: p), model[p].cabinet)
                }
            }
        }
        XCTAssertNil(list.position(ofID: "env-nothere"))
    }

    /// A byte changed anywhere in the summaries file is found when that part is read, and the
    /// archive is folded again from the journal: what is shown agrees with a full fold.
    func testDamagedSummariesFileIsRebuiltNeverTrusted() throws {
        let (s, _) = try makeArchive()
        try s.writeCache()
        // What a full fold says, taken once (its store maps derived files too).
        let full = try ArchiveStore.open(s.root, useCache: false)
        let truth = Array(full.envelopes)
        let dir = s.root + "/.dangan"
        var g = SeededGenerator(seed: 11)
        for round in 0..<60 {
            // The file the checkpoint names now (a repair writes another one).
            let name = try XCTUnwrap(
                FileManager.default.contentsOfDirectory(atPath: dir).first { $0.hasPrefix("summaries-") })
            var bad = Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)))
            let at = CheckedMap.headerSize + Int(g.next() % UInt64(bad.count - CheckedMap.headerSize))
            bad[at] ^= UInt8(1 + g.next() % 255)
            // A new file in its place (stores that mapped the old one keep reading the old one).
            try Data(bad).write(to: URL(fileURLWithPath: dir + "/" + name), options: .atomic)
            let o = try ArchiveStore.open(s.root)
            XCTAssertEqual(o.envelopes.map { $0.id }, truth.map { $0.id }, "round \(round), byte \(at)")
            XCTAssertEqual(Array(o.envelopes), truth, "round \(round), byte \(at)")
            for e in truth.prefix(20) { XCTAssertEqual(o.summary(id: e.id), e) }
            XCTAssertEqual(try o.resolveEnvelope("KH-2020-00001"), truth[0].id)
        }
    }
}
