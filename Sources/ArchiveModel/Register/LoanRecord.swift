import Foundation

/// A loan with what happened to it since, folded from the journal.
public struct LoanRecord: Sendable, Equatable, Codable {
    public var loan: Loan
    public var due: Date
    public var renewals: [Renewal]
    public var returns: [LoanReturn]
    /// The journal entry that lent it (`DESK:SEQ`; empty for loans of the first format).
    public var entry: String
    /// Set when a person decided, resolving a conflict between desks, that this loan never
    /// happened: why, and the entry that said so. A voided loan holds nothing.
    public var voided: String?
    public init(loan: Loan, entry: String = "") {
        self.loan = loan
        self.due = loan.due
        renewals = []
        returns = []
        self.entry = entry
        voided = nil
    }

    public var returnedDocuments: Set<String> { Set(returns.flatMap { $0.documents }) }
    public var outstandingDocuments: [String] {
        if voided != nil { return [] }
        let r = returnedDocuments
        return loan.documents.filter { !r.contains($0) }
    }
    public var isOpen: Bool { !outstandingDocuments.isEmpty }
    public var returnedAt: Date? { isOpen || voided != nil ? nil : returns.last?.at }
    public func isOverdue(at now: Date) -> Bool { isOpen && now > due }
    /// Whole days past the due time (0 when not overdue).
    public func daysOverdue(at now: Date) -> Int {
        isOverdue(at: now) ? Int(now.timeIntervalSince(due) / 86400) + 1 : 0
    }
}
