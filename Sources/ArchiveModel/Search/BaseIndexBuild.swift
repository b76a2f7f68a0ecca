// Over 400 lines: the index image built in one pass whose stages share their buffers.
import Foundation

/// Wraps a value for use from several threads where the code guarantees disjoint access.
struct UncheckedSendable<T>: @unchecked Sendable { var value: T }

extension BaseIndex {
    /// Builds an image over `records` (filing order). Two cores: names on one, numbers and
    /// records on the other, and each half sorts its tables on both.
    static func build(
        records: [SearchRecord], cabinetOrder: [String], head: JournalHead, epoch: UInt64, progress: WorkProgress? = nil
    ) -> FlatImage {
        let names = NamesHalf()
        let numbers = NumbersHalf()
        let recordsPart = RecordsPart()
        // Progress: each record passes through the three parts.
        progress?.start(total: records.count * 3)
        names.progress = progress
        numbers.progress = progress
        recordsPart.progress = progress
        let input = UncheckedSendable(value: records)
        // Three parts on two cores: the number tokens (the longest) on one, names then records
        // on the other.
        DispatchQueue.concurrentPerform(iterations: 3) { i in
            switch i {
            case 0: numbers.build(input.value)
            case 1: names.build(input.value)
            default: recordsPart.build(input.value)
            }
        }
        var meta = BinWriter()
        head.write(to: &meta)
        meta.strs(cabinetOrder)
        var w = ImageWriter(n: records.count, epoch: epoch)
        w.add(.meta, meta.bytes)
        w.add(.symScalar, names.symbols.scalar)
        w.add(.symReadStart, names.symbols.readStart)
        w.add(.symReadings, names.symbols.readings)
        w.add(.symVariants, names.variants)
        w.add(.pUnits, names.pUnits)
        w.add(.aOff, names.anchored.map { $0.off })
        w.add(.aSlot, names.anchored.map { $0.slot })
        w.add(.iOff, names.inner.map { $0.off })
        w.add(.iSlot, names.inner.map { $0.slot })
        w.add(.aNext, names.anchored.map { UInt32(truncatingIfNeeded: $0.k0 >> 16) })
        w.add(.iNext, names.inner.map { UInt32(truncatingIfNeeded: $0.k0 >> 16) })
        w.add(.aRootSym, names.aRoot.0)
        w.add(.aRootLo, names.aRoot.1)
        w.add(.iRootSym, names.iRoot.0)
        w.add(.iRootLo, names.iRoot.1)
        w.add(.unitKeys, names.unitKeys)
        w.add(.unitStart, names.unitStart)
        w.add(.unitSyms, names.unitSyms)
        names.anchored = []
        names.inner = []
        w.add(.recOff, recordsPart.recOff)
        w.add(.recs, recordsPart.recs)
        w.add(.tokSlot, numbers.toks.map { $0.packed })
        w.add(.tokStart, numbers.toks.map { $0.start })
        numbers.toks = []
        w.add(.idHash, recordsPart.ids.map { $0.0 })
        w.add(.idSlot, recordsPart.ids.map { $0.1 })
        w.add(.phoneKey, recordsPart.phones.map { $0.0 })
        w.add(.phoneSlot, recordsPart.phones.map { $0.1 })
        return w.finish()
    }

    /// Person fields → symbol sequences, one entry per suffix, sorted into the trie's tables.
    final class NamesHalf: @unchecked Sendable {
        var progress: WorkProgress? = nil
        let symbols = SymbolTable()
        var pUnits: [UInt16] = [0]
        var anchored: [PEnt] = [], inner: [PEnt] = []
        var aRoot: ([UInt16], [UInt32]) = ([], [0]), iRoot: ([UInt16], [UInt32]) = ([], [0])
        var unitKeys: [UInt32] = [], unitStart: [UInt32] = [0], unitSyms: [UInt16] = []
        var variants: [UInt32] = []

