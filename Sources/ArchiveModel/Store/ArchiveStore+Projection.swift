// Over 400 lines: one algorithm, a record folded from its own entries with its conflicts and its file.
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Projection: the files under `cabinets/` and `archive.json` follow from the journal. Each
/// file carries its ``Revision``; dangan writes a record's file after the entry that changed
/// it is durable, and brings files that are behind up to date when it folds (after a crash,
/// after a `git pull`). A file that differs from what the journal says is never taken for the
/// truth: it is reported (`dangan check`), can be adopted as a journaled change or reverted,
/// and is kept aside if a newer entry must replace it.
extension ArchiveStore {
    // MARK: Envelopes

    /// Brings an envelope's summary, and its file when this process holds the writers' lock,
    /// up to date with entry `e`'s change of it.
    func projectEnvelope(_ c: RecordChange, of e: JournalEntry) {
        if rebuilding {
            noteRecord(c, of: e)
            return
        }
        let id = c.record
        let ref = e.ref.description
        let sum = position(of: id).map { summaries[$0] }
        let file = sum.flatMap { readEnvelopeFile($0.relativePath) }
        var state: JSONValue
        var rev: Revision
        if c.isCreation, sum == nil, let created = c.createdValue(coding) {
            state = created
            rev = revision(of: [e])
        } else if let sum, !c.isCreation, Set(c.base) == Set(sum.revision), !register.hasFieldDispute(record: id),
            let f = file, let env = f.envelope, f.content == sum.digest,
            let cur = try? JSONValue.of(env, coding), let next = try? RecordDiff.apply(c.ops, to: cur)
        {
            // The file shows the record as it was before `e`: apply the change to it.
            state = next
            rev = revision(of: [e])
        } else {
            // Concurrent changes (another desk had not seen this record's latest change), a
            // file written by another process or changed by hand, a replay: fold the record
            // from its own entries.
            guard let r = rebuildRecord(id, heads: (sum?.revision ?? []) + [ref], extra: [e]), let v = r.value else {
                note([
                    Problem(
                        kind: .register, path: "journal",
                        message: "entry \(ref) changes envelope \(id), whose history cannot be read")
                ])
                return
            }
            register.setFieldDisputes(record: r.record, r.disputes)
            state = v
            rev = revision(r)
        }
        guard var env = try? state.decode(Envelope.self, coding) else {
            note([Problem(kind: .register, path: "journal", message: "entry \(ref) leaves envelope \(id) unreadable")])
            return
        }
        env.revision = rev
        settleEnvelope(env, previous: sum, file: file)
    }

    /// Puts the journal's version of an envelope in place: the summary, and the file when it
    /// does not already show that version (written by this process only under the lock).
    func settleEnvelope(_ env: Envelope, previous sum: EnvelopeSummary?, file: EnvelopeFile?) {
        let digest = contentDigest(env)
        let rel = ArchiveStore.envelopeRelativePath(
            cabinet: env.cabinet, building: env.building, floor: env.floor, unit: env.unit, id: env.id)
        let there = rel == sum?.relativePath ? file : readEnvelopeFile(rel)
        if let t = there, t.envelope != nil, t.content == digest {
            // The file already shows it (written by the process that made the change, or
            // before a crash).
            placeSummary(summary(of: env, digest: digest))
            if let sum, sum.relativePath != rel, lock.isHeld, readEnvelopeFile(sum.relativePath) != nil {
                removeEnvelopeFolder(sum.relativePath)
            }
            unprojected.remove(env.id)
            return
        }
        if let t = there, t.envelope == nil, t.bytes.isEmpty {
            // A file that cannot be read (permissions, I/O) is never written over: its bytes
            // could not be kept. Reported; the summary shows the journal's version.
            var s = summary(of: env, digest: digest)
            s.damaged = "envelope.json 无法读取 (\(t.error ?? "unreadable"); shown from the journal)"
            placeSummary(s)
            unprojected.remove(env.id)
            note([
                Problem(
                    kind: .damaged, path: s.relativePath,
                    message: (t.error ?? "cannot be read")
                        + " — the journal has the envelope; dangan does not write over a file it cannot read")
            ])
            return
        }
        guard lock.isHeld else {
            // Only a writer (holding the lock) writes files; the next one writes this.
            unprojected.insert(env.id)
            placeSummary(summary(of: env, digest: digest))
            return
        }
        writeEnvelopeProjection(env, previous: sum, replacing: there)
    }

