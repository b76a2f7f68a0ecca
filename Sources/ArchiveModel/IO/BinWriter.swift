import Dispatch

/// A minimal length-prefixed binary encoding for the derived cache (never the source of
/// truth). Every read is bounds-checked: a damaged cache is detected and rebuilt.
struct BinWriter {
    var bytes: [UInt8] = []
    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
    mutating func u64(_ v: UInt64) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
    mutating func int(_ v: Int) { u64(UInt64(bitPattern: Int64(v))) }
    mutating func str(_ s: String) {
        let u = s.utf8
        u32(UInt32(u.count))
        bytes.append(contentsOf: u)
    }
    mutating func strs(_ a: [String]) {
        u32(UInt32(a.count))
        for s in a { str(s) }
    }
    mutating func blob(_ b: [UInt8]) {
        u32(UInt32(b.count))
        bytes.append(contentsOf: b)
    }
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
        while i < n {
            h = (h ^ UInt64(raw[i])) &* 0xC4CE_B9FE_1A85_EC53
            i += 1
        }
    }
    h ^= h >> 33
    h = h &* 0xFF51_AFD7_ED55_8CCD
    h ^= h >> 33
    return h
}

func parallelMap<T>(count n: Int, chunk: Int = 256, _ body: @Sendable (Int) -> T) -> [T] {
    let slots = ParallelSlots<T>(n)
    defer {
        slots.p.deinitialize(count: n)
        slots.p.deallocate()
    }
    DispatchQueue.concurrentPerform(iterations: (n + chunk - 1) / chunk) { ci in
        for i in (ci * chunk)..<min(n, (ci + 1) * chunk) { slots.p[i] = body(i) }
    }
    return (0..<n).map { slots.p[$0]! }
}
