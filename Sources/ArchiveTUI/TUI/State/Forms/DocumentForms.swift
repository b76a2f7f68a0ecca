import ArchiveModel
import Foundation

// The document forms: a document edited (`E`) or taken off the list (`x`), and the expired
// material destroyed from its list (`D` there).

/// A document's fields as the edit form has them.
public struct DocumentEdit: Sendable, Equatable {
    public var kind, title: String
    public var original: Bool
    public var pages: Int
    public var date: String
    public var secrecy: Secrecy
    public var retention, note: String

    public func apply(to d: inout Document) {
        d.kind = kind
        d.title = title
        d.original = original
        d.pages = pages
        d.date = date
        d.secrecy = secrecy
        d.retention = retention
        d.note = note
    }
}

/// A document's fields changed (`E`); a field someone else changed since the form opened is refused.
public struct DocumentEditForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<DocumentEditForm, FormField>] {
        [\.kind, \.docTitle, \.original, \.pages, \.date, \.secrecy, \.retention, \.note]
    }
    public var chrome = FormChrome()
    public var kind: FormField, docTitle: FormField, original: FormField, pages: FormField, date: FormField,
        secrecy: FormField, retention: FormField, note: FormField
    public let document: Document
    let keep: Phrase
    public var subjectDocuments: [Document] { [document] }

    public init(document d: Document, kinds: [String], settings: Settings, lang: Lang) {
        document = d
        keep = T.Registers.keepUntil(d, settings)
        kind = .choice(T.Field.kind, kinds.map { ChoiceOption($0, .same($0)) }, value: d.kind)
        docTitle = .text(T.Field.docTitle, d.title, limit: 200)
        original = .choice(
            T.Field.originalOrCopy,
            [ChoiceOption("original", T.Enum.original(true)), ChoiceOption("copy", T.Enum.original(false))],
            value: d.original ? "original" : "copy")
        pages = .text(T.Field.pages, "\(d.pages)", required: true, limit: 6)
        date = .text(T.Field.docDate, d.date, limit: 10)
        secrecy = .choice(
            T.Field.secrecy, Secrecy.allCases.map { ChoiceOption($0.rawValue, T.Enum.secrecy($0)) },
            value: d.secrecy.rawValue)
        retention = .text(
            T.Field.retention, d.retention == "permanent" ? lang(T.Doc.permanent) : d.retention, limit: 10)
        note = .text(T.Field.note, d.note, limit: 2000)
    }

    public var title: Phrase { T.Registers.docEditTitle(document.kind) }
    public var lines: [FormLine] {
        [FormLine(T.Registers.retentionHint + .same("  ") + T.Registers.retentionNow(keep), style: .dim)]
    }

    public func submit(_ env: Env) -> Submission {
        guard let n = Int(pages.trimmed), n >= 0, n <= 100_000 else { return .invalid(T.Doc.pagesNumber) }
        var keepValue = ""
        if let m = validated(T.Field.retention, { keepValue = try Validate.retention(retention.trimmed) }) {
            return .invalid(m)
        }
        if let m = validated(T.Field.docDate, { _ = try Validate.day(date.trimmed, field: "date") }) {
            return .invalid(m)
        }
        let e = DocumentEdit(
            kind: kind.value, title: docTitle.trimmed.isEmpty ? kind.value : docTitle.trimmed,
            original: original.value == "original", pages: n,
            date: date.trimmed, secrecy: Secrecy(rawValue: secrecy.value) ?? document.secrecy, retention: keepValue,
            note: note.trimmed)
        return .write(.updateDocument(id: document.id, e, basedOn: document))
    }
}

/// A document filed by mistake taken off the file list (`x`), with the reason the journal keeps.
public struct DocumentRemoveForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<DocumentRemoveForm, FormField>] { [\.reason] }
    public var chrome = FormChrome()
    public var reason = FormField.text(T.Registers.removeReason, required: true, limit: 500)
    public let document: Document
    public var subjectDocuments: [Document] { [document] }
    public init(document: Document) { self.document = document }
    public var title: Phrase { T.Registers.docRemoveTitle(document.kind, document.title) }
    public var lines: [FormLine] { [FormLine(T.Registers.removeHint, style: .dim)] }
    public func submit(_ env: Env) -> Submission { .write(.removeDocument(id: document.id, reason: reason.trimmed)) }
}

/// Every document of the expired list destroyed together (`D` on the list): with an approver,
/// the rules checked first, then the question.
public struct ExpiredDestroyForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<ExpiredDestroyForm, FormField>] { [\.approver, \.reason, \.method] }
    public var chrome = FormChrome()
    public var approver = FormField.text(T.Field.approver, required: true, suggest: .approvers, limit: 100)
    public var reason = FormField.text(T.Field.reason, required: true, limit: 500)
    public var method = FormField.choice(
        T.Field.method,
        [
            ChoiceOption("粉碎", T.Destroy.shred), ChoiceOption("焚毁", T.Destroy.burn),
            ChoiceOption("送专业机构销毁", T.Destroy.outside),
        ], value: "粉碎")
    public let documents: [Document]
    let envelopes: Int
    public var subjectDocuments: [Document] { documents }

    public init(documents: [Document]) {
        self.documents = documents
        envelopes = Set(documents.compactMap { DocumentID.envelope(of: $0.id) }).count
    }

    public var title: Phrase { T.Registers.expiredTitle }
    public var lines: [FormLine] {
        [FormLine(T.Registers.expiredLines(documents.count, envelopes: envelopes), style: .dim)]
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
            T.Registers.expiredConfirm(documents.count, envelopes: envelopes, approver: approver.trimmed, method: how),
            .destroy(
                documents: documents.map(\.id), approver: approver.trimmed, reason: reason.trimmed, method: method.value
            ))
    }
}
