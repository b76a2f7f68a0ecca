import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

final class StoreTests: XCTestCase {
    func testRoundTripOfEveryRecordTypeThroughTheStore() throws {
        let (store, env) = try makeArchive()
        let copy = env.documents[1]
        let (d, loan) = try store.borrow(
            LoanRequest(
                documents: [copy.id], borrower: "赵磊", department: "客服", purpose: "核对", approver: "王建国", type: .short))
        XCTAssertTrue(d.allowed, d.message)
        XCTAssertNotNil(loan)
        _ = try store.renew(loan: loan!.id)
        try store.returnDocuments([copy.id], complete: false, note: "缺第3页")
        // Reopen without the cache: everything comes back from the files.
        let again = try ArchiveStore.open(store.root, useCache: false)
        XCTAssertEqual(again.info, store.info)
        XCTAssertEqual(again.cabinets, store.cabinets)
        XCTAssertEqual(try again.envelope(id: env.id), env)
        XCTAssertEqual(again.register, store.register)
        let rec = again.register.records[loan!.id]!
        XCTAssertEqual(rec.loan, loan)
        XCTAssertEqual(rec.renewals.count, 1)
        XCTAssertEqual(rec.returns.first?.complete, false)
        XCTAssertEqual(rec.returns.first?.note, "缺第3页")
        XCTAssertFalse(rec.isOpen)
        XCTAssertTrue(again.problems.isEmpty, "\(again.problems)")
        // And from the cache.
        let cached = try ArchiveStore.open(store.root)
        XCTAssertTrue(cached.openedFromCache)
        XCTAssertEqual(cached.envelopes, again.envelopes)
        XCTAssertEqual(cached.register, again.register)
    }

