import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A change of the list of envelope summaries, by position in filing order.
public enum SummaryChange: Sendable {
    case insert(Int, EnvelopeSummary)
    case remove(Int, String)
    case replace(Int, EnvelopeSummary)
}

/// What the first screen and the search need about an envelope, without reading its file.
public struct EnvelopeSummary: Sendable, Equatable {
    public var id: String
    public var number: String
    public var barcode: String
    public var cabinet: String
    public var building: String
    public var floor: String
    public var unit: String
    public var owner: String
    public var coOwners: [String]
    public var tenants: [String]
    /// Contact phones: searched (for roles that may see them) without reading every file.
    public var phones: [String] = []
    public var status: EnvelopeStatus
    public var documentCount: Int
    /// Number of checklist kinds missing from the envelope.
    public var missing: Int
    /// Set when the envelope's file cannot be read: the parser's message.
    public var damaged: String?
    /// Originals and copies in the envelope (stored state 在袋, whether or not on loan): the
    /// monthly statistics count from these without reading every file.
    public var originals: Int = 0
    public var copies: Int = 0

    public var location: Location { Location(cabinet: cabinet, building: building, floor: floor, unit: unit) }
    public var roomCode: String { "\(building)-\(unit)" }
    public var relativePath: String { ArchiveStore.envelopeRelativePath(cabinet: cabinet, building: building, floor: floor, unit: unit, id: id) }

    init(envelope e: Envelope, missing: Int) {
        id = e.id; number = e.number; barcode = e.barcode; cabinet = e.cabinet; building = e.building; floor = e.floor
        unit = e.unit; owner = e.owner; coOwners = e.coOwners; tenants = e.tenants; phones = e.phones; status = e.status
        documentCount = e.documents.count; self.missing = missing; damaged = nil
        for d in e.documents where d.state == .present { if d.original { originals += 1 } else { copies += 1 } }
    }
    init(id: String, number: String, barcode: String, cabinet: String, building: String, floor: String, unit: String, owner: String,
         coOwners: [String], tenants: [String], status: EnvelopeStatus, documentCount: Int, missing: Int, damaged: String?,
         originals: Int = 0, copies: Int = 0, phones: [String] = []) {
        self.originals = originals; self.copies = copies; self.phones = phones
        self.id = id; self.number = number; self.barcode = barcode; self.cabinet = cabinet; self.building = building
        self.floor = floor; self.unit = unit; self.owner = owner; self.coOwners = coOwners; self.tenants = tenants
        self.status = status; self.documentCount = documentCount; self.missing = missing; self.damaged = damaged
    }
}

/// Something wrong found on disk, with its path (relative to the archive) and the reason.
public struct Problem: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case damaged, misfiled, duplicate, unexpected, register, chain, settings
    }
    public var kind: Kind
    public var path: String
    public var message: String
    public init(kind: Kind, path: String, message: String) { self.kind = kind; self.path = path; self.message = message }
}

/// Natural order for location codes: numbers by value (basement floors "-1" first), then text.
public func naturalLess(_ a: String, _ b: String) -> Bool {
    let ai = Int(a), bi = Int(b)
    switch (ai, bi) {
    case let (x?, y?): return x != y ? x < y : a < b
    case (_?, nil): return true
    case (nil, _?): return false
    default: return a < b
    }
}

public func filingLess(_ a: EnvelopeSummary, _ b: EnvelopeSummary, cabinetOrder: [String: Int]) -> Bool {
    let ca = cabinetOrder[a.cabinet] ?? Int.max, cb = cabinetOrder[b.cabinet] ?? Int.max
    if ca != cb { return ca < cb }
    if a.cabinet != b.cabinet { return a.cabinet < b.cabinet }
    if a.building != b.building { return naturalLess(a.building, b.building) }
    if a.floor != b.floor { return naturalLess(a.floor, b.floor) }
    if a.unit != b.unit { return naturalLess(a.unit, b.unit) }
    if a.status != b.status { return a.status == .active }
    if a.number != b.number { return a.number < b.number }
    return a.id < b.id
}

