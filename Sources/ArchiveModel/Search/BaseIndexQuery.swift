// Over 400 lines: one query path (trie walk, number tokens, phones, ranking) read together.
import Foundation

/// A match outside the image (an envelope changed since the image was built), already ranked:
/// its filing key with the rank class in the top bits (`BaseIndex.classed`).
struct ExtraHit {
    let key: UInt64
    let tier: MatchTier
}

/// A result: its order key (filing order) and tier. Image slot s has key `BaseIndex.key(s)`.
/// `rankClass`: 0 owner or the envelope's numbers, 1 co-owner, 2 tenant.
struct RankedHit: Equatable {
    let key: UInt64
    let tier: MatchTier
    var rankClass: UInt8 = 0
}

/// Per-engine scratch memory reused by every query.
final class QueryScratch {
    var seen: [UInt64]
    /// Co-owner and tenant entries of the tier being ranked, taken after the owners.
    var deferred: [UInt32] = []
    init(n: Int) { seen = [UInt64](repeating: 0, count: n / 64 + 1) }
}

/// The first `cap` smallest keys seen (a max-heap).
struct BoundedHeap {
    let cap: Int
    var a: [UInt64] = []
    init(cap: Int) {
        self.cap = cap
        a.reserveCapacity(min(cap, 1024))
    }
    @inline(__always) mutating func offer(_ k: UInt64) {
        if a.count < cap {
            a.append(k)
            var i = a.count - 1
            while i > 0 {
                let p = (i - 1) / 2
                if a[p] >= a[i] { break }
                a.swapAt(p, i)
                i = p
            }
        } else if cap > 0 && k < a[0] {
            a[0] = k
            var i = 0
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var m = i
                if l < a.count && a[l] > a[m] { m = l }
                if r < a.count && a[r] > a[m] { m = r }
                if m == i { break }
                a.swapAt(i, m)
                i = m
            }
        }
    }
}

extension BaseIndex {
    /// Image slots sort before nothing else at their place: a changed envelope that files just
    /// before slot k gets a key between slot k-1's and slot k's.
    @inline(__always) static func key(_ slot: Int) -> UInt64 { UInt64(slot) << 20 | 0xFFFFF }
    static func slot(ofKey k: UInt64) -> Int? { k & 0xFFFFF == 0xFFFFF ? Int(k >> 20) : nil }
    /// A filing key ranked by class: class first, then filing order.
    @inline(__always) static func classed(_ key: UInt64, _ rankClass: UInt8) -> UInt64 { key | UInt64(rankClass) << 60 }
    static let filingMask: UInt64 = (1 << 60) - 1

    /// Ranges of entries that matched, per tier (exact, prefix, initials, substring, split).
    /// Kinds: 0 anchored names, 1 inner names, 2 number tokens at a field's start only, 3 number
    /// tokens inside a field only, 4 whole phone numbers (flagged), 5 phones ending with the query.
    struct Ranges { var t: [[(UInt8, Int, Int)]] = [[], [], [], [], []] }
    static let tiers = MatchTier.allCases.count

