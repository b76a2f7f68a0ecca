import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// What `dangan check` finds about the archive's files as files, beside their contents: every
/// symbolic link, every file with more than one name (a hard link), every FIFO, device or
/// socket, and every folder or file that its group or everyone may write (anyone who may
/// write a folder may replace what is in it). Opening an archive looks at its top folders
/// only (`openingWarnings`).
public enum ArchiveAudit {
    /// Walks the whole archive without following links. Paths are relative to the archive.
    public static func scan(root: String) -> [Problem] {
        let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return [Problem(kind: .damaged, path: ".", message: DurableIO.errnoMessage())] }
        defer { close(fd) }
        var problems: [Problem] = []
        var st = stat()
        if fstat(fd, &st) == 0, let p = permissionProblem(st, path: ".") { problems.append(p) }
        // The cabinets' buildings are walked on all cores; the rest on this thread.
        var buildings: [String] = []
        walk(fd, "", &problems) { rel in
            // git's own store (an archive shared through git): git keeps it, and a local clone
            // shares its object files by hard links.
            if rel == ".git" { return false }
            let parts = rel.split(separator: "/")
            guard parts.count == 3, parts[0] == "cabinets" else { return true }
            buildings.append(rel)
            return false
        }
        let bs = buildings
        let found = parallelMap(count: bs.count, chunk: 1) { i -> [Problem] in
            var out: [Problem] = []
            let sub = openat(fd, bs[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard sub >= 0 else { return [Problem(kind: .damaged, path: bs[i], message: DurableIO.errnoMessage())] }
            defer { close(sub) }
            walk(sub, bs[i] + "/", &out) { _ in true }
            return out
        }
        problems += found.flatMap { $0 }
        return problems.sorted { $0.path < $1.path }
    }

    /// Walks the folder `fd` (whose path is `prefix`): reports links, special files and
    /// writable entries, and descends into folders for which `descend(path)` is true.
    private static func walk(_ fd: Int32, _ prefix: String, _ problems: inout [Problem], descend: (String) -> Bool) {
        var entries: [(String, stat)] = []
        for name in DurableIO.list(fd: fd).sorted() {
            var st = stat()
            if fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 { entries.append((name, st)) }  // else gone meanwhile
        }
        // A writer killed between link() and unlink() of a new journal entry leaves its
        // temporary name beside the entry: two names of one file, both in this folder.
        var namesHere: [UInt: Int] = [:]
        var leftovers = Set<UInt>()
        for (name, st) in entries where (st.st_mode & S_IFMT) == S_IFREG && st.st_nlink > 1 {
            namesHere[UInt(st.st_ino), default: 0] += 1
            if name.hasPrefix(".") && name.contains(".tmp-") { leftovers.insert(UInt(st.st_ino)) }
        }
        for (name, st) in entries {
            let rel = prefix + name
            let shown = Sanitize.visible(rel)
            switch st.st_mode & S_IFMT {
            case S_IFLNK:
                problems.append(
                    Problem(
                        kind: .link, path: shown,
                        message: "symbolic link to \(Sanitize.visible(linkTarget(fd, name))): "
                            + "dangan does not follow links inside the archive; replace it by the file or folder itself"
                    ))
            case S_IFDIR:
                if let p = permissionProblem(st, path: shown) { problems.append(p) }
                guard descend(rel) else { continue }
                let sub = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard sub >= 0 else {
                    problems.append(Problem(kind: .damaged, path: shown, message: DurableIO.errnoMessage()))
                    continue
                }
                walk(sub, rel + "/", &problems, descend: descend)
                close(sub)
            case S_IFREG:
                let ino = UInt(st.st_ino)
                if st.st_nlink > 1 && !(leftovers.contains(ino) && namesHere[ino] == Int(st.st_nlink)) {
                    problems.append(
                        Problem(
                            kind: .link, path: shown,
                            message: "hard link: the file has \(st.st_nlink) names, "
                                + "so a change to it would change another file; copy it (cp) in place of the link"))
                }
                if let p = permissionProblem(st, path: shown) { problems.append(p) }
            default:
                problems.append(
                    Problem(
                        kind: .unexpected, path: shown,
                        message: "\(DurableIO.kindName(st.st_mode)) has no place in an archive: remove it"))
            }
        }
    }

    /// A folder or file its group or everyone may write.
    static func permissionProblem(_ st: stat, path: String) -> Problem? {
        guard st.st_mode & 0o022 != 0 else { return nil }
        let mode = String(st.st_mode & 0o7777, radix: 8)
        let who = st.st_mode & 0o002 != 0 ? "everyone" : "its group"
        let what = (st.st_mode & S_IFMT) == S_IFDIR ? "folder" : "file"
        return Problem(
            kind: .permissions, path: path,
            message: "\(what) may be written by \(who) (mode \(mode)): others could change "
                + "the archive — chmod go-w, or chmod -R go-rwx on the archive folder")
    }

    private static func linkTarget(_ fd: Int32, _ name: String) -> String {
        var buf = [CChar](repeating: 0, count: 4097)
        let n = readlinkat(fd, name, &buf, 4096)
        return n > 0 ? String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
    }

    /// Warnings for opening an archive: links in place of its top folders and files, and
    /// folders others may write (the archive folder, cabinets, journal and its months,
    /// .dangan, each cabinet). A few dozen stats; `check` looks at everything.
    public static func openingWarnings(root given: String) -> [String] {
        var root = given
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        var out: [String] = []
        var st = stat()
        func look(_ rel: String) {
            let path = rel == "." ? root : root + "/" + rel
            guard lstat(path, &st) == 0 else { return }
            if (st.st_mode & S_IFMT) == S_IFLNK {
                out.append(
                    "\(Sanitize.visible(path)) is a symbolic link: dangan will not write through it (see dangan check)")
            } else if let p = permissionProblem(st, path: path) {
                out.append("\(Sanitize.visible(path)): \(p.message)")
            }
        }
        for rel in [".", "archive.json", "cabinets", "journal", ".dangan", ".dangan/lock"] { look(rel) }
        for c in (DurableIO.list(root + "/cabinets") ?? []).sorted() where !c.hasPrefix(".") { look("cabinets/" + c) }
        for m in (DurableIO.list(root + "/journal") ?? []).sorted() where !m.hasPrefix(".") { look("journal/" + m) }
        return out
    }
}
