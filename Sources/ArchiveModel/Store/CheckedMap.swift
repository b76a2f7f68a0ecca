import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A derived file read in place: mapped, never read whole, and checked block by block the first
/// time a block is touched. Opening it costs the same for a thousand records as for a million.
///
///     [0, 128)            header: magic, version, the format's own fields, then at 104 the
///                         block table's place and count, at 120 a checksum of the header and
///                         the block table
///     [128, blockTable)   data, checked in blocks of 64 KiB (a checksum per block)
///     blockTable          one checksum per block
///
/// The header and the block table are checked when the file is opened (a few kilobytes at a
/// million envelopes); a data block when it is first read. A block that fails its checksum is
/// a *fault*: the bytes are still returned (every reader bounds-checks what it decodes, so they
/// can never crash it), `faulted` is set and `onFault` called once, and the owner stops trusting
/// the file and rebuilds what it derived from the journal (see ``ArchiveStore/repairIfDamaged()``).
final class CheckedMap: @unchecked Sendable {
    static let headerSize = 128
    static let blockShift = 16

    let path: String
    let base: UnsafeRawPointer
    let size: Int
    let dataEnd: Int
    let blockCount: Int
    /// 0: not checked yet, 1: checked and good, 2: damaged. Written by any thread that reads
    /// (single bytes: at worst a block is checked twice).
    private let state: UnsafeMutablePointer<UInt8>
    private let sums: UnsafeRawPointer
    private let faultLock = NSLock()
    private(set) var faulted = false
    var onFault: (@Sendable () -> Void)?

    /// Maps `path` and checks its header and block table. Nil when it is missing, not a
    /// regular file, reached through a link, larger than `kind` allows, of another format, or
    /// damaged in its header.
    init?(path: String, magic: UInt32, version: UInt32, kind: DurableIO.FileKind) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, Int(st.st_size) >= CheckedMap.headerSize,
            Int(st.st_size) <= kind.limit, DurableIO.reachedThroughLink(fd, path) == nil
        else { return nil }
        let size = Int(st.st_size)
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
        let raw = UnsafeRawPointer(p)
        func u64(_ o: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)) }
        let m = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
        let v = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        let tableAt = u64(104)
        let count = u64(112)
        let expected =
            (tableAt &- UInt64(CheckedMap.headerSize) &+ (1 << UInt64(CheckedMap.blockShift)) &- 1)
            >> UInt64(CheckedMap.blockShift)
        guard m == magic, v == version, tableAt >= UInt64(CheckedMap.headerSize), tableAt <= UInt64(size),
            count == expected, count <= UInt64(size) / 8, tableAt + count * 8 == UInt64(size)
        else {
            munmap(p, size)
            return nil
        }
        let headerSum = CheckedMap.headerChecksum(raw, tableAt: Int(tableAt), count: Int(count))
        guard headerSum == u64(120) else {
            munmap(p, size)
            return nil
        }
        self.path = path
        base = raw
        self.size = size
        dataEnd = Int(tableAt)
        blockCount = Int(count)
        sums = raw + Int(tableAt)
        state = .allocate(capacity: max(1, blockCount))
        state.initialize(repeating: 0, count: max(1, blockCount))
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), size)
        state.deallocate()
    }

    static func headerChecksum(_ raw: UnsafeRawPointer, tableAt: Int, count: Int) -> UInt64 {
        let h = cacheChecksum(UnsafeRawBufferPointer(start: raw, count: 120))
        let t = cacheChecksum(UnsafeRawBufferPointer(start: raw + tableAt, count: count * 8))
        return (h ^ (t &* 0x9E37_79B9_7F4A_7C15)) &+ 0x5F
    }

    func u32(_ o: Int) -> UInt32 { UInt32(littleEndian: base.loadUnaligned(fromByteOffset: o, as: UInt32.self)) }
    func u64(_ o: Int) -> UInt64 { UInt64(littleEndian: base.loadUnaligned(fromByteOffset: o, as: UInt64.self)) }

    /// Checks the blocks holding bytes [a, b) of the data (false, after reporting a fault, when
    /// one is damaged or the range is outside the data). The bytes may be read either way.
    @discardableResult
    func check(_ a: Int, _ b: Int) -> Bool {
        guard a >= CheckedMap.headerSize, b <= dataEnd, a <= b else {
            fault()
            return false
        }
        if a == b { return true }
        var k = (a - CheckedMap.headerSize) >> CheckedMap.blockShift
        let last = (b - 1 - CheckedMap.headerSize) >> CheckedMap.blockShift
        var ok = true
        while k <= last {
            switch state[k] {
            case 1: break
            case 2: ok = false
            default:
                let start = CheckedMap.headerSize + (k << CheckedMap.blockShift)
                let end = min(dataEnd, start + (1 << CheckedMap.blockShift))
                let good =
                    cacheChecksum(UnsafeRawBufferPointer(start: base + start, count: end - start))
                    == UInt64(littleEndian: sums.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self))
                state[k] = good ? 1 : 2
                if !good { ok = false }
            }
            k += 1
        }
        if !ok { fault() }
        return ok
    }

    /// Checks every block (tests, and `check`).
    func checkAll() -> Bool { dataEnd == CheckedMap.headerSize || check(CheckedMap.headerSize, dataEnd) }

    func fault() {
        faultLock.lock()
        let first = !faulted
        faulted = true
        faultLock.unlock()
        if first { onFault?() }
    }

    /// Drops the pages checked so far from this process's resident set (they stay in the page
    /// cache and come back on the next read): for files read once from end to end.
    func release(_ a: Int, _ b: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let lo = (a + page - 1) / page * page
        let hi = b / page * page
        guard hi > lo else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + lo), hi - lo, MADV_DONTNEED)
    }

    /// The bytes of a file of this shape: `header` holds the format's fields for bytes 8..<104
    /// (magic and version first); `data` follows the header.
    static func build(magic: UInt32, version: UInt32, fields: [UInt64], data: [UInt8]) -> [UInt8] {
        precondition(fields.count <= 12)
        var out = [UInt8](repeating: 0, count: headerSize)
        out.reserveCapacity(headerSize + data.count + (data.count >> blockShift + 1) * 8)
        func put32(_ o: Int, _ v: UInt32) {
            for i in 0..<4 { out[o + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(i))) }
        }
        func put64(_ o: Int, _ v: UInt64) {
            for i in 0..<8 { out[o + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(i))) }
        }
        put32(0, magic)
        put32(4, version)
        for (i, f) in fields.enumerated() { put64(8 + 8 * i, f) }
        out.append(contentsOf: data)
        let tableAt = out.count
        let count = (data.count + (1 << blockShift) - 1) >> blockShift
        put64(104, UInt64(tableAt))
        put64(112, UInt64(count))
        var table = [UInt8](repeating: 0, count: count * 8)
        out.withUnsafeBytes { raw in
            let addr = UInt(bitPattern: raw.baseAddress)
            let sums = parallelMap(count: count, chunk: 64) { k -> UInt64 in
                let start = headerSize + (k << blockShift)
                let end = min(tableAt, start + (1 << blockShift))
                return cacheChecksum(
                    UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: addr)! + start, count: end - start))
            }
            for (k, s) in sums.enumerated() {
                for i in 0..<8 { table[k * 8 + i] = UInt8(truncatingIfNeeded: s >> (8 * UInt64(i))) }
            }
        }
        out.append(contentsOf: table)
        let sum = out.withUnsafeBytes { headerChecksum($0.baseAddress!, tableAt: tableAt, count: count) }
        put64(120, sum)
        return out
    }

    /// The record positions a lookup table at `at` (`count` pairs of u64 key hash and u64
    /// position, sorted) gives for `hash`; a position out of range faults the map.
    func lookup(table at: Int, count: Int, hash h: UInt64) -> [Int] {
        var lo = 0
        var hi = count
        while lo < hi {
            let m = (lo + hi) / 2
            check(at + m * 16, at + m * 16 + 8)
            if u64(at + m * 16) < h { lo = m + 1 } else { hi = m }
        }
        var out: [Int] = []
        while lo < count {
            let o = at + lo * 16
            check(o, o + 16)
            guard u64(o) == h else { break }
            let p = u64(o + 8)
            if p < UInt64(count) { out.append(Int(p)) } else { fault() }
            lo += 1
        }
        return out
    }
}

