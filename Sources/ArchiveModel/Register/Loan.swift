import Foundation

public struct Loan: Codable, Sendable, Equatable {
    public var id: String
    public var envelope: String
    /// Documents lent; empty with wholeEnvelope = true when the whole envelope went out.
    public var documents: [String]
    public var wholeEnvelope: Bool
    public var borrower: String
    public var department: String
    public var purpose: String
    public var approver: String?
    public var approverRole: Role?
    /// How the approval was given: a name typed by the archivist stands for a signature on the
    /// paper form (`signed`); an approval the approver gave from their own login is `system`.
    public var approval: ApprovalMode? = nil
    public var approverTitle: String? = nil
    /// The approval request (`dangan approve`) this loan was lent on.
    public var approvalRequest: String? = nil
    public var type: LoanType
    public var out: Date
    public var due: Date
    /// Archivist on duty who lent it.
    public var archivist: String
    /// The rule that allowed the loan.
    public var rule: String

    public init(
        id: String = RecordID.make("loan"), envelope: String, documents: [String], wholeEnvelope: Bool = false,
        borrower: String,
        department: String, purpose: String, approver: String?, approverRole: Role?, type: LoanType, out: Date,
        due: Date,
        archivist: String, rule: String
    ) {
        self.id = id
        self.envelope = envelope
        self.documents = documents
        self.wholeEnvelope = wholeEnvelope
        self.borrower = borrower
        self.department = department
        self.purpose = purpose
        self.approver = approver
        self.approverRole = approverRole
        self.type = type
        self.out = out
        self.due = due
        self.archivist = archivist
        self.rule = rule
    }
}

public struct LoanReturn: Codable, Sendable, Equatable {
    public var loan: String
    public var documents: [String]
    public var at: Date
    public var complete: Bool
    public var note: String
    public var archivist: String
    public init(loan: String, documents: [String], at: Date, complete: Bool, note: String, archivist: String) {
        self.loan = loan
        self.documents = documents
        self.at = at
        self.complete = complete
        self.note = note
        self.archivist = archivist
    }
}

public struct Renewal: Codable, Sendable, Equatable {
    public var loan: String
    public var at: Date
    public var newDue: Date
    public var archivist: String
    public init(loan: String, at: Date, newDue: Date, archivist: String) {
        self.loan = loan
        self.at = at
        self.newDue = newDue
        self.archivist = archivist
    }
}