    /// True when a file shows the journal's version of the envelope at the file's own revision:
    /// a projection that is merely behind (after a crash, or a pull), not a hand edit.
    func isStaleProjection(_ f: EnvelopeFile, id: String) -> Bool {
        guard let e = f.envelope, let rev = e.revision, !rev.heads.isEmpty,
            let r = rebuildRecord(id, heads: rev.heads), let v = r.value, let j = try? v.decode(Envelope.self, coding)
        else { return false }
        return contentDigest(j) == f.content
    }

    /// During a full fold: what an envelope's entries say of it, settled once at the end.
    func noteRecord(_ c: RecordChange, of e: JournalEntry) {
        let ref = e.ref.description
        guard var m = recordMeta[c.record] else {
            recordMeta[c.record] = RecordMeta(heads: [ref], digest: c.digest, linear: c.isCreation)
            recordOrder.append(c.record)
            return
        }
        if !c.isCreation && Set(c.base) == Set(m.heads) {
            m.heads = [ref]
            m.digest = c.digest
        } else {
            m.heads = m.heads.filter { h in !(EntryRef(h).map { e.knows($0) } ?? false) } + [ref]
            m.digest = nil
            m.linear = false
        }
        recordMeta[c.record] = m
    }

    /// A record's revision from the entries that last changed it: those entries, and every
    /// entry they had seen. A function of the journal alone, so that every desk writes the same
    /// file for the same record (two offices' files never differ only in bookkeeping).
    func revision(of heads: [JournalEntry]) -> Revision {
        var seen: [String: Int] = [:]
        for e in heads {
            seen[e.desk] = max(seen[e.desk] ?? 0, e.seq)
            for (d, n) in e.seen { seen[d] = max(seen[d] ?? 0, n) }
        }
        return Revision(heads: heads.map { $0.ref.description }.sorted(), seen: seen)
    }

    func revision(_ r: Rebuilt) -> Revision {
        revision(of: r.entries.filter { r.heads.contains($0.ref.description) })
    }

    /// True when a file written at revision `rev` already reflects entry `ref`.
    func covers(_ rev: Revision, _ ref: EntryRef) -> Bool { (rev.seen[ref.desk] ?? 0) >= ref.seq }

    /// A digest of an envelope's content (its file without the revision, as dangan writes it):
    /// equal content, equal digest. Kept in the summary and in each change's entry.
    func contentDigest(_ e: Envelope) -> UInt64 {
        var x = e
        x.revision = nil
        return (try? JSONCoding.bytes(x, encoder)).map(Hashing.digest64) ?? 0
    }

    struct EnvelopeFile {
        var envelope: Envelope?
        var bytes: [UInt8]
        /// Digest of the content (see `contentDigest`); 0 when the file cannot be read.
        var content: UInt64
        var error: String?
    }

    /// The envelope file at `rel` as it is on disk (nil when there is none).
    func readEnvelopeFile(_ rel: String) -> EnvelopeFile? {
        switch DurableIO.read(abs(rel), kind: .envelope) {
        case .missing: return nil
        case .failed(let m):
            return EnvelopeFile(
                envelope: nil, bytes: [], content: 0,
                error: DurableIO.isDir(abs(rel)) ? "is a folder, expected a file" : m)
        case .ok(let b):
            do {
                let e = try decoder.decode(Envelope.self, from: Data(b))
                return EnvelopeFile(envelope: e, bytes: b, content: contentDigest(e), error: nil)
            } catch { return EnvelopeFile(envelope: nil, bytes: b, content: 0, error: JSONCoding.describe(error)) }
        }
    }

