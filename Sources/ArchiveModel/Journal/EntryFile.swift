@preconcurrency import Crypto
import Foundation

/// How a journal entry is stored: one file per entry, never rewritten.
///
///     journal/DESK/BUCKET/SEQ-HASH.json
///
/// `DESK` is the desk's id (`dsk-…`), `SEQ` its sequence number in twelve digits, `BUCKET` the
/// first nine of them (a thousand entries a folder), `HASH` the first twelve hex digits of the
/// SHA-256 of the file. Names of one desk sort in writing order, never overflow (a desk stops
/// at 999,999,999,999 entries and says so) and cannot collide: two copies of a desk that both
/// wrote entry 42 leave two files, and `check` reports the fork.
///
/// The file has two lines: the entry as compact JSON with sorted keys, then `ed25519 ` and the
/// base64 signature of the first line's bytes by the desk's key.
public enum EntryFile {
    /// The highest sequence number a desk may write (twelve digits); the desk stops there, saying so.
    public static let maxSeq = 999_999_999_999
    /// Entries larger than this are refused when written and reported when read (an import
    /// of many envelopes is the largest entry there is).
    public static let maxBytes = 64 << 20
    static let signaturePrefix = Array("ed25519 ".utf8)

    /// The bucket folder of entry `seq`: the first nine of its twelve digits (a thousand entries a folder).
    public static func bucket(_ seq: Int) -> String { pad(seq / 1000, 9) }

    /// The entry's file name: `seq` as twelve digits, `-`, the first twelve hex digits of `hash`, `.json`.
    public static func name(seq: Int, hash: String) -> String { pad(seq, 12) + "-" + String(hash.prefix(12)) + ".json" }

    /// Path of an entry relative to the archive.
    public static func relativePath(desk: String, seq: Int, hash: String) -> String {
        "journal/\(desk)/\(bucket(seq))/\(name(seq: seq, hash: hash))"
    }

    /// (seq, hash prefix) from a file name; nil when the name is not an entry's.
    public static func parseName(_ name: String) -> (seq: Int, hash: String)? {
        let u = Array(name.utf8)
        guard u.count == 30, name.hasSuffix(".json"), u[12] == UInt8(ascii: "-") else { return nil }
        var seq = 0
        for i in 0..<12 {
            guard u[i] >= 48 && u[i] <= 57 else { return nil }
            seq = seq * 10 + Int(u[i] - 48)
        }
        for i in 13..<25 {
            let c = u[i]
            guard (c >= 48 && c <= 57) || (c >= 97 && c <= 102) else { return nil }
        }
        guard seq >= 1 else { return nil }
        return (seq, String(decoding: u[13..<25], as: UTF8.self))
    }

    static func pad(_ v: Int, _ n: Int) -> String {
        let s = String(v)
        return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
    }

    /// The bytes of a signed entry file.
    static func encode(_ e: JournalEntry, key: Curve25519.Signing.PrivateKey, coding: RecordCoding) throws -> [UInt8] {
        var body = [UInt8](try coding.compactEncoder.encode(e))
        let sig = try key.signature(for: body)
        body.append(10)
        body.append(contentsOf: signaturePrefix)
        body.append(contentsOf: Array(Data(sig).base64EncodedString().utf8))
        body.append(10)
        return body
    }

    /// An entry file taken apart: the entry, its signed bytes and its signature.
    struct Parsed {
        var entry: JournalEntry
        var body: ArraySlice<UInt8>
        var signature: Data
        var hash: String
    }

    enum Invalid: Error, CustomStringConvertible {
        case shape(String)
        case json(String)
        case signature
        case key(String)
        case place(String)
        var description: String {
            switch self {
            case .shape(let m): return "not a journal entry: \(m)"
            case .json(let m): return "entry cannot be read: \(m)"
            case .signature: return "signature does not verify: the entry was changed or not written by its desk"
            case .key(let m): return "no key to verify it: \(m)"
            case .place(let m): return "entry is not where its content says: \(m)"
            }
        }
    }

    /// Splits and decodes an entry file (the signature is checked separately, by the reader
    /// that knows the desk's key).
    static func parse(_ bytes: [UInt8], coding: RecordCoding) throws -> Parsed {
        guard bytes.count >= 3, bytes.last == 10 else { throw Invalid.shape("it does not end with a signature line") }
        guard let nl = bytes[..<(bytes.count - 1)].lastIndex(of: 10) else { throw Invalid.shape("no signature line") }
        let body = bytes[..<nl]
        let sigLine = bytes[(nl + 1)..<(bytes.count - 1)]
        guard sigLine.starts(with: signaturePrefix),
            let sig = Data(base64Encoded: String(decoding: sigLine.dropFirst(signaturePrefix.count), as: UTF8.self)),
            sig.count == 64
        else { throw Invalid.shape("the last line is not an ed25519 signature") }
        guard !body.contains(10) else { throw Invalid.shape("the entry is not one line") }
        let entry: JournalEntry
        do { entry = try coding.decoder.decode(JournalEntry.self, from: Data(body)) } catch {
            throw Invalid.json(JSONCoding.describe(error))
        }
        guard entry.format == 2 else { throw Invalid.shape("format \(entry.format)") }
        return Parsed(entry: entry, body: body, signature: sig, hash: Hashing.sha256Hex(bytes))
    }

    static func verify(_ p: Parsed, publicKey: Curve25519.Signing.PublicKey) -> Bool {
        publicKey.isValidSignature(p.signature, for: Data(p.body))
    }
}

/// SHA-256 as hex (chains, file names, digests of projections).
public enum Hashing {
    /// Lower-case hex SHA-256 of `bytes` (64 characters).
    public static func sha256Hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        Crypto.SHA256.hash(data: Array(bytes)).map { b in
            let h = String(b, radix: 16)
            return b < 16 ? "0" + h : h
        }.joined()
    }

    /// A 64-bit digest of bytes (projection digests kept per envelope: detection, not security).
    public static func digest64(_ bytes: [UInt8]) -> UInt64 {
        let d = Crypto.SHA256.hash(data: bytes)
        var v: UInt64 = 0
        for (i, b) in d.prefix(8).enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        return v
    }
}
