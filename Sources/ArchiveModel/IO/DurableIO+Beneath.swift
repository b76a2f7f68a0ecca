import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Writes inside an archive never follow a link. Every store registers its archive's root
/// (`confine(root:)`); a path beneath a registered root is then opened one component at a
/// time from the root with `O_NOFOLLOW | O_DIRECTORY` (the equivalent of
/// `openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS)`, which Swift cannot call), so a symbolic
/// link anywhere below the root — `.dangan`, `journal`, a unit folder — makes the write fail
/// instead of landing outside. The root itself may be a link: the user chose it. Paths outside
/// every root (output files, imports) follow links as usual.
extension DurableIO {
    /// The roots of the archives opened or created in this process.
    private final class Roots: @unchecked Sendable {
        let lock = NSLock()
        /// Root as given → the same with every link resolved (realpath).
        var resolved: [String: String] = [:]
    }
    private static let roots = Roots()

    /// Registers an archive root: from now on paths beneath it are written without following
    /// links.
    public static func confine(root: String) {
        var r = root
        while r.count > 1 && r.hasSuffix("/") { r.removeLast() }
        let real =
            realpath(r, nil).map { p -> String in
                defer { free(p) }
                return String(cString: p)
            } ?? r
        roots.lock.lock()
        roots.resolved[r] = real
        roots.lock.unlock()
    }

    /// The registered root `path` lies beneath, and the components below it.
    static func beneath(_ path: String) -> (root: String, components: [Substring])? {
        beneathResolved(path).map { ($0.root, $0.components) }
    }

    /// The registered root `path` lies beneath, that root with its links resolved, and the
    /// components below it.
    static func beneathResolved(_ path: String) -> (root: String, resolved: String, components: [Substring])? {
        roots.lock.lock()
        defer { roots.lock.unlock() }
        guard !roots.resolved.isEmpty else { return nil }
        var i = path.endIndex
        while let slash = path[..<i].lastIndex(of: "/") {
            let prefix = String(path[..<slash])
            if let real = roots.resolved[prefix] {
                return (
                    prefix, real,
                    path[path.index(after: slash)...].split(separator: "/", omittingEmptySubsequences: true)
                )
            }
            i = slash
        }
        return nil
    }

    /// Why the open file `fd`, opened as `path` beneath an archive root, was not reached
    /// straight down from the root (a folder on the way is a link), or nil when it was. One
    /// readlink of /proc/self/fd: cheap enough for every read, where opening the folders one
    /// by one would cost a dozen system calls.
    static func reachedThroughLink(_ fd: Int32, _ path: String) -> String? {
        guard let (_, real, comps) = beneathResolved(path) else { return nil }
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/fd/\(fd)", &buf, Int(PATH_MAX))
        guard n > 0 else { return nil }  // no /proc: the file's own place was still not followed
        let actual = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let expected = (real == "/" ? "" : real) + "/" + comps.joined(separator: "/")
        if actual == expected { return nil }
        return "is reached through a symbolic link (it is really \(Sanitize.visible(actual))): "
            + "dangan does not follow links inside the archive (see dangan check)"
    }

    /// True when `path` is inside a registered archive.
    public static func isInsideArchive(_ path: String) -> Bool { beneath(path) != nil }

    /// Opens the folder that holds `path`'s last component and calls `body` with its
    /// descriptor and that name. Beneath an archive root, every folder on the way is opened
    /// without following links (and created, with `create`); elsewhere the parent is opened
    /// as named.
    static func withParent<T>(
        _ path: String, create: Bool = false, durable: Bool = true,
        _ body: (Int32, String) throws -> T
    ) throws -> T {
        if let (root, comps) = beneath(path) {
            guard let last = comps.last else {
                throw ArchiveError.io(path: path, message: "is the archive folder itself")
            }
            let dfd = try openFolder(
                root: root, components: comps.dropLast(), create: create, durable: durable, path: path)
            defer { close(dfd) }
            return try body(dfd, String(last))
        }
        let dir = parent(path)
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd < 0 { throw ArchiveError.io(path: path, message: errnoMessage()) }
        defer { close(dfd) }
        return try body(dfd, basename(path))
    }

