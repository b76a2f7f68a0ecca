import Foundation

/// One segment of the register's past: loans that were returned (or voided), as a derived file
/// in `.dangan/` that is mapped and read in place. Segments are written whole and never changed;
/// a newer segment's record of a loan replaces an older one's (a loan returned again, renewed
/// or voided after it was first written). Lookup tables by loan id and by envelope find a
/// loan's record without reading the others.
///
///     header fields: count, offsets, idTable, envelopeTable
///     offsets        (count + 1) × u64
///     records        u64 lending place, str loan id, str envelope id, str LoanRecord as JSON
///     tables         count × (u64 key hash, u64 record), sorted (records are in lending order)
final class HistorySegment: @unchecked Sendable {
    static let magic: UInt32 = 0x5348_4744  // "DGHS"
    static let version: UInt32 = 1

    let map: CheckedMap
    let count: Int
    let offsetsAt: Int
    let idTable: Int
    let envTable: Int
    var name: String { DurableIO.basename(map.path) }

    init?(path: String) {
        guard
            let m = CheckedMap(path: path, magic: HistorySegment.magic, version: HistorySegment.version, kind: .history)
        else { return nil }
        let n = m.u64(8)
        guard n <= UInt64(m.size / 16) else { return nil }
        let c = Int(n)
        let end = m.dataEnd
        let f = (0..<3).map { Int(truncatingIfNeeded: m.u64(16 + 8 * $0)) }
        guard f[0] >= CheckedMap.headerSize, f[0] + (c + 1) * 8 <= end,
            f[1...2].allSatisfy({ $0 >= CheckedMap.headerSize && $0 + c * 16 <= end })
        else { return nil }
        map = m
        count = c
        offsetsAt = f[0]
        idTable = f[1]
        envTable = f[2]
    }

    private func cursor(_ i: Int) -> RecordCursor? {
        guard i >= 0, i < count else { return nil }
        let o = offsetsAt + i * 8
        map.check(o, o + 16)
        let a = Int(truncatingIfNeeded: map.u64(o))
        let b = Int(truncatingIfNeeded: map.u64(o + 8))
        guard a >= CheckedMap.headerSize, a <= b, b <= map.dataEnd else {
            map.fault()
            return nil
        }
        map.check(a, b)
        return RecordCursor(map.base, a, b)
    }

    /// Record `i`: its lending place, loan id and envelope, without decoding the loan.
    func key(_ i: Int) -> (seq: Int, id: String, envelope: String)? {
        guard var c = cursor(i), let seq = c.u64(), let id = c.str(), let env = c.str() else { return nil }
        return (Int(truncatingIfNeeded: seq), id, env)
    }

    func record(_ i: Int) -> HistoryRecord? {
        guard var c = cursor(i), let seq = c.u64(), c.skipStr() != nil, c.skipStr() != nil, let json = c.skipStr()
        else { return nil }
        guard
            let rec = try? LoanHistory.decoder.decode(
                LoanRecord.self, from: Data(bytes: map.base + json.lowerBound, count: json.count))
        else {
            map.fault()
            return nil
        }
        return HistoryRecord(seq: Int(truncatingIfNeeded: seq), record: rec)
    }

    /// Record indexes whose key in the id (0) or envelope (1) table hashes like `key`.
    func candidates(table t: Int, key: String) -> [Int] {
        let at = t == 0 ? idTable : envTable
        let h = IDIndex.hash(key)
        return map.lookup(table: at, count: count, hash: h)
    }

    func index(ofLoan id: String) -> Int? {
        for i in candidates(table: 0, key: id) { if key(i)?.id == id { return i } }
        return nil
    }

    /// The bytes of record `i` as stored (copied when segments are merged).
    func raw(_ i: Int) -> UnsafeRawBufferPointer? {
        guard let c = cursor(i) else { return nil }
        return UnsafeRawBufferPointer(start: map.base + c.pos, count: c.end - c.pos)
    }

