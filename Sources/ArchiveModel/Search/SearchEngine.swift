import Foundation

/// Owner search over an open archive: `/` in the UI and `dangan search`. The index is loaded
/// from `.dangan/` when it is there and current, built (and saved) otherwise, and then follows
/// the archive in place: loans and returns leave it alone, each changed envelope is re-read.
public final class SearchEngine: @unchecked Sendable {
    /// How many results the UI asks for per keystroke (more than a screen; the total is shown).
    public static let pageSize = 100
    /// The open archive whose envelopes are searched.
    public let store: ArchiveStore
    let persist: Bool
    var live: LiveIndex?
    var synced = -1
    /// How many times the image was built, loaded from disk, and envelope changes applied.
    public private(set) var builds = 0
    /// How many times the index was loaded from `.dangan/` (see `builds`).
    public private(set) var loads = 0
    /// How many times changed envelopes were applied to the index (see `builds`).
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
        self.store = store
        self.persist = persist
        self.progress = progress
    }

    /// Loads or builds the index on another thread, so that the first `/` finds it ready.
    public func prepareInBackground() {
        guard live == nil, pending == nil else { return }
        let snapshot = store.envelopes
        let g = store.summaryGeneration
        let head = store.head
        let epoch = store.epoch
        let cabinets = store.cabinets.map { $0.code }
        let root = store.root
        let persist = self.persist
        let progress = self.progress
        let work = DispatchWorkItem { [weak self] in
            var result: (LiveIndex, Int, Bool)? = nil
            if persist, let l = SearchFiles.load(root: root), l.base.epoch == epoch { result = (l, g, true) }
            var built: FlatImage? = nil
            if result == nil {
                let img = BaseIndex.build(
                    records: snapshot.map(SearchRecord.init), cabinetOrder: cabinets, head: head, epoch: epoch,
                    progress: progress)
                progress?.finish()
                if let b = try? BaseIndex(image: img, trusted: true) {
                    result = (LiveIndex(base: b), g, false)
                    built = img
                }
            }
            guard let self else { return }
            self.lock.lock()
            self.pendingResult = result
            self.lock.unlock()
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
            lock.lock()
            let r = pendingResult
            pendingResult = nil
            lock.unlock()
            if let (l, g, loaded) = r {
                if loaded {
                    if catchUp(l) {
                        live = l
                        synced = store.summaryGeneration
                        loads += 1
                    }
                } else {
                    live = l
                    synced = g
                    builds += 1
                }
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
            live = l
            synced = g
            loads += 1
            if !l.tooManyChanges { return }
        }
        build()
    }

    /// Brings a loaded index up to the store's journal state; false when it cannot be.
    func catchUp(_ l: LiveIndex) -> Bool {
        guard l.base.epoch == store.epoch, store.head.covers(l.head) else { return false }
        if l.head == store.head { return true }
        guard
            let (envs, reorder, h) = JournalHead.changes(
                root: store.root, after: l.head, upTo: store.head, coding: store.coding),
            !reorder, h == store.head
        else { return false }
        for id in envs.keys { if let s = store.summary(id: id) { l.upsert(SearchRecord(s)) } else { l.remove(id: id) } }
        l.head = store.head
        if persist { SearchFiles.writeDelta(l, root: store.root) }
        return true
    }

    /// Saves an image on another thread: the index answers at once; `flush` waits for the file.
    func save(_ img: FlatImage) {
        let root = store.root
        let work = DispatchWorkItem { SearchFiles.writeBase(img, root: root) }
        lock.lock()
        pendingSaves.append(work)
        lock.unlock()
        DispatchQueue.global(qos: .utility).async(execute: work)
    }
    private var pendingSaves: [DispatchWorkItem] = []

    /// Waits until every index built by this engine is saved (before a command ends).
    public func flush() {
        lock.lock()
        let saves = pendingSaves
        pendingSaves = []
        lock.unlock()
        for s in saves { s.wait() }
    }

    /// Loads the saved index as a new process would (benchmarks); false if it is not usable.
    public func loadSaved() -> Bool {
        guard let l = SearchFiles.load(root: store.root), l.base.epoch == store.epoch, catchUp(l) else { return false }
        live = l
        synced = store.summaryGeneration
        loads += 1
        return true
    }

    /// Builds the index from the store's summaries and saves it (benchmarks, and when stale).
    public func rebuild() { build() }

    /// Size of the saved index in bytes (0 when there is none).
    public var imageSize: Int { live?.base.image.size ?? 0 }

    func build() {
        let img = BaseIndex.build(
            records: store.envelopes.map(SearchRecord.init), cabinetOrder: store.cabinets.map { $0.code },
            head: store.head, epoch: store.epoch, progress: progress)
        progress?.finish()
        guard let b = try? BaseIndex(image: img, trusted: true) else {
            live = nil
            return
        }
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
            if let slot, slot < envs.count, envs[slot].id == f.record.id {
                i = slot
            } else if let j = store.index(ofEnvelope: f.record.id) {
                i = j
            } else {
                continue
            }
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
