import ArchiveModel
import Foundation

/// Undo (`u`): the last loan, return or edit made here in the last minutes, taken back by a
/// reversing journal entry once the archivist says why and confirms.
public struct UndoForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<UndoForm, FormField>] { [\.reason] }
    public var chrome = FormChrome()
    public var reason = FormField.text(T.Undo.reasonField, limit: 500)
    public let target: UndoTarget
    public let documents: [Document]
    public let envelope: EnvelopeRef?
    public var subjectDocuments: [Document] { documents }
    public init(_ target: UndoTarget, envelope: Envelope?, documents: [Document]) {
        self.target = target
        self.envelope = envelope.map(EnvelopeRef.init)
        self.documents = documents
    }
    public var title: Phrase { T.Undo.title(target.kind) }
    public var lines: [FormLine] { T.Undo.what(target, envelope: envelope, documents: documents).map { FormLine($0) } }
    public func submit(_ env: Env) -> Submission {
        .confirm(T.Undo.confirm(target), .undo(target, reason: reason.trimmed))
    }
}
