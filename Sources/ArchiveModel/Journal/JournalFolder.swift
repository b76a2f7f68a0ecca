@preconcurrency import Crypto
import Foundation

/// The head of one desk's chain: its last entry's number and the SHA-256 of its file.
public struct ChainHead: Codable, Sendable, Equatable {
    /// Number of the desk's last entry folded (its `seq`, counted from 1).
    public var seq: Int
    /// Lower-case hex SHA-256 of that entry's file; the next entry's `prev`.
    public var hash: String
    /// A head from the entry's number and its file's hash.
    public init(seq: Int, hash: String) {
        self.seq = seq
        self.hash = hash
    }
}

/// How far the journal has been folded: the head of each desk's chain.
public typealias Frontier = [String: ChainHead]

/// Listing and reading the journal folder: desk folders, their entries in order, one entry by
/// reference. Reading does not verify signatures (``JournalVerifier`` does).
enum JournalFolder {
    /// A name found in `journal/` or below that is neither a desk folder nor an entry file.
    struct Stray: Equatable {
        var path: String
        var reason: String
    }

    /// Desk folders under `journal/`; other names are strays (legacy month folders of the
    /// first format are returned apart).
    static func desks(root: String) -> (desks: [String], legacyMonths: [String], strays: [Stray]) {
        var desks: [String] = []
        var months: [String] = []
        var strays: [Stray] = []
        for n in (DurableIO.list(root + "/journal") ?? []).sorted() {
            if n.hasPrefix(".") { continue }
            let p = root + "/journal/" + n
            if Desk.isValidID(n), DurableIO.isDir(p) {
                desks.append(n)
                continue
            }
            if n.utf8.count == 7, TimeFormat.isDay(n + "-01"), DurableIO.isDir(p) {
                months.append(n)
                continue
            }
            strays.append(Stray(path: "journal/" + Sanitize.visible(n), reason: "not a desk's folder of the journal"))
        }
        return (desks, months, strays)
    }

    struct Name: Equatable {
        var seq: Int
        var hash: String
        var relativePath: String
    }

    /// Entry files of `desk` with a sequence number above `after`, in order (same numbers:
    /// forks, ordered by hash), and strays met on the way. Only buckets that can hold such
    /// numbers are listed.
    static func entries(root: String, desk: String, after: Int) -> (names: [Name], strays: [Stray]) {
        let dir = root + "/journal/" + desk
        var names: [Name] = []
        var strays: [Stray] = []
        let first = EntryFile.bucket(after + 1)
        for b in (DurableIO.list(dir) ?? []).sorted() {
            if b.hasPrefix(".") { continue }
            guard b.utf8.count == 9, b.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), DurableIO.isDir(dir + "/" + b) else {
                strays.append(Stray(path: "journal/\(desk)/\(Sanitize.visible(b))", reason: "not a folder of entries"))
                continue
            }
            if b < first { continue }
            for f in (DurableIO.list(dir + "/" + b) ?? []) {
                if f.hasPrefix(".") { continue }
                let rel = "journal/\(desk)/\(b)/\(f)"
                guard let (seq, hash) = EntryFile.parseName(f) else {
                    strays.append(
                        Stray(path: "journal/\(desk)/\(b)/\(Sanitize.visible(f))", reason: "not an entry's file name"))
                    continue
                }
                guard EntryFile.bucket(seq) == b else {
                    strays.append(Stray(path: rel, reason: "entry \(seq) is in the wrong folder"))
                    continue
                }
                if seq > after { names.append(Name(seq: seq, hash: hash, relativePath: rel)) }
            }
        }
        names.sort { $0.seq != $1.seq ? $0.seq < $1.seq : $0.hash < $1.hash }
        return (names, strays)
    }

    /// The file of one entry, found by listing its bucket (the name carries the hash).
    static func path(root: String, ref: EntryRef) -> [String] {
        let b = EntryFile.bucket(ref.seq)
        let prefix = EntryFile.pad(ref.seq, 12) + "-"
        return (DurableIO.list(root + "/journal/\(ref.desk)/\(b)") ?? []).filter {
            $0.hasPrefix(prefix) && EntryFile.parseName($0) != nil
        }
        .sorted().map { "journal/\(ref.desk)/\(b)/\($0)" }
    }
}

/// Checks each desk's chain as it is read: the first entry introduces the desk's key, every
/// entry is signed by it, follows the previous one by hash, and sits where its name says.
struct JournalVerifier {
    var keys: [String: Curve25519.Signing.PublicKey] = [:]

    enum Failure: Error, CustomStringConvertible {
        case invalid(String)
        var description: String {
            if case .invalid(let m) = self { return m }
            return ""
        }
    }

    /// Verifies an entry read from `rel`, given the head of its desk's chain before it.
    mutating func verify(
        _ p: EntryFile.Parsed, rel: String, desk: String, nameSeq: Int, nameHash: String,
        previous: ChainHead?, archive: String?
    ) throws {
        let e = p.entry
        guard e.desk == desk else {
            throw Failure.invalid("entry says desk \(Sanitize.visible(e.desk)) but is in \(desk)'s folder")
        }
        guard e.seq == nameSeq else { throw Failure.invalid("entry says number \(e.seq) but is named \(nameSeq)") }
        guard p.hash.hasPrefix(nameHash) else {
            throw Failure.invalid("the file's hash does not match its name (the file was changed)")
        }
        if e.seq == 1 {
            guard e.action == .deskCreate, let info = e.deskInfo, let raw = Data(base64Encoded: info.publicKey),
                let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
            else { throw Failure.invalid("the first entry of a desk must introduce its key") }
            if let archive, info.archive != archive {
                throw Failure.invalid("the desk belongs to another archive (\(Sanitize.visible(info.archive)))")
            }
            guard e.prev.isEmpty else { throw Failure.invalid("the first entry of a desk has a predecessor") }
            guard EntryFile.verify(p, publicKey: key) else {
                throw Failure.invalid(EntryFile.Invalid.signature.description)
            }
            keys[desk] = key
            return
        }
        guard let key = keys[desk] else {
            throw Failure.invalid("the desk's first entry (its key) is missing or invalid")
        }
        guard let previous, previous.seq == e.seq - 1 else {
            throw Failure.invalid("entries \((previous?.seq ?? 0) + 1)–\(e.seq - 1) of this desk are missing")
        }
        guard e.prev == previous.hash else {
            throw Failure.invalid(
                "does not follow entry \(previous.seq) (an entry before it was changed, removed or replaced)")
        }
        guard EntryFile.verify(p, publicKey: key) else {
            throw Failure.invalid(EntryFile.Invalid.signature.description)
        }
        if e.action == .deskCreate { throw Failure.invalid("a desk is introduced twice") }
    }
}
