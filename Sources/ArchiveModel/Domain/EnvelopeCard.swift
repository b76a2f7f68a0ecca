import Foundation

/// What names and places an envelope, as its cover and its index card say: the one field set
/// shared by the envelope's record (``Envelope``), its summary in the list
/// (``EnvelopeSummary``) and the search (``SearchRecord`` is this type). The record and the
/// summary hold a card and read its fields as their own (`envelope.owner`), so a field added
/// here is stored in `envelope.json` (flat, beside the record's other fields), kept in the
/// summaries and handed to the search index.
public struct EnvelopeCard: Codable, Sendable, Equatable {
    /// Stable id of the envelope (`env-…`), never reused; the folder name of its file.
    public var id: String
    /// Envelope number written on the cover.
    public var number: String
    /// Barcode on the cover label: the archive's prefix (`DA` unless set) and 10 digits; scanned to find it.
    public var barcode: String
    /// Code of the cabinet it stands in (a ``LocationCode``, the first folder under `cabinets/`).
    public var cabinet: String
    /// Building (楼栋) code; a folder under the cabinet's.
    public var building: String
    /// Floor (楼层) code; a folder under the building's.
    public var floor: String
    /// Unit or room (单元/房号) code; a folder under the floor's, which may hold several envelopes.
    public var unit: String
    /// The owner's name (业主姓名) as on the cover; searched by characters and pinyin.
    public var owner: String
    /// Other owners on the title, searched like the owner; empty when none.
    public var coOwners: [String]
    /// Tenants (租户) who add to the owner's file, searched like the owner; empty when none.
    public var tenants: [String]
    /// Contact phones: searched only for an operator whose role may see phone numbers.
    public var phones: [String]
    /// Whether the envelope is in use, closed (after a change of ownership) or transferred.
    public var status: EnvelopeStatus

    /// A card from its fields; the place codes must be valid ``LocationCode``s before the card is filed.
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

    /// The envelope's place in the cabinets, as one value.
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
    /// Reads and writes a card field as the carrier's own (`envelope.owner` is `envelope.card.owner`).
    public subscript<T>(dynamicMember field: WritableKeyPath<EnvelopeCard, T>) -> T {
        get { card[keyPath: field] }
        set { card[keyPath: field] = newValue }
    }
    /// Reads a computed card field (`location`, `roomCode`) as the carrier's own.
    public subscript<T>(dynamicMember field: KeyPath<EnvelopeCard, T>) -> T { card[keyPath: field] }
}
