import ArchiveModel
import ArgumentParser
import Foundation

/// The borrowing register: lend, take back, renew, list.

/// `dangan borrow DOC… --to NAME --purpose TEXT`.
struct Borrow: DanganCommand {
    static let configuration = CommandConfiguration(abstract: "Lend documents (registered in the borrowing register).")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Documents: ids, or ENVELOPE:N such as 3-1201:2.") var documents: [String]
    @Option(help: "Borrower's name.") var to: String
    @Option(help: "Borrower's department.") var department: String = ""
    @Option(help: "Purpose of the loan.") var purpose: String
    @Option(
        help:
            """
            Approver's name, typed for their signature on the paper form (the rules say who must approve: \
            dangan rules).
            """
    )
    var approver: String?
    @Option(help: "Kind of loan.") var type: LoanType = .short
    @Flag(
        help:
            """
            Register a request for the approver to approve from their own login (dangan approve), instead of \
            lending now.
            """
    )
    var request = false

    func validate() throws {
        if documents.isEmpty {
            throw ValidationError("name the documents to lend: ids, or ENVELOPE:N such as 3-1201:2")
        }
        if request && approver != nil {
            throw ValidationError("--request asks for an approval in the system: leave out --approver")
        }
    }

    func execute() throws {
        let store = try common.open()
        let req = LoanRequest(
            documents: documents, borrower: to, department: department, purpose: purpose, approver: approver, type: type
        )
        if request {
            let (d, rec) = try store.requestApproval(req)
            return try printDecision(
                d, json: common.json, store: store, extra: rec.map { ["request": $0.id] } ?? [:],
                done: "借阅申请 registered")
        }
        let (decision, loan) = try store.borrow(req)
        if common.json {
            struct R: Encodable {
                var allowed: Bool
                var rule: String
                var message: String
                var document: String?
                var loan: [LoanJSON]?
            }
            let rows = loan.flatMap { store.register.records[$0.id] }.map { JSONShapes.loans($0, store: store) }
            Out.json(
                R(
                    allowed: decision.allowed, rule: decision.rule, message: decision.message,
                    document: decision.document, loan: rows))
        } else if let loan {
            Out.line(
                "借出 lent: \(loan.documents.count) document(s) to \(Out.safe(loan.borrower)), "
                    + "due \(store.timeFormat.minute(loan.due)) — rule \(decision.rule): \(decision.message)")
            if let a = loan.approver {
                Out.line(
                    """
                    审批 approved by \(Out.safe(a))\(loan.approverTitle.map { " (\(Out.safe($0)))" } ?? "") — \
                    \(loan.approval?.chinese ?? "") \(loan.approval?.rawValue ?? "")
                    """
                )
            }
            Out.line("loan \(loan.id)")
            Out.line("借阅单 slip to sign: dangan report slip \(loan.id)")
        }
        store.close()
        if !decision.allowed { throw CommandFailure.refused(decision) }
    }
}

/// `dangan return DOC… [--incomplete TEXT]`, or `dangan return --envelope BARCODE [N|DOC…]`.
struct Return: DanganCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take documents back, with the completeness check (an incomplete return opens an incident).")
    @OptionGroup var common: CommonOptions
    @Argument(
        help:
            """
            Documents: ids, or ENVELOPE:N; with --envelope, positions N or ids in that envelope (default: all \
            it has out).
            """
    )
    var documents: [String] = []
    @Option(help: "The envelope scanned (its barcode, number, id or room): take back its documents that are out.")
    var envelope: String?
    @Option(help: "The file came back incomplete: say what is wrong.") var incomplete: String?

    func validate() throws {
        if documents.isEmpty && envelope == nil {
            throw ValidationError(
                "name the documents taken back (ids, or ENVELOPE:N), or scan the envelope: --envelope BARCODE")
        }
    }

    func execute() throws {
        let store = try common.open()
        var refs = documents
        if let envelope {
            let (e, out) = try store.documentsOut(envelope: envelope)
            if documents.isEmpty {
                guard !out.isEmpty else {
                    throw ArchiveError.refused(
                        rule: "return.not-out",
                        message: "档案袋 \(Out.safe(e.number)) 没有借出的文件 (nothing of this envelope is out)")
                }
                refs = out.map { $0.id }
            } else {
                refs = documents.map { d in Int(d) != nil ? "\(e.id):\(d)" : (d.contains(":") ? d : "\(e.id):\(d)") }
            }
        }
        let r = try store.returnDocuments(refs, complete: incomplete == nil, note: incomplete ?? "")
        if common.json {
            Out.json(r.compactMap { store.register.records[$0.loan] }.flatMap { JSONShapes.loans($0, store: store) })
        } else {
            for x in r {
                let state = x.complete ? " — complete" : " — INCOMPLETE: \(Out.safe(x.note))"
                Out.line("归还 returned: \(x.documents.count) document(s) of loan \(x.loan)\(state)")
            }
            if incomplete != nil,
                let i = store.register.incidents.last(where: { i in
                    i.isOpen && i.kind == .incomplete && r.contains { $0.loan == i.loan }
                })
            {
                Out.line(
                    """
                    事故 incident \(i.id) opened (不完整): flagged until resolved — dangan incident resolve \(i.id) \
                    --note …
                    """
                )
            }
        }
        store.close()
    }
}

