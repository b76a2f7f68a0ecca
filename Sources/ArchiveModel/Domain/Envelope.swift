import Foundation

/// One envelope (档案袋) per household: its cover (the ``EnvelopeCard``: number, barcode,
/// place, owner, co-owners, tenants, phones, status, read as the envelope's own fields), its
/// people and its file list. Stored flat in `envelope.json`.
public struct Envelope: CarriesEnvelopeCard, Codable, Sendable, Equatable {
    public var card: EnvelopeCard
    public var idNumber: String
    /// The document `idNumber` belongs to; nil means a resident ID (see `identityType`).
    public var idType: IDType? = nil
    public var emergencyContact: Contact?
    /// YYYY-MM-DD
    public var moveIn: String
    // Customer details (CustomerDetails.swift; absent in older files): the property's category,
    // vehicle plates and parking spaces (kept current, seed 000 篇3 4.3.6), and the move-out
    // with the forwarding contact the customer left.
    public var category: PropertyCategory? = nil
    public var plates: [String]? = nil
    public var parkingSpaces: [String]? = nil
    public var moveOut: MoveOut? = nil
    /// Change of ownership: the envelope this one follows / is followed by.
    public var previousEnvelope: String?
    public var nextEnvelope: String?
    public var note: String
    public var documents: [Document]
    /// Which journal entries the file reflects (written by dangan; see ``Revision``).
    public var revision: Revision?

    public init(
        id: String = RecordID.make("env"), number: String, barcode: String, cabinet: String, building: String,
        floor: String, unit: String, owner: String, coOwners: [String] = [], tenants: [String] = [],
        phones: [String] = [], idNumber: String = "", emergencyContact: Contact? = nil, moveIn: String = "",
        status: EnvelopeStatus = .active, previousEnvelope: String? = nil, nextEnvelope: String? = nil,
        note: String = "", documents: [Document] = []
    ) {
        card = EnvelopeCard(
            id: id, number: number, barcode: barcode, cabinet: cabinet, building: building, floor: floor, unit: unit,
            owner: owner, coOwners: coOwners, tenants: tenants, phones: phones, status: status)
        self.idNumber = idNumber
        self.emergencyContact = emergencyContact
        self.moveIn = moveIn
        self.previousEnvelope = previousEnvelope
        self.nextEnvelope = nextEnvelope
        self.note = note
        self.documents = documents
    }

    // The card's fields and the record's own sit side by side in one JSON object.
    private enum CodingKeys: String, CodingKey {
        case idNumber, idType, emergencyContact, moveIn, category, plates, parkingSpaces, moveOut
        case previousEnvelope, nextEnvelope, note, documents, revision
    }

    public init(from decoder: Decoder) throws {
        card = try EnvelopeCard(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        idNumber = try c.decode(String.self, forKey: .idNumber)
        idType = try c.decodeIfPresent(IDType.self, forKey: .idType)
        emergencyContact = try c.decodeIfPresent(Contact.self, forKey: .emergencyContact)
        moveIn = try c.decode(String.self, forKey: .moveIn)
        category = try c.decodeIfPresent(PropertyCategory.self, forKey: .category)
        plates = try c.decodeIfPresent([String].self, forKey: .plates)
        parkingSpaces = try c.decodeIfPresent([String].self, forKey: .parkingSpaces)
        moveOut = try c.decodeIfPresent(MoveOut.self, forKey: .moveOut)
        previousEnvelope = try c.decodeIfPresent(String.self, forKey: .previousEnvelope)
        nextEnvelope = try c.decodeIfPresent(String.self, forKey: .nextEnvelope)
        note = try c.decode(String.self, forKey: .note)
        documents = try c.decode([Document].self, forKey: .documents)
        revision = try c.decodeIfPresent(Revision.self, forKey: .revision)
    }

    public func encode(to encoder: Encoder) throws {
        try card.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(idNumber, forKey: .idNumber)
        try c.encodeIfPresent(idType, forKey: .idType)
        try c.encodeIfPresent(emergencyContact, forKey: .emergencyContact)
        try c.encode(moveIn, forKey: .moveIn)
        try c.encodeIfPresent(category, forKey: .category)
        try c.encodeIfPresent(plates, forKey: .plates)
        try c.encodeIfPresent(parkingSpaces, forKey: .parkingSpaces)
        try c.encodeIfPresent(moveOut, forKey: .moveOut)
        try c.encodeIfPresent(previousEnvelope, forKey: .previousEnvelope)
        try c.encodeIfPresent(nextEnvelope, forKey: .nextEnvelope)
        try c.encode(note, forKey: .note)
        try c.encode(documents, forKey: .documents)
        try c.encodeIfPresent(revision, forKey: .revision)
    }
}
