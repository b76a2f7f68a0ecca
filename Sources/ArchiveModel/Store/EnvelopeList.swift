import Foundation

/// The summaries the list starts from: a mapped summaries file (read in place, decoded when
/// asked) or, while the journal is folded from its start and until that file is written, an
/// array in memory.
final class SummaryBase: @unchecked Sendable {
    let file: SummaryFile?
    let array: [EnvelopeSummary]
    let count: Int
    private let lock = NSLock()
    private var idIndex: IDIndex? = nil

    /// Who can fold the journal again when this base is found damaged (the store).
    var repairer: Repairer?

    init(file: SummaryFile) {
        self.file = file
        array = []
        count = file.count
    }
    init(array: [EnvelopeSummary]) {
        file = nil
        self.array = array
        count = array.count
    }
    static let empty = SummaryBase(array: [])

    var isMapped: Bool { file != nil }
    var faulted: Bool { file?.map.faulted ?? false }

    /// After a fault the store is folded again from the journal; lists made from this base
    /// before then read the rebuilt list instead.
    var replacement: EnvelopeList? { faulted ? repairer?.freshSummaries : nil }

    @inline(__always) func summary(at i: Int) -> EnvelopeSummary {
        if let f = file { return f.summary(at: i) }
        return array[i]
    }

    func cabinet(at i: Int) -> String { file?.cabinet(at: i) ?? array[i].cabinet }

    func hasID(_ i: Int, _ id: String) -> Bool { file?.hasID(i, id) ?? (array[i].id == id) }

    /// Positions whose key in `table` (0 id, 1 number, 2 barcode, 3 room code) may be `key`
    /// (candidates: the caller compares the summary).
    func candidates(table t: Int, key: String) -> [Int] {
        if let f = file { return f.positions(table: t, hash: IDIndex.hash(key)) }
        if t == 0 {
            lock.lock()
            if idIndex == nil {
                var x = IDIndex()
                x.build(array)
                idIndex = x
            }
            let x = idIndex!
            lock.unlock()
            return x.find(key, array).map { [$0] } ?? []
        }
        var out: [Int] = []
        for (i, s) in array.enumerated() {
            switch t {
            case 1: if s.number == key { out.append(i) }
            case 2: if s.barcode == key { out.append(i) }
            default: if s.roomCode == key { out.append(i) }
            }
        }
        return out
    }
}

/// What changed since the base was written: summaries inserted (each placed before a base
/// position, its anchor), base positions removed, base summaries replaced in place. Small: the
/// store writes a new base when it grows (see ``ArchiveStore/saveCheckpoint()``).
struct SummaryOverlay: Sendable {
    struct Inserted: Sendable {
        var anchor: Int
        var summary: EnvelopeSummary
    }
    var inserted: [Inserted] = []
    var removed: [Int] = []
    var replaced: [Int: EnvelopeSummary] = [:]
    // Derived from the above after each change.
    var insertedAt: [Int] = []
    var insertedByID: [String: Int] = [:]
    var replacedByID: [String: Int] = [:]

    var isEmpty: Bool { inserted.isEmpty && removed.isEmpty && replaced.isEmpty }
    var size: Int { inserted.count + removed.count + replaced.count }

    /// Number of removed base positions below `b`.
    func removedBefore(_ b: Int) -> Int {
        var lo = 0
        var hi = removed.count
        while lo < hi {
            let m = (lo + hi) / 2
            if removed[m] < b { lo = m + 1 } else { hi = m }
        }
        return lo
    }
    func isRemoved(_ b: Int) -> Bool {
        let k = removedBefore(b)
        return k < removed.count && removed[k] == b
    }
    /// Number of inserted summaries placed before base position `b` or at it.
    func insertedUpTo(_ b: Int) -> Int {
        var lo = 0
        var hi = inserted.count
        while lo < hi {
            let m = (lo + hi) / 2
            if inserted[m].anchor <= b { lo = m + 1 } else { hi = m }
        }
        return lo
    }

