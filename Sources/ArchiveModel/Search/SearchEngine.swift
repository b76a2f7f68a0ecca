import Foundation

/// Hanzi → pinyin readings, parsed once from the derived Unihan table.
public final class Pinyin: @unchecked Sendable {
    public static let shared = Pinyin()
    /// Syllables as bytes; index = syllable id.
    public let syllables: [[UInt8]]
    let readingsByScalar: [UInt32: [UInt16]]
    let syllableID: [String: UInt16]

    init() {
        var syl: [[UInt8]] = []
        var map: [UInt32: [UInt16]] = [:]
        var ids: [String: UInt16] = [:]
        for line in PinyinTable.text.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let s = String(line[..<tab])
            let id = UInt16(syl.count)
            syl.append(Array(s.utf8))
            ids[s] = id
            for sc in line[line.index(after: tab)...].unicodeScalars { map[sc.value, default: []].append(id) }
        }
        syllables = syl; readingsByScalar = map; syllableID = ids
    }

    public func readings(_ c: Unicode.Scalar) -> [String] {
        (readingsByScalar[c.value] ?? []).map { String(decoding: syllables[Int($0)], as: UTF8.self) }
    }
    func ids(_ c: Unicode.Scalar) -> [UInt16]? { readingsByScalar[c.value] }
    func id(_ s: String) -> UInt16? { syllableID[s] }
}

/// How well a result matched, best first.
public enum MatchTier: Int, Sendable, Comparable, Codable {
    case exact = 0, prefix, initials, substring
    public static func < (a: MatchTier, b: MatchTier) -> Bool { a.rawValue < b.rawValue }
    public var name: String { ["exact", "prefix", "initials", "substring"][rawValue] }
}

public struct SearchHit: Sendable, Equatable {
    /// Index into `ArchiveStore.envelopes`.
    public var index: Int
    public var tier: MatchTier
    /// Which field matched: owner, co-owner, tenant, room, number, barcode.
    public var fieldName: String
    public var text: String
    /// Matched character ranges in `text`, as Character offsets (for highlighting).
    public var ranges: [Range<Int>]
}

public struct SearchResults: Sendable {
    public var hits: [SearchHit]
    public var total: Int
    public init(hits: [SearchHit], total: Int) { self.hits = hits; self.total = total }
}

/// Owner search the way archivists type: hanzi, full pinyin (spaced or not, prefixes),
/// initials and mixtures, room and envelope numbers, barcodes, Latin names.
///
/// Each envelope is encoded once as a sequence of symbols (a character with its readings),
/// fields separated. A query runs as a small NFA over query positions (a 64-bit set) along
/// each sequence; a character consumes the hanzi itself or any non-empty prefix of one of its
/// readings. Four runs at once give the tier: full readings anchored at a field's start to its
/// end (exact), full readings anchored with the last one partial (prefix), any prefixes
/// anchored (initials), anywhere (substring). A longer query is matched only against the
/// previous query's results, so typing narrows instead of rescanning.
public final class SearchIndex: @unchecked Sendable {
    static let sep: UInt16 = 0
    /// Symbol → its character (lower-cased) and its reading syllable ids.
    var symScalar: [UInt32] = [0]
    var symReadings: [[UInt16]] = [[]]
    var symSig: [UInt64] = [0]
    var symbolOf: [UInt64: UInt16] = [:]
    /// Per envelope: [lo, hi) into `units`. Updated in place when an envelope changes: its new
    /// symbols are appended to `units` (the old ones become garbage, dropped at the next build).
    var lo: [UInt32] = []
    var hi: [UInt32] = []
    var garbage = 0
    var units: [UInt16] = []
    var sigs: [UInt64] = []
    /// Field kinds per envelope, in the order encoded.
    public private(set) var count = 0
    let pinyin = Pinyin.shared
    var syllables: [[UInt8]] { pinyin.syllables }

    public init() {}

    public static let fieldNames = ["owner", "co-owner", "tenant", "room", "number", "barcode"]

