import Foundation

// The registers beside the borrowing register that the lending rules and the people who work
// the desk need: approvals given in the system (审批), loss and damage (遗失、损坏), and the
// record of who looked at confidential material (查询记录). Each is journal entries, folded in
// `Register` like the loans (deterministically: the fold may run again from the first entry).

/// What the lending and access registers hold, kept in ``Register`` and in its checkpoint.
public struct LendingRegisters: Codable, Sendable, Equatable {
    /// Approval requests by id (`apr-…`); read them in order through `Register.approvals`.
    public internal(set) var approvals: [String: ApprovalRecord] = [:]
    /// Ids of the approval requests in the order they were asked (fold order).
    public internal(set) var approvalOrder: [String] = []
    /// Incidents by id (`inc-…`); read them in order through `Register.incidents`.
    public internal(set) var incidents: [String: IncidentRecord] = [:]
    /// Ids of the incidents in the order they were reported (fold order).
    public internal(set) var incidentOrder: [String] = []
    /// Document id → ids of its open incidents.
    public internal(set) var openIncidents: [String: [String]] = [:]
    /// Envelope id → number of open incidents.
    public internal(set) var openIncidentsByEnvelope: [String: Int] = [:]
    /// Every viewing or export of whole ID numbers and phones, in fold order.
    public internal(set) var access: [AccessRecord] = []
    /// Empty registers, as before the first entry.
    public init() {}
}

// MARK: - Approvals given in the system

/// One step of an approval request: asked for (by the archivist, for a borrower), approved or
/// declined (by an approver from their own login).
public struct ApprovalEvent: Codable, Sendable, Equatable {
    /// Where the request stands: asked for, approved, or declined (`refused`).
    public enum Stage: String, Codable, Sendable { case requested, approved, refused }
    /// Id of the approval request (`apr-…`), the same on its request and its decision.
    public var id: String
    /// The step this entry records.
    public var stage: Stage
    /// Envelope id of the documents; set on the request, nil on the decision.
    public var envelope: String?
    /// Ids of the documents asked for (all of one envelope); set on the request, nil on the decision.
    public var documents: [String]?
    /// The borrower's name as typed at the desk; set on the request.
    public var borrower: String?
    /// The borrower's department; set on the request.
    public var department: String?
    /// What the borrower wants the documents for; set on the request.
    public var purpose: String?
    /// The kind of loan asked for; set on the request.
    public var type: LoanType?
    /// Who may approve (titles), as the rules said when it was asked.
    public var titles: [String]?
    /// Id of the lending rule that asked for the approval; set on the request.
    public var rule: String?
    /// Name of the staff member who decided; set on the decision.
    public var approver: String?
    /// The decider's job title, one of `titles`; set on the decision.
    public var approverTitle: String?
    /// Why it was declined; nil on a request and an approval.
    public var reason: String?
    /// When the step was written (the entry's time).
    public var at: Date
    /// Who wrote the step: the archivist for a request, the approver for a decision.
    public var by: String
}

/// An approval request with its decision, folded from the journal.
public struct ApprovalRecord: Codable, Sendable, Equatable {
    /// Id of the request (`apr-…`), as the approver types it in `dangan approve`.
    public var id: String
    /// Envelope id of the documents asked for.
    public var envelope: String
    /// Ids of the documents asked for, all of one envelope; a loan uses it only for exactly these.
    public var documents: [String]
    /// The borrower's name; only the same borrower may be lent on it.
    public var borrower: String
    /// The borrower's department.
    public var department: String
    /// What the borrower wants the documents for.
    public var purpose: String
    /// The kind of loan asked for; a loan uses it only for the same kind.
    public var type: LoanType
    /// Job titles that may decide (any one of them), as the rules said when it was asked.
    public var titles: [String]
    /// Id of the lending rule that asked for the approval.
    public var rule: String
    /// When it was asked for.
    public var requestedAt: Date
    /// The archivist who registered the request.
    public var requestedBy: String
    /// Where it stands: pending (`requested`), `approved` or declined (`refused`).
    public var stage: ApprovalEvent.Stage
    /// Name of the staff member who decided; nil while pending.
    public var approver: String?
    /// The decider's job title; nil while pending.
    public var approverTitle: String?
    /// When it was decided; nil while pending.
    public var decidedAt: Date?
    /// Why it was declined; nil unless refused.
    public var reason: String?
    /// The loan lent on it (an approval is used once).
    public var usedBy: String?
    /// True while nobody has decided.
    public var isPending: Bool { stage == .requested }
}

