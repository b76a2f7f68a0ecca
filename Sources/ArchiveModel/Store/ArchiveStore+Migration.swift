import Foundation

/// Migration from the first on-disk format (format 1: one hash-chained journal of whole
/// envelopes under `journal/YYYY-MM/`, envelope files written directly).
///
/// Once, under the writers' lock: this copy gets a desk; its first entries record the
/// migration (the old chain's length and last hash, so that the old entries stay verifiable
/// and cannot be changed afterwards unnoticed), the settings, each cabinet, and each envelope
/// as found (its creation in the new journal). The old entries stay where they are and are
/// folded into the register before every newer entry. The envelope files are not rewritten.
/// `archive.json` saying format 2 is written last: until then the archive is in the first
/// format, and an interrupted migration starts again from the beginning.
extension ArchiveStore {
    static func migrateFromFirstFormat(root: String, info old: ArchiveInfo) throws {
        var info = old
        info.format = ArchiveInfo.currentFormat
        info.revision = nil
        let store = ArchiveStore(root: root, info: info)
        try store.lock.acquire()
        defer { store.lock.release() }
        // Another process may have migrated meanwhile.
        if case .ok(let b) = DurableIO.read(root + "/archive.json", kind: .settings),
            let now = try? JSONCoding.decoder(TimeFormat(identifier: "Asia/Shanghai")).decode(
                ArchiveInfo.self, from: Data(b)),
            now.format >= ArchiveInfo.currentFormat
        {
            return
        }
        // Leftovers of an interrupted migration, and every derived file of the old format.
        for d in JournalFolder.desks(root: root).desks { try? DurableIO.removeTree(root + "/journal/" + d) }
        for f in ["desk.json", "desk.key", "anchors.json", "checkpoint.v2", "index.v1", "search.v1", "search.v1.delta"]
        {
            try? DurableIO.removeTree(root + "/" + cacheDir + "/" + f)
        }
        let months = JournalFolder.desks(root: root).legacyMonths
        let (legacy, legacyHead, _) = LegacyEntry.readAll(root: root, months: months, decoder: store.decoder)
        let (cabinets, envelopes) = scanFirstFormat(root: root, decoder: store.decoder)

        store.migrating = true
        store.bulkWrites = true
        let d = try store.ensureDesk()
        var first = store.entry(
            .archiveMigrate, changes: [try store.creation(.settings, "settings", info)],
            note:
                """
                由第一版格式迁移 (migrated from the first format: \(legacy.count) old entries, \(cabinets.count) \
                cabinets, \(envelopes.count) envelopes)
                """
        )
        first.migration = MigrationInfo(
            fromFormat: old.format, legacyEntries: legacyHead.seq, legacyHeadHash: legacyHead.hash,
            envelopes: envelopes.count, cabinets: cabinets.count)
        _ = try store.append(first, desk: d)
        for c in cabinets {
            var cab = c
            cab.revision = nil
            _ = try store.append(
                store.entry(
                    .cabinetCreate, changes: [try store.creation(.cabinet, cab.id, cab)], note: "迁移 (migrated)"),
                desk: d)
        }
        var sums: [EnvelopeSummary] = []
        for (e, bytes) in envelopes {
            var env = e
            env.revision = nil
            let en = try store.appendWithoutFold(
                store.entry(
                    .envelopeCreate, envelope: env.id, changes: [try store.creation(.envelope, env.id, env)],
                    note: "迁移 (migrated)"), desk: d)
            var s = store.summary(of: env, digest: store.contentDigest(env))
            s.revision = [en.ref.description]
            sums.append(s)
        }
        sums.sort { filingLess($0, $1, cabinetOrder: store.cabinetOrder) }
        store.summaries = EnvelopeList(sums)
        for e in legacy { store.register.apply(legacy: e) }
        store.legacyHead = legacyHead
        DurableIO.syncFileSystem(root)
        // The commit point: from here on the archive is in the new format.
        store.migrating = false
        store.bulkWrites = false
        store.writeSettingsProjection()
        try DurableIO.writeAtomic(root + "/.gitignore", Array(gitignore.utf8))
        if !DurableIO.exists(root + "/.gitattributes") {
            try DurableIO.writeAtomic(root + "/.gitattributes", Array(gitattributes.utf8))
        }
        store.anchors.save(root: root)
        var g = SystemRandomNumberGenerator()
        store.epoch = g.next()
        try? store.saveCheckpoint()
    }

    /// Cabinets and envelopes of a first-format archive, as their files are (an envelope filed
    /// in the wrong folder keeps the folder's place; a damaged file is left out and stays on
    /// disk, reported by `check` afterwards).
    static func scanFirstFormat(root: String, decoder: JSONDecoder) -> ([Cabinet], [(Envelope, [UInt8])]) {
        var cabs: [Cabinet] = []
        var envs: [(Envelope, [UInt8])] = []
        var seen = Set<String>()
        let cabRoot = root + "/cabinets"
        for cab in (DurableIO.list(cabRoot) ?? []).sorted(by: naturalLess)
        where !cab.hasPrefix(".") && LocationCode.isValid(cab) {
            let cp = cabRoot + "/" + cab
            guard DurableIO.isDir(cp) else { continue }
            if case .ok(let b) = DurableIO.read(cp + "/cabinet.json", kind: .cabinet),
                var c = try? decoder.decode(Cabinet.self, from: Data(b))
            {
                c.code = cab
                cabs.append(c)
            } else {
                cabs.append(Cabinet(code: cab, label: cab, room: ""))
            }
            for bld in (DurableIO.list(cp) ?? [])
            where bld != "cabinet.json" && !bld.hasPrefix(".") && LocationCode.isValid(bld) {
                for flr in (DurableIO.list(cp + "/" + bld) ?? []) where !flr.hasPrefix(".") && LocationCode.isValid(flr)
                {
                    for unit in (DurableIO.list(cp + "/\(bld)/\(flr)") ?? [])
                    where !unit.hasPrefix(".") && LocationCode.isValid(unit) {
                        for id in (DurableIO.list(cp + "/\(bld)/\(flr)/\(unit)") ?? [])
                        where id.hasPrefix("env-") && RecordID.isValid(id) {
                            let p = cp + "/\(bld)/\(flr)/\(unit)/\(id)/envelope.json"
                            guard case .ok(let b) = DurableIO.read(p, kind: .envelope),
                                var e = try? decoder.decode(Envelope.self, from: Data(b)),
                                e.id == id, seen.insert(id).inserted
                            else { continue }
                            e.cabinet = cab
                            e.building = bld
                            e.floor = flr
                            e.unit = unit
                            envs.append((e, b))
                        }
                    }
                }
            }
        }
        return (cabs, envs)
    }
}
