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
        persons = r.persons.map { kind, t in var u: [UInt16] = []; symbols.encodePerson(t, into: &u); return (kind.rankClass, u) }
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
        if on && !isDead(s) { dead[s >> 6] |= bit; deadCount += 1 }
        if !on && isDead(s) { dead[s >> 6] &= ~bit; deadCount -= 1 }
    }

    /// An envelope as it is now (changed, moved or new).
    func upsert(_ r: SearchRecord) {
        if let s = base.slot(ofID: r.id) {
            if base.record(s) == r { setDead(s, false); if items.removeValue(forKey: r.id) != nil { keysDirty = true }; return }
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
            var lo = 0, hi = base.n
            while lo < hi {
                let m = (lo + hi) / 2
                if let r = base.record(m), SearchRecord.filingLess(r, it.record, cabinetOrder: rank) || r == it.record { lo = m + 1 } else { hi = m }
            }
            byPoint[lo, default: []].append(id)
        }
        itemByKey = [:]
        for (p, ids) in byPoint {
            let sorted = ids.sorted { SearchRecord.filingLess(items[$0]!.record, items[$1]!.record, cabinetOrder: rank) }
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
    struct Found { let hit: RankedHit; let record: SearchRecord; let field: String; let text: String; let ranges: [Range<Int>] }

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
        let (ranked, total) = base.query(q, plan: plan, limit: limit, dead: deadCount > 0 ? dead : nil, extra: extra, scratch: scratch)
        var out: [(RankedHit, SearchRecord)] = []
        for h in ranked {
            if let s = BaseIndex.slot(ofKey: h.key) { if let r = base.record(s) { out.append((h, r)) } }
            else if let id = itemByKey[h.key], let it = items[id] { out.append((h, it.record)) }
        }
        return (out, total)
    }

    /// The field that matched best and the characters to highlight. Fields are tried in rank
    /// order (owner, the envelope's numbers and phones, co-owners, tenants); `tier` and
    /// `rankClass`, when known, end the look at the first field that reaches them.
    func highlight(_ r: SearchRecord, _ q: Query, _ plan: Plan, tier known: MatchTier? = nil, rankClass knownClass: UInt8 = 0)
        -> (String, String, [Range<Int>]) {
        var best: (MatchTier, UInt8, String, String, [Range<Int>])? = nil
        func done() -> Bool {
            guard let b = best, let k = known else { return false }
            return (b.0, b.1) <= (k, knownClass)
        }
        func better(_ t: MatchTier, _ c: UInt8) -> Bool { best == nil || (t, c) < (best!.0, best!.1) }
        func person(_ kind: FieldKind, _ t: String) {
            guard plan.L > 0, !done() else { return }
            var u: [UInt16] = [], offs: [Int] = []
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
            var lo = -1, hi = -1, pos = 0
            for (ci, ch) in t.enumerated() {
                let w = SymbolTable.numberKey(String(ch)).count
                if w > 0 && pos < b && pos + w > a { if lo < 0 { lo = ci }; hi = ci + 1 }
                pos += w
            }
            best = (tier, 0, kind.name, t, lo >= 0 ? [lo..<hi] : [])
        }
        for t in r.phones where q.phone != nil {
            if done() { break }
            guard let (tier, n) = Reference.phone(q.phone, PhoneKey.digits(t)), better(tier, 0) else { continue }
            // the last n digits of the text
            var lo = t.count, seen = 0
            for (ci, ch) in t.enumerated().reversed() where seen < n { if ch.isASCII && ch.isNumber { seen += 1; lo = ci } }
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
        for ch in t { for _ in ch.unicodeScalars { out.append(ci) }; ci += 1 }
        out.append(ci)
        return out
    }

    // MARK: The delta file

    static let deltaMagic: UInt32 = 0x4453_4744 // "DGSD"

    func deltaBytes() -> [UInt8] {
        var w = BinWriter()
        w.u32(LiveIndex.deltaMagic); w.u32(BaseIndex.formatVersion); w.u64(base.buildID)
        head.write(to: &w)
        var deadSlots: [UInt32] = []
        for (wi, word) in dead.enumerated() where word != 0 {
            for b in 0..<64 where word & (1 << UInt64(b)) != 0 { deadSlots.append(UInt32(wi * 64 + b)) }
        }
        w.u32(UInt32(deadSlots.count)); for s in deadSlots { w.u32(s) }
        w.u32(UInt32(items.count))
        for it in items.values.sorted(by: { $0.record.id < $1.record.id }) {
            var rec: [UInt8] = []
            BaseIndex.appendRecord(it.record, to: &rec)
            w.blob(rec)
        }
        w.u64(cacheChecksum(w.bytes[...]))
        return w.bytes
    }

    /// Applies a delta file written for this image; false (and nothing applied) otherwise.
    func applyDelta(_ bytes: [UInt8]) -> Bool {
        guard bytes.count > 16 else { return false }
        var tail = BinReader(bytes); tail.pos = bytes.count - 8
        guard let sum = try? tail.u64(), sum == cacheChecksum(bytes.dropLast(8)) else { return false }
        var r = BinReader(bytes, end: bytes.count - 8)
        do {
            guard try r.u32() == LiveIndex.deltaMagic, try r.u32() == BaseIndex.formatVersion, try r.u64() == base.buildID else { return false }
            let h = try JournalHead.read(&r)
            let nd = Int(try r.u32())
            guard nd <= base.n else { return false }
            var deadSlots: [Int] = []
            for _ in 0..<nd { let s = Int(try r.u32()); guard s < base.n else { return false }; deadSlots.append(s) }
            let ni = Int(try r.u32())
            guard ni <= (r.end - r.pos) else { return false }
            var recs: [SearchRecord] = []
            for _ in 0..<ni {
                let b = try r.blob()
                guard let rec = b.withUnsafeBufferPointer({ p -> SearchRecord? in
                    var rr = RecReader(p, 0, p.count)
                    return BaseIndex.readRecord(&rr)
                }) else { return false }
                recs.append(rec)
            }
            for s in deadSlots { setDead(s, true) }
            for rec in recs { upsert(rec) }
            head = h
            return true
        } catch { return false }
    }
}

/// The index's files in `.dangan/` and how they are kept true to the journal.
///
/// `search.v1` is the image, built for one journal state and one scan epoch of the archive (a
/// full scan starts a new epoch: after it nothing derived earlier is trusted). `search.v1.delta`
/// records the envelopes changed since, as of a later journal state. A reader takes both, then
/// reads the journal entries written after that state and applies the envelope changes among
/// them. Loans and returns change nothing that is searched; a new or changed cabinet changes
/// the filing order, and the image is built again.
public enum SearchFiles {
    static let baseName = ".dangan/search.v1"
    static let deltaName = ".dangan/search.v1.delta"

    /// The image and delta on disk, or nil when missing, damaged or built by other tables.
    static func load(root: String) -> LiveIndex? {
        guard let img = FlatImage(mapping: root + "/" + baseName), let base = try? BaseIndex(image: img) else { return nil }
        let live = LiveIndex(base: base)
        if case .ok(let d) = DurableIO.read(root + "/" + deltaName) { _ = live.applyDelta(d) }
        return live
    }

    static func writeBase(_ img: FlatImage, root: String) {
        try? DurableIO.makeDirs(root + "/" + ArchiveStore.cacheDir, durable: false)
        removeStaleTemporaries(root: root)
        // Derived data: atomic, no fsync (a lost index is built again).
        try? DurableIO.writeAtomic(root + "/" + baseName, UnsafeRawBufferPointer(start: img.base, count: img.size), durable: false)
        DurableIO.remove(root + "/" + deltaName)
    }

    /// A process that ended while writing the image (the UI quit during a background build)
    /// leaves its temporary file: removed here once its writer is gone.
    static func removeStaleTemporaries(root: String) {
        let dir = root + "/" + ArchiveStore.cacheDir
        for f in DurableIO.list(dir) ?? [] where f.hasPrefix(".search.v1") && f.contains(".tmp-") {
            let parts = f.components(separatedBy: ".tmp-")
            guard parts.count == 2, let pid = Int32(parts[1].split(separator: "-").first ?? "") else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH { DurableIO.remove(dir + "/" + f) }
        }
    }

    static func writeDelta(_ live: LiveIndex, root: String) {
        try? DurableIO.writeAtomic(root + "/" + deltaName, live.deltaBytes(), durable: false)
    }
}

/// Owner search over an open archive: `/` in the UI and `dangan search`. The index is loaded
/// from `.dangan/` when it is there and current, built (and saved) otherwise, and then follows
/// the archive in place: loans and returns leave it alone, each changed envelope is re-read.
public final class SearchEngine: @unchecked Sendable {
    /// How many results the UI asks for per keystroke (more than a screen; the total is shown).
    public static let pageSize = 100
    public let store: ArchiveStore
    let persist: Bool
    var live: LiveIndex?
    var synced = -1
    /// How many times the image was built, loaded from disk, and envelope changes applied.
    public private(set) var builds = 0
    public private(set) var loads = 0
    public private(set) var updates = 0
    /// Work started in the background (`prepareInBackground`), picked up by the next query.
    private var pending: DispatchWorkItem? = nil
    private var pendingResult: (LiveIndex, Int, Bool)? = nil
    private let lock = NSLock()

    /// Follows a build of the index (not a load): records through the build's three parts.
    /// The UI shows it in its status line; `dangan search` on a terminal as a meter.
    public var progress: WorkProgress?

    /// `persist: false` never reads or writes the files (tests that compare with a fresh build).
    public init(store: ArchiveStore, persist: Bool = true, progress: WorkProgress? = nil) {
        self.store = store; self.persist = persist; self.progress = progress
    }

    /// Loads or builds the index on another thread, so that the first `/` finds it ready.
    public func prepareInBackground() {
        guard live == nil, pending == nil else { return }
        let snapshot = store.envelopes, g = store.summaryGeneration, head = store.head, epoch = store.epoch
        let cabinets = store.cabinets.map { $0.code }, root = store.root, persist = self.persist, progress = self.progress
        let work = DispatchWorkItem { [weak self] in
            var result: (LiveIndex, Int, Bool)? = nil
            if persist, let l = SearchFiles.load(root: root), l.base.epoch == epoch { result = (l, g, true) }
            var built: FlatImage? = nil
            if result == nil {
                let img = BaseIndex.build(records: snapshot.map(SearchRecord.init), cabinetOrder: cabinets, head: head, epoch: epoch, progress: progress)
                progress?.finish()
                if let b = try? BaseIndex(image: img, trusted: true) { result = (LiveIndex(base: b), g, false); built = img }
            }
            guard let self else { return }
            self.lock.lock(); self.pendingResult = result; self.lock.unlock()
            if persist, let built { self.save(built) }
        }
        pending = work
        DispatchQueue.global(qos: .userInitiated).async(execute: work)
    }

    /// Makes the index current with the store.
    public func prepare() {
        if let p = pending {
            p.wait()
            pending = nil
            lock.lock(); let r = pendingResult; pendingResult = nil; lock.unlock()
            if let (l, g, loaded) = r {
                if loaded { if catchUp(l) { live = l; synced = store.summaryGeneration; loads += 1 } }
                else { live = l; synced = g; builds += 1 }
            }
        }
        let g = store.summaryGeneration
        if let l = live, synced == g, l.base.epoch == store.epoch { return }
        if let l = live, synced >= 0, l.base.epoch == store.epoch, let changes = store.summaryChanges(since: synced) {
            var ids: [String] = []
            for c in changes {
                switch c {
                case .insert(_, let s), .replace(_, let s): ids.append(s.id)
                case .remove(_, let id): ids.append(id)
                }
            }
            for id in ids { if let s = store.summary(id: id) { l.upsert(SearchRecord(s)) } else { l.remove(id: id) } }
            updates += changes.count
            synced = g
            l.head = store.head
            if !l.tooManyChanges {
                if persist && !changes.isEmpty { SearchFiles.writeDelta(l, root: store.root) }
                return
            }
        }
        if persist, let l = SearchFiles.load(root: store.root), l.base.epoch == store.epoch, catchUp(l) {
            live = l; synced = g; loads += 1
            if !l.tooManyChanges { return }
        }
        build()
    }

    /// Brings a loaded index up to the store's journal state; false when it cannot be.
    func catchUp(_ l: LiveIndex) -> Bool {
        guard l.base.epoch == store.epoch, store.head.covers(l.head) else { return false }
        if l.head == store.head { return true }
        guard let (envs, reorder, h) = JournalHead.changes(root: store.root, after: l.head, upTo: store.head, coding: store.coding),
              !reorder, h == store.head else { return false }
        for id in envs.keys { if let s = store.summary(id: id) { l.upsert(SearchRecord(s)) } else { l.remove(id: id) } }
        l.head = store.head
        if persist { SearchFiles.writeDelta(l, root: store.root) }
        return true
    }

    /// Saves an image on another thread: the index answers at once; `flush` waits for the file.
    func save(_ img: FlatImage) {
        let root = store.root
        let work = DispatchWorkItem { SearchFiles.writeBase(img, root: root) }
        lock.lock(); pendingSaves.append(work); lock.unlock()
        DispatchQueue.global(qos: .utility).async(execute: work)
    }
    private var pendingSaves: [DispatchWorkItem] = []

    /// Waits until every index built by this engine is saved (before a command ends).
    public func flush() {
        lock.lock(); let saves = pendingSaves; pendingSaves = []; lock.unlock()
        for s in saves { s.wait() }
    }

    /// Loads the saved index as a new process would (benchmarks); false if it is not usable.
    public func loadSaved() -> Bool {
        guard let l = SearchFiles.load(root: store.root), l.base.epoch == store.epoch, catchUp(l) else { return false }
        live = l; synced = store.summaryGeneration; loads += 1
        return true
    }

    /// Builds the index from the store's summaries and saves it (benchmarks, and when stale).
    public func rebuild() { build() }

    /// Size of the saved index in bytes (0 when there is none).
    public var imageSize: Int { live?.base.image.size ?? 0 }

    func build() {
        let img = BaseIndex.build(records: store.envelopes.map(SearchRecord.init), cabinetOrder: store.cabinets.map { $0.code },
                                  head: store.head, epoch: store.epoch, progress: progress)
        progress?.finish()
        guard let b = try? BaseIndex(image: img, trusted: true) else { live = nil; return }
        if persist { save(img) }
        live = LiveIndex(base: b)
        synced = store.summaryGeneration
        builds += 1
    }

    /// Phone numbers are searched only for an operator whose role may see them.
    var searchesPhones: Bool { Mask.mayRevealPersonalNumbers(store) }

    /// The best `limit` results: tier first, then owners before co-owners before tenants, then
    /// filing order; with highlight ranges.
    public func search(_ query: String, limit: Int) -> SearchResults {
        prepare()
        guard let l = live else { return SearchResults(hits: [], total: 0) }
        let (found, total) = l.search(query, limit: limit, phones: searchesPhones)
        var out: [SearchHit] = []
        let envs = store.envelopes
        for f in found {
            // An image slot is the envelope's place in the filing order when the image was
            // built; while nothing moved since, that is its place now (checked by id).
            let slot = BaseIndex.slot(ofKey: f.hit.key)
            let i: Int
            if let slot, slot < envs.count, envs[slot].id == f.record.id { i = slot }
            else if let j = store.index(ofEnvelope: f.record.id) { i = j } else { continue }
            out.append(SearchHit(index: i, tier: f.hit.tier, fieldName: f.field, text: f.text, ranges: f.ranges))
        }
        return SearchResults(hits: out, total: total)
    }

    /// Every match with its tier and rank class (0 owner or numbers, 1 co-owner, 2 tenant), in
    /// filing order (for tests and tools).
    public func matches(_ query: String) -> [(UInt32, MatchTier, UInt8)] {
        prepare()
        guard let l = live else { return [] }
        return l.query(query, limit: Int.max, phones: searchesPhones).hits
            .compactMap { h, r in store.index(ofEnvelope: r.id).map { (UInt32($0), h.tier, h.rankClass) } }
            .sorted { $0.0 < $1.0 }
    }

    /// The reference matcher over every envelope: what the index must answer (tests).
    public func referenceMatches(_ query: String) -> [(UInt32, MatchTier, UInt8)] {
        let q = Query(query, phones: searchesPhones)
        guard !q.isEmpty else { return [] }
        let symbols = SymbolTable()
        let plan = Plan(q.units, symbols: symbols)
        var out: [(UInt32, MatchTier, UInt8)] = []
        for (i, s) in store.envelopes.enumerated() {
            let it = DeltaItem(SearchRecord(s), symbols: symbols)
            if let (t, c) = Reference.rank(plan, q, persons: it.persons, numbers: it.numbers, phones: it.phones) {
                out.append((UInt32(i), t, c))
            }
        }
        return out
    }
}

/// `dangan search` without opening the archive: the saved index, checked against the cache's
/// scan epoch and caught up from the journal. Nil means "open the archive instead" (no index
/// yet, a rescan is due, or the filing order changed).
public enum QuickSearch {
    public struct Hit: Sendable {
        public var record: SearchRecord
        public var tier: MatchTier
        public var fieldName: String
        public var text: String
        public var ranges: [Range<Int>]
    }

    public static func search(root: String, query: String, limit: Int) -> (hits: [Hit], total: Int)? {
        guard let cache = ArchiveStore.cacheHeader(root: root), cache.stamp == ArchiveStore.treeStamp(root: root) else { return nil }
        guard let live = SearchFiles.load(root: root), live.base.epoch == cache.epoch else { return nil }
        let tz: String
        let phones: Bool
        if case .ok(let b) = DurableIO.read(root + "/archive.json"),
           let info = try? JSONCoding.decoder(TimeFormat(identifier: "Asia/Shanghai")).decode(ArchiveInfo.self, from: Data(b)) {
            tz = info.settings.timeZone
            // The operator as a full open would name them (settings, else the OS user).
            phones = Mask.mayRevealPersonalNumbers(info.settings, operator: info.settings.operator.isEmpty ? ArchiveStore.osUser() : info.settings.operator)
        } else { return nil }
        guard let (envs, reorder, h) = JournalHead.changes(root: root, after: live.head, upTo: nil, coding: RecordCoding(TimeFormat(identifier: tz))),
              !reorder else { return nil }
        for (id, e) in envs {
            if let e { live.upsert(SearchRecord(EnvelopeSummary(envelope: e, missing: 0))) } else { live.remove(id: id) }
        }
        if h != live.head {
            live.head = h
            if live.tooManyChanges { return nil }
            SearchFiles.writeDelta(live, root: root) // the next search starts from here
        }
        let (found, total) = live.search(query, limit: limit, phones: phones)
        return (found.map { Hit(record: $0.record, tier: $0.hit.tier, fieldName: $0.field, text: $0.text, ranges: $0.ranges) }, total)
    }
}
