import Foundation

// The registers beside the borrowing register: the photocopy register (影印), destruction
// (销毁) and transfer (移交) records, and the inventory checks (盘点) made. All of them are
// journal entries, folded into `Register` like the loans.

// MARK: - Photocopy register

/// Stages of the photocopy flow (the domain brief; seed 001 篇1): request → approval → copy registered and pages
/// taken → original back and checked → copies accounted for (the entry is cancelled).
public enum CopyStage: String, Codable, Sendable, CaseIterable {
    case requested, approved, copied, back, settled, refused
    /// The stage in the photocopy register's words (已申请, 已批准, 已影印, 原件已归还, 已销账, 未批准).
    public var chinese: String {
        switch self {
        case .requested: return "已申请"
        case .approved: return "已批准"
        case .copied: return "已影印"
        case .back: return "原件已归还"
        case .settled: return "已销账"
        case .refused: return "未批准"
        }
    }
}

/// One step of a photocopy, as written in the journal.
public struct CopyEvent: Codable, Sendable, Equatable {
    /// Id of the photocopy (`cpy-…`), the same on every step.
    public var copy: String
    /// The step this entry records.
    public var stage: CopyStage
    /// Envelope id of the originals.
    public var envelope: String
    /// Ids of the originals copied, all of one envelope.
    public var documents: [String]
    /// Who asked for the copies; set on the request.
    public var requester: String?
    /// The requester's department; set on the request.
    public var department: String?
    /// What the copies are for; set on the request.
    public var purpose: String?
    /// Copies asked for (request) or made (copied).
    public var copies: Int?
    /// Pages copied; set on the copied step.
    public var pages: Int?
    /// Name of who approved or declined; set on those steps.
    public var approver: String?
    /// The approver's role in the staff list; nil when they are not on it.
    public var approverRole: Role?
    /// How the approval was given (a typed name: signed; from the approver's login: system).
    public var approval: ApprovalMode? = nil
    /// Original back complete (back stage).
    public var complete: Bool?
    /// Note: what is missing, where the copies went, why refused.
    public var note: String?
    /// When the step was written (the entry's time).
    public var at: Date
    /// Who wrote the step (the operator's name: the archivist, or the approver approving in the system).
    public var archivist: String
    /// A step with its common fields; the store fills the rest for the stage (`ArchiveStore.appendCopyStep`).
    public init(copy: String, stage: CopyStage, envelope: String, documents: [String], at: Date, archivist: String) {
        self.copy = copy
        self.stage = stage
        self.envelope = envelope
        self.documents = documents
        self.at = at
        self.archivist = archivist
    }
}

/// A photocopy with everything that happened to it, folded from the journal.
public struct CopyRecord: Codable, Sendable, Equatable {
    /// Id of the photocopy (`cpy-…`), by which the desk and `dangan approve` name it.
    public var id: String
    /// Envelope id of the originals.
    public var envelope: String
    /// Ids of the originals, all of one envelope.
    public var documents: [String]
    /// Who asked for the copies.
    public var requester: String
    /// The requester's department.
    public var department: String
    /// What the copies are for.
    public var purpose: String
    /// Copies asked for (1 when not said).
    public var copiesRequested: Int
    /// When the copies were asked for.
    public var requestedAt: Date
    /// The latest step: where the photocopy stands.
    public var stage: CopyStage
    /// Name of who approved or declined; nil before.
    public var approver: String?
    /// The approver's role in the staff list; nil before, or when not on it.
    public var approverRole: Role?
    /// How it was approved (typed signature or in the system); nil until approved.
    public var approval: ApprovalMode? = nil
    /// When it was approved; nil until then.
    public var approvedAt: Date?
    /// Pages copied; nil until the copies are made.
    public var pages: Int?
    /// Copies made; nil until then.
    public var copiesMade: Int?
    /// When the copies were made; nil until then.
    public var madeAt: Date?
    /// When the originals came back; nil until then.
    public var backAt: Date?
    /// Whether the originals came back complete; nil until they are back.
    public var backComplete: Bool?
    /// What was missing on return, or why it was declined; empty otherwise.
    public var backNote: String
    /// When the copies were accounted for and the entry cancelled (销账); nil until then.
    public var settledAt: Date?
    /// Where the copies went, as written when settled; empty until then.
    public var disposition: String
    /// The archivist who registered the request.
    public var archivist: String

    /// The original is out of its envelope for copying: from approval until it is back.
    public var originalOut: Bool { stage == .approved || stage == .copied }
    /// Not yet cancelled in the register.
    public var isOpen: Bool { stage != .settled && stage != .refused }
}

// MARK: - Destruction and transfer

/// Whether documents were destroyed (销毁) or handed over (移交).
public enum DisposalKind: String, Codable, Sendable {
    case destroy, transfer
    /// The kind's Chinese name (销毁, 移交) as the records write it.
    public var chinese: String { self == .destroy ? "销毁" : "移交" }
}

