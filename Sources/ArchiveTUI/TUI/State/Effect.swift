import ArchiveModel
import Foundation

/// What the update function asks the application loop to do. The loop performs it and, for a
/// write, sends the outcome back as `Msg.done(write, outcome)`.
public enum Effect: Sendable {
    case write(Write)
    /// Save a report as CSV or HTML in the report folder.
    case saveReport(ReportKind, ReportTable, csv: Bool)
    /// Start loading (or building) the search index on another thread.
    case prepareIndex
    /// Clear the terminal and draw every cell again (Ctrl-L, after a resize).
    case redrawAll
    case quit
}

/// A change to the archive, as a value. Each case is one call of the store's public API.
///
/// Undo (issue 18, point 4) is one case too: the reversing journal entry of `ArchiveStore.undo`.
public enum Write: Sendable {
    case borrow(LoanRequest)
    /// `expected`: each document's loan when the form was opened (a document returned and lent
    /// again meanwhile is refused, `return.stale`).
    case returnDocuments([String], complete: Bool, note: String, expected: [String: String])
    case renew(loan: String)
    /// Takes back the last loan, return or edit (a reversing journal entry).
    case undo(UndoTarget, reason: String)
    /// `basedOn`: the envelope as the form showed it (someone else's change to the same fields
    /// meanwhile is refused, `edit.stale`).
    case updateEnvelope(id: String, EnvelopeEdit, basedOn: Envelope?)
    case createEnvelope(Envelope)
    case addDocument(envelope: String, Document)
    case changeOwnership(envelope: String, newOwner: String, number: String, barcode: String, moveIn: String)
    case requestCopy(documents: [String], requester: String, department: String, purpose: String, copies: Int)
    case approveCopy(id: String, approver: String, refuse: String?)
    case copyMade(id: String, pages: Int, copies: Int)
    case copyBack(id: String, complete: Bool, note: String)
    case settleCopy(id: String, disposition: String)
    case destroy(documents: [String], approver: String, reason: String, method: String)
    case transfer(
        documents: [String], envelopes: [String], recipient: String, organisation: String, approver: String?,
        reason: String)
    case inventory(cabinet: String)
    case language(Lang)
    // The registers (issue 17; forms in State/Forms/RegisterForms.swift).
    case intake(IntakeEntry)
    case key(KeyRequest)
    case arrangement(ArrangementEntry)
    /// An envelope's customer details; `basedOn` as for `updateEnvelope`.
    case customerDetails(id: String, CustomerEdit, basedOn: Envelope?)
    /// A document's fields; `basedOn`: the document as the form showed it.
    case updateDocument(id: String, DocumentEdit, basedOn: Document?)
    case removeDocument(id: String, reason: String)
    /// Loss, damage, an incomplete document (issue 16): reported, or resolved.
    case reportIncident(documents: [String], kind: IncidentKind, note: String)
    case resolveIncident(id: String, note: String)
    /// Whole ID numbers and phones are about to be shown (the edit form): recorded first (seed 002).
    case recordAccess(envelope: String)
}

/// What came of a write.
public enum Outcome: Sendable {
    /// The rules decided (allowed or refused); `loan` when a loan was recorded.
    case decided(Decision, loan: Loan?)
    case returned([LoanReturn])
    case envelope(Envelope)
    case document(Document)
    case copyRequested(Decision, CopyRecord?)
    case disposed(Decision, [Disposal])
    case inventory(InventoryReport)
    case intake(IntakeRecord)
    case arrangement(ArrangementSession)
    case incident(IncidentRecord)
    case done
    case failed(ErrorText)
}

/// An edit of an envelope's fields. A nil phones or ID number means "unchanged" (the operator
/// saw them masked and left them).
public struct EnvelopeEdit: Sendable, Equatable {
    public var number, barcode, owner: String
    public var coOwners, tenants: [String]
    public var phones: [String]?
    public var idType: IDType
    public var idNumber: String?
    public var moveIn, cabinet, building, floor, unit, note: String

    public func apply(to e: inout Envelope) {
        e.number = number
        e.barcode = barcode
        e.owner = owner
        e.coOwners = coOwners
        e.tenants = tenants
        if let phones { e.phones = phones }
        if let idNumber {
            e.identityType = idType
            e.idNumber = idNumber
        }
        e.moveIn = moveIn
        e.cabinet = cabinet
        e.building = building
        e.floor = floor
        e.unit = unit
        e.note = note
    }
}
