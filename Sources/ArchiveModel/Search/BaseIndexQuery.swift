import Foundation

/// A match outside the image (an envelope changed since the image was built), already ranked.
struct ExtraHit { let key: UInt64; let tier: MatchTier }

/// A result: its order key (filing order) and tier. Image slot s has key `BaseIndex.key(s)`.
struct RankedHit: Equatable { let key: UInt64; let tier: MatchTier }

/// Per-engine scratch memory reused by every query.
final class QueryScratch {
    var seen: [UInt64]
    init(n: Int) { seen = [UInt64](repeating: 0, count: n / 64 + 1) }
}

/// The first `cap` smallest keys seen (a max-heap).
struct BoundedHeap {
    let cap: Int
    var a: [UInt64] = []
    init(cap: Int) { self.cap = cap; a.reserveCapacity(min(cap, 1024)) }
    @inline(__always) mutating func offer(_ k: UInt64) {
        if a.count < cap {
            a.append(k)
            var i = a.count - 1
            while i > 0 { let p = (i - 1) / 2; if a[p] >= a[i] { break }; a.swapAt(p, i); i = p }
        } else if cap > 0 && k < a[0] {
            a[0] = k
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < a.count && a[l] > a[m] { m = l }
                if r < a.count && a[r] > a[m] { m = r }
                if m == i { break }
                a.swapAt(i, m); i = m
            }
        }
    }
}

extension BaseIndex {
    /// Image slots sort before nothing else at their place: a changed envelope that files just
    /// before slot k gets a key between slot k-1's and slot k's.
    @inline(__always) static func key(_ slot: Int) -> UInt64 { UInt64(slot) << 20 | 0xFFFFF }
    static func slot(ofKey k: UInt64) -> Int? { k & 0xFFFFF == 0xFFFFF ? Int(k >> 20) : nil }

    /// Ranges of entries that matched, per tier. Kinds: 0 anchored names, 1 inner names,
    /// 2 number tokens at a field's start only, 3 number tokens inside a field only.
    struct Ranges { var t: [[(UInt8, Int, Int)]] = [[], [], [], []] }

    /// The best `limit` results (tier, then filing order) and the total number of envelopes
    /// that match, with `dead` slots left out and `extra` matches merged in.
    func query(_ q: Query, plan: Plan, limit: Int, dead: [UInt64]?, extra: [ExtraHit], scratch: QueryScratch) -> ([RankedHit], Int) {
        var ranges = Ranges()
        if plan.L > 0 { walkNames(plan, &ranges) }
        if !q.number.isEmpty { numberRanges(q.number, &ranges) }
        var out: [RankedHit] = []
        var taken = 0, total = 0
        scratch.seen.withUnsafeMutableBufferPointer { seen in
            for t in 0..<4 {
                var heap = BoundedHeap(cap: max(0, limit - taken))
                var cnt = 0
                @inline(__always) func mark(_ s: Int) {
                    let w = s >> 6, bit: UInt64 = 1 << UInt64(s & 63)
                    if seen[w] & bit != 0 { return }
                    if let d = dead, d[w] & bit != 0 { return }
                    seen[w] |= bit
                    cnt += 1
                    heap.offer(BaseIndex.key(s))
                }
                for (kind, lo, hi) in ranges.t[t] {
                    switch kind {
                    case 0: for e in lo..<hi { mark(Int(aSlot[e])) }
                    case 1: for e in lo..<hi { mark(Int(iSlot[e])) }
                    case 2: for e in lo..<hi { let v = tokSlot[e]; if v & BaseIndex.anchoredBit != 0 { mark(Int(v & BaseIndex.slotMask)) } }
                    default: for e in lo..<hi { let v = tokSlot[e]; if v & BaseIndex.anchoredBit == 0 { mark(Int(v & BaseIndex.slotMask)) } }
                    }
                }
                for x in extra where x.tier.rawValue == t { cnt += 1; heap.offer(x.key) }
                let tier = MatchTier(rawValue: t)!
                for k in heap.a.sorted() { out.append(RankedHit(key: k, tier: tier)) }
                taken += heap.a.count
                total += cnt
            }
            for i in seen.indices { seen[i] = 0 }
        }
        return (out, total)
    }

    // MARK: Names: the trie walk

    /// First index in [lo, hi) where `pred` holds (pred is false…true over the range).
    @inline(__always) static func gallop(_ lo: Int, _ hi: Int, _ pred: (Int) -> Bool) -> Int {
        if lo >= hi || pred(lo) { return lo }
        var prev = lo, step = 1, cur = lo + 1
        while cur < hi && !pred(cur) { prev = cur; step &*= 2; cur = lo + step }
        var a = prev + 1, b = min(cur, hi)
        while a < b { let m = (a + b) / 2; if pred(m) { b = m } else { a = m + 1 } }
        return a
    }

    func walkNames(_ plan: Plan, _ ranges: inout Ranges) {
        let q0 = plan.q[0]
        // Symbols that can consume the query's first unit.
        var lo = 0, hi = unitKeys.count
        while lo < hi { let m = (lo + hi) / 2; if unitKeys[m] < q0 { lo = m + 1 } else { hi = m } }
        guard lo < unitKeys.count, unitKeys[lo] == q0 else { return }
        for k in Int(unitStart[lo])..<Int(unitStart[lo + 1]) {
            let s = unitSyms[k]
            if let (a, b) = BaseIndex.root(s, aRootSym, aRootLo) {
                anchoredChild(plan, s, a, b, 1, 1, 1, 1, 4, &ranges)
            }
            if let (a, b) = BaseIndex.root(s, iRootSym, iRootLo) {
                innerChild(plan, s, a, b, 1, 1, &ranges)
            }
        }
    }