    /// Writes a segment of records given in lending order: `item(i)` gives record `i`'s keys
    /// and appends its bytes.
    static func write(path: String, count n: Int, item: (Int, inout [UInt8]) -> (id: String, envelope: String)) throws {
        let offsetsAt = CheckedMap.headerSize
        let recordsAt = offsetsAt + (n + 1) * 8
        var offsets = [UInt64](repeating: 0, count: n + 1)
        var recs: [UInt8] = []
        var ids: [(UInt64, UInt64)] = []
        var envs: [(UInt64, UInt64)] = []
        ids.reserveCapacity(n)
        envs.reserveCapacity(n)
        for i in 0..<n {
            offsets[i] = UInt64(recordsAt + recs.count)
            let k = item(i, &recs)
            ids.append((IDIndex.hash(k.id), UInt64(i)))
            envs.append((IDIndex.hash(k.envelope), UInt64(i)))
        }
        offsets[n] = UInt64(recordsAt + recs.count)
        ids.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        envs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var data: [UInt8] = []
        data.reserveCapacity((n + 1) * 8 + recs.count + 32 * n)
        for o in offsets { appendU64(&data, o) }
        data.append(contentsOf: recs)
        recs = []
        let idAt = UInt64(CheckedMap.headerSize + data.count)
        for (h, i) in ids {
            appendU64(&data, h)
            appendU64(&data, i)
        }
        let envAt = UInt64(CheckedMap.headerSize + data.count)
        for (h, i) in envs {
            appendU64(&data, h)
            appendU64(&data, i)
        }
        let bytes = CheckedMap.build(
            magic: magic, version: version, fields: [UInt64(n), UInt64(offsetsAt), idAt, envAt], data: data)
        try DurableIO.writeAtomic(path, bytes, durable: false)
    }

    static func encode(_ r: HistoryRecord, to out: inout [UInt8]) {
        var w = RecordBytes()
        swap(&w.out, &out)
        w.u64(UInt64(r.seq))
        w.str(r.record.loan.id)
        w.str(r.record.loan.envelope)
        let json = (try? LoanHistory.encoder.encode(r.record)) ?? Data()
        w.varint(json.count)
        w.out.append(contentsOf: json)
        swap(&w.out, &out)
    }
}

/// A loan of the register's past and its place in the lending order.
struct HistoryRecord: Sendable, Equatable {
    var seq: Int
    var record: LoanRecord
}

/// The register's past: segments of returned loans, oldest first (or, after a repair, the
/// loans a full fold found, in memory). Immutable: a register that moves more loans into the
/// past makes a new one. What is read from a segment is checked as it is read; when a segment
/// turns out damaged, the store folds the journal again (now, when it safely can, else at its
/// next safe point) and reads are answered from what it rebuilt.
public final class LoanHistory: @unchecked Sendable, Equatable {
    static let prefix = "history-"
    let segments: [HistorySegment]
    let memory: [HistoryRecord]?
    private let byID: [String: Int]
    private let byEnvelope: [String: [Int]]
    var repairer: Repairer?

    init(segments: [HistorySegment]) {
        self.segments = segments
        memory = nil
        byID = [:]
        byEnvelope = [:]
    }

    init(memory: [HistoryRecord]) {
        segments = []
        let sorted = memory.sorted { $0.seq < $1.seq }
        self.memory = sorted
        var ids: [String: Int] = [:]
        var envs: [String: [Int]] = [:]
        for (i, r) in sorted.enumerated() {
            ids[r.record.loan.id] = i
            envs[r.record.loan.envelope, default: []].append(i)
        }
        byID = ids
        byEnvelope = envs
    }