    /// The searchable fields of an envelope, in encoding order.
    public static func fields(_ s: EnvelopeSummary) -> [(Int, String)] {
        var f: [(Int, String)] = [(0, s.owner)]
        for c in s.coOwners { f.append((1, c)) }
        for t in s.tenants { f.append((2, t)) }
        f.append((3, "\(s.building)-\(s.unit)"))
        f.append((3, "\(s.building)栋\(s.unit)"))
        if !s.number.isEmpty { f.append((4, s.number)) }
        if !s.barcode.isEmpty { f.append((5, s.barcode)) }
        return f
    }

    /// Lower-cases ASCII quickly; other scalars through Unicode's mapping (CJK is unchanged).
    @inline(__always) static func fold(_ sc: Unicode.Scalar) -> Unicode.Scalar {
        let v = sc.value
        if v < 0x80 { return v >= 65 && v <= 90 ? Unicode.Scalar(v + 32)! : sc }
        if v >= 0x3400 && v <= 0x9FFF { return sc }
        let l = sc.properties.lowercaseMapping.unicodeScalars
        return l.count == 1 ? l.first! : sc
    }

    static let compoundFirst: [UInt32: [(String, [String])]] = {
        var m: [UInt32: [(String, [String])]] = [:]
        for c in SurnameTable.compound { m[c.0.unicodeScalars.first!.value, default: []].append(c) }
        return m
    }()

    /// Symbols of one field, with the scalar offset of each in the field's text.
    func encodeField(_ text: String, person: Bool) -> [(UInt16, Int)] {
        var out: [(UInt16, Int)] = []
        let scalars = Array(text.unicodeScalars)
        out.reserveCapacity(scalars.count)
        var surnameReadings: [[UInt16]] = []
        if person && scalars.count >= 2 && scalars.count <= 5 && scalars.allSatisfy({ $0.value >= 0x3400 && $0.value <= 0x9FFF }) {
            if let cs = SearchIndex.compoundFirst[scalars[0].value],
               let c = cs.first(where: { $0.0.unicodeScalars.count <= scalars.count && zip($0.0.unicodeScalars, scalars).allSatisfy { $0 == $1 } }) {
                surnameReadings = c.1.map { [pinyin.id($0)].compactMap { $0 } }
            } else if let r = SurnameTable.single[Character(scalars[0])] {
                surnameReadings = [r.compactMap { pinyin.id($0) }]
            }
        }
        for (i, sc0) in scalars.enumerated() {
            if sc0 == " " || (sc0.value >= 0x80 && sc0.properties.isWhitespace) { continue }
            let sc = SearchIndex.fold(sc0)
            let variant: UInt64 = i < surnameReadings.count ? UInt64(i + 1) : 0
            let key = UInt64(sc.value) | variant << 32
            if let sym = symbolOf[key] { out.append((sym, i)); continue }
            let r: [UInt16] = i < surnameReadings.count ? surnameReadings[i] : (pinyin.ids(sc) ?? [])
            guard symScalar.count < 65000 else { continue }
            let sym = UInt16(symScalar.count)
            symScalar.append(sc.value); symReadings.append(r); symbolOf[key] = sym
            symSig.append(SearchIndex.sig(scalar: sc.value, readings: r, syllables: syllables))
            out.append((sym, i))
        }
        return out
    }

    static func sig(scalar: UInt32, readings: [UInt16], syllables: [[UInt8]]) -> UInt64 {
        var sig = bit(scalar)
        for r in readings {
            for b in syllables[Int(r)] { sig |= bit(UInt32(b)); if b == 118 { sig |= bit(117) } }
        }
        return sig
    }

    func signature(of syms: [UInt16]) -> UInt64 {
        var sig: UInt64 = 0
        for s in syms { sig |= symSig[Int(s)] }
        return sig
    }

    @inline(__always) static func bit(_ v: UInt32) -> UInt64 {
        if v >= 97 && v <= 122 { return 1 << UInt64(v - 97) }
        if v >= 48 && v <= 57 { return 1 << UInt64(26 + v - 48) }
        return 1 << UInt64(36 + (v &* 2654435761) % 28)
    }

