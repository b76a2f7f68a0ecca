import Foundation

/// Hanzi → pinyin readings, parsed once from the derived Unihan table into a flat lookup by
/// code point (the table covers the BMP: CJK Unified Ideographs and Extension A).
public final class Pinyin: @unchecked Sendable {
    public static let shared = Pinyin()
    /// Syllables as bytes; index = syllable id.
    public let syllables: [[UInt8]]
    /// Readings of BMP scalar v: ids[start[v] ..< start[v + 1]].
    let start: [UInt32]
    let ids: [UInt16]
    let syllableID: [String: UInt16]

    init() {
        var syl: [[UInt8]] = []
        var names: [String: UInt16] = [:]
        var pairs: [(UInt32, UInt16)] = []
        pairs.reserveCapacity(40_000)
        // Lines "syllable TAB characters", read as UTF-8 bytes: every process parses this at
        // start-up, and going through Characters cost a quarter of a whole `dangan search`.
        var text = PinyinTable.text
        text.withUTF8 { b in
            let n = b.count
            var i = 0
            while i < n {
                var j = i
                while j < n && b[j] != 0x09 && b[j] != 0x0A { j += 1 }
                guard j < n, b[j] == 0x09, j > i else { i = j + 1; continue }
                let s = Array(b[i..<j])
                let id = UInt16(syl.count)
                syl.append(s)
                names[String(decoding: s, as: UTF8.self)] = id
                j += 1
                while j < n && b[j] != 0x0A {
                    let c = b[j]
                    if c < 0x80 { pairs.append((UInt32(c), id)); j += 1 }
                    else if c < 0xE0 { pairs.append((UInt32(c & 0x1F) << 6 | UInt32(b[j + 1] & 0x3F), id)); j += 2 }
                    else if c < 0xF0 {
                        pairs.append((UInt32(c & 0x0F) << 12 | UInt32(b[j + 1] & 0x3F) << 6 | UInt32(b[j + 2] & 0x3F), id)); j += 3
                    } else { j += 4 } // beyond the BMP: not in the lookup
                }
                i = j + 1
            }
        }
        var count = [UInt32](repeating: 0, count: 0x10001)
        for (v, _) in pairs { count[Int(v) + 1] += 1 }
        for i in 1...0x10000 { count[i] += count[i - 1] }
        var fill = count
        var flat = [UInt16](repeating: 0, count: pairs.count)
        for (v, id) in pairs { flat[Int(fill[Int(v)])] = id; fill[Int(v)] += 1 }
        syllables = syl; start = count; ids = flat; syllableID = names
    }

    public func readings(_ c: Unicode.Scalar) -> [String] {
        readingIDs(c.value).map { String(decoding: syllables[Int($0)], as: UTF8.self) }
    }
    func readingIDs(_ v: UInt32) -> ArraySlice<UInt16> {
        guard v < 0x10000 else { return [] }
        return ids[Int(start[Int(v)])..<Int(start[Int(v) + 1])]
    }
    func id(_ s: String) -> UInt16? { syllableID[s] }

    /// A fingerprint of everything a persisted search index depends on besides the archive:
    /// the reading table, the surname tables and the index format. A dangan with other tables
    /// rebuilds the index instead of trusting symbols it would read differently.
    public static let fingerprint: UInt64 = {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ s: String) { for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }; h = (h ^ 0xff) &* 0x100_0000_01b3 }
        mix(PinyinTable.text)
        for (k, v) in SurnameTable.single.sorted(by: { $0.key < $1.key }) { mix(String(k)); v.forEach(mix) }
        for (k, v) in SurnameTable.compound { mix(k); for r in v { r.forEach(mix); mix("|") } }
        mix("format \(BaseIndex.formatVersion)")
        return h
    }()
}

/// How well a result matched, best first. `split` is a match that reads a whole syllable of
/// the query across two characters, an initial and another syllable (`zhang` as 曾 z + 行 hang):
/// possible, but never ranked with real matches.
public enum MatchTier: Int, Sendable, Comparable, Codable, CaseIterable {
    case exact = 0, prefix, initials, substring, split
    public static func < (a: MatchTier, b: MatchTier) -> Bool { a.rawValue < b.rawValue }
    public var name: String { ["exact", "prefix", "initials", "substring", "split"][rawValue] }
}

public struct SearchHit: Sendable, Equatable {
    /// Index into `ArchiveStore.envelopes` (-1 where no store is open: the quick path).
    public var index: Int
    public var tier: MatchTier
    /// Which field matched: owner, co-owner, tenant, room, number, barcode, phone.
    public var fieldName: String
    public var text: String
    /// Matched character ranges in `text`, as Character offsets (for highlighting).
    public var ranges: [Range<Int>]
}

