import ArchiveModel
import Foundation

/// Reporting a loss, damage or an incomplete document (seed 000 篇3 4.4: report at once, hide
/// nothing). The documents stay flagged in the panes until the incident is resolved.
public struct IncidentReportForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<IncidentReportForm, FormField>] { [\.kind, \.note] }
    public var chrome = FormChrome()
    public var kind = FormField.choice(
        T.Incident.kindField, IncidentKind.allCases.map { ChoiceOption($0.rawValue, T.Enum.incident($0)) },
        value: IncidentKind.damaged.rawValue)
    public var note = FormField.text(T.Incident.noteField, required: true, limit: 500)
    public let envelope: EnvelopeRef
    public let documents: [Document]
    public var subjectDocuments: [Document] { documents }
    public init(envelope: Envelope, documents: [Document]) {
        self.envelope = EnvelopeRef(envelope)
        self.documents = documents
    }
    public var title: Phrase { T.Incident.reportTitle(documents.count) }
    public var lines: [FormLine] {
        [FormLine(envelope.phrase + .same("  ") + T.Common.docList(documents), style: .dim)]
    }
    public func submit(_ env: Env) -> Submission {
        guard let k = IncidentKind(rawValue: kind.value) else { return .invalid(T.Incident.kindField) }
        return .write(.reportIncident(documents: documents.map(\.id), kind: k, note: note.trimmed))
    }
}

/// Resolving an open incident: what was done.
public struct IncidentResolveForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<IncidentResolveForm, FormField>] { [\.resolution] }
    public var chrome = FormChrome()
    public var resolution = FormField.text(T.Incident.resolutionField, required: true, limit: 500)
    public let incident: IncidentRecord
    public let documents: [Document]
    public var subjectDocuments: [Document] { documents }
    public init(_ i: IncidentRecord, documents: [Document]) {
        incident = i
        self.documents = documents
    }
    public var title: Phrase { T.Incident.resolveTitle(incident.kind) }
    public var lines: [FormLine] {
        [FormLine(T.Common.docList(documents) + .same("  ") + .same(Sanitize.visible(incident.note)), style: .dim)]
    }
    public func submit(_ env: Env) -> Submission { .write(.resolveIncident(id: incident.id, note: resolution.trimmed)) }
}
