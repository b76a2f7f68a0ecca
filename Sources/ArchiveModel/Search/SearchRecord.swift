import Foundation

/// The searchable part of an envelope, its card: what the index stores per envelope (and what
/// the quick path prints without opening the archive).
public typealias SearchRecord = EnvelopeCard

extension EnvelopeCard {
    /// The card of a summary: the searchable fields of one envelope.
    public init(_ s: EnvelopeSummary) { self = s.card }

    /// Person fields (searched by characters and readings), in order.
    var persons: [(FieldKind, String)] {
        var f: [(FieldKind, String)] = [(.owner, owner)]
        for c in coOwners { f.append((.coOwner, c)) }
        for t in tenants { f.append((.tenant, t)) }
        return f
    }
    /// Number fields (searched literally from the start of a token), in order.
    var numbers: [(FieldKind, String)] { [(.room, roomCode), (.number, number), (.barcode, barcode)] }
}