/// The archive on disk: a directory tree that mirrors the cabinets.
///
///     ARCHIVE/archive.json                                   name, site, settings
///     ARCHIVE/cabinets/CAB/cabinet.json                      one cabinet
///     ARCHIVE/cabinets/CAB/BLD/FLR/UNIT/ENVID/envelope.json  one envelope and its file list
///     ARCHIVE/journal/YYYY-MM/SEQ-ID.json                    audit trail and borrowing register
///     ARCHIVE/.dangan/                                       derived cache and the writers' lock
public final class ArchiveStore: @unchecked Sendable {
    public let root: String
    public internal(set) var info: ArchiveInfo
    public internal(set) var cabinets: [Cabinet] = []
    /// All envelopes in filing order.
    public internal(set) var envelopes: [EnvelopeSummary] = []
    /// Changes whenever an envelope summary changes (not on loans and returns): what the
    /// search index depends on. Each change is logged so that the index follows in place.
    public private(set) var summaryGeneration = 0
    var changeLog: [(Int, SummaryChange)] = []
    var changeLogFloor = 0

    /// Records a change of `envelopes` (call after making it).
    func logSummaryChange(_ c: SummaryChange) {
        summaryGeneration += 1
        changeLog.append((summaryGeneration, c))
        if changeLog.count > 4096 { changeLog.removeFirst(2048); changeLogFloor = changeLog[0].0 - 1 }
    }

    /// `envelopes` was replaced whole (scan, cache load): followers must start over.
    func resetSummaries() {
        summaryGeneration += 1
        changeLog = []
        changeLogFloor = summaryGeneration
    }

    /// The changes after generation `g`, in order; nil when the log does not reach back that far.
    public func summaryChanges(since g: Int) -> [SummaryChange]? {
        guard g >= changeLogFloor, g <= summaryGeneration else { return nil }
        return changeLog.filter { $0.0 > g }.map { $0.1 }
    }
    public internal(set) var register = Register()
    /// Problems found while opening (damaged files, misfiled envelopes, a broken chain).
    public internal(set) var problems: [Problem] = []
    public internal(set) var head = JournalHead.empty
    /// True when the first screen came from the cache rather than a full scan.
    public internal(set) var openedFromCache = false
    /// Changes at every full scan and is kept in the cache: whatever was derived from the
    /// summaries of one epoch (the search index) stays true by following the journal.
    public internal(set) var epoch: UInt64 = 0
    /// Bumped on every change seen (own or another process's), so views can refresh.
    public internal(set) var generation = 0
    /// "Now", injectable in tests.
    public var clock: @Sendable () -> Date = ArchiveStore.defaultClock
    /// The clock every store opened from now on starts with. The command line sets it once,
    /// before opening anything, from `--now` / `DANGAN_NOW` (a testing hook); otherwise the
    /// system clock.
    nonisolated(unsafe) public static var defaultClock: @Sendable () -> Date = { Date() }
    public var operatorName: String

    var idIndex = IDIndex()
    var countsCache: (Int, [String: Int])? = nil
    /// Position of an envelope in `envelopes` by id (the table is rebuilt after a change, on the next lookup).
    func position(of id: String) -> Int? {
        if idIndex.dirty { idIndex.build(envelopes) }
        return idIndex.find(id, envelopes)
    }
    var cabinetOrder: [String: Int] = [:]
    var replayedSinceCache = 0
    let lock: ArchiveLock
    public internal(set) var timeFormat: TimeFormat
    var encoder: JSONEncoder
    var decoder: JSONDecoder

    public static let cacheDir = ".dangan"
    static let cacheFile = ".dangan/index.v1"
    static let cacheMagic: UInt32 = 0x5849_4744 // "DGIX"
    static let cacheVersion: UInt32 = 8

    init(root: String, info: ArchiveInfo) {
        self.root = root
        self.info = info
        self.lock = ArchiveLock(path: root + "/" + ArchiveStore.cacheDir + "/lock")
        self.timeFormat = TimeFormat(identifier: info.settings.timeZone)
        self.encoder = JSONCoding.encoder(timeFormat)
        self.decoder = JSONCoding.decoder(timeFormat)
        let op = info.settings.operator
        self.operatorName = op.isEmpty ? ArchiveStore.osUser() : op
    }

    public static func osUser() -> String {
        if let u = ProcessInfo.processInfo.environment["USER"], !u.isEmpty { return u }
        if let pw = getpwuid(getuid()), let n = pw.pointee.pw_name { return String(cString: n) }
        return "unknown"
    }

    public var settings: Settings { info.settings }
    public var now: Date { clock() }

    // MARK: Paths

    public static func envelopeRelativePath(cabinet: String, building: String, floor: String, unit: String, id: String) -> String {
        "cabinets/\(cabinet)/\(building)/\(floor)/\(unit)/\(id)/envelope.json"
    }
    func abs(_ rel: String) -> String { root + "/" + rel }

    // MARK: Create and open

