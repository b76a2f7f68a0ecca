import ArchiveModel
import Foundation

/// A photocopy request (影印申请, `c`).
public struct CopyRequestForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<CopyRequestForm, FormField>] {
        [\.requester, \.department, \.purpose, \.copies]
    }
    public var chrome = FormChrome()
    public var requester = FormField.text(T.Field.requester, required: true, suggest: .staff, limit: 100)
    public var department = FormField.text(T.Field.department, suggest: .departments, limit: 100)
    public var purpose = FormField.text(T.Field.purpose, required: true, limit: 500)
    public var copies = FormField.text(T.Field.copies, "1", required: true, limit: 4)
    public let envelope: EnvelopeRef
    public let documents: [Document]
    public var subjectDocuments: [Document] { documents }

    public init(envelope: Envelope, documents: [Document]) {
        self.envelope = EnvelopeRef(envelope)
        self.documents = documents
    }

    public var title: Phrase { T.Copy.requestTitle(documents.count) }
    public var lines: [FormLine] {
        [FormLine(envelope.phrase + .same("  ") + T.Common.docList(documents), style: .dim)]
    }

    public func submit(_ env: Env) -> Submission {
        guard let n = Int(copies.trimmed) else { return .invalid(T.Copy.copiesNumber) }
        return .write(
            .requestCopy(
                documents: documents.map(\.id), requester: requester.trimmed, department: department.trimmed,
                purpose: purpose.trimmed, copies: n))
    }

    public mutating func accepted(_ field: WritableKeyPath<CopyRequestForm, FormField>, _ env: Env) {
        if field == \CopyRequestForm.requester, department.trimmed.isEmpty,
            let m = env.settings.staff(named: requester.trimmed), !m.department.isEmpty
        {
            department.setText(m.department)
        }
    }
}

/// What a form about one photocopy shows of it.
func copyLines(_ c: CopyRecord, _ env: Env) -> [FormLine] {
    let env0 = env.store.summary(id: c.envelope)
    let head = Phrase.same("\(env0?.roomCode ?? "") \(env0?.owner ?? "")  \(c.requester)  \(c.purpose)")
    return [FormLine(head, style: .dim), FormLine(T.Copy.stage(c.stage), style: .dim)]
}

/// Approval of a photocopy: an approver's name, approve or decline.
public struct CopyApproveForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<CopyApproveForm, FormField>] { [\.approver, \.decision, \.reason] }
    public var chrome = FormChrome()
    public var approver = FormField.text(T.Field.approver, required: true, suggest: .approvers, limit: 100)
    public var decision = FormField.choice(
        T.Field.decision, [ChoiceOption("approve", T.Copy.approve), ChoiceOption("refuse", T.Copy.decline)],
        value: "approve")
    public var reason = FormField.text(T.Field.reason, limit: 500)
    public let copy: String
    let info: [FormLine]
    public init(_ c: CopyRecord, _ env: Env) {
        copy = c.id
        info = copyLines(c, env)
    }
    public var title: Phrase { T.Copy.stepTitle(.requested) }
    public var lines: [FormLine] { info }
    public func submit(_ env: Env) -> Submission {
        .write(
            .approveCopy(
                id: copy, approver: approver.trimmed,
                refuse: decision.value == "refuse" ? (reason.trimmed.isEmpty ? "不予批准" : reason.trimmed) : nil))
    }
}

/// The copy made: pages and copies.
public struct CopyMadeForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<CopyMadeForm, FormField>] { [\.pages, \.copies] }
    public var chrome = FormChrome()
    public var pages = FormField.text(T.Field.pages, required: true, limit: 6)
    public var copies: FormField
    public let copy: String
    let info: [FormLine]
    public init(_ c: CopyRecord, _ env: Env) {
        copy = c.id
        info = copyLines(c, env)
        copies = .text(T.Field.copies, "\(c.copiesRequested)", required: true, limit: 4)
    }
    public var title: Phrase { T.Copy.stepTitle(.approved) }
    public var lines: [FormLine] { info }
    public func submit(_ env: Env) -> Submission {
        guard let p = Int(pages.trimmed), let n = Int(copies.trimmed) else { return .invalid(T.Copy.pagesAndCopies) }
        return .write(.copyMade(id: copy, pages: p, copies: n))
    }
}

/// The original back from copying, checked for completeness.
public struct CopyBackForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<CopyBackForm, FormField>] { [\.complete, \.note] }
    public var chrome = FormChrome()
    public var complete = FormField.choice(
        T.Field.completeness,
        [ChoiceOption("complete", T.Enum.complete(true)), ChoiceOption("incomplete", T.Enum.complete(false))],
        value: "complete")
    public var note = FormField.text(T.Field.returnNote, limit: 500)
    public let copy: String
    let info: [FormLine]
    public init(_ c: CopyRecord, _ env: Env) {
        copy = c.id
        info = copyLines(c, env)
    }
    public var title: Phrase { T.Copy.stepTitle(.copied) }
    public var lines: [FormLine] { info }
    public mutating func refresh(_ env: Env) { note.required = complete.value == "incomplete" }
    public func submit(_ env: Env) -> Submission {
        .write(.copyBack(id: copy, complete: complete.value == "complete", note: note.trimmed))
    }
}

