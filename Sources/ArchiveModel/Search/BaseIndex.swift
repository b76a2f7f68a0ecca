import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The search index proper: one flat, read-only image (a file in `.dangan/`, mapped into
/// memory, or the same bytes built in memory) over the envelopes in filing order. A slot is an
/// envelope's position in filing order when the image was built.
///
/// Names: every person field (owner, co-owners, tenants) is a sequence of symbols. Two sorted
/// tables of suffixes form an implicit trie: the anchored table holds each whole field, the
/// inner table every later suffix. A query walks the trie with its automaton, visiting only
/// prefixes the query can still consume, and comes back with ranges of entries, each range a
/// whole subtree that matched at one tier. Cost grows with the number of matches, not the
/// size of the archive; narrow queries touch a few hundred entries.
///
/// Numbers: rooms ("3-1201"), envelope numbers and barcodes are split into tokens (at
/// separators and where letters and digits meet); one table of tokens sorted by their text
/// answers "starts with" by two binary searches. Phones: one `PhoneKey` per phone (its digits last
/// first), in one sorted table: "ends with" is a range found by binary search; used
/// only for an operator whose role may see phone numbers.
///
/// Ranking walks the ranges tier by tier, skipping envelopes already found at a better tier (a
/// bitmap), and keeps the first `limit` in a bounded heap ordered by rank class (owner, then
/// co-owner, then tenant: stored in bits 28–29 of each name entry's slot) and filing order: the
/// best results and the exact total without sorting the matches.
final class BaseIndex: @unchecked Sendable {
    static let formatVersion: UInt32 = 3
    static let magic: UInt32 = 0x5853_4744  // "DGSX"

    enum Sec: Int, CaseIterable {
        case meta, symScalar, symReadStart, symReadings, symVariants
        case pUnits, aOff, aSlot, iOff, iSlot, aRootSym, aRootLo, iRootSym, iRootLo
        case unitKeys, unitStart, unitSyms
        case recOff, recs, tokSlot, tokStart, idHash, idSlot
        case aNext, iNext
        case phoneKey, phoneSlot
    }
    static let headerSize = 48
    static var dirSize: Int { Sec.allCases.count * 16 }

    let image: FlatImage
    let n: Int
    let buildID: UInt64
    let epoch: UInt64
    let head: JournalHead
    let cabinetOrder: [String]
    let cabinetRank: [String: Int]

    // Sections, typed.
    let symScalar: UnsafeBufferPointer<UInt32>
    let symReadStart: UnsafeBufferPointer<UInt32>
    let symReadings: UnsafeBufferPointer<UInt16>
    let symVariants: UnsafeBufferPointer<UInt32>
    let pUnits: UnsafeBufferPointer<UInt16>
    let aOff: UnsafeBufferPointer<UInt32>, aSlot: UnsafeBufferPointer<UInt32>
    /// Each entry's second and third symbols (16 bits each), next to each other in the table's
    /// order: the trie walk reads them without jumping to the symbol sequences.
    let aNext: UnsafeBufferPointer<UInt32>, iNext: UnsafeBufferPointer<UInt32>
    let iOff: UnsafeBufferPointer<UInt32>, iSlot: UnsafeBufferPointer<UInt32>
    let aRootSym: UnsafeBufferPointer<UInt16>, aRootLo: UnsafeBufferPointer<UInt32>
    let iRootSym: UnsafeBufferPointer<UInt16>, iRootLo: UnsafeBufferPointer<UInt32>
    let unitKeys: UnsafeBufferPointer<UInt32>, unitStart: UnsafeBufferPointer<UInt32>,
        unitSyms: UnsafeBufferPointer<UInt16>
    let recOff: UnsafeBufferPointer<UInt32>, recs: UnsafeBufferPointer<UInt8>
    let tokSlot: UnsafeBufferPointer<UInt32>, tokStart: UnsafeBufferPointer<UInt8>
    let idHash: UnsafeBufferPointer<UInt64>, idSlot: UnsafeBufferPointer<UInt32>
    /// Phone keys (digits last first), sorted, and their slots (`anchoredBit`: the key holds the
    /// whole number).
    let phoneKey: UnsafeBufferPointer<UInt64>, phoneSlot: UnsafeBufferPointer<UInt32>

    struct Invalid: Error { let reason: String }

    /// Opens an image, checking everything a damaged or foreign file could get wrong before
    /// any of it is trusted: magic, version, the tables' fingerprint, the checksum, every
    /// section's bounds and every offset stored in the tables.
    init(image: FlatImage, trusted: Bool = false) throws {
        self.image = image
        let size = image.size
        guard size >= BaseIndex.headerSize + BaseIndex.dirSize + 8 else { throw Invalid(reason: "too short") }
        let p = image.base
        func u32(_ o: Int) -> UInt32 { p.loadUnaligned(fromByteOffset: o, as: UInt32.self) }
        func u64(_ o: Int) -> UInt64 { p.loadUnaligned(fromByteOffset: o, as: UInt64.self) }
        guard u32(0) == BaseIndex.magic else { throw Invalid(reason: "not a search index") }
        guard u32(4) == BaseIndex.formatVersion else { throw Invalid(reason: "format \(u32(4))") }
        guard u64(8) == Pinyin.fingerprint else { throw Invalid(reason: "built with other reading tables") }
        guard trusted || u64(size - 8) == image.checksum() else { throw Invalid(reason: "checksum mismatch (damaged)") }
        buildID = u64(16)
        epoch = u64(24)
        n = Int(u64(32))
        guard u32(40) == UInt32(Sec.allCases.count) else { throw Invalid(reason: "section count") }
        var secs: [(Int, Int)] = []
        for i in 0..<Sec.allCases.count {
            let off = Int(u64(BaseIndex.headerSize + i * 16))
            let len = Int(u64(BaseIndex.headerSize + i * 16 + 8))
            guard off >= 0, len >= 0, off % 8 == 0, off <= size - 8, len <= size - 8 - off else {
                throw Invalid(reason: "section \(i) out of bounds")
            }
            secs.append((off, len))
        }
        func sec<T>(_ s: Sec, _: T.Type) -> UnsafeBufferPointer<T> {
            let (off, len) = secs[s.rawValue]
            return UnsafeBufferPointer(
                start: (p + off).assumingMemoryBound(to: T.self), count: len / MemoryLayout<T>.stride)
        }
        symScalar = sec(.symScalar, UInt32.self)
        symReadStart = sec(.symReadStart, UInt32.self)
        symReadings = sec(.symReadings, UInt16.self)
        symVariants = sec(.symVariants, UInt32.self)
        pUnits = sec(.pUnits, UInt16.self)
        aOff = sec(.aOff, UInt32.self)
        aSlot = sec(.aSlot, UInt32.self)
        iOff = sec(.iOff, UInt32.self)
        iSlot = sec(.iSlot, UInt32.self)
        aNext = sec(.aNext, UInt32.self)
        iNext = sec(.iNext, UInt32.self)
        aRootSym = sec(.aRootSym, UInt16.self)
        aRootLo = sec(.aRootLo, UInt32.self)
        iRootSym = sec(.iRootSym, UInt16.self)
        iRootLo = sec(.iRootLo, UInt32.self)
        unitKeys = sec(.unitKeys, UInt32.self)
        unitStart = sec(.unitStart, UInt32.self)
        unitSyms = sec(.unitSyms, UInt16.self)
        recOff = sec(.recOff, UInt32.self)
        recs = sec(.recs, UInt8.self)
        tokSlot = sec(.tokSlot, UInt32.self)
        tokStart = sec(.tokStart, UInt8.self)
        idHash = sec(.idHash, UInt64.self)
        idSlot = sec(.idSlot, UInt32.self)
        phoneKey = sec(.phoneKey, UInt64.self)
        phoneSlot = sec(.phoneSlot, UInt32.self)
        // Meta: head and cabinet order.
        let (mo, ml) = secs[Sec.meta.rawValue]
        var r = BinReader(Array(UnsafeRawBufferPointer(start: p + mo, count: ml)))
        do {
            head = try JournalHead.read(&r)
            cabinetOrder = try r.strs()
        } catch { throw Invalid(reason: "meta") }
        cabinetRank = Dictionary(cabinetOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        if !trusted { try validate() }  // an image built in this process is valid by construction
    }

    /// Bounds of every stored offset, so that queries can read without checks.
    func validate() throws {
        let symbolCount = symScalar.count
        guard symbolCount >= 1, symReadStart.count == symbolCount + 1,
            Int(symReadStart[symbolCount]) == symReadings.count
        else {
            throw Invalid(reason: "symbols")
        }
        for i in 0..<symbolCount where symReadStart[i] > symReadStart[i + 1] {
            throw Invalid(reason: "symbol readings")
        }
        let syl = Pinyin.shared.syllables.count
        for r in symReadings where Int(r) >= syl { throw Invalid(reason: "reading id") }
        guard symVariants.count % 3 == 0 else { throw Invalid(reason: "variants") }
        var k = 2
        while k < symVariants.count {
            if Int(symVariants[k]) >= symbolCount { throw Invalid(reason: "variant symbol") }
            k += 3
        }
        guard pUnits.last == 0 || pUnits.isEmpty else { throw Invalid(reason: "units") }
        for u in pUnits where Int(u) >= symbolCount { throw Invalid(reason: "unit symbol") }
        guard aOff.count == aSlot.count, iOff.count == iSlot.count, aNext.count == aOff.count, iNext.count == iOff.count
        else { throw Invalid(reason: "entries") }
        let unitCount = UInt32(pUnits.count)
        let slotCount = UInt32(n)
        for o in aOff where o >= unitCount { throw Invalid(reason: "entry offset") }
        for o in iOff where o >= unitCount { throw Invalid(reason: "entry offset") }
        for s in aSlot where s & BaseIndex.slotMask >= slotCount || s >> 28 > 2 { throw Invalid(reason: "entry slot") }
        for v in aNext where Int(v >> 16) >= symbolCount || Int(v & 0xFFFF) >= symbolCount {
            throw Invalid(reason: "entry symbols")
        }
        for v in iNext where Int(v >> 16) >= symbolCount || Int(v & 0xFFFF) >= symbolCount {
            throw Invalid(reason: "entry symbols")
        }
        for s in aRootSym where Int(s) >= symbolCount { throw Invalid(reason: "root symbol") }
        for s in iRootSym where Int(s) >= symbolCount { throw Invalid(reason: "root symbol") }
        for s in iSlot where s & BaseIndex.slotMask >= slotCount || s >> 28 > 2 { throw Invalid(reason: "entry slot") }
        guard aRootLo.count == aRootSym.count + 1, iRootLo.count == iRootSym.count + 1,
            aRootLo.last.map({ Int($0) == aOff.count }) ?? false, iRootLo.last.map({ Int($0) == iOff.count }) ?? false
        else { throw Invalid(reason: "roots") }
        for i in 0..<aRootSym.count where aRootLo[i] > aRootLo[i + 1] { throw Invalid(reason: "roots") }
        for i in 0..<iRootSym.count where iRootLo[i] > iRootLo[i + 1] { throw Invalid(reason: "roots") }
        guard unitStart.count == unitKeys.count + 1, unitStart.last.map({ Int($0) == unitSyms.count }) ?? false else {
            throw Invalid(reason: "unit table")
        }
        for i in 0..<unitKeys.count where unitStart[i] > unitStart[i + 1] { throw Invalid(reason: "unit table") }
        for s in unitSyms where Int(s) >= symbolCount { throw Invalid(reason: "unit table") }
        guard recOff.count == n + 1, Int(recOff[n]) == recs.count else { throw Invalid(reason: "records") }
        for i in 0..<n where recOff[i] > recOff[i + 1] { throw Invalid(reason: "records") }
        guard tokSlot.count == tokStart.count else { throw Invalid(reason: "tokens") }
        for t in tokSlot where t & BaseIndex.slotMask >= slotCount || (t >> 28) & 3 > 2 {
            throw Invalid(reason: "token slot")
        }
        guard idHash.count == n, idSlot.count == n else { throw Invalid(reason: "ids") }
        for s in idSlot where s >= slotCount { throw Invalid(reason: "id slot") }
        guard phoneKey.count == phoneSlot.count else { throw Invalid(reason: "phones") }
        for s in phoneSlot where s & ~BaseIndex.anchoredBit >= slotCount { throw Invalid(reason: "phone slot") }
        // Records must be well formed (lengths within bounds); decoded only when shown.
        for i in 0..<n where !recordIsWellFormed(i) { throw Invalid(reason: "record \(i)") }
    }

    static let slotMask: UInt32 = (1 << 28) - 1
    static let anchoredBit: UInt32 = 1 << 30

    // MARK: Records

    func record(_ slot: Int) -> SearchRecord? {
        var r = RecReader(recs, Int(recOff[slot]), Int(recOff[slot + 1]))
        return EnvelopeCard.read(&r)
    }

    func recordIsWellFormed(_ slot: Int) -> Bool {
        var r = RecReader(recs, Int(recOff[slot]), Int(recOff[slot + 1]))
        return EnvelopeCard.skip(&r) && r.pos == r.end
    }

    /// The slot of an envelope id, by binary search over id hashes.
    func slot(ofID id: String) -> Int? {
        let h = BaseIndex.hash(id)
        var lo = 0
        var hi = idHash.count
        while lo < hi {
            let m = (lo + hi) / 2
            if idHash[m] < h { lo = m + 1 } else { hi = m }
        }
        while lo < idHash.count && idHash[lo] == h {
            let s = Int(idSlot[lo])
            if let r = record(s), r.id == id { return s }
            lo += 1
        }
        return nil
    }

    static func hash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h ^ (h >> 29)
    }

    /// Symbols as stored (for a symbol table that continues them for changed envelopes).
    func symbolTable() -> SymbolTable {
        var v: [(UInt32, UInt32, UInt16)] = []
        v.reserveCapacity(symVariants.count / 3)
        var i = 0
        while i + 2 < symVariants.count {
            v.append((symVariants[i], symVariants[i + 1], UInt16(truncatingIfNeeded: symVariants[i + 2])))
            i += 3
        }
        return SymbolTable(
            scalar: Array(symScalar), readStart: Array(symReadStart), readings: Array(symReadings), variants: v)
    }
}

/// The bytes of an index: owned memory or a read-only mapping of a file.
final class FlatImage: @unchecked Sendable {
    let base: UnsafeRawPointer
    let size: Int
    private let owned: UnsafeMutableRawPointer?
    private let mapped: Bool

    init(bytes: UnsafeMutableRawPointer, size: Int) {
        base = UnsafeRawPointer(bytes)
        self.size = size
        owned = bytes
        mapped = false
    }

    /// Maps a file read-only; nil if it cannot be opened or mapped.
    init?(mapping path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0,
            Int(st.st_size) <= DurableIO.FileKind.searchIndex.limit,
            DurableIO.reachedThroughLink(fd, path) == nil
        else { return nil }
        let size = Int(st.st_size)
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
        base = UnsafeRawPointer(p)
        self.size = size
        owned = nil
        mapped = true
    }

    deinit {
        if mapped { munmap(UnsafeMutableRawPointer(mutating: base), size) } else { owned?.deallocate() }
    }

    /// The checksum of all bytes but the last eight (where it is stored), on two cores.
    func checksum() -> UInt64 {
        let len = size - 8
        let parts = 8
        let chunk = (len / parts + 7) & ~7
        let sums = parallelMap(count: parts, chunk: 1) { i -> UInt64 in
            let a = min(len, i * chunk)
            let b = min(len, a + chunk)
            return cacheChecksum(UnsafeRawBufferPointer(start: self.base + a, count: b - a))
        }
        var h: UInt64 = UInt64(len)
        for s in sums {
            h = (h ^ s) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 31
        }
        return h
    }
}
