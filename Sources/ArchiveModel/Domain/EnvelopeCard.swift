import Foundation

/// What names and places an envelope, as its cover and its index card say: the one field set
/// shared by the envelope's record (``Envelope``), its summary in the list
/// (``EnvelopeSummary``) and the search (``SearchRecord`` is this type). The record and the
/// summary hold a card and read its fields as their own (`envelope.owner`), so a field added
/// here is stored in `envelope.json` (flat, beside the record's other fields), kept in the
/// summaries and handed to the search index.
public struct EnvelopeCard: Codable, Sendable, Equatable {
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
    /// Contact phones: searched only for an operator whose role may see phone numbers.
    public var phones: [String]
    public var status: EnvelopeStatus

    public init(
        id: String, number: String, barcode: String, cabinet: String, building: String, floor: String,
        unit: String, owner: String, coOwners: [String] = [], tenants: [String] = [], phones: [String] = [],
        status: EnvelopeStatus = .active
    ) {
        self.id = id
        self.number = number
        self.barcode = barcode
        self.cabinet = cabinet
        self.building = building
        self.floor = floor
        self.unit = unit
        self.owner = owner
        self.coOwners = coOwners
        self.tenants = tenants
        self.phones = phones
        self.status = status
    }

    public var location: Location { Location(cabinet: cabinet, building: building, floor: floor, unit: unit) }
    /// Room code as archivists say it: building-unit, e.g. 3-1201.
    public var roomCode: String { "\(building)-\(unit)" }

    /// The filing order, the one order of envelopes everywhere (the panes, listings, reports
    /// and the search's ties): the cabinets in the archive's order, then building, floor and
    /// unit in natural order (basement floors first), envelopes in use before closed ones, then
    /// number and id.
    public static func filingLess(_ a: EnvelopeCard, _ b: EnvelopeCard, cabinetOrder: [String: Int]) -> Bool {
        let ca = cabinetOrder[a.cabinet] ?? Int.max
        let cb = cabinetOrder[b.cabinet] ?? Int.max
        if ca != cb { return ca < cb }
        if a.cabinet != b.cabinet { return a.cabinet < b.cabinet }
        if a.building != b.building { return naturalLess(a.building, b.building) }
        if a.floor != b.floor { return naturalLess(a.floor, b.floor) }
        if a.unit != b.unit { return naturalLess(a.unit, b.unit) }
        if a.status != b.status { return a.status == .active }
        if a.number != b.number { return a.number < b.number }
        return a.id < b.id
    }
}

/// A type that carries an envelope's card and reads its fields as its own.
@dynamicMemberLookup
public protocol CarriesEnvelopeCard {
    var card: EnvelopeCard { get set }
}

extension CarriesEnvelopeCard {
    public subscript<T>(dynamicMember field: WritableKeyPath<EnvelopeCard, T>) -> T {
        get { card[keyPath: field] }
        set { card[keyPath: field] = newValue }
    }
    public subscript<T>(dynamicMember field: KeyPath<EnvelopeCard, T>) -> T { card[keyPath: field] }
}
