import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// Links planted inside the archive (issue 15, point 1): every write that would follow one out
/// of the archive is refused and changes nothing outside; `check` lists every link and fails.
/// Each attack runs as root and, when the tests run as root, again as `nobody` (setpriv) on an
/// archive nobody owns — so that the refusal is dangan's, not the permissions'.
final class LinkTests: XCTestCase {
    struct Setup {
        let path: String  // the archive
        let outside: String  // a folder outside it, holding victim.txt
        let document: String  // a copy anyone may borrow
        let envelope: EnvelopeSummary
        var victim: String { outside + "/victim.txt" }
    }

    func fresh(_ name: String) throws -> Setup {
        let path = sample("link-" + name)
        // nobody works as the archivist here: the refusals are the links'
        Run.mapLogin("nobody", to: "李敏", archive: path)
        let outside = folder("outside-" + name)
        try "precious".write(toFile: outside + "/victim.txt", atomically: false, encoding: .utf8)
        let store = try ArchiveStore.open(path)
        var doc: String? = nil
        var env: EnvelopeSummary? = nil
        for s in store.envelopes where doc == nil {
            if let d = try store.envelope(id: s.id).documents.first(where: {
                !$0.original && $0.secrecy == .none && store.state(of: $0) == .present
            }) {
                doc = d.id
                env = s
            }
        }
        return Setup(path: path, outside: outside, document: try XCTUnwrap(doc), envelope: try XCTUnwrap(env))
    }

    /// Every file under `folder` with its contents: what must not change.
    func snapshot(_ folder: String) -> [String: String] {
        var out: [String: String] = [:]
        let e = FileManager.default.enumerator(atPath: folder)
        while let f = e?.nextObject() as? String { out[f] = Run.contents(folder + "/" + f) }
        return out
    }

    func testWritesNeverFollowLinksOutOfTheArchive() throws {
        for nobody in Run.isRoot ? [false, true] : [false] {
            try lockFileAsSymbolicLink(nobody)
            try lockFileAsHardLink(nobody)
            try folderAsSymbolicLink(".dangan", nobody)
            try folderAsSymbolicLink("journal", nobody)
            try unitFolderAsSymbolicLink(nobody)
            try envelopeFileAsSymbolicLink(nobody)
        }
    }

    func borrow(_ s: Setup, _ nobody: Bool) -> Run.Result {
        Run.dangan(
            ["borrow", s.document, "--to", "赵磊", "--purpose", "核对", "--approver", "王建国", "--archive", s.path],
            asNobody: nobody)
    }

    func assertCheckLists(_ s: Setup, _ rel: String, _ words: String, _ nobody: Bool, line: UInt = #line) {
        let r = Run.dangan(["check", "--archive", s.path], asNobody: nobody)
        XCTAssertEqual(r.code, 1, r.both, line: line)
        XCTAssertTrue(r.stdout.contains("link\t\(rel)\t") && r.stdout.contains(words), "\(rel): \(r.both)", line: line)
    }

    func lockFileAsSymbolicLink(_ nobody: Bool) throws {
        let s = try fresh("lock-sym")
        Run.giveToNobody(s.path, s.outside)
        let lock = s.path + "/.dangan/lock"
        XCTAssertEqual(unlink(lock), 0)
        XCTAssertEqual(symlink(s.victim, lock), 0)
        let r = borrow(s, nobody)
        XCTAssertEqual(r.code, 1, r.both)
        XCTAssertTrue(r.stderr.contains(".dangan/lock") && r.stderr.contains("symbolic link"), r.both)
        XCTAssertEqual(Run.contents(s.victim), "precious")
        XCTAssertEqual(Run.kind(lock), "link")
        assertCheckLists(s, ".dangan/lock", "symbolic link to \(s.victim)", nobody)
    }

    func lockFileAsHardLink(_ nobody: Bool) throws {
        let s = try fresh("lock-hard")
        Run.giveToNobody(s.path, s.outside)
        let lock = s.path + "/.dangan/lock"
        XCTAssertEqual(unlink(lock), 0)
        XCTAssertEqual(link(s.victim, lock), 0)
        let r = borrow(s, nobody)
        XCTAssertEqual(r.code, 1, r.both)
        XCTAssertTrue(r.stderr.contains("hard link"), r.both)
        XCTAssertEqual(Run.contents(s.victim), "precious")  // its first 8 bytes were the target
        // Reading the counter does not write either: a listing works and leaves it alone.
        XCTAssertEqual(Run.dangan(["ls", "--archive", s.path], asNobody: nobody).code, 0)
        XCTAssertEqual(Run.contents(s.victim), "precious")
        assertCheckLists(s, ".dangan/lock", "hard link: the file has 2 names", nobody)
    }

