import Foundation

/// A query in the two forms it is searched by: name units (folded characters, spaces dropped:
/// matched against names by characters and readings) and a number key (matched literally
/// against rooms, envelope numbers and barcodes from the start of a token).
struct Query {
    static let maxUnits = 60
    let units: [UInt32]
    let number: [UInt8]
    /// The query as a phone number (four digits or more) when the operator's role may see phone
    /// numbers; nil otherwise.
    let phone: PhoneKey.Query?
    var isEmpty: Bool { units.isEmpty && number.isEmpty }

    init(_ text: String, phones: Bool = false) {
        var u: [UInt32] = []
        for sc in text.unicodeScalars {
            if sc.properties.isWhitespace || Sanitize.isUnsafe(sc) { continue }
            u.append(SymbolTable.fold(sc).value)
            if u.count >= Query.maxUnits { break }
        }
        units = u
        number = SymbolTable.numberQuery(text)
        phone = phones ? PhoneKey.query(text) : nil
    }
}

/// The matching automaton for one query. A name is a sequence of symbols; each symbol consumes
/// either its own character (one unit) or a non-empty prefix of one of its readings. The state
/// is the set of query positions reached (a 64-bit set); position L (the query's length) accepts.
/// Three transition tables per symbol, filled lazily:
/// - any: any non-empty reading prefix, or the character, or a reading prefix followed by the
///   character (initials and mixtures),
/// - strict: whole readings, or a partial reading that ends the query (full pinyin as typed so far),
/// - full: whole readings or the character (the exact tier);
/// - clean: as any, without the partial readings that split a syllable of the query (below).
///
/// A split: a partial reading that starts at query position s and ends at p, where for some
/// b > p both q[s..<b] and q[p..<b] are whole syllables (with a vowel). `zhang` read as 曾 (z)
/// + 行 (hang), `xian` as 小 (xi) + 安 (an), `wang` as 吴 (w) + 昂 (ang): the typed syllable is
/// cut into an initial and another syllable. Such a match ranks in the `split` tier, after
/// every real match. A partial reading that ends the query never splits (`zhangw`), nor one
/// that no syllable runs across (`zw`, `zwei`).
final class Plan {
    let q: [UInt32]
    let queryLength: Int
    let acc: UInt64
    let symbols: SymbolTable
    /// splitAt[s]: the positions (bits) where a partial reading begun at s would split a syllable.
    let splitAt: [UInt64]
    /// False for most queries (initials, hanzi, numbers): clean is then the same as any.
    let hasSplits: Bool
    var rowOf: [Int32]
    var any: [UInt64] = []
    var strict: [UInt64] = []
    var full: [UInt64] = []
    var clean: [UInt64] = []

    init(_ q: [UInt32], symbols: SymbolTable) {
        self.q = q
        queryLength = q.count
        acc = 1 << UInt64(q.count)
        self.symbols = symbols
        rowOf = [Int32](repeating: -1, count: symbols.count)
        splitAt = Plan.splits(q)
        hasSplits = splitAt.contains { $0 != 0 }
        any.reserveCapacity(64 * (queryLength + 1))
        strict.reserveCapacity(64 * (queryLength + 1))
        full.reserveCapacity(64 * (queryLength + 1))
        if hasSplits { clean.reserveCapacity(64 * (queryLength + 1)) }
    }

    /// Syllables of the reading table that have a vowel (not the interjections m, n, ng, hm,
    /// hng), packed as up to eight ASCII bytes.
    static let syllables: Set<UInt64> = {
        var out = Set<UInt64>()
        for y in Pinyin.shared.syllables where y.count <= 8 && y.contains(where: { "aeiouv".utf8.contains($0) }) {
            out.insert(y.reduce(0) { $0 << 8 | UInt64($1) })
        }
        return out
    }()
    static let longestSyllable = 6

