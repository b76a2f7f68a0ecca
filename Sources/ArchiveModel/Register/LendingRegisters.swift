import Foundation

// The registers beside the borrowing register that the lending rules and the people who work
// the desk need: approvals given in the system (审批), loss and damage (遗失、损坏), and the
// record of who looked at confidential material (查询记录). Each is journal entries, folded in
// `Register` like the loans (deterministically: the fold may run again from the first entry).

/// What the lending and access registers hold, kept in ``Register`` and in its checkpoint.
public struct LendingRegisters: Codable, Sendable, Equatable {
    public internal(set) var approvals: [String: ApprovalRecord] = [:]
    public internal(set) var approvalOrder: [String] = []
    public internal(set) var incidents: [String: IncidentRecord] = [:]
    public internal(set) var incidentOrder: [String] = []
    /// Document id → ids of its open incidents.
    public internal(set) var openIncidents: [String: [String]] = [:]
    /// Envelope id → number of open incidents.
    public internal(set) var openIncidentsByEnvelope: [String: Int] = [:]
    public internal(set) var access: [AccessRecord] = []
    public init() {}
}

// MARK: - Approvals given in the system

/// One step of an approval request: asked for (by the archivist, for a borrower), approved or
/// declined (by an approver from their own login).
public struct ApprovalEvent: Codable, Sendable, Equatable {
    public enum Stage: String, Codable, Sendable { case requested, approved, refused }
    public var id: String
    public var stage: Stage
    public var envelope: String?
    public var documents: [String]?
    public var borrower: String?
    public var department: String?
    public var purpose: String?
    public var type: LoanType?
    /// Who may approve (titles), as the rules said when it was asked.
    public var titles: [String]?
    public var rule: String?
    public var approver: String?
    public var approverTitle: String?
    public var reason: String?
    public var at: Date
    public var by: String
}

/// An approval request with its decision, folded from the journal.
public struct ApprovalRecord: Codable, Sendable, Equatable {
    public var id: String
    public var envelope: String
    public var documents: [String]
    public var borrower: String
    public var department: String
    public var purpose: String
    public var type: LoanType
    public var titles: [String]
    public var rule: String
    public var requestedAt: Date
    public var requestedBy: String
    public var stage: ApprovalEvent.Stage
    public var approver: String?
    public var approverTitle: String?
    public var decidedAt: Date?
    public var reason: String?
    /// The loan lent on it (an approval is used once).
    public var usedBy: String?
    public var isPending: Bool { stage == .requested }
}

// MARK: - Incidents (loss, damage, an incomplete return)

public enum IncidentKind: String, Codable, Sendable, CaseIterable {
    case lost, damaged, incomplete
    public var chinese: String {
        switch self {
        case .lost: return "遗失"
        case .damaged: return "损坏"
        case .incomplete: return "不完整"
        }
    }
}

/// An incident reported or resolved, as written in the journal (on its own, or in the entry of
/// the incomplete return that opened it).
public struct IncidentEvent: Codable, Sendable, Equatable {
    public enum Stage: String, Codable, Sendable { case reported, resolved }
    public var id: String
    public var stage: Stage
    public var kind: IncidentKind?
    public var envelope: String
    public var documents: [String]
    /// The loan it came back from, when it did.
    public var loan: String?
    public var note: String
    public var at: Date
    public var by: String
}

/// An incident with its resolution, folded from the journal (for 公司领导: seed 000 篇3 4.4).
public struct IncidentRecord: Codable, Sendable, Equatable {
    public var id: String
    public var kind: IncidentKind
    public var envelope: String
    public var documents: [String]
    public var loan: String?
    public var note: String
    public var reportedAt: Date
    public var reportedBy: String
    public var resolvedAt: Date?
    public var resolvedBy: String?
    public var resolution: String?
    public var isOpen: Bool { resolvedAt == nil }
}

// MARK: - Who looked (查询记录)

public enum AccessKind: String, Codable, Sendable {
    /// Whole ID numbers and phones shown (`show --reveal`, the edit form).
    case numbers
    /// An export that includes them.
    case export
    public var chinese: String { self == .numbers ? "查看身份证号/电话" : "导出含身份证号/电话" }
}

/// That someone looked at confidential material: who, when, what (seed 002: 记录查询人员、查询时间).
public struct AccessRecord: Codable, Sendable, Equatable {
    public var kind: AccessKind
    public var envelope: String?
    /// Envelopes included (an export).
    public var count: Int
    public var detail: String
    public var at: Date
    public var by: String
    public var login: String
    /// `DESK:SEQ` of its entry.
    public var entry: String
}

// MARK: - Folding