    mutating func reindex() {
        insertedAt = inserted.enumerated().map { k, x in x.anchor - removedBefore(x.anchor) + k }
        insertedByID = [:]
        for (k, x) in inserted.enumerated() { insertedByID[x.summary.id] = k }
        replacedByID = [:]
        for (b, s) in replaced { replacedByID[s.id] = b }
    }
}

/// Every envelope's summary in filing order, as the store has it: a base (the mapped file) and
/// the changes since. A value: a copy taken by a view or a background thread stays as it was.
public struct EnvelopeList: RandomAccessCollection, Sendable, Equatable {
    /// A position in filing order, from 0.
    public typealias Index = Int
    /// One envelope's summary.
    public typealias Element = EnvelopeSummary
    var base: SummaryBase
    var overlay = SummaryOverlay()

    init(base: SummaryBase = .empty, overlay: SummaryOverlay = SummaryOverlay()) {
        self.base = base
        self.overlay = overlay
    }
    /// A list held in memory, of these summaries in the order given (taken to be filing order).
    public init(_ summaries: [EnvelopeSummary]) { base = SummaryBase(array: summaries) }

    /// Always 0.
    public var startIndex: Int { 0 }
    /// The number of envelopes: the base's, less those removed, plus those added since.
    public var endIndex: Int { base.count - overlay.removed.count + overlay.inserted.count }

    /// The same summaries in the same order, however each list holds them (file or memory, base or changes).
    public static func == (a: EnvelopeList, b: EnvelopeList) -> Bool { a.count == b.count && a.elementsEqual(b) }

    enum Place {
        case inserted(Int)
        case base(Int)
    }

    /// Where logical position `i` comes from.
    func place(_ i: Int) -> Place {
        var lo = 0
        var hi = overlay.insertedAt.count
        while lo < hi {
            let m = (lo + hi) / 2
            if overlay.insertedAt[m] < i { lo = m + 1 } else { hi = m }
        }
        if lo < overlay.insertedAt.count && overlay.insertedAt[lo] == i { return .inserted(lo) }
        // The r-th base position not removed.
        let r = i - lo
        var a = 0
        var b = overlay.removed.count
        while a < b {
            let m = (a + b) / 2
            if overlay.removed[m] - m <= r { a = m + 1 } else { b = m }
        }
        return .base(r + a)
    }

    /// Logical position of base position `b` (which is not removed).
    func position(ofBase b: Int) -> Int { b - overlay.removedBefore(b) + overlay.insertedUpTo(b) }

    /// Reads through `body`; when the base turns out damaged meanwhile and the store can fold
    /// the journal again now, reads again from what it rebuilt. Otherwise what was read stands
    /// until the store's next safe point (a change decided on it is refused by `commit`).
    @inline(__always) func reading<T>(_ body: (EnvelopeList) -> T) -> T {
        if let r = base.replacement { return body(r) }
        let v = body(self)
        if base.faulted, base.repairer?.repairNow() == true, let r = base.replacement { return body(r) }
        return v
    }

    /// The summary at filing position `i` (0..<count); when the base is damaged, a placeholder with `damaged` set.
    public subscript(i: Int) -> EnvelopeSummary {
        reading { l in
            guard l.base !== base else { return l.direct(i) }
            return i < l.count ? l[i] : SummaryCodec.unreadable(at: i)
        }
    }

    func direct(_ i: Int) -> EnvelopeSummary {
        precondition(i >= 0 && i < endIndex, "envelope index out of range")
        if overlay.isEmpty { return base.summary(at: i) }
        switch place(i) {
        case .inserted(let k): return overlay.inserted[k].summary
        case .base(let b): return overlay.replaced[b] ?? base.summary(at: b)
        }
    }

    /// The cabinet code at position `i`, without decoding the rest of the summary.
    func cabinet(at i: Int) -> String {
        reading { l in
            guard l.base === base else { return i < l.count ? l[i].cabinet : "" }
            if overlay.isEmpty { return base.cabinet(at: i) }
            switch place(i) {
            case .inserted(let k): return overlay.inserted[k].summary.cabinet
            case .base(let b): return overlay.replaced[b]?.cabinet ?? base.cabinet(at: b)
            }
        }
    }

