import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension LoanRecord: Codable {
    enum CodingKeys: String, CodingKey { case loan, due, renewals, returns }
    public init(from d: Decoder) throws {
        let c = try d.container(keyedBy: CodingKeys.self)
        loan = try c.decode(Loan.self, forKey: .loan)
        due = try c.decode(Date.self, forKey: .due)
        renewals = try c.decode([Renewal].self, forKey: .renewals)
        returns = try c.decode([LoanReturn].self, forKey: .returns)
    }
    public func encode(to e: Encoder) throws {
        var c = e.container(keyedBy: CodingKeys.self)
        try c.encode(loan, forKey: .loan); try c.encode(due, forKey: .due)
        try c.encode(renewals, forKey: .renewals); try c.encode(returns, forKey: .returns)
    }
}

extension Register {
    init(records list: [LoanRecord], anomalies: [String], paperwork: Paperwork) {
        self.init()
        self.paperwork = paperwork
        for c in paperwork.copies.values where c.originalOut { for d in c.documents { copyingByDocument[d] = c.id } }
        for r in list {
            records[r.loan.id] = r
            order.append(r.loan.id)
            for d in r.loan.documents { loansByDocument[d, default: []].append(r.loan.id) }
            for d in r.outstandingDocuments {
                openByDocument[d] = r.loan.id
                outByEnvelope[r.loan.envelope, default: 0] += 1
            }
        }
        self.anomalies = anomalies
    }
}

/// The derived cache in `.dangan/index.v1`: the envelope summaries, cabinets, the folded
/// register and the journal head they reflect, plus a stamp of the tree's folders. It is
/// never the source of truth: when the stamp differs (envelopes added or removed outside
/// dangan), or the file is damaged, the archive is scanned again and the cache rewritten.
final class StampBox: @unchecked Sendable { var stamp: UInt64 = 0 }

extension ArchiveStore {
    /// A hash of the modification times of the folders down to floor level and of the
    /// cabinet files. Changes made by dangan itself are followed through the journal.
    func treeStamp() -> UInt64 { ArchiveStore.treeStamp(root: root) }

