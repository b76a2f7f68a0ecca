#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation

/// POSIX file operations with the durability dangan promises: a write goes to a temporary
/// file in the same folder, is fsynced, renamed over the target and the folder is fsynced.
/// A crash at any instant leaves the old or the new file, never a torn one.
public enum DurableIO {
    public static let fileMode: mode_t = 0o600
    public static let dirMode: mode_t = 0o700

    static func errnoMessage(_ e: Int32 = errno) -> String { String(cString: strerror(e)) }

    /// Writes `bytes` to `path` atomically and durably. With `durable: false` (bulk generation)
    /// the fsyncs are skipped; the caller syncs the file system once at the end.
    public static func writeAtomic(_ path: String, _ bytes: [UInt8], durable: Bool = true) throws {
        try bytes.withUnsafeBytes { try writeAtomic(path, $0, durable: durable) }
    }

    public static func writeAtomic(_ path: String, _ bytes: UnsafeRawBufferPointer, durable: Bool = true) throws {
        let dir = parent(path)
        let name = basename(path)
        var rnd = SystemRandomNumberGenerator()
        let tmp = dir + "/." + name + ".tmp-" + String(getpid()) + "-" + String(rnd.next() as UInt32, radix: 36)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        if fd < 0 { throw ArchiveError.io(path: path, message: errnoMessage()) }
        var ok = false
        defer { if !ok { unlink(tmp) } }
        do {
            try writeAll(fd, bytes, path: path)
            if durable && fsync(fd) != 0 { let e = errno; close(fd); throw ArchiveError.io(path: path, message: "fsync: " + errnoMessage(e)) }
            if close(fd) != 0 { throw ArchiveError.io(path: path, message: "close: " + errnoMessage()) }
        } catch {
            throw error
        }
        if rename(tmp, path) != 0 { throw ArchiveError.io(path: path, message: "rename: " + errnoMessage()) }
        ok = true
        if durable { try fsyncDir(dir) }
    }

    /// Creates a new file that must not exist yet (append-only registers): write a temporary
    /// file, fsync, then link() it to the final name, which fails if the name exists.
    public static func createExclusive(_ path: String, _ bytes: [UInt8], durable: Bool = true) throws {
        let dir = parent(path)
        var rnd = SystemRandomNumberGenerator()
        let tmp = dir + "/." + basename(path) + ".tmp-" + String(getpid()) + "-" + String(rnd.next() as UInt32, radix: 36)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        if fd < 0 { throw ArchiveError.io(path: path, message: errnoMessage()) }
        defer { unlink(tmp) }
        do {
            try writeAll(fd, bytes, path: path)
            if durable && fsync(fd) != 0 { let e = errno; close(fd); throw ArchiveError.io(path: path, message: "fsync: " + errnoMessage(e)) }
            close(fd)
        }
        if link(tmp, path) != 0 {
            let e = errno
            if e == EEXIST { throw ArchiveError.alreadyExists(path: path) }
            throw ArchiveError.io(path: path, message: "link: " + errnoMessage(e))
        }
        if durable { try fsyncDir(dir) }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { try writeAll(fd, $0, path: path) }
    }

