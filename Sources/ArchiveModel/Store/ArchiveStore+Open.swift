import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Creating and opening archives.
extension ArchiveStore {
    /// What `dangan init` writes beside the tree so that git shares the archive as it should:
    /// never this copy's desk, checkpoint and caches, and every file byte for byte.
    static let gitignore = """
        # dangan: this copy's desk, checkpoint and caches, and files kept aside or half written
        .dangan/
        .*.replaced-*
        .*.tmp-*
        .new-*

        """
    static let gitattributes = "* -text\n"

    /// Creates a new, empty archive at `path` (folders 0700, files 0600). Its first entries
    /// introduce this copy's desk and record the archive's name and settings.
    /// The login creating it is mapped to its archivist (`archivist`: their name in the staff
    /// list; default the list's first archivist, or a new one named after the login).
    public static func create(
        at path: String, name: String, site: String = "", settings: Settings = Settings(),
        archivist: String? = nil
    ) throws -> ArchiveStore {
        let clean = try Validate.text(name, field: "name", max: 200, required: true)
        if DurableIO.exists(path + "/archive.json") { throw ArchiveError.alreadyExists(path: path + "/archive.json") }
        if DurableIO.isDir(path), let items = DurableIO.list(path), !items.isEmpty {
            throw ArchiveError.alreadyExists(path: path + " (folder is not empty)")
        }
        try DurableIO.makeDirs(path)
        chmod(path, DurableIO.dirMode)
        let creator = try archivist.map { try Validate.text($0, field: "archivist", max: 100, required: true) }
        let info = ArchiveInfo(
            name: clean, site: try Validate.text(site, field: "site", max: 200),
            settings: withCreator(settings, login: osUser(), archivist: creator))
        let store = ArchiveStore(root: path, info: info)
        try DurableIO.makeDirs(path + "/cabinets")
        try DurableIO.makeDirs(path + "/journal")
        try DurableIO.writeAtomic(path + "/.gitignore", Array(gitignore.utf8))
        try DurableIO.writeAtomic(path + "/.gitattributes", Array(gitattributes.utf8))
        try store.mutate(requires: nil) {
            try store.commit(
                store.entry(
                    .archiveCreate, changes: [try store.creation(.settings, "settings", info)],
                    note: "建立档案 \(clean)"))
        }
        try store.saveCheckpoint()
        return store
    }

    /// Opens an archive. Damaged files do not stop it: they are listed in `problems`. An
    /// archive in the first on-disk format is migrated first (once, atomically).
    public static func open(_ path: String, useCache: Bool = true) throws -> ArchiveStore {
        let root = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        guard DurableIO.isDir(root) else { throw ArchiveError.notAnArchive(path: root) }
        // A folder of the archive this login may not read would look empty: said instead.
        for sub in ["", "/journal", "/cabinets"]
        where DurableIO.isDir(root + sub) && access(root + sub, R_OK | X_OK) != 0 {
            throw ArchiveError.unreadable(
                path: root + sub,
                message: """
                    permission denied for login \(Sanitize.visible(osUser())) (an archive folder is worked by one \
                    login: folders 0700, files 0600; others work in their own copy, shared with dangan sync)
                    """)
        }
        var problems: [Problem] = []
        var info = ArchiveInfo(id: "arc-unknown", name: DurableIO.basename(root))
        var readable = false
        switch DurableIO.read(root + "/archive.json", kind: .settings) {
        case .ok(let bytes):
            do {
                info = try JSONCoding.decoder(TimeFormat(identifier: "Asia/Shanghai")).decode(
                    ArchiveInfo.self, from: Data(bytes))
                readable = true
            } catch {
                problems.append(
                    Problem(
                        kind: .settings, path: "archive.json",
                        message: JSONCoding.describe(error) + " — the settings are taken from the journal"))
            }
        case .missing:
            guard DurableIO.isDir(root + "/cabinets") || DurableIO.isDir(root + "/journal") else {
                throw ArchiveError.notAnArchive(path: root)
            }
            problems.append(
                Problem(
                    kind: .settings, path: "archive.json", message: "missing — the settings are taken from the journal")
            )
        case .failed(let m):
            problems.append(
                Problem(
                    kind: .settings, path: "archive.json", message: m + " — the settings are taken from the journal"))
        }
        if readable && info.format < ArchiveInfo.currentFormat {
            try migrateFromFirstFormat(root: root, info: info)
            return try open(root, useCache: useCache)
        }
        if readable && info.format > ArchiveInfo.currentFormat {
            throw ArchiveError.damaged(
                path: "archive.json",
                message: "written by a newer dangan (format \(info.format)); update dangan to open it")
        }
        let store = ArchiveStore(root: root, info: info)
        store.anchors = Anchors.load(root: root) ?? Anchors()
        if !(useCache && store.loadCheckpoint()) {
            store.rebuild()
        }
        store.refreshJournal()
        store.checkAnchors()
        store.note(problems.filter { _ in store.settingsRevision.isEmpty || !readable })
        if !store.unprojected.isEmpty, (try? store.lock.acquire(timeout: 0.2)) != nil {
            store.retryProjections()
            store.lock.release()
        }
        if store.entriesSinceCheckpoint >= 64 || store.treeChanged || !store.summaries.base.isMapped {
            try? store.saveCheckpoint()
        }
        store.repairIfDamaged()
        return store
    }

