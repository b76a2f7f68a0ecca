import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The advisory lock that serialises writers: flock(2) on `.dangan/lock` inside the archive.
/// Readers do not take it; every write takes it, re-reads what it changes, and releases it.
/// The lock file is written in place (its counter), so it is opened without following a link
/// and used only when it is a regular file with one name: a symbolic or hard link planted in
/// its place would make dangan write into another file.
public final class ArchiveLock: @unchecked Sendable {
    let path: String
    var fd: Int32 = -1
    var depth = 0

    /// A lock on the file at `path` (`.dangan/lock`); nothing is opened until `acquire`.
    public init(path: String) { self.path = path }
    deinit { if fd >= 0 { close(fd) } }

    /// Takes the lock, waiting up to `timeout` seconds; re-entrant (a nested acquire only counts).
    /// Throws `ArchiveError.locked` when another process holds it that long.
    public func acquire(timeout: Double = 30) throws {
        if depth > 0 {
            depth += 1
            return
        }
        if fd < 0 {
            try DurableIO.makeDirs(DurableIO.parent(path), durable: false)
            fd = try ArchiveLock.open(path, create: true)
        }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno != EWOULDBLOCK && errno != EINTR {
                throw ArchiveError.io(path: path, message: DurableIO.errnoMessage())
            }
            if Date() > deadline { throw ArchiveError.locked(path: path) }
            usleep(2000)
        }
        depth = 1
    }

    /// Releases one acquire; the lock is let go when the outermost is released.
    public func release() {
        guard depth > 0 else { return }
        depth -= 1
        if depth == 0 { flock(fd, LOCK_UN) }
    }

    var isOuter: Bool { depth == 1 }
    /// True while this process holds the lock.
    var isHeld: Bool { depth > 0 }

    /// Opens the lock file read-write (created 0600 with `create`), refusing a link or
    /// anything but a regular file with a single name.
    static func open(_ path: String, create: Bool, readOnly: Bool = false) throws -> Int32 {
        let flags = (readOnly ? O_RDONLY : O_RDWR) | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | (create ? O_CREAT : 0)
        let fd = try DurableIO.withParent(path) { dfd, name -> Int32 in
            let fd = openat(dfd, name, flags, DurableIO.fileMode)
            if fd < 0 {
                let e = errno
                throw ArchiveError.io(
                    path: path,
                    message: e == ELOOP
                        ? DurableIO.whatIsThere(dfd, name) ?? DurableIO.errnoMessage(e)
                        : DurableIO.errnoMessage(e))
            }
            return fd
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let e = errno
            close(fd)
            throw ArchiveError.io(path: path, message: DurableIO.errnoMessage(e))
        }
        if (st.st_mode & S_IFMT) != S_IFREG {
            close(fd)
            throw ArchiveError.io(
                path: path,
                message: "is \(DurableIO.kindName(st.st_mode)), not the lock file: remove it and dangan makes a new one"
            )
        }
        if st.st_nlink != 1 {
            close(fd)
            throw ArchiveError.io(
                path: path,
                message: "is a hard link (the file has \(st.st_nlink) names), so writing it would change "
                    + "another file: remove it and dangan makes a new one (see dangan check)")
        }
        return fd
    }

    /// The lock file also holds the journal's last sequence number, written by each writer
    /// under the lock (-1 while a change is in progress): a reader whose head has that number
    /// has seen every entry, without listing the journal. Nil when unknown.
    func readCounter() -> Int? {
        if fd < 0 {
            // Read-only for a user who may read the archive but not write it.
            guard
                let f = (try? ArchiveLock.open(path, create: false))
                    ?? (try? ArchiveLock.open(path, create: false, readOnly: true))
            else { return nil }
            fd = f
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
