import Foundation

/// A loan with what happened to it since, folded from the journal.
public struct LoanRecord: Sendable, Equatable, Codable {
    /// The loan as it was lent.
    public var loan: Loan
    /// When the documents are due now: the loan's due time, moved by each renewal.
    public var due: Date
    /// Renewals in the order made.
    public var renewals: [Renewal]
    /// Returns in the order made; together they may cover the loan's documents in several steps.
    public var returns: [LoanReturn]
    /// The journal entry that lent it (`DESK:SEQ`; empty for loans of the first format).
    public var entry: String
    /// The entries of its renewals and returns, one for each in `renewals` and `returns` (nil
    /// in records kept before they were recorded: the history then names no entry or desk).
    public var renewalEntries: [String]?
    /// The entries (`DESK:SEQ`) of the returns, one for each in `returns` (nil as for `renewalEntries`).
    public var returnEntries: [String]?
    /// Returns taken back by an undo (their entries): kept in `returns`, but the documents are
    /// out again.
    public var undoneReturns: [String]?
    /// Set when a person decided, resolving a conflict between desks, that this loan never
    /// happened: why, and the entry that said so. A voided loan holds nothing.
    public var voided: String?
    /// A record of a loan just lent (no renewals or returns yet).
    public init(loan: Loan, entry: String = "") {
        self.loan = loan
        self.due = loan.due
        renewals = []
        returns = []
        self.entry = entry
        voided = nil
    }

    /// Ids of the documents that came back, in any return.
    /// Documents given back (by returns that were not taken back).
    public var returnedDocuments: Set<String> {
        var out = Set<String>()
        for (i, r) in returns.enumerated() {
            let entry = returnEntries.flatMap { i < $0.count ? $0[i] : nil }
            if let entry, undoneReturns?.contains(entry) == true { continue }
            out.formUnion(r.documents)
        }
        return out
    }
    /// Ids of the documents still out, in loan order; empty when all came back or the loan is voided.
    public var outstandingDocuments: [String] {
        if voided != nil { return [] }
        let r = returnedDocuments
        return loan.documents.filter { !r.contains($0) }
    }
    /// True while any document is out (and the loan is not voided).
    public var isOpen: Bool { !outstandingDocuments.isEmpty }
    /// When the last document came back; nil while open and for a voided loan.
    public var returnedAt: Date? { isOpen || voided != nil ? nil : returns.last?.at }
    /// True when documents are still out after the due time `now`.
    public func isOverdue(at now: Date) -> Bool { isOpen && now > due }
    /// Whole days past the due time (0 when not overdue).
    public func daysOverdue(at now: Date) -> Int {
        isOverdue(at: now) ? Int(now.timeIntervalSince(due) / 86400) + 1 : 0
    }
}
