import Foundation

/// A query in the two forms it is searched by: name units (folded characters, spaces dropped:
/// matched against names by characters and readings) and a number key (matched literally
/// against rooms, envelope numbers and barcodes from the start of a token).
struct Query {
    static let maxUnits = 60
    let units: [UInt32]
    let number: [UInt8]
    var isEmpty: Bool { units.isEmpty && number.isEmpty }

    init(_ text: String) {
        var u: [UInt32] = []
        for sc in text.unicodeScalars {
            if sc.properties.isWhitespace || Sanitize.isUnsafe(sc) { continue }
            u.append(SymbolTable.fold(sc).value)
            if u.count >= Query.maxUnits { break }
        }
        units = u
        number = SymbolTable.numberQuery(text)
    }
}

/// The matching automaton for one query. A name is a sequence of symbols; each symbol consumes
/// either its own character (one unit) or a non-empty prefix of one of its readings. The state
/// is the set of query positions reached (a 64-bit set); position L (the query's length) accepts.
/// Three transition tables per symbol, filled lazily:
/// - any: any non-empty reading prefix, or the character, or a reading prefix followed by the
///   character (initials and mixtures),
/// - strict: whole readings, or a partial reading that ends the query (full pinyin as typed so far),
/// - full: whole readings or the character (the exact tier).
final class Plan {
    let q: [UInt32]
    let L: Int
    let acc: UInt64
    let symbols: SymbolTable
    var rowOf: [Int32]
    var any: [UInt64] = []
    var strict: [UInt64] = []
    var full: [UInt64] = []

    init(_ q: [UInt32], symbols: SymbolTable) {
        self.q = q; L = q.count; acc = 1 << UInt64(q.count); self.symbols = symbols
        rowOf = [Int32](repeating: -1, count: symbols.count)
        any.reserveCapacity(64 * (L + 1)); strict.reserveCapacity(64 * (L + 1)); full.reserveCapacity(64 * (L + 1))
    }

    /// The table row (offset) of symbol `sym`, filled on first use.
    @inline(__always) func row(_ sym: Int) -> Int {
        if sym < rowOf.count, rowOf[sym] >= 0 { return Int(rowOf[sym]) }
        return fill(sym)
    }

    func fill(_ sym: Int) -> Int {
        if sym >= rowOf.count { rowOf.append(contentsOf: [Int32](repeating: -1, count: symbols.count - rowOf.count + 1)) }
        let base = any.count
        rowOf[sym] = Int32(base)
        let sc = symbols.scalar[sym]
        let rs = symbols.readingsOf(sym)
        let syl = symbols.pinyin.syllables
        for s in 0...L {
            var a: UInt64 = 0, f: UInt64 = 0, st: UInt64 = 0
            if s < L {
                if q[s] == sc { a |= 1 << UInt64(s + 1); f |= 1 << UInt64(s + 1); st |= 1 << UInt64(s + 1) }
                for r in rs {
                    let y = syl[Int(r)]
                    var k = 0
                    while k < y.count && s + k < L {
                        let c = q[s + k], b = UInt32(y[k])
                        if c == b || (b == 118 && c == 117) { k += 1 } else { break } // ü typed as v or u
                    }
                    if k == 0 { continue }
                    a |= ((1 << UInt64(k)) - 1) << UInt64(s + 1)
                    // A reading's prefix confirmed by the character itself (`zw伟`: the w is 伟).
                    if s + k < L && q[s + k] == sc { a |= 1 << UInt64(s + k + 1) }
                    if k == y.count { f |= 1 << UInt64(s + k); st |= 1 << UInt64(s + k) }
                    else if s + k == L { st |= 1 << UInt64(L) }
                }
            }
            any.append(a); strict.append(st); full.append(f)
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
    @inline(__always) func stepAny(_ row: Int, _ set: UInt64) -> UInt64 { any.withUnsafeBufferPointer { Plan.step($0, row, set & ~acc) } }
    @inline(__always) func stepStrict(_ row: Int, _ set: UInt64) -> UInt64 { strict.withUnsafeBufferPointer { Plan.step($0, row, set & ~acc) } }
    @inline(__always) func stepFull(_ row: Int, _ set: UInt64) -> UInt64 { full.withUnsafeBufferPointer { Plan.step($0, row, set & ~acc) } }
}

/// The reference matcher: one envelope at a time, by definition. The index must agree with it
/// (a property test checks this); it also matches the few envelopes changed since the index
/// was built.
enum Reference {
    /// The best tier of one person field, and the symbol span [start, end) of that match.
    static func person(_ p: Plan, _ syms: [UInt16]) -> (MatchTier, Int, Int)? {
        guard p.L > 0, !syms.isEmpty else { return nil }
        var best: (MatchTier, Int, Int)? = nil
        // Anchored at the field's start: exact / prefix / initials.
        var a: UInt64 = 1, st: UInt64 = 1, f: UInt64 = 1
        for (k, s) in syms.enumerated() {
            let r = p.row(Int(s))
            a = p.stepAny(r, a); st = p.stepStrict(r, st); f = p.stepFull(r, f)
            if st & p.acc != 0 && (best == nil || best!.0 > .prefix) { best = (.prefix, 0, k + 1) }
            if a & p.acc != 0 && best == nil { best = (.initials, 0, k + 1) }
            if a & ~p.acc == 0 { break }
        }
        if best != nil {
            // exact: full readings to the end of the field
            var f2: UInt64 = 1
            for s in syms { f2 = p.stepFull(p.row(Int(s)), f2); if f2 == 0 { break } }
            if f2 & p.acc != 0 { return (.exact, 0, syms.count) }
            return best
        }
        // Anywhere else: the first start that matches.
        for start in 1..<syms.count {
            var u: UInt64 = 1
            for k in start..<syms.count {
                u = p.stepAny(p.row(Int(syms[k])), u)
                if u & p.acc != 0 { return (.substring, start, k + 1) }
                if u == 0 { break }
            }
        }
        return nil
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

    /// The best tier at which an envelope (as encoded fields) matches.
    static func tier(_ p: Plan, _ q: Query, persons: [[UInt16]], numbers: [[UInt8]]) -> MatchTier? {
        var best: MatchTier? = nil
        for f in persons { if let (t, _, _) = person(p, f), best == nil || t < best! { best = t; if t == .exact { return t } } }
        for k in numbers { if let (t, _, _) = number(q.number, k), best == nil || t < best! { best = t; if t == .exact { return t } } }
        return best
    }
}