    /// The same, for a folder that is not open: one stat per floor folder, relative to its
    /// building's folder, cabinets on both cores.
    public static func treeStamp(root: String) -> UInt64 {
        @Sendable func mixBytes(_ h: inout UInt64, _ s: String) { for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }; h = (h ^ 0x2F) &* 0x100_0000_01b3 }
        @Sendable func mixTime(_ h: inout UInt64, _ st: stat?) {
            guard let st else { h = (h ^ 0x2D) &* 0x100_0000_01b3; return }
            for v in [UInt64(bitPattern: Int64(st.st_mtim.tv_sec)), UInt64(bitPattern: Int64(st.st_mtim.tv_nsec))] {
                h = (h ^ v) &* 0x100_0000_01b3; h ^= h >> 29
            }
        }
        @Sendable func statAt(_ fd: Int32, _ name: String) -> stat? {
            var st = stat()
            return fstatat(fd, name, &st, 0) == 0 ? st : nil
        }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        let cabRoot = root + "/cabinets"
        var st0 = stat()
        mixBytes(&h, "cabinets"); mixTime(&h, stat(cabRoot, &st0) == 0 ? st0 : nil)
        let cabs = (DurableIO.list(cabRoot) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        let parts = parallelMap(count: cabs.count, chunk: 1) { i -> UInt64 in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            let cab = cabs[i]
            let cfd = Glibc.open(cabRoot + "/" + cab, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            mixBytes(&h, cab)
            var st = stat()
            mixTime(&h, stat(cabRoot + "/" + cab, &st) == 0 ? st : nil)
            guard cfd >= 0 else { return h }
            defer { Glibc.close(cfd) }
            mixBytes(&h, "cabinet.json"); mixTime(&h, statAt(cfd, "cabinet.json"))
            for b in (DurableIO.list(cabRoot + "/" + cab) ?? []).sorted() where b != "cabinet.json" && !b.hasPrefix(".") {
                mixBytes(&h, b); mixTime(&h, statAt(cfd, b))
                let bfd = openat(cfd, b, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                guard bfd >= 0 else { continue }
                defer { Glibc.close(bfd) }
                for f in DurableIO.list(fd: bfd).sorted() where !f.hasPrefix(".") {
                    mixBytes(&h, f); mixTime(&h, statAt(bfd, f))
                }
            }
            return h
        }
        for p in parts { h = (h ^ p) &* 0x100_0000_01b3; h ^= h >> 31 }
        return h
    }

    /// The cache's stamp, scan epoch and journal head, read without loading the cache; nil when
    /// there is no usable cache or its head is no longer in the journal (a full open rescans).
    static func cacheHeader(root: String) -> (stamp: UInt64, epoch: UInt64, head: JournalHead)? {
        let fd = Glibc.open(root + "/" + cacheFile, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var buf = [UInt8](repeating: 0, count: 4096)
        let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
        guard n > 24 else { return nil }
        var r = BinReader(Array(buf[0..<n]))
        guard let m = try? r.u32(), m == cacheMagic, let v = try? r.u32(), v == cacheVersion,
              let stamp = try? r.u64(), let epoch = try? r.u64(),
              let seq = try? r.int(), let month = try? r.str(), let file = try? r.str(), let hash = try? r.str() else { return nil }
        let head = JournalHead(seq: seq, month: month, file: file, hash: hash)
        if seq > 0 {
            guard case .ok(let jb) = DurableIO.read("\(root)/journal/\(month)/\(file)"), SHA256.hex(jb) == hash else { return nil }
        }
        return (stamp, epoch, head)
    }

    public func writeCache() throws {
        var w = BinWriter()
        w.u32(ArchiveStore.cacheMagic)
        w.u32(ArchiveStore.cacheVersion)
        w.u64(treeStamp())
        w.u64(epoch)
        w.int(head.seq); w.str(head.month); w.str(head.file); w.str(head.hash)
        let enc = JSONEncoder()
        enc.dateEncodingStrategy = .secondsSince1970
        w.blob([UInt8](try enc.encode(cabinets)))
        w.blob([UInt8](try enc.encode(problems)))
        w.blob([UInt8](try enc.encode(register.loans)))
        w.strs(register.anomalies)
        w.blob([UInt8](try enc.encode(register.paperwork)))
        w.u32(UInt32(envelopes.count))
        for e in envelopes {
            w.str(e.id); w.str(e.number); w.str(e.barcode); w.str(e.cabinet); w.str(e.building); w.str(e.floor); w.str(e.unit)
            w.str(e.owner); w.strs(e.coOwners); w.strs(e.tenants)
            w.u8(e.status == .active ? 0 : e.status == .closed ? 1 : 2)
            w.u32(UInt32(e.documentCount)); w.u32(UInt32(e.missing)); w.u32(UInt32(e.originals)); w.u32(UInt32(e.copies))
            w.str(e.damaged ?? "")
            w.strs(e.phones)
        }
        w.u64(cacheChecksum(w.bytes[...]))
        try DurableIO.makeDirs(abs(ArchiveStore.cacheDir), durable: false)
        // The cache is derived: atomic, but no fsync needed (a lost cache is rebuilt).
        try DurableIO.writeAtomic(abs(ArchiveStore.cacheFile), w.bytes, durable: false)
        replayedSinceCache = 0
    }

    /// Loads the cache when it is intact and matches the tree; false means "scan instead".
    func loadCache() -> Bool {
        // The tree's stamp is taken on other threads while this one decodes the cache: the two
        // are compared before anything decoded is used.
        let stampBox = UncheckedSendable(value: StampBox())
        let group = DispatchGroup()
        let rootPath = root
        DispatchQueue.global(qos: .userInitiated).async(group: group) { stampBox.value.stamp = ArchiveStore.treeStamp(root: rootPath) }
        defer { group.wait() }
        guard case .ok(let bytes) = DurableIO.read(abs(ArchiveStore.cacheFile)) else { return false }
        // The last 8 bytes are a checksum of the rest: a damaged cache is never parsed.
        guard bytes.count > 16 else { return false }
        var tail = BinReader(bytes)
        tail.pos = bytes.count - 8
        guard let sum = try? tail.u64(), sum == cacheChecksum(bytes.dropLast(8)) else { return false }
        var r = BinReader(bytes, end: bytes.count - 8) // no copy of the cache on the start-up path
        do {
            guard try r.u32() == ArchiveStore.cacheMagic, try r.u32() == ArchiveStore.cacheVersion else { return false }
            let cachedStamp = try r.u64()
            let ep = try r.u64()
            let h = JournalHead(seq: try r.int(), month: try r.str(), file: try r.str(), hash: try r.str())
            // The head the cache reflects must still be there, unchanged.
            if h.seq > 0 {
                guard case .ok(let jb) = DurableIO.read(abs("journal/\(h.month)/\(h.file)")), SHA256.hex(jb) == h.hash else { return false }
            }
            let dec = JSONDecoder()
            dec.dateDecodingStrategy = .secondsSince1970
            let cabs = try dec.decode([Cabinet].self, from: Data(try r.blob()))
            let probs = try dec.decode([Problem].self, from: Data(try r.blob()))
            let loans = try dec.decode([LoanRecord].self, from: Data(try r.blob()))
            let anomalies = try r.strs()
            let paperwork = try dec.decode(Paperwork.self, from: Data(try r.blob()))
            let n = Int(try r.u32())
            var sums = [EnvelopeSummary]()
            guard n <= (r.end - r.pos) / 16 else { return false } // each summary takes more than 16 bytes
            sums.reserveCapacity(n)
            var hashes: [UInt64] = []
            hashes.reserveCapacity(n)
            for _ in 0..<n {
                hashes.append(r.peekStrHash(IDIndex.hash))
                let id = try r.str(), number = try r.str(), barcode = try r.str(), cab = try r.str(), bld = try r.str()
                let flr = try r.str(), unit = try r.str(), owner = try r.str(), co = try r.strs(), ten = try r.strs()
                let sb = try r.u8()
                let st: EnvelopeStatus = sb == 0 ? .active : sb == 1 ? .closed : .transferred
                let dc = Int(try r.u32()), miss = Int(try r.u32())
                let orig = Int(try r.u32()), cop = Int(try r.u32())
                let dmg = try r.str()
                let phones = try r.strs()
                sums.append(EnvelopeSummary(id: id, number: number, barcode: barcode, cabinet: cab, building: bld, floor: flr, unit: unit,
                                            owner: owner, coOwners: co, tenants: ten, status: st, documentCount: dc, missing: miss,
                                            damaged: dmg.isEmpty ? nil : dmg, originals: orig, copies: cop, phones: phones))
            }
            guard r.pos == bytes.count - 8 else { return false }
            group.wait()
            guard cachedStamp == stampBox.value.stamp else { return false } // folders changed outside dangan: rescan
            cabinets = cabs
            cabinetOrder = Dictionary(uniqueKeysWithValues: cabs.enumerated().map { ($1.code, $0) })
            problems = probs
            register = Register(records: loans, anomalies: anomalies, paperwork: paperwork)
            envelopes = sums
            resetSummaries()
            rebuildIndex()
            idIndex.precomputed = hashes
            head = h
            openedFromCache = true
            epoch = ep
            replayedSinceCache = 0
            return true
        } catch {
            return false
        }
    }

    /// Writes the cache if it is well behind the journal; called when a session ends. A few
    /// entries are cheaper to replay at the next open than a rewrite of the whole cache.
    public func close() {
        if replayedSinceCache >= 64 { try? writeCache() }
    }
}
