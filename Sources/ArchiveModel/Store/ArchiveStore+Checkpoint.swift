import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The checkpoint in `.dangan/checkpoint.v7`: the journal folded up to a frontier (settings,
/// cabinets, the register, every envelope's summary) so that opening an archive costs what has
/// changed since, not its whole history. It is derived, never the source of truth: it is
/// trusted only while the entries it names are still in the journal with the same hashes and
/// its checksum holds; otherwise the journal is folded again. A stamp of the tree's folders
/// tells whether folders changed outside dangan, in which case the tree is compared again.
extension ArchiveStore {
    static let checkpointFile = ".dangan/checkpoint.v7"
    static let checkpointMagic: UInt32 = 0x5043_4744  // "DGCP"
    static let checkpointVersion: UInt32 = 7
    static let summariesPrefix = "summaries-"
    /// Returned loans kept with the present until this many, then moved into the past.
    static let pastBatch = 32

    /// Writes the checkpoint: small (settings, cabinets, the register's present, where the
    /// summaries file is and what changed since it was written), so that it is written often
    /// and read at every start. A new summaries file is written when there is none yet or the
    /// changes since the last one have grown. Only a writer (holding the writers' lock, taken
    /// here briefly when free) writes derived files; when another process is writing, the
    /// checkpoint is left to it.
    public func saveCheckpoint() throws {
        if let m = damageNoted {
            throw ArchiveError.damaged(
                path: m, message: "a derived file is damaged; the archive is folded again from the journal")
        }
        do { try lock.acquire(timeout: lock.isHeld ? 30 : 0.2) } catch { return }
        defer { lock.release() }
        try DurableIO.makeDirs(abs(ArchiveStore.cacheDir), durable: false)
        if !summaries.base.isMapped || summaries.overlay.size > max(1024, summaries.count / 32) {
            try writeSummaries()
        }
        if register.closedInPresent.count >= ArchiveStore.pastBatch { try movePastToHistory() }
        var w = BinWriter()
        w.u32(ArchiveStore.checkpointMagic)
        w.u32(ArchiveStore.checkpointVersion)
        w.u64(ArchiveStore.treeStamp(root: root))
        w.u64(epoch)
        head.write(to: &w)
        w.int(tip.lamport)
        w.str(tip.desk)
        w.int(tip.seq)
        w.int(legacyHead.seq)
        w.str(legacyHead.hash)
        let keyed = verifier.keys.keys.sorted()
        w.u32(UInt32(keyed.count))
        for d in keyed {
            w.str(d)
            w.blob([UInt8](verifier.keys[d]!.rawRepresentation))
        }
        let enc = JSONEncoder()
        enc.dateEncodingStrategy = .secondsSince1970
        w.blob([UInt8](try enc.encode(info)))
        w.strs(settingsRevision)
        w.blob([UInt8](try enc.encode(cabinets)))
        w.blob([UInt8](try enc.encode(problems)))
        w.blob([UInt8](try enc.encode(register.snapshot)))
        let segments = register.history?.segments ?? []
        w.u32(UInt32(segments.count))
        for g in segments {
            w.str(g.name)
            w.u64(g.map.u64(120))
            w.u64(UInt64(g.count))
        }
        w.strs(unprojected.sorted())
        // The summaries: the file, and the changes since it was written.
        let list = summaries
        w.str(list.base.file.map { DurableIO.basename($0.map.path) } ?? "")
        w.u64(list.base.file?.map.u64(120) ?? 0)
        w.u64(UInt64(list.base.count))
        let ov = list.overlay
        w.u32(UInt32(ov.removed.count))
        for b in ov.removed { w.u32(UInt32(b)) }
        w.u32(UInt32(ov.replaced.count))
        for b in ov.replaced.keys.sorted() {
            w.u32(UInt32(b))
            w.blob(SummaryCodec.bytes(ov.replaced[b]!))
        }
        w.u32(UInt32(ov.inserted.count))
        for x in ov.inserted {
            w.u32(UInt32(x.anchor))
            w.blob(SummaryCodec.bytes(x.summary))
        }
        w.u64(cacheChecksum(w.bytes[...]))
        // Derived: atomic, but no fsync needed (a lost checkpoint is rebuilt from the journal).
        try DurableIO.writeAtomic(abs(ArchiveStore.checkpointFile), w.bytes, durable: false)
        entriesSinceCheckpoint = 0
        treeChanged = false
        removeStaleDerivedFiles()
    }

    /// Writes the summaries in filing order as a new file and reads them from it from now on
    /// (the positions do not change).
    func writeSummaries() throws {
        let list = summaries
        var rnd = SystemRandomNumberGenerator()
        let name = ArchiveStore.summariesPrefix + String(rnd.next() as UInt64, radix: 16) + ".v1"
        let path = abs(ArchiveStore.cacheDir + "/" + name)
        let n = list.count
        // Decoded once each (in parallel), then written in order.
        let sums = parallelMap(count: n, chunk: 1024) { list[$0] }
        try SummaryFile.write(
            path: path, count: n, keys: { SummaryCodec.keys(sums[$0]) },
            records: { i, out in
                var w = RecordBytes()
                swap(&w.out, &out)
                SummaryCodec.append(sums[i], to: &w)
                swap(&w.out, &out)
            })
        guard let f = SummaryFile(path: path), f.count == n else {
            throw ArchiveError.damaged(
                path: ArchiveStore.cacheDir + "/" + name, message: "the summaries just written cannot be read back")
        }
        let b = SummaryBase(file: f)
        watch(b)
        summaries = EnvelopeList(base: b)
    }

    /// Removes summaries and history files no checkpoint names any more (under the writers'
    /// lock; a reader that mapped one keeps it until it ends).
    func removeStaleDerivedFiles() {
        var keep = Set(summaries.base.file.map { [DurableIO.basename($0.map.path)] } ?? [])
        for g in register.history?.segments ?? [] { keep.insert(g.name) }
        for f in DurableIO.list(abs(ArchiveStore.cacheDir)) ?? []
        where (f.hasPrefix(ArchiveStore.summariesPrefix) || f.hasPrefix(LoanHistory.prefix)) && !keep.contains(f) {
            DurableIO.remove(abs(ArchiveStore.cacheDir + "/" + f))
        }
        // Checkpoints of earlier formats.
        for old in [
            ".dangan/checkpoint.v2", ".dangan/checkpoint.v3", ".dangan/checkpoint.v4", ".dangan/checkpoint.v6",
            ".dangan/index.v1",
        ]
        where DurableIO.exists(abs(old)) { DurableIO.remove(abs(old)) }
    }

    /// Loads the checkpoint when it is intact and its entries are still in the journal; false
    /// means "fold the journal again". A tree changed outside dangan is compared afterwards.
    func loadCheckpoint() -> Bool {
        guard case .ok(let bytes) = DurableIO.read(abs(ArchiveStore.checkpointFile), kind: .cache), bytes.count > 16
        else { return false }
        var tail = BinReader(bytes)
        tail.pos = bytes.count - 8
        guard let sum = try? tail.u64(), sum == cacheChecksum(bytes.dropLast(8)) else { return false }
        var r = BinReader(bytes, end: bytes.count - 8)
        do {
            guard try r.u32() == ArchiveStore.checkpointMagic, try r.u32() == ArchiveStore.checkpointVersion else {
                return false
            }
            let cachedStamp = try r.u64()
            let ep = try r.u64()
            let fr = try JournalHead.read(&r).frontier
            let t = FoldKey(lamport: try r.int(), desk: try r.str(), seq: try r.int())
            let legacy = ChainHead(seq: try r.int(), hash: try r.str())
            var keys = JournalVerifier()
            for _ in 0..<Int(try r.u32()) {
                let d = try r.str()
                guard let k = try? CryptoKeys.publicKey(try r.blob()) else { return false }
                keys.keys[d] = k
            }
            // The entries the checkpoint reflects must still be there, unchanged.
            guard JournalHead(frontier: fr).isInJournal(root: root) else { return false }
            let dec = JSONDecoder()
            dec.dateDecodingStrategy = .secondsSince1970
            let inf = try dec.decode(ArchiveInfo.self, from: Data(try r.blob()))
            let srev = try r.strs()
            let cabs = try dec.decode([Cabinet].self, from: Data(try r.blob()))
            let probs = try dec.decode([Problem].self, from: Data(try r.blob()))
            let reg = try dec.decode(RegisterSnapshot.self, from: Data(try r.blob()))
            guard reg.loans.count == reg.seqs.count else { return false }
            // The register's past: every segment it names, unchanged.
            var segs: [HistorySegment] = []
            let ns = Int(try r.u32())
            guard ns <= 4096 else { return false }
            for _ in 0..<ns {
                let name = try r.str()
                let sum = try r.u64()
                let count = Int(try r.u64())
                guard name.hasPrefix(LoanHistory.prefix), !name.contains("/"),
                    let g = HistorySegment(path: abs(ArchiveStore.cacheDir + "/" + name)), g.map.u64(120) == sum,
                    g.count == count
                else { return false }
                segs.append(g)
            }
            let unproj = try r.strs()
            // The summaries file it names, unchanged, and the changes since.
            let fileName = try r.str()
            let fileSum = try r.u64()
            let n = Int(try r.u64())
            let base: SummaryBase
            if fileName.isEmpty {
                guard n == 0 else { return false }
                base = .empty
            } else {
                guard fileName.hasPrefix(ArchiveStore.summariesPrefix), !fileName.contains("/"),
                    let f = SummaryFile(path: abs(ArchiveStore.cacheDir + "/" + fileName)), f.count == n,
                    f.map.u64(120) == fileSum
                else { return false }
                base = SummaryBase(file: f)
                watch(base)
            }
            var ov = SummaryOverlay()
            let nr = Int(try r.u32())
            guard nr <= n else { return false }
            for _ in 0..<nr {
                let b = Int(try r.u32())
                guard b < n, ov.removed.last.map({ $0 < b }) ?? true else { return false }
                ov.removed.append(b)
            }
            let np = Int(try r.u32())
            guard np <= n else { return false }
            for _ in 0..<np {
                let b = Int(try r.u32())
                guard b < n, !ov.isRemoved(b), let s = ArchiveStore.decodeSummary(try r.blob()) else { return false }
                ov.replaced[b] = s
            }
            let ni = Int(try r.u32())
            guard ni <= (r.end - r.pos) / 4 else { return false }
            for _ in 0..<ni {
                let a = Int(try r.u32())
                guard a <= n, ov.inserted.last.map({ $0.anchor <= a }) ?? true,
                    let s = ArchiveStore.decodeSummary(try r.blob())
                else { return false }
                ov.inserted.append(.init(anchor: a, summary: s))
            }
            guard r.pos == bytes.count - 8 else { return false }
            ov.reindex()
            frontier = fr
            tip = t
            legacyHead = legacy
            verifier = keys
            setInfo(inf)
            settingsRevision = srev
            cabinets = cabs
            cabinetOrder = Dictionary(cabs.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
            problems = probs
            register = Register(snapshot: reg)
            if !segs.isEmpty {
                let h = LoanHistory(segments: segs)
                watch(h)
                register.history = h
            }
            unprojected = Set(unproj)
            summaries = EnvelopeList(base: base, overlay: ov)
            resetSummaries()
            openedFromCache = true
            epoch = ep
            entriesSinceCheckpoint = 0
            if cachedStamp != ArchiveStore.treeStamp(root: root) {
                // Cabinet folders changed outside dangan (a hand edit, a git pull): fold what
                // the journal brought, then compare the tree.
                refreshJournal()
                reconcileTree()
            }
            return true
        } catch {
            return false
        }
    }

    static func decodeSummary(_ b: [UInt8]) -> EnvelopeSummary? {
        b.withUnsafeBytes { raw -> EnvelopeSummary? in
            guard let p = raw.baseAddress else { return nil }
            var c = RecordCursor(p, 0, raw.count)
            guard let s = SummaryCodec.decode(&c), c.pos == raw.count else { return nil }
            return s
        }
    }

    /// A damaged block of a derived file tells the store, which stops trusting it.
    func watch(_ b: SummaryBase) {
        b.repairer = repairer
        if let f = b.file { watch(f.map) }
    }

    func watch(_ h: LoanHistory) {
        h.repairer = repairer
        for g in h.segments { watch(g.map) }
    }

    func watch(_ m: CheckedMap) {
        let box = damage
        let path = ArchiveStore.cacheDir + "/" + DurableIO.basename(m.path)
        m.onFault = { box.note(path) }
    }

    /// The derived file found damaged, if any (from any thread).
    var damageNoted: String? { damage.peek() }

    /// Where a public read starts: a damaged derived file noticed earlier is replaced first,
    /// unless entries are being folded or a change is being decided (a change decided on it is
    /// refused by `commit` and decided again after the repair).
    @inline(__always) func safePoint() {
        if damage.maybe && folding == 0 && !lock.isHeld { repairIfDamaged() }
    }

    /// When a derived file was found damaged (a block failed its checksum), folds the whole
    /// journal again and writes a new checkpoint; lists of summaries taken from the damaged file
    /// read the new ones. Called where nothing is half done: after opening, before and after a
    /// write, when the journal is refreshed.
    func repairIfDamaged() {
        guard folding == 0, damage.take() != nil else { return }
        repairs += 1
        rebuild()
        try? saveCheckpoint()
        let all = register.loans.enumerated().map { HistoryRecord(seq: $0.offset, record: $0.element) }
        repairer.rebuilt(summaries: summaries, history: LoanHistory(memory: all))
    }

    /// Writes the checkpoint if it is well behind the journal; called when a session ends. A few
    /// entries are cheaper to fold at the next open than a rewrite of the whole checkpoint.
    public func close() {
        if entriesSinceCheckpoint >= 64 || treeChanged { try? saveCheckpoint() }
    }

    /// Writes the checkpoint now (tests, benchmarks, the end of a generation).
    public func writeCache() throws { try saveCheckpoint() }

    /// A hash of the modification times of `cabinets/`, of each cabinet's folder and of its
    /// `cabinet.json`: what tells that cabinets or buildings were added, removed or changed
    /// outside dangan (then the tree is compared with the journal). A few hundred `stat`s at a
    /// million envelopes; what lies deeper (units, envelope folders) is compared by `check`, and
    /// an envelope file found missing when it is read is written again by the next writer.
    public static func treeStamp(root: String) -> UInt64 {
        func mixBytes(_ h: inout UInt64, _ s: String) {
            for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            h = (h ^ 0x2F) &* 0x100_0000_01b3
        }
        func mixTime(_ h: inout UInt64, _ st: stat?) {
            guard let st else {
                h = (h ^ 0x2D) &* 0x100_0000_01b3
                return
            }
            for v in [UInt64(bitPattern: Int64(st.st_mtim.tv_sec)), UInt64(bitPattern: Int64(st.st_mtim.tv_nsec))] {
                h = (h ^ v) &* 0x100_0000_01b3
                h ^= h >> 29
            }
        }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        let cabRoot = root + "/cabinets"
        let rfd = Glibc.open(cabRoot, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
        var st0 = stat()
        mixBytes(&h, "cabinets")
        mixTime(&h, rfd >= 0 && fstat(rfd, &st0) == 0 ? st0 : nil)
        guard rfd >= 0 else { return h }
        defer { Glibc.close(rfd) }
        for cab in DurableIO.list(fd: rfd).sorted() where !cab.hasPrefix(".") {
            var st = stat()
            mixBytes(&h, cab)
            mixTime(&h, fstatat(rfd, cab, &st, AT_SYMLINK_NOFOLLOW) == 0 ? st : nil)
            var sj = stat()
            mixTime(&h, fstatat(rfd, cab + "/cabinet.json", &sj, AT_SYMLINK_NOFOLLOW) == 0 ? sj : nil)
        }
        return h
    }
}

/// Damage found in a store's derived files, noted from whichever thread read it.
final class DamageBox: @unchecked Sendable {
    private let lock = NSLock()
    private var found: String? = nil
    /// Read without the lock on every public read (set under it; at worst noticed one read late).
    private(set) var maybe = false
    func note(_ path: String) {
        lock.lock()
        if found == nil { found = path }
        maybe = true
        lock.unlock()
    }
    func take() -> String? {
        lock.lock()
        defer { lock.unlock() }
        let f = found
        found = nil
        maybe = false
        return f
    }
    func peek() -> String? {
        lock.lock()
        defer { lock.unlock() }
        return found
    }
}
