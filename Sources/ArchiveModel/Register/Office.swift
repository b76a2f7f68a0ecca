import Foundation

// The office registers the regulations name beside the borrowing register, each a journal
// payload folded into `Register.office`:
//
// - the intake hand-over (交接登记): documents other departments hand to the archive, counted
//   against their list, received or refused ("不全不接收", seed 002 第二章 五; seed 001 篇9
//   "交客户服务部存档,并做好交接登记");
// - the key register (《钥匙领用/移交登记表》, seed 003 第4篇 5.5.1): the cabinet keys — who
//   holds them, the spare with the manager, hand-overs when the archivist is away, a lost key
//   and the change of lock (seed 000 篇3 4.3.7–4.3.8) — and the unit keys held for owners
//   (代保管单元钥匙, seed 000 篇1 表17), taken out and brought back against a signature;
// - the arrangement record (《档案整理记录表》, seed 000 篇3 7.3): label checks and tidying
//   sessions (4.3.4); the inventory checks are kept with the paperwork and listed beside them.

// MARK: - Intake (交接登记)

/// Documents handed to the archive by another department: who handed them over, who received
/// them, what, and whether they were received or refused because something was missing.
public struct IntakeRecord: Codable, Sendable, Equatable {
    /// Id of the hand-over (`itk-…`).
    public var id: String
    /// When the documents were handed over (the entry's time).
    public var at: Date
    /// The person handing over (移交人).
    public var from: String
    /// The handing department (移交部门).
    public var department: String
    /// The person receiving (接收人).
    public var receiver: String
    /// What was handed over, one line each (资料明细), as counted against the list.
    public var items: [String]
    /// Envelopes the documents are for (ids), when known.
    public var envelopes: [String]
    /// True when received; false when refused as incomplete (不全不接收), `missing` saying what was missing.
    public var accepted: Bool
    /// What was missing (required when refused); empty when accepted.
    public var missing: String
    /// The archivist's note; empty when none.
    public var note: String
    /// The archivist who recorded it.
    public var archivist: String

    /// A hand-over as the store records it; a fresh `itk-…` id unless given.
    public init(
        id: String = RecordID.make("itk"), at: Date, from: String, department: String, receiver: String,
        items: [String],
        envelopes: [String] = [], accepted: Bool, missing: String = "", note: String = "", archivist: String
    ) {
        self.id = id
        self.at = at
        self.from = from
        self.department = department
        self.receiver = receiver
        self.items = items
        self.envelopes = envelopes
        self.accepted = accepted
        self.missing = missing
        self.note = note
        self.archivist = archivist
    }

    /// The result in the register's words: 已接收 or 不全不接收.
    public var resultChinese: String { accepted ? "已接收" : "不全不接收" }
}

// MARK: - Keys (钥匙领用/移交登记)

/// One line of the key register.
public struct KeyEvent: Codable, Sendable, Equatable {
    /// What happened to the key: the first five for cabinet keys, the last four for unit keys held for owners.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        // Cabinet keys.
        case issue
        case handOver = "hand-over"
        case giveBack = "return"
        case lost
        case lockChange = "lock-change"
        // Unit keys held for owners (代保管单元钥匙).
        case deposit, out, back, release

        /// The event in the key register's words (领用, 移交, 交回, 遗失, 更换锁具, 存入代保管, 借出, 归还, 退还业主).
        public var chinese: String {
            switch self {
            case .issue: return "领用"
            case .handOver: return "移交"
            case .giveBack: return "交回"
            case .lost: return "遗失"
            case .lockChange: return "更换锁具"
            case .deposit: return "存入代保管"
            case .out: return "借出"
            case .back: return "归还"
            case .release: return "退还业主"
            }
        }

