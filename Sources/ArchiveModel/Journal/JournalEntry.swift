import Foundation

/// One entry of the journal of record: a change as it happened — who, when, at which desk,
/// on which revision, and what changed — from which everything dangan shows is derived.
///
/// Each desk (one installation writing to one copy of the archive) appends to its own chain:
/// `seq` counts its entries from 1, `prev` is the SHA-256 of the file of its previous entry,
/// and the file carries the desk's Ed25519 signature (see ``EntryFile``). `lamport` and `seen`
/// place the entry among other desks' entries: every entry sorts after everything its writer
/// had seen, and entries that did not see each other are concurrent (see ``FoldKey``).
public struct JournalEntry: Codable, Sendable, Equatable {
    /// The entry format: 2 (the journal of record); the first format's entries are ``LegacyEntry``s.
    public var format: Int = 2
    /// The id (`dsk-…`) of the desk that wrote the entry: its chain.
    public var desk: String
    /// The entry's number in its desk's chain, counted from 1 with no gaps.
    public var seq: Int
    /// Lower-case hex SHA-256 of the file of the desk's previous entry; empty for the first.
    public var prev: String
    /// Lamport time: one more than that of every entry the writer had folded.
    public var lamport: Int
    /// Other desks' entries the writer had folded in (desk → highest seq).
    public var seen: [String: Int]
    /// A random id (unique across desks) for the record of the change.
    public var id: String
    /// When the change was made, by the store's clock (written ISO 8601 with the archive's offset).
    public var at: Date
    /// The person who made the change, and the login they made it from.
    public var by: String
    /// The OS login of the process that wrote it.
    public var login: String
    /// What kind of change it is; says which payload it carries.
    public var action: Action
    /// The envelope the change is about, when there is one (history lookups).
    public var envelope: String?
    /// Records created or changed, field by field.
    public var changes: [RecordChange]
    // Register payloads.
    /// A loan lent (`loan`).
    public var loan: Loan?
    /// Documents taken back (`return`); an incomplete return also carries its `incident`.
    public var loanReturn: LoanReturn?
    /// A loan renewed (`renew`).
    public var renewal: Renewal?
    /// One step of a photocopy (`copy`).
    public var copy: CopyEvent?
    /// The envelopes' parts of one destruction or transfer (`destroy`, `transfer`).
    public var disposals: [Disposal]?
    /// An inventory check made (`inventory`).
    public var inventory: InventoryRun?
    /// Approvals given in the system, incidents, viewing of confidential material (issue 16, 15).
    public var approval: ApprovalEvent?
    /// An incident reported or resolved (`incident`, or on an incomplete return).
    public var incident: IncidentEvent?
    /// Confidential material shown or exported (`access`).
    public var access: AccessEvent?
    /// A new desk: its public key (the chain's first entry).
    public var deskInfo: DeskInfo?
    /// A person's decision on a conflict between desks.
    public var resolution: Resolution?
    /// The migration from the first on-disk format: what it carried over.
    public var migration: MigrationInfo?
    /// The registers of issue 17 (Register/Office.swift): a hand-over received from another
    /// department, a key handed out or back, an arrangement (label check, tidying) session.
    public var intake: IntakeRecord?
    /// A line of the key register (`key`).
    public var key: KeyEvent?
    /// An arrangement session: labels checked or envelopes tidied (`arrangement`).
    public var arrangement: ArrangementSession?
    /// What the change was, in the archivists' words (Chinese), shown in the history; nil when none.
    public var note: String?
    /// For `undo`: the entry taken back (`DESK:SEQ`, a loan or a return; an edit is taken back by
    /// the reversing field changes this entry carries).
    public var undoes: String?

    /// The kinds of change, as written in the entry's `action` (`envelope.create`, `loan` …).
    public enum Action: String, Codable, Sendable {
        case deskCreate = "desk.create"
        case archiveCreate = "archive.create"
        case archiveMigrate = "archive.migrate"
        case settingsUpdate = "settings.update"
        case cabinetCreate = "cabinet.create"
        case cabinetUpdate = "cabinet.update"
        case envelopeCreate = "envelope.create"
        case envelopeUpdate = "envelope.update"
        case documentAdd = "document.add"
        case envelopeAdopt = "envelope.adopt"
        case envelopeRevert = "envelope.revert"
        case loan, `return`, renew
        case copy, destroy, transfer, inventory
        case `import`
        case resolve
        case undo
        // A document's fields changed, a document taken off the file list (with the reason).
        case documentEdit = "document.edit"
        case documentRemove = "document.remove"
        // The office registers (Register/Office.swift).
        case intake, key, arrangement
        case approval, incident, access
    }

