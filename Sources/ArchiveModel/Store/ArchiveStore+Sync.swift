import Foundation

/// What a sync did.
public struct SyncReport: Sendable, Equatable {
    /// This desk's changes were committed.
    public var committed = false
    /// Entries of other desks that arrived.
    public var received = 0
    /// Desks seen for the first time.
    public var newDesks: [String] = []
    /// Files that conflicted in git and were written again from the merged journal.
    public var reprojected: [String] = []
    /// Conflicts between desks found by this sync (waiting for a person).
    public var newConflicts: [Dispute] = []
    /// The push to the hub (origin) succeeded; false with `push: false`.
    public var pushed = false
    /// Times the push was tried (another office pushed meanwhile: fetched and merged again).
    public var attempts = 0
}

/// Several desks and offices sharing one archive through git.
///
/// An archive may be a git work tree whose remote `origin` is a hub every office can reach (a
/// bare repository over SSH, Gitea, GitLab). `dangan sync` commits this desk's changes, fetches,
/// merges and pushes, running `git` with its own configuration (see ``Git``), under the writers'
/// lock. Journal files never conflict: each desk writes only its own, under names that differ
/// whenever contents differ. A projection file that both sides changed is never merged as text:
/// either side is taken, and the file is written again from the merged journal. Domain conflicts
/// (a document lent at two desks, a field set differently) are found by the fold from base
/// revisions and stay open until a person resolves them (`dangan conflicts`).
extension ArchiveStore {
    func git() -> Git {
        let id = desk?.id ?? "dsk-unknown"
        return Git(root: root, name: "dangan \(id)", email: "\(id)@dangan.invalid")
    }