    /// Creates a new, empty archive at `path` (folders 0700, files 0600).
    public static func create(at path: String, name: String, site: String = "", settings: Settings = Settings()) throws -> ArchiveStore {
        let clean = try Validate.text(name, field: "name", max: 200, required: true)
        if DurableIO.exists(path + "/archive.json") { throw ArchiveError.alreadyExists(path: path + "/archive.json") }
        if DurableIO.isDir(path), let items = DurableIO.list(path), !items.isEmpty {
            throw ArchiveError.alreadyExists(path: path + " (folder is not empty)")
        }
        try DurableIO.makeDirs(path)
        chmod(path, DurableIO.dirMode)
        let info = ArchiveInfo(name: clean, site: try Validate.text(site, field: "site", max: 200), settings: settings)
        let store = ArchiveStore(root: path, info: info)
        try DurableIO.makeDirs(path + "/cabinets")
        try DurableIO.makeDirs(path + "/journal")
        try DurableIO.writeAtomic(path + "/archive.json", JSONCoding.bytes(info, store.encoder))
        try store.writeCache()
        return store
    }

    /// Opens an archive. Damaged files do not stop it: they are listed in `problems`.
    public static func open(_ path: String, useCache: Bool = true) throws -> ArchiveStore {
        let root = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        guard DurableIO.isDir(root) else { throw ArchiveError.notAnArchive(path: root) }
        var problems: [Problem] = []
        var info = ArchiveInfo(id: "arc-unknown", name: DurableIO.basename(root))
        switch DurableIO.read(root + "/archive.json") {
        case .ok(let bytes):
            do { info = try JSONCoding.decoder(TimeFormat(identifier: "Asia/Shanghai")).decode(ArchiveInfo.self, from: Data(bytes)) }
            catch { problems.append(Problem(kind: .settings, path: "archive.json", message: JSONCoding.describe(error) + " — using default settings; the file is left as it is")) }
        case .missing:
            guard DurableIO.isDir(root + "/cabinets") else { throw ArchiveError.notAnArchive(path: root) }
            problems.append(Problem(kind: .settings, path: "archive.json", message: "missing — using default settings"))
        case .failed(let m):
            problems.append(Problem(kind: .settings, path: "archive.json", message: m + " — using default settings"))
        }
        let store = ArchiveStore(root: root, info: info)
        store.settingsProblem = !problems.isEmpty
        if !(useCache && store.loadCache()) {
            store.fullScan()
            store.problems.insert(contentsOf: problems, at: 0)
            try? store.writeCache()
        } else {
            store.problems.insert(contentsOf: problems.filter { p in !store.problems.contains(p) }, at: 0)
        }
        store.refreshJournal()
        if store.replayedSinceCache >= 64 { try? store.writeCache() }
        return store
    }
    var settingsProblem = false

    // MARK: Full scan