    static func root(_ s: UInt16, _ syms: UnsafeBufferPointer<UInt16>, _ los: UnsafeBufferPointer<UInt32>) -> (Int, Int)? {
        var lo = 0, hi = syms.count
        while lo < hi { let m = (lo + hi) / 2; if syms[m] < s { lo = m + 1 } else { hi = m } }
        guard lo < syms.count, syms[lo] == s else { return nil }
        return (Int(los[lo]), Int(los[lo + 1]))
    }

    /// Enters the subtree of symbol `s` (entries [i, j), which share `d` symbols ending in `s`)
    /// from states a/st/f of the parent. `best` is the tier already reached above (4: none).
    @inline(__always) func anchoredChild(_ plan: Plan, _ s: UInt16, _ i: Int, _ j: Int, _ d: Int,
                                         _ a: UInt64, _ st: UInt64, _ f: UInt64, _ best: Int, _ ranges: inout Ranges) {
        let row = plan.row(Int(s))
        let a2 = plan.stepAny(row, a), s2 = plan.stepStrict(row, st), f2 = plan.stepFull(row, f)
        var b2 = best
        if s2 & plan.acc != 0 { b2 = min(b2, 1) } else if a2 & plan.acc != 0 { b2 = min(b2, 2) }
        if a2 == 0 { if b2 < 4 { ranges.t[b2].append((0, i, j)) }; return }
        visitAnchored(plan, i, j, d, a2, s2, f2, b2, &ranges)
    }

    func visitAnchored(_ plan: Plan, _ lo: Int, _ hi: Int, _ d: Int, _ a: UInt64, _ st: UInt64, _ f: UInt64, _ best: Int, _ ranges: inout Ranges) {
        let u = pUnits, offs = aOff
        // Entries that end here come first (the separator sorts first).
        let endHi = BaseIndex.gallop(lo, hi) { u[Int(offs[$0]) + d] != 0 }
        if endHi > lo {
            let t = f & plan.acc != 0 ? 0 : best
            if t < 4 { ranges.t[t].append((0, lo, endHi)) }
        }
        let aL = a & ~plan.acc, sL = st & ~plan.acc, fL = f & ~plan.acc
        if aL == 0 {
            if best < 4 && endHi < hi { ranges.t[best].append((0, endHi, hi)) }
            return
        }
        var i = endHi
        while i < hi {
            let s = u[Int(offs[i]) + d]
            let j = BaseIndex.gallop(i + 1, hi) { u[Int(offs[$0]) + d] != s }
            anchoredChild(plan, s, i, j, d + 1, aL, sL, fL, best, &ranges)
            i = j
        }
    }

    @inline(__always) func innerChild(_ plan: Plan, _ s: UInt16, _ i: Int, _ j: Int, _ d: Int, _ a: UInt64, _ ranges: inout Ranges) {
        let a2 = plan.stepAny(plan.row(Int(s)), a)
        if a2 & plan.acc != 0 { ranges.t[3].append((1, i, j)); return }
        if a2 != 0 { visitInner(plan, i, j, d, a2, &ranges) }
    }

    func visitInner(_ plan: Plan, _ lo: Int, _ hi: Int, _ d: Int, _ a: UInt64, _ ranges: inout Ranges) {
        let u = pUnits, offs = iOff
        var i = BaseIndex.gallop(lo, hi) { u[Int(offs[$0]) + d] != 0 }
        while i < hi {
            let s = u[Int(offs[i]) + d]
            let j = BaseIndex.gallop(i + 1, hi) { u[Int(offs[$0]) + d] != s }
            innerChild(plan, s, i, j, d + 1, a, &ranges)
            i = j
        }
    }

    // MARK: Numbers: the token table

    /// Compares the token at entry `e` with `q`: 0 when the token starts with q.
    func compareToken(_ e: Int, _ q: [UInt8]) -> (Int, Int) {
        let v = tokSlot[e]
        let key = numberKey(Int(v & BaseIndex.slotMask), Int((v >> 28) & 3))
        let t = Int(tokStart[e])
        let len = max(0, key.count - t)
        var k = 0
        while k < q.count && k < len {
            let x = key[t + k], y = q[k]
            if x != y { return (x < y ? -1 : 1, len) }
            k += 1
        }
        return (k == q.count ? 0 : -1, len)
    }

    func numberRanges(_ q: [UInt8], _ ranges: inout Ranges) {
        let n = tokSlot.count
        var lo = 0, hi = n
        while lo < hi { let m = (lo + hi) / 2; if compareToken(m, q).0 < 0 { lo = m + 1 } else { hi = m } }
        let start = lo
        hi = n
        while lo < hi { let m = (lo + hi) / 2; if compareToken(m, q).0 <= 0 { lo = m + 1 } else { hi = m } }
        let end = lo
        guard start < end else { return }
        // Tokens equal to the query come first (shorter sorts first).
        lo = start; hi = end
        while lo < hi { let m = (lo + hi) / 2; if compareToken(m, q).1 <= q.count { lo = m + 1 } else { hi = m } }
        let eqEnd = lo
        if eqEnd > start { ranges.t[0].append((2, start, eqEnd)) }
        if end > eqEnd { ranges.t[1].append((2, eqEnd, end)) }
        ranges.t[3].append((3, start, end))
    }
}