    // MARK: Finding

    /// Position of an envelope by id (the first, should an id appear twice).
    func position(ofID id: String) -> Int? {
        reading { l in
            guard l.base === base else { return l.position(ofID: id) }
            if let k = overlay.insertedByID[id] { return overlay.insertedAt[k] }
            if let b = overlay.replacedByID[id] { return position(ofBase: b) }
            for b in base.candidates(table: 0, key: id).sorted() where !overlay.isRemoved(b) && base.hasID(b, id) {
                return position(ofBase: b)
            }
            return nil
        }
    }

    /// Positions of the envelopes whose `table` key (1 number, 2 barcode, 3 room code) is
    /// `key`, in filing order; `matches` confirms a candidate.
    func positions(table t: Int, key: String, _ matches: (EnvelopeSummary) -> Bool) -> [Int] {
        reading { l in
            guard l.base === base else { return l.positions(table: t, key: key, matches) }
            return basePositions(table: t, key: key, matches)
        }
    }

    private func basePositions(table t: Int, key: String, _ matches: (EnvelopeSummary) -> Bool) -> [Int] {
        var out: [Int] = []
        for (k, x) in overlay.inserted.enumerated() where matches(x.summary) { out.append(overlay.insertedAt[k]) }
        for (b, s) in overlay.replaced where matches(s) { out.append(position(ofBase: b)) }
        for b in base.candidates(table: t, key: key) where overlay.replaced[b] == nil && !overlay.isRemoved(b) {
            if matches(base.summary(at: b)) { out.append(position(ofBase: b)) }
        }
        return out.sorted()
    }

    // MARK: Changing (the store only)

    mutating func insert(_ s: EnvelopeSummary, at p: Int) {
        precondition(p >= 0 && p <= endIndex)
        if p == endIndex {
            overlay.inserted.append(.init(anchor: base.count, summary: s))
        } else {
            switch place(p) {
            case .inserted(let k): overlay.inserted.insert(.init(anchor: overlay.inserted[k].anchor, summary: s), at: k)
            case .base(let b): overlay.inserted.insert(.init(anchor: b, summary: s), at: overlay.insertedUpTo(b))
            }
        }
        overlay.reindex()
    }

    mutating func remove(at p: Int) {
        switch place(p) {
        case .inserted(let k): overlay.inserted.remove(at: k)
        case .base(let b):
            overlay.removed.insert(b, at: overlay.removedBefore(b))
            overlay.replaced[b] = nil
        }
        overlay.reindex()
    }

    mutating func replace(at p: Int, with s: EnvelopeSummary) {
        switch place(p) {
        case .inserted(let k): overlay.inserted[k].summary = s
        case .base(let b): overlay.replaced[b] = s
        }
        overlay.reindex()
    }

    /// The first position at which `pred` holds (the list must be partitioned by it).
    func partitionIndex(where pred: (Int) -> Bool) -> Int {
        var lo = 0
        var hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if pred(mid) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}

/// Folds the journal again for the store that owns a damaged derived file, when that is safe
/// right now: on the main thread, with no entries being folded and no change being decided.
final class Repairer: @unchecked Sendable {
    weak var store: ArchiveStore?
    init(_ store: ArchiveStore) { self.store = store }
    private let lock = NSLock()
    private var summaries: EnvelopeList? = nil
    private var history: LoanHistory? = nil

    /// What the last repair rebuilt: read by lists and registers taken from damaged files.
    var freshSummaries: EnvelopeList? {
        lock.lock()
        defer { lock.unlock() }
        return summaries
    }
    var freshHistory: LoanHistory? {
        lock.lock()
        defer { lock.unlock() }
        return history
    }
    func rebuilt(summaries s: EnvelopeList, history h: LoanHistory) {
        lock.lock()
        summaries = s
        history = h
        lock.unlock()
    }

    func repairNow() -> Bool {
        guard Thread.isMainThread, let s = store, s.folding == 0, !s.lock.isHeld else { return false }
        s.repairIfDamaged()
        return true
    }
}
