import ArchiveModel
import Foundation

/// Which archive a command works on: `--archive PATH`, else `DANGAN_ARCHIVE`, else the
/// user's copy in `$XDG_DATA_HOME/dangan` (default `~/.local/share/dangan`), which is made
/// from the bundled sample on first run.
enum ArchiveLocation {
    /// `$XDG_DATA_HOME/dangan`, else `~/.local/share/dangan`.
    static func dataHome() -> String {
        let env = ProcessInfo.processInfo.environment
        if let x = env["XDG_DATA_HOME"], x.hasPrefix("/") { return x + "/dangan" }
        let home = env["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/dangan"
    }

    /// The sample archive shipped in the repository's data/ folder.
    static func bundledSample() -> String? {
        if let s = ProcessInfo.processInfo.environment["DANGAN_SAMPLE"], DurableIO.isDir(s) { return s }
        var candidates: [String] = []
        // Built from a clone: Sources/ArchiveTUI/CLI/ArchiveLocation.swift → ../../../data/sample
        let src = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(src.path + "/data/sample")
        // Installed next to the binary: bin/dangan → share/dangan/sample
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(exe.deletingLastPathComponent().path + "/share/dangan/sample")
        return candidates.first { DurableIO.exists($0 + "/archive.json") }
    }

    /// Resolves the archive path; copies the sample on first run and says where.
    static func resolve(_ option: String?, note: (String) -> Void) throws -> String {
        try resolve(
            option,
            onFirstRun: {
                note("First run: copied the sample archive to \($0)")
                if let m = claimed {
                    note(
                        """
                        You work in it as \(Sanitize.visible(m.name)) (\(m.role.chinese), login \
                        \(ArchiveStore.osUser())): dangan whoami, dangan staff
                        """
                    )
                }
            })
    }

    /// The archivist the first run's copy was given to (the login that made it).
    nonisolated(unsafe) static var claimed: StaffMember? = nil

    /// Resolves the archive path; on the first run copies the sample and gives its path.
    static func resolve(_ option: String?, onFirstRun firstRun: (String) -> Void) throws -> String {
        if let o = option, !o.isEmpty { return o }
        if let e = ProcessInfo.processInfo.environment["DANGAN_ARCHIVE"], !e.isEmpty { return e }
        let home = dataHome()
        let path = home + "/archive"
        if DurableIO.exists(path + "/archive.json") { return path }
        guard let sample = bundledSample() else {
            throw ArchiveError.notFound(
                what:
                    "an archive: none at \(path) and no bundled sample; "
                    + "use --archive PATH or `dangan init PATH --name NAME`"
            )
        }
        try copyTree(from: sample, to: path)
        // The login that made the copy is its archivist, so that a new user can try everything.
        let store = try ArchiveStore.open(path)
        claimed = try store.claimAsFirstArchivist()
        store.close()
        firstRun(path)
        return path
    }

    /// Copies an archive with private permissions (folders 0700, files 0600), durably: folders
    /// and regular files only — a link or special file in the source is not copied.
    static func copyTree(from: String, to: String) throws {
        try DurableIO.makeDirs(to)
        chmod(to, DurableIO.dirMode)
        for name in DurableIO.list(from) ?? [] {
            if name == ".dangan" { continue }
            let s = from + "/" + name
            let d = to + "/" + name
            var st = stat()
            guard lstat(s, &st) == 0 else { continue }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                try copyTree(from: s, to: d)
            } else if (st.st_mode & S_IFMT) == S_IFREG, case .ok(let b) = DurableIO.read(s) {
                try DurableIO.writeAtomic(d, b, durable: false)
            }
        }
        try DurableIO.fsyncDir(to)
    }
}