    enum CodingKeys: String, CodingKey {
        case format, desk, seq, prev, lamport, seen, id, at, by, login, action, envelope, changes
        case loan
        case loanReturn = "return"
        case renewal, copy, disposals, inventory
        case deskInfo = "newDesk"
        case resolution, migration, note, undoes
        case intake, key, arrangement
        case approval, incident, access
    }

    /// An entry; the store fills the desk, chain and Lamport fields when it commits it.
    public init(
        desk: String = "", seq: Int = 0, prev: String = "", lamport: Int = 0, seen: [String: Int] = [:],
        id: String = RecordID.make("j"), at: Date, by: String, login: String = "", action: Action,
        envelope: String? = nil, changes: [RecordChange] = [], note: String? = nil
    ) {
        self.desk = desk
        self.seq = seq
        self.prev = prev
        self.lamport = lamport
        self.seen = seen
        self.id = id
        self.at = at
        self.by = by
        self.login = login
        self.action = action
        self.envelope = envelope
        self.changes = changes
        self.note = note
    }

    /// The entry's name `DESK:SEQ`.
    public var ref: EntryRef { EntryRef(desk: desk, seq: seq) }
    /// Where the entry sorts in the fold: (lamport, desk, seq).
    public var foldKey: FoldKey { FoldKey(lamport: lamport, desk: desk, seq: seq) }

    /// True when this entry's writer had seen `other` (an entry of the same desk before it,
    /// or one of another desk within what it had folded in).
    public func knows(_ other: EntryRef) -> Bool {
        other.desk == desk ? other.seq < seq : (seen[other.desk] ?? 0) >= other.seq
    }
}

/// An entry named by its desk and sequence number, written `DESK:SEQ`.
public struct EntryRef: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The desk id (`dsk-…`).
    public var desk: String
    /// The entry's number in that desk's chain.
    public var seq: Int
    /// A reference from its parts.
    public init(desk: String, seq: Int) {
        self.desk = desk
        self.seq = seq
    }
    /// Parses `DESK:SEQ`; nil unless the desk id is valid and the number is positive.
    public init?(_ text: String) {
        guard let c = text.lastIndex(of: ":"), let n = Int(text[text.index(after: c)...]), n > 0 else { return nil }
        desk = String(text[..<c])
        seq = n
        guard Desk.isValidID(desk) else { return nil }
    }
    /// The reference as `DESK:SEQ`.
    public var description: String { "\(desk):\(seq)" }
    /// Orders by desk id, then by number (not the fold order).
    public static func < (a: EntryRef, b: EntryRef) -> Bool { a.desk != b.desk ? a.desk < b.desk : a.seq < b.seq }
}

/// The order in which entries are folded: by Lamport time, then desk, then sequence. Every
/// entry sorts after all it had seen; every desk folds the same entries in the same order.
public struct FoldKey: Comparable, Hashable, Sendable, Codable {
    /// The entry's Lamport time.
    public var lamport: Int
    /// The entry's desk id.
    public var desk: String
    /// The entry's number in its desk's chain.
    public var seq: Int
    /// A key before every entry's.
    public static let zero = FoldKey(lamport: 0, desk: "", seq: 0)
    /// By Lamport time, then desk id, then number.
    public static func < (a: FoldKey, b: FoldKey) -> Bool {
        if a.lamport != b.lamport { return a.lamport < b.lamport }
        if a.desk != b.desk { return a.desk < b.desk }
        return a.seq < b.seq
    }
}

/// The first entry of a desk's chain: who set it up and the key its entries are signed with.
public struct DeskInfo: Codable, Sendable, Equatable {
    /// Ed25519 public key, base64 of the raw 32 bytes.
    public var publicKey: String
    /// The archive the desk writes to.
    public var archive: String
    /// The host name of the machine the desk was set up on.
    public var host: String
    /// The desk this folder was copied from, when a copy was detected and given its own desk.
    public var copiedFrom: String?
}

/// What a person decided about a conflict: which side stands, and why.
public struct Resolution: Codable, Sendable, Equatable {
    /// Id of the conflict decided (as `dangan conflicts` lists it).
    public var dispute: String
    /// The side kept: a loan id (double loan), or the entry (`DESK:SEQ`) whose value stands.
    public var keep: String
    /// Why the person decided so (free text).
    public var reason: String
    /// The conflict as the person saw it when deciding.
    public var conflict: Dispute?
}

/// The migration from the first format: the old chain's last entry (so the old entries stay
/// verifiable and cannot be changed afterwards unnoticed) and what was carried over.
public struct MigrationInfo: Codable, Sendable, Equatable {
    /// The archive's format before the migration (1).
    public var fromFormat: Int
    /// How many entries the old chain had.
    public var legacyEntries: Int
    /// SHA-256 (hex) of the old chain's last entry: the old entries are checked against it.
    public var legacyHeadHash: String
    /// How many envelopes were carried over.
    public var envelopes: Int
    /// How many cabinets were carried over.
    public var cabinets: Int
}
