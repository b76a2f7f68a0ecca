import Foundation

// The registers beside the borrowing register: the photocopy register (影印), destruction
// (销毁) and transfer (移交) records, and the inventory checks (盘点) made. All of them are
// journal entries, folded into `Register` like the loans.

// MARK: - Photocopy register

/// Stages of the photocopy flow (the domain brief; seed 001 篇1): request → approval → copy registered and pages
/// taken → original back and checked → copies accounted for (the entry is cancelled).
public enum CopyStage: String, Codable, Sendable, CaseIterable {
    case requested, approved, copied, back, settled, refused
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
    public var copy: String
    public var stage: CopyStage
    public var envelope: String
    public var documents: [String]
    public var requester: String?
    public var department: String?
    public var purpose: String?
    /// Copies asked for (request) or made (copied).
    public var copies: Int?
    public var pages: Int?
    public var approver: String?
    public var approverRole: Role?
    /// How the approval was given (a typed name: signed; from the approver's login: system).
    public var approval: ApprovalMode? = nil
    /// Original back complete (back stage).
    public var complete: Bool?
    /// Note: what is missing, where the copies went, why refused.
    public var note: String?
    public var at: Date
    public var archivist: String
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
    public var id: String
    public var envelope: String
    public var documents: [String]
    public var requester: String
    public var department: String
    public var purpose: String
    public var copiesRequested: Int
    public var requestedAt: Date
    public var stage: CopyStage
    public var approver: String?
    public var approverRole: Role?
    public var approval: ApprovalMode? = nil
    public var approvedAt: Date?
    public var pages: Int?
    public var copiesMade: Int?
    public var madeAt: Date?
    public var backAt: Date?
    public var backComplete: Bool?
    public var backNote: String
    public var settledAt: Date?
    public var disposition: String
    public var archivist: String

    /// The original is out of its envelope for copying: from approval until it is back.
    public var originalOut: Bool { stage == .approved || stage == .copied }
    /// Not yet cancelled in the register.
    public var isOpen: Bool { stage != .settled && stage != .refused }
}

// MARK: - Destruction and transfer

public enum DisposalKind: String, Codable, Sendable {
    case destroy, transfer
    public var chinese: String { self == .destroy ? "销毁" : "移交" }
}

/// What was destroyed or handed over from one envelope, by whom, approved by whom. Several
/// envelopes handled together share a batch (one destruction record, one hand-over list).
public struct Disposal: Codable, Sendable, Equatable {
    public var id: String
    public var batch: String
    public var kind: DisposalKind
    public var envelope: String
    public var documents: [String]
    /// The whole envelope went (transfer): it is closed and marked transferred.
    public var wholeEnvelope: Bool
    public var at: Date
    /// The archivist who destroyed or handed over.
    public var by: String
    public var approver: String?
    public var approverRole: Role?
    public var reason: String
    /// Transfer: the person who received it and their department or company.
    public var recipient: String
    public var organisation: String
    /// Destruction: how (粉碎, 焚毁 …).
    public var method: String
    public var rule: String
    /// How the approval was given (destruction and transfer: the approver's signature, typed).
    public var approval: ApprovalMode? = nil
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
    public var id: String
    public var at: Date
    public var by: String
    public var cabinets: [String]
    public var envelopes: Int
    public var scanned: Int
    public var findings: [String: Int]
    /// What was found, as reported (nil in checks recorded before the findings were kept).
    public var items: [InventoryFinding]? = nil
    /// Findings left out of `items` to keep the entry within its size (the counts are whole).
    public var itemsOmitted: Int? = nil
}

/// The non-loan registers, kept in `Register`.
public struct Paperwork: Codable, Sendable, Equatable {
    public var copies: [String: CopyRecord] = [:]
    public var copyOrder: [String] = []
    public var disposals: [Disposal] = []
    public var inventories: [InventoryRun] = []
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

    public var copies: [CopyRecord] { paperwork.copyOrder.compactMap { paperwork.copies[$0] } }
    public func copying(_ document: String) -> CopyRecord? {
        copyingByDocument[document].flatMap { paperwork.copies[$0] }
    }
}