    /// `.dangan` or `journal` moved outside and replaced by a link to it.
    func folderAsSymbolicLink(_ folder: String, _ nobody: Bool) throws {
        let s = try fresh("dir-" + folder)
        let moved = s.outside + "/moved"
        XCTAssertEqual(rename(s.path + "/" + folder, moved), 0)
        XCTAssertEqual(symlink(moved, s.path + "/" + folder), 0)
        Run.giveToNobody(s.path, s.outside)
        let before = snapshot(s.outside)
        var r = borrow(s, nobody)
        XCTAssertEqual(r.code, 1, "\(folder): \(r.both)")
        XCTAssertTrue(r.stderr.contains("/\(folder)") && r.stderr.contains("symbolic link"), r.both)
        r = Run.dangan(["ls", "A", "--archive", s.path], asNobody: nobody)
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(r.stderr.contains("warning") && r.stderr.contains("symbolic link"), r.both)
        r = Run.dangan(["search", "zw", "--archive", s.path], asNobody: nobody)  // not from an index outside
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(r.stdout.contains("match"), r.stdout)
        XCTAssertEqual(
            Run.dangan(["envelope", "edit", s.envelope.id, "--note", "x", "--archive", s.path], asNobody: nobody).code,
            1)
        XCTAssertEqual(snapshot(s.outside), before, "something was written through \(folder)")
        assertCheckLists(s, folder, "symbolic link to \(moved)", nobody)
    }

    /// A unit folder moved outside and linked back: the envelope in it is not read, edited,
    /// refiled or deleted through the link.
    func unitFolderAsSymbolicLink(_ nobody: Bool) throws {
        let s = try fresh("unit")
        let e = s.envelope
        let unit = s.path + "/cabinets/\(e.cabinet)/\(e.building)/\(e.floor)/\(e.unit)"
        let moved = s.outside + "/unit"
        XCTAssertEqual(rename(unit, moved), 0)
        XCTAssertEqual(symlink(moved, unit), 0)
        Run.giveToNobody(s.path, s.outside)
        let before = snapshot(s.outside)
        // Shown as the journal has it, with a note: the file is not read through the link.
        var r = Run.dangan(["show", e.id, "--archive", s.path], asNobody: nobody)
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(r.stderr.contains("reached through a symbolic link"), r.both)
        r = Run.dangan(["envelope", "edit", e.id, "--note", "x", "--archive", s.path], asNobody: nobody)
        XCTAssertEqual(r.code, 1, r.both)
        r = Run.dangan(
            ["envelope", "edit", e.id, "--move", "\(e.cabinet)/\(e.building)/\(e.floor)/9999", "--archive", s.path],
            asNobody: nobody)
        XCTAssertEqual(r.code, 1, r.both)
        // A loan writes only the journal (inside the archive): it goes through, nothing outside changes.
        XCTAssertEqual(borrow(s, nobody).code, 0)
        XCTAssertEqual(snapshot(s.outside), before)
        XCTAssertTrue(FileManager.default.fileExists(atPath: moved + "/\(e.id)/envelope.json"))
        let rel = "cabinets/\(e.cabinet)/\(e.building)/\(e.floor)/\(e.unit)"
        assertCheckLists(s, rel, "symbolic link to \(moved)", nobody)
    }

    /// An envelope.json replaced by a link to a file outside: not read, not replaced.
    func envelopeFileAsSymbolicLink(_ nobody: Bool) throws {
        let s = try fresh("file")
        let file = s.path + "/" + s.envelope.relativePath
        XCTAssertEqual(rename(file, s.outside + "/envelope.json"), 0)
        XCTAssertEqual(symlink(s.outside + "/envelope.json", file), 0)
        Run.giveToNobody(s.path, s.outside)
        let before = snapshot(s.outside)
        let r = Run.dangan(["envelope", "edit", s.envelope.id, "--note", "x", "--archive", s.path], asNobody: nobody)
        XCTAssertEqual(r.code, 1, r.both)
        XCTAssertTrue(r.stderr.contains("symbolic link"), r.both)
        XCTAssertEqual(Run.kind(file), "link")
        XCTAssertEqual(snapshot(s.outside), before)
        assertCheckLists(s, s.envelope.relativePath, "symbolic link to \(s.outside)/envelope.json", nobody)
    }

    /// Folders others may write: opening warns (top folders), `check` fails on any of them.
    func testFoldersOthersMayWriteWarnOnOpenAndFailCheck() throws {
        let path = sample("perm-open")
        var r = Run.dangan(["ls", "--archive", path])
        XCTAssertEqual(r.code, 0)
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(Run.dangan(["check", "--archive", path]).code, 0)
        chmod(path + "/cabinets", 0o775)
        r = Run.dangan(["ls", "--archive", path])
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(
            r.stderr.contains("warning") && r.stderr.contains(path + "/cabinets") && r.stderr.contains("its group"),
            r.stderr)
        let store = try ArchiveStore.open(path)
        let unit = DurableIO.parent(DurableIO.parent(store.envelopes[3].relativePath))
        chmod(path + "/" + unit, 0o757)
        r = Run.dangan(["check", "--archive", path])
        XCTAssertEqual(r.code, 1, r.both)
        XCTAssertTrue(
            r.stdout.contains("permissions\tcabinets\tfolder may be written by its group (mode 775)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("permissions\t\(unit)\tfolder may be written by everyone (mode 757)"), r.stdout)
        chmod(path + "/cabinets", 0o700)
        chmod(path + "/" + unit, 0o700)
        XCTAssertEqual(Run.dangan(["check", "--archive", path]).code, 0)
    }
}