    static let maxEnvelopeBytes = 32 << 20

    /// Writes an envelope's projection and puts its summary in place. A file that is not the
    /// previous projection (changed by hand, damaged) is kept beside it, and the replacement
    /// reported: nothing is lost.
    func writeEnvelopeProjection(_ env: Envelope, previous: EnvelopeSummary?, replacing old: EnvelopeFile?) {
        let rel = ArchiveStore.envelopeRelativePath(
            cabinet: env.cabinet, building: env.building, floor: env.floor, unit: env.unit, id: env.id)
        let digest = contentDigest(env)
        if let old, !old.bytes.isEmpty,
            old.envelope == nil || (old.content != previous?.digest && !isStaleProjection(old, id: env.id))
        {
            let stamp = timeFormat.iso(now).prefix(19).replacingOccurrences(of: ":", with: "")
            let keep = DurableIO.parent(abs(rel)) + "/.envelope.json.replaced-" + stamp
            if (try? DurableIO.writeAtomic(keep, old.bytes, durable: !bulkWrites)) != nil {
                note([
                    Problem(
                        kind: .projection, path: rel,
                        message:
                            """
                            the file did not show what the journal says \
                            (\(old.envelope == nil ? "damaged" : "changed by hand")); written again from the \
                            journal, the old file is kept as \(DurableIO.basename(keep))
                            """
                    )
                ])
            }
        }
        do {
            let bytes = try JSONCoding.bytes(env, encoder)
            try writeEnvelopeFile(rel: rel, bytes: bytes)
            if let previous, previous.relativePath != rel { removeEnvelopeFolder(previous.relativePath) }
            placeSummary(summary(of: env, digest: digest))
            unprojected.remove(env.id)
        } catch {
            // The journal has the change; the file follows at the next write or open.
            unprojected.insert(env.id)
            var s = summary(of: env, digest: digest)
            s.damaged = "envelope.json 尚未写入 (could not be written yet; the journal has the change)"
            placeSummary(s)
            let why = DurableIO.isDir(abs(rel)) ? "a folder is where the file should be" : "\(error)"
            note([
                Problem(
                    kind: .projection, path: rel,
                    message:
                        """
                        could not be written: \(why) — the journal has the change; dangan writes the file when \
                        it next can
                        """
                )
            ])
        }
    }

    /// Writes an envelope file; a new envelope folder is built under a hidden name and renamed
    /// into place whole, so that a crash never leaves a folder without its file.
    func writeEnvelopeFile(rel: String, bytes: [UInt8]) throws {
        let dir = DurableIO.parent(abs(rel))
        if DurableIO.isDir(dir) {
            try DurableIO.writeAtomic(abs(rel), bytes, durable: !bulkWrites)
            return
        }
        let unitDir = DurableIO.parent(dir)
        // A new unit folder changes its floor's folder, which the checkpoint's stamp covers.
        if !DurableIO.isDir(unitDir) { treeChanged = true }
        try DurableIO.makeDirs(unitDir, durable: !bulkWrites)
        if bulkWrites {
            try DurableIO.makeDirs(dir, durable: false)
            try DurableIO.writeAtomic(abs(rel), bytes, durable: false)
            return
        }
        let staging = unitDir + "/.new-" + DurableIO.basename(dir) + "-" + String(getpid())
        try? DurableIO.removeTree(staging)
        try DurableIO.makeDirs(staging)
        try DurableIO.writeAtomic(staging + "/envelope.json", bytes)
        do { try DurableIO.rename(staging, dir) } catch {
            try? DurableIO.removeTree(staging)
            throw error
        }
        try DurableIO.fsyncDir(unitDir)
    }

    /// Removes an envelope's old folder after it moved (the new file is written first: a
    /// crash in between leaves a duplicate that the next fold removes, never a lost envelope).
    func removeEnvelopeFolder(_ rel: String) {
        let dir = DurableIO.parent(abs(rel))
        _ = DurableIO.remove(abs(rel))
        for f in DurableIO.list(dir) ?? [] where f.hasPrefix(".") { _ = DurableIO.remove(dir + "/" + f) }
        _ = DurableIO.remove(dir)
        try? DurableIO.fsyncDir(DurableIO.parent(dir))
    }