    /// Folds the whole journal again (no usable checkpoint): settings, cabinets, register and
    /// the envelopes' summaries, then compares the tree with what the journal says is there.
    func rebuild() {
        folding += 1
        defer { folding -= 1 }
        register = Register()
        cabinets = []
        cabinetOrder = [:]
        summaries = EnvelopeList()
        frontier = [:]
        tip = .zero
        verifier = JournalVerifier()
        settingsRevision = []
        problems = []
        unprojected = []
        legacyHead = ChainHead(seq: 0, hash: "")
        resetSummaries()
        let (_, months, _) = JournalFolder.desks(root: root)
        if !months.isEmpty {
            let (legacy, head, probs) = LegacyEntry.readAll(root: root, months: months, decoder: decoder)
            for e in legacy { register.apply(legacy: e) }
            legacyHead = head
            note(probs)
        }
        let (batch, found) = readNewEntries()
        note(found)
        rebuilding = true
        recordMeta = [:]
        recordOrder = []
        for l in batch.sorted(by: { $0.entry.foldKey < $1.entry.foldKey }) { apply(l) }
        rebuilding = false
        settleRebuiltEnvelopes()
        if let m = register.migration, legacyHead.seq != m.legacyEntries || legacyHead.hash != m.legacyHeadHash {
            note([
                Problem(
                    kind: .chain, path: "journal",
                    message:
                        """
                        the first format's journal no longer matches what the migration recorded \
                        (\(m.legacyEntries) entries ending \(m.legacyHeadHash.prefix(12))); an old entry was \
                        changed, removed or added
                        """
                )
            ])
        }
        var g = SystemRandomNumberGenerator()
        epoch = g.next()
        openedFromCache = false
        reconcileTree()
        entriesSinceCheckpoint = 1000  // save a checkpoint
        generation += 1
    }

