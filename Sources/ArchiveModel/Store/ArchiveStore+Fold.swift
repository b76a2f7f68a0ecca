import Foundation

/// Reading the journal and folding it: how one dangan sees its own changes and those of other
/// processes and other desks. Entries are verified desk by desk (chain, signature, place),
/// ordered by fold key and applied: to the register, to the settings and cabinets, and to the
/// envelope files (projection).
extension ArchiveStore {
    /// An entry read from disk and verified.
    struct Loaded {
        var entry: JournalEntry
        var hash: String
        var rel: String
    }

    /// Reads entries newer than the frontier and folds them in. Returns how many were folded.
    @discardableResult
    public func refreshJournal() -> Int {
        if let stamp = journalStamp(), let last = lastJournalStamp, stamp == last, lock.readCounter() == entryCount {
            repairIfDamaged()
            return 0
        }
        let stampBefore = journalStamp()
        let (batch, found) = readNewEntries()
        note(found)
        // Only trust "nothing changed" for folders not touched within the last clock tick.
        if let s = stampBefore, Date().timeIntervalSince1970 - s.newest > 0.05 {
            lastJournalStamp = s
        } else {
            lastJournalStamp = nil
        }
        guard !batch.isEmpty else {
            repairIfDamaged()
            return 0
        }
        fold(batch)
        repairIfDamaged()
        return batch.count
    }

    /// Adds problems not already listed.
    func note(_ found: [Problem]) {
        for p in found where !problems.contains(p) { problems.append(p) }
    }

    /// Entries of every desk after the frontier, verified; problems for what cannot be folded.
    /// A desk's entries stop at the first that fails verification (the rest cannot be trusted).
    func readNewEntries() -> ([Loaded], [Problem]) {
        let (desks, _, strays) = JournalFolder.desks(root: root)
        var probs = strays.map { Problem(kind: .unexpected, path: $0.path, message: $0.reason + " — ignored") }
        var out: [Loaded] = []
        for d in desks {
            let head = frontier[d]
            if let head, verifier.keys[d] == nil { loadKey(desk: d) }
            let (names, strays) = JournalFolder.entries(root: root, desk: d, after: head?.seq ?? 0)
            probs += strays.map { Problem(kind: .unexpected, path: $0.path, message: $0.reason + " — ignored") }
            var prev = head
            var i = 0
            chain: while i < names.count {
                let seq = names[i].seq
                var j = i
                while j + 1 < names.count && names[j + 1].seq == seq { j += 1 }
                let candidates = names[i...j]
                i = j + 1
                // Each file of this number, verified; a planted or damaged file beside the
                // real entry is reported and ignored; two valid entries of one number are a fork.
                var valid: [Loaded] = []
                var failures: [Problem] = []
                for n in candidates {
                    switch DurableIO.read(abs(n.relativePath), kind: .journalEntry) {
                    case .ok(let bytes):
                        do {
                            let p = try EntryFile.parse(bytes, coding: coding)
                            var v = verifier
                            try v.verify(
                                p, rel: n.relativePath, desk: d, nameSeq: n.seq, nameHash: n.hash, previous: prev,
                                archive: info.id.hasPrefix("arc-unknown") ? nil : info.id)
                            verifier = v
                            valid.append(Loaded(entry: p.entry, hash: p.hash, rel: n.relativePath))
                        } catch {
                            failures.append(Problem(kind: .chain, path: n.relativePath, message: "\(error)"))
                        }
                    case .missing: continue
                    case .failed(let m): failures.append(Problem(kind: .damaged, path: n.relativePath, message: m))
                    }
                }
                if valid.count > 1 {
                    probs.append(
                        Problem(
                            kind: .chain, path: "journal/\(d)",
                            message:
                                """
                                fork: desk \(d) wrote \(valid.count) different entries numbered \(seq) (a copy \
                                of the archive went on writing as the same desk); its entries from \(seq) on \
                                are not folded
                                """
                        ))
                    break chain
                }
                guard let l = valid.first else {
                    probs += failures.map {
                        Problem(
                            kind: $0.kind, path: $0.path,
                            message: $0.message + " — this entry and the desk's later entries are not folded")
                    }
                    break chain
                }
                probs += failures.map {
                    Problem(
                        kind: $0.kind, path: $0.path,
                        message: $0.message + " — not an entry of this desk's chain: ignored")
                }
                out.append(l)
                prev = ChainHead(seq: seq, hash: l.hash)
            }
        }
        return (out, probs)
    }

    /// The key of a desk already folded (after a checkpoint that did not carry it).
    func loadKey(desk d: String) {
        guard let rel = JournalFolder.path(root: root, ref: EntryRef(desk: d, seq: 1)).first,
            case .ok(let b) = DurableIO.read(abs(rel), kind: .journalEntry),
            let p = try? EntryFile.parse(b, coding: coding), let name = EntryFile.parseName(DurableIO.basename(rel))
        else { return }
        var v = JournalVerifier()
        if (try? v.verify(p, rel: rel, desk: d, nameSeq: 1, nameHash: name.hash, previous: nil, archive: nil)) != nil {
            verifier.keys[d] = v.keys[d]
        }
    }

