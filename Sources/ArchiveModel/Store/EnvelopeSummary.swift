import Foundation

/// What the first screen and the search need about an envelope, without reading its file.
public struct EnvelopeSummary: Sendable, Equatable {
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
    /// Contact phones: searched (for roles that may see them) without reading every file.
    public var phones: [String] = []
    public var status: EnvelopeStatus
    public var documentCount: Int
    /// Number of checklist kinds missing from the envelope.
    public var missing: Int
    /// Set when the envelope's file cannot be read, or differs from the journal: why.
    public var damaged: String?
    /// Originals and copies in the envelope (stored state 在袋, whether or not on loan): the
    /// monthly statistics count from these without reading every file.
    public var originals: Int = 0
    public var copies: Int = 0
    /// The entries that last changed the envelope (its revision), and a digest of the
    /// projection file dangan wrote for it: a file whose digest differs was changed by hand.
    public var revision: [String] = []
    public var digest: UInt64 = 0

    public var location: Location { Location(cabinet: cabinet, building: building, floor: floor, unit: unit) }
    public var roomCode: String { "\(building)-\(unit)" }
    public var relativePath: String {
        ArchiveStore.envelopeRelativePath(cabinet: cabinet, building: building, floor: floor, unit: unit, id: id)
    }

    init(envelope e: Envelope, missing: Int) {
        id = e.id; number = e.number; barcode = e.barcode; cabinet = e.cabinet; building = e.building; floor = e.floor
        unit = e.unit; owner = e.owner; coOwners = e.coOwners; tenants = e.tenants; phones = e.phones; status = e.status
        documentCount = e.documents.count; self.missing = missing; damaged = nil
        for d in e.documents where d.state == .present { if d.original { originals += 1 } else { copies += 1 } }
        revision = e.revision?.heads ?? []
    }

    init(id: String, number: String, barcode: String, cabinet: String, building: String, floor: String, unit: String, owner: String,
         coOwners: [String], tenants: [String], status: EnvelopeStatus, documentCount: Int, missing: Int, damaged: String?,
         originals: Int = 0, copies: Int = 0, revision: [String] = [], digest: UInt64 = 0, phones: [String] = []) {
        self.originals = originals; self.copies = copies; self.phones = phones
        self.id = id; self.number = number; self.barcode = barcode; self.cabinet = cabinet; self.building = building
        self.floor = floor; self.unit = unit; self.owner = owner; self.coOwners = coOwners; self.tenants = tenants
        self.status = status; self.documentCount = documentCount; self.missing = missing; self.damaged = damaged
        self.revision = revision; self.digest = digest
    }
}

/// A change of the list of envelope summaries, by position in filing order.
public enum SummaryChange: Sendable {
    case insert(Int, EnvelopeSummary)
    case remove(Int, String)
    case replace(Int, EnvelopeSummary)
}

/// What a full fold learns of an envelope from its entries: its revision, and whether its
/// changes followed one another (then the last one's digest tells whether the file shows it).
struct RecordMeta {
    var heads: [String]
    var digest: String?
    var linear: Bool
}