public struct SearchResults: Sendable {
    public var hits: [SearchHit]
    public var total: Int
    public init(hits: [SearchHit], total: Int) { self.hits = hits; self.total = total }
}

/// Field kinds, in the order an envelope's fields are searched.
enum FieldKind: UInt8 {
    case owner = 0, coOwner, tenant, room, number, barcode, phone
    static let names = ["owner", "co-owner", "tenant", "room", "number", "barcode", "phone"]
    var name: String { FieldKind.names[Int(rawValue)] }
    /// Within a tier, owners come before co-owners, co-owners before tenants; the envelope's
    /// own numbers (room, number, barcode, phone) rank with the owner.
    var rankClass: UInt8 { self == .coOwner ? 1 : self == .tenant ? 2 : 0 }
}

/// Phone numbers are searched by their digits: the whole number, or its last four digits or
/// more. A key holds a phone's digits last first, one per nibble (digit + 1; 0 pads), so that
/// "ends with the query" is "the key starts with the reversed query": one key per phone, and a
/// query is a range of keys. Numbers of more than 16 digits are found by their last 4 to 16.
enum PhoneKey {
    static let maxDigits = 16
    /// The key of digits read last first (at most 16 of them).
    static func key<C: BidirectionalCollection>(reversing digits: C) -> UInt64 where C.Element == UInt8 {
        var k: UInt64 = 0, n = 0
        for d in digits.reversed() where n < maxDigits { k |= UInt64(d - 47) << UInt64(60 - 4 * n); n += 1 }
        return k
    }
    static func digits(_ text: String) -> [UInt8] { text.utf8.filter { $0 >= 48 && $0 <= 57 } }
    /// A phone's key and whether the key holds the whole number; nil for fewer than four digits.
    static func token(_ phone: String) -> (UInt64, Bool)? {
        let d = digits(phone)
        return d.count >= 4 ? (key(reversing: d), d.count <= maxDigits) : nil
    }
    /// A phone query: digits, with spaces, - + ( ) . allowed; four to sixteen digits.
    struct Query: Equatable {
        let digits: [UInt8]
        /// Every key that ends with these digits lies in lo...hi; lo itself is the number whole.
        var lo: UInt64 { PhoneKey.key(reversing: digits) }
        var hi: UInt64 { lo | (digits.count == 16 ? 0 : (1 << UInt64(64 - 4 * digits.count)) - 1) }
    }
    static func query(_ text: String) -> Query? {
        var d: [UInt8] = []
        for sc in text.unicodeScalars {
            let v = sc.value
            if v >= 48 && v <= 57 { d.append(UInt8(v)); if d.count > maxDigits { return nil } }
            else if !(v == 32 || v == 45 || v == 43 || v == 40 || v == 41 || v == 46 || sc.properties.isWhitespace) { return nil }
        }
        return d.count >= 4 ? Query(digits: d) : nil
    }
}

/// The searchable part of an envelope: what the index stores per envelope (and what the quick
/// path prints without opening the archive).
public struct SearchRecord: Sendable, Equatable {
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
    /// Searched only for an operator whose role may see phone numbers.
    public var phones: [String]
    public var status: EnvelopeStatus

    public init(_ s: EnvelopeSummary) {
        id = s.id; number = s.number; barcode = s.barcode; cabinet = s.cabinet; building = s.building; floor = s.floor
        unit = s.unit; owner = s.owner; coOwners = s.coOwners; tenants = s.tenants; phones = s.phones; status = s.status
    }
    init(id: String, number: String, barcode: String, cabinet: String, building: String, floor: String, unit: String,
         owner: String, coOwners: [String], tenants: [String], phones: [String], status: EnvelopeStatus) {
        self.id = id; self.number = number; self.barcode = barcode; self.cabinet = cabinet; self.building = building
        self.floor = floor; self.unit = unit; self.owner = owner; self.coOwners = coOwners; self.tenants = tenants
        self.phones = phones; self.status = status
    }
    public var roomCode: String { "\(building)-\(unit)" }

    /// Person fields (searched by characters and readings), in order.
    var persons: [(FieldKind, String)] {
        var f: [(FieldKind, String)] = [(.owner, owner)]
        for c in coOwners { f.append((.coOwner, c)) }
        for t in tenants { f.append((.tenant, t)) }
        return f
    }
    /// Number fields (searched literally from the start of a token), in order.
    var numbers: [(FieldKind, String)] { [(.room, roomCode), (.number, number), (.barcode, barcode)] }