    /// Builds the index over the store's envelopes, in filing order.
    public func build(_ envelopes: [EnvelopeSummary]) {
        lo = []; hi = []; units = []; sigs = []; garbage = 0
        lo.reserveCapacity(envelopes.count); hi.reserveCapacity(envelopes.count)
        units.reserveCapacity(envelopes.count * 24)
        sigs.reserveCapacity(envelopes.count)
        for e in envelopes {
            let (syms, sig) = encode(e)
            lo.append(UInt32(units.count)); units.append(contentsOf: syms); hi.append(UInt32(units.count)); sigs.append(sig)
        }
        count = envelopes.count
    }

    func encode(_ e: EnvelopeSummary) -> ([UInt16], UInt64) {
        var syms: [UInt16] = []
        syms.reserveCapacity(32)
        for (kind, text) in SearchIndex.fields(e) {
            if !syms.isEmpty { syms.append(SearchIndex.sep) }
            for (sym, _) in encodeField(text, person: kind <= 2) { syms.append(sym) }
        }
        return (syms, signature(of: syms))
    }

    /// Incremental updates, position by position in filing order (what the store logs).
    func insert(_ e: EnvelopeSummary, at i: Int) {
        let (syms, sig) = encode(e)
        let a = UInt32(units.count)
        units.append(contentsOf: syms)
        lo.insert(a, at: i); hi.insert(UInt32(units.count), at: i); sigs.insert(sig, at: i)
        count += 1
    }

    func remove(at i: Int) {
        garbage += Int(hi[i] - lo[i])
        lo.remove(at: i); hi.remove(at: i); sigs.remove(at: i)
        count -= 1
    }

    func replace(_ e: EnvelopeSummary, at i: Int) {
        garbage += Int(hi[i] - lo[i])
        let (syms, sig) = encode(e)
        lo[i] = UInt32(units.count); units.append(contentsOf: syms); hi[i] = UInt32(units.count); sigs[i] = sig
    }

    /// Worth a full rebuild: more dead symbols than live ones.
    var needsCompaction: Bool { garbage > units.count / 2 + 4096 }

    // MARK: Queries

    /// A query as units: lower-cased scalars, spaces dropped.
    public static func normalize(_ q: String) -> [UInt32] {
        var out: [UInt32] = []
        for sc in q.unicodeScalars {
            if sc.properties.isWhitespace || Sanitize.isUnsafe(sc) { continue }
            out.append(fold(sc).value)
            if out.count >= 60 { break }
        }
        return out
    }

    /// Transition tables for one query, filled lazily per symbol.
    final class Plan: @unchecked Sendable {
        let q: [UInt32]
        let L: Int
        let qsig: UInt64
        var any: [UInt64]    // any non-empty reading prefix, or the literal
        var full: [UInt64]   // whole readings or the literal
        var strict: [UInt64] // whole readings, or a partial reading that ends the query
        var done: [Bool]
        init(q: [UInt32], symbols: Int, sig: UInt64) {
            self.q = q; L = q.count; qsig = sig
            let n = symbols * (q.count + 1)
            any = [UInt64](repeating: 0, count: n); full = any; strict = any
            done = [Bool](repeating: false, count: symbols)
        }
    }

    func plan(_ q: [UInt32]) -> Plan {
        var sig: UInt64 = 0
        for c in q { sig |= SearchIndex.bit(c) }
        return Plan(q: q, symbols: symScalar.count, sig: sig)
    }

    @inline(__always) func fill(_ p: Plan, _ sym: Int) {
        if p.done[sym] { return }
        p.done[sym] = true
        let L = p.L, q = p.q
        let base = sym * (L + 1)
        let sc = symScalar[sym]
        let rs = symReadings[sym]
        for s in 0..<L {
            var a: UInt64 = 0, f: UInt64 = 0, st: UInt64 = 0
            if q[s] == sc { a |= 1 << UInt64(s + 1); f |= 1 << UInt64(s + 1); st |= 1 << UInt64(s + 1) }
            for r in rs {
                let syl = syllables[Int(r)]
                var k = 0
                while k < syl.count && s + k < L {
                    let c = q[s + k]
                    let y = UInt32(syl[k])
                    if c == y || (y == 118 && c == 117) { k += 1 } else { break }
                }
                if k == 0 { continue }
                a |= ((1 << UInt64(k)) - 1) << UInt64(s + 1)
                if k == syl.count { f |= 1 << UInt64(s + k); st |= 1 << UInt64(s + k) }
                else if s + k == L { st |= 1 << UInt64(L) }
            }
            p.any[base + s] = a; p.full[base + s] = f; p.strict[base + s] = st
        }
    }