    /// Folds a batch of verified entries. Entries that sort before what is already folded
    /// (another desk's concurrent work, arriving by sync) make the register fold again from
    /// the start, so that every desk ends in the same state whatever the order of arrival.
    func fold(_ batch: [Loaded]) {
        folding += 1
        defer { folding -= 1 }
        let sorted = batch.sorted { $0.entry.foldKey < $1.entry.foldKey }
        if let first = sorted.first, first.entry.foldKey < tip {
            refoldRegister(adding: sorted)
        } else {
            for l in sorted { apply(l) }
        }
        generation += 1
        for l in sorted { frontier[l.entry.desk] = ChainHead(seq: l.entry.seq, hash: l.hash) }
        noteAnchors()
        entriesSinceCheckpoint += sorted.count
    }

    /// Applies one entry: register, records, frontier.
    func apply(_ l: Loaded) {
        let e = l.entry
        register.apply(e)
        frontier[e.desk] = ChainHead(seq: e.seq, hash: l.hash)
        if tip < e.foldKey { tip = e.foldKey }
        for c in e.changes { applyChange(c, of: e, ordered: true) }
    }

    func applyChange(_ c: RecordChange, of e: JournalEntry, ordered: Bool) {
        switch c.kind {
        case .envelope: projectEnvelope(c, of: e)
        case .cabinet: projectCabinet(c, of: e)
        case .settings: projectSettings(c, of: e)
        }
    }

    /// Folds the register again from the first entry, with `extra` entries added: every entry
    /// of every desk up to the frontier, in fold order. Records touched by the new entries are
    /// projected on the way (their own fold does not depend on arrival order).
    func refoldRegister(adding extra: [Loaded]) {
        var all = allFoldedEntries()
        all += extra
        all.sort { $0.entry.foldKey < $1.entry.foldKey }
        let extraRefs = Set(extra.map { $0.entry.ref })
        var reg = Register()
        for e in legacyEntries() { reg.apply(legacy: e) }
        for l in all { reg.apply(l.entry) }
        // Keep the field conflicts found by projections (they are not in the register's fold).
        for d in register.disputes.values where d.kind == .field { reg.disputes[d.id] = d }
        register = reg
        for l in all where extraRefs.contains(l.entry.ref) {
            frontier[l.entry.desk] = ChainHead(seq: l.entry.seq, hash: l.hash)
            if tip < l.entry.foldKey { tip = l.entry.foldKey }
            for c in l.entry.changes { applyChange(c, of: l.entry, ordered: false) }
        }
    }

    /// Every entry folded so far, read again from disk (the slow path of a concurrent arrival).
    func allFoldedEntries() -> [Loaded] {
        var out: [Loaded] = []
        for (d, head) in frontier {
            for n in JournalFolder.entries(root: root, desk: d, after: 0).names where n.seq <= head.seq {
                guard case .ok(let b) = DurableIO.read(abs(n.relativePath), kind: .journalEntry),
                    let p = try? EntryFile.parse(b, coding: coding)
                else { continue }
                out.append(Loaded(entry: p.entry, hash: p.hash, rel: n.relativePath))
            }
        }
        return out
    }

    /// The first format's entries (an archive migrated from it), in order.
    func legacyEntries() -> [LegacyEntry] {
        guard legacyHead.seq > 0 else { return [] }
        let months = JournalFolder.desks(root: root).legacyMonths
        return LegacyEntry.readAll(root: root, months: months, decoder: decoder).entries
    }

    /// Records the heads just folded as this copy's anchors (see ``Anchors``).
    func noteAnchors() {
        var changed = false
        let when = timeFormat.iso(now)
        for (d, h) in frontier where anchors.desks[d]?.seq ?? 0 < h.seq {
            anchors.desks[d] = Anchors.Head(seq: h.seq, hash: h.hash, firstSeen: anchors.desks[d]?.firstSeen ?? when)
            changed = true
        }
        if changed && !bulkWrites { anchors.save(root: root) }
    }

    // MARK: Is there anything new?

    /// Modification times of the journal folder and of each desk's newest bucket: when none
    /// changed (and every local writer's counter agrees), there is nothing new to read.
    struct JournalStamp: Equatable {
        var times: [Int]
        var newest: Double
        static func == (a: JournalStamp, b: JournalStamp) -> Bool { a.times == b.times }
    }

    func journalStamp() -> JournalStamp? {
        guard let r = DurableIO.mtime(abs("journal")) else { return nil }
        var times = [r.0, r.1]
        var newest = Double(r.0) + Double(r.1) / 1e9
        for (d, h) in frontier.sorted(by: { $0.key < $1.key }) {
            for b in [EntryFile.bucket(h.seq), EntryFile.bucket(h.seq + 1)] {
                let t = DurableIO.mtime(abs("journal/\(d)/\(b)")) ?? (-1, -1)
                times += [t.0, t.1]
                newest = max(newest, Double(t.0) + Double(t.1) / 1e9)
            }
            let t = DurableIO.mtime(abs("journal/\(d)")) ?? (-1, -1)
            times += [t.0, t.1]
        }
        return JournalStamp(times: times, newest: newest)
    }
}