/// Variable-length integers and length-prefixed strings for the derived files' records.
struct RecordBytes {
    var out: [UInt8] = []

    mutating func varint(_ v: Int) {
        var x = UInt64(max(0, v))
        while x >= 0x80 {
            out.append(UInt8(x & 0x7F) | 0x80)
            x >>= 7
        }
        out.append(UInt8(x))
    }
    mutating func u64(_ v: UInt64) { for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
    mutating func str(_ s: String) {
        var s = s
        s.withUTF8 { b in
            varint(b.count)
            out.append(contentsOf: b)
        }
    }
    mutating func strs(_ a: [String]) {
        varint(a.count)
        for s in a { str(s) }
    }
}

/// Reads what ``RecordBytes`` wrote, never past `end` (nil on anything out of bounds).
struct RecordCursor {
    let p: UnsafeRawPointer
    var pos: Int
    let end: Int

    init(_ p: UnsafeRawPointer, _ pos: Int, _ end: Int) {
        self.p = p
        self.pos = pos
        self.end = end
    }

    mutating func u8() -> UInt8? {
        guard pos < end else { return nil }
        defer { pos += 1 }
        return p.load(fromByteOffset: pos, as: UInt8.self)
    }
    mutating func varint() -> Int? {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while pos < end, shift < 63 {
            let b = p.load(fromByteOffset: pos, as: UInt8.self)
            pos += 1
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v <= UInt64(Int32.max) ? Int(v) : nil }
            shift += 7
        }
        return nil
    }
    mutating func u64() -> UInt64? {
        guard pos + 8 <= end else { return nil }
        defer { pos += 8 }
        return UInt64(littleEndian: p.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
    }
    mutating func str() -> String? {
        guard let n = varint(), n <= end - pos else { return nil }
        defer { pos += n }
        return String(decoding: UnsafeRawBufferPointer(start: p + pos, count: n), as: UTF8.self)
    }
    /// Skips a string, returning its bytes' place.
    mutating func skipStr() -> Range<Int>? {
        guard let n = varint(), n <= end - pos else { return nil }
        defer { pos += n }
        return pos..<(pos + n)
    }
    mutating func strs() -> [String]? {
        guard let n = varint(), n <= end - pos else { return nil }
        var a: [String] = []
        a.reserveCapacity(n)
        for _ in 0..<n {
            guard let s = str() else { return nil }
            a.append(s)
        }
        return a
    }
    func bytesEqual(_ r: Range<Int>, _ s: String) -> Bool {
        var s = s
        return s.withUTF8 { b in
            b.count == r.count && (b.count == 0 || memcmp(p + r.lowerBound, b.baseAddress!, b.count) == 0)
        }
    }
}