    /// Every envelope folder under `cabinets/` (id → paths), and what is there that is not
    /// a cabinet, building, floor, unit or envelope folder.
    func walkTree() -> (found: [String: [String]], strays: [Problem]) {
        var found: [String: [String]] = [:]
        var probs: [Problem] = []
        let cabRoot = abs("cabinets")
        if !DurableIO.isDir(cabRoot) {
            probs.append(Problem(kind: .damaged, path: "cabinets", message: "missing or not a folder"))
        }
        for cab in (DurableIO.list(cabRoot) ?? []).sorted() where !cab.hasPrefix(".") {
            let cp = cabRoot + "/" + cab
            guard LocationCode.isValid(cab), DurableIO.isDir(cp) else {
                probs.append(
                    Problem(
                        kind: .unexpected, path: "cabinets/\(Sanitize.visible(cab))",
                        message: "not a cabinet folder (codes are A–Z, 0–9, '-', '_')"))
                continue
            }
            if !cabinets.contains(where: { $0.code == cab }) {
                probs.append(
                    Problem(
                        kind: .unexpected, path: "cabinets/\(cab)",
                        message: "a cabinet folder the journal does not know (made by hand?)"))
            }
            for bld in (DurableIO.list(cp) ?? []) where bld != "cabinet.json" && !bld.hasPrefix(".") {
                let bp = cp + "/" + bld
                guard LocationCode.isValid(bld), DurableIO.isDir(bp) else {
                    probs.append(
                        Problem(
                            kind: .unexpected, path: "cabinets/\(cab)/\(Sanitize.visible(bld))",
                            message: "not a building folder"))
                    continue
                }
                for flr in (DurableIO.list(bp) ?? []) where !flr.hasPrefix(".") {
                    let fp = bp + "/" + flr
                    guard LocationCode.isValid(flr), DurableIO.isDir(fp) else {
                        probs.append(
                            Problem(
                                kind: .unexpected, path: "cabinets/\(cab)/\(bld)/\(Sanitize.visible(flr))",
                                message: "not a floor folder"))
                        continue
                    }
                    for unit in (DurableIO.list(fp) ?? []) where !unit.hasPrefix(".") {
                        let up = fp + "/" + unit
                        guard LocationCode.isValid(unit), DurableIO.isDir(up) else {
                            probs.append(
                                Problem(
                                    kind: .unexpected, path: "cabinets/\(cab)/\(bld)/\(flr)/\(Sanitize.visible(unit))",
                                    message: "not a unit folder"))
                            continue
                        }
                        for env in (DurableIO.list(up) ?? []) where !env.hasPrefix(".") {
                            let rel = "cabinets/\(cab)/\(bld)/\(flr)/\(unit)/\(Sanitize.visible(env))"
                            guard RecordID.isValid(env), env.hasPrefix("env-") else {
                                probs.append(
                                    Problem(
                                        kind: .unexpected, path: rel, message: "not an envelope folder (expected env-…)"
                                    ))
                                continue
                            }
                            found[env, default: []].append(rel + "/envelope.json")
                        }
                    }
                }
            }
        }
        return (found, probs)
    }

    /// Compares the folders under `cabinets/` with the envelopes the journal knows: a folder
    /// the journal does not know, or a second copy of an envelope, is reported; a known
    /// envelope without its file is written again (by the next writer).
    func reconcileTree() {
        let (found, strays) = walkTree()
        note(strays)
        for (id, paths) in found.sorted(by: { $0.key < $1.key }) {
            guard let known = summary(id: id) else {
                for p in paths {
                    note([
                        Problem(
                            kind: .unexpected, path: DurableIO.parent(p),
                            message:
                                "an envelope folder the journal does not know (made by hand, or its entry is missing)")
                    ])
                }
                continue
            }
            for p in paths where p != known.relativePath {
                note([
                    Problem(
                        kind: .misfiled, path: DurableIO.parent(p),
                        message: "a second copy of envelope \(id), which the journal files at \(known.location.chinese)"
                    )
                ])
            }
        }
        for s in summaries where !(found[s.id]?.contains(s.relativePath) ?? false) { unprojected.insert(s.id) }
        treeChanged = true
    }