    static func splits(_ q: [UInt32]) -> [UInt64] {
        let queryLength = q.count
        var out = [UInt64](repeating: 0, count: queryLength + 1)
        guard queryLength >= 2 else { return out }
        func isSyllable(_ a: Int, _ b: Int) -> Bool {
            guard b - a <= longestSyllable else { return false }
            var k: UInt64 = 0
            for i in a..<b {
                let c = q[i]
                guard c >= 97 && c <= 122 else { return false }
                k = k << 8 | UInt64(c)
            }
            return syllables.contains(k)
        }
        for s in 0..<(queryLength - 1) where q[s] >= 97 && q[s] <= 122 {
            var p = s + 1
            while p < queryLength && p - s < longestSyllable {
                var b = p + 1
                while b <= queryLength && b - s <= longestSyllable {
                    if isSyllable(s, b) && isSyllable(p, b) {
                        out[s] |= 1 << UInt64(p)
                        break
                    }
                    b += 1
                }
                p += 1
            }
        }
        return out
    }

    /// The table row (offset) of symbol `sym`, filled on first use.
    @inline(__always) func row(_ sym: Int) -> Int {
        if sym < rowOf.count, rowOf[sym] >= 0 { return Int(rowOf[sym]) }
        return fill(sym)
    }

    func fill(_ sym: Int) -> Int {
        if sym >= rowOf.count {
            rowOf.append(contentsOf: [Int32](repeating: -1, count: symbols.count - rowOf.count + 1))
        }
        let base = any.count
        rowOf[sym] = Int32(base)
        let sc = symbols.scalar[sym]
        let rs = symbols.readingsOf(sym)
        let syl = symbols.pinyin.syllables
        for s in 0...queryLength {
            var a: UInt64 = 0
            var f: UInt64 = 0
            var st: UInt64 = 0
            var c: UInt64 = 0
            if s < queryLength {
                if q[s] == sc {
                    a |= 1 << UInt64(s + 1)
                    f |= 1 << UInt64(s + 1)
                    st |= 1 << UInt64(s + 1)
                    c |= 1 << UInt64(s + 1)
                }
                for r in rs {
                    let y = syl[Int(r)]
                    var k = 0
                    while k < y.count && s + k < queryLength {
                        let ch = q[s + k]
                        let b = UInt32(y[k])
                        if ch == b || (b == 118 && ch == 117) { k += 1 } else { break }  // ü typed as v or u
                    }
                    if k == 0 { continue }
                    let prefixes: UInt64 = ((1 << UInt64(k)) - 1) << UInt64(s + 1)
                    a |= prefixes
                    // Partial readings that split a syllable are not clean; the whole reading is.
                    c |= prefixes & ~splitAt[s]
                    // A reading's prefix confirmed by the character itself (`zw伟`: the w is 伟).
                    if s + k < queryLength && q[s + k] == sc {
                        a |= 1 << UInt64(s + k + 1)
                        c |= 1 << UInt64(s + k + 1)
                    }
                    if k == y.count {
                        f |= 1 << UInt64(s + k)
                        st |= 1 << UInt64(s + k)
                        c |= 1 << UInt64(s + k)
                    } else if s + k == queryLength {
                        st |= 1 << UInt64(queryLength)
                    }
                }
            }
            any.append(a)
            strict.append(st)
            full.append(f)
            if hasSplits { clean.append(c) }
        }
        return base
    }

    /// One step of a state set through a symbol's row (the accepting position does not continue).
    @inline(__always) static func step(_ table: UnsafeBufferPointer<UInt64>, _ row: Int, _ set: UInt64) -> UInt64 {
        var bits = set
        var out: UInt64 = 0
        while bits != 0 {
            let s = bits.trailingZeroBitCount
            bits &= bits - 1
            out |= table[row + s]
        }
        return out
    }
    @inline(__always) func stepAny(_ row: Int, _ set: UInt64) -> UInt64 {
        any.withUnsafeBufferPointer { Plan.step($0, row, set & ~acc) }
    }
    @inline(__always) func stepStrict(_ row: Int, _ set: UInt64) -> UInt64 {
        strict.withUnsafeBufferPointer { Plan.step($0, row, set & ~acc) }
    }
    @inline(__always) func stepFull(_ row: Int, _ set: UInt64) -> UInt64 {
        full.withUnsafeBufferPointer { Plan.step($0, row, set & ~acc) }
    }
    @inline(__always) func stepClean(_ row: Int, _ set: UInt64) -> UInt64 {
        hasSplits ? clean.withUnsafeBufferPointer { Plan.step($0, row, set & ~acc) } : stepAny(row, set)
    }
}