        /// True for the unit keys held for owners; false for the cabinet keys.
        public var isUnitKey: Bool { [.deposit, .out, .back, .release].contains(self) }
    }

    /// Id of the line (`key-…`).
    public var id: String
    /// What happened to the key.
    public var kind: Kind
    /// Cabinet keys: the cabinet's code.
    public var cabinet: String?
    /// Unit keys: the envelope of the unit.
    public var envelope: String?
    /// Which key(s): 档案柜钥匙, 备用钥匙, 入户门钥匙×2 …
    public var key: String
    /// Who gave the key (as in ``KeyRequest/from``); the operator when a cabinet key issued names nobody.
    public var from: String
    /// Who received it (as in ``KeyRequest/to``); the operator when a key given back names nobody.
    public var to: String
    /// The spare key (备用钥匙), kept by the manager.
    public var spare: Bool
    /// A change of lock: who holds the new keys (as the cabinet lists them).
    public var holders: [String]?
    /// Who signed the register for it (the person taking, bringing back or receiving the key).
    public var signedBy: String
    /// Why (维修, 休假 …) or what happened.
    public var purpose: String
    /// When it happened (the entry's time).
    public var at: Date
    /// The archivist who recorded it (the operator's name).
    public var archivist: String

    /// A line of the key register; a fresh `key-…` id unless given.
    public init(
        id: String = RecordID.make("key"), kind: Kind, cabinet: String? = nil, envelope: String? = nil, key: String,
        from: String,
        to: String, spare: Bool = false, holders: [String]? = nil, signedBy: String = "", purpose: String = "",
        at: Date,
        archivist: String
    ) {
        self.id = id
        self.kind = kind
        self.cabinet = cabinet
        self.envelope = envelope
        self.key = key
        self.from = from
        self.to = to
        self.spare = spare
        self.holders = holders
        self.signedBy = signedBy
        self.purpose = purpose
        self.at = at
        self.archivist = archivist
    }
}

/// A unit key held for its owner, as the events left it.
public struct UnitKeyCustody: Codable, Sendable, Equatable {
    /// Whether the key is in the archive's keeping or out with someone.
    public enum State: String, Codable, Sendable {
        case held, out
        /// The state in the register's words: 代保管中 or 借出.
        public var chinese: String { self == .held ? "代保管中" : "借出" }
    }
    /// Id of the envelope of the unit whose key it is.
    public var envelope: String
    /// Which key(s), as deposited (e.g. 入户门钥匙×2).
    public var key: String
    /// Who deposited it (the owner or their agent).
    public var depositor: String
    /// When it was deposited.
    public var since: Date
    /// In the archive's keeping, or out.
    public var state: State
    /// Who has it while out; empty while held.
    public var holder: String
    /// When it was taken out; nil while held.
    public var outAt: Date?
    /// What it was taken out for; empty while held.
    public var purpose: String
}

/// A cabinet key holder as the cabinet lists it: a name, `(备用钥匙)` after the spare's holder.
public struct KeyHolder: Sendable, Equatable {
    /// The mark after the spare key's holder in `Cabinet.keyHolders`.
    public static let spareMark = "(备用钥匙)"
    /// The holder's name.
    public var name: String
    /// True for the holder of the spare key (备用钥匙).
    public var spare: Bool
    /// A holder from its parts.
    public init(name: String, spare: Bool) {
        self.name = name
        self.spare = spare
    }
    /// Reads a `keyHolders` line, with the spare mark in half- or full-width brackets.
    public init(_ listed: String) {
        for mark in [KeyHolder.spareMark, "（备用钥匙）"] where listed.hasSuffix(mark) {
            name = String(listed.dropLast(mark.count)).trimmingCharacters(in: .whitespaces)
            spare = true
            return
        }
        name = listed.trimmingCharacters(in: .whitespaces)
        spare = false
    }
    /// The line as `Cabinet.keyHolders` writes it: the name, and the spare mark for the spare's holder.
    public var listed: String { spare ? name + KeyHolder.spareMark : name }
}

// MARK: - Arrangement (档案整理记录)

