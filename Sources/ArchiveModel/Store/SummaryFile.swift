import Foundation

/// One envelope's summary as bytes, in the summaries file and the checkpoint's overlay.
///
///     u8 status  u8 flags (1: damaged)  varint documents, missing, originals, copies
///     u64 digest  str id, cabinet, building, floor, unit, number, barcode, owner, [damaged]
///     strs coOwners, tenants, phones, revision
enum SummaryCodec {
    static func append(_ s: EnvelopeSummary, to w: inout RecordBytes) {
        w.out.append(s.status == .active ? 0 : s.status == .closed ? 1 : 2)
        w.out.append(s.damaged == nil ? 0 : 1)
        w.varint(s.documentCount)
        w.varint(s.missing)
        w.varint(s.originals)
        w.varint(s.copies)
        w.u64(s.digest)
        w.str(s.id)
        w.str(s.cabinet)
        w.str(s.building)
        w.str(s.floor)
        w.str(s.unit)
        w.str(s.number)
        w.str(s.barcode)
        w.str(s.owner)
        if let d = s.damaged { w.str(d) }
        w.strs(s.coOwners)
        w.strs(s.tenants)
        w.strs(s.phones)
        w.strs(s.revision)
    }

    static func bytes(_ s: EnvelopeSummary) -> [UInt8] {
        var w = RecordBytes()
        append(s, to: &w)
        return w.out
    }

    static func decode(_ c: inout RecordCursor) -> EnvelopeSummary? {
        guard let sb = c.u8(), sb <= 2, let flags = c.u8(), let dc = c.varint(), let miss = c.varint(),
            let orig = c.varint(),
            let cop = c.varint(), let digest = c.u64(), let id = c.str(), let cab = c.str(), let bld = c.str(),
            let flr = c.str(),
            let unit = c.str(), let number = c.str(), let barcode = c.str(), let owner = c.str()
        else { return nil }
        var damaged: String? = nil
        if flags & 1 != 0 {
            guard let d = c.str() else { return nil }
            damaged = d
        }
        guard let co = c.strs(), let ten = c.strs(), let phones = c.strs(), let rev = c.strs() else { return nil }
        let st: EnvelopeStatus = sb == 0 ? .active : sb == 1 ? .closed : .transferred
        return EnvelopeSummary(
            id: id, number: number, barcode: barcode, cabinet: cab, building: bld, floor: flr, unit: unit,
            owner: owner, coOwners: co, tenants: ten, status: st, documentCount: dc, missing: miss,
            damaged: damaged, originals: orig, copies: cop, revision: rev, digest: digest, phones: phones)
    }

    /// Where the id and the cabinet code are, without decoding the rest.
    static func idAndCabinet(_ c: inout RecordCursor) -> (id: Range<Int>, cabinet: Range<Int>)? {
        guard c.u8() != nil, c.u8() != nil, c.varint() != nil, c.varint() != nil, c.varint() != nil, c.varint() != nil,
            c.u64() != nil, let id = c.skipStr(), let cab = c.skipStr()
        else { return nil }
        return (id, cab)
    }

    /// The keys of the lookup tables: id, envelope number, barcode, room code (`3-1201`).
    static func keys(_ s: EnvelopeSummary) -> [UInt64] {
        [IDIndex.hash(s.id), IDIndex.hash(s.number), IDIndex.hash(s.barcode), IDIndex.hash(s.roomCode)]
    }

    /// A summary that could not be read from a damaged file: shown as damaged, found by no id.
    static func unreadable(at i: Int) -> EnvelopeSummary {
        EnvelopeSummary(
            id: "", number: "", barcode: "", cabinet: "", building: "", floor: "", unit: "", owner: "?",
            coOwners: [], tenants: [], status: .active, documentCount: 0, missing: 0,
            damaged: "摘要缓存损坏 (the summaries cache is damaged: rebuilt from the journal)")
    }
}

/// The summaries of every envelope in filing order, as a derived file in `.dangan/` that is
/// mapped and read in place: a summary is decoded when it is shown. Beside the records, four
/// lookup tables sorted by key hash (id, envelope number, barcode, room code) find an envelope
/// without touching the others.
///
///     header fields: count, offsets, idTable, numberTable, barcodeTable, roomTable, records
///     offsets        (count + 1) × u64: where each record starts (the last: the records' end)
///     records        SummaryCodec
///     tables         count × (u64 key hash, u64 position), sorted
final class SummaryFile: @unchecked Sendable {
    static let magic: UInt32 = 0x5353_4744  // "DGSS"
    static let version: UInt32 = 1

    let map: CheckedMap
    let count: Int
    let offsetsAt: Int
    let tables: [Int]