    /// Reads every cabinet and envelope file and the whole journal. Used when the cache is
    /// missing or stale, and by `dangan check`.
    func fullScan() {
        var probs: [Problem] = []
        var cabs: [Cabinet] = []
        var sums: [EnvelopeSummary] = []
        let cabRoot = abs("cabinets")
        let cabNames = (DurableIO.list(cabRoot) ?? []).sorted(by: naturalLess)
        if !DurableIO.isDir(cabRoot) { probs.append(Problem(kind: .damaged, path: "cabinets", message: "missing or not a folder")) }
        var units: [(String, String, String, String, String)] = [] // cab, bld, flr, unit, path
        for cab in cabNames {
            let cabPath = cabRoot + "/" + cab
            if cab.hasPrefix(".") { continue }
            guard LocationCode.isValid(cab), DurableIO.isDir(cabPath) else {
                probs.append(Problem(kind: .unexpected, path: "cabinets/\(Sanitize.visible(cab))", message: "not a cabinet folder (codes are A–Z, 0–9, '-', '_')"))
                continue
            }
            switch DurableIO.read(cabPath + "/cabinet.json") {
            case .ok(let b):
                do {
                    var c = try decoder.decode(Cabinet.self, from: Data(b))
                    if c.code != cab {
                        probs.append(Problem(kind: .misfiled, path: "cabinets/\(cab)/cabinet.json", message: "says code \(Sanitize.visible(c.code)) but is filed under \(cab)"))
                        c.code = cab
                    }
                    cabs.append(c)
                } catch {
                    probs.append(Problem(kind: .damaged, path: "cabinets/\(cab)/cabinet.json", message: JSONCoding.describe(error)))
                    cabs.append(Cabinet(id: "cab-damaged-\(cab)", code: cab, label: cab, room: ""))
                }
            case .missing:
                probs.append(Problem(kind: .damaged, path: "cabinets/\(cab)/cabinet.json", message: "missing"))
                cabs.append(Cabinet(id: "cab-missing-\(cab)", code: cab, label: cab, room: ""))
            case .failed(let m):
                probs.append(Problem(kind: .damaged, path: "cabinets/\(cab)/cabinet.json", message: m))
                cabs.append(Cabinet(id: "cab-damaged-\(cab)", code: cab, label: cab, room: ""))
            }
            for bld in (DurableIO.list(cabPath) ?? []) where bld != "cabinet.json" && !bld.hasPrefix(".") {
                let bp = cabPath + "/" + bld
                guard LocationCode.isValid(bld), DurableIO.isDir(bp) else {
                    probs.append(Problem(kind: .unexpected, path: "cabinets/\(cab)/\(Sanitize.visible(bld))", message: "not a building folder")); continue
                }
                for flr in (DurableIO.list(bp) ?? []) where !flr.hasPrefix(".") {
                    let fp = bp + "/" + flr
                    guard LocationCode.isValid(flr), DurableIO.isDir(fp) else {
                        probs.append(Problem(kind: .unexpected, path: "cabinets/\(cab)/\(bld)/\(Sanitize.visible(flr))", message: "not a floor folder")); continue
                    }
                    for unit in (DurableIO.list(fp) ?? []) where !unit.hasPrefix(".") {
                        let up = fp + "/" + unit
                        guard LocationCode.isValid(unit), DurableIO.isDir(up) else {
                            probs.append(Problem(kind: .unexpected, path: "cabinets/\(cab)/\(bld)/\(flr)/\(Sanitize.visible(unit))", message: "not a unit folder")); continue
                        }
                        for env in (DurableIO.list(up) ?? []) where !env.hasPrefix(".") {
                            units.append((cab, bld, flr, unit, env))
                        }
                    }
                }
            }
        }
        // Envelope files are independent: read and decode them on all cores.
        let n = units.count
        let catalogue = info.settings
        let tz = timeFormat
        let root = self.root
        let found = units
        let results = parallelMap(count: n) { i in
            let u = found[i]
            return ArchiveStore.scanEnvelope(root: root, cab: u.0, bld: u.1, flr: u.2, unit: u.3, dir: u.4, decoder: JSONCoding.decoder(tz), settings: catalogue)
        }
        var seen: [String: String] = [:]
        for i in 0..<n {
            probs.append(contentsOf: results[i].1)
            if let s = results[i].0 {
                if let other = seen[s.id] {
                    probs.append(Problem(kind: .duplicate, path: s.relativePath, message: "envelope id also used by \(other)"))
                    continue
                }
                seen[s.id] = s.relativePath
                sums.append(s)
            }
        }
        cabinets = cabs
        cabinetOrder = Dictionary(uniqueKeysWithValues: cabs.enumerated().map { ($1.code, $0) })
        sums.sort { filingLess($0, $1, cabinetOrder: cabinetOrder) }
        envelopes = sums
        resetSummaries()
        rebuildIndex()
        var g = SystemRandomNumberGenerator()
        epoch = g.next()
        problems = probs
        register = Register()
        head = .empty
        openedFromCache = false
        replayedSinceCache = 0
        refreshJournal()
        replayedSinceCache = 1000 // force a cache write
        generation += 1
    }

    static func scanEnvelope(root: String, cab: String, bld: String, flr: String, unit: String, dir: String, decoder: JSONDecoder,
                             settings: Settings) -> (EnvelopeSummary?, [Problem]) {
        let relDir = "cabinets/\(cab)/\(bld)/\(flr)/\(unit)/\(Sanitize.visible(dir))"
        guard RecordID.isValid(dir), dir.hasPrefix("env-") else {
            return (nil, [Problem(kind: .unexpected, path: relDir, message: "not an envelope folder (expected env-…)")])
        }
        let rel = relDir + "/envelope.json"
        func damaged(_ m: String) -> (EnvelopeSummary?, [Problem]) {
            let s = EnvelopeSummary(id: dir, number: "", barcode: "", cabinet: cab, building: bld, floor: flr, unit: unit, owner: "",
                                    coOwners: [], tenants: [], status: .active, documentCount: 0, missing: 0, damaged: m)
            return (s, [Problem(kind: .damaged, path: rel, message: m)])
        }
        switch DurableIO.read(root + "/" + rel) {
        case .missing: return damaged("missing envelope.json")
        case .failed(let m): return damaged(m)
        case .ok(let b):
            do {
                let e = try decoder.decode(Envelope.self, from: Data(b))
                var probs: [Problem] = []
                var s = EnvelopeSummary(envelope: e, missing: ArchiveStore.missingKinds(e, settings: settings).count)
                if e.id != dir {
                    probs.append(Problem(kind: .misfiled, path: rel, message: "file says id \(Sanitize.visible(e.id)) but is filed as \(dir)"))
                    s.id = dir
                }
                if e.location != Location(cabinet: cab, building: bld, floor: flr, unit: unit) {
                    probs.append(Problem(kind: .misfiled, path: rel, message: "file says \(Sanitize.visible(e.location.chinese)) but is filed at \(cab)柜 → \(bld)栋 → \(flr)层 → \(unit)"))
                    s.cabinet = cab; s.building = bld; s.floor = flr; s.unit = unit
                }
                return (s, probs)
            } catch {
                return damaged(JSONCoding.describe(error))
            }
        }
    }