    @inline(__always) func step(_ table: [UInt64], _ base: Int, _ set: UInt64, _ L: Int) -> UInt64 {
        var bits = set & ~(1 << UInt64(L))
        var out: UInt64 = 0
        while bits != 0 {
            let s = bits.trailingZeroBitCount
            bits &= bits - 1
            out |= table[base + s]
        }
        return out
    }

    /// The best tier at which envelope `i` matches, or nil.
    func match(_ p: Plan, _ i: Int) -> MatchTier? {
        if sigs[i] & p.qsig != p.qsig { return nil }
        let L = p.L
        let acc: UInt64 = 1 << UInt64(L)
        var best: MatchTier? = nil
        var u: UInt64 = 0, a: UInt64 = 1, st: UInt64 = 1, f: UInt64 = 1
        let end = Int(hi[i])
        var k = Int(lo[i])
        while k < end {
            let sym = Int(units[k])
            k += 1
            if sym == 0 {
                if f & acc != 0 { return .exact }
                u = 0; a = 1; st = 1; f = 1
                continue
            }
            fill(p, sym)
            let base = sym * (L + 1)
            u = step(p.any, base, u | 1, L)
            if u & acc != 0 && best == nil { best = .substring }
            if a != 0 {
                a = step(p.any, base, a, L)
                if a & acc != 0 && (best ?? .substring) > .initials { best = .initials }
            }
            if st != 0 {
                st = step(p.strict, base, st, L)
                if st & acc != 0 && (best ?? .substring) > .prefix { best = .prefix }
            }
            if f != 0 { f = step(p.full, base, f, L) }
        }
        if f & acc != 0 { return .exact }
        return best
    }

    /// Matches over `candidates` (all envelopes when nil), in filing order, on all cores
    /// when there are many.
    func run(_ p: Plan, over candidates: [UInt32]?) -> [(UInt32, MatchTier)] {
        let n = candidates?.count ?? count
        if n < 50_000 {
            var out: [(UInt32, MatchTier)] = []
            for j in 0..<n {
                let i = candidates.map { Int($0[j]) } ?? j
                if let t = match(p, i) { out.append((UInt32(i), t)) }
            }
            return out
        }
        let parts = max(2, ProcessInfo.processInfo.activeProcessorCount)
        let per = (n + parts - 1) / parts
        let plans = (0..<parts).map { _ in plan(p.q) }
        let chunks = parallelMap(count: parts, chunk: 1) { c -> [(UInt32, MatchTier)] in
            var out: [(UInt32, MatchTier)] = []
            let pp = plans[c]
            for j in (c * per)..<min(n, (c + 1) * per) {
                let i = candidates.map { Int($0[j]) } ?? j
                if let t = self.match(pp, i) { out.append((UInt32(i), t)) }
            }
            return out
        }
        return chunks.flatMap { $0 }
    }
}

/// Search over a store, with the narrowing cache for keystroke-by-keystroke use.
public final class SearchEngine: @unchecked Sendable {
    public let store: ArchiveStore
    public private(set) var index = SearchIndex()
    var builtGeneration = -1
    /// How many times the index was built (for tests and benchmarks).
    public private(set) var builds = 0
    /// How many envelope changes were applied in place.
    public private(set) var updates = 0
    /// Recent queries and their full match lists (typing forward narrows; backspace reuses).
    var recent: [([UInt32], [(UInt32, MatchTier)])] = []

    public init(store: ArchiveStore) { self.store = store }

    /// Shares an index already built for the same archive state (benchmarks, several views).
    public func adopt(_ other: SearchIndex, generation: Int) {
        index = other
        builtGeneration = generation
        recent = []
    }

