import Foundation

/// Hanzi → pinyin readings, parsed once from the derived Unihan table into a flat lookup by
/// code point (the table covers the BMP: CJK Unified Ideographs and Extension A).
public final class Pinyin: @unchecked Sendable {
    /// The one table, parsed on first use.
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
                guard j < n, b[j] == 0x09, j > i else {
                    i = j + 1
                    continue
                }
                // A syllable with many characters goes on over several lines: one id.
                let s = Array(b[i..<j])
                let name = String(decoding: s, as: UTF8.self)
                let id: UInt16
                if let known = names[name] {
                    id = known
                } else {
                    id = UInt16(syl.count)
                    syl.append(s)
                    names[name] = id
                }
                j += 1
                while j < n && b[j] != 0x0A {
                    let c = b[j]
                    if c < 0x80 {
                        pairs.append((UInt32(c), id))
                        j += 1
                    } else if c < 0xE0 {
                        pairs.append((UInt32(c & 0x1F) << 6 | UInt32(b[j + 1] & 0x3F), id))
                        j += 2
                    } else if c < 0xF0 {
                        pairs.append(
                            (UInt32(c & 0x0F) << 12 | UInt32(b[j + 1] & 0x3F) << 6 | UInt32(b[j + 2] & 0x3F), id))
                        j += 3
                    } else {
                        j += 4
                    }  // beyond the BMP: not in the lookup
                }
                i = j + 1
            }
        }
        var count = [UInt32](repeating: 0, count: 0x10001)
        for (v, _) in pairs { count[Int(v) + 1] += 1 }
        for i in 1...0x10000 { count[i] += count[i - 1] }
        var fill = count
        var flat = [UInt16](repeating: 0, count: pairs.count)
        for (v, id) in pairs {
            flat[Int(fill[Int(v)])] = id
            fill[Int(v)] += 1
        }
        syllables = syl
        start = count
        ids = flat
        syllableID = names
    }

    /// The pinyin readings of `c` without tones (e.g. 行 → hang, xing); empty outside the table.
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
        func mix(_ s: String) {
            for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            h = (h ^ 0xff) &* 0x100_0000_01b3
        }
        mix(PinyinTable.text)
        for (k, v) in SurnameTable.single.sorted(by: { $0.key < $1.key }) {
            mix(String(k))
            v.forEach(mix)
        }
        for (k, v) in SurnameTable.compound {
            mix(k)
            for r in v {
                r.forEach(mix)
                mix("|")
            }
        }
        mix("format \(BaseIndex.formatVersion)")
        return h
    }()
}