        func build(_ records: [SearchRecord]) {
            let n = records.count
            pUnits.reserveCapacity(n * 6)
            anchored.reserveCapacity(n + n / 2)
            inner.reserveCapacity(n * 2)
            // An entry's slot carries the field's rank class in bits 28–29 (owner 0, co-owner 1, tenant 2).
            func add(_ f: String, _ slot: Int, _ kind: FieldKind) {
                let off = pUnits.count
                symbols.encodePerson(f, into: &pUnits)
                let len = pUnits.count - off
                if len == 0 { return }
                pUnits.append(0)
                let v = UInt32(slot) | UInt32(kind.rankClass) << 28
                anchored.append(PEnt(off: UInt32(off), slot: v))
                for p in 1..<len { inner.append(PEnt(off: UInt32(off + p), slot: v)) }
            }
            for (slot, r) in records.enumerated() {
                if slot & 4095 == 4095 { progress?.advance(4096) }
                add(r.owner, slot, .owner)
                for c in r.coOwners { add(c, slot, .coOwner) }
                for t in r.tenants { add(t, slot, .tenant) }
            }
            // Sort both tables: by first symbol into buckets, then each bucket on its own.
            pUnits.withUnsafeBufferPointer { up in
                let u = UncheckedSendable(value: up)
                for i in anchored.indices { anchored[i].setKeys(up) }
                for i in inner.indices { inner[i].setKeys(up) }
                BaseIndex.sortBuckets(&anchored, context: u)
                BaseIndex.sortBuckets(&inner, context: u)
            }
            func roots(_ t: [PEnt]) -> ([UInt16], [UInt32]) {
                var syms: [UInt16] = []
                var lo: [UInt32] = []
                for (i, e) in t.enumerated() {
                    let s = UInt16(e.k0 >> 48)
                    if syms.last != s {
                        syms.append(s)
                        lo.append(UInt32(i))
                    }
                }
                lo.append(UInt32(t.count))
                return (syms, lo)
            }
            aRoot = roots(anchored)
            iRoot = roots(inner)
            // Which symbols can consume a given first unit of a query.
            var byUnit: [UInt32: [UInt16]] = [:]
            for s in 1..<symbols.count {
                var us: Set<UInt32> = [symbols.scalar[s]]
                for r in symbols.readingsOf(s) {
                    let y = symbols.pinyin.syllables[Int(r)]
                    if let c = y.first {
                        us.insert(UInt32(c))
                        if c == 118 { us.insert(117) }
                    }
                }
                for u in us where u != SymbolTable.overflowScalar { byUnit[u, default: []].append(UInt16(s)) }
            }
            unitKeys = byUnit.keys.sorted()
            for k in unitKeys {
                unitSyms.append(contentsOf: byUnit[k]!)
                unitStart.append(UInt32(unitSyms.count))
            }
            for (v, k, s) in symbols.variants {
                variants.append(v)
                variants.append(k)
                variants.append(UInt32(s))
            }
        }
    }

    /// Each envelope's searchable record, the id table and the phone table.
    final class RecordsPart: @unchecked Sendable {
        var progress: WorkProgress? = nil
        var recs: [UInt8] = [], recOff: [UInt32] = [0]
        var ids: [(UInt64, UInt32)] = []
        var phones: [(UInt64, UInt32)] = []

        func build(_ records: [SearchRecord]) {
            let n = records.count
            recs.reserveCapacity(n * 96)
            recOff.reserveCapacity(n + 1)
            ids.reserveCapacity(n)
            for (slot, r) in records.enumerated() {
                if slot & 4095 == 4095 { progress?.advance(4096) }
                r.append(to: &recs)
                recOff.append(UInt32(recs.count))
                ids.append((BaseIndex.hash(r.id), UInt32(slot)))
                for p in r.phones {
                    if let (k, whole) = PhoneKey.token(p) {
                        phones.append((k, UInt32(slot) | (whole ? BaseIndex.anchoredBit : 0)))
                    }
                }
            }
            ids.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            phones.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        }
    }

    /// The number tokens (rooms, envelope numbers, barcodes), sorted by their text.
    final class NumbersHalf: @unchecked Sendable {
        var progress: WorkProgress? = nil
        var toks: [TEnt] = []

        func build(_ records: [SearchRecord]) {
            let n = records.count
            toks.reserveCapacity(n * 7)
            var keyBytes: [UInt8] = []
            keyBytes.reserveCapacity(n * 36)
            var key: [UInt8] = []
            for (slot, r) in records.enumerated() {
                if slot & 4095 == 4095 { progress?.advance(4096) }
                for kind in 0..<3 {
                    key.removeAll(keepingCapacity: true)
                    if kind == 0 {
                        SymbolTable.appendNumberKey(r.building, to: &key)
                        key.append(45)
                        SymbolTable.appendNumberKey(r.unit, to: &key)
                    } else {
                        SymbolTable.appendNumberKey(kind == 1 ? r.number : r.barcode, to: &key)
                    }
                    if key.count > 255 { key.removeLast(key.count - 255) }
                    let ko = UInt32(keyBytes.count)
                    keyBytes.append(contentsOf: key)
                    SymbolTable.forEachTokenStart(key) { t in
                        toks.append(
                            TEnt(
                                key: key, start: t, slot: UInt32(slot), kind: UInt32(kind), keyOff: ko,
                                keyLen: UInt8(key.count)))
                    }
                }
            }
            keyBytes.withUnsafeBufferPointer { kb in
                BaseIndex.sortBuckets(&toks, context: UncheckedSendable(value: kb))
            }
        }
    }

