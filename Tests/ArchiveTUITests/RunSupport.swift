import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// Runs the real binary with standard output and standard error apart, optionally as the
/// unprivileged user `nobody` (through setpriv, when the tests run as root) and with standard
/// output sent to a descriptor the test prepared (a file on a full disk, a pipe nobody reads).
enum Run {
    struct Result {
        var code: Int32
        var out: [UInt8]
        var err: [UInt8]
        var stdout: String { String(decoding: out, as: UTF8.self) }
        var stderr: String { String(decoding: err, as: UTF8.self) }
        var both: String { stdout + stderr }
    }

    static var isRoot: Bool { getuid() == 0 }

    /// `dangan ARGS`. With `asNobody` (and root), it runs as uid/gid 65534 with no groups.
    static func dangan(
        _ args: [String], env: [String: String] = [:], asNobody: Bool = false, stdoutFD: Int32? = nil
    ) -> Result {
        let p = Process()
        if asNobody && isRoot {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            p.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", Bin.dangan] + args
        } else {
            p.executableURL = URL(fileURLWithPath: Bin.dangan)
            p.arguments = args
        }
        var e = ProcessInfo.processInfo.environment
        for (k, v) in TestClock.environment where e[k] == nil { e[k] = v }
        for (k, v) in env { e[k] = v }
        p.environment = e
        let errPipe = Pipe()
        p.standardError = errPipe
        let outPipe = Pipe()
        if let fd = stdoutFD {
            p.standardOutput = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        } else {
            p.standardOutput = outPipe
        }
        p.standardInput = FileHandle.nullDevice
        try! p.run()
        // Both pipes are drained at once, so that neither fills up and stalls the child.
        let box = OutputBox()
        let group = DispatchGroup()
        if stdoutFD == nil {
            DispatchQueue.global().async(group: group) {
                box.out = [UInt8](outPipe.fileHandleForReading.readDataToEndOfFile())
            }
        }
        let err = [UInt8](errPipe.fileHandleForReading.readDataToEndOfFile())
        group.wait()
        p.waitUntilExit()
        return Result(code: p.terminationStatus, out: box.out, err: err)
    }

    private final class OutputBox: @unchecked Sendable { var out: [UInt8] = [] }

    /// Maps an OS login to a person of the archive's staff list (as the archivist would with
    /// `dangan staff edit NAME --login LOGIN`), done in-process by the login that made the archive.
    static func mapLogin(_ login: String, to name: String, archive path: String) {
        let s = try! ArchiveStore.open(path)
        s.operatorName = "李敏"
        try! s.editStaff(name, addLogins: [login])
        try! s.saveCheckpoint()  // also for a run that cannot read the journal (a link planted in its place)
        s.close()
    }

    /// Gives the archive (and `also`) to nobody, so that runs as nobody may write it.
    static func giveToNobody(_ paths: String...) {
        guard isRoot else { return }
        for p in paths { Bin.run("/bin/chown", ["-R", "65534:65534", p]) }
    }

    /// A fresh temporary folder (0700).
    static func tempFolder(_ name: String) -> String {
        let p = NSTemporaryDirectory() + "dangan-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try! FileManager.default.createDirectory(
            atPath: p, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return p
    }

    /// The type of what is at `path`, links not followed: "link", "fifo", "char", "file", "dir" or "none".
    static func kind(_ path: String) -> String {
        var st = stat()
        guard lstat(path, &st) == 0 else { return "none" }
        switch st.st_mode & S_IFMT {
        case S_IFLNK: return "link"
        case S_IFIFO: return "fifo"
        case S_IFCHR: return "char"
        case S_IFREG: return "file"
        case S_IFDIR: return "dir"
        default: return "other"
        }
    }

    static func contents(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<unreadable>"
    }
}

extension XCTestCase {
    /// A copy of the sample archive, removed when the test ends (with the files beside it whose
    /// names start with its own: scans, spreadsheets, new archives).
    func sample(_ name: String) -> String {
        let path = Bin.sampleCopy(name)
        removeAtEnd(path)
        return path
    }

    /// A temporary folder (0700), removed when the test ends.
    func folder(_ name: String) -> String {
        let path = Run.tempFolder(name)
        removeAtEnd(path)
        return path
    }

    func removeAtEnd(_ path: String) {
        addTeardownBlock {
            let dir = DurableIO.parent(path)
            let base = DurableIO.basename(path)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where name.hasPrefix(base) {
                try? FileManager.default.removeItem(atPath: dir + "/" + name)
            }
        }
    }
}
