import Foundation

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
extension ArchiveStore {
    /// A hash of the modification times of the folders down to floor level and of the
    /// cabinet files. Changes made by dangan itself are followed through the journal.
    func treeStamp() -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ s: String) { for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 } }
        func stamp(_ rel: String) {
            mix(rel)
            if let (s, ns) = DurableIO.mtime(abs(rel)) { mix(String(s)); mix(String(ns)) } else { mix("-") }
        }
        stamp("cabinets")
        for cab in (DurableIO.list(abs("cabinets")) ?? []).sorted() where !cab.hasPrefix(".") {
            let c = "cabinets/" + cab
            stamp(c); stamp(c + "/cabinet.json")
            for b in (DurableIO.list(abs(c)) ?? []).sorted() where b != "cabinet.json" && !b.hasPrefix(".") {
                stamp(c + "/" + b)
                for f in (DurableIO.list(abs(c + "/" + b)) ?? []).sorted() where !f.hasPrefix(".") {
                    stamp(c + "/" + b + "/" + f)
                }
            }
        }
        return h
    }

    public func writeCache() throws {
        var w = BinWriter()
        w.u32(ArchiveStore.cacheMagic)
        w.u32(ArchiveStore.cacheVersion)
        w.u64(treeStamp())
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
        }
        w.u64(cacheChecksum(w.bytes[...]))
        try DurableIO.makeDirs(abs(ArchiveStore.cacheDir), durable: false)
        // The cache is derived: atomic, but no fsync needed (a lost cache is rebuilt).
        try DurableIO.writeAtomic(abs(ArchiveStore.cacheFile), w.bytes, durable: false)
        replayedSinceCache = 0
    }

    /// Loads the cache when it is intact and matches the tree; false means "scan instead".
    func loadCache() -> Bool {
        guard case .ok(let bytes) = DurableIO.read(abs(ArchiveStore.cacheFile)) else { return false }
        // The last 8 bytes are a checksum of the rest: a damaged cache is never parsed.
        guard bytes.count > 16 else { return false }
        var tail = BinReader(bytes)
        tail.pos = bytes.count - 8
        guard let sum = try? tail.u64(), sum == cacheChecksum(bytes.dropLast(8)) else { return false }
        var r = BinReader(bytes, end: bytes.count - 8) // no copy of the cache on the start-up path
        do {
            guard try r.u32() == ArchiveStore.cacheMagic, try r.u32() == ArchiveStore.cacheVersion else { return false }
            guard try r.u64() == treeStamp() else { return false }
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
            for _ in 0..<n {
                let id = try r.str(), number = try r.str(), barcode = try r.str(), cab = try r.str(), bld = try r.str()
                let flr = try r.str(), unit = try r.str(), owner = try r.str(), co = try r.strs(), ten = try r.strs()
                let st: EnvelopeStatus = [.active, .closed, .transferred][min(2, Int(try r.u8()))]
                let dc = Int(try r.u32()), miss = Int(try r.u32())
                let orig = Int(try r.u32()), cop = Int(try r.u32())
                let dmg = try r.str()
                sums.append(EnvelopeSummary(id: id, number: number, barcode: barcode, cabinet: cab, building: bld, floor: flr, unit: unit,
                                            owner: owner, coOwners: co, tenants: ten, status: st, documentCount: dc, missing: miss,
                                            damaged: dmg.isEmpty ? nil : dmg, originals: orig, copies: cop))
            }
            guard r.pos == bytes.count - 8 else { return false }
            cabinets = cabs
            cabinetOrder = Dictionary(uniqueKeysWithValues: cabs.enumerated().map { ($1.code, $0) })
            problems = probs
            register = Register(records: loans, anomalies: anomalies, paperwork: paperwork)
            envelopes = sums
            resetSummaries()
            rebuildIndex()
            head = h
            openedFromCache = true
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