/// The reference matcher: one envelope at a time, by definition. The index must agree with it
/// (a property test checks this); it also matches the few envelopes changed since the index
/// was built.
enum Reference {
    /// The best tier of one person field, and the symbol span [start, end) of that match:
    /// anchored at the field's start (exact, prefix, initials), else anywhere (substring), else
    /// a match that splits a syllable of the query (split), anchored first.
    static func person(_ p: Plan, _ syms: [UInt16]) -> (MatchTier, Int, Int)? {
        guard p.queryLength > 0, !syms.isEmpty else { return nil }
        var best: (MatchTier, Int, Int)? = nil
        var split: (MatchTier, Int, Int)? = nil
        var a: UInt64 = 1
        var st: UInt64 = 1
        var c: UInt64 = 1
        for (k, s) in syms.enumerated() {
            let r = p.row(Int(s))
            a = p.stepAny(r, a)
            st = p.stepStrict(r, st)
            c = p.stepClean(r, c)
            if st & p.acc != 0 && (best == nil || best!.0 > .prefix) { best = (.prefix, 0, k + 1) }
            if c & p.acc != 0 && best == nil { best = (.initials, 0, k + 1) }
            if a & p.acc != 0 && split == nil { split = (.split, 0, k + 1) }
            if a & ~p.acc == 0 { break }
        }
        if best != nil {
            // exact: full readings to the end of the field
            var f2: UInt64 = 1
            for s in syms {
                f2 = p.stepFull(p.row(Int(s)), f2)
                if f2 == 0 { break }
            }
            if f2 & p.acc != 0 { return (.exact, 0, syms.count) }
            return best
        }
        // Anywhere else: the first start that matches.
        for start in 1..<syms.count {
            var u: UInt64 = 1
            var uc: UInt64 = 1
            for k in start..<syms.count {
                let r = p.row(Int(syms[k]))
                u = p.stepAny(r, u)
                uc = p.stepClean(r, uc)
                if uc & p.acc != 0 { return (.substring, start, k + 1) }
                if u & p.acc != 0 && split == nil { split = (.split, start, k + 1) }
                if u & ~p.acc == 0 { break }
            }
        }
        return split
    }

    /// The best tier of one number field's key, and the byte span of the match in the key.
    static func number(_ q: [UInt8], _ key: [UInt8]) -> (MatchTier, Int, Int)? {
        guard !q.isEmpty, key.count >= q.count else { return nil }
        for t in SymbolTable.tokenStarts(key) where key.count - t >= q.count {
            if key[t..<(t + q.count)].elementsEqual(q) {
                if t == 0 { return (key.count == q.count ? .exact : .prefix, 0, q.count) }
                return (.substring, t, t + q.count)
            }
        }
        return nil
    }

    /// A phone's digits against a phone query: the whole number (exact) or its last digits
    /// (substring); the number of digits matched.
    static func phone(_ q: PhoneKey.Query?, _ digits: [UInt8]) -> (MatchTier, Int)? {
        guard let q else { return nil }
        let n = q.digits.count
        guard n <= digits.count, digits.suffix(n).elementsEqual(q.digits) else { return nil }
        return (n == digits.count ? .exact : .substring, n)
    }

    /// The best (tier, rank class) at which an envelope (as encoded fields) matches: tier
    /// first; within a tier owners and the envelope's numbers (class 0), then co-owners (1),
    /// then tenants (2).
    static func rank(_ p: Plan, _ q: Query, persons: [(UInt8, [UInt16])], numbers: [[UInt8]], phones: [[UInt8]]) -> (
        MatchTier, UInt8
    )? {
        var best: (MatchTier, UInt8)? = nil
        func offer(_ t: MatchTier, _ c: UInt8) { if best == nil || (t, c) < (best!.0, best!.1) { best = (t, c) } }
        for (c, f) in persons { if let (t, _, _) = person(p, f) { offer(t, c) } }
        for k in numbers { if let (t, _, _) = number(q.number, k) { offer(t, 0) } }
        for d in phones { if let (t, _) = phone(q.phone, d) { offer(t, 0) } }
        return best
    }
}
