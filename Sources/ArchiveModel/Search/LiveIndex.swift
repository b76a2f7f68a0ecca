import Foundation

/// An envelope changed or added since the image was built: matched one at a time.
struct DeltaItem {
    var record: SearchRecord
    var persons: [(UInt8, [UInt16])]
    var numbers: [[UInt8]]
    var phones: [[UInt8]]
    var key: UInt64 = 0

    init(_ r: SearchRecord, symbols: SymbolTable) {
        record = r
        persons = r.persons.map { kind, t in
            var u: [UInt16] = []
            symbols.encodePerson(t, into: &u)
            return (kind.rankClass, u)
        }
        numbers = r.numbers.map { SymbolTable.numberKey($0.1) }
        phones = r.phones.map(PhoneKey.digits)
    }
}

/// The image plus what changed since it was built: image slots that are no longer current
/// ("dead") and the changed envelopes themselves. This is what a query runs against.
final class LiveIndex: @unchecked Sendable {
    let base: BaseIndex
    let symbols: SymbolTable
    var items: [String: DeltaItem] = [:]
    var dead: [UInt64]
    var deadCount = 0
    /// The journal state this reflects.
    var head: JournalHead
    let scratch: QueryScratch
    var keysDirty = false
    var itemByKey: [UInt64: String] = [:]

    init(base: BaseIndex) {
        self.base = base
        symbols = base.symbolTable()
        dead = [UInt64](repeating: 0, count: base.n / 64 + 1)
        head = base.head
        scratch = QueryScratch(n: base.n)
    }

    var changeCount: Int { items.count + deadCount }
    /// Worth a new image: the changes matched one by one would cost more than they save.
    var tooManyChanges: Bool { changeCount > max(2000, base.n / 20) }

    func isDead(_ s: Int) -> Bool { dead[s >> 6] & (1 << UInt64(s & 63)) != 0 }
    func setDead(_ s: Int, _ on: Bool) {
        let bit: UInt64 = 1 << UInt64(s & 63)
        if on && !isDead(s) {
            dead[s >> 6] |= bit
            deadCount += 1
        }
        if !on && isDead(s) {
            dead[s >> 6] &= ~bit
            deadCount -= 1
        }
    }

    /// An envelope as it is now (changed, moved or new).
    func upsert(_ r: SearchRecord) {
        if let s = base.slot(ofID: r.id) {
            if base.record(s) == r {
                setDead(s, false)
                if items.removeValue(forKey: r.id) != nil { keysDirty = true }
                return
            }
            setDead(s, true)
        }
        items[r.id] = DeltaItem(r, symbols: symbols)
        keysDirty = true
    }

    func remove(id: String) {
        if let s = base.slot(ofID: id) { setDead(s, true) }
        if items.removeValue(forKey: id) != nil { keysDirty = true }
    }

    /// Places changed envelopes in filing order among the image's slots.
    func rekey() {
        guard keysDirty else { return }
        keysDirty = false
        let rank = base.cabinetRank
        var byPoint: [Int: [String]] = [:]
        for (id, it) in items {
            var lo = 0
            var hi = base.n
            while lo < hi {
                let m = (lo + hi) / 2
                if let r = base.record(m), SearchRecord.filingLess(r, it.record, cabinetOrder: rank) || r == it.record {
                    lo = m + 1
                } else {
                    hi = m
                }
            }
            byPoint[lo, default: []].append(id)
        }
        itemByKey = [:]
        for (p, ids) in byPoint {
            let sorted = ids.sorted {
                SearchRecord.filingLess(items[$0]!.record, items[$1]!.record, cabinetOrder: rank)
            }
            for (k, id) in sorted.enumerated() {
                let key = UInt64(p) << 20 | UInt64(min(k, 0xFFFFE))
                items[id]!.key = key
                itemByKey[key] = id
            }
        }
    }

