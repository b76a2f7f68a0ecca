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
    @Option(help: "Approver's name (required for confidential and ID material).") var approver: String?
    @Option(help: "Kind of loan.") var type: LoanType = .short

    func validate() throws {
        if documents.isEmpty {
            throw ValidationError("name the documents to lend: ids, or ENVELOPE:N such as 3-1201:2")
        }
    }

    func execute() throws {
        let store = try common.open()
        let (decision, loan) = try store.borrow(
            LoanRequest(
                documents: documents, borrower: to, department: department,
                purpose: purpose, approver: approver, type: type))
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
            Out.line("loan \(loan.id)")
        }
        store.close()
        if !decision.allowed { throw CommandFailure.refused(decision) }
    }
}

/// `dangan return DOC… [--incomplete TEXT]`.
struct Return: DanganCommand {
    static let configuration = CommandConfiguration(abstract: "Take documents back, with the completeness check.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Documents: ids, or ENVELOPE:N.") var documents: [String]
    @Option(help: "The file came back incomplete: say what is wrong.") var incomplete: String?

    func validate() throws {
        if documents.isEmpty { throw ValidationError("name the documents taken back: ids, or ENVELOPE:N") }
    }

    func execute() throws {
        let store = try common.open()
        let r = try store.returnDocuments(documents, complete: incomplete == nil, note: incomplete ?? "")
        if common.json {
            Out.json(r.compactMap { store.register.records[$0.loan] }.flatMap { JSONShapes.loans($0, store: store) })
        } else {
            for x in r {
                let state = x.complete ? " — complete" : " — INCOMPLETE: \(Out.safe(x.note))"
                Out.line("归还 returned: \(x.documents.count) document(s) of loan \(x.loan)\(state)")
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

/// `dangan loans [--overdue] [--all]`: the register, overdue first.
struct Loans: DanganCommand {
    static let configuration = CommandConfiguration(
        abstract: "The borrowing register: loans not returned (all with --all).")
    @OptionGroup var common: CommonOptions
    @Flag(help: "Only overdue loans.") var overdue = false
    @Flag(help: "Every loan, returned ones included.") var all = false

    func execute() throws {
        let store = try common.open()
        let now = store.now
        var recs = all ? store.register.loans : store.register.open
        if overdue { recs = recs.filter { $0.isOverdue(at: now) } }
        recs.sort { a, b in
            let ao = a.isOverdue(at: now)
            let bo = b.isOverdue(at: now)
            if ao != bo { return ao }
            if a.isOpen != b.isOpen { return a.isOpen }
            return a.due < b.due
        }
        let rows = recs.flatMap { JSONShapes.loans($0, store: store) }.filter { all || $0.returned == nil }
        if common.json {
            Out.json(rows)
            return
        }
        let safe = Out.safe
        for r in rows {
            let returned = r.returned.map { "\treturned \($0.prefix(16))" } ?? ""
            Out.line(
                "\(r.overdue ? "逾期 " : "")\(safe(r.room ?? "?"))\t\(safe(r.owner ?? ""))\t\(safe(r.document))\t"
                    + "\(safe(r.borrower))\tout \(r.out.prefix(16))\tdue \(r.due.prefix(16))\(returned)")
        }
        Out.line("\(rows.count) loan\(rows.count == 1 ? "" : "s")")
    }
}