    /// True when the archive folder is the top of a git work tree.
    public var isGitWorkTree: Bool {
        guard DurableIO.exists(root + "/.git"),
            let r = try? git().run(["rev-parse", "--show-toplevel"], allowFailure: true), r.ok
        else { return false }
        let top = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        return URL(fileURLWithPath: top).standardizedFileURL.resolvingSymlinksInPath().path
            == URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Commits this desk's changes, fetches and merges the other offices' work, brings files up
    /// to date from the merged journal, and pushes. With `remote`, an archive that is not yet
    /// shared is first made a git work tree with that remote (`origin`).
    @discardableResult
    /// `progress` counts the steps: commit, then fetch, merge and push (again on a retry).
    public func sync(remote: String? = nil, push: Bool = true, progress: WorkProgress? = nil) throws -> SyncReport {
        guard Git.executable != nil else {
            throw ArchiveError.notFound(what: "the git command (install git to share an archive)")
        }
        return try mutate(requires: nil) {  // anyone: it carries signed entries, it makes none of its own
            _ = try ensureDesk()
            let g = git()
            if !isGitWorkTree {
                guard let remote else {
                    throw ArchiveError.sync(
                        message:
                            """
                            this archive is not shared yet: dangan sync --remote URL makes it a git work tree \
                            with that hub as origin
                            """
                    )
                }
                try g.run(["init", "-q", "-b", "main"])
                try g.run(["remote", "add", "origin", remote])
            } else if let remote {
                let cur = try g.run(["remote", "get-url", "origin"], allowFailure: true)
                if !cur.ok {
                    try g.run(["remote", "add", "origin", remote])
                } else if cur.out.trimmingCharacters(in: .whitespacesAndNewlines) != remote {
                    try g.run(["remote", "set-url", "origin", remote])
                }
            }
            try ensureGitFiles()
            guard try g.run(["remote", "get-url", "origin"], allowFailure: true).ok else {
                throw ArchiveError.sync(
                    message: "the archive's git work tree has no remote origin: dangan sync --remote URL")
            }
            var report = SyncReport()
            let desksBefore = Set(register.desks.keys)
            let disputesBefore = Set(register.openDisputes.map { $0.id })
            let entriesBefore = entryCount - (frontier[desk!.id]?.seq ?? 0)
            progress?.start(total: push ? 4 : 3)
            defer { progress?.finish() }
            report.committed = try commitAll(
                g, message: "dangan: \(desk!.id) up to entry \(frontier[desk!.id]?.seq ?? 0)")
            progress?.advance()
            Failpoint.hit("sync-after-commit")
            let branch = currentBranch(g)
            while true {
                report.attempts += 1
                if report.attempts > 1 {
                    progress?.start(total: 4)
                    progress?.advance()
                }  // again after a refused push
                try g.run(["fetch", "--quiet", "origin"])
                progress?.advance()
                let remoteRef = "refs/remotes/origin/\(branch)"
                if try g.run(["rev-parse", "--verify", "--quiet", remoteRef], allowFailure: true).ok {
                    report.reprojected += try merge(g, remoteRef)
                }
                // The merged journal, folded; files it changes written again.
                refreshJournal()
                retryProjections()
                _ = try commitAll(g, message: "dangan: files written again from the merged journal")
                progress?.advance()
                guard push else { break }
                let p = try g.run(["push", "--quiet", "origin", "HEAD:refs/heads/\(branch)"], allowFailure: true)
                progress?.advance()
                if p.ok {
                    report.pushed = true
                    break
                }
                if report.attempts >= 6 {
                    throw ArchiveError.sync(
                        message:
                            """
                            the hub refused the push six times (other offices pushing meanwhile); this desk's \
                            changes are committed here — sync again. \(Git.Failure(command: "push", result: p))
                            """
                    )
                }
            }
            report.received = entryCount - (frontier[desk!.id]?.seq ?? 0) - entriesBefore
            report.newDesks = register.desks.keys.filter { !desksBefore.contains($0) }.sorted()
            report.newConflicts = register.openDisputes.filter { !disputesBefore.contains($0.id) }
            try? saveCheckpoint()
            return report
        }
    }

    func currentBranch(_ g: Git) -> String {
        let r = try? g.run(["symbolic-ref", "--quiet", "--short", "HEAD"], allowFailure: true)
        let b = r?.out.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return b.isEmpty ? "main" : b
    }

    /// The files git needs in the tree: what to ignore, and bytes kept as they are.
    func ensureGitFiles() throws {
        if case .ok(let b) = DurableIO.read(abs(".gitignore"), kind: .other),
            String(decoding: b, as: UTF8.self).contains(".dangan/"),
            String(decoding: b, as: UTF8.self).contains(".*.replaced-*")
        {
        } else {
            try DurableIO.writeAtomic(abs(".gitignore"), Array(ArchiveStore.gitignore.utf8))
        }
        if !DurableIO.exists(abs(".gitattributes")) {
            try DurableIO.writeAtomic(abs(".gitattributes"), Array(ArchiveStore.gitattributes.utf8))
        }
    }

    /// Commits everything in the tree (never `.dangan/`); false when there was nothing to commit.
    func commitAll(_ g: Git, message: String) throws -> Bool {
        try g.run(["add", "-A", "--", "."])
        let st = try g.run(["status", "--porcelain", "--untracked-files=no"])
        guard !st.out.isEmpty else { return false }
        try g.run(["commit", "-q", "-m", message])
        return true
    }

    /// Merges the hub's branch. Files both sides changed are taken from this side and written
    /// again from the merged journal afterwards (never merged as text). Returns those files.
    func merge(_ g: Git, _ ref: String) throws -> [String] {
        let m = try g.run(["merge", "--no-edit", "-q", ref], allowFailure: true)
        if m.ok { return [] }
        let conflicted = try g.run(["diff", "--name-only", "--diff-filter=U", "-z"]).out.split(separator: "\0").map(
            String.init)
        guard !conflicted.isEmpty else {
            try? g.run(["merge", "--abort"], allowFailure: true)
            throw ArchiveError.sync(
                message:
                    """
                    git could not merge the hub's changes: \(Git.Failure(command: "merge", result: m)) — \
                    nothing was merged
                    """
            )
        }
        if let j = conflicted.first(where: { $0.hasPrefix("journal/") }) {
            try? g.run(["merge", "--abort"], allowFailure: true)
            throw ArchiveError.sync(
                message:
                    """
                    the journal file \(Sanitize.visible(j)) differs between this copy and the hub: one desk's \
                    entries were changed or a desk was copied (a fork) — nothing was merged; see dangan check
                    """
            )
        }
        for f in conflicted {
            if try g.run(["checkout", "--ours", "--", f], allowFailure: true).ok {
                try g.run(["add", "--", f])
            } else {
                try g.run(["rm", "-q", "--cached", "--ignore-unmatch", "--", f])
                _ = DurableIO.remove(abs(f))
            }
        }
        try g.run([
            "commit", "-q", "--no-edit", "-m",
            "dangan: merge the hub's changes (files written again from the merged journal)",
        ])
        return conflicted
    }
}
