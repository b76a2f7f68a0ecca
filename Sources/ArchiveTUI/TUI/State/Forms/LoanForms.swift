import ArchiveModel
import Foundation

/// The envelope a form is about, as its cover shows it.
public struct EnvelopeRef: Equatable, Sendable {
    public var id: String
    public var room: String
    public var owner: String
    public var number: String
    public init(_ e: Envelope) {
        id = e.id
        room = e.roomCode
        owner = e.owner
        number = e.number
    }
    public var phrase: Phrase { .same("\(room) \(owner)") }
}

/// Checkout (借阅登记): of the selected or marked documents (`b` in the documents pane), or of
/// a whole envelope (`b` in the envelopes pane: every document the rules allow is lent, the
/// others are listed with the rule that keeps them).
public struct BorrowForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<BorrowForm, FormField>] {
        [\.borrower, \.department, \.purpose, \.loanType, \.approver]
    }
    public var borrower = FormField.text(T.Field.borrower, required: true, suggest: .staff, limit: 100)
    public var department = FormField.text(T.Field.department, suggest: .departments, limit: 100)
    public var purpose = FormField.text(T.Field.purpose, required: true, limit: 500)
    public var loanType = FormField.choice(
        T.Field.loanType,
        [LoanType.short, .long, .sameDay, .reading].map { ChoiceOption($0.rawValue, T.Enum.loanType($0)) },
        value: LoanType.short.rawValue)
    public var approver = FormField.text(T.Field.approver, suggest: .approvers, limit: 100)
    public let envelope: EnvelopeRef
    public let documents: [Document]
    public var subjectDocuments: [Document] { documents }
    public let whole: Bool
    /// What the rules say of each document alone (whole envelope), and of the loan.
    public var verdicts: [String: Decision] = [:]
    public var decision: Decision? = nil
    var ruleLines: [FormLine] = []

    public var chrome = FormChrome()

    public init(envelope: Envelope, documents: [Document], whole: Bool) {
        self.envelope = EnvelopeRef(envelope)
        self.documents = documents
        self.whole = whole
    }

    public var title: Phrase { whole ? T.Borrow.titleWhole(envelope.phrase) : T.Borrow.title(documents.count) }

    public var lines: [FormLine] {
        var out: [FormLine] = []
        if !whole { out.append(FormLine(envelope.phrase + .same("  ") + T.Common.docList(documents), style: .dim)) }
        return out + ruleLines
    }

    var type: LoanType { LoanType(rawValue: loanType.value) ?? .short }

    /// An approver named but not in the staff list (or without the role): said once, and the
    /// documents are judged as if none were named.
    var approverProblem: Decision? = nil

    func request(documents ids: [String], preview: Bool) -> LoanRequest {
        let a = approver.trimmed.isEmpty || (preview && approverProblem != nil) ? nil : approver.trimmed
        var r = LoanRequest(
            documents: ids, borrower: borrower.trimmed, department: department.trimmed, purpose: purpose.trimmed,
            approver: a, type: type)
        if preview {
            if r.borrower.isEmpty { r.borrower = "?" }
            if r.purpose.isEmpty { r.purpose = "?" }
        }
        return r
    }

    /// The documents that will go out.
    public var lending: [Document] { whole ? documents.filter { verdicts[$0.id]?.allowed == true } : documents }

    public mutating func refresh(_ env: Env) {
        let s = env.store
        func decide(_ docs: [Document]) -> Decision {
            LendingRules.decide(
                documents: docs, request: request(documents: docs.map(\.id), preview: true), settings: s.settings,
                register: s.register, now: s.now, tf: s.timeFormat)
        }
        ruleLines = []
        approverProblem = SharedRules.approver(approver.trimmed, settings: s.settings, required: false, what: "借阅").1
        let ctx = RuleContext(env: env, documents: documents, approver: approver.trimmed)
        if whole {
            verdicts = [:]
            for d in documents { verdicts[d.id] = decide([d]) }
            // The documents that go out on one line; those kept, one line per rule.
            let out = documents.filter { verdicts[$0.id]!.allowed }
            if !out.isEmpty {
                ruleLines.append(FormLine(T.Common.docList(out), mark: T.Borrow.lendable + .same(" \(out.count)")))
            }
            var byRule: [(Decision, [Document])] = []
            for d in documents where !verdicts[d.id]!.allowed {
                let v = verdicts[d.id]!
                if let i = byRule.firstIndex(where: { $0.0.rule == v.rule }) {
                    byRule[i].1.append(d)
                } else {
                    byRule.append((v, [d]))
                }
            }
            for (v, docs) in byRule {
                let general = RuleContext(env: env, documents: [], approver: approver.trimmed)
                let one =
                    docs.count == 1 ? T.Rule.text(v, ctx) : T.Rule.text(Decision.refuse(v.rule, v.message), general)
                ruleLines.append(
                    FormLine(
                        one + .same(" [\(v.rule)]: ") + T.Common.docList(docs), style: .dim,
                        mark: T.Borrow.kept + .same(" \(docs.count)")))
            }
        }
        let lend = lending
        guard !lend.isEmpty else {
            decision = nil
            ruleLines.append(FormLine(T.Borrow.nothingLendable, style: .error))
            return
        }
        let v = LendingRules.evaluate(
            documents: lend, request: request(documents: lend.map(\.id), preview: true), settings: s.settings,
            register: s.register, now: s.now, tf: s.timeFormat)
        var d = v.decision
        if let p = approverProblem { d = p }
        decision = d
        // A row asking for a signature on the form asks for the approver's name here (one asking
        // for an approval in the system is lent on it once given: dangan approve).
        approver.required = v.needsApproval && v.kind == .any
        if d.allowed, let due = d.due {
            ruleLines.append(
                FormLine(
                    T.Borrow.due(s.timeFormat.minute(due), lend.count) + .same("  ") + T.Rule.text(d, ctx)
                        + .same(" [\(d.rule)]"), style: .ok))
        } else {
            ruleLines.append(FormLine(T.Borrow.refused + T.Rule.text(d, ctx) + .same(" [\(d.rule)]"), style: .error))
        }
    }

    public func submit(_ env: Env) -> Submission {
        let lend = lending
        guard !lend.isEmpty else { return .invalid(T.Borrow.nothingLendable) }
        return .write(.borrow(request(documents: lend.map(\.id), preview: false)))
    }

    public mutating func accepted(_ field: WritableKeyPath<BorrowForm, FormField>, _ env: Env) {
        // A borrower from the staff list brings their department.
        if field == \BorrowForm.borrower, department.trimmed.isEmpty,
            let m = env.settings.staff(named: borrower.trimmed), !m.department.isEmpty
        {
            department.setText(m.department)
        }
    }
}