/// The copies accounted for: where they went; the entry is cancelled.
public struct CopySettleForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<CopySettleForm, FormField>] { [\.disposition] }
    public var chrome = FormChrome()
    public var disposition = FormField.text(T.Field.disposition, required: true, limit: 500)
    public let copy: String
    let info: [FormLine]
    public init(_ c: CopyRecord, _ env: Env) {
        copy = c.id
        info = copyLines(c, env)
    }
    public var title: Phrase { T.Copy.stepTitle(.back) }
    public var lines: [FormLine] { info }
    public func submit(_ env: Env) -> Submission { .write(.settleCopy(id: copy, disposition: disposition.trimmed)) }
}

/// Destruction (销毁) of expired material, with an approver. The rules are checked before the
/// question, which names what will be destroyed.
public struct DestroyForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<DestroyForm, FormField>] { [\.approver, \.reason, \.method] }
    public var chrome = FormChrome()
    public var approver = FormField.text(T.Field.approver, required: true, suggest: .approvers, limit: 100)
    public var reason = FormField.text(T.Field.reason, required: true, limit: 500)
    public var method = FormField.choice(
        T.Field.method,
        [
            ChoiceOption("粉碎", T.Destroy.shred), ChoiceOption("焚毁", T.Destroy.burn),
            ChoiceOption("送专业机构销毁", T.Destroy.outside),
        ], value: "粉碎")
    public let envelope: EnvelopeRef
    public let documents: [Document]
    public var subjectDocuments: [Document] { documents }

    public init(envelope: Envelope, documents: [Document]) {
        self.envelope = EnvelopeRef(envelope)
        self.documents = documents
    }

    public var title: Phrase { T.Destroy.title(documents.count) }
    public var lines: [FormLine] {
        [FormLine(envelope.phrase + .same("  ") + T.Common.docList(documents), style: .dim)]
    }

    public func submit(_ env: Env) -> Submission {
        let s = env.store
        let ctx = RuleContext(env: env, documents: documents, approver: approver.trimmed)
        let (_, refusal) = SharedRules.approver(approver.trimmed, settings: s.settings, required: true, what: "销毁")
        if let r = refusal { return .invalid(T.Rule.text(r, ctx) + .same(" [\(r.rule)]")) }
        for d in documents {
            if let r = PaperworkRules.decideDestroy(
                d, settings: s.settings, register: s.register, today: s.timeFormat.day(s.now), tf: s.timeFormat)
            {
                return .invalid(T.Rule.text(r, ctx) + .same(" [\(r.rule)]"))
            }
        }
        var how = Phrase.same(method.value)
        if case .choice(let c) = method.input { how = c.label }
        return .confirm(
            T.Destroy.confirm(envelope: envelope, documents: documents, approver: approver.trimmed, method: how),
            .destroy(
                documents: documents.map(\.id), approver: approver.trimmed, reason: reason.trimmed, method: method.value
            ))
    }
}

/// Transfer (移交) of documents or of the whole envelope to a person of another department or
/// company; asks first, naming what goes to whom.
public struct TransferForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<TransferForm, FormField>] {
        [\.recipient, \.organisation, \.approver, \.reason]
    }
    public var chrome = FormChrome()
    public var recipient = FormField.text(T.Field.recipient, required: true, suggest: .staff, limit: 100)
    public var organisation = FormField.text(T.Field.organisation, required: true, suggest: .departments, limit: 100)
    // A hand-over needs the department head's approval (seed 003 第6篇 4.7.1).
    public var approver = FormField.text(T.Field.approver, required: true, suggest: .approvers, limit: 100)
    public var reason = FormField.text(T.Field.reason, limit: 500)
    public let envelope: EnvelopeRef
    public let documents: [Document]
    public var subjectDocuments: [Document] { documents }
    public let whole: Bool

    public init(envelope: Envelope, documents: [Document], whole: Bool) {
        self.envelope = EnvelopeRef(envelope)
        self.documents = documents
        self.whole = whole
    }

    public var title: Phrase { whole ? T.Transfer.titleWhole(envelope.phrase) : T.Transfer.title(documents.count) }
    public var lines: [FormLine] {
        [FormLine(envelope.phrase + .same("  ") + T.Common.docList(documents), style: .dim)]
    }

    public func submit(_ env: Env) -> Submission {
        let s = env.store
        let ctx = RuleContext(env: env, documents: documents, approver: approver.trimmed)
        if !approver.trimmed.isEmpty {
            let (_, refusal) = SharedRules.approver(approver.trimmed, settings: s.settings, required: false, what: "移交")
            if let r = refusal { return .invalid(T.Rule.text(r, ctx) + .same(" [\(r.rule)]")) }
        }
        for d in documents where !(whole && d.state != .present) {
            if let r = PaperworkRules.decideTransfer(d, register: s.register, tf: s.timeFormat) {
                return .invalid(T.Rule.text(r, ctx) + .same(" [\(r.rule)]"))
            }
        }
        let a = approver.trimmed.isEmpty ? nil : approver.trimmed
        return .confirm(
            T.Transfer.confirm(
                envelope: envelope, documents: documents, whole: whole, recipient: recipient.trimmed,
                organisation: organisation.trimmed),
            .transfer(
                documents: whole ? [] : documents.map(\.id), envelopes: whole ? [envelope.id] : [],
                recipient: recipient.trimmed,
                organisation: organisation.trimmed, approver: a, reason: reason.trimmed))
    }
}