    init?(path: String) {
        guard let m = CheckedMap(path: path, magic: SummaryFile.magic, version: SummaryFile.version, kind: .summaries)
        else { return nil }
        let n = m.u64(8)
        guard n <= UInt64(m.size / 16) else { return nil }
        count = Int(n)
        let fields = (0..<5).map { Int(truncatingIfNeeded: m.u64(16 + 8 * $0)) }
        let c = Int(n)
        let end = m.dataEnd
        guard fields[0] >= CheckedMap.headerSize, fields[0] + (c + 1) * 8 <= end,
            fields[1...4].allSatisfy({ $0 >= CheckedMap.headerSize && $0 + c * 16 <= end })
        else { return nil }
        offsetsAt = fields[0]
        tables = Array(fields[1...4])
        map = m
    }

    /// Bounds of record `i` (checked), or nil when the offsets are out of place.
    private func recordRange(_ i: Int) -> Range<Int>? {
        let o = offsetsAt + i * 8
        map.check(o, o + 16)
        let a = Int(truncatingIfNeeded: map.u64(o))
        let b = Int(truncatingIfNeeded: map.u64(o + 8))
        guard a >= CheckedMap.headerSize, a <= b, b <= map.dataEnd else {
            map.fault()
            return nil
        }
        map.check(a, b)
        return a..<b
    }

    func summary(at i: Int) -> EnvelopeSummary {
        guard i >= 0, i < count, let r = recordRange(i) else { return SummaryCodec.unreadable(at: i) }
        var c = RecordCursor(map.base, r.lowerBound, r.upperBound)
        guard let s = SummaryCodec.decode(&c) else {
            map.fault()
            return SummaryCodec.unreadable(at: i)
        }
        return s
    }

    /// True when record `i` has this id (compared in place).
    func hasID(_ i: Int, _ id: String) -> Bool {
        guard i >= 0, i < count, let r = recordRange(i) else { return false }
        var c = RecordCursor(map.base, r.lowerBound, r.upperBound)
        guard let (idr, _) = SummaryCodec.idAndCabinet(&c) else { return false }
        return c.bytesEqual(idr, id)
    }

    func cabinet(at i: Int) -> String {
        guard i >= 0, i < count, let r = recordRange(i) else { return "" }
        var c = RecordCursor(map.base, r.lowerBound, r.upperBound)
        guard let (_, cr) = SummaryCodec.idAndCabinet(&c) else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: map.base + cr.lowerBound, count: cr.count), as: UTF8.self)
    }

    /// Positions whose key `table` (0 id, 1 number, 2 barcode, 3 room code) hashes to `h`.
    func positions(table t: Int, hash h: UInt64) -> [Int] {
        let at = tables[t]
        return map.lookup(table: at, count: count, hash: h)
    }

    /// The bytes of record `i` as stored (copied into a new file without decoding).
    func rawRecord(_ i: Int) -> UnsafeRawBufferPointer? {
        guard let r = recordRange(i) else { return nil }
        return UnsafeRawBufferPointer(start: map.base + r.lowerBound, count: r.count)
    }

    /// Writes a summaries file. `records(i)` appends record `i`'s bytes, `keys(i)` gives its four
    /// lookup keys; records are given in filing order.
    static func write(path: String, count n: Int, keys: (Int) -> [UInt64], records: (Int, inout [UInt8]) -> Void) throws
    {
        var data: [UInt8] = []
        let headerEnd = CheckedMap.headerSize
        // Offsets first, records after them, then the four tables.
        let offsetsAt = headerEnd
        let recordsAt = offsetsAt + (n + 1) * 8
        var offsets = [UInt64](repeating: 0, count: n + 1)
        var recs: [UInt8] = []
        recs.reserveCapacity(n * 150)
        for i in 0..<n {
            offsets[i] = UInt64(recordsAt + recs.count)
            records(i, &recs)
        }
        offsets[n] = UInt64(recordsAt + recs.count)
        var tables: [[(UInt64, UInt64)]] = [[], [], [], []]
        for t in 0..<4 { tables[t].reserveCapacity(n) }
        for i in 0..<n {
            let k = keys(i)
            for t in 0..<4 { tables[t].append((k[t], UInt64(i))) }
        }
        for t in 0..<4 { tables[t].sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 } }
        data.reserveCapacity((n + 1) * 8 + recs.count + 4 * n * 16)
        for o in offsets { appendU64(&data, o) }
        data.append(contentsOf: recs)
        recs = []
        var tableAt: [UInt64] = []
        for t in 0..<4 {
            tableAt.append(UInt64(headerEnd + data.count))
            for (h, p) in tables[t] {
                appendU64(&data, h)
                appendU64(&data, p)
            }
        }
        let bytes = CheckedMap.build(
            magic: magic, version: version,
            fields: [UInt64(n), UInt64(offsetsAt)] + tableAt, data: data)
        try DurableIO.writeAtomic(path, bytes, durable: false)
    }
}

@inline(__always) func appendU64(_ a: inout [UInt8], _ v: UInt64) {
    withUnsafeBytes(of: v.littleEndian) { a.append(contentsOf: $0) }
}
