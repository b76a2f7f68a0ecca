import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The checkpoint in `.dangan/checkpoint.v2`: the journal folded up to a frontier (settings,
/// cabinets, the register, every envelope's summary) so that opening an archive costs what has
/// changed since, not its whole history. It is derived, never the source of truth: it is
/// trusted only while the entries it names are still in the journal with the same hashes and
/// its checksum holds; otherwise the journal is folded again. A stamp of the tree's folders
/// tells whether folders changed outside dangan, in which case the tree is compared again.
extension ArchiveStore {
    static let checkpointFile = ".dangan/checkpoint.v2"
    static let checkpointMagic: UInt32 = 0x5043_4744  // "DGCP"
    static let checkpointVersion: UInt32 = 5

    public func saveCheckpoint() throws {
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
        w.strs(unprojected.sorted())
        w.u32(UInt32(envelopes.count))
        for e in envelopes {
            var card: [UInt8] = []
            e.card.append(to: &card)
            w.blob(card)
            w.u32(UInt32(e.documentCount))
            w.u32(UInt32(e.missing))
            w.u32(UInt32(e.originals))
            w.u32(UInt32(e.copies))
            w.str(e.damaged ?? "")
            w.strs(e.revision)
            w.u64(e.digest)
        }
        w.u64(cacheChecksum(w.bytes[...]))
        try DurableIO.makeDirs(abs(ArchiveStore.cacheDir), durable: false)
        // Derived: atomic, but no fsync needed (a lost checkpoint is rebuilt from the journal).
        try DurableIO.writeAtomic(abs(ArchiveStore.checkpointFile), w.bytes, durable: false)
        entriesSinceCheckpoint = 0
        treeChanged = false
    }

    /// Loads the checkpoint when it is intact and its entries are still in the journal; false
    /// means "fold the journal again". A tree changed outside dangan is compared afterwards.
    func loadCheckpoint() -> Bool {
        let stampBox = UncheckedSendable(value: StampBox())
        let group = DispatchGroup()
        let rootPath = root
        DispatchQueue.global(qos: .userInitiated).async(group: group) {
            stampBox.value.stamp = ArchiveStore.treeStamp(root: rootPath)
        }
        defer { group.wait() }
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
            let unproj = try r.strs()
            let n = Int(try r.u32())
            guard n <= (r.end - r.pos) / 16 else { return false }
            var sums = [EnvelopeSummary]()
            sums.reserveCapacity(n)
            var hashes: [UInt64] = []
            hashes.reserveCapacity(n)
            for _ in 0..<n {
                guard let card = EnvelopeCard.read(bytes: try r.blob()) else { return false }
                hashes.append(IDIndex.hash(card.id))
                let dc = Int(try r.u32())
                let miss = Int(try r.u32())
                let orig = Int(try r.u32())
                let cop = Int(try r.u32())
                let dmg = try r.str()
                let rev = try r.strs()
                let digest = try r.u64()
                sums.append(
                    EnvelopeSummary(
                        card: card, documentCount: dc, missing: miss, damaged: dmg.isEmpty ? nil : dmg,
                        originals: orig, copies: cop, revision: rev, digest: digest))
            }
            guard r.pos == bytes.count - 8 else { return false }
            group.wait()
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
            unprojected = Set(unproj)
            envelopes = sums
            resetSummaries()
            rebuildIndex()
            idIndex.precomputed = hashes
            openedFromCache = true
            epoch = ep
            entriesSinceCheckpoint = 0
            if cachedStamp != stampBox.value.stamp {
                // Folders changed outside dangan (a hand edit, a git pull): fold what the
                // journal brought, then compare the tree.
                refreshJournal()
                reconcileTree()
            }
            return true
        } catch {
            return false
        }
    }

    /// Writes the checkpoint if it is well behind the journal; called when a session ends. A few
    /// entries are cheaper to fold at the next open than a rewrite of the whole checkpoint.
    public func close() {
        if entriesSinceCheckpoint >= 64 || treeChanged { try? saveCheckpoint() }
    }

    /// Writes the checkpoint now (tests, benchmarks, the end of a generation).
    public func writeCache() throws { try saveCheckpoint() }

    /// A hash of the modification times of the folders down to floor level and of the
    /// cabinet files: what tells that folders changed outside dangan.
    public static func treeStamp(root: String) -> UInt64 {
        @Sendable func mixBytes(_ h: inout UInt64, _ s: String) {
            for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            h = (h ^ 0x2F) &* 0x100_0000_01b3
        }
        @Sendable func mixTime(_ h: inout UInt64, _ st: stat?) {
            guard let st else {
                h = (h ^ 0x2D) &* 0x100_0000_01b3
                return
            }
            for v in [UInt64(bitPattern: Int64(st.st_mtim.tv_sec)), UInt64(bitPattern: Int64(st.st_mtim.tv_nsec))] {
                h = (h ^ v) &* 0x100_0000_01b3
                h ^= h >> 29
            }
        }
        @Sendable func statAt(_ fd: Int32, _ name: String) -> stat? {
            var st = stat()
            return fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? st : nil
        }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        let cabRoot = root + "/cabinets"
        var st0 = stat()
        mixBytes(&h, "cabinets")
        mixTime(&h, lstat(cabRoot, &st0) == 0 ? st0 : nil)
        let cabs = (DurableIO.list(cabRoot) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        let parts = parallelMap(count: cabs.count, chunk: 1) { i -> UInt64 in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            let cab = cabs[i]
            let cfd = Glibc.open(cabRoot + "/" + cab, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
            mixBytes(&h, cab)
            var st = stat()
            mixTime(&h, lstat(cabRoot + "/" + cab, &st) == 0 ? st : nil)
            guard cfd >= 0 else { return h }
            defer { Glibc.close(cfd) }
            mixBytes(&h, "cabinet.json")
            mixTime(&h, statAt(cfd, "cabinet.json"))
            for b in DurableIO.list(fd: cfd).sorted() where b != "cabinet.json" && !b.hasPrefix(".") {
                mixBytes(&h, b)
                mixTime(&h, statAt(cfd, b))
                let bfd = openat(cfd, b, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
                guard bfd >= 0 else { continue }
                defer { Glibc.close(bfd) }
                for f in DurableIO.list(fd: bfd).sorted() where !f.hasPrefix(".") {
                    mixBytes(&h, f)
                    mixTime(&h, statAt(bfd, f))
                }
            }
            return h
        }
        for p in parts {
            h = (h ^ p) &* 0x100_0000_01b3
            h ^= h >> 31
        }
        return h
    }
}

final class StampBox: @unchecked Sendable { var stamp: UInt64 = 0 }