/// What was destroyed or handed over from one envelope, by whom, approved by whom. Several
/// envelopes handled together share a batch (one destruction record, one hand-over list).
public struct Disposal: Codable, Sendable, Equatable {
    /// Id of this envelope's part (`dsp-…`).
    public var id: String
    /// Id shared by the envelopes handled together (`dst-…` a destruction, `hnd-…` a hand-over): one record, one list.
    public var batch: String
    /// Destruction or transfer.
    public var kind: DisposalKind
    /// Envelope id of the documents.
    public var envelope: String
    /// Ids of the documents destroyed or handed over (all of them when the whole envelope went).
    public var documents: [String]
    /// The whole envelope went (transfer): it is closed and marked transferred.
    public var wholeEnvelope: Bool
    /// When it was done (the entry's time).
    public var at: Date
    /// The archivist who destroyed or handed over.
    public var by: String
    /// Name of who approved it; nil when no approval was recorded.
    public var approver: String?
    /// The approver's role in the staff list; nil when not on it.
    public var approverRole: Role?
    /// The reason the archivist gave, as the destruction record or hand-over list states it.
    public var reason: String
    /// Transfer: the person who received it and their department or company.
    public var recipient: String
    /// The receiving department or company (transfer); empty for a destruction.
    public var organisation: String
    /// Destruction: how (粉碎, 焚毁 …).
    public var method: String
    /// Id of the rule that allowed it.
    public var rule: String
    /// How the approval was given (destruction and transfer: the approver's signature, typed).
    public var approval: ApprovalMode? = nil
    /// One envelope's part of a destruction or transfer; a fresh `dsp-…` id unless given.
    public init(
        id: String = RecordID.make("dsp"), batch: String, kind: DisposalKind, envelope: String, documents: [String],
        wholeEnvelope: Bool,
        at: Date, by: String, approver: String?, approverRole: Role?, reason: String, recipient: String = "",
        organisation: String = "",
        method: String = "", rule: String, approval: ApprovalMode? = nil
    ) {
        self.approval = approval
        self.id = id
        self.batch = batch
        self.kind = kind
        self.envelope = envelope
        self.documents = documents
        self.wholeEnvelope = wholeEnvelope
        self.at = at
        self.by = by
        self.approver = approver
        self.approverRole = approverRole
        self.reason = reason
        self.recipient = recipient
        self.organisation = organisation
        self.method = method
        self.rule = rule
    }
}

// MARK: - Inventory checks

/// That a check (盘点) was made: when, by whom, of what, and what it found (counts by finding,
/// and the findings themselves, so that the check can be listed and printed again).
public struct InventoryRun: Codable, Sendable, Equatable {
    /// Id of the check (`inv-…`).
    public var id: String
    /// When the check was made.
    public var at: Date
    /// Who made it (the operator's name).
    public var by: String
    /// Codes of the cabinets checked.
    public var cabinets: [String]
    /// How many envelopes were checked.
    public var envelopes: Int
    /// How many barcodes or numbers were read off the shelf (0 without a scan).
    public var scanned: Int
    /// Finding rule (e.g. `checklist.missing`) → how many times it was found.
    public var findings: [String: Int]
    /// What was found, as reported (nil in checks recorded before the findings were kept).
    public var items: [InventoryFinding]? = nil
    /// Findings left out of `items` to keep the entry within its size (the counts are whole).
    public var itemsOmitted: Int? = nil
}

/// The non-loan registers, kept in `Register`.
public struct Paperwork: Codable, Sendable, Equatable {
    /// Photocopies by id (`cpy-…`); read them in order through `Register.copies`.
    public var copies: [String: CopyRecord] = [:]
    /// Ids of the photocopies in the order requested.
    public var copyOrder: [String] = []
    /// Every destruction and transfer, one per envelope, in fold order.
    public var disposals: [Disposal] = []
    /// Every inventory check recorded, in fold order.
    public var inventories: [InventoryRun] = []
    /// Empty registers, as before the first entry.
    public init() {}
}

extension Register {
    mutating func applyCopy(_ c: CopyEvent, entry: String) {
        if c.stage == .requested {
            if paperwork.copies[c.copy] != nil {
                anomalies.append("photocopy \(c.copy) requested twice (entry \(entry))")
                return
            }
            paperwork.copies[c.copy] = CopyRecord(
                id: c.copy, envelope: c.envelope, documents: c.documents, requester: c.requester ?? "",
                department: c.department ?? "",
                purpose: c.purpose ?? "", copiesRequested: c.copies ?? 1, requestedAt: c.at, stage: .requested,
                backNote: "",
                disposition: "", archivist: c.archivist)
            paperwork.copyOrder.append(c.copy)
            return
        }
        guard var r = paperwork.copies[c.copy] else {
            anomalies.append("photocopy step for unknown request \(c.copy) (entry \(entry))")
            return
        }
        r.stage = c.stage
        switch c.stage {
        case .approved:
            r.approver = c.approver
            r.approverRole = c.approverRole
            r.approvedAt = c.at
            r.approval = c.approval
            for d in r.documents {
                if let other = copyingByDocument[d] {
                    anomalies.append(
                        "document \(d) taken for copy \(c.copy) while out for copy \(other) (entry \(entry))")
                }
                copyingByDocument[d] = c.copy
            }
        case .refused:
            r.approver = c.approver
            r.approverRole = c.approverRole
            r.backNote = c.note ?? ""
        case .copied:
            r.pages = c.pages
            r.copiesMade = c.copies
            r.madeAt = c.at
        case .back:
            r.backAt = c.at
            r.backComplete = c.complete
            r.backNote = c.note ?? ""
            for d in r.documents where copyingByDocument[d] == c.copy { copyingByDocument[d] = nil }
        case .settled:
            r.settledAt = c.at
            r.disposition = c.note ?? ""
        case .requested: break
        }
        paperwork.copies[c.copy] = r
    }

    /// Photocopies in the order requested, open and settled.
    public var copies: [CopyRecord] { paperwork.copyOrder.compactMap { paperwork.copies[$0] } }
    /// The photocopy whose original `document` (an id) is out for copying, or nil.
    public func copying(_ document: String) -> CopyRecord? {
        copyingByDocument[document].flatMap { paperwork.copies[$0] }
    }
}