    func testFilesArePrivateAndSortedKeysDiffCleanly() throws {
        let (store, env) = try makeArchive()
        var st = stat()
        stat(store.root, &st)
        XCTAssertEqual(st.st_mode & 0o777, 0o700)
        let rel = store.summary(id: env.id)!.relativePath
        stat(store.root + "/" + rel, &st)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)
        stat(store.root + "/archive.json", &st)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)
        let text = try String(contentsOfFile: store.root + "/" + rel, encoding: .utf8)
        XCTAssertTrue(rel.hasPrefix("cabinets/A/3/12/1201/\(env.id)/"))
        XCTAssertTrue(text.contains("\"owner\" : \"张伟\""))
        // keys in sorted order
        let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        XCTAssertEqual(keys, keys.sorted())
    }

    func testJournalIsAppendOnlyAndChained() throws {
        let (store, env) = try makeArchive()
        _ = try store.borrow(
            LoanRequest(documents: [env.documents[1].id], borrower: "赵磊", purpose: "核对", approver: "王建国"))
        let desk = store.deskID!
        let files = JournalFolder.entries(root: store.root, desk: desk, after: 0).names.map { $0.relativePath }
        XCTAssertEqual(files.count, 5, "\(files)")  // desk, archive, cabinet, envelope, loan
        // Edit an entry: its signature and the chain break, and check reports it.
        let victim = store.root + "/" + files[3]
        var text = try String(contentsOfFile: victim, encoding: .utf8)
        text = text.replacingOccurrences(of: "张伟", with: "张三")
        try text.write(toFile: victim, atomically: true, encoding: .utf8)
        let (_, problems) = try Integrity.check(store.root)
        XCTAssertTrue(problems.contains { $0.kind == .chain && $0.path == files[3] }, "\(problems)")
    }

    func testTwoStoresSeeEachOthersWritesAndNoLostUpdate() throws {
        let (a, env) = try makeArchive()
        let b = try ArchiveStore.open(a.root)
        b.clock = a.clock
        let copy = env.documents[1].id
        let (d1, _) = try a.borrow(LoanRequest(documents: [copy], borrower: "赵磊", purpose: "核对", approver: "王建国"))
        XCTAssertTrue(d1.allowed)
        // b has not looked yet; its next action sees a's loan and refuses the second loan.
        let (d2, l2) = try b.borrow(LoanRequest(documents: [copy], borrower: "刘洋", purpose: "维修", approver: "王建国"))
        XCTAssertFalse(d2.allowed)
        XCTAssertEqual(d2.rule, "loan.already-out")
        XCTAssertNil(l2)
        // Both edit the same envelope: both changes survive.
        try a.updateEnvelope(id: env.id) { $0.phones.append("13900139000") }
        try b.updateEnvelope(id: env.id) { $0.tenants.append("王五") }
        let e = try ArchiveStore.open(a.root, useCache: false).envelope(id: env.id)
        XCTAssertEqual(e.phones, ["13800138000", "13900139000"])
        XCTAssertEqual(e.tenants, ["王五"])
    }

    func testDamagedFilesDoNotStopTheArchive() throws {
        let (store, env) = try makeArchive()
        let other = Envelope(
            number: "KH-2", barcode: "B2", cabinet: "A", building: "3", floor: "12", unit: "1202", owner: "李四")
        try store.createEnvelope(other)
        let rel = store.summary(id: env.id)!.relativePath
        try Data("{\"id\": \"env-".utf8).write(to: URL(fileURLWithPath: store.root + "/" + rel))
        // The journal has both envelopes: the damaged file is reported, and written again from
        // the journal with its damaged bytes kept beside it.
        let again = try ArchiveStore.open(store.root, useCache: false)
        XCTAssertEqual(again.envelopes.count, 2)
        XCTAssertTrue(
            again.problems.contains { $0.path == rel && $0.kind == .projection && $0.message.contains("damaged") },
            "\(again.problems)")
        XCTAssertEqual(try again.envelope(id: other.id).owner, "李四")
        XCTAssertEqual(try again.envelope(id: env.id).owner, "张伟")
        let kept = DurableIO.list(DurableIO.parent(store.root + "/" + rel))!.filter {
            $0.hasPrefix(".envelope.json.replaced-")
        }
        XCTAssertEqual(kept.count, 1)
        // Wrong types in the settings file: reported; the settings come from the journal and a
        // change of them is made (the file written again from the journal).
        try Data("{\"id\": 5}".utf8).write(to: URL(fileURLWithPath: store.root + "/archive.json"))
        let third = try ArchiveStore.open(store.root, useCache: false)
        XCTAssertTrue(third.problems.contains { $0.path == "archive.json" }, "\(third.problems)")
        XCTAssertEqual(third.info.name, "测试档案")
        try third.updateSettings { $0.language = "zh" }
        XCTAssertEqual(try ArchiveStore.open(store.root, useCache: false).settings.language, "zh")
        try FileManager.default.removeItem(atPath: store.root + "/archive.json")
        let fourth = try ArchiveStore.open(store.root, useCache: false)
        XCTAssertTrue(
            fourth.problems.contains { $0.path == "archive.json" && $0.message.contains("missing") },
            "\(fourth.problems)")
        XCTAssertEqual(fourth.settings.language, "zh")
    }

    func testHostileNamesNeverBecomePaths() throws {
        for bad in [
            "../x", "a/b", "..", ".", "", "a\u{0}b", "a\nb", "-rf", "楼", "a b", String(repeating: "9", count: 30),
        ] {
            XCTAssertFalse(LocationCode.isValid(bad), bad)
        }
        for good in ["A", "3", "12", "1201", "-1".replacingOccurrences(of: "-", with: "B"), "K001", "b_2"] {
            XCTAssertTrue(LocationCode.isValid(good), good)
        }
        let (store, _) = try makeArchive()
        var e = Envelope(
            number: "n", barcode: "b", cabinet: "A", building: "../../etc", floor: "1", unit: "101", owner: "王")
        XCTAssertThrowsError(try store.createEnvelope(e)) { XCTAssertEqual(errorCase($0), "invalidField building") }
        e.building = "3"
        e.owner = "王\u{1b}[31m"
        XCTAssertThrowsError(try store.createEnvelope(e)) { XCTAssertTrue("\($0)".contains("owner")) }
        XCTAssertThrowsError(try store.createCabinet(code: "../A", label: "x", room: "")) {
            XCTAssertEqual(errorCase($0), "invalidField cabinet code")
        }
        XCTAssertFalse(DurableIO.exists(store.root + "/../etc"))
        XCTAssertEqual(Sanitize.visible("a\u{1b}[2Jb\u{202e}"), "a<U+1B>[2Jb<U+202E>")
    }

    func testEnvelopeReferencesResolve() throws {
        let (store, env) = try makeArchive()
        XCTAssertEqual(try store.resolveEnvelope("3-1201"), env.id)
        XCTAssertEqual(try store.resolveEnvelope("3栋1201"), env.id)
        XCTAssertEqual(try store.resolveEnvelope("KH-2020-00001"), env.id)
        XCTAssertEqual(try store.resolveEnvelope("DA0001010001"), env.id)
        XCTAssertEqual(try store.document(ref: "3-1201:2").1.id, env.documents[1].id)
        XCTAssertEqual(try store.document(ref: env.documents[3].id).1.kind, "施工图纸")
        XCTAssertThrowsError(try store.resolveEnvelope("9-9999")) { XCTAssertEqual(errorCase($0), "notFound") }
    }

    func testTimeFormatRoundTripsAndCountsMonthEnds() {
        let tf = TimeFormat(identifier: "Asia/Shanghai")
        let d = tf.parse("2026-01-31T23:30:00+08:00")!
        XCTAssertEqual(tf.iso(d), "2026-01-31T23:30:00+08:00")
        XCTAssertEqual(tf.iso(d.addingTimeInterval(86400)), "2026-02-01T23:30:00+08:00")
        XCTAssertEqual(tf.iso(tf.parse("2024-02-28 22:00")!.addingTimeInterval(3 * 86400)), "2024-03-02T22:00:00+08:00")
        XCTAssertNil(tf.parse("2026-02-30"))
        XCTAssertNil(tf.parse("garbage"))
    }

    func testSHA256Vectors() {
        XCTAssertEqual(
            Hashing.sha256Hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(Hashing.sha256Hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(
            Hashing.sha256Hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testGeneratorIsDeterministicAndRealistic() throws {
        let now = TestClock.now
        let a = tempDir("ga")
        let b = tempDir("gb")
        let ra = try Generator(envelopes: 300, seed: 7, now: now).write(to: a)
        _ = try Generator(envelopes: 300, seed: 7, now: now).write(to: b)
        XCTAssertEqual(ra.envelopes, 300)
        XCTAssertGreaterThan(ra.outstanding, 0)
        XCTAssertEqual(ra.overdue, 1)
        let sa = try ArchiveStore.open(a, useCache: false)
        let sb = try ArchiveStore.open(b, useCache: false)
        XCTAssertEqual(sa.envelopes.map { $0.owner }, sb.envelopes.map { $0.owner })
        XCTAssertEqual(sa.envelopes.map { $0.id }, sb.envelopes.map { $0.id })
        let owners = sa.envelopes.map { $0.owner }
        XCTAssertTrue(owners.contains("欧阳明"))
        XCTAssertTrue(owners.contains { $0.hasPrefix("单") } && owners.contains { $0.hasPrefix("曾") })
        XCTAssertTrue(sa.envelopes.contains { $0.missing > 0 })
        let (_, problems) = try Integrity.check(a)
        XCTAssertEqual(problems, [])
    }
}

final class WorkflowTests: XCTestCase {
    func testChangeOfOwnershipClosesAndLinks() throws {
        let (store, env) = try makeArchive()
        let n = try store.changeOwnership(envelope: env.id, newOwner: "李四", number: "KH-2026-00001")
        let old = try store.envelope(id: env.id)
        XCTAssertEqual(old.status, .closed)
        XCTAssertEqual(old.nextEnvelope, n.id)
        XCTAssertEqual(n.previousEnvelope, env.id)
        XCTAssertEqual(n.location, old.location)
        XCTAssertEqual(try store.resolveEnvelope("3-1201"), n.id)  // the room now means the active envelope
        XCTAssertThrowsError(try store.changeOwnership(envelope: env.id, newOwner: "王五", number: "x")) {
            XCTAssertEqual(ruleOf($0), "ownership.closed")
        }
        let again = try ArchiveStore.open(store.root, useCache: false)
        XCTAssertEqual(again.envelopes.count, 2)
        XCTAssertEqual(again.problems, [])
    }

    func testEditAndRefileAreAudited() throws {
        let (store, env) = try makeArchive()
        try store.updateEnvelope(id: env.id) {
            $0.tenants = ["王五"]
            $0.floor = "13"
            $0.unit = "1301"
        }
        let s = try ArchiveStore.open(store.root, useCache: false)
        XCTAssertEqual(s.summary(id: env.id)?.unit, "1301")
        XCTAssertEqual(s.problems, [])
        XCTAssertFalse(DurableIO.exists(store.root + "/cabinets/A/3/12/1201/\(env.id)"))
        let d = try store.addDocument(
            envelope: env.id, Document(kind: "投诉记录", title: "投诉", original: true, date: "2026-01-02"))
        XCTAssertEqual(DocumentID.envelope(of: d.id), env.id)
        XCTAssertThrowsError(
            try store.addDocument(envelope: env.id, Document(kind: "不存在", title: "x", original: true, date: ""))
        ) { XCTAssertEqual(errorCase($0), "invalidField kind") }
        XCTAssertThrowsError(
            try store.addDocument(
                envelope: env.id, Document(kind: "投诉记录", title: "x", original: true, date: "2026-13-01"))
        ) { XCTAssertEqual(errorCase($0), "invalidField document date") }
        let (_, problems) = try Integrity.check(store.root)
        XCTAssertEqual(problems, [])
    }
}