    /// Sorts by bucket (the first 16 bits of the key: a counting pass), then every bucket on
    /// its own, both cores taking the biggest buckets first. Specialised per entry type.
    static func sortBuckets<E: BucketSortable>(_ a: inout [E], context: UncheckedSendable<E.Context>) {
        guard a.count > 1 else { return }
        let buckets = 65536
        var count = [Int](repeating: 0, count: buckets + 1)
        for e in a { count[e.bucket + 1] += 1 }
        for i in 1...buckets { count[i] += count[i - 1] }
        var fill = count
        let out = UnsafeMutableBufferPointer<E>.allocate(capacity: a.count)
        for e in a {
            let b = e.bucket
            (out.baseAddress! + fill[b]).initialize(to: e)
            fill[b] += 1
        }
        let ranges = (0..<buckets).compactMap { b -> Range<Int>? in
            count[b + 1] - count[b] > 1 ? count[b]..<count[b + 1] : nil
        }
        let order = UncheckedSendable(value: ranges.sorted { $0.count > $1.count })
        let buf = UncheckedSendable(value: out)
        let next = Counter()
        DispatchQueue.concurrentPerform(
            iterations: max(1, min(ProcessInfo.processInfo.activeProcessorCount, order.value.count))
        ) { _ in
            let ctx = context.value
            while true {
                let i = next.increment()
                if i >= order.value.count { break }
                var part = UnsafeMutableBufferPointer(rebasing: buf.value[order.value[i]])
                part.sort { E.less($0, $1, ctx) }
            }
        }
        a = Array(out)
        out.baseAddress!.deinitialize(count: a.count)
        out.deallocate()
    }
}

protocol BucketSortable: SendableMetatype {
    associatedtype Context
    var bucket: Int { get }
    static func less(_ a: Self, _ b: Self, _ ctx: Context) -> Bool
}

extension PEnt: BucketSortable {
    var bucket: Int { Int(k0 >> 48) }
}

extension TEnt: BucketSortable {
    var bucket: Int { Int(k0 >> 48) }
}

/// A shared counter for handing out work.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        let v = value
        value += 1
        return v
    }
}

/// A suffix entry while sorting: its first eight symbols packed big-endian, then the rest compared in place.
struct PEnt {
    var k0: UInt64 = 0, k1: UInt64 = 0
    var off: UInt32
    var slot: UInt32
    init(off: UInt32, slot: UInt32) {
        self.off = off
        self.slot = slot
    }
    mutating func setKeys(_ u: UnsafeBufferPointer<UInt16>) {
        var a: UInt64 = 0
        var b: UInt64 = 0
        var i = Int(off)
        var d = 0
        while d < 8 && u[i] != 0 {
            if d < 4 {
                a |= UInt64(u[i]) << UInt64(48 - 16 * d)
            } else {
                b |= UInt64(u[i]) << UInt64(48 - 16 * (d - 4))
            }
            i += 1
            d += 1
        }
        k0 = a
        k1 = b
    }
    static func less(_ a: PEnt, _ b: PEnt, _ u: UnsafeBufferPointer<UInt16>) -> Bool {
        if a.k0 != b.k0 { return a.k0 < b.k0 }
        if a.k1 != b.k1 { return a.k1 < b.k1 }
        // Equal so far: either both ended within the first eight symbols, or compare the rest.
        if (a.k1 & 0xFFFF) == 0 { return a.slot < b.slot }
        var i = Int(a.off) + 8
        var j = Int(b.off) + 8
        while true {
            let x = u[i]
            let y = u[j]
            if x != y { return x < y }
            if x == 0 { return a.slot < b.slot }
            i += 1
            j += 1
        }
    }
}

