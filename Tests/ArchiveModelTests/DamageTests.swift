import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

final class DamageTests: XCTestCase {
    /// A full disk (a 400 KB tmpfs): a write that cannot complete says so and leaves the old state.
    func testFullDiskLeavesTheOldState() throws {
        let mnt = tempDir("tmpfs")
        try FileManager.default.createDirectory(atPath: mnt, withIntermediateDirectories: true)
        let (code, _) = run("/bin/mount", ["-t", "tmpfs", "-o", "size=400k", "tmpfs", mnt])
        guard code == 0 else { throw XCTSkip("cannot mount a tmpfs here (not root?)") }
        defer { _ = run("/bin/umount", [mnt]) }
        let store = try ArchiveStore.create(at: mnt + "/arc", name: "满盘")
        try store.createCabinet(code: "A", label: "A", room: "")
        let e = try store.createEnvelope(
            Envelope(
                number: "1", barcode: "b", cabinet: "A", building: "1", floor: "1", unit: "101", owner: "王芳",
                documents: []))
        let rel = store.summary(id: e.id)!.relativePath
        let before = try Data(contentsOf: URL(fileURLWithPath: store.root + "/" + rel))
        // Fill the disk.
        let filler = mnt + "/filler"
        FileManager.default.createFile(atPath: filler, contents: nil)
        let h = FileHandle(forWritingAtPath: filler)!
        let chunk = Data(repeating: 0x41, count: 4096)
        while (try? h.write(contentsOf: chunk)) != nil {}
        try? h.close()
        XCTAssertThrowsError(try store.updateEnvelope(id: e.id) { $0.note = String(repeating: "备注", count: 900) }) {
            err in
            XCTAssertTrue("\(err)".contains("nothing was changed"), "\(err)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: store.root + "/" + rel)), before)
        let reopened = try ArchiveStore.open(store.root, useCache: false)
        XCTAssertEqual(try reopened.envelope(id: e.id).owner, "王芳")
        XCTAssertTrue(reopened.problems.isEmpty, "\(reopened.problems)")
        // With room again, the write goes through.
        try FileManager.default.removeItem(atPath: filler)
        try store.updateEnvelope(id: e.id) { $0.note = "ok" }
        XCTAssertEqual(try ArchiveStore.open(store.root, useCache: false).envelope(id: e.id).note, "ok")
    }

    /// Random damage to every kind of file: opening never crashes; each problem names a path.
    func testRandomCorruptionNeverCrashesOpenOrCheck() throws {
        var g = SeededGenerator(seed: 42)
        let now = TestClock.now
        for round in 0..<12 {
            let path = tempDir("fuzz\(round)")
            try Generator(envelopes: 30, seed: UInt64(round), now: now).write(to: path)
            let files = FileManager.default.enumerator(atPath: path)!.compactMap { $0 as? String }
                .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".dangan") }.sorted()
            for _ in 0..<5 {
                let f = path + "/" + files[Int(g.next() % UInt64(files.count))]
                var b = [UInt8](try Data(contentsOf: URL(fileURLWithPath: f)))
                switch g.next() % 4 {
                case 0: b = Array(b.prefix(Int(g.next() % UInt64(max(1, b.count)))))  // truncated
                // flipped bytes
                case 1: for _ in 0..<8 { b[Int(g.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: g.next()) }
                case 2: b.insert(contentsOf: [0xFF, 0xFE, 0xC0], at: Int(g.next() % UInt64(b.count)))  // invalid UTF-8
                default: b = Array("{\"id\": 42, \"documents\": \"x\"}".utf8)  // wrong types
                }
                try Data(b).write(to: URL(fileURLWithPath: f))
            }
            let store = try ArchiveStore.open(path, useCache: false)
            XCTAssertFalse(store.problems.isEmpty, "round \(round): damage went unnoticed")
            for p in store.problems { XCTAssertFalse(p.path.isEmpty) }
            let (_, problems) = try Integrity.check(path)
            XCTAssertFalse(problems.isEmpty)
            // Search over whatever survived does not crash either.
            _ = SearchEngine(store: store).search("zhang", limit: 5)
        }
    }

    func testUnreadableFileAndFolderInPlaceOfAFile() throws {
        let (store, env) = try makeArchive()
        let rel = store.summary(id: env.id)!.relativePath
        try FileManager.default.removeItem(atPath: store.root + "/" + rel)
        try FileManager.default.createDirectory(atPath: store.root + "/" + rel, withIntermediateDirectories: false)
        let s = try ArchiveStore.open(store.root, useCache: false)
        XCTAssertTrue(s.problems.contains { $0.path == rel && $0.message.contains("folder") }, "\(s.problems)")
        XCTAssertEqual(s.cabinets.count, 1)
    }

    func run(_ exe: String, _ args: [String]) -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return (-1, "") }
        p.waitUntilExit()
        return (p.terminationStatus, "")
    }
}

final class MaskTests: XCTestCase {
    func testPersonalNumbersMaskedUnlessTheRoleMaySeeThem() throws {
        let (store, _) = try makeArchive()
        XCTAssertEqual(Mask.phone("13800138000"), "138****8000")
        XCTAssertEqual(Mask.idNumber("440304199001011234"), "4403************34")
        store.operatorName = "李敏"
        XCTAssertTrue(Mask.mayRevealPersonalNumbers(store))  // archivist
        store.operatorName = "王建国"
        XCTAssertTrue(Mask.mayRevealPersonalNumbers(store))  // approver
        store.operatorName = "孙丽"
        XCTAssertFalse(Mask.mayRevealPersonalNumbers(store))  // sales
        store.operatorName = "root"
        XCTAssertFalse(Mask.mayRevealPersonalNumbers(store))  // not in the staff list
    }
}
