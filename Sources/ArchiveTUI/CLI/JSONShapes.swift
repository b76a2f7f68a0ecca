import ArchiveModel
import Foundation

/// JSON shapes printed by `--json`: stable field names (docs/usage.md).
struct DocumentJSON: Encodable {
    var id: String
    var kind: String
    var title: String
    var original: Bool
    var pages: Int
    var date: String
    var secrecy: String
    var state: String
    var retention: String
    var due: String?
    var borrower: String?
    /// Open incidents (lost, damaged, incomplete) flagging the document.
    var incidents: [String]?
}

/// An envelope: its summary, and with `show` its details and documents.
struct EnvelopeJSON: Encodable {
    var id: String
    var number: String
    var barcode: String
    var owner: String
    var coOwners: [String]
    var tenants: [String]
    var cabinet: String
    var building: String
    var floor: String
    var unit: String
    var status: String
    var documentCount: Int
    var missing: Int
    var onLoan: Int
    var damaged: String?
    var phones: [String]?
    var idNumber: String?
    /// resident, passport or hk-macao-taiwan.
    var idType: String?
    var moveIn: String?
    var emergencyContact: Contact?
    /// Customer details: residential, shop, office or parking; plates; parking spaces; move-out.
    var category: String?
    var plates: [String]?
    var parkingSpaces: [String]?
    var moveOut: MoveOut?
    var previousEnvelope: String?
    var nextEnvelope: String?
    var documents: [DocumentJSON]?
    var missingKinds: [String]?
    /// Search results: how well and where it matched.
    var rank: String?
    var field: String?
    var matched: String?
}

/// One document of a loan, as the borrowing register lists it.
struct LoanJSON: Encodable {
    var id: String
    var document: String
    var envelope: String
    var borrower: String
    var department: String
    var purpose: String
    var approver: String?
    /// signed (a name typed for the paper form) or system (approved from the approver's login).
    var approval: String?
    var approverTitle: String?
    var type: String
    var out: String
    var due: String
    var returned: String?
    var complete: Bool?
    var overdue: Bool
    var renewals: Int
    var archivist: String
    var rule: String
    var owner: String?
    var room: String?
}

/// Builds the JSON shapes from the archive's records.
enum JSONShapes {
    /// An envelope from its summary (no file read).
    static func envelope(_ s: EnvelopeSummary, store: ArchiveStore) -> EnvelopeJSON {
        EnvelopeJSON(
            id: s.id, number: s.number, barcode: s.barcode, owner: s.owner, coOwners: s.coOwners, tenants: s.tenants,
            cabinet: s.cabinet, building: s.building, floor: s.floor, unit: s.unit, status: s.status.rawValue,
            documentCount: s.documentCount, missing: s.missing, onLoan: store.register.outByEnvelope[s.id] ?? 0,
            damaged: s.damaged)
    }

    /// A whole envelope as just written: its summary's fields with the details, personal
    /// numbers masked (whole ones only through `show --reveal`, which records the viewing).
    static func envelope(_ e: Envelope, store: ArchiveStore) -> EnvelopeJSON {
        let reveal = false
        let missing = ArchiveStore.missingKinds(e, settings: store.settings)
        var j =
            store.summary(id: e.id).map { envelope($0, store: store) }
            ?? EnvelopeJSON(
                id: e.id, number: e.number, barcode: e.barcode, owner: e.owner, coOwners: e.coOwners,
                tenants: e.tenants,
                cabinet: e.cabinet, building: e.building, floor: e.floor, unit: e.unit, status: e.status.rawValue,
                documentCount: e.documents.count, missing: missing.count, onLoan: 0)
        j.phones = reveal ? e.phones : e.phones.map(Mask.phone)
        j.idNumber = reveal ? e.idNumber : Mask.idNumber(e.idNumber)
        j.idType = e.identityType.rawValue
        j.moveIn = e.moveIn
        j.previousEnvelope = e.previousEnvelope
        j.nextEnvelope = e.nextEnvelope
        j.missingKinds = missing
        details(e, reveal: reveal, into: &j)
        return j
    }

    /// The customer details, phones masked unless the operator may see them.
    static func details(_ e: Envelope, reveal: Bool, into j: inout EnvelopeJSON) {
        j.emergencyContact = e.emergencyContact.map {
            Contact(name: $0.name, phone: reveal ? $0.phone : Mask.phone($0.phone), relation: $0.relation)
        }
        j.category = e.category?.rawValue
        j.plates = e.plates
        j.parkingSpaces = e.parkingSpaces
        j.moveOut = e.moveOut.map { m in
            var x = m
            if !reveal && !x.phone.isEmpty { x.phone = Mask.phone(x.phone) }
            return x
        }
    }

    /// A document with its state and, when lent, the borrower and due time.
    static func document(_ d: Document, store: ArchiveStore) -> DocumentJSON {
        let loan = store.register.openLoan(of: d.id)
        return DocumentJSON(
            id: d.id, kind: d.kind, title: d.title, original: d.original, pages: d.pages, date: d.date,
            secrecy: d.secrecy.rawValue, state: store.state(of: d).rawValue, retention: d.retention,
            due: loan.map { store.timeFormat.iso($0.due) }, borrower: loan?.loan.borrower,
            incidents: {
                let i = store.register.openIncidents(document: d.id)
                return i.isEmpty ? nil : i.map { "\($0.kind.rawValue) \($0.id)" }
            }())
    }

    /// A loan's rows, one per document.
    static func loans(_ r: LoanRecord, store: ArchiveStore) -> [LoanJSON] {
        let tf = store.timeFormat
        let env = store.summary(id: r.loan.envelope)
        return r.loan.documents.map { d in
            let ret = r.returns.first { $0.documents.contains(d) }
            return LoanJSON(
                id: r.loan.id, document: d, envelope: r.loan.envelope, borrower: r.loan.borrower,
                department: r.loan.department, purpose: r.loan.purpose, approver: r.loan.approver,
                approval: r.loan.approval?.rawValue, approverTitle: r.loan.approverTitle,
                type: r.loan.type.rawValue, out: tf.iso(r.loan.out), due: tf.iso(r.due),
                returned: ret.map { tf.iso($0.at) }, complete: ret?.complete,
                overdue: ret == nil && store.now > r.due, renewals: r.renewals.count, archivist: r.loan.archivist,
                rule: r.loan.rule, owner: env?.owner, room: env?.roomCode)
        }
    }
}
