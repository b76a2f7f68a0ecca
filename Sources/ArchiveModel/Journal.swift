import Foundation

/// One entry of the journal: the append-only audit trail of every change, of which the
/// borrowing register (loan / return / renew entries) is a part. One file per entry under
/// journal/YYYY-MM/, named by sequence and id; an entry is never rewritten. Each entry
/// carries the SHA-256 of the previous entry's file, so an edited, inserted or removed
/// entry breaks the chain and `dangan check` reports it.
public struct JournalEntry: Codable, Sendable, Equatable {
    public var seq: Int
    public var id: String
    public var at: Date
    /// Operator who made the change.
    public var by: String
    public var action: Action
    public var envelope: String?
    public var loan: Loan?
    public var loanReturn: LoanReturn?
    public var renewal: Renewal?
    /// Audit: the record before and after the change (nil before a creation).
    public var before: Envelope?
    public var after: Envelope?
    public var cabinet: Cabinet?
    /// Photocopy register, destruction / transfer records, inventory checks.
    public var copy: CopyEvent?
    public var disposal: Disposal?
    public var inventory: InventoryRun?
    /// Free text for the trail (e.g. the rule that allowed a loan, a destruction approval).
    public var note: String?
    /// SHA-256 (hex) of the previous entry's file; empty for the first entry.
    public var prev: String

    public enum Action: String, Codable, Sendable {
        case loan, `return`, renew
        case envelopeCreate = "envelope.create"
        case envelopeUpdate = "envelope.update"
        case cabinetCreate = "cabinet.create"
        case cabinetUpdate = "cabinet.update"
        case settingsUpdate = "settings.update"
        case copy
        case destroy, transfer, inventory
    }

    enum CodingKeys: String, CodingKey {
        case seq, id, at, by, action, envelope, loan, loanReturn = "return", renewal, before, after, cabinet, copy, disposal, inventory, note, prev
    }

    public init(seq: Int = 0, id: String = RecordID.make("j"), at: Date, by: String, action: Action, envelope: String? = nil,
                loan: Loan? = nil, loanReturn: LoanReturn? = nil, renewal: Renewal? = nil, before: Envelope? = nil,
                after: Envelope? = nil, cabinet: Cabinet? = nil, copy: CopyEvent? = nil, disposal: Disposal? = nil,
                inventory: InventoryRun? = nil, note: String? = nil, prev: String = "") {
        self.seq = seq; self.id = id; self.at = at; self.by = by; self.action = action; self.envelope = envelope
        self.loan = loan; self.loanReturn = loanReturn; self.renewal = renewal; self.before = before; self.after = after
        self.cabinet = cabinet; self.copy = copy; self.disposal = disposal; self.inventory = inventory
        self.note = note; self.prev = prev
    }

    public static func fileName(seq: Int, id: String) -> String {
        let s = String(seq)
        return String(repeating: "0", count: max(0, 10 - s.count)) + s + "-" + id + ".json"
    }

    /// Parses "0000000042-j-xxxx.json" into (42, "j-xxxx").
    public static func parseFileName(_ name: String) -> (Int, String)? {
        guard name.hasSuffix(".json"), name.utf8.count > 16 else { return nil }
        let u = Array(name.utf8)
        var seq = 0
        for i in 0..<10 { guard u[i] >= 48 && u[i] <= 57 else { return nil }; seq = seq * 10 + Int(u[i] - 48) }
        guard u[10] == 45 else { return nil }
        let id = String(decoding: u[11..<(u.count - 5)], as: UTF8.self)
        return (seq, id)
    }
}

/// The head of the journal as last seen: which entry and its hash.
public struct JournalHead: Codable, Sendable, Equatable {
    public var seq: Int
    public var month: String
    public var file: String
    public var hash: String
    public static let empty = JournalHead(seq: 0, month: "", file: "", hash: "")
}

/// The borrowing register, folded from the journal's loan, return and renew entries.
public struct Register: Sendable, Equatable {
    public internal(set) var records: [String: LoanRecord] = [:]
    /// Loan ids in the order they were lent.
    public internal(set) var order: [String] = []
    /// Document id → id of the open loan holding it.
    public internal(set) var openByDocument: [String: String] = [:]
    /// Envelope id → number of documents out.
    public internal(set) var outByEnvelope: [String: Int] = [:]
    /// Problems met while folding (a return of an unknown loan, a document lent twice).
    public internal(set) var anomalies: [String] = []
    /// Photocopy register, destruction and transfer records, inventory checks.
    public internal(set) var paperwork = Paperwork()
    /// Document id → ids of every loan that included it, in lending order.
    public internal(set) var loansByDocument: [String: [String]] = [:]
    /// Document id → id of the photocopy for which the original is out.
    public internal(set) var copyingByDocument: [String: String] = [:]

    public init() {}

    public mutating func apply(_ e: JournalEntry) {
        switch e.action {
        case .loan:
            guard let l = e.loan else { return }
            if records[l.id] != nil { anomalies.append("loan \(l.id) recorded twice (entry \(e.seq))"); return }
            records[l.id] = LoanRecord(loan: l)
            order.append(l.id)
            for d in l.documents { loansByDocument[d, default: []].append(l.id) }
            for d in l.documents {
                if let other = openByDocument[d] { anomalies.append("document \(d) lent by \(l.id) while still out on \(other) (entry \(e.seq))") }
                openByDocument[d] = l.id
                outByEnvelope[l.envelope, default: 0] += 1
            }
        case .return:
            guard let r = e.loanReturn else { return }
            guard var rec = records[r.loan] else { anomalies.append("return of unknown loan \(r.loan) (entry \(e.seq))"); return }
            let outstanding = Set(rec.outstandingDocuments)
            let docs = r.documents.filter { outstanding.contains($0) }
            var rr = r
            rr.documents = docs
            rec.returns.append(rr)
            records[r.loan] = rec
            for d in docs where openByDocument[d] == r.loan {
                openByDocument[d] = nil
                let n = (outByEnvelope[rec.loan.envelope] ?? 1) - 1
                outByEnvelope[rec.loan.envelope] = n > 0 ? n : nil
            }
        case .renew:
            guard let r = e.renewal, var rec = records[r.loan] else { return }
            rec.renewals.append(r)
            rec.due = r.newDue
            records[r.loan] = rec
        default:
            applyPaperwork(e)
        }
    }

    public var loans: [LoanRecord] { order.compactMap { records[$0] } }
    public var open: [LoanRecord] { order.compactMap { records[$0] }.filter { $0.isOpen } }
    public func overdue(at now: Date) -> [LoanRecord] { open.filter { $0.isOverdue(at: now) } }
    public func openLoan(of document: String) -> LoanRecord? { openByDocument[document].flatMap { records[$0] } }
    /// Every loan of a document, in lending order (an index: the register can hold thousands).
    public func history(of document: String) -> [LoanRecord] { (loansByDocument[document] ?? []).compactMap { records[$0] } }
}
