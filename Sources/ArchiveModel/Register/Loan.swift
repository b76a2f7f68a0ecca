import Foundation

/// One loan as written in the borrowing register (档案借阅登记表): a `loan` journal entry's payload.
public struct Loan: Codable, Sendable, Equatable {
    /// Id of the loan (`loan-…`), never reused; names it in returns, renewals and the register.
    public var id: String
    /// Id of the envelope the documents belong to.
    public var envelope: String
    /// Ids of the documents lent, all of one envelope; the loan is open while any is not returned.
    public var documents: [String]
    /// True when every document of the envelope (more than one) went out: the register shows 整袋.
    public var wholeEnvelope: Bool
    /// The borrower's name as typed at the desk.
    public var borrower: String
    /// The borrower's department.
    public var department: String
    /// What the borrower wants the documents for (借阅用途).
    public var purpose: String
    /// Name of the person who approved; nil when the loan was lent without an approval.
    public var approver: String?
    /// The approver's role in the staff list; nil when no approval or the approver is not on it.
    public var approverRole: Role?
    /// How the approval was given: a name typed by the archivist stands for a signature on the
    /// paper form (`signed`); an approval the approver gave from their own login is `system`.
    public var approval: ApprovalMode? = nil
    /// The approver's job title (e.g. 服务中心负责人); nil without an approval.
    public var approverTitle: String? = nil
    /// The approval request (`dangan approve`) this loan was lent on.
    public var approvalRequest: String? = nil
    /// Kind of loan (reading in the room, same day, short, long); it sets the first due time.
    public var type: LoanType
    /// When the documents went out (the entry's time).
    public var out: Date
    /// When they were due at lending; renewals move the due time in ``LoanRecord``, not here.
    public var due: Date
    /// Archivist on duty who lent it.
    public var archivist: String
    /// The rule that allowed the loan.
    public var rule: String

    /// A loan; the store fills it from a ``LoanRequest`` and the rules' decision (`ArchiveStore.borrow`).
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

/// A return of some or all documents of a loan: a `return` journal entry's payload.
public struct LoanReturn: Codable, Sendable, Equatable {
    /// Id of the loan (`loan-…`) the documents came back on.
    public var loan: String
    /// Ids of the documents taken back in this return.
    public var documents: [String]
    /// When they were taken back.
    public var at: Date
    /// False when the archivist found something missing or damaged; an incomplete-return incident is opened.
    public var complete: Bool
    /// What the archivist found (required when incomplete); empty otherwise.
    public var note: String
    /// The archivist who took them back (the operator's name).
    public var archivist: String
    /// A return as the store writes it (`ArchiveStore.returnDocuments`).
    public init(loan: String, documents: [String], at: Date, complete: Bool, note: String, archivist: String) {
        self.loan = loan
        self.documents = documents
        self.at = at
        self.complete = complete
        self.note = note
        self.archivist = archivist
    }
}

/// A renewal (续借) of an open short or long loan: a `renew` journal entry's payload.
public struct Renewal: Codable, Sendable, Equatable {
    /// Id of the loan (`loan-…`) renewed.
    public var loan: String
    /// When it was renewed (before the due time).
    public var at: Date
    /// The new due time the rules allowed.
    public var newDue: Date
    /// The archivist who renewed it (the operator's name).
    public var archivist: String
    /// A renewal as the store writes it (`ArchiveStore.renew`).
    public init(loan: String, at: Date, newDue: Date, archivist: String) {
        self.loan = loan
        self.at = at
        self.newDue = newDue
        self.archivist = archivist
    }
}
