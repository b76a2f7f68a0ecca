import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel
@testable import ArchiveTUI

/// Bounded reads (issue 15, point 4): a 40 GB envelope file or journal entry (sparse: no disk
/// is used) is refused from its size, never allocated; `check` names it; `ls`, `search`,
/// `show` of the others and the UI keep working. A FIFO in place of a file does not hang.
final class BoundedReadTests: XCTestCase {
    func sparse(_ path: String, gigabytes: Int) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        XCTAssertEqual(ftruncate(fd, off_t(gigabytes) << 30), 0)
        close(fd)
    }

    func testHugeFilesAreReportedNeverAllocated() throws {
        let path = sample("huge")
        let store = try ArchiveStore.open(path)
        let big = store.envelopes[7]
        let fifo = store.envelopes[8]
        sparse(path + "/" + big.relativePath, gigabytes: 40)
        XCTAssertEqual(unlink(path + "/" + fifo.relativePath), 0)
        XCTAssertEqual(mkfifo(path + "/" + fifo.relativePath, 0o600), 0)
        // A journal entry after the last one of the archive's desk, 40 GB.
        let desk = store.frontier.keys.sorted().first!
        let seq = store.frontier[desk]!.seq + 1
        let month = path + "/journal/" + desk + "/" + EntryFile.bucket(seq)
        let entry = EntryFile.name(seq: seq, hash: "aaaaaaaaaaaa")
        try FileManager.default.createDirectory(atPath: month, withIntermediateDirectories: true)
        sparse(month + "/" + entry, gigabytes: 40)
        unlink(path + "/.dangan/checkpoint.v7")  // a full fold reads every file

        var r = Run.dangan(["ls", big.cabinet, "--archive", path])
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(r.stdout.contains("[损坏]"), r.stdout)
        r = Run.dangan(["search", "zw", "--archive", path])
        XCTAssertEqual(r.code, 0, r.both)
        r = Run.dangan(["show", store.envelopes[9].id, "--archive", path])
        XCTAssertEqual(r.code, 0, r.both)
        // The journal has the envelope: shown from it, with a note that its file cannot be read.
        r = Run.dangan(["show", big.id, "--archive", path])
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(r.stdout.contains(big.owner), r.stdout)
        XCTAssertTrue(
            r.stderr.contains("is 42,949,672,960 bytes, more than the 16 MiB an envelope file may have"), r.stderr)
        r = Run.dangan(["check", "--archive", path])
        XCTAssertEqual(r.code, 1, r.both)
        XCTAssertTrue(r.stdout.contains("damaged\t\(big.relativePath)\tis 42,949,672,960 bytes"), r.stdout)
        XCTAssertTrue(
            r.stdout.contains(
                """
                damaged\tjournal/\(desk)/\(EntryFile.bucket(seq))/\(entry)\tis 42,949,672,960 bytes, more than \
                the 64 MiB
                """
            ),
            r.stdout)
        XCTAssertTrue(
            r.stdout.contains("damaged\t\(fifo.relativePath)\tis a FIFO (named pipe), not a regular file"), r.stdout)
        XCTAssertTrue(
            r.stdout.contains("unexpected\t\(fifo.relativePath)\ta FIFO (named pipe) has no place in an archive"),
            r.stdout)
        // The UI: opens, lists the cabinet, shows the damaged envelopes as damaged.
        let opened = try ArchiveStore.open(path)
        let ui = Program(
            state: AppState(lang: .en, width: 100, height: 30),
            env: Env(store: opened, search: SearchEngine(store: opened, persist: false)))
        _ = ui.screen
        ui.send(.char("l"))
        for _ in 0..<12 {
            ui.send(.char("j"))
            _ = ui.screen
        }
        XCTAssertEqual(opened.summary(id: big.id)?.damaged?.contains("more than the 16 MiB"), true)
        // Limits by kind, from the file's name.
        XCTAssertEqual(DurableIO.FileKind(path: path + "/" + big.relativePath), .envelope)
        XCTAssertEqual(DurableIO.FileKind(path: month + "/" + entry), .journalEntry)
        XCTAssertEqual(DurableIO.FileKind(path: path + "/archive.json"), .settings)
        XCTAssertEqual(DurableIO.FileKind(path: path + "/.dangan/index.v1"), .cache)
        // Outside an archive a stream is read up to its kind's limit.
        sparse(path + "-big.csv", gigabytes: 40)
        r = Run.dangan(["import", path + "-big.csv", "--archive", path])
        XCTAssertEqual(r.code, 1, r.both)
        XCTAssertTrue(r.stderr.contains("more than the 512 MiB a spreadsheet may have"), r.stderr)
        unlink(path + "-big.csv")
    }

    /// An oversize archive.json or cabinet file: the archive opens on defaults and says so.
    func testOversizeSettingsAndCabinetFile() throws {
        let path = sample("huge-settings")
        sparse(path + "/archive.json", gigabytes: 40)
        sparse(path + "/cabinets/B/cabinet.json", gigabytes: 40)
        let r = Run.dangan(["check", "--archive", path])
        XCTAssertEqual(r.code, 1, r.both)
        XCTAssertTrue(
            r.stdout.contains(
                "settings\tarchive.json\tis 42,949,672,960 bytes, more than the 16 MiB archive.json may have"),
            r.stdout)
        XCTAssertTrue(
            r.stdout.contains("damaged\tcabinets/B/cabinet.json\tis 42,949,672,960 bytes, more than the 1 MiB"),
            r.stdout)
        XCTAssertEqual(Run.dangan(["ls", "--archive", path]).code, 0)
    }
}
