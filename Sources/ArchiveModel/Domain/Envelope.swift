import Foundation

// MARK: - Enumerations

// MARK: - Settings

// MARK: - Cabinet, envelope, document

/// One envelope (档案袋) per household: its cover, its people and its file list.
public struct Envelope: Codable, Sendable, Equatable {
    public var id: String
    /// Envelope number written on the cover.
    public var number: String
    public var barcode: String
    public var cabinet: String
    public var building: String
    public var floor: String
    public var unit: String
    public var owner: String
    public var coOwners: [String]
    public var tenants: [String]
    public var phones: [String]
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
    public var status: EnvelopeStatus
    /// Change of ownership: the envelope this one follows / is followed by.
    public var previousEnvelope: String?
    public var nextEnvelope: String?
    public var note: String
    public var documents: [Document]
    /// Which journal entries the file reflects (written by dangan; see ``Revision``).
    public var revision: Revision?

    public init(id: String = RecordID.make("env"), number: String, barcode: String, cabinet: String, building: String, floor: String,
                unit: String, owner: String, coOwners: [String] = [], tenants: [String] = [], phones: [String] = [], idNumber: String = "",
                emergencyContact: Contact? = nil, moveIn: String = "", status: EnvelopeStatus = .active, previousEnvelope: String? = nil,
                nextEnvelope: String? = nil, note: String = "", documents: [Document] = []) {
        self.id = id; self.number = number; self.barcode = barcode; self.cabinet = cabinet; self.building = building
        self.floor = floor; self.unit = unit; self.owner = owner; self.coOwners = coOwners; self.tenants = tenants
        self.phones = phones; self.idNumber = idNumber; self.emergencyContact = emergencyContact; self.moveIn = moveIn
        self.status = status; self.previousEnvelope = previousEnvelope; self.nextEnvelope = nextEnvelope; self.note = note
        self.documents = documents
    }

    public var location: Location { Location(cabinet: cabinet, building: building, floor: floor, unit: unit) }
    /// Room code as archivists say it: building-unit, e.g. 3-1201.
    public var roomCode: String { "\(building)-\(unit)" }
}

// MARK: - Register