    /// Runs a query: the image's trie and token tables, the changed envelopes one by one.
    /// `phones`: the operator's role may see phone numbers, so they are searched too.
    func query(_ text: String, limit: Int, phones: Bool = false) -> (hits: [(RankedHit, SearchRecord)], total: Int) {
        let q = Query(text, phones: phones)
        return query(q, plan: Plan(q.units, symbols: symbols), limit: limit)
    }

    /// A hit with the field that matched best and the characters to highlight.
    struct Found {
        let hit: RankedHit
        let record: SearchRecord
        let field: String
        let text: String
        let ranges: [Range<Int>]
    }

    /// The best `limit` hits of a query, highlighted, and the total.
    func search(_ text: String, limit: Int, phones: Bool = false) -> (found: [Found], total: Int) {
        let q = Query(text, phones: phones)
        let plan = Plan(q.units, symbols: symbols)
        let (hits, total) = query(q, plan: plan, limit: limit)
        let found = hits.map { h, r -> Found in
            let (f, t, rg) = highlight(r, q, plan, tier: h.tier, rankClass: h.rankClass)
            return Found(hit: h, record: r, field: f, text: t, ranges: rg)
        }
        return (found, total)
    }

    func query(_ q: Query, plan: Plan, limit: Int) -> (hits: [(RankedHit, SearchRecord)], total: Int) {
        guard !q.isEmpty else { return ([], 0) }
        rekey()
        var extra: [ExtraHit] = []
        for it in items.values {
            if let (t, c) = Reference.rank(plan, q, persons: it.persons, numbers: it.numbers, phones: it.phones) {
                extra.append(ExtraHit(key: BaseIndex.classed(it.key, c), tier: t))
            }
        }
        let (ranked, total) = base.query(
            q, plan: plan, limit: limit, dead: deadCount > 0 ? dead : nil, extra: extra, scratch: scratch)
        var out: [(RankedHit, SearchRecord)] = []
        for h in ranked {
            if let s = BaseIndex.slot(ofKey: h.key) {
                if let r = base.record(s) { out.append((h, r)) }
            } else if let id = itemByKey[h.key], let it = items[id] {
                out.append((h, it.record))
            }
        }
        return (out, total)
    }

    /// The field that matched best and the characters to highlight. Fields are tried in rank
    /// order (owner, the envelope's numbers and phones, co-owners, tenants); `tier` and
    /// `rankClass`, when known, end the look at the first field that reaches them.
    func highlight(
        _ r: SearchRecord, _ q: Query, _ plan: Plan, tier known: MatchTier? = nil, rankClass knownClass: UInt8 = 0
    )
        -> (String, String, [Range<Int>])
    {
        var best: (MatchTier, UInt8, String, String, [Range<Int>])? = nil
        func done() -> Bool {
            guard let b = best, let k = known else { return false }
            return (b.0, b.1) <= (k, knownClass)
        }
        func better(_ t: MatchTier, _ c: UInt8) -> Bool { best == nil || (t, c) < (best!.0, best!.1) }
        func person(_ kind: FieldKind, _ t: String) {
            guard plan.queryLength > 0, !done() else { return }
            var u: [UInt16] = []
            var offs: [Int] = []
            symbols.encodePerson(t, into: &u, offsets: &offs)
            guard let (tier, a, b) = Reference.person(plan, u), better(tier, kind.rankClass) else { return }
            let chars = LiveIndex.characterOffsets(t)
            best = (tier, kind.rankClass, kind.name, t, [chars[offs[a]]..<(chars[offs[b - 1]] + 1)])
        }
        person(.owner, r.owner)
        for (kind, t) in r.numbers where !q.number.isEmpty {
            if done() { break }
            let key = SymbolTable.numberKey(t)
            guard let (tier, a, b) = Reference.number(q.number, key), better(tier, 0) else { continue }
            // key bytes → characters of the text
            var lo = -1
            var hi = -1
            var pos = 0
            for (ci, ch) in t.enumerated() {
                let w = SymbolTable.numberKey(String(ch)).count
                if w > 0 && pos < b && pos + w > a {
                    if lo < 0 { lo = ci }
                    hi = ci + 1
                }
                pos += w
            }
            best = (tier, 0, kind.name, t, lo >= 0 ? [lo..<hi] : [])
        }
        for t in r.phones where q.phone != nil {
            if done() { break }
            guard let (tier, n) = Reference.phone(q.phone, PhoneKey.digits(t)), better(tier, 0) else { continue }
            // the last n digits of the text
            var lo = t.count
            var seen = 0
            for (ci, ch) in t.enumerated().reversed() where seen < n {
                if ch.isASCII && ch.isNumber {
                    seen += 1
                    lo = ci
                }
            }
            best = (tier, 0, FieldKind.phone.name, t, [lo..<t.count])
        }
        for c in r.coOwners { person(.coOwner, c) }
        for t in r.tenants { person(.tenant, t) }
        guard let b = best else { return ("owner", r.owner, []) }
        return (b.2, b.3, b.4)
    }

