import Dispatch
/// A minimal length-prefixed binary encoding for the derived cache (never the source of
/// truth). Every read is bounds-checked: a damaged cache is detected and rebuilt.
struct BinWriter {
    var bytes: [UInt8] = []
    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
    mutating func u64(_ v: UInt64) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
    mutating func int(_ v: Int) { u64(UInt64(bitPattern: Int64(v))) }
    mutating func str(_ s: String) { let u = s.utf8; u32(UInt32(u.count)); bytes.append(contentsOf: u) }
    mutating func strs(_ a: [String]) { u32(UInt32(a.count)); for s in a { str(s) } }
    mutating func blob(_ b: [UInt8]) { u32(UInt32(b.count)); bytes.append(contentsOf: b) }
}

/// A fast 64-bit checksum of the cache bytes (corruption detection, not security): a flipped
/// bit anywhere, a truncation or a splice makes the cache untrusted and rebuilt.
func cacheChecksum(_ b: ArraySlice<UInt8>) -> UInt64 {
    b.withUnsafeBytes { cacheChecksum($0) }
}

func cacheChecksum(_ raw: UnsafeRawBufferPointer) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
    do {
        var i = 0
        let n = raw.count
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        while i < n { h = (h ^ UInt64(raw[i])) &* 0xC4CE_B9FE_1A85_EC53; i += 1 }
    }
    h ^= h >> 33; h = h &* 0xFF51_AFD7_ED55_8CCD; h ^= h >> 33
    return h
}

struct BinReader {
    struct Corrupt: Error {}
    let bytes: [UInt8]
    var pos = 0
    /// Reads stop here (a trailer such as a checksum may follow).
    let end: Int
    init(_ b: [UInt8], end: Int? = nil) { bytes = b; self.end = min(end ?? b.count, b.count) }
    mutating func u8() throws -> UInt8 { guard pos < end else { throw Corrupt() }; defer { pos += 1 }; return bytes[pos] }
    mutating func u32() throws -> UInt32 {
        guard pos + 4 <= end else { throw Corrupt() }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[pos + i]) << (8 * UInt32(i)) }
        pos += 4
        return v
    }
    mutating func u64() throws -> UInt64 {
        guard pos + 8 <= end else { throw Corrupt() }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[pos + i]) << (8 * UInt64(i)) }
        pos += 8
        return v
    }
    mutating func int() throws -> Int { Int(Int64(bitPattern: try u64())) }
    mutating func str() throws -> String {
        let n = Int(try u32())
        guard pos + n <= end else { throw Corrupt() }
        defer { pos += n }
        return String(decoding: bytes[pos..<(pos + n)], as: UTF8.self)
    }
    /// A hash of the next string's bytes, without reading past it (0 if it is out of bounds).
    func peekStrHash(_ hash: (UnsafeRawBufferPointer) -> UInt64) -> UInt64 {
        guard pos + 4 <= end else { return 0 }
        var n = 0
        for i in 0..<4 { n |= Int(bytes[pos + i]) << (8 * i) }
        guard pos + 4 + n <= end else { return 0 }
        return bytes.withUnsafeBytes { hash(UnsafeRawBufferPointer(rebasing: $0[(pos + 4)..<(pos + 4 + n)])) }
    }
    mutating func strs() throws -> [String] {
        let n = Int(try u32())
        guard n <= end - pos else { throw Corrupt() }
        var a = [String](); a.reserveCapacity(n)
        for _ in 0..<n { a.append(try str()) }
        return a
    }
    mutating func blob() throws -> [UInt8] {
        let n = Int(try u32())
        guard pos + n <= end else { throw Corrupt() }
        defer { pos += n }
        return Array(bytes[pos..<(pos + n)])
    }
}

/// Maps `count` independent items on all cores, keeping order. Each task writes its own slot.
final class ParallelSlots<T>: @unchecked Sendable {
    let p: UnsafeMutablePointer<T?>
    init(_ n: Int) { p = .allocate(capacity: max(n, 1)); p.initialize(repeating: nil, count: n) }
}

func parallelMap<T>(count n: Int, chunk: Int = 256, _ body: @Sendable (Int) -> T) -> [T] {
    let slots = ParallelSlots<T>(n)
    defer { slots.p.deinitialize(count: n); slots.p.deallocate() }
    DispatchQueue.concurrentPerform(iterations: (n + chunk - 1) / chunk) { ci in
        for i in (ci * chunk)..<min(n, (ci + 1) * chunk) { slots.p[i] = body(i) }
    }
    return (0..<n).map { slots.p[$0]! }
}
