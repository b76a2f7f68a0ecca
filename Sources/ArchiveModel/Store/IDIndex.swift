import Foundation

/// Envelope id → position in the filing order: (hash of id, position) pairs sorted by hash,
/// built by a radix sort when first needed (a few tens of milliseconds at 1,000,000
/// envelopes, where a Dictionary of Strings took 0.7 s) and looked up by binary search; the
/// id itself is compared on a hit.
struct IDIndex {
    var hashes: [UInt64] = []
    var positions: [Int32] = []
    var dirty = true

    /// Hashes of the ids in filing order, when they were computed while loading the cache.
    var precomputed: [UInt64]? = nil

    @inline(__always) static func hash(_ b: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for x in b { h = (h ^ UInt64(x)) &* 0x100_0000_01b3 }
        return h ^ (h >> 31)
    }
    @inline(__always) static func hash(_ s: String) -> UInt64 {
        var s = s
        return s.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    mutating func build(_ envs: [EnvelopeSummary]) {
        let n = envs.count
        let pre = precomputed?.count == n ? precomputed : nil
        precomputed = nil
        var a = [(UInt64, Int32)](unsafeUninitializedCapacity: n) { b, c in
            if let pre {
                for i in 0..<n { b[i] = (pre[i], Int32(i)) }
            } else {
                envs.withUnsafeBufferPointer { e in for i in 0..<n { b[i] = (IDIndex.hash(e[i].id), Int32(i)) } }
            }
            c = n
        }
        var tmp = [(UInt64, Int32)](repeating: (0, 0), count: n)
        var count = [Int](repeating: 0, count: 65537)
        // LSD radix sort on 16-bit digits; stable, so equal hashes keep filing order.
        for pass in 0..<4 {
            let shift = UInt64(pass * 16)
            a.withUnsafeMutableBufferPointer { src in
                tmp.withUnsafeMutableBufferPointer { dst in
                    count.withUnsafeMutableBufferPointer { c in
                        for i in 0..<c.count { c[i] = 0 }
                        for x in src { c[Int((x.0 >> shift) & 0xFFFF) + 1] += 1 }
                        for i in 1...65536 { c[i] += c[i - 1] }
                        for x in src {
                            let d = Int((x.0 >> shift) & 0xFFFF)
                            dst[c[d]] = x
                            c[d] += 1
                        }
                    }
                }
            }
            swap(&a, &tmp)
        }
        hashes = a.map { $0.0 }
        positions = a.map { $0.1 }
        dirty = false
    }

    /// Follows an insertion or removal at position `i` in place (a pass over the positions,
    /// not a rebuild). Nothing to do while the table is not built yet.
    mutating func didInsert(_ id: String, at i: Int) {
        guard !dirty else { return }
        precomputed = nil
        for k in positions.indices where Int(positions[k]) >= i { positions[k] += 1 }
        let h = IDIndex.hash(id)
        var lo = 0
        var hi = hashes.count
        while lo < hi {
            let m = (lo + hi) / 2
            if hashes[m] <= h { lo = m + 1 } else { hi = m }
        }
        hashes.insert(h, at: lo)
        positions.insert(Int32(i), at: lo)
    }

    mutating func didRemove(at i: Int) {
        guard !dirty else { return }
        precomputed = nil
        if let k = positions.firstIndex(of: Int32(i)) {
            hashes.remove(at: k)
            positions.remove(at: k)
        }
        for k in positions.indices where Int(positions[k]) > i { positions[k] -= 1 }
    }

    func find(_ id: String, _ envs: [EnvelopeSummary]) -> Int? {
        let h = IDIndex.hash(id)
        var lo = 0
        var hi = hashes.count
        while lo < hi {
            let m = (lo + hi) / 2
            if hashes[m] < h { lo = m + 1 } else { hi = m }
        }
        while lo < hashes.count && hashes[lo] == h {
            let i = Int(positions[lo])
            if i < envs.count && envs[i].id == id { return i }  // the first of duplicate ids wins
            lo += 1
        }
        return nil
    }
}