    /// Checklist kinds (required in the catalogue) not present in the envelope.
    public static func missingKinds(_ e: Envelope, settings: Settings) -> [String] {
        guard e.status == .active else { return [] }
        let have = Set(e.documents.filter { $0.state == .present }.map { $0.kind })
        return settings.catalogue.filter { $0.required && !have.contains($0.name) }.map { $0.name }
    }

    func rebuildIndex() { idIndex.dirty = true }

    // MARK: Journal

    /// Reads journal entries newer than the head and folds them in: this is how one dangan
    /// sees another's changes. Returns the number of entries applied.
    @discardableResult
    public func refreshJournal() -> Int {
        // Nothing new when neither the journal folder nor the head's month folder changed since
        // the last look (two stats instead of listing the month). A folder changed within the
        // last 50 ms is listed again next time: file times advance by clock ticks (a few ms), so
        // a second write in the same tick would not move them.
        let stamp = journalStamp()
        if let stamp, let last = lastJournalStamp, stamp == last.stamp {
            // Unchanged folders, and every dangan writer's count says there is nothing newer.
            if last.checkedAfter || lock.readCounter() == head.seq { return 0 }
        }
        let pending = ArchiveStore.pendingJournalFiles(root: root, after: head)
        if let stamp { lastJournalStamp = (stamp, Date().timeIntervalSince1970 - stamp.newest > 0.05) } else { lastJournalStamp = nil }
        guard !pending.isEmpty else { return 0 }
        var applied = 0
        var touched = Set<String>()
        for (seq, m, f) in pending {
            let rel = "journal/\(m)/\(f)"
            switch DurableIO.read(abs(rel)) {
            case .ok(let b):
                do {
                    let e = try decoder.decode(JournalEntry.self, from: Data(b))
                    if e.prev != head.hash {
                        problems.append(Problem(kind: .chain, path: rel, message: "audit chain broken: entry \(seq) does not follow entry \(head.seq) (an entry was edited, inserted or removed)"))
                    }
                    if e.seq != seq { problems.append(Problem(kind: .chain, path: rel, message: "entry says seq \(e.seq) but is named \(seq)")) }
                    register.apply(e)
                    if let a = e.after { latestAfter[a.id] = a.location }
                    if let env = e.envelope, e.after != nil { touched.insert(env) }
                    if e.action == .cabinetCreate || e.action == .cabinetUpdate, let c = e.cabinet { upsertCabinet(c) }
                    head = JournalHead(seq: seq, month: m, file: f, hash: SHA256.hex(b))
                } catch {
                    problems.append(Problem(kind: .damaged, path: rel, message: JSONCoding.describe(error)))
                    head = JournalHead(seq: seq, month: m, file: f, hash: SHA256.hex(b))
                }
            case .missing: continue
            case .failed(let msg):
                problems.append(Problem(kind: .damaged, path: rel, message: msg))
            }
            applied += 1
        }
        for id in touched { reloadSummary(envelopeID: id) }
        replayedSinceCache += applied
        if applied > 0 { generation += 1 }
        return applied
    }

    struct JournalStamp: Equatable {
        var root: (Int, Int), month: (Int, Int), monthName: String
        var newest: Double { max(Double(root.0) + Double(root.1) / 1e9, Double(month.0) + Double(month.1) / 1e9) }
        static func == (a: JournalStamp, b: JournalStamp) -> Bool { a.root == b.root && a.month == b.month && a.monthName == b.monthName }
    }
    var lastJournalStamp: (stamp: JournalStamp, checkedAfter: Bool)? = nil