    /// The same order as the archive's filing order (`filingLess`).
    static func filingLess(_ a: SearchRecord, _ b: SearchRecord, cabinetOrder: [String: Int]) -> Bool {
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
}

/// Symbols: a character of a person's name together with the readings it may be typed by.
/// The same hanzi at the start of a name (read as a surname) is a different symbol from the
/// same hanzi elsewhere. Symbol 0 separates fields.
final class SymbolTable {
    static let maxSymbols = 65_000
    /// The symbol every character beyond the table's capacity becomes: matches nothing.
    static let overflowScalar: UInt32 = 0xFFFF_FFFF
    var scalar: [UInt32] = [0]
    var readStart: [UInt32] = [0, 0]
    var readings: [UInt16] = []
    var plain: [UInt16] = [UInt16](repeating: 0, count: 0x10000)
    var other: [UInt64: UInt16] = [:]
    let pinyin = Pinyin.shared
    var overflow: UInt16 = 0

    var count: Int { scalar.count }

    init() {}

    /// Rebuilds the interning maps from stored arrays (a loaded index, extended by a delta).
    init(scalar: [UInt32], readStart: [UInt32], readings: [UInt16], variants: [(UInt32, UInt32, UInt16)]) {
        self.scalar = scalar; self.readStart = readStart; self.readings = readings
        for v in variants { if v.1 == 0 && v.0 < 0x10000 { plain[Int(v.0)] = v.2 } else { other[UInt64(v.0) | UInt64(v.1) << 32] = v.2 } }
        if let i = scalar.firstIndex(of: SymbolTable.overflowScalar) { overflow = UInt16(i) }
    }

    @inline(__always) func readingsOf(_ sym: Int) -> ArraySlice<UInt16> { readings[Int(readStart[sym])..<Int(readStart[sym + 1])] }

    func add(_ v: UInt32, _ r: some Collection<UInt16>) -> UInt16 {
        if scalar.count >= SymbolTable.maxSymbols {
            if overflow == 0 { overflow = UInt16(scalar.count); scalar.append(SymbolTable.overflowScalar); readStart.append(UInt32(readings.count)) }
            return overflow
        }
        let s = UInt16(scalar.count)
        scalar.append(v); readings.append(contentsOf: r); readStart.append(UInt32(readings.count))
        return s
    }

    @inline(__always) func plainSymbol(_ v: UInt32) -> UInt16 {
        if v < 0x10000 {
            let s = plain[Int(v)]
            if s != 0 { return s }
            let n = add(v, pinyin.readingIDs(v))
            if n != overflow { plain[Int(v)] = n }
            return n
        }
        let key = UInt64(v)
        if let s = other[key] { return s }
        let n = add(v, EmptyCollection<UInt16>())
        if n != overflow { other[key] = n }
        return n
    }

    func variantSymbol(_ v: UInt32, variant: UInt32, readings r: [UInt16]) -> UInt16 {
        let key = UInt64(v) | UInt64(variant) << 32
        if let s = other[key] { return s }
        let n = add(v, r)
        if n != overflow { other[key] = n }
        return n
    }

    /// (scalar, variant, symbol) for every interned symbol, to persist the maps.
    var variants: [(UInt32, UInt32, UInt16)] {
        var out: [(UInt32, UInt32, UInt16)] = []
        for (v, s) in plain.enumerated() where s != 0 { out.append((UInt32(v), 0, s)) }
        for (k, s) in other { out.append((UInt32(truncatingIfNeeded: k), UInt32(k >> 32), s)) }
        return out.sorted { $0.2 < $1.2 }
    }

    /// Lower-cases ASCII quickly; other scalars through Unicode's mapping (CJK is unchanged).
    @inline(__always) static func fold(_ sc: Unicode.Scalar) -> Unicode.Scalar {
        let v = sc.value
        if v < 0x80 { return v >= 65 && v <= 90 ? Unicode.Scalar(v + 32)! : sc }
        if v >= 0x3400 && v <= 0x9FFF { return sc }
        let l = sc.properties.lowercaseMapping.unicodeScalars
        return l.count == 1 ? l.first! : sc
    }

    @inline(__always) static func skipped(_ sc: Unicode.Scalar) -> Bool {
        let v = sc.value
        if v < 0x80 { return v == 32 }
        if v >= 0x3400 && v <= 0x9FFF { return false } // CJK: the common case, without a property lookup
        return sc.properties.isWhitespace
    }