// MARK: - Incidents (loss, damage, an incomplete return)

/// What an incident is about: a loss (遗失), damage (损坏) or an incomplete return (不完整).
public enum IncidentKind: String, Codable, Sendable, CaseIterable {
    case lost, damaged, incomplete
    /// The kind's Chinese name (遗失, 损坏, 不完整), as the registers and reports write it.
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
    /// Reported (opens the incident) or resolved (closes it).
    public enum Stage: String, Codable, Sendable { case reported, resolved }
    /// Id of the incident (`inc-…`), the same on its report and its resolution.
    public var id: String
    /// The step this entry records.
    public var stage: Stage
    /// What happened; set on the report, nil on the resolution.
    public var kind: IncidentKind?
    /// Envelope id of the documents concerned.
    public var envelope: String
    /// Ids of the documents concerned, all of one envelope.
    public var documents: [String]
    /// The loan it came back from, when it did.
    public var loan: String?
    /// What was found on a report, or what was done on a resolution (free text, at most 500 characters).
    public var note: String
    /// When the step was written (the entry's time).
    public var at: Date
    /// Who reported or resolved it (the operator's name).
    public var by: String
}

/// An incident with its resolution, folded from the journal (for 公司领导: seed 000 篇3 4.4).
public struct IncidentRecord: Codable, Sendable, Equatable {
    /// Id of the incident (`inc-…`).
    public var id: String
    /// Loss, damage or incomplete return.
    public var kind: IncidentKind
    /// Envelope id of the documents concerned.
    public var envelope: String
    /// Ids of the documents concerned; they stay flagged while the incident is open.
    public var documents: [String]
    /// The loan the documents were out on when reported (or came back from); nil when none.
    public var loan: String?
    /// What was found, as reported.
    public var note: String
    /// When it was reported.
    public var reportedAt: Date
    /// Who reported it (the operator's name).
    public var reportedBy: String
    /// When it was resolved; nil while open.
    public var resolvedAt: Date?
    /// Who resolved it; nil while open.
    public var resolvedBy: String?
    /// What was done (found, repaired, replaced, reported to the police …); nil while open.
    public var resolution: String?
    /// True until it is resolved.
    public var isOpen: Bool { resolvedAt == nil }
}

// MARK: - Who looked (查询记录)

/// What confidential material was shown: whole numbers on screen, or an export holding them.
public enum AccessKind: String, Codable, Sendable {
    /// Whole ID numbers and phones shown (`show --reveal`, the edit form).
    case numbers
    /// An export that includes them.
    case export
    /// What was done, in Chinese, as the access log and the entry's note write it.
    public var chinese: String { self == .numbers ? "查看身份证号/电话" : "导出含身份证号/电话" }
}

/// That someone looked at confidential material: who, when, what (seed 002: 记录查询人员、查询时间).
public struct AccessRecord: Codable, Sendable, Equatable {
    /// Whole numbers shown, or an export that held them.
    public var kind: AccessKind
    /// The envelope shown; nil for an export of several envelopes.
    public var envelope: String?
    /// Envelopes included (an export).
    public var count: Int
    /// What was shown or exported (free text from the caller, at most 200 characters).
    public var detail: String
    /// When it was shown (the entry's time).
    public var at: Date
    /// Who saw it: the operator's name.
    public var by: String
    /// The OS login it was seen from.
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

    /// Incidents in the order reported, open and resolved.
    public var incidents: [IncidentRecord] { lending.incidentOrder.compactMap { lending.incidents[$0] } }
    /// The open incidents that name `document` (a document id).
    public func openIncidents(document: String) -> [IncidentRecord] {
        (lending.openIncidents[document] ?? []).compactMap { lending.incidents[$0] }
    }
    /// How many incidents are open on the envelope with id `envelope`.
    public func openIncidentCount(envelope: String) -> Int { lending.openIncidentsByEnvelope[envelope] ?? 0 }
    /// Every record of who looked at confidential material, in fold order.
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
    /// Whole numbers shown, or an export that held them.
    public var kind: AccessKind
    /// The envelope shown; nil for an export of several envelopes.
    public var envelope: String?
    /// How many envelopes the export held (1 when one envelope was shown).
    public var count: Int
    /// What was shown or exported (cut to 200 characters when written).
    public var detail: String
    /// A viewing act; the store stamps who and when on its entry.
    public init(kind: AccessKind, envelope: String?, count: Int, detail: String) {
        self.kind = kind
        self.envelope = envelope
        self.count = count
        self.detail = detail
    }
}