    func journalStamp() -> JournalStamp? {
        guard let r = DurableIO.mtime(abs("journal")) else { return nil }
        let m = head.month.isEmpty ? (0, 0) : (DurableIO.mtime(abs("journal/" + head.month)) ?? (-1, -1))
        return JournalStamp(root: r, month: m, monthName: head.month)
    }

    /// Journal entry files newer than `head`, in sequence order: (seq, month folder, file name).
    /// Month folders never go backwards, so only folders from the head's month are listed.
    static func pendingJournalFiles(root: String, after head: JournalHead) -> [(Int, String, String)] {
        let jroot = root + "/journal"
        guard let months = DurableIO.list(jroot) else { return [] }
        var pending: [(Int, String, String)] = []
        for m in months.sorted() where m >= head.month && m.utf8.count == 7 {
            // Names start with the ten-digit sequence: older entries are skipped without
            // making a String of their names (a month can hold thousands).
            DurableIO.forEachEntry(jroot + "/" + m) { c in
                var seq = 0
                for i in 0..<10 { guard c[i] >= 48 && c[i] <= 57 else { return }; seq = seq * 10 + Int(c[i] - 48) } // stops at the NUL
                guard c[10] == 45, seq > head.seq else { return }
                let f = String(cString: c)
                if let (s2, _) = JournalEntry.parseFileName(f), s2 == seq { pending.append((seq, m, f)) }
            }
        }
        pending.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.2 < $1.2 }
        return pending
    }

    func upsertCabinet(_ c: Cabinet) {
        if let i = cabinets.firstIndex(where: { $0.code == c.code }) { cabinets[i] = c } else { cabinets.append(c) }
        cabinetOrder = Dictionary(uniqueKeysWithValues: cabinets.enumerated().map { ($1.code, $0) })
    }

    /// Re-reads one envelope's file after a journal entry named it (created, edited or moved,
    /// by this process or another) and puts its summary back in filing order.
    func reloadSummary(envelopeID id: String) {
        // The latest audit entry knows where the envelope now lives.
        var loc: (String, String, String, String)? = nil
        if let i = position(of: id) { let s = envelopes[i]; loc = (s.cabinet, s.building, s.floor, s.unit) }
        if let l = latestAfter[id] { loc = (l.cabinet, l.building, l.floor, l.unit) }
        guard let (c, b, f, u) = loc else { return }
        let (s, _) = ArchiveStore.scanEnvelope(root: root, cab: c, bld: b, flr: f, unit: u, dir: id, decoder: decoder, settings: settings)
        guard let sum = s else { return }
        if let i = position(of: id) { envelopes.remove(at: i); idIndex.didRemove(at: i); logSummaryChange(.remove(i, id)) }
        let pos = envelopes.partitionIndex { filingLess(sum, $0, cabinetOrder: cabinetOrder) }
        envelopes.insert(sum, at: pos)
        idIndex.didInsert(sum.id, at: pos)
        logSummaryChange(.insert(pos, sum))
    }
    var latestAfter: [String: Location] = [:]
    /// Set only by the generator while it writes a new archive: journal entries skip their
    /// fsyncs and the caller syncs the file system once at the end.
    var bulkWrites = false
    /// Set when this process added a folder the cache's stamp covers.
    var treeChanged = false

    /// Appends one entry to the journal (the caller holds the lock and has refreshed).
    @discardableResult
    func append(_ entry: JournalEntry) throws -> JournalEntry {
        var e = entry
        e.seq = head.seq + 1
        e.prev = head.hash
        // Month folders never go backwards (a back-dated entry, a clock set back), so that a
        // reader scanning from its head's month finds every newer entry.
        let month = max(timeFormat.month(e.at), head.month)
        let dir = abs("journal/" + month)
        try DurableIO.makeDirs(dir, durable: !bulkWrites)
        let name = JournalEntry.fileName(seq: e.seq, id: e.id)
        let bytes = try JSONCoding.bytes(e, encoder)
        try DurableIO.createExclusive(dir + "/" + name, bytes, durable: !bulkWrites)
        head = JournalHead(seq: e.seq, month: month, file: name, hash: SHA256.hex(bytes))
        register.apply(e)
        if let after = e.after { latestAfter[after.id] = after.location }
        replayedSinceCache += 1
        generation += 1
        return e
    }

    /// Every write: take the lock, see what others wrote, do it, release.
    public func mutate<T>(allowLimited: Bool = false, _ body: () throws -> T) throws -> T {
        if !allowLimited && Mask.limitedView(self) { throw Mask.limitedRefusal }
        try lock.acquire()
        let outer = lock.isOuter
        defer {
            if outer {
                // Our own entries are seen: the folders' times now include them.
                if let s = journalStamp() { lastJournalStamp = (s, false) }
                lock.writeCounter(head.seq)
            }
            lock.release()
        }
        if !bulkWrites { refreshJournal() } // a new archive being generated has no other writer
        if outer { lock.writeCounter(-1) }
        defer { if treeChanged && !bulkWrites { treeChanged = false; try? writeCache() } }
        return try body()
    }

    // MARK: Reading

    public func summary(id: String) -> EnvelopeSummary? { position(of: id).map { envelopes[$0] } }
    public func index(ofEnvelope id: String) -> Int? { position(of: id) }

    /// Reads an envelope's file. Throws `damaged` with the path and parser's message.
    public func envelope(id: String) throws -> Envelope {
        guard let s = summary(id: id) else { throw ArchiveError.notFound(what: "envelope \(id)") }
        return try readEnvelope(s)
    }

    func readEnvelope(_ s: EnvelopeSummary) throws -> Envelope {
        let rel = s.relativePath
        switch DurableIO.read(abs(rel)) {
        case .ok(let b):
            do { return try decoder.decode(Envelope.self, from: Data(b)) }
            catch { throw ArchiveError.damaged(path: rel, message: JSONCoding.describe(error)) }
        case .missing: throw ArchiveError.damaged(path: rel, message: "missing")
        case .failed(let m): throw ArchiveError.damaged(path: rel, message: m)
        }
    }

    /// Reads the envelope and, if the file changed behind the cache (a hand edit, a git pull),
    /// updates the summary so the panes show what is on disk. `at` is its position in the
    /// filing order when the caller knows it (the panes do), which saves a lookup by id.
    public func envelopeRefreshing(id: String, at hint: Int? = nil) throws -> Envelope {
        let known = hint.flatMap { $0 >= 0 && $0 < envelopes.count && envelopes[$0].id == id ? $0 : nil }
        guard let i = known ?? position(of: id) else { throw ArchiveError.notFound(what: "envelope \(id)") }
        do {
            let e = try readEnvelope(envelopes[i])
            let fresh = EnvelopeSummary(envelope: e, missing: ArchiveStore.missingKinds(e, settings: settings).count)
            var cmp = envelopes[i]; cmp.damaged = nil
            var fr = fresh; fr.cabinet = cmp.cabinet; fr.building = cmp.building; fr.floor = cmp.floor; fr.unit = cmp.unit
            if fr != envelopes[i] { envelopes[i] = fr; logSummaryChange(.replace(i, fr)); generation += 1 }
            return e
        } catch let ArchiveError.damaged(p, m) {
            if envelopes[i].damaged != m { envelopes[i].damaged = m; logSummaryChange(.replace(i, envelopes[i])); generation += 1 }
            throw ArchiveError.damaged(path: p, message: m)
        }
    }

    /// The envelopes of one cabinet: a contiguous run of the filing order, found by binary search.
    public func cabinetRange(_ code: String) -> Range<Int> {
        // The filing order sorts by (cabinet rank, cabinet code) first.
        let key = (cabinetOrder[code] ?? Int.max, code)
        let lo = envelopes.partitionIndex { (cabinetOrder[$0.cabinet] ?? Int.max, $0.cabinet) >= key }
        let hi = envelopes.partitionIndex { (cabinetOrder[$0.cabinet] ?? Int.max, $0.cabinet) > key }
        return lo..<max(lo, hi)
    }

    public func envelopes(inCabinet code: String) -> ArraySlice<EnvelopeSummary> { envelopes[cabinetRange(code)] }

    /// Envelopes per cabinet (kept until the summaries change: the cabinets pane asks every frame).
    public func cabinetCounts() -> [String: Int] {
        if let (g, c) = countsCache, g == summaryGeneration, c.count == cabinets.count { return c }
        var c: [String: Int] = [:]
        for cab in cabinets { c[cab.code] = cabinetRange(cab.code).count }
        countsCache = (summaryGeneration, c)
        return c
    }

    /// The state a person sees: stored state overlaid with the register.
    public func state(of d: Document) -> DocumentState {
        switch d.state {
        case .destroyed: return .destroyed
        case .transferred: return .transferred
        case .present:
            if register.openByDocument[d.id] != nil { return .onLoan }
            return register.copyingByDocument[d.id] != nil ? .copying : .present
        }
    }

    /// Resolves "ENVELOPE:N" or a document id to (envelope, document).
    public func document(ref: String) throws -> (Envelope, Document) {
        if let colon = ref.lastIndex(of: ":") {
            let envRef = String(ref[..<colon])
            let posText = String(ref[ref.index(after: colon)...])
            let env = try envelope(id: try resolveEnvelope(envRef))
            if let n = Int(posText) {
                guard n >= 1 && n <= env.documents.count else { throw ArchiveError.notFound(what: "document \(n) in envelope \(envRef) (it has \(env.documents.count))") }
                return (env, env.documents[n - 1])
            }
            guard let d = env.documents.first(where: { $0.id == posText }) else { throw ArchiveError.notFound(what: "document \(posText)") }
            return (env, d)
        }
        guard let envID = DocumentID.envelope(of: ref), summary(id: envID) != nil else {
            throw ArchiveError.notFound(what: "document \(Sanitize.visible(ref)) (use a document id, or ENVELOPE:N such as 3-1201:2)")
        }
        let env = try envelope(id: envID)
        guard let d = env.documents.first(where: { $0.id == ref }) else { throw ArchiveError.notFound(what: "document \(ref)") }
        return (env, d)
    }

    /// Resolves an envelope reference: id, envelope number, barcode or room code (3-1201).
    public func resolveEnvelope(_ ref: String) throws -> String {
        if position(of: ref) != nil { return ref }
        var hits = envelopes.filter { $0.number == ref || $0.barcode == ref }
        if hits.isEmpty {
            hits = envelopes.filter { $0.roomCode == ref || "\($0.building)栋\($0.unit)" == ref }
            // A room has one active envelope; closed ones stay for history.
            let active = hits.filter { $0.status == .active }
            if active.count == 1 { return active[0].id }
        }
        if hits.count == 1 { return hits[0].id }
        if hits.isEmpty { throw ArchiveError.notFound(what: "envelope \(Sanitize.visible(ref))") }
        throw ArchiveError.ambiguous(what: ref, candidates: hits.map { "\($0.id) (\($0.roomCode) \($0.status.rawValue))" })
    }
}