    /// After a full fold: each envelope's summary from its file when the file shows the
    /// journal's last change of it, else from the journal (its file then written again, or,
    /// when it was changed by hand, reported and left for a person to adopt or revert).
    func settleRebuiltEnvelopes() {
        let (found, _) = walkTree()
        var sums: [EnvelopeSummary] = []
        sums.reserveCapacity(recordOrder.count)
        var later: [(Envelope, EnvelopeFile?)] = []
        for id in recordOrder {
            guard let m = recordMeta[id] else { continue }
            let paths = found[id] ?? []
            let file = paths.first.flatMap { readEnvelopeFile($0) }
            if m.linear, let d = m.digest, let f = file, var env = f.envelope, String(f.content, radix: 16) == d,
                env.id == id
            {
                env.revision = Revision(heads: m.heads, seen: env.revision?.seen ?? [:])
                var s = summary(of: env, digest: f.content)
                s.revision = m.heads
                sums.append(s)
                continue
            }
            guard let r = rebuildRecord(id, heads: m.heads), let v = r.value,
                var env = try? v.decode(Envelope.self, coding)
            else {
                note([
                    Problem(kind: .register, path: "journal", message: "envelope \(id): its entries cannot be folded")
                ])
                continue
            }
            register.setFieldDisputes(record: id, r.disputes)
            env.revision = revision(r)
            later.append((env, file))
        }
        sums.sort { filingLess($0, $1, cabinetOrder: cabinetOrder) }
        summaries = EnvelopeList(sums)
        resetSummaries()
        for (env, file) in later {
            let digest = contentDigest(env)
            var s = summary(of: env, digest: digest)
            if let f = file, f.envelope != nil, f.content != digest, let rev = f.envelope?.revision,
                Set(env.revision?.heads ?? []).allSatisfy({ EntryRef($0).map { covers(rev, $0) } ?? false })
            {
                // The file shows the journal's last change, and something more: a hand edit.
                s.damaged = "envelope.json 与日志不符 (differs from the journal: changed by hand? see dangan check)"
                note([
                    Problem(
                        kind: .projection, path: s.relativePath,
                        message: "differs from the journal (changed by hand?): adopt it or revert it (dangan check)")
                ])
            } else if let f = file, f.envelope == nil, f.bytes.isEmpty {
                s.damaged = "envelope.json 无法读取 (\(f.error ?? "unreadable"); shown from the journal)"
                note([
                    Problem(
                        kind: .damaged, path: s.relativePath,
                        message: (f.error ?? "cannot be read")
                            + " — the journal has the envelope; dangan does not write over a file it cannot read")
                ])
            } else if file?.content != digest {
                unprojected.insert(env.id)
            }
            placeSummary(s)
        }
        recordMeta = [:]
        recordOrder = []
    }

    /// Compares what this copy has verified before (its anchors) with the chains now: an
    /// entry removed from the end of a chain, or a rewritten chain, is reported.
    func checkAnchors() {
        if anchors.desks.isEmpty, let a = Anchors.load(root: root) { anchors = a }
        var probs: [Problem] = []
        for (d, a) in anchors.desks.sorted(by: { $0.key < $1.key }) {
            let h = frontier[d]
            if h == nil || h!.seq < a.seq {
                probs.append(
                    Problem(
                        kind: .chain, path: "journal/\(d)",
                        message:
                            """
                            this copy had verified desk \(d)'s chain up to entry \(a.seq), but it now ends at \
                            \(h?.seq ?? 0): entries were removed or could not be verified
                            """
                    ))
            } else if h!.seq == a.seq
                ? h!.hash != a.hash
                : !JournalFolder.path(root: root, ref: EntryRef(desk: d, seq: a.seq)).contains(where: {
                    DurableIO.basename($0).dropFirst(13).hasPrefix(a.hash.prefix(12))
                })
            {
                probs.append(
                    Problem(
                        kind: .chain, path: "journal/\(d)",
                        message: "desk \(d)'s entry \(a.seq) is not the one this copy verified: the chain was rewritten"
                    ))
            }
        }
        note(probs)
        noteAnchors()
    }
}
