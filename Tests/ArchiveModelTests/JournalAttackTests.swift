import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// The register as evidence (issue 14): each way the first format could be made to lie is now a
/// refused write or a reported problem.
final class JournalAttackTests: XCTestCase {
    func entries(_ s: ArchiveStore) -> [JournalFolder.Name] {
        JournalFolder.entries(root: s.root, desk: s.deskID!, after: 0).names
    }

    func problems(_ s: ArchiveStore) throws -> [Problem] { try Integrity.check(s.root).1 }

    func lend(_ s: ArchiveStore, _ doc: String, to who: String = "赵磊") throws -> Loan? {
        try s.borrow(LoanRequest(documents: [doc], borrower: who, purpose: "核对", approver: "王建国", type: .short)).1
    }

    /// A planted entry: a file named like an entry after the last one, a file with a name no
    /// entry has, and an entry in a desk folder nobody introduced. Nothing of them is folded,
    /// `check` names each, and the next loans are written and seen as usual.
    func testPlantedAndMisnamedEntriesAreReportedAndChangeNothing() throws {
        let (s, e) = try makeArchive()
        let doc = e.documents[1].id
        let last = try XCTUnwrap(entries(s).last)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: s.root + "/" + last.relativePath))
        // A copy of the last entry, renamed as the next one (its prev hash is even right for
        // the entry before): its signature is over other bytes and its number disagrees.
        let bucket = s.root + "/journal/\(s.deskID!)/\(EntryFile.bucket(last.seq + 1))"
        try FileManager.default.createDirectory(atPath: bucket, withIntermediateDirectories: true)
        try bytes.write(
            to: URL(fileURLWithPath: bucket + "/" + EntryFile.name(seq: last.seq + 1, hash: "0123456789ab")))
        // The first format's overflow trick, and a stray.
        try bytes.write(to: URL(fileURLWithPath: bucket + "/9999999999-j-aaaaaaaaaaaaaaaaaaaa.json"))
        // A desk nobody introduced, with an entry lending the document.
        let fake = s.root + "/journal/" + RecordID.make("dsk") + "/000000000"
        try FileManager.default.createDirectory(atPath: fake, withIntermediateDirectories: true)
        try bytes.write(to: URL(fileURLWithPath: fake + "/" + EntryFile.name(seq: 1, hash: "abcdefabcdef")))
        let again = try ArchiveStore.open(s.root, useCache: false)
        XCTAssertNil(again.register.openByDocument[doc])
        let found = try problems(s)
        XCTAssertTrue(
            found.contains {
                $0.kind == .chain && $0.path.hasSuffix(EntryFile.name(seq: last.seq + 1, hash: "0123456789ab"))
            }, "\(found)")
        XCTAssertTrue(
            found.contains { $0.kind == .unexpected && $0.path.hasSuffix("9999999999-j-aaaaaaaaaaaaaaaaaaaa.json") },
            "\(found)")
        XCTAssertTrue(
            found.contains { $0.kind == .chain && $0.path.hasPrefix("journal/dsk-") && !$0.path.contains(s.deskID!) },
            "\(found)")
        // Loans after the planted files are written, numbered and seen as usual: the planted
        // file beside the real entry is ignored; two loans of the document are refused.
        XCTAssertNotNil(try lend(again, doc))
        XCTAssertEqual(
            try again.borrow(LoanRequest(documents: [doc], borrower: "刘洋", purpose: "x", approver: "王建国")).0.rule,
            "loan.already-out")
        let reread = try ArchiveStore.open(s.root, useCache: false)
        XCTAssertNotNil(reread.register.openByDocument[doc])
        XCTAssertEqual(reread.register.open.count, 1)
        XCTAssertTrue(
            reread.problems.contains {
                $0.path.hasSuffix(EntryFile.name(seq: last.seq + 1, hash: "0123456789ab"))
                    && $0.message.contains("ignored")
            })
    }

    /// Each kind of tampering with the journal is reported by `check`.
    func testTamperingIsDetected() throws {
        func fresh() throws -> (ArchiveStore, [JournalFolder.Name]) {
            let (s, e) = try makeArchive()
            _ = try lend(s, e.documents[1].id)
            try s.returnDocuments([e.documents[1].id])
            _ = try ArchiveStore.open(s.root)  // anchors now include the last entry
            return (s, entries(s))
        }
        func has(_ ps: [Problem], _ what: String, _ line: UInt = #line) {
            XCTAssertTrue(ps.contains { $0.kind == .chain && $0.message.contains(what) }, "\(what): \(ps)", line: line)
        }
        // The last entry removed.
        var (s, es) = try fresh()
        try FileManager.default.removeItem(atPath: s.root + "/" + es.last!.relativePath)
        has(try problems(s), "entries were removed")
        // The last entry edited (its name then no longer matches its hash; renamed to match,
        // its signature still fails).
        (s, es) = try fresh()
        var text = try String(contentsOfFile: s.root + "/" + es.last!.relativePath, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"complete\":true", with: "\"complete\":false")
        try FileManager.default.removeItem(atPath: s.root + "/" + es.last!.relativePath)
        let renamed =
            DurableIO.parent(s.root + "/" + es.last!.relativePath) + "/"
            + EntryFile.name(seq: es.last!.seq, hash: Hashing.sha256Hex(Array(text.utf8)))
        try text.write(toFile: renamed, atomically: true, encoding: .utf8)
        has(try problems(s), "signature")
        // A forged return appended, chained by hash but signed by another key.
        (s, es) = try fresh()
        let forger = try ArchiveStore.create(at: tempDir("forger"), name: "另一个")
        let lastBytes = Array(try Data(contentsOf: URL(fileURLWithPath: s.root + "/" + es.last!.relativePath)))
        var forged = JournalEntry(
            desk: s.deskID!, seq: es.last!.seq + 1, prev: Hashing.sha256Hex(lastBytes), lamport: 999, at: TestClock.now,
            by: "李敏", action: .return)
        forged.loanReturn = LoanReturn(
            loan: "loan-x", documents: [], at: TestClock.now, complete: true, note: "", archivist: "李敏")
        let fb = try EntryFile.encode(forged, key: forger.desk!.key, coding: s.coding)
        let fdir = s.root + "/journal/\(s.deskID!)/\(EntryFile.bucket(forged.seq))"
        try Data(fb).write(
            to: URL(fileURLWithPath: fdir + "/" + EntryFile.name(seq: forged.seq, hash: Hashing.sha256Hex(fb))))
        has(try problems(s), "signature")
        // A rewritten tail: the last two entries replaced by one signed by another key.
        (s, es) = try fresh()
        for n in es.suffix(2) { try FileManager.default.removeItem(atPath: s.root + "/" + n.relativePath) }
        has(try problems(s), "entries were removed")
        // An entry moved to another desk's folder, and one to another bucket.
        (s, es) = try fresh()
        let moved = es[es.count - 2]
        let other = s.root + "/journal/\(s.deskID!)/000000001"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try FileManager.default.moveItem(
            atPath: s.root + "/" + moved.relativePath, toPath: other + "/" + DurableIO.basename(moved.relativePath))
        let ps = try problems(s)
        XCTAssertTrue(ps.contains { $0.kind == .unexpected && $0.message.contains("wrong folder") }, "\(ps)")
        has(ps, "missing")
    }

    /// Hand edits of an envelope file (owner, ID number, a document removed): `check` names the
    /// fields; `show` and the lists keep the journal's values; one edit adopted (journaled, as
    /// the person who adopted it), one reverted.
    func testHandEditsAreReportedAdoptedOrReverted() throws {
        let (s, e) = try makeArchive()
        let rel = s.summary(id: e.id)!.relativePath
        var edited = try s.envelope(id: e.id)
        edited.owner = "张三"
        edited.idNumber = "11010519491231002X"
        edited.documents.removeLast()
        try Data(JSONCoding.bytes(edited, JSONCoding.encoder(s.timeFormat))).write(
            to: URL(fileURLWithPath: s.root + "/" + rel))
        let ps = try problems(s)
        let p = try XCTUnwrap(ps.first { $0.path == rel && $0.kind == .projection }, "\(ps)")
        for field in ["owner", "idNumber", "documents/\(e.documents.last!.id)"] {
            XCTAssertTrue(p.message.contains(field), p.message)
        }
        let o = try ArchiveStore.open(s.root)
        XCTAssertEqual(try o.envelope(id: e.id).owner, "张伟")
        XCTAssertEqual(o.summary(id: e.id)?.owner, "张伟")
        XCTAssertEqual(
            Set(o.fileDifference(id: e.id) ?? []), ["owner", "idNumber", "documents/\(e.documents.last!.id)"])
        // A change of the envelope is refused until the edit is adopted or reverted.
        XCTAssertThrowsError(try o.updateEnvelope(id: e.id) { $0.note = "x" }) { err in
            XCTAssertEqual(
                (err as? ArchiveError).map {
                    if case .refused(let r, _) = $0 { return r }
                    return ""
                }, "file.hand-edited")
        }
        // Adopted (by the archivist only): journaled with who adopted it.
        o.operatorName = "王建国"
        XCTAssertThrowsError(try o.adoptFile(envelope: e.id)) { err in
            XCTAssertEqual(
                (err as? ArchiveError).map {
                    if case .refused(let r, _) = $0 { return r }
                    return ""
                }, "role.archivist")
        }
        o.operatorName = "李敏"
        XCTAssertEqual(
            Set(try o.adoptFile(envelope: e.id)), ["owner", "idNumber", "documents/\(e.documents.last!.id)"])
        XCTAssertEqual(try o.envelope(id: e.id).owner, "张三")
        let h = try o.history(envelope: e.id).last { $0.action == "envelope.adopt" }
        XCTAssertEqual(h?.by, "李敏")
        XCTAssertTrue(try problems(s).filter { $0.path == rel }.isEmpty)
        // Another edit, reverted: the file shows the journal again, the revert is journaled.
        var again = try o.envelope(id: e.id)
        again.owner = "李四"
        try Data(JSONCoding.bytes(again, JSONCoding.encoder(s.timeFormat))).write(
            to: URL(fileURLWithPath: s.root + "/" + rel))
        XCTAssertEqual(try ArchiveStore.open(s.root).revertFile(envelope: e.id), ["owner"])
        XCTAssertEqual(try ArchiveStore.open(s.root, useCache: false).envelope(id: e.id).owner, "张三")
        XCTAssertTrue(
            try problems(s).filter { $0.path == rel && $0.kind == .projection && $0.message.contains("differs") }
                .isEmpty)
    }

    /// A form opened before another process changed the same envelope merges field by field:
    /// untouched fields keep the newer values (nothing reverted); a field both changed is refused
    /// naming it. A masked number left as shown is not a change.
    func testFormOpenDuringAnotherWriteNeverRevertsIt() throws {
        let (a, e) = try makeArchive()
        let b = try ArchiveStore.open(a.root)
        b.clock = a.clock
        let opened = try a.envelope(id: e.id)  // the form opens on this
        try b.updateEnvelope(id: e.id) {  // another process writes meanwhile
            $0.note = "另一进程"
            $0.phones = ["13900139000"]
            $0.tenants = ["王五"]
        }
        // Enter with nothing touched: nothing written, nothing reverted.
        let untouched = try a.updateEnvelope(id: e.id, basedOn: opened) { _ in }
        XCTAssertEqual(untouched.note, "另一进程")
        // A field the other did not touch: merged.
        let merged = try a.updateEnvelope(id: e.id, basedOn: opened) { $0.owner = "张伟伟" }
        XCTAssertEqual(merged.owner, "张伟伟")
        XCTAssertEqual(merged.note, "另一进程")
        XCTAssertEqual(merged.phones, ["13900139000"])
        XCTAssertEqual(merged.tenants, ["王五"])
        // A field both changed: refused, naming it.
        XCTAssertThrowsError(try a.updateEnvelope(id: e.id, basedOn: opened) { $0.note = "表单里的" }) { err in
            guard case ArchiveError.refused(let rule, let m) = err else { return XCTFail("\(err)") }
            XCTAssertEqual(rule, "edit.stale")
            XCTAssertTrue(m.contains("备注"), m)
        }
        XCTAssertEqual(try ArchiveStore.open(a.root, useCache: false).envelope(id: e.id).note, "另一进程")
        // Moved by the other process meanwhile: the form's change lands on the moved envelope.
        let before = try a.envelope(id: e.id)
        try b.updateEnvelope(id: e.id) { $0.unit = "1202" }
        let afterMove = try a.updateEnvelope(id: e.id, basedOn: before) { $0.coOwners = ["欧阳娜", "张小伟"] }
        XCTAssertEqual(afterMove.unit, "1202")
        XCTAssertEqual(afterMove.coOwners, ["欧阳娜", "张小伟"])
    }

    /// A return form opened for one loan does not close another: the document meanwhile came
    /// back and went out again to someone else.
    func testStaleReturnFormClosesNoOtherLoan() throws {
        let (a, e) = try makeArchive()
        let b = try ArchiveStore.open(a.root)
        b.clock = a.clock
        let doc = e.documents[1].id
        let first = try XCTUnwrap(try lend(a, doc))
        let expected = [doc: first.id]  // the form opens for loan 1
        try b.returnDocuments([doc])
        let second = try XCTUnwrap(try lend(b, doc, to: "第二借阅人"))
        XCTAssertThrowsError(try a.returnDocuments([doc], expected: expected)) { err in
            guard case ArchiveError.refused(let rule, let m) = err else { return XCTFail("\(err)") }
            XCTAssertEqual(rule, "return.stale")
            XCTAssertTrue(m.contains("第二借阅人"), m)
        }
        XCTAssertTrue(try ArchiveStore.open(a.root).register.records[second.id]!.isOpen)
    }

    /// A settings change writes only the setting that changed: a stale process changing the
    /// language does not undo an operator or staff change made meanwhile.
    func testSettingsChangeWritesOnlyWhatChanged() throws {
        let (a, _) = try makeArchive()
        let b = try ArchiveStore.open(a.root)
        try b.updateSettings {
            $0.operator = "陈静"
            $0.staff.append(StaffMember(name: "周明", role: .staff))
        }
        try a.updateSettings { $0.language = "en" }  // a knew nothing of b's change
        let s = try ArchiveStore.open(a.root, useCache: false).settings
        XCTAssertEqual(s.language, "en")
        XCTAssertEqual(s.operator, "陈静")
        XCTAssertTrue(s.staff.contains { $0.name == "周明" })
    }

    /// Entries hold changes: adding one document to an envelope of 5,000 writes a few hundred
    /// bytes, not the envelope before and after.
    func testAnEntryIsTheSizeOfItsChange() throws {
        let (s, e) = try makeArchive()
        try s.updateEnvelope(id: e.id) { env in
            for i in 0..<5000 {
                env.documents.append(
                    Document(
                        id: DocumentID.make(envelope: e.id), kind: "沟通记录", title: "沟通记录\(i)", original: true,
                        date: "2020-05-01"))
            }
        }
        try s.addDocument(envelope: e.id, Document(kind: "投诉记录", title: "新投诉", original: true, date: "2021-01-01"))
        let last = try XCTUnwrap(entries(s).last)
        let size = try FileManager.default.attributesOfItem(atPath: s.root + "/" + last.relativePath)[.size] as! Int
        XCTAssertLessThan(size, 1200, "an entry adding one document is \(size) bytes")
        XCTAssertEqual(try s.envelope(id: e.id).documents.count, e.documents.count + 5001)
    }

    /// "Changed since a day" follows each envelope's own latest change, not the chain's order:
    /// a history of back-dated loans written after the envelopes hides nothing.
    func testEnvelopesChangedSinceADayWithBackDatedLoansAfterThem() throws {
        let path = tempDir("since")
        let t0 = TestClock.now
        try Generator(envelopes: 20, seed: 3, now: t0, historyLoans: 60).write(to: path)
        let store = try ArchiveStore.open(path)
        let tf = store.timeFormat
        XCTAssertEqual(store.envelopesChanged(since: tf.day(t0)).count, 20)
        let later = t0.addingTimeInterval(2 * 86_400)
        XCTAssertEqual(store.envelopesChanged(since: tf.day(later)), [])
        store.clock = { later }
        let id = store.envelopes[7].id
        try store.updateEnvelope(id: id) { $0.note = "换了锁" }
        XCTAssertEqual(store.envelopesChanged(since: tf.day(later)), [id])
        XCTAssertEqual(try ArchiveStore.open(path, useCache: false).envelopesChanged(since: tf.day(later)), [id])
    }

    /// A renewal and a return in an envelope's history name their entry and desk, as a loan does.
    func testReturnsAndRenewalsInTheHistoryNameTheirEntryAndDesk() throws {
        let (s, e) = try makeArchive()
        let doc = e.documents.first { $0.title == "合同复印件" }!.id
        let loan = try XCTUnwrap(try lend(s, doc))
        XCTAssertTrue(try s.renew(loan: loan.id).allowed)
        try s.returnDocuments([doc])
        let desk = try XCTUnwrap(s.deskID)
        let items = try ArchiveStore.open(s.root, useCache: false).history(envelope: e.id)
        for action in ["loan", "renew", "return"] {
            let item = try XCTUnwrap(items.first { $0.action == action }, action)
            XCTAssertEqual(item.desk, desk, action)
            XCTAssertTrue(item.entry.hasPrefix(desk + ":"), "\(action): \(item.entry)")
        }
        XCTAssertEqual(Set(items.filter { ["loan", "renew", "return"].contains($0.action) }.map { $0.entry }).count, 3)
    }

    /// A hand edit that gives an envelope another's number is not adopted (numbers stay unique).
    func testAHandEditCopyingAnotherNumberIsNotAdopted() throws {
        let (s, e) = try makeArchive()
        let other = try s.createEnvelope(
            Envelope(
                number: "KH-2020-00002", barcode: "DA0001010002", cabinet: "A", building: "3", floor: "12",
                unit: "1202", owner: "李四"))
        let rel = s.summary(id: other.id)!.relativePath
        var edited = try s.envelope(id: other.id)
        edited.number = e.number
        try Data(JSONCoding.bytes(edited, JSONCoding.encoder(s.timeFormat))).write(
            to: URL(fileURLWithPath: s.root + "/" + rel))
        let o = try ArchiveStore.open(s.root)
        XCTAssertThrowsError(try o.adoptFile(envelope: other.id)) {
            XCTAssertEqual(errorCase($0), "refused envelope.number-taken")
        }
        XCTAssertEqual(try o.envelope(id: other.id).number, "KH-2020-00002")
        XCTAssertEqual(try o.revertFile(envelope: other.id), ["number"])
    }
}
