import Foundation

/// Field kinds, in the order an envelope's fields are searched.
enum FieldKind: UInt8 {
    case owner = 0
    case coOwner, tenant, room, number, barcode, phone
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
        var k: UInt64 = 0
        var n = 0
        for d in digits.reversed() where n < maxDigits {
            k |= UInt64(d - 47) << UInt64(60 - 4 * n)
            n += 1
        }
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
            if v >= 48 && v <= 57 {
                d.append(UInt8(v))
                if d.count > maxDigits { return nil }
            } else if !(v == 32 || v == 45 || v == 43 || v == 40 || v == 41 || v == 46 || sc.properties.isWhitespace) {
                return nil
            }
        }
        return d.count >= 4 ? Query(digits: d) : nil
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
        self.scalar = scalar
        self.readStart = readStart
        self.readings = readings
        for v in variants {
            if v.1 == 0 && v.0 < 0x10000 { plain[Int(v.0)] = v.2 } else { other[UInt64(v.0) | UInt64(v.1) << 32] = v.2 }
        }
        if let i = scalar.firstIndex(of: SymbolTable.overflowScalar) { overflow = UInt16(i) }
    }

    @inline(__always) func readingsOf(_ sym: Int) -> ArraySlice<UInt16> {
        readings[Int(readStart[sym])..<Int(readStart[sym + 1])]
    }

    func add(_ v: UInt32, _ r: some Collection<UInt16>) -> UInt16 {
        if scalar.count >= SymbolTable.maxSymbols {
            if overflow == 0 {
                overflow = UInt16(scalar.count)
                scalar.append(SymbolTable.overflowScalar)
                readStart.append(UInt32(readings.count))
            }
            return overflow
        }
        let s = UInt16(scalar.count)
        scalar.append(v)
        readings.append(contentsOf: r)
        readStart.append(UInt32(readings.count))
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
        if v >= 0x3400 && v <= 0x9FFF { return false }  // CJK: the common case, without a property lookup
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
            if let cs = SymbolTable.compoundFirst[scalars[0]],
                let c = cs.first(where: { $0.1.count <= scalars.count && Array(scalars.prefix($0.1.count)) == $0.1 })
            {
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
            let sym =
                i < surname.count
                ? variantSymbol(v, variant: variantBase + UInt32(i), readings: surname[i]) : plainSymbol(v)
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
            if b >= 0x80 {
                ascii = false
                break
            }
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
        @inline(__always) func cls(_ b: UInt8) -> Int {
            b >= 48 && b <= 57 ? 1 : (b >= 97 && b <= 122 ? 2 : (b >= 0x80 ? 3 : 0))
        }
        var i = 1
        while i < key.count && i < 255 {
            if key[i] & 0xC0 == 0x80 {
                i += 1
                continue
            }  // inside a UTF-8 sequence
            let a = cls(key[i - 1])
            let b = cls(key[i])
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
            if sc == "栋" && prevAlnum {
                out.append(45)
                prevAlnum = false
                continue
            }
            let f = fold(sc)
            out.append(contentsOf: String(f).utf8)
            prevAlnum = f.value < 0x80 && (f.properties.isAlphabetic || (f.value >= 48 && f.value <= 57))
            if out.count >= 160 { break }
        }
        return out
    }
}
