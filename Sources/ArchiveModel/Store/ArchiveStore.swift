import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An open archive: a directory tree that mirrors the cabinets, and the journal of record
/// from which that tree is projected.
///
///     ARCHIVE/archive.json                                   name, site, settings (projection)
///     ARCHIVE/cabinets/CAB/cabinet.json                      one cabinet (projection)
///     ARCHIVE/cabinets/CAB/BLD/FLR/UNIT/ENVID/envelope.json  one envelope and its file list (projection)
///     ARCHIVE/journal/DESK/BUCKET/SEQ-HASH.json              the journal of record: every change, signed
///     ARCHIVE/.dangan/                                       this copy's desk, anchors, checkpoint, caches, lock
///
/// Every change is one journal entry, written durably first; the files under `cabinets/` and
/// `archive.json` follow from the journal (see `ArchiveStore+Projection.swift`). The store
/// keeps in memory what the panes and the rules need: the settings, the cabinets, a summary
/// of each envelope in filing order, and the folded register.
///
/// Concerns live in extensions: opening (`+Open`), reading the journal and folding it
/// (`+Fold`), writing changes (`+Commit`, `+Changes`), projection files (`+Projection`),
/// checkpoints (`+Checkpoint`), reading envelopes (`+Reading`), verification (`+Check`),
/// migration from the first format (`+Migration`) and sharing through git (`+Sync`).
public final class ArchiveStore: @unchecked Sendable {
    /// The archive's folder (`ARCHIVE` above), without a trailing slash.
    public let root: String
    /// The archive's name, site and settings, as the journal has them (`archive.json` follows).
    public internal(set) var info: ArchiveInfo
    /// The cabinets in filing order (the order they were created): envelopes are filed cabinet by cabinet.
    public internal(set) var cabinets: [Cabinet] = []
    /// All envelopes in filing order: the summaries file in `.dangan/`, read in place, and the
    /// changes since it was written (see ``EnvelopeList``).
    public var envelopes: EnvelopeList {
        safePoint()
        return summaries
    }
    var summaries = EnvelopeList()
    /// The borrowing register and the registers beside it, folded from the journal.
    public internal(set) var register = Register()
    /// Problems found while opening (damaged files, a broken chain, a hand edit …).
    public internal(set) var problems: [Problem] = []

    // MARK: The journal as folded

    /// How far each desk's chain has been folded.
    public internal(set) var frontier: Frontier = [:]
    /// The fold key of the last entry folded.
    public internal(set) var tip: FoldKey = .zero
    /// Entries of the first format's journal folded before everything else, and its head.
    var legacyHead = ChainHead(seq: 0, hash: "")
    var verifier = JournalVerifier()
    /// This copy's desk, once it has written (nil for a copy that only reads).
    var desk: Desk?
    var anchors = Anchors()
    /// Records whose projection file could not be written yet (retried on each write and open).
    var unprojected: Set<String> = []
    var settingsRevision: [String] = []

    /// Number of entries folded (all desks, the first format's included).
    public var entryCount: Int { legacyHead.seq + frontier.values.reduce(0) { $0 + $1.seq } }
    /// This copy's desk id, when it has one.
    public var deskID: String? { desk?.id }

    // MARK: Followers

    /// Changes whenever an envelope summary changes (not on loans and returns): what the
    /// search index depends on. Each change is logged so that the index follows in place.
    public private(set) var summaryGeneration = 0
    var changeLog: [(Int, SummaryChange)] = []
    var changeLogFloor = 0
    /// True when the first screen came from the checkpoint rather than a full rebuild.
    public internal(set) var openedFromCache = false
    /// Changes at every full rebuild and is kept in the checkpoint: whatever was derived from
    /// the summaries of one epoch (the search index) stays true by following the journal.
    public internal(set) var epoch: UInt64 = 0
    /// Bumped on every change seen (own or another process's), so views can refresh.
    public internal(set) var generation = 0

    // MARK: Who and when

    /// "Now", injectable in tests.
    public var clock: @Sendable () -> Date = ArchiveStore.defaultClock
    /// The clock every store opened from now on starts with. The command line sets it once,
    /// before opening anything, from `--now` / `DANGAN_NOW` (a testing hook); otherwise the
    /// system clock.
    nonisolated(unsafe) public static var defaultClock: @Sendable () -> Date = { Date() }
    /// The OS login changes are made from; the operator is the person the staff list maps it to
    /// (see `People/Staff.swift`: `operatorName`, `operatorMember`).
    public var login: String
    /// Set by tests and in-process callers to act as a named person; the command line and the
    /// terminal UI never set it.
    var actingAs: String? = nil

    // MARK: Internals

