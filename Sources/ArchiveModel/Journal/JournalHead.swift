import Foundation

/// A position in the journal: how far each desk's chain has been folded. What derived files
/// (the checkpoint, the search index) record to say which state of the archive they reflect.
public struct JournalHead: Equatable, Sendable {
    /// Desk id → the head (sequence number and file hash) of its chain folded so far.
    public var frontier: Frontier
    /// A position from each desk's head.
    public init(frontier: Frontier) { self.frontier = frontier }
    /// The position before any entry: nothing folded.
    public static let empty = JournalHead(frontier: [:])

    /// Total entries folded.
    public var count: Int { frontier.values.reduce(0) { $0 + $1.seq } }

    /// True when every entry folded at `other` is folded here too.
    public func covers(_ other: JournalHead) -> Bool {
        other.frontier.allSatisfy { (frontier[$0.key]?.seq ?? 0) >= $0.value.seq }
    }

    func write(to w: inout BinWriter) {
        let desks = frontier.keys.sorted()
        w.u32(UInt32(desks.count))
        for d in desks {
            w.str(d)
            w.int(frontier[d]!.seq)
            w.str(frontier[d]!.hash)
        }
    }

    static func read(_ r: inout BinReader) throws -> JournalHead {
        var f: Frontier = [:]
        let n = Int(try r.u32())
        guard n <= 100_000 else { throw BinReader.Corrupt() }
        for _ in 0..<n {
            let d = try r.str()
            f[d] = ChainHead(seq: try r.int(), hash: try r.str())
        }
        return JournalHead(frontier: f)
    }

    /// True when the entries it names are still in the journal with the same hashes.
    func isInJournal(root: String) -> Bool {
        frontier.allSatisfy { d, h in
            JournalFolder.path(root: root, ref: EntryRef(desk: d, seq: h.seq)).map(DurableIO.basename)
                .contains { $0.dropFirst(13).hasPrefix(h.hash.prefix(12)) }
        }
    }

    /// What the entries after this position (up to `upTo`) change for search: the envelopes
    /// to re-read, as their files are now (nil: gone), and whether the filing order changed
    /// (a cabinet created or changed). Nil when this position is no longer in the journal.
    static func changes(root: String, after head: JournalHead, upTo last: JournalHead?, coding: RecordCoding)
        -> (envelopes: [String: Envelope?], reorder: Bool, head: JournalHead)?
    {
        guard head.isInJournal(root: root) else { return nil }
        var envs: [String: Envelope?] = [:]
        var reorder = false
        var h = head
        var touched = Set<String>()
        for d in JournalFolder.desks(root: root).desks {
            let from = head.frontier[d]?.seq ?? 0
            let to = last?.frontier[d]?.seq ?? Int.max
            for n in JournalFolder.entries(root: root, desk: d, after: from).names where n.seq <= to {
                guard case .ok(let b) = DurableIO.read(root + "/" + n.relativePath, kind: .journalEntry),
                    let p = try? EntryFile.parse(b, coding: coding)
                else { break }
                guard n.seq == (h.frontier[d]?.seq ?? 0) + 1 else { break }
                h.frontier[d] = ChainHead(seq: n.seq, hash: p.hash)
                for c in p.entry.changes {
                    switch c.kind {
                    case .cabinet: reorder = true
                    case .envelope: touched.insert(c.record)
                    case .settings: break
                    }
                }
            }
        }
        for id in touched { envs[id] = ArchiveStore.findEnvelopeFile(root: root, id: id, coding: coding) }
        return (envs, reorder, h)
    }
}

extension ArchiveStore {
    /// Where the journal is folded to.
    public var head: JournalHead { JournalHead(frontier: frontier) }

    /// The file of this desk's last entry (relative to the archive), when it has written.
    public var lastEntryPath: String? {
        guard let d = desk, let h = frontier[d.id] else { return nil }
        return EntryFile.relativePath(desk: d.id, seq: h.seq, hash: h.hash)
    }

    /// An envelope's file found by its id without an open archive (the quick search path):
    /// the unit folders are not known, so the tree is searched; nil when not found.
    static func findEnvelopeFile(root: String, id: String, coding: RecordCoding) -> Envelope? {
        for cab in DurableIO.list(root + "/cabinets") ?? [] where !cab.hasPrefix(".") {
            for b in DurableIO.list(root + "/cabinets/\(cab)") ?? [] where !b.hasPrefix(".") && b != "cabinet.json" {
                for f in DurableIO.list(root + "/cabinets/\(cab)/\(b)") ?? [] where !f.hasPrefix(".") {
                    for u in DurableIO.list(root + "/cabinets/\(cab)/\(b)/\(f)") ?? [] where !u.hasPrefix(".") {
                        let p = root + "/cabinets/\(cab)/\(b)/\(f)/\(u)/\(id)/envelope.json"
                        if case .ok(let bytes) = DurableIO.read(p, kind: .envelope),
                            let e = try? coding.decoder.decode(Envelope.self, from: Data(bytes))
                        {
                            return e
                        }
                    }
                }
            }
        }
        return nil
    }

    /// The checkpoint's stamp, epoch and journal position, read without loading it; nil when
    /// there is no usable checkpoint or its position is no longer in the journal.
    static func cacheHeader(root: String) -> (stamp: UInt64, epoch: UInt64, head: JournalHead)? {
        guard case .ok(let bytes) = DurableIO.read(root + "/" + checkpointFile, kind: .cache), bytes.count > 24 else {
            return nil
        }
        var r = BinReader(bytes)
        guard let m = try? r.u32(), m == checkpointMagic, let v = try? r.u32(), v == checkpointVersion,
            let stamp = try? r.u64(), let epoch = try? r.u64(), let head = try? JournalHead.read(&r)
        else { return nil }
        guard head.isInJournal(root: root) else { return nil }
        return (stamp, epoch, head)
    }
}