    /// Character offset of every scalar offset of `t` (one past the end included).
    static func characterOffsets(_ t: String) -> [Int] {
        var out: [Int] = []
        var ci = 0
        for ch in t {
            for _ in ch.unicodeScalars { out.append(ci) }
            ci += 1
        }
        out.append(ci)
        return out
    }

    // MARK: The delta file

    static let deltaMagic: UInt32 = 0x4453_4744  // "DGSD"

    func deltaBytes() -> [UInt8] {
        var w = BinWriter()
        w.u32(LiveIndex.deltaMagic)
        w.u32(BaseIndex.formatVersion)
        w.u64(base.buildID)
        head.write(to: &w)
        var deadSlots: [UInt32] = []
        for (wi, word) in dead.enumerated() where word != 0 {
            for b in 0..<64 where word & (1 << UInt64(b)) != 0 { deadSlots.append(UInt32(wi * 64 + b)) }
        }
        w.u32(UInt32(deadSlots.count))
        for s in deadSlots { w.u32(s) }
        w.u32(UInt32(items.count))
        for it in items.values.sorted(by: { $0.record.id < $1.record.id }) {
            var rec: [UInt8] = []
            it.record.append(to: &rec)
            w.blob(rec)
        }
        w.u64(cacheChecksum(w.bytes[...]))
        return w.bytes
    }

    /// Applies a delta file written for this image; false (and nothing applied) otherwise.
    func applyDelta(_ bytes: [UInt8]) -> Bool {
        guard bytes.count > 16 else { return false }
        var tail = BinReader(bytes)
        tail.pos = bytes.count - 8
        guard let sum = try? tail.u64(), sum == cacheChecksum(bytes.dropLast(8)) else { return false }
        var r = BinReader(bytes, end: bytes.count - 8)
        do {
            guard try r.u32() == LiveIndex.deltaMagic, try r.u32() == BaseIndex.formatVersion,
                try r.u64() == base.buildID
            else { return false }
            let h = try JournalHead.read(&r)
            let nd = Int(try r.u32())
            guard nd <= base.n else { return false }
            var deadSlots: [Int] = []
            for _ in 0..<nd {
                let s = Int(try r.u32())
                guard s < base.n else { return false }
                deadSlots.append(s)
            }
            let ni = Int(try r.u32())
            guard ni <= (r.end - r.pos) else { return false }
            var recs: [SearchRecord] = []
            for _ in 0..<ni {
                let b = try r.blob()
                guard
                    let rec = b.withUnsafeBufferPointer({ p -> SearchRecord? in
                        var rr = RecReader(p, 0, p.count)
                        return EnvelopeCard.read(&rr)
                    })
                else { return false }
                recs.append(rec)
            }
            for s in deadSlots { setDead(s, true) }
            for rec in recs { upsert(rec) }
            head = h
            return true
        } catch { return false }
    }
}