/// An arrangement session: labels checked and renewed (seed 000 篇3 4.3.4), or envelopes put
/// back in order; what was found and which envelopes were dealt with.
public struct ArrangementSession: Codable, Sendable, Equatable {
    /// What the session did: check the labels, or tidy.
    public enum Work: String, Codable, Sendable, CaseIterable {
        /// 标签检查: labels and signs checked, faded or fallen ones renewed.
        case labels
        /// 整理: envelopes and documents put back in order.
        case tidy
        /// The work in the record's words: 标签检查更新 or 整理归位.
        public var chinese: String { self == .labels ? "标签检查更新" : "整理归位" }
    }
    /// Id of the session (`arr-…`).
    public var id: String
    /// When it was recorded.
    public var at: Date
    /// Who did it (the operator's name).
    public var by: String
    /// Label check or tidying.
    public var work: Work
    /// Codes of the cabinets covered.
    public var cabinets: [String]
    /// The scope in words when narrower than whole cabinets (e.g. 3栋); empty otherwise.
    public var scope: String
    /// What was found.
    public var findings: String
    /// Envelopes whose label was renewed or that were put back in place (ids).
    public var envelopes: [String]
    /// The archivist's note; empty when none.
    public var note: String

    /// A session as the store records it; a fresh `arr-…` id unless given.
    public init(
        id: String = RecordID.make("arr"), at: Date, by: String, work: Work, cabinets: [String], scope: String = "",
        findings: String,
        envelopes: [String] = [], note: String = ""
    ) {
        self.id = id
        self.at = at
        self.by = by
        self.work = work
        self.cabinets = cabinets
        self.scope = scope
        self.findings = findings
        self.envelopes = envelopes
        self.note = note
    }
}

// MARK: - The fold

/// The office registers as folded from the journal, in fold order.
public struct OfficeRegisters: Codable, Sendable, Equatable {
    /// Every hand-over received or refused, in fold order.
    public var intakes: [IntakeRecord] = []
    /// Every line of the key register, cabinet and unit keys, in fold order.
    public var keyEvents: [KeyEvent] = []
    /// Every arrangement session, in fold order.
    public var arrangements: [ArrangementSession] = []
    /// Envelope id → its unit key held for the owner (absent once given back to the owner).
    public var unitKeys: [String: UnitKeyCustody] = [:]
    /// Cabinet code → the report of a key lost, until the lock is changed.
    public var lostKeys: [String: KeyEvent] = [:]
    /// Empty registers, as before the first entry.
    public init() {}
}

extension InventoryRun {
    /// At most this many findings are kept in one check's entry (about 20 MB).
    public static let maxItems = 100_000
}

extension Register {
    /// Folds an intake, key or arrangement entry. Deterministic: the same entries in the same
    /// order give the same registers, whatever desk folds them.
    mutating func applyOffice(_ e: JournalEntry) {
        let ref = e.ref.description
        if let i = e.intake { office.intakes.append(i) }
        if let a = e.arrangement { office.arrangements.append(a) }
        guard let k = e.key else { return }
        office.keyEvents.append(k)
        switch k.kind {
        case .lost:
            if let c = k.cabinet { office.lostKeys[c] = k }
        case .lockChange:
            if let c = k.cabinet { office.lostKeys[c] = nil }
        case .issue, .handOver, .giveBack:
            break
        case .deposit:
            guard let env = k.envelope else { return }
            if office.unitKeys[env] != nil {
                anomalies.append("unit key of \(env) deposited while already held (entry \(ref))")
            }
            office.unitKeys[env] = UnitKeyCustody(
                envelope: env, key: k.key, depositor: k.from, since: k.at, state: .held, holder: "",
                outAt: nil, purpose: "")
        case .out:
            guard let env = k.envelope, var c = office.unitKeys[env] else {
                anomalies.append("unit key taken out but not held (entry \(ref))")
                return
            }
            if c.state == .out {
                anomalies.append("unit key of \(env) taken out while out with \(c.holder) (entry \(ref))")
            }
            c.state = .out
            c.holder = k.to
            c.outAt = k.at
            c.purpose = k.purpose
            office.unitKeys[env] = c
        case .back:
            guard let env = k.envelope, var c = office.unitKeys[env] else {
                anomalies.append("unit key brought back but not held (entry \(ref))")
                return
            }
            c.state = .held
            c.holder = ""
            c.outAt = nil
            c.purpose = ""
            office.unitKeys[env] = c
        case .release:
            guard let env = k.envelope, office.unitKeys[env] != nil else {
                anomalies.append("unit key given back to the owner but not held (entry \(ref))")
                return
            }
            office.unitKeys[env] = nil
        }
    }
}