extension Register {
    /// Folds what the lending registers keep from an entry (called for every entry).
    mutating func applyLending(_ e: JournalEntry) {
        if let a = e.approval { lending.apply(a, entry: e.ref.description, anomalies: &anomalies) }
        if let i = e.incident { lending.apply(i, anomalies: &anomalies, entry: e.ref.description) }
        if let x = e.access {
            lending.access.append(
                AccessRecord(
                    kind: x.kind, envelope: x.envelope, count: x.count, detail: x.detail, at: e.at,
                    by: e.by, login: e.login, entry: e.ref.description))
        }
        if let l = e.loan, let r = l.approvalRequest, var rec = lending.approvals[r], rec.usedBy == nil {
            rec.usedBy = l.id
            lending.approvals[r] = rec
        }
    }

    // MARK: Reading

    /// Approval requests in the order asked.
    public var approvals: [ApprovalRecord] { lending.approvalOrder.compactMap { lending.approvals[$0] } }

    /// An approval given in the system for exactly these documents, this borrower and this
    /// kind of loan, not yet used.
    public func usableApproval(envelope: String, documents: [String], borrower: String, type: LoanType)
        -> ApprovalRecord?
    {
        let want = Set(documents)
        return approvals.last {
            $0.stage == .approved && $0.usedBy == nil && $0.envelope == envelope && Set($0.documents) == want
                && $0.borrower == borrower && $0.type == type
        }
    }

    public var incidents: [IncidentRecord] { lending.incidentOrder.compactMap { lending.incidents[$0] } }
    public func openIncidents(document: String) -> [IncidentRecord] {
        (lending.openIncidents[document] ?? []).compactMap { lending.incidents[$0] }
    }
    public func openIncidentCount(envelope: String) -> Int { lending.openIncidentsByEnvelope[envelope] ?? 0 }
    public var accessLog: [AccessRecord] { lending.access }
}

extension LendingRegisters {
    mutating func apply(_ a: ApprovalEvent, entry: String, anomalies: inout [String]) {
        switch a.stage {
        case .requested:
            guard approvals[a.id] == nil else {
                anomalies.append("approval \(a.id) requested twice (entry \(entry))")
                return
            }
            approvals[a.id] = ApprovalRecord(
                id: a.id, envelope: a.envelope ?? "", documents: a.documents ?? [], borrower: a.borrower ?? "",
                department: a.department ?? "", purpose: a.purpose ?? "", type: a.type ?? .short,
                titles: a.titles ?? [], rule: a.rule ?? "", requestedAt: a.at, requestedBy: a.by,
                stage: .requested)
            approvalOrder.append(a.id)
        case .approved, .refused:
            guard var r = approvals[a.id] else {
                anomalies.append("decision on unknown approval \(a.id) (entry \(entry))")
                return
            }
            // Two desks deciding the same request: the first decision folded stands.
            guard r.stage == .requested else { return }
            r.stage = a.stage
            r.approver = a.approver
            r.approverTitle = a.approverTitle
            r.decidedAt = a.at
            r.reason = a.reason
            approvals[a.id] = r
        }
    }

    mutating func apply(_ i: IncidentEvent, anomalies: inout [String], entry: String) {
        switch i.stage {
        case .reported:
            guard incidents[i.id] == nil else {
                anomalies.append("incident \(i.id) reported twice (entry \(entry))")
                return
            }
            incidents[i.id] = IncidentRecord(
                id: i.id, kind: i.kind ?? .damaged, envelope: i.envelope, documents: i.documents, loan: i.loan,
                note: i.note, reportedAt: i.at, reportedBy: i.by)
            incidentOrder.append(i.id)
            for d in i.documents { openIncidents[d, default: []].append(i.id) }
            openIncidentsByEnvelope[i.envelope, default: 0] += 1
        case .resolved:
            guard var r = incidents[i.id] else {
                anomalies.append("resolution of unknown incident \(i.id) (entry \(entry))")
                return
            }
            guard r.isOpen else { return }
            r.resolvedAt = i.at
            r.resolvedBy = i.by
            r.resolution = i.note
            incidents[i.id] = r
            for d in r.documents {
                openIncidents[d]?.removeAll { $0 == i.id }
                if openIncidents[d]?.isEmpty == true { openIncidents[d] = nil }
            }
            let n = (openIncidentsByEnvelope[r.envelope] ?? 1) - 1
            openIncidentsByEnvelope[r.envelope] = n > 0 ? n : nil
        }
    }
}

/// A viewing act as written in the journal (who and when are the entry's).
public struct AccessEvent: Codable, Sendable, Equatable {
    public var kind: AccessKind
    public var envelope: String?
    public var count: Int
    public var detail: String
    public init(kind: AccessKind, envelope: String?, count: Int, detail: String) {
        self.kind = kind
        self.envelope = envelope
        self.count = count
        self.detail = detail
    }
}
