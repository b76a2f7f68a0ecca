@preconcurrency import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// This installation's identity for one copy of an archive: an id and an Ed25519 key. Kept in
/// `.dangan/desk.json` and `.dangan/desk.key` (0600), which git never shares (`.dangan/` is
/// ignored), so every clone of an archive writes as a desk of its own.
///
/// The desk also notes the folder it belongs to (device and inode). A folder copied with
/// `cp -r` carries the key along but not the inode: dangan then retires the copied identity
/// and gives the copy a desk of its own, so that two folders never write one chain. (A copy
/// that still wrote as the same desk would show in `check` as a fork: two entries with one
/// number.)
public struct Desk: Sendable {
    /// The desk's id (`dsk-…`): the folder of its chain under `journal/`, the `desk` of its entries.
    public let id: String
    let key: Curve25519.Signing.PrivateKey
    /// The desk's Ed25519 public key, base64 of the raw 32 bytes, as its first entry publishes it.
    public var publicKeyBase64: String { key.publicKey.rawRepresentation.base64EncodedString() }

    /// True when `s` has the shape of a desk id: `dsk-` and 20 base32 characters.
    public static func isValidID(_ s: String) -> Bool { s.hasPrefix("dsk-") && RecordID.isValid(s) }

    static let fileName = ".dangan/desk.json"
    static let keyName = ".dangan/desk.key"

    struct Record: Codable {
        var desk: String
        var archive: String
        var created: String
        var device: UInt64
        var inode: UInt64
    }

    /// What was found in `.dangan/` for this folder.
    enum Found {
        case none
        case ok(Desk)
        /// The folder is a copy of another desk's (different inode): the old desk's id.
        case copied(String)
        case damaged(String)
    }

    static func rootIdentity(_ root: String) -> (UInt64, UInt64)? {
        var st = stat()
        guard stat(root, &st) == 0 else { return nil }
        return (UInt64(st.st_dev), UInt64(st.st_ino))
    }

    static func load(root: String, archive: String) -> Found {
        guard case .ok(let rb) = DurableIO.read(root + "/" + fileName, kind: .other) else {
            return DurableIO.exists(root + "/" + fileName) ? .damaged("desk.json cannot be read") : .none
        }
        guard let r = try? JSONDecoder().decode(Record.self, from: Data(rb)), isValidID(r.desk) else {
            return .damaged("desk.json is damaged")
        }
        guard let (dev, ino) = rootIdentity(root), dev == r.device, ino == r.inode else { return .copied(r.desk) }
        guard r.archive == archive else { return .copied(r.desk) }
        guard case .ok(let kb) = DurableIO.read(root + "/" + keyName, kind: .other),
            let raw = Data(
                base64Encoded: String(decoding: kb, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else { return .damaged("desk.key is missing or damaged") }
        return .ok(Desk(id: r.desk, key: key))
    }

    /// Makes a new desk for the folder and stores it (the key first: a desk.json always has
    /// its key). The caller writes the desk's first journal entry.
    static func create(root: String, archive: String, created: String) throws -> Desk {
        let desk = Desk(id: RecordID.make("dsk"), key: Curve25519.Signing.PrivateKey())
        guard let (dev, ino) = rootIdentity(root) else {
            throw ArchiveError.io(path: root, message: "cannot stat the archive folder")
        }
        try DurableIO.makeDirs(root + "/" + ArchiveStore.cacheDir)
        try DurableIO.writeAtomic(
            root + "/" + keyName, Array((desk.key.rawRepresentation.base64EncodedString() + "\n").utf8))
        let rec = Record(desk: desk.id, archive: archive, created: created, device: dev, inode: ino)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try DurableIO.writeAtomic(root + "/" + fileName, [UInt8](try enc.encode(rec)) + [10])
        return desk
    }

    /// Retires a copied identity: its key is removed from this folder so that it can never
    /// write the other folder's chain.
    static func retire(root: String) {
        _ = DurableIO.remove(root + "/" + keyName)
        _ = DurableIO.remove(root + "/" + fileName)
    }
}

/// The heads of every desk's chain as this copy last verified them, kept outside the journal
/// in `.dangan/anchors.json`: an entry removed from the end of a chain, or a chain rewritten
/// from some point on, no longer matches what was seen, and `check` says so.
struct Anchors: Codable, Equatable {
    struct Head: Codable, Equatable {
        var seq: Int
        var hash: String
        /// When this copy first saw the desk.
        var firstSeen: String
    }
    var desks: [String: Head] = [:]

    static let fileName = ".dangan/anchors.json"

    static func load(root: String) -> Anchors? {
        guard case .ok(let b) = DurableIO.read(root + "/" + fileName, kind: .settings) else { return nil }
        return try? JSONDecoder().decode(Anchors.self, from: Data(b))
    }

    /// Written after the entries it names are durable; not itself fsynced (a lost update only
    /// narrows what can be told about the last moments before a crash).
    func save(root: String) {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        guard let b = try? enc.encode(self) else { return }
        try? DurableIO.writeAtomic(root + "/" + Anchors.fileName, [UInt8](b), durable: false)
    }
}

enum CryptoKeys {
    static func publicKey(_ raw: [UInt8]) throws -> Curve25519.Signing.PublicKey {
        try Curve25519.Signing.PublicKey(rawRepresentation: raw)
    }
}