    /// The best `limit` results (tier, then filing order) and the total number of envelopes
    /// that match, with `dead` slots left out and `extra` matches merged in.
    func query(_ q: Query, plan: Plan, limit: Int, dead: [UInt64]?, extra: [ExtraHit], scratch: QueryScratch) -> (
        [RankedHit], Int
    ) {
        var ranges = Ranges()
        if plan.queryLength > 0 { walkNames(plan, &ranges) }
        if !q.number.isEmpty { numberRanges(q.number, &ranges) }
        if let p = q.phone { phoneRanges(p, &ranges) }
        var out: [RankedHit] = []
        var taken = 0
        var total = 0
        let none: [UInt64] = [0]
        (dead ?? none).withUnsafeBufferPointer { deadBuf in
            scratch.seen.withUnsafeMutableBufferPointer { seenBuf in
                let seen = seenBuf.baseAddress!
                let deadPtr: UnsafePointer<UInt64>? = dead == nil ? nil : deadBuf.baseAddress
                for t in 0..<BaseIndex.tiers {
                    var heap = BoundedHeap(cap: max(0, limit - taken))
                    var cnt = 0
                    scratch.deferred.removeAll(keepingCapacity: true)
                    for (kind, lo, hi) in ranges.t[t] {
                        switch kind {
                        case 0: BaseIndex.scanNames(aSlot, lo, hi, seen, deadPtr, &cnt, &heap, &scratch.deferred)
                        case 1: BaseIndex.scanNames(iSlot, lo, hi, seen, deadPtr, &cnt, &heap, &scratch.deferred)
                        case 2:
                            BaseIndex.scan(
                                tokSlot, lo, hi, mask: BaseIndex.anchoredBit, want: BaseIndex.anchoredBit, seen,
                                deadPtr, &cnt, &heap)
                        case 3:
                            BaseIndex.scan(
                                tokSlot, lo, hi, mask: BaseIndex.anchoredBit, want: 0, seen, deadPtr, &cnt, &heap)
                        case 4:
                            BaseIndex.scan(
                                phoneSlot, lo, hi, mask: BaseIndex.anchoredBit, want: BaseIndex.anchoredBit, seen,
                                deadPtr, &cnt, &heap)
                        default: BaseIndex.scan(phoneSlot, lo, hi, mask: 0, want: 0, seen, deadPtr, &cnt, &heap)
                        }
                    }
                    // Co-owners, then tenants, of envelopes no owner or number of this tier found.
                    if !scratch.deferred.isEmpty {
                        for cls: UInt32 in 1...2 {
                            for v in scratch.deferred where v >> 28 == cls {
                                BaseIndex.take(Int(v & BaseIndex.slotMask), UInt8(cls), seen, deadPtr, &cnt, &heap)
                            }
                        }
                    }
                    for x in extra where x.tier.rawValue == t {
                        cnt += 1
                        heap.offer(x.key)
                    }
                    let tier = MatchTier(rawValue: t)!
                    for k in heap.a.sorted() {
                        out.append(RankedHit(key: k & BaseIndex.filingMask, tier: tier, rankClass: UInt8(k >> 60)))
                    }
                    taken += heap.a.count
                    total += cnt
                }
                for i in seenBuf.indices { seenBuf[i] = 0 }
            }
        }
        return (out, total)
    }

    /// Marks the envelopes of entries [lo, hi) as found (those whose flag bits under `mask`
    /// equal `want`), skipping dead and already found ones; counts the new ones and offers
    /// them to the heap. The hot loop of every broad query.
    @inline(__always) static func scan(
        _ slots: UnsafeBufferPointer<UInt32>, _ lo: Int, _ hi: Int, mask: UInt32, want: UInt32,
        _ seen: UnsafeMutablePointer<UInt64>, _ dead: UnsafePointer<UInt64>?,
        _ cnt: inout Int, _ heap: inout BoundedHeap
    ) {
        let p = slots.baseAddress!
        var c = 0
        for e in lo..<hi {
            let v = p[e]
            if v & mask != want { continue }
            let s = Int(v & slotMask)
            let w = s >> 6
            let bit: UInt64 = 1 << UInt64(s & 63)
            if seen[w] & bit != 0 { continue }
            if let dead, dead[w] & bit != 0 { continue }
            seen[w] |= bit
            c += 1
            heap.offer(key(s))
        }
        cnt += c
    }

    /// The same over name entries: owners at once, co-owners and tenants set aside (`deferred`)
    /// to be taken after every owner of the tier.
    @inline(__always) static func scanNames(
        _ slots: UnsafeBufferPointer<UInt32>, _ lo: Int, _ hi: Int,
        _ seen: UnsafeMutablePointer<UInt64>, _ dead: UnsafePointer<UInt64>?,
        _ cnt: inout Int, _ heap: inout BoundedHeap, _ deferred: inout [UInt32]
    ) {
        let p = slots.baseAddress!
        var c = 0
        for e in lo..<hi {
            let v = p[e]
            if v >> 28 != 0 {
                deferred.append(v)
                continue
            }
            let s = Int(v)
            let w = s >> 6
            let bit: UInt64 = 1 << UInt64(s & 63)
            if seen[w] & bit != 0 { continue }
            if let dead, dead[w] & bit != 0 { continue }
            seen[w] |= bit
            c += 1
            heap.offer(key(s))
        }
        cnt += c
    }

