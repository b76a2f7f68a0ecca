import Foundation

/// One envelope (档案袋) per household: its cover (the ``EnvelopeCard``: number, barcode,
/// place, owner, co-owners, tenants, phones, status, read as the envelope's own fields), its
/// people and its file list. Stored flat in `envelope.json`.
public struct Envelope: CarriesEnvelopeCard, Codable, Sendable, Equatable {
    /// The cover and index-card fields (number, barcode, place, people, phones, status), stored flat beside the rest.
    public var card: EnvelopeCard
    /// The owner's identity number, upper case without spaces; empty when not given. Shown masked unless revealed.
    public var idNumber: String
    /// The document `idNumber` belongs to; nil means a resident ID (see `identityType`).
    public var idType: IDType? = nil
    /// Who to call in an emergency (紧急情况联系授权书); nil when none was given.
    public var emergencyContact: Contact?
    /// Move-in day (入住日期), YYYY-MM-DD; empty when not known.
    public var moveIn: String
    // Customer details (CustomerDetails.swift; absent in older files): the property's category,
    // vehicle plates and parking spaces (kept current, seed 000 篇3 4.3.6), and the move-out
    // with the forwarding contact the customer left.
    /// The property's category (住宅, 商铺, 写字楼, 车位); nil when not yet recorded.
    public var category: PropertyCategory? = nil
    /// Vehicle plates as stored (see `vehiclePlates`); nil rather than empty, so older files stay unchanged.
    public var plates: [String]? = nil
    /// Parking spaces as stored (see `parking`); nil rather than empty, so older files stay unchanged.
    public var parkingSpaces: [String]? = nil
    /// The customer's move-out with the forwarding contact; nil while they live there (or it is not known).
    public var moveOut: MoveOut? = nil
    /// The old owner's envelope this one follows after a change of ownership; nil otherwise.
    public var previousEnvelope: String?
    /// The new owner's envelope after a change of ownership closed this one; nil otherwise.
    public var nextEnvelope: String?
    /// The archivist's free-text note on the envelope; empty when none.
    public var note: String
    /// The envelope file list in the order filed, destroyed and transferred documents included (see `state`).
    public var documents: [Document]
    /// Which journal entries the file reflects (written by dangan; see ``Revision``).
    public var revision: Revision?

    /// A new envelope's record; a fresh `env-…` id unless given. Validated and filed by `ArchiveStore.createEnvelope`.
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

    /// Reads `envelope.json`: the card's fields and the record's from one flat JSON object.
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

    /// Writes the card's fields and the record's into one flat JSON object (`envelope.json`).
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