    static let compoundFirst: [UInt32: [(Int, [UInt32], [[String]])]] = {
        var m: [UInt32: [(Int, [UInt32], [[String]])]] = [:]
        for (i, c) in SurnameTable.compound.enumerated() {
            let sc = c.0.unicodeScalars.map { $0.value }
            m[sc[0], default: []].append((i, sc, c.1))
        }
        return m
    }()
    static let singleSurname: [UInt32: [String]] = {
        var m: [UInt32: [String]] = [:]
        for (k, v) in SurnameTable.single { m[k.unicodeScalars.first!.value] = v }
        return m
    }()

    /// Encodes a person's name: one symbol per character (spaces skipped); a name of two to
    /// five hanzi that starts with a surname of the table gets the surname reading(s) there.
    /// `offsets` receives each symbol's scalar offset in the text (for highlighting).
    func encodePerson(_ text: String, into out: inout [UInt16]) {
        var none: [Int] = []
        encodePerson(text, into: &out, offsets: &none, wantOffsets: false)
    }

    func encodePerson(_ text: String, into out: inout [UInt16], offsets: inout [Int], wantOffsets: Bool = true) {
        var scalars: [UInt32] = []
        scalars.reserveCapacity(8)
        var all = true
        for sc in text.unicodeScalars {
            scalars.append(sc.value)
            if sc.value < 0x3400 || sc.value > 0x9FFF { all = false }
        }
        var surname: [[UInt16]] = []
        var variantBase: UInt32 = 0
        if all && scalars.count >= 2 && scalars.count <= 5 {
            if let cs = SymbolTable.compoundFirst[scalars[0]], let c = cs.first(where: { $0.1.count <= scalars.count && Array(scalars.prefix($0.1.count)) == $0.1 }) {
                surname = c.2.map { $0.compactMap { pinyin.id($0) } }
                variantBase = 2 + UInt32(c.0) * 8
            } else if let r = SymbolTable.singleSurname[scalars[0]] {
                surname = [r.compactMap { pinyin.id($0) }]
                variantBase = 1
            }
        }
        var i = 0
        for sc0 in text.unicodeScalars {
            defer { i += 1 }
            if SymbolTable.skipped(sc0) { continue }
            let v = SymbolTable.fold(sc0).value
            let sym = i < surname.count ? variantSymbol(v, variant: variantBase + UInt32(i), readings: surname[i]) : plainSymbol(v)
            out.append(sym)
            if wantOffsets { offsets.append(i) }
        }
    }

    /// The key a number field is searched by: lower-case, spaces dropped, as UTF-8.
    static func numberKey(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        appendNumberKey(text, to: &out)
        return out
    }

    static func appendNumberKey(_ text: String, to out: inout [UInt8]) {
        let start = out.count
        var ascii = true
        for b in text.utf8 {
            if b >= 0x80 { ascii = false; break }
            if b == 32 { continue }
            out.append(b >= 65 && b <= 90 ? b + 32 : b)
        }
        if ascii { return }
        out.removeSubrange(start...)
        for sc in text.unicodeScalars where !skipped(sc) { out.append(contentsOf: String(fold(sc)).utf8) }
    }

    /// Where tokens start in a number key: at 0, after a separator, and where letters and
    /// digits meet ("kh-2019-00042": kh…, 2019…, 00042; "da0003120001": da…, 0003120001).
    static func tokenStarts(_ key: [UInt8]) -> [Int] {
        var out: [Int] = []
        forEachTokenStart(key) { out.append($0) }
        return out
    }

    @inline(__always) static func forEachTokenStart(_ key: [UInt8], _ body: (Int) -> Void) {
        if key.isEmpty { return }
        body(0)
        @inline(__always) func cls(_ b: UInt8) -> Int { b >= 48 && b <= 57 ? 1 : (b >= 97 && b <= 122 ? 2 : (b >= 0x80 ? 3 : 0)) }
        var i = 1
        while i < key.count && i < 255 {
            if key[i] & 0xC0 == 0x80 { i += 1; continue } // inside a UTF-8 sequence
            let a = cls(key[i - 1]), b = cls(key[i])
            if b != 0 && a != b { body(i) }
            i += 1
        }
    }

    /// The number-domain form of a query: the number key, with 栋 after a building code read as
    /// the room's '-' ("3栋1201" finds room 3-1201).
    static func numberQuery(_ q: String) -> [UInt8] {
        var out: [UInt8] = []
        var prevAlnum = false
        for sc in q.unicodeScalars where !skipped(sc) && !Sanitize.isUnsafe(sc) {
            if sc == "栋" && prevAlnum { out.append(45); prevAlnum = false; continue }
            let f = fold(sc)
            out.append(contentsOf: String(f).utf8)
            prevAlnum = f.value < 0x80 && (f.properties.isAlphabetic || (f.value >= 48 && f.value <= 57))
            if out.count >= 160 { break }
        }
        return out
    }
}
