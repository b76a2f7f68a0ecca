import Foundation

/// Record identifiers: a short prefix naming the record type and 20 characters of
/// Crockford base32 carrying 100 random bits. Two offices adding records to copies
/// of one archive and merging them later will not collide (birthday bound ~2^50).
public enum RecordID {
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    /// A fresh id `PREFIX-` + 20 base32 characters (e.g. `env-…`, `loan-…`), from the system's random generator.
    public static func make(_ prefix: String) -> String {
        var g = SystemRandomNumberGenerator()
        return make(prefix, using: &g)
    }

    /// A fresh id from `g`: the sample generator passes a seeded one so that its archive is the same every run.
    public static func make<G: RandomNumberGenerator>(_ prefix: String, using g: inout G) -> String {
        var a = g.next() as UInt64
        var b = g.next() as UInt64
        var out = [UInt8]()
        out.reserveCapacity(prefix.utf8.count + 21)
        out.append(contentsOf: prefix.utf8)
        out.append(UInt8(ascii: "-"))
        for i in 0..<20 {
            if i < 12 {
                out.append(alphabet[Int(a & 31)])
                a >>= 5
            } else {
                out.append(alphabet[Int(b & 31)])
                b >>= 5
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True when `s` has the shape of an identifier: prefix, '-', 20 base32 characters.
    public static func isValid(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard let dash = u.firstIndex(of: UInt8(ascii: "-")), dash >= 1, dash <= 8, u.count == dash + 21 else {
            return false
        }
        for c in u[..<dash] where !(c >= 97 && c <= 122) { return false }
        for c in u[(dash + 1)...] where !alphabet.contains(c) { return false }
        return true
    }
}
