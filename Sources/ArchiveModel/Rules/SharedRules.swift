import Foundation

/// A request to lend documents, as the archivist fills the checkout form.
public struct LoanRequest: Sendable {
    /// Documents to lend, by id or as `ENVELOPE:N`, all of one envelope.
    public var documents: [String]
    /// The borrower's name (at most 100 characters).
    public var borrower: String
    /// The borrower's department; may be empty.
    public var department: String
    /// What the documents are for (at most 500 characters).
    public var purpose: String
    /// The approver's name typed for their signature on the paper form; nil when none was given.
    public var approver: String?
    /// The kind of loan asked for; short unless said.
    public var type: LoanType
    /// A request as the form or command gives it; the store validates the text fields.
    public init(
        documents: [String], borrower: String, department: String = "", purpose: String, approver: String? = nil,
        type: LoanType = .short
    ) {
        self.documents = documents
        self.borrower = borrower
        self.department = department
        self.purpose = purpose
        self.approver = approver
        self.type = type
    }
}

/// Checks every workflow shares: lending, copying, destruction and transfer.
public enum SharedRules {
    /// The named approver must be in the staff list with the approver role.
    public static func approver(_ name: String?, settings: Settings, required: Bool, what: String) -> (
        StaffMember?, Decision?
    ) {
        let a = (name ?? "").trimmingCharacters(in: .whitespaces)
        if a.isEmpty {
            return required
                ? (nil, .refuse("approver.required", "\(what)须经审批人批准 (an approver must approve this)")) : (nil, nil)
        }
        guard let s = settings.staff(named: a) else {
            return (nil, .refuse("approver.unknown", "审批人\(a)不在人员名单中 (the approver is not in the staff list)"))
        }
        guard s.role == .approver else {
            return (
                nil,
                .refuse(
                    "approver.role",
                    "\(a)无审批权限,只有审批人可以批准 (only a person with the approver role can approve; \(a) is \(s.role.rawValue))"
                )
            )
        }
        return (s, nil)
    }

    /// The document is in its envelope and free: not destroyed, transferred, lent or out for a copy.
    static func available(_ d: Document, register: Register, tf: TimeFormat) -> Decision? {
        // A conflict between desks first: what the register says of the document is in question.
        if let x = register.dispute(document: d.id, envelope: DocumentID.envelope(of: d.id)) {
            return .refuse(
                "dispute.open",
                """
                该文件或其档案袋存在工作站之间的冲突 \(x.id),须先处理 (a conflict between desks is waiting for a decision: dangan \
                conflicts)
                """,
                document: d.id)
        }
        switch d.state {
        case .destroyed: return .refuse("state.destroyed", "文件已销毁 (the document was destroyed)", document: d.id)
        case .transferred: return .refuse("state.transferred", "文件已移交 (the document was transferred)", document: d.id)
        case .present: break
        }
        if let open = register.openLoan(of: d.id) {
            return .refuse(
                "loan.already-out",
                """
                文件已借出,借阅人\(open.loan.borrower),应还\(tf.minute(open.due)) (already on loan; a document on loan \
                cannot be lent again)
                """,
                document: d.id)
        }
        if let c = register.copying(d.id) {
            return .refuse(
                "copy.in-progress", "原件正在影印(\(c.requester)),尚未归还 (the original is out for a photocopy)", document: d.id)
        }
        if let i = register.openIncidents(document: d.id).first(where: { $0.kind == .lost }) {
            return .refuse(
                "incident.lost",
                """
                该文件已报遗失(\(i.id)),未结案前不能借出或影印 (reported lost; resolve the incident first: dangan incident \
                resolve \(i.id))
                """,
                document: d.id)
        }
        return nil
    }
}