    // MARK: Cabinets and settings

    func projectCabinet(_ c: RecordChange, of e: JournalEntry) {
        let current = cabinets.first { $0.id == c.record }
        var value: JSONValue
        var rev = revision(of: [e])
        if c.isCreation, current == nil, let created = c.createdValue(coding) {
            value = created
        } else if let current, !c.isCreation, Set(c.base) == Set(cabinetRevision(current)),
            let cur = try? JSONValue.of(current, coding), let next = try? RecordDiff.apply(c.ops, to: cur)
        {
            value = next
        } else {
            guard
                let r = rebuildRecord(
                    c.record, heads: (current.map(cabinetRevision) ?? []) + [e.ref.description], extra: [e]),
                let v = r.value
            else { return }
            register.setFieldDisputes(record: r.record, r.disputes)
            value = v
            rev = revision(r)
        }
        guard var cab = try? value.decode(Cabinet.self, coding) else { return }
        cab.revision = rev
        let old = current?.code
        upsertCabinet(cab)
        writeCabinetProjection(cab, previous: current)
        if let old, old != cab.code, lock.isHeld { _ = DurableIO.remove(abs("cabinets/\(old)/cabinet.json")) }
    }

    func writeCabinetProjection(_ cab: Cabinet, previous: Cabinet?) {
        func strip(_ c: Cabinet) -> Cabinet {
            var x = c
            x.revision = nil
            return x
        }
        let rel = "cabinets/\(cab.code)/cabinet.json"
        let written = writeSmallProjection(
            rel: rel, kind: .cabinet, id: cab.id, bytes: try? JSONCoding.bytes(cab, encoder)
        ) { b in
            guard let x = try? self.decoder.decode(Cabinet.self, from: Data(b)) else { return .differs }
            if strip(x) == strip(cab) { return .same }
            return previous.map { strip($0) == strip(x) } == true ? .stale : .differs
        }
        _ = written
    }

    enum FileVerdict { case same, stale, differs }

    /// Writes a cabinet's or the settings' file as the journal has it: not when it already
    /// shows that; never over a file that cannot be read; keeping a file that differs (a hand
    /// edit, damage) beside the new one. Only a writer (holding the lock) writes.
    @discardableResult
    func writeSmallProjection(
        rel: String, kind: DurableIO.FileKind, id: String, bytes: [UInt8]?, verdict: ([UInt8]) -> FileVerdict
    ) -> Bool {
        guard let bytes else { return false }
        var keep: [UInt8]? = nil
        switch DurableIO.read(abs(rel), kind: kind) {
        case .missing: break
        case .failed(let m):
            unprojected.remove(id)
            note([
                Problem(
                    kind: .damaged, path: rel,
                    message: m + " — the journal has it; dangan does not write over a file it cannot read")
            ])
            return false
        case .ok(let old):
            switch verdict(old) {
            case .same:
                unprojected.remove(id)
                return true
            case .stale: break
            case .differs: keep = old
            }
        }
        guard lock.isHeld, !migrating else {
            unprojected.insert(id)
            return false
        }
        do {
            try DurableIO.makeDirs(DurableIO.parent(abs(rel)), durable: !bulkWrites)
            if let keep {
                let stamp = timeFormat.iso(now).prefix(19).replacingOccurrences(of: ":", with: "")
                let aside = DurableIO.parent(abs(rel)) + "/." + DurableIO.basename(rel) + ".replaced-" + stamp
                try DurableIO.writeAtomic(aside, keep, durable: !bulkWrites)
                note([
                    Problem(
                        kind: .projection, path: rel,
                        message:
                            """
                            did not show what the journal says; written again from the journal, the old file is \
                            kept as \(DurableIO.basename(aside))
                            """
                    )
                ])
            }
            try DurableIO.writeAtomic(abs(rel), bytes, durable: !bulkWrites)
            unprojected.remove(id)
            return true
        } catch {
            unprojected.insert(id)
            note([
                Problem(
                    kind: .projection, path: rel, message: "could not be written: \(error) — the journal has the change"
                )
            ])
            return false
        }
    }

