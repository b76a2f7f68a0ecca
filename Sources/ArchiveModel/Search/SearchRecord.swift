import Foundation

/// The searchable part of an envelope: what the index stores per envelope (and what the quick
/// path prints without opening the archive).
public struct SearchRecord: Sendable, Equatable {
    public var id: String
    public var number: String
    public var barcode: String
    public var cabinet: String
    public var building: String
    public var floor: String
    public var unit: String
    public var owner: String
    public var coOwners: [String]
    public var tenants: [String]
    /// Searched only for an operator whose role may see phone numbers.
    public var phones: [String]
    public var status: EnvelopeStatus

    public init(_ s: EnvelopeSummary) {
        id = s.id; number = s.number; barcode = s.barcode; cabinet = s.cabinet; building = s.building; floor = s.floor
        unit = s.unit; owner = s.owner; coOwners = s.coOwners; tenants = s.tenants; phones = s.phones; status = s.status
    }
    init(id: String, number: String, barcode: String, cabinet: String, building: String, floor: String, unit: String,
         owner: String, coOwners: [String], tenants: [String], phones: [String], status: EnvelopeStatus) {
        self.id = id; self.number = number; self.barcode = barcode; self.cabinet = cabinet; self.building = building
        self.floor = floor; self.unit = unit; self.owner = owner; self.coOwners = coOwners; self.tenants = tenants
        self.phones = phones; self.status = status
    }
    public var roomCode: String { "\(building)-\(unit)" }

    /// Person fields (searched by characters and readings), in order.
    var persons: [(FieldKind, String)] {
        var f: [(FieldKind, String)] = [(.owner, owner)]
        for c in coOwners { f.append((.coOwner, c)) }
        for t in tenants { f.append((.tenant, t)) }
        return f
    }
    /// Number fields (searched literally from the start of a token), in order.
    var numbers: [(FieldKind, String)] { [(.room, roomCode), (.number, number), (.barcode, barcode)] }

    /// The same order as the archive's filing order (`filingLess`).
    static func filingLess(_ a: SearchRecord, _ b: SearchRecord, cabinetOrder: [String: Int]) -> Bool {
        let ca = cabinetOrder[a.cabinet] ?? Int.max, cb = cabinetOrder[b.cabinet] ?? Int.max
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
