import Foundation

/// What the first screen and the search need about an envelope, without reading its file: its
/// card (read as the summary's own fields, `summary.owner`) and counts.
public struct EnvelopeSummary: CarriesEnvelopeCard, Sendable, Equatable {
    /// The envelope's card: id, number, barcode, owner, and its place (cabinet, building, floor, unit).
    public var card: EnvelopeCard
    /// Number of documents on the envelope's file list.
    public var documentCount: Int
    /// Number of checklist kinds missing from the envelope.
    public var missing: Int
    /// Set when the envelope's file cannot be read, or differs from the journal: why.
    public var damaged: String?
    /// Originals and copies in the envelope (stored state 在袋, whether or not on loan): the
    /// monthly statistics count from these without reading every file.
    public var originals: Int = 0
    /// Copies in the envelope (stored state 在袋, as for `originals`).
    public var copies: Int = 0
    /// The entries that last changed the envelope (its revision), and a digest of the
    /// projection file dangan wrote for it: a file whose digest differs was changed by hand.
    public var revision: [String] = []
    /// Digest of the projection file as dangan wrote it (0: not known).
    public var digest: UInt64 = 0

    /// The envelope file's path under the archive's root (`cabinets/CAB/BLD/FLR/UNIT/ENVID/envelope.json`).
    public var relativePath: String {
        ArchiveStore.envelopeRelativePath(
            cabinet: card.cabinet, building: card.building, floor: card.floor, unit: card.unit, id: card.id)
    }

    init(envelope e: Envelope, missing: Int) {
        card = e.card
        documentCount = e.documents.count
        self.missing = missing
        damaged = nil
        for d in e.documents where d.state == .present {
            if d.original { originals += 1 } else { copies += 1 }
        }
        revision = e.revision?.heads ?? []
    }

    init(
        card: EnvelopeCard, documentCount: Int, missing: Int, damaged: String?, originals: Int = 0, copies: Int = 0,
        revision: [String] = [], digest: UInt64 = 0
    ) {
        self.card = card
        self.documentCount = documentCount
        self.missing = missing
        self.damaged = damaged
        self.originals = originals
        self.copies = copies
        self.revision = revision
        self.digest = digest
    }

    init(
        id: String, number: String, barcode: String, cabinet: String, building: String, floor: String, unit: String,
        owner: String, coOwners: [String], tenants: [String], status: EnvelopeStatus, documentCount: Int,
        missing: Int, damaged: String?, originals: Int = 0, copies: Int = 0, revision: [String] = [],
        digest: UInt64 = 0, phones: [String] = []
    ) {
        let card = EnvelopeCard(
            id: id, number: number, barcode: barcode, cabinet: cabinet, building: building, floor: floor, unit: unit,
            owner: owner, coOwners: coOwners, tenants: tenants, phones: phones, status: status)
        self.init(
            card: card, documentCount: documentCount, missing: missing, damaged: damaged, originals: originals,
            copies: copies, revision: revision, digest: digest)
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