    @inline(__always) static func take(
        _ s: Int, _ rankClass: UInt8, _ seen: UnsafeMutablePointer<UInt64>, _ dead: UnsafePointer<UInt64>?,
        _ cnt: inout Int, _ heap: inout BoundedHeap
    ) {
        let w = s >> 6
        let bit: UInt64 = 1 << UInt64(s & 63)
        if seen[w] & bit != 0 { return }
        if let dead, dead[w] & bit != 0 { return }
        seen[w] |= bit
        cnt += 1
        heap.offer(classed(key(s), rankClass))
    }

    // MARK: Names: the trie walk

    /// First index in [lo, hi) where `pred` holds (pred is false…true over the range).
    @inline(__always) static func gallop(_ lo: Int, _ hi: Int, _ pred: (Int) -> Bool) -> Int {
        if lo >= hi || pred(lo) { return lo }
        var prev = lo
        var step = 1
        var cur = lo + 1
        while cur < hi && !pred(cur) {
            prev = cur
            step &*= 2
            cur = lo + step
        }
        var a = prev + 1
        var b = min(cur, hi)
        while a < b {
            let m = (a + b) / 2
            if pred(m) { b = m } else { a = m + 1 }
        }
        return a
    }

    func walkNames(_ plan: Plan, _ ranges: inout Ranges) {
        let q0 = plan.q[0]
        // Symbols that can consume the query's first unit.
        var lo = 0
        var hi = unitKeys.count
        while lo < hi {
            let m = (lo + hi) / 2
            if unitKeys[m] < q0 { lo = m + 1 } else { hi = m }
        }
        guard lo < unitKeys.count, unitKeys[lo] == q0 else { return }
        for k in Int(unitStart[lo])..<Int(unitStart[lo + 1]) {
            let s = unitSyms[k]
            if let (a, b) = BaseIndex.root(s, aRootSym, aRootLo) {
                anchoredChild(plan, s, a, b, 1, 1, 1, 1, 1, BaseIndex.noTier, &ranges)
            }
            if let (a, b) = BaseIndex.root(s, iRootSym, iRootLo) {
                innerChild(plan, s, a, b, 1, 1, 1, false, &ranges)
            }
        }
    }

    static func root(_ s: UInt16, _ syms: UnsafeBufferPointer<UInt16>, _ los: UnsafeBufferPointer<UInt32>) -> (
        Int, Int
    )? {
        var lo = 0
        var hi = syms.count
        while lo < hi {
            let m = (lo + hi) / 2
            if syms[m] < s { lo = m + 1 } else { hi = m }
        }
        guard lo < syms.count, syms[lo] == s else { return nil }
        return (Int(los[lo]), Int(los[lo + 1]))
    }

    /// No tier reached yet.
    static let noTier = MatchTier.allCases.count

    /// Enters the subtree of symbol `s` (entries [i, j), which share `d` symbols ending in `s`)
    /// from states a/st/f/c (any, strict, full, clean) of the parent. `best` is the tier
    /// already reached above (`noTier`: none).
    @inline(__always) func anchoredChild(
        _ plan: Plan, _ s: UInt16, _ i: Int, _ j: Int, _ d: Int,
        _ a: UInt64, _ st: UInt64, _ f: UInt64, _ c: UInt64, _ best: Int, _ ranges: inout Ranges
    ) {
        let row = plan.row(Int(s))
        let a2 = plan.stepAny(row, a)
        let s2 = plan.stepStrict(row, st)
        let f2 = plan.stepFull(row, f)
        let c2 = plan.hasSplits ? plan.stepClean(row, c) : a2
        var b2 = best
        if s2 & plan.acc != 0 {
            b2 = min(b2, MatchTier.prefix.rawValue)
        } else if c2 & plan.acc != 0 {
            b2 = min(b2, MatchTier.initials.rawValue)
        } else if a2 & plan.acc != 0 {
            b2 = min(b2, MatchTier.split.rawValue)
        }
        if a2 == 0 {
            if b2 < BaseIndex.noTier { ranges.t[b2].append((0, i, j)) }
            return
        }
        visitAnchored(plan, i, j, d, a2, s2, f2, c2, b2, &ranges)
    }

    /// The symbol at depth `d` of entry `e` of a table (d ≥ 1).
    @inline(__always) func sym(
        _ offs: UnsafeBufferPointer<UInt32>, _ next: UnsafeBufferPointer<UInt32>, _ e: Int, _ d: Int
    ) -> UInt16 {
        if d == 1 { return UInt16(truncatingIfNeeded: next[e] >> 16) }
        if d == 2 { return UInt16(truncatingIfNeeded: next[e]) }
        return pUnits[Int(offs[e]) + d]
    }

