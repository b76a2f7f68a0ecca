import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// POSIX file operations with the durability dangan promises: a write goes to a temporary
/// file in the same folder, is fsynced, renamed over the target and the folder is fsynced.
/// A crash at any instant leaves the old or the new file, never a torn one.
public enum DurableIO {
    /// Mode of every file dangan creates: 0600 (customer data is confidential).
    public static let fileMode: mode_t = 0o600
    /// Mode of every folder dangan creates: 0700.
    public static let dirMode: mode_t = 0o700

    static func errnoMessage(_ e: Int32 = errno) -> String { String(cString: strerror(e)) }

    /// Writes `bytes` to `path` atomically and durably. With `durable: false` (bulk generation)
    /// the fsyncs are skipped; the caller syncs the file system once at the end. Only a regular
    /// file is replaced: a link, FIFO, device or folder at `path` is refused. Inside an archive
    /// no link on the way is followed (`confine(root:)`).
    public static func writeAtomic(_ path: String, _ bytes: [UInt8], durable: Bool = true) throws {
        try bytes.withUnsafeBytes { try writeAtomic(path, $0, durable: durable) }
    }

    /// Writes `bytes` to `path` atomically and durably, as the array form does.
    public static func writeAtomic(_ path: String, _ bytes: UnsafeRawBufferPointer, durable: Bool = true) throws {
        try withParent(path) { dfd, name in
            if let why = notReplaceable(dfd, name) { throw ArchiveError.io(path: path, message: why) }
            let tmp = try writeTemporary(dfd, name, bytes, durable: durable, path: path)
            if renameat(dfd, tmp, dfd, name) != 0 {
                let e = errno
                unlinkat(dfd, tmp, 0)
                throw ArchiveError.io(path: path, message: "rename: " + errnoMessage(e))
            }
            if durable && fsync(dfd) != 0 {
                throw ArchiveError.io(path: parent(path), message: "fsync: " + errnoMessage())
            }
        }
    }

    /// Creates a new file that must not exist yet (append-only registers): write a temporary
    /// file, fsync, then link() it to the final name, which fails if the name exists.
    public static func createExclusive(_ path: String, _ bytes: [UInt8], durable: Bool = true) throws {
        try withParent(path) { dfd, name in
            let tmp = try bytes.withUnsafeBytes { try writeTemporary(dfd, name, $0, durable: durable, path: path) }
            defer { unlinkat(dfd, tmp, 0) }
            if linkat(dfd, tmp, dfd, name, 0) != 0 {
                let e = errno
                if e == EEXIST { throw ArchiveError.alreadyExists(path: path) }
                throw ArchiveError.io(path: path, message: "link: " + errnoMessage(e))
            }
            if durable && fsync(dfd) != 0 {
                throw ArchiveError.io(path: parent(path), message: "fsync: " + errnoMessage())
            }
        }
    }

    /// Why the entry `name` may not be replaced by a new file, or nil when it is missing or a
    /// regular file.
    static func notReplaceable(_ dfd: Int32, _ name: String) -> String? {
        var st = stat()
        guard fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0, (st.st_mode & S_IFMT) != S_IFREG else { return nil }
        return
            "\(kindName(st.st_mode)) is there, and dangan replaces only regular files: remove it or choose another name"
    }

    /// Writes `.NAME.tmp-PID-RANDOM` (0600, never through a link) in the folder `dfd`, fsynced
    /// when `durable`; returns its name. Nothing is left behind when it fails.
    static func writeTemporary(
        _ dfd: Int32, _ name: String, _ bytes: UnsafeRawBufferPointer, durable: Bool,
        path: String
    ) throws -> String {
        var rnd = SystemRandomNumberGenerator()
        let tmp = "." + name + ".tmp-" + String(getpid()) + "-" + String(rnd.next() as UInt32, radix: 36)
        let fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, fileMode)
        if fd < 0 { throw ArchiveError.io(path: path, message: errnoMessage()) }
        do {
            try writeAll(fd, bytes, path: path)  // closes fd when it fails
            if durable && fsync(fd) != 0 {
                let e = errno
                close(fd)
                throw ArchiveError.io(path: path, message: "fsync: " + errnoMessage(e))
            }
            if close(fd) != 0 { throw ArchiveError.io(path: path, message: "close: " + errnoMessage()) }
        } catch {
            unlinkat(dfd, tmp, 0)
            throw error
        }
        return tmp
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

    /// fsyncs a folder (inside an archive, reached without following links).
    public static func fsyncDir(_ dir: String) throws {
        let fd: Int32
        if isInsideArchive(dir) {
            fd = try withParent(dir) { dfd, name in openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        } else {
            fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }
        if fd < 0 { throw ArchiveError.io(path: dir, message: errnoMessage()) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw ArchiveError.io(path: dir, message: "fsync: " + errnoMessage()) }
    }

    /// Creates `path` and any missing parents with mode 0700; new folders are made durable
    /// by fsyncing their parents. Inside an archive no link on the way is followed.
    public static func makeDirs(_ path: String, durable: Bool = true) throws {
        if let (root, comps) = beneath(path) {
            close(try openFolder(root: root, components: comps[...], create: true, durable: durable, path: path))
            return
        }
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
        guard dup >= 0, let d = fdopendir(dup) else {
            if dup >= 0 { close(dup) }
            return []
        }
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
                    if c[0] == 46 && (c[1] == 0 || (c[1] == 46 && c[2] == 0)) { return }  // "." and ".."
                    body(c)
                }
            }
        }
    }

    /// True when `path` is a folder (following links).
    public static func isDir(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// True when something is at `path`, a dangling link included (not followed).
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// Modification time of `path` as (seconds, nanoseconds); nil when it cannot be read.
    public static func mtime(_ path: String) -> (Int, Int)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return (st.st_mtim.tv_sec, st.st_mtim.tv_nsec)
    }

    /// The folder part of `path`: `.` for a bare name, `/` for a file at the root.
    public static func parent(_ path: String) -> String {
        guard let i = path.lastIndex(of: "/") else { return "." }
        if i == path.startIndex { return "/" }
        return String(path[..<i])
    }

    /// The last component of `path`.
    public static func basename(_ path: String) -> String {
        guard let i = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: i)...])
    }

    /// Flushes every file system's pending writes (`sync`), after bulk writes with `durable: false`.
    public static func syncFileSystem(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { close(fd) }
        sync()
    }
}