/// `dangan renew LOAN`.
struct Renew: DanganCommand {
    static let configuration = CommandConfiguration(abstract: "Renew a loan (续借) before its due date.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Loan id.") var loan: String

    func execute() throws {
        let store = try common.open()
        let d = try store.renew(loan: loan)
        if common.json {
            Out.json(d)
        } else if d.allowed, let due = d.due {
            Out.line("续借 renewed: due \(store.timeFormat.minute(due)) — rule \(d.rule)")
        }
        store.close()
        if !d.allowed { throw CommandFailure.refused(d) }
    }
}

/// `dangan loans [--overdue] [--all] [--borrower NAME]`: the register, overdue first; with
/// `--borrower`, the circulation desk's view of what one person holds.
struct Loans: DanganCommand {
    static let configuration = CommandConfiguration(
        abstract:
            """
            The borrowing register: loans not returned, overdue first (all with --all; one borrower's with \
            --borrower).
            """
    )
    @OptionGroup var common: CommonOptions
    @Flag(help: "Only overdue loans.") var overdue = false
    @Flag(help: "Every loan, returned ones included.") var all = false
    @Option(help: "Only what this borrower holds (or held, with --all).") var borrower: String?

    func execute() throws {
        let store = try common.open()
        try store.require(.readRegisters)
        let now = store.now
        var recs =
            borrower.map { store.loans(borrower: $0, all: all) }
            ?? store.circulationOrder(all ? store.register.loans : store.register.open)
        if overdue { recs = recs.filter { $0.isOverdue(at: now) } }
        let rows = recs.flatMap { JSONShapes.loans($0, store: store) }.filter { all || $0.returned == nil }
        if common.json {
            Out.json(rows)
            return
        }
        let safe = Out.safe
        var docs: [String: Envelope] = [:]
        for r in rows {
            let returned = r.returned.map { "\treturned \($0.prefix(16))" } ?? ""
            if docs[r.envelope] == nil { docs[r.envelope] = try? store.envelope(id: r.envelope) }
            let kind = docs[r.envelope]?.documents.first { $0.id == r.document }?.kind ?? r.document
            Out.line(
                """
                \(r.overdue ? "逾期 " : "")\(safe(r.id))\t\(safe(r.room ?? "?"))\t\(safe(r.owner ?? ""))\t\
                \(safe(r.document))\t\(safe(kind))\t
                """
                    + "\(safe(r.borrower))\tout \(r.out.prefix(16))\tdue \(r.due.prefix(16))\(returned)")
        }
        let late = rows.filter { $0.overdue }.count
        let who = borrower.map { "\(safe($0)): " } ?? ""
        Out.line(
            """
            \(who)\(rows.count) \
            loan\(rows.count == 1 ? "" : "s")\(late > 0 ? ", \(late) overdue (催还通知: dangan report notices)" : "")
            """
                + (rows.isEmpty ? "" : "; renew before the due date: dangan renew LOAN"))
    }
}
