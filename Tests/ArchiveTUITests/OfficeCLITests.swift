import Foundation
import XCTest
import TestSupport
@testable import ArchiveModel

/// The command line as the office uses it: search order, spreadsheets in and out, labels.
final class OfficeCLITests: XCTestCase {
    /// A small archive whose filing order puts a co-owner or tenant match before the owners.
    func orderArchive() throws -> String {
        let path = NSTemporaryDirectory() + "dangan-order-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let s = try ArchiveStore.create(at: path, name: "次序", settings: Settings(staff: Generator.sampleStaff))
        s.operatorName = "李敏"
        try s.createCabinet(code: "A", label: "A", room: "")
        let rows: [(String, [String], [String])] = [("王慧", ["欧阳新悦"], []), ("刘芳", ["张敏"], []), ("李雪", [], ["陈晓"]),
                                                    ("欧阳明", [], []), ("张伟", [], []), ("陈娜勇", [], [])]
        for (i, r) in rows.enumerated() {
            try s.createEnvelope(Envelope(number: "KH-\(i + 1)", barcode: "", cabinet: "A", building: "1", floor: "1", unit: "10\(i + 1)",
                                          owner: r.0, coOwners: r.1, tenants: r.2))
        }
        s.close()
        return path
    }

    /// Issue 18, point 7: at the same tier, owners first, then co-owners, then tenants — in the
    /// quick path (saved index), the full open and JSON alike.
    func testSearchListsOwnersBeforeCoOwnersBeforeTenants() throws {
        let path = try orderArchive()
        defer { try? FileManager.default.removeItem(atPath: path) }
        for round in 0..<2 { // the first builds and saves the index, the second answers from it
            for (q, want) in [("张", ["张伟", "刘芳"]), ("欧阳", ["欧阳明", "王慧"]), ("chen", ["陈娜勇", "李雪"])] {
                let (code, out) = Bin.run(Bin.dangan, ["search", q, "--archive", path])
                XCTAssertEqual(code, 0, out)
                let owners = out.split(separator: "\n").dropLast().map { String($0.split(separator: "\t")[1]) }
                XCTAssertEqual(owners, want, "round \(round): \(q)\n\(out)")
            }
        }
        let (code, out) = Bin.run(Bin.dangan, ["search", "张", "--json", "--archive", path])
        XCTAssertEqual(code, 0, out)
        struct H: Decodable { var owner: String; var field: String? }
        let hits = try JSONDecoder().decode([H].self, from: Data(out.utf8))
        XCTAssertEqual(hits.map { $0.owner }, ["张伟", "刘芳"])
        XCTAssertEqual(hits.first?.field, "owner")
    }
}