    func ensureBuilt() {
        // Loans and returns do not touch what is searched. A changed envelope is re-encoded in
        // place from the store's log of summary changes; a full build only when the log does
        // not reach back far enough, the archive was rescanned, or garbage piles up.
        let g = store.summaryGeneration
        if builtGeneration == g && index.count == store.envelopes.count { return }
        recent = []
        if builtGeneration >= 0, let changes = store.summaryChanges(since: builtGeneration), !index.needsCompaction {
            var ok = true
            for c in changes {
                switch c {
                case .insert(let i, let e) where i <= index.count: index.insert(e, at: i)
                case .remove(let i) where i < index.count: index.remove(at: i)
                case .replace(let i, let e) where i < index.count: index.replace(e, at: i)
                default: ok = false
                }
                if !ok { break }
            }
            if ok && index.count == store.envelopes.count { builtGeneration = g; updates += changes.count; return }
        }
        index.build(store.envelopes)
        builds += 1
        builtGeneration = g
    }

    /// All matches of `query` with their tiers, in filing order.
    public func matches(_ query: String) -> [(UInt32, MatchTier)] {
        ensureBuilt()
        let q = SearchIndex.normalize(query)
        if q.isEmpty { return [] }
        if let hit = recent.first(where: { $0.0 == q }) { return hit.1 }
        // Narrow from the longest earlier query that this one extends.
        var base: [UInt32]? = nil
        var bestLen = 0
        for (pq, res) in recent where pq.count < q.count && pq.count > bestLen && Array(q.prefix(pq.count)) == pq {
            base = res.map { $0.0 }; bestLen = pq.count
        }
        let res = index.run(index.plan(q), over: base)
        recent.append((q, res))
        if recent.count > 24 { recent.removeFirst() }
        return res
    }

    /// The best `limit` results: tier first, then filing order; with highlight ranges.
    public func search(_ query: String, limit: Int) -> SearchResults {
        let all = matches(query)
        var byTier: [[UInt32]] = [[], [], [], []]
        for (i, t) in all where byTier[t.rawValue].count < limit { byTier[t.rawValue].append(i) }
        var hits: [SearchHit] = []
        let q = SearchIndex.normalize(query)
        outer: for t in 0..<4 {
            for i in byTier[t] {
                if hits.count >= limit { break outer }
                hits.append(hit(Int(i), tier: MatchTier(rawValue: t)!, q: q))
            }
        }
        return SearchResults(hits: hits, total: all.count)
    }

    /// Finds the field and characters that matched, for display.
    func hit(_ i: Int, tier: MatchTier, q: [UInt32]) -> SearchHit {
        let s = store.envelopes[i]
        let p = index.plan(q)
        var fallback: SearchHit? = nil
        for (kind, text) in SearchIndex.fields(s) {
            let syms = index.encodeField(text, person: kind <= 2)
            let chars = Array(text.unicodeScalars)
            // offsets of scalars → Character offsets
            var charIndexOfScalar = [Int](repeating: 0, count: chars.count + 1)
            var ci = 0, si = 0
            for ch in text { for _ in ch.unicodeScalars { charIndexOfScalar[si] = ci; si += 1 }; ci += 1 }
            charIndexOfScalar[chars.count] = ci
            for start in 0..<syms.count {
                if let end = spanEnd(p, syms, from: start) {
                    let a = charIndexOfScalar[syms[start].1], b = charIndexOfScalar[syms[end - 1].1] + 1
                    let h = SearchHit(index: i, tier: tier, fieldName: SearchIndex.fieldNames[kind], text: text, ranges: [a..<b])
                    if start == 0 { return h }
                    if fallback == nil { fallback = h }
                    break
                }
            }
        }
        return fallback ?? SearchHit(index: i, tier: tier, fieldName: "owner", text: s.owner, ranges: [])
    }

    /// The end (exclusive, in symbols) of the shortest match starting at `start`.
    func spanEnd(_ p: SearchIndex.Plan, _ syms: [(UInt16, Int)], from start: Int) -> Int? {
        var set: UInt64 = 1
        let acc: UInt64 = 1 << UInt64(p.L)
        for k in start..<syms.count {
            let sym = Int(syms[k].0)
            index.fill(p, sym)
            set = index.step(p.any, sym * (p.L + 1), set, p.L)
            if set & acc != 0 { return k + 1 }
            if set == 0 { return nil }
        }
        return nil
    }
}