    func visitAnchored(
        _ plan: Plan, _ lo: Int, _ hi: Int, _ d: Int, _ a: UInt64, _ st: UInt64, _ f: UInt64, _ c: UInt64,
        _ best: Int, _ ranges: inout Ranges
    ) {
        let offs = aOff
        let next = aNext
        // Entries that end here come first (the separator sorts first).
        let endHi = BaseIndex.gallop(lo, hi) { sym(offs, next, $0, d) != 0 }
        if endHi > lo {
            let t = f & plan.acc != 0 ? 0 : best
            if t < BaseIndex.noTier { ranges.t[t].append((0, lo, endHi)) }
        }
        let aL = a & ~plan.acc
        let sL = st & ~plan.acc
        let fL = f & ~plan.acc
        let cL = c & ~plan.acc
        if aL == 0 {
            if best < BaseIndex.noTier && endHi < hi { ranges.t[best].append((0, endHi, hi)) }
            return
        }
        var i = endHi
        while i < hi {
            let s = sym(offs, next, i, d)
            let j = BaseIndex.gallop(i + 1, hi) { sym(offs, next, $0, d) != s }
            anchoredChild(plan, s, i, j, d + 1, aL, sL, fL, cL, best, &ranges)
            i = j
        }
    }

    /// An inner subtree: substring where the clean automaton accepts (the whole subtree), split
    /// where only the other one does (recorded once, `splitFound`; the walk goes on looking for
    /// a clean match deeper, with the clean states alone).
    @inline(__always) func innerChild(
        _ plan: Plan, _ s: UInt16, _ i: Int, _ j: Int, _ d: Int, _ a: UInt64, _ c: UInt64,
        _ splitFound: Bool, _ ranges: inout Ranges
    ) {
        let row = plan.row(Int(s))
        let a2 = plan.stepAny(row, a)
        let c2 = plan.hasSplits ? plan.stepClean(row, c) : a2
        if c2 & plan.acc != 0 {
            ranges.t[MatchTier.substring.rawValue].append((1, i, j))
            return
        }
        var found = splitFound
        if !found && a2 & plan.acc != 0 {
            ranges.t[MatchTier.split.rawValue].append((1, i, j))
            found = true
        }
        let na = found ? c2 : a2
        if na & ~plan.acc != 0 { visitInner(plan, i, j, d, na, c2, found, &ranges) }
    }

    func visitInner(
        _ plan: Plan, _ lo: Int, _ hi: Int, _ d: Int, _ a: UInt64, _ c: UInt64, _ splitFound: Bool,
        _ ranges: inout Ranges
    ) {
        let offs = iOff
        let next = iNext
        var i = BaseIndex.gallop(lo, hi) { sym(offs, next, $0, d) != 0 }
        while i < hi {
            let s = sym(offs, next, i, d)
            let j = BaseIndex.gallop(i + 1, hi) { sym(offs, next, $0, d) != s }
            innerChild(plan, s, i, j, d + 1, a, c, splitFound, &ranges)
            i = j
        }
    }

    // MARK: Numbers: the token table

    /// Compares the token at entry `e` with `q`: 0 when the token starts with q. Also returns
    /// the token's length. Reads the record's bytes in place (ASCII folded on the fly).
    func compareToken(_ e: Int, _ q: [UInt8]) -> (Int, Int) {
        let v = tokSlot[e]
        let slot = Int(v & BaseIndex.slotMask)
        let kind = Int((v >> 28) & 3)
        let t = Int(tokStart[e])
        let parts: [Range<Int>?] = kind == 0 ? [field(slot, 4), nil, field(slot, 6)] : [field(slot, kind == 1 ? 1 : 2)]
        // The key's bytes: fields folded, spaces dropped, '-' between building and unit.
        var ascii = true
        for p in parts {
            if let p {
                for i in p where recs[i] >= 0x80 {
                    ascii = false
                    break
                }
            }
        }
        if !ascii { return BaseIndex.compareKey(numberKeyFast(slot, kind), t, q) }
        var k = 0
        var skipped = 0
        var len = 0
        var result = 2
        for p in parts {
            let bytes: [UInt8]? = p == nil ? [45] : nil
            let range = p ?? 0..<1
            for i in range {
                var x = bytes?[i] ?? recs[i]
                if x == 32 { continue }
                if x >= 65 && x <= 90 { x += 32 }
                if skipped < t {
                    skipped += 1
                    continue
                }
                len += 1
                if result == 2 && k < q.count {
                    if x != q[k] { result = x < q[k] ? -1 : 1 } else { k += 1 }
                }
            }
        }
        if result == 2 { result = k == q.count ? 0 : -1 }
        return (result, min(len, 255 - t))
    }