    /// Opens `components` below `root` one by one, never following a link; creates missing
    /// folders (mode 0700) with `create`. The caller closes the descriptor.
    static func openFolder(
        root: String, components: ArraySlice<Substring>, create: Bool, durable: Bool, path: String
    ) throws -> Int32 {
        var fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw ArchiveError.io(path: root, message: errnoMessage()) }
        var done = root
        for c in components {
            let name = String(c)
            guard name != "..", name != "." else {
                close(fd)
                throw ArchiveError.io(
                    path: path, message: "has '\(name)' in it: dangan does not leave the archive folder")
            }
            var next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 && errno == ENOENT && create {
                if mkdirat(fd, name, dirMode) != 0 && errno != EEXIST {
                    let e = errno
                    close(fd)
                    throw ArchiveError.io(path: done + "/" + name, message: errnoMessage(e))
                }
                if durable && fsync(fd) != 0 {
                    let e = errno
                    close(fd)
                    throw ArchiveError.io(path: done, message: "fsync: " + errnoMessage(e))
                }
                next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            if next < 0 {
                let e = errno
                let why = e == ELOOP || e == ENOTDIR ? whatIsThere(fd, name) ?? errnoMessage(e) : errnoMessage(e)
                close(fd)
                throw ArchiveError.io(path: done + "/" + name, message: why)
            }
            close(fd)
            fd = next
            done += "/" + name
        }
        return fd
    }

    /// Why the entry `name` in the folder `fd` cannot be used as a folder or written: it is a
    /// link, a FIFO, a device … Nil for a regular file or folder.
    static func whatIsThere(_ fd: Int32, _ name: String) -> String? {
        var st = stat()
        guard fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFREG, S_IFDIR: return nil
        case S_IFLNK:
            return "is a symbolic link: dangan does not write through links inside the archive (see dangan check)"
        default: return "is \(kindName(st.st_mode)), not a regular file or folder"
        }
    }

    /// "a symbolic link", "a FIFO", "a device" … for a file mode.
    static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: return "a regular file"
        case S_IFDIR: return "a folder"
        case S_IFLNK: return "a symbolic link"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }

    /// Renames `from` to `to` (in the same folder or not) without following links on the way.
    public static func rename(_ from: String, _ to: String) throws {
        try withParent(from) { ffd, fname in
            try withParent(to) { tfd, tname in
                if renameat(ffd, fname, tfd, tname) != 0 {
                    throw ArchiveError.io(path: to, message: "rename: " + errnoMessage())
                }
            }
        }
    }

    /// Removes a file, a link (not what it points to) or an empty folder, without following
    /// links on the way. False when nothing was removed.
    @discardableResult
    public static func remove(_ path: String) -> Bool {
        (try? withParent(path) { dfd, name -> Bool in
            if unlinkat(dfd, name, 0) == 0 { return true }
            return errno == EISDIR && unlinkat(dfd, name, AT_REMOVEDIR) == 0
        }) ?? false
    }

    /// Removes `path` and everything in it; links inside are removed, never followed.
    public static func removeTree(_ path: String) throws {
        try withParent(path) { dfd, name in try removeEntry(dfd, name, path: path) }
    }

    private static func removeEntry(_ dfd: Int32, _ name: String, path: String) throws {
        var st = stat()
        guard fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return }
            throw ArchiveError.io(path: path, message: errnoMessage())
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            let sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if sub < 0 { throw ArchiveError.io(path: path, message: errnoMessage()) }
            defer { close(sub) }
            for entry in list(fd: sub) { try removeEntry(sub, entry, path: path + "/" + entry) }
            if unlinkat(dfd, name, AT_REMOVEDIR) != 0 { throw ArchiveError.io(path: path, message: errnoMessage()) }
        } else if unlinkat(dfd, name, 0) != 0 {
            throw ArchiveError.io(path: path, message: errnoMessage())
        }
    }
}