/// A number token while sorting: its first sixteen bytes packed big-endian.
struct TEnt {
    var k0: UInt64, k1: UInt64
    var slot: UInt32
    var keyOff: UInt32
    var kind: UInt8
    var start: UInt8
    var keyLen: UInt8
    init(key: [UInt8], start t: Int, slot: UInt32, kind: UInt32, keyOff: UInt32, keyLen: UInt8) {
        var a: UInt64 = 0
        var b: UInt64 = 0
        var d = 0
        while d < 16 && t + d < key.count {
            if d < 8 {
                a |= UInt64(key[t + d]) << UInt64(56 - 8 * d)
            } else {
                b |= UInt64(key[t + d]) << UInt64(56 - 8 * (d - 8))
            }
            d += 1
        }
        k0 = a
        k1 = b
        self.slot = slot
        self.kind = UInt8(kind)
        start = UInt8(t)
        self.keyOff = keyOff
        self.keyLen = keyLen
    }
    var packed: UInt32 { slot | UInt32(kind) << 28 | (start == 0 ? BaseIndex.anchoredBit : 0) }
    var rest: Int { Int(keyLen) - Int(start) }
    static func less(_ a: TEnt, _ b: TEnt, _ keys: UnsafeBufferPointer<UInt8>) -> Bool {
        if a.k0 != b.k0 { return a.k0 < b.k0 }
        if a.k1 != b.k1 { return a.k1 < b.k1 }
        let xa = a.rest
        let ya = b.rest
        if xa > 16 && ya > 16 {
            var i = Int(a.keyOff) + Int(a.start) + 16
            var j = Int(b.keyOff) + Int(b.start) + 16
            let ie = Int(a.keyOff) + Int(a.keyLen)
            let je = Int(b.keyOff) + Int(b.keyLen)
            while i < ie && j < je {
                if keys[i] != keys[j] { return keys[i] < keys[j] }
                i += 1
                j += 1
            }
        }
        if xa != ya { return xa < ya }
        return a.slot != b.slot ? a.slot < b.slot : a.kind < b.kind
    }
}

/// Lays sections out (8-byte aligned) behind the header and directory; the checksum goes last.
struct ImageWriter {
    /// Each section: its kind, size, and how to copy it into the image (the source array is
    /// kept until then: one copy, not two).
    var sections: [(BaseIndex.Sec, Int, (UnsafeMutableRawPointer) -> Void)] = []
    let n: Int
    let epoch: UInt64
    init(n: Int, epoch: UInt64) {
        self.n = n
        self.epoch = epoch
    }

    mutating func add<T>(_ s: BaseIndex.Sec, _ a: [T]) {
        sections.append(
            (
                s, a.count * MemoryLayout<T>.stride,
                { dst in
                    a.withUnsafeBytes { if $0.count > 0 { dst.copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
                }
            ))
    }

    mutating func finish() -> FlatImage {
        let count = BaseIndex.Sec.allCases.count
        var offsets = [Int](repeating: 0, count: count)
        var lens = [Int](repeating: 0, count: count)
        var pos = BaseIndex.headerSize + BaseIndex.dirSize
        for (s, len, _) in sections {
            pos = (pos + 7) & ~7
            offsets[s.rawValue] = pos
            lens[s.rawValue] = len
            pos += len
        }
        pos = (pos + 7) & ~7
        let size = pos + 8
        let img = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        img.initializeMemory(as: UInt8.self, repeating: 0, count: BaseIndex.headerSize + BaseIndex.dirSize)
        func put32(_ o: Int, _ v: UInt32) { img.storeBytes(of: v, toByteOffset: o, as: UInt32.self) }
        func put64(_ o: Int, _ v: UInt64) { img.storeBytes(of: v, toByteOffset: o, as: UInt64.self) }
        put32(0, BaseIndex.magic)
        put32(4, BaseIndex.formatVersion)
        put64(8, Pinyin.fingerprint)
        var g = SystemRandomNumberGenerator()
        put64(16, g.next())
        put64(24, epoch)
        put64(32, UInt64(n))
        put32(40, UInt32(count))
        for i in 0..<count {
            put64(BaseIndex.headerSize + i * 16, UInt64(offsets[i]))
            put64(BaseIndex.headerSize + i * 16 + 8, UInt64(lens[i]))
        }
        var end = BaseIndex.headerSize + BaseIndex.dirSize
        for (s, len, copy) in sections {
            let o = offsets[s.rawValue]
            // alignment padding
            if o > end { (img + end).initializeMemory(as: UInt8.self, repeating: 0, count: o - end) }
            copy(img + o)
            end = o + len
        }
        (img + end).initializeMemory(as: UInt8.self, repeating: 0, count: size - end)
        sections = []
        let image = FlatImage(bytes: img, size: size)
        put64(size - 8, image.checksum())
        return image
    }
}