    func cabinetRevision(_ c: Cabinet) -> [String] { c.revision?.heads ?? [] }

    func projectSettings(_ c: RecordChange, of e: JournalEntry) {
        var value: JSONValue
        var rev = revision(of: [e])
        if c.isCreation, settingsRevision.isEmpty, let created = c.createdValue(coding) {
            value = created
        } else if !c.isCreation, Set(c.base) == Set(settingsRevision),
            let cur = try? JSONValue.of(infoWithoutRevision(), coding),
            let next = try? RecordDiff.apply(c.ops, to: cur)
        {
            value = next
        } else {
            guard let r = rebuildRecord("settings", heads: settingsRevision + [e.ref.description], extra: [e]),
                let v = r.value
            else { return }
            register.setFieldDisputes(record: r.record, r.disputes)
            value = v
            rev = revision(r)
        }
        guard var i = try? value.decode(ArchiveInfo.self, coding) else { return }
        i.revision = rev
        let previous = settingsRevision.isEmpty ? nil : info
        settingsRevision = rev.heads
        setInfo(i)
        writeSettingsProjection(previous: previous)
    }

    func infoWithoutRevision() -> ArchiveInfo {
        var i = info
        i.revision = nil
        return i
    }

    func setInfo(_ i: ArchiveInfo) {
        let zoneChanged = i.settings.timeZone != info.settings.timeZone
        info = i
        if zoneChanged {
            timeFormat = TimeFormat(identifier: i.settings.timeZone)
            coding = RecordCoding(timeFormat)
        }
    }

    func writeSettingsProjection(previous: ArchiveInfo? = nil) {
        if migrating { return }
        let mine = infoWithoutRevision()
        writeSmallProjection(
            rel: "archive.json", kind: .settings, id: "settings", bytes: try? JSONCoding.bytes(info, encoder)
        ) { b in
            guard var x = try? self.decoder.decode(ArchiveInfo.self, from: Data(b)) else { return .differs }
            x.revision = nil
            if x == mine { return .same }
            if var p = previous {
                p.revision = nil
                if p == x { return .stale }
            }
            return .differs
        }
    }

    // MARK: A record folded from its own entries

    struct Rebuilt {
        var record = ""
        var value: JSONValue?
        var heads: [String]
        var disputes: [Dispute]
        /// The entries that changed the record, in fold order.
        var entries: [JournalEntry]
    }

    /// Folds one record from the entries that changed it, found by following base revisions
    /// back from `heads` to its creation. Two entries that had not seen each other and set the
    /// same field to different values are a conflict (a ``Dispute``): the one later in fold
    /// order is shown until a person decides.
    func rebuildRecord(_ id: String, heads: [String], extra: [JournalEntry] = []) -> Rebuilt? {
        var byRef: [String: JournalEntry] = [:]
        for e in extra { byRef[e.ref.description] = e }
        var found: [String: JournalEntry] = [:]
        var stack = heads
        while let r = stack.popLast() {
            if found[r] != nil { continue }
            guard let e = byRef[r] ?? loadEntry(r) else { return nil }
            found[r] = e
            guard let c = e.changes.first(where: { $0.record == id }) else { continue }
            if !c.isCreation { stack += c.base }
        }
        let ordered = found.values.sorted { $0.foldKey < $1.foldKey }
        var value: JSONValue? = nil
        // Every write of a field: who, and the operation.
        var writes: [(entry: JournalEntry, op: FieldOp)] = []
        var used: [JournalEntry] = []
        for e in ordered {
            guard let c = e.changes.first(where: { $0.record == id }) else { continue }
            used.append(e)
            if c.isCreation, let created = c.createdValue(coding) {
                value = created
                writes = []
                continue
            }
            guard let v = value else { continue }
            for op in c.ops { writes.append((e, op)) }
            value = try? RecordDiff.apply(c.ops, to: v)
        }
        let kind = ordered.first { $0.changes.contains { $0.record == id } }?.changes.first { $0.record == id }?.kind
        let disputes = ArchiveStore.fieldConflicts(id, envelope: kind == .envelope ? id : nil, writes: writes)
        // The heads: entries no other entry of the record had seen.
        let headRefs = used.filter { e in !used.contains { o in o.ref != e.ref && o.knows(e.ref) } }.map {
            $0.ref.description
        }
        return Rebuilt(record: id, value: value, heads: headRefs.sorted(), disputes: disputes, entries: used)
    }