/// Return (归还) with the completeness check.
public struct ReturnForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<ReturnForm, FormField>] { [\.complete, \.note] }
    public var chrome = FormChrome()
    public var complete = FormField.choice(
        T.Field.completeness,
        [ChoiceOption("complete", T.Enum.complete(true)), ChoiceOption("incomplete", T.Enum.complete(false))],
        value: "complete")
    public var note = FormField.text(T.Field.returnNote, limit: 500)
    public let documents: [Document]
    public var subjectDocuments: [Document] { documents }
    let loanLines: [FormLine]
    /// Each document's loan when the form opened.
    let loans: [String: String]

    public init(documents: [Document], env: Env) {
        self.documents = documents
        var loans: [String: String] = [:]
        for d in documents { if let l = env.store.register.openByDocument[d.id] { loans[d.id] = l } }
        self.loans = loans
        loanLines = documents.map { d in
            let l = env.store.register.openLoan(of: d.id)
            let who =
                l.map { Phrase.same("  \($0.loan.borrower)  ") + T.Loans.dueOn(env.tf.minute($0.due)) } ?? .same("")
            let late = l.flatMap { $0.isOverdue(at: env.now) ? T.Marks.overdue(env.daysOverdue($0.due)) : nil }
            return FormLine(
                .same(d.kind + " ") + T.Enum.original(d.original) + who + (late.map { .same("  ") + $0 } ?? .same("")),
                style: late == nil ? .normal : .warn)
        }
    }

    public var title: Phrase { T.Return.title(documents.count) }
    public var lines: [FormLine] { loanLines }

    public mutating func refresh(_ env: Env) { note.required = complete.value == "incomplete" }

    public func submit(_ env: Env) -> Submission {
        .write(
            .returnDocuments(
                documents.map(\.id), complete: complete.value == "complete", note: note.trimmed, expected: loans))
    }
}
