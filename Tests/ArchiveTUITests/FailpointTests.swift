import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// A change killed at every point between its writes: before its entry is durable (nothing
/// changed), after the entry but before the files it implies (the change is there, and the next
/// open brings the files up to date), after the files. Never a change without its entry, never
/// an entry whose change is not shown.
final class FailpointTests: XCTestCase {
    func testAChangeKilledAtEveryPointIsWholeOrAbsent() throws {
        let path = sample("failpoint")
        let store = try ArchiveStore.open(path)
        let env = store.envelopes[3]
        let doc = try store.envelope(id: env.id).documents.first {
            !$0.original && $0.secrecy == .none && store.register.openByDocument[$0.id] == nil
        }!
        let due = store.dueForDestruction().prefix(2)
        XCTAssertEqual(due.count, 2)
        let csv = path + "-in.csv"
        try "档案号,档案柜,楼栋,楼层,房号,业主姓名\nFP-1,A,99,9,901,甲\nFP-2,A,99,9,902,乙\n".write(
            toFile: csv, atomically: true, encoding: .utf8)
        struct Case {
            var name: String
            var args: [String]
            var done: (ArchiveStore) throws -> Bool
        }
        let cases: [Case] = [
            Case(
                name: "edit", args: ["envelope", "edit", env.id, "--note", "改后"],
                done: { try $0.envelope(id: env.id).note == "改后" }),
            Case(
                name: "borrow", args: ["borrow", doc.id, "--to", "赵磊", "--purpose", "核对", "--approver", "王建国"],
                done: { $0.register.openByDocument[doc.id] != nil }),
            Case(
                name: "destroy (two envelopes, all or nothing)",
                args: ["destroy"] + due.map { $0.1.id } + ["--approver", "陈静", "--reason", "超过保管期限"],
                done: { s in
                    try due.allSatisfy { pair in
                        try s.envelope(id: pair.0.id).documents.first { $0.id == pair.1.id }?.state == .destroyed
                    }
                }),
            Case(
                name: "import (two envelopes, all or nothing)", args: ["import", csv],
                done: { s in (try? s.resolveEnvelope("FP-1")) != nil && (try? s.resolveEnvelope("FP-2")) != nil }),
        ]
        for c in cases {
            for point in ["before-entry", "after-entry", "after-projection"] {
                let copy = path + "-\(point)-\(c.name.prefix(6))"
                XCTAssertEqual(Run.dangan(["ls"] + ["--archive", path]).code, 0)
                try? FileManager.default.removeItem(atPath: copy)
                try FileManager.default.copyItem(atPath: path, toPath: copy)
                removeAtEnd(copy)
                let r = Run.dangan(c.args + ["--archive", copy], env: ["DANGAN_FAILPOINT": point])
                XCTAssertEqual(r.code, 137, "\(c.name) at \(point): \(r.both)")
                let after = try ArchiveStore.open(copy)
                let shown = try c.done(after)
                // Killed before its entry was written: nothing changed. After: the change is there.
                XCTAssertEqual(shown, point != "before-entry", "\(c.name) killed \(point)")
                let (_, problems) = try Integrity.check(copy)
                XCTAssertEqual(problems, [], "\(c.name) killed \(point)")
                // And the archive goes on: the same change done again (or not) leaves it clean.
                if !shown { XCTAssertEqual(Run.dangan(c.args + ["--archive", copy]).code, 0, c.name) }
                XCTAssertTrue(try c.done(try ArchiveStore.open(copy, useCache: false)), c.name)
            }
        }
    }
}