    /// The conflicts among a record's field writes: for each field, the latest writes that no
    /// other write of it had seen; two or more of them that differ are a conflict. A function of
    /// the set of writes alone (not of the order they arrived in), so every desk finds the same.
    static func fieldConflicts(_ id: String, envelope: String?, writes: [(entry: JournalEntry, op: FieldOp)])
        -> [Dispute]
    {
        var out: [String: Dispute] = [:]
        for p in Set(writes.map { $0.op.path }).sorted() {
            let touching = writes.filter { RecordDiff.overlaps(p, $0.op.path) }
            let latest = touching.filter { w in
                !touching.contains { o in o.entry.ref != w.entry.ref && o.entry.knows(w.entry.ref) }
            }
            // One side per entry (its last write of the field).
            var byEntry: [String: (JournalEntry, FieldOp)] = [:]
            for w in latest { byEntry[w.entry.ref.description] = (w.entry, w.op) }
            guard byEntry.count >= 2 else { continue }
            let ops = byEntry.values.map { "\($0.1.path)=\($0.1.to.map { "\($0)" } ?? "nil")" }
            guard Set(ops).count >= 2 else { continue }
            let sides = byEntry.values.map { e, op in
                Dispute.Side(
                    entry: e.ref.description, desk: e.desk, by: e.by, at: e.at, value: op.to?.display ?? "—", loan: nil,
                    raw: op.path == p ? op.to : nil)
            }
            let d = Dispute(kind: .field, record: id, envelope: envelope, field: p, sides: sides)
            // The same sides over a field and a part of it: one conflict, about the larger.
            let key = d.sides.map { $0.entry }.joined(separator: "|")
            if let other = out[key], other.field!.count <= p.count { continue }
            out[key] = d
        }
        return out.values.sorted { $0.id < $1.id }
    }

    /// Reads one entry by reference (`DESK:SEQ`), without verifying it again.
    func loadEntry(_ ref: String) -> JournalEntry? {
        guard let r = EntryRef(ref) else { return nil }
        for rel in JournalFolder.path(root: root, ref: r) {
            guard case .ok(let b) = DurableIO.read(abs(rel), kind: .journalEntry),
                let p = try? EntryFile.parse(b, coding: coding)
            else { continue }
            if let h = frontier[r.desk], h.seq == r.seq, h.hash != p.hash { continue }
            return p.entry
        }
        return nil
    }

    /// Writes again every projection that could not be written before (full disk, …).
    func retryProjections() {
        guard !unprojected.isEmpty else { return }
        for id in unprojected {
            if id == "settings" {
                writeSettingsProjection()
                continue
            }
            if let cab = cabinets.first(where: { $0.id == id }) {
                writeCabinetProjection(cab, previous: nil)
                continue
            }
            guard let pos = position(of: id) else {
                unprojected.remove(id)
                continue
            }
            let sum = summaries[pos]
            guard let r = rebuildRecord(id, heads: sum.revision), let v = r.value,
                var env = try? v.decode(Envelope.self, coding)
            else { continue }
            env.revision = revision(r)
            settleEnvelope(env, previous: sum, file: readEnvelopeFile(sum.relativePath))
        }
    }
}