    /// Envelope numbers, barcodes and active units (Filing/EnvelopeKeys.swift).
    var envelopeKeys = EnvelopeKeys()
    var countsCache: (Int, [String: Int])? = nil
    /// Set while entries are folded (no repair may start then).
    var folding = 0
    /// Damage found in a derived file (see ``repairIfDamaged()``), and how many repairs so far.
    let damage = DamageBox()
    lazy var repairer = Repairer(self)
    var repairs = 0
    var decidedAfterRepairs = 0
    var cabinetOrder: [String: Int] = [:]
    var entriesSinceCheckpoint = 0
    let lock: ArchiveLock
    /// Dates and times in the archive's time zone (`settings.timeZone`), as shown and as written.
    public internal(set) var timeFormat: TimeFormat
    var coding: RecordCoding
    var encoder: JSONEncoder { coding.prettyEncoder }
    var decoder: JSONDecoder { coding.decoder }
    /// Set only by the generator while it writes a new archive: no fsync per file; the caller
    /// syncs the file system once at the end.
    var bulkWrites = false
    /// Set when this process added a folder the checkpoint's stamp covers.
    var treeChanged = false
    var lastJournalStamp: JournalStamp? = nil
    /// Set while an archive of the first format is migrated: `archive.json` is written last.
    var migrating = false
    /// Set while the whole journal is folded again: envelopes are settled once at the end.
    var rebuilding = false
    var recordMeta: [String: RecordMeta] = [:]
    var recordOrder: [String] = []

    /// The folder under the archive's root for this copy's desk, anchors, checkpoint, caches and lock.
    public static let cacheDir = ".dangan"

    init(root: String, info: ArchiveInfo) {
        self.root = root
        self.info = info
        DurableIO.confine(root: root)  // writes beneath it never follow a link
        self.lock = ArchiveLock(path: root + "/" + ArchiveStore.cacheDir + "/lock")
        self.timeFormat = TimeFormat(identifier: info.settings.timeZone)
        self.coding = RecordCoding(timeFormat)
        self.login = ArchiveStore.osUser()
    }

    /// The login of the process's effective user, from the system's user database: never
    /// `$USER` or anything else the environment can claim.
    public static func osUser() -> String {
        if let pw = getpwuid(geteuid()), let n = pw.pointee.pw_name, n.pointee != 0 {
            return Sanitize.visible(String(cString: n))
        }
        return "uid-\(geteuid())"
    }

    /// The archive's settings (`info.settings`): loan rules, staff, catalogue, time zone …
    public var settings: Settings { info.settings }
    /// Now, to the second: what the journal records (its times are written to the second).
    public var now: Date { Date(timeIntervalSince1970: clock().timeIntervalSince1970.rounded(.down)) }

    /// An envelope's projection file under the archive's root: `cabinets/CAB/BLD/FLR/UNIT/ENVID/envelope.json`.
    public static func envelopeRelativePath(cabinet: String, building: String, floor: String, unit: String, id: String)
        -> String
    {
        "cabinets/\(cabinet)/\(building)/\(floor)/\(unit)/\(id)/envelope.json"
    }
    func abs(_ rel: String) -> String { root + "/" + rel }

    // MARK: The summaries' change log

    /// Records a change of `envelopes` (call after making it).
    func logSummaryChange(_ c: SummaryChange) {
        summaryGeneration += 1
        changeLog.append((summaryGeneration, c))
        if changeLog.count > 4096 {
            changeLog.removeFirst(2048)
            changeLogFloor = changeLog[0].0 - 1
        }
    }

    /// `envelopes` was replaced whole (rebuild, checkpoint load): followers must start over.
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

    /// Position of an envelope in `envelopes` by id.
    func position(of id: String) -> Int? { summaries.position(ofID: id) }

    func upsertCabinet(_ c: Cabinet) {
        if let i = cabinets.firstIndex(where: { $0.id == c.id || $0.code == c.code }) {
            cabinets[i] = c
        } else {
            cabinets.append(c)
        }
        cabinetOrder = Dictionary(cabinets.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Puts an envelope's summary in its place in filing order (removing the old one).
    func placeSummary(_ sum: EnvelopeSummary) {
        if let i = position(of: sum.id) {
            let old = summaries[i]
            if old.location == sum.location && old.status == sum.status && old.number == sum.number {
                if old != sum {
                    summaries.replace(at: i, with: sum)
                    logSummaryChange(.replace(i, sum))
                }
                return
            }
            summaries.remove(at: i)
            logSummaryChange(.remove(i, sum.id))
        }
        let list = summaries
        let pos = list.partitionIndex { filingLess(sum, list[$0], cabinetOrder: cabinetOrder) }
        summaries.insert(sum, at: pos)
        logSummaryChange(.insert(pos, sum))
    }

    /// Checklist kinds (required in the catalogue) not present in the envelope.
    public static func missingKinds(_ e: Envelope, settings: Settings) -> [String] {
        guard e.status == .active else { return [] }
        let have = Set(e.documents.filter { $0.state == .present }.map { $0.kind })
        return settings.catalogue.filter { $0.required && !have.contains($0.name) }.map { $0.name }
    }

    func summary(of e: Envelope, digest: UInt64) -> EnvelopeSummary {
        var s = EnvelopeSummary(envelope: e, missing: ArchiveStore.missingKinds(e, settings: settings).count)
        s.digest = digest
        return s
    }
}