/// Document ids embed their envelope's id, so a document is found without a global index:
/// `d-<envelope's 20 characters>-<8 random characters>`.
public enum DocumentID {
    public static func make(envelope: String) -> String {
        var g = SystemRandomNumberGenerator()
        return make(envelope: envelope, using: &g)
    }
    public static func make<G: RandomNumberGenerator>(envelope: String, using g: inout G) -> String {
        let tail = RecordID.make("x", using: &g).suffix(8)
        return "d-" + envelope.dropFirst(4) + "-" + tail
    }
    public static func envelope(of doc: String) -> String? {
        let u = Array(doc.utf8)
        guard u.count == 31, doc.hasPrefix("d-"), u[22] == 45 else { return nil }
        let env = "env-" + String(decoding: u[2..<22], as: UTF8.self)
        return RecordID.isValid(env) ? env : nil
    }
}

extension Array {
    /// First index at which `pred` becomes true (the array must be partitioned by it).
    func partitionIndex(where pred: (Element) -> Bool) -> Int {
        var lo = 0, hi = count
        while lo < hi { let mid = (lo + hi) / 2; if pred(self[mid]) { hi = mid } else { lo = mid + 1 } }
        return lo
    }
}

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
            if let pre { for i in 0..<n { b[i] = (pre[i], Int32(i)) } }
            else { envs.withUnsafeBufferPointer { e in for i in 0..<n { b[i] = (IDIndex.hash(e[i].id), Int32(i)) } } }
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
                        for x in src { let d = Int((x.0 >> shift) & 0xFFFF); dst[c[d]] = x; c[d] += 1 }
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
        var lo = 0, hi = hashes.count
        while lo < hi { let m = (lo + hi) / 2; if hashes[m] <= h { lo = m + 1 } else { hi = m } }
        hashes.insert(h, at: lo); positions.insert(Int32(i), at: lo)
    }

    mutating func didRemove(at i: Int) {
        guard !dirty else { return }
        precomputed = nil
        if let k = positions.firstIndex(of: Int32(i)) { hashes.remove(at: k); positions.remove(at: k) }
        for k in positions.indices where Int(positions[k]) > i { positions[k] -= 1 }
    }

    func find(_ id: String, _ envs: [EnvelopeSummary]) -> Int? {
        let h = IDIndex.hash(id)
        var lo = 0, hi = hashes.count
        while lo < hi { let m = (lo + hi) / 2; if hashes[m] < h { lo = m + 1 } else { hi = m } }
        while lo < hashes.count && hashes[lo] == h {
            let i = Int(positions[lo])
            if i < envs.count && envs[i].id == id { return i } // the first of duplicate ids wins
            lo += 1
        }
        return nil
    }
}