    static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer, path: String) throws {
        var off = 0
        while off < raw.count {
            let n = write(fd, raw.baseAddress! + off, raw.count - off)
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                close(fd)
                throw ArchiveError.io(path: path, message: errnoMessage(e))
            }
            off += n
        }
    }

    public static func fsyncDir(_ dir: String) throws {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw ArchiveError.io(path: dir, message: errnoMessage()) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw ArchiveError.io(path: dir, message: "fsync: " + errnoMessage()) }
    }

    /// Creates `path` and any missing parents with mode 0700; new folders are made durable
    /// by fsyncing their parents.
    public static func makeDirs(_ path: String, durable: Bool = true) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { return }
            throw ArchiveError.io(path: path, message: "exists and is not a folder")
        }
        let p = parent(path)
        if p != path && !p.isEmpty { try makeDirs(p, durable: durable) }
        if mkdir(path, dirMode) != 0 && errno != EEXIST { throw ArchiveError.io(path: path, message: errnoMessage()) }
        if durable { try fsyncDir(p.isEmpty ? "." : p) }
    }

    public enum ReadResult { case ok([UInt8]), missing, failed(String) }

    /// Reads a whole file. A file larger than `limit` bytes is refused without being read.
    public static func read(_ path: String, limit: Int = Int.max) -> ReadResult {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return errno == ENOENT ? .missing : .failed(errnoMessage()) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { return .failed(errnoMessage()) }
        if (st.st_mode & S_IFMT) == S_IFDIR { return .failed("is a folder, expected a file") }
        if Int(st.st_size) > limit { return .failed("is \(st.st_size) bytes, more than the \(limit) a file of its kind may have") }
        // Read straight into the result (one copy), growing it if the file grows meanwhile.
        var failure: String? = nil
        let cap = Int(st.st_size) + 1
        var out = [UInt8](unsafeUninitializedCapacity: cap) { buf, count in
            var len = 0
            while len < cap {
                let n = Glibc.read(fd, buf.baseAddress! + len, cap - len)
                if n < 0 { if errno == EINTR { continue }; failure = errnoMessage(); break }
                if n == 0 { break }
                len += n
            }
            count = len
        }
        if let failure { return .failed(failure) }
        if out.count == cap { // the file grew while being read: read the rest
            var more = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = more.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
                if n < 0 { if errno == EINTR { continue }; return .failed(errnoMessage()) }
                if n == 0 { break }
                out.append(contentsOf: more[0..<n])
            }
        }
        return .ok(out)
    }

    /// Folder entries, without "." and "..", unsorted. Nil when `path` is not a readable folder.
    public static func list(_ path: String) -> [String]? {
        guard let d = opendir(path) else { return nil }
        return entries(d)
    }

    /// Calls `body` with each entry's NUL-terminated name (without "." and ".."), in place:
    /// for callers that skip most entries without making Strings of them. False when `path`
    /// is not a readable folder.
    @discardableResult
    public static func forEachEntry(_ path: String, _ body: (UnsafePointer<UInt8>) -> Void) -> Bool {
        guard let d = opendir(path) else { return false }
        forEachEntry(d, body)
        return true
    }

    /// Entries of an open folder (the descriptor stays open), without "." and "..".
    public static func list(fd: Int32) -> [String] {
        let dup = Glibc.dup(fd)
        guard dup >= 0, let d = fdopendir(dup) else { if dup >= 0 { close(dup) }; return [] }
        return entries(d)
    }

    /// Reads and closes an open folder stream.
    private static func entries(_ d: OpaquePointer) -> [String] {
        var out = [String]()
        forEachEntry(d) { out.append(String(cString: $0)) }
        return out
    }

    /// Reads and closes an open folder stream, name by name.
    private static func forEachEntry(_ d: OpaquePointer, _ body: (UnsafePointer<UInt8>) -> Void) {
        defer { closedir(d) }
        while let e = readdir(d) {
            withUnsafePointer(to: e.pointee.d_name) { p in
                p.withMemoryRebound(to: UInt8.self, capacity: 256) { c in
                    if c[0] == 46 && (c[1] == 0 || (c[1] == 46 && c[2] == 0)) { return } // "." and ".."
                    body(c)
                }
            }
        }
    }

    public static func isDir(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    public static func mtime(_ path: String) -> (Int, Int)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return (st.st_mtim.tv_sec, st.st_mtim.tv_nsec)
    }

    public static func parent(_ path: String) -> String {
        guard let i = path.lastIndex(of: "/") else { return "." }
        if i == path.startIndex { return "/" }
        return String(path[..<i])
    }

    public static func basename(_ path: String) -> String {
        guard let i = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: i)...])
    }

    /// Removes a folder and everything in it (never following links out of it).
    public static func removeTree(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            for n in list(path) ?? [] { removeTree(path + "/" + n) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    public static func syncFileSystem(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { close(fd) }; sync()
    }
}

/// The advisory lock that serialises writers: flock(2) on `.dangan/lock` inside the archive.
/// Readers do not take it; every write takes it, re-reads what it changes, and releases it.
public final class ArchiveLock: @unchecked Sendable {
    let path: String
    var fd: Int32 = -1
    var depth = 0

    public init(path: String) { self.path = path }
    deinit { if fd >= 0 { close(fd) } }

    public func acquire(timeout: Double = 30) throws {
        if depth > 0 { depth += 1; return }
        if fd < 0 {
            try DurableIO.makeDirs(DurableIO.parent(path), durable: false)
            fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, DurableIO.fileMode)
            if fd < 0 { throw ArchiveError.io(path: path, message: DurableIO.errnoMessage()) }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno != EWOULDBLOCK && errno != EINTR { throw ArchiveError.io(path: path, message: DurableIO.errnoMessage()) }
            if Date() > deadline { throw ArchiveError.locked(path: path) }
            usleep(2000)
        }
        depth = 1
    }

    public func release() {
        guard depth > 0 else { return }
        depth -= 1
        if depth == 0 { flock(fd, LOCK_UN) }
    }

    var isOuter: Bool { depth == 1 }
    /// True while this process holds the lock.
    var isHeld: Bool { depth > 0 }

    /// The lock file also holds the journal's last sequence number, written by each writer
    /// under the lock (-1 while a change is in progress): a reader whose head has that number
    /// has seen every entry, without listing the journal. Nil when unknown.
    func readCounter() -> Int? {
        if fd < 0 {
            fd = open(path, O_RDWR | O_CLOEXEC)
            if fd < 0 { fd = open(path, O_RDONLY | O_CLOEXEC) }
            if fd < 0 { return nil }
        }
        var v: Int64 = 0
        guard pread(fd, &v, 8, 0) == 8 else { return nil }
        let n = Int(Int64(littleEndian: v))
        return n >= 0 ? n : nil
    }

    func writeCounter(_ n: Int) {
        guard fd >= 0, depth > 0 else { return }
        var v = Int64(n).littleEndian
        _ = pwrite(fd, &v, 8, 0)
    }
}