    /// The same object, or both read in place from the same segment files (one held in memory equals only itself).
    public static func == (a: LoanHistory, b: LoanHistory) -> Bool {
        a === b || (a.memory == nil && b.memory == nil && a.segments.map { $0.name } == b.segments.map { $0.name })
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .secondsSince1970
        e.outputFormatting = [.sortedKeys]
        return e
    }()
    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .secondsSince1970
        return d
    }()

    var faulted: Bool { segments.contains { $0.map.faulted } }
    var count: Int { memory?.count ?? segments.reduce(0) { $0 + $1.count } }

    /// Reads through `body`, from what a repair rebuilt when a segment is (or turns out) damaged.
    private func reading<T>(_ body: (LoanHistory) -> T) -> T {
        if faulted, let fresh = repairer?.freshHistory, fresh !== self { return body(fresh) }
        let v = body(self)
        if faulted, repairer?.repairNow() == true, let fresh = repairer?.freshHistory, fresh !== self {
            return body(fresh)
        }
        return v
    }

    /// True when the past holds this loan.
    func contains(_ id: String) -> Bool { reading { $0.find(id) != nil } }

    /// The newest record of a loan.
    func record(_ id: String) -> HistoryRecord? { reading { $0.find(id) } }

    private func find(_ id: String) -> HistoryRecord? {
        if let m = memory { return byID[id].map { m[$0] } }
        for s in segments.reversed() { if let i = s.index(ofLoan: id) { return s.record(i) } }
        return nil
    }

    /// The loans of an envelope (newest record of each), in lending order.
    func records(envelope: String) -> [HistoryRecord] {
        reading { h in
            if let m = h.memory { return (h.byEnvelope[envelope] ?? []).map { m[$0] } }
            var seen = Set<String>()
            var out: [HistoryRecord] = []
            for s in h.segments.reversed() {
                for i in s.candidates(table: 1, key: envelope) {
                    guard let k = s.key(i), k.envelope == envelope, seen.insert(k.id).inserted, let r = s.record(i)
                    else { continue }
                    out.append(r)
                }
            }
            return out.sorted { $0.seq < $1.seq }
        }
    }

    /// Every loan (newest record of each), in lending order: the whole past, decoded.
    func all() -> [HistoryRecord] {
        reading { h in
            if let m = h.memory { return m }
            var seen = Set<String>()
            var keep: [(HistorySegment, Int)] = []
            for s in h.segments.reversed() {
                for i in 0..<s.count { if let k = s.key(i), seen.insert(k.id).inserted { keep.append((s, i)) } }
            }
            let chosen = keep
            let decoded = parallelMap(count: chosen.count, chunk: 512) { j in chosen[j].0.record(chosen[j].1) }
            return decoded.compactMap { $0 }.sorted { $0.seq < $1.seq }
        }
    }

    /// Every loan id in the past (newest record of each), without decoding the loans.
    func ids() -> [(seq: Int, id: String)] {
        reading { h in
            if let m = h.memory { return m.map { ($0.seq, $0.record.loan.id) } }
            var seen = Set<String>()
            var out: [(Int, String)] = []
            for s in h.segments.reversed() {
                for i in 0..<s.count { if let k = s.key(i), seen.insert(k.id).inserted { out.append((k.seq, k.id)) } }
            }
            return out.sorted { $0.0 < $1.0 }
        }
    }
}

/// Writing the register's past (under the writers' lock, when the checkpoint is written).
extension ArchiveStore {
    /// Loans returned since the register's past last took them in: written as a new history
    /// segment, and the newest segments merged while the last is at least half the size of the
    /// one before it (a few segments, each loan rewritten a few times over its life).
    func movePastToHistory() throws {
        let closed = register.closedInPresent
        guard !closed.isEmpty else { return }
        var segs = register.history?.segments ?? []
        if register.history?.faulted == true { return }  // repaired (folded again) first
        let seg = try writeSegment(count: closed.count) { i, out in
            HistorySegment.encode(closed[i], to: &out)
            return (closed[i].record.loan.id, closed[i].record.loan.envelope)
        }
        segs.append(seg)
        while segs.count >= 2 && segs[segs.count - 1].count * 2 >= segs[segs.count - 2].count {
            let b = segs.removeLast()
            let a = segs.removeLast()
            segs.append(try merge(older: a, newer: b))
        }
        let h = LoanHistory(segments: segs)
        watch(h)
        register.movePast(to: h)
    }

    func writeSegment(count n: Int, _ item: (Int, inout [UInt8]) -> (id: String, envelope: String)) throws
        -> HistorySegment
    {
        var rnd = SystemRandomNumberGenerator()
        let name = LoanHistory.prefix + String(rnd.next() as UInt64, radix: 16) + ".v1"
        let path = abs(ArchiveStore.cacheDir + "/" + name)
        try HistorySegment.write(path: path, count: n, item: item)
        guard let seg = HistorySegment(path: path), seg.count == n else {
            throw ArchiveError.damaged(
                path: ArchiveStore.cacheDir + "/" + name, message: "the history just written cannot be read back")
        }
        return seg
    }

    /// One segment from two, the newer's record of a loan replacing the older's; records are
    /// copied as they are, in lending order.
    func merge(older a: HistorySegment, newer b: HistorySegment) throws -> HistorySegment {
        var items: [(seq: Int, seg: HistorySegment, i: Int, id: String, env: String)] = []
        items.reserveCapacity(a.count + b.count)
        var inNewer = Set<String>()
        for i in 0..<b.count {
            if let k = b.key(i) {
                items.append((k.seq, b, i, k.id, k.envelope))
                inNewer.insert(k.id)
            }
        }
        for i in 0..<a.count {
            if let k = a.key(i), !inNewer.contains(k.id) { items.append((k.seq, a, i, k.id, k.envelope)) }
        }
        items.sort { $0.seq < $1.seq }
        if a.map.faulted || b.map.faulted {
            throw ArchiveError.damaged(path: ArchiveStore.cacheDir, message: "a history segment is damaged")
        }
        return try writeSegment(count: items.count) { j, out in
            if let raw = items[j].seg.raw(items[j].i) { out.append(contentsOf: raw) }
            return (items[j].id, items[j].env)
        }
    }
}