    static func compareKey(_ key: [UInt8], _ t: Int, _ q: [UInt8]) -> (Int, Int) {
        let len = max(0, key.count - t)
        var k = 0
        while k < q.count && k < len {
            let x = key[t + k]
            let y = q[k]
            if x != y { return (x < y ? -1 : 1, len) }
            k += 1
        }
        return (k == q.count ? 0 : -1, len)
    }

    /// The bytes of field `k` of a slot's record, in place (after the status byte: 0 id,
    /// 1 number, 2 barcode, 3 cabinet, 4 building, 5 floor, 6 unit). Nil if the record is short.
    @inline(__always) func field(_ slot: Int, _ k: Int) -> Range<Int>? {
        var r = RecReader(recs, Int(recOff[slot]), Int(recOff[slot + 1]))
        _ = r.u8()
        for _ in 0..<k { guard r.skip() else { return nil } }
        guard let n = r.len(), r.pos + n <= r.end else { return nil }
        return r.pos..<(r.pos + n)
    }

    /// A number field's key (0 room, 1 number, 2 barcode) straight from the record's bytes.
    func numberKeyFast(_ slot: Int, _ kind: Int) -> [UInt8] {
        var out: [UInt8] = []
        func add(_ range: Range<Int>?) {
            guard let range else { return }
            let b = UnsafeBufferPointer(rebasing: recs[range])
            if b.allSatisfy({ $0 < 0x80 }) {
                for x in b where x != 32 { out.append(x >= 65 && x <= 90 ? x + 32 : x) }
            } else {
                SymbolTable.appendNumberKey(String(decoding: b, as: UTF8.self), to: &out)
            }
        }
        switch kind {
        case 0:
            add(field(slot, 4))
            out.append(45)
            add(field(slot, 6))
        case 1: add(field(slot, 1))
        default: add(field(slot, 2))
        }
        return out.count > 255 ? Array(out.prefix(255)) : out
    }

    func numberRanges(_ q: [UInt8], _ ranges: inout Ranges) {
        let n = tokSlot.count
        var lo = 0
        var hi = n
        while lo < hi {
            let m = (lo + hi) / 2
            if compareToken(m, q).0 < 0 { lo = m + 1 } else { hi = m }
        }
        let start = lo
        hi = n
        while lo < hi {
            let m = (lo + hi) / 2
            if compareToken(m, q).0 <= 0 { lo = m + 1 } else { hi = m }
        }
        let end = lo
        guard start < end else { return }
        // Tokens equal to the query come first (shorter sorts first).
        lo = start
        hi = end
        while lo < hi {
            let m = (lo + hi) / 2
            if compareToken(m, q).1 <= q.count { lo = m + 1 } else { hi = m }
        }
        let eqEnd = lo
        if eqEnd > start { ranges.t[0].append((2, start, eqEnd)) }
        if end > eqEnd { ranges.t[1].append((2, eqEnd, end)) }
        ranges.t[3].append((3, start, end))
    }

    // MARK: Phones: the suffix table

    /// The phones that end with the query's digits: keys in q.lo...q.hi; those equal to q.lo
    /// and flagged whole are the number itself (exact), the rest its last digits (substring).
    func phoneRanges(_ q: PhoneKey.Query, _ ranges: inout Ranges) {
        let a = q.lo
        let b = q.hi
        func first(_ pred: (UInt64) -> Bool) -> Int {
            var lo = 0
            var hi = phoneKey.count
            while lo < hi {
                let m = (lo + hi) / 2
                if pred(phoneKey[m]) { hi = m } else { lo = m + 1 }
            }
            return lo
        }
        let start = first { $0 >= a }
        let eqEnd = first { $0 > a }
        let end = first { $0 > b }
        if eqEnd > start { ranges.t[MatchTier.exact.rawValue].append((4, start, eqEnd)) }
        if end > start { ranges.t[MatchTier.substring.rawValue].append((5, start, end)) }
    }
}
