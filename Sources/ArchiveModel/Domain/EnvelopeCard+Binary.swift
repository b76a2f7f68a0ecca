import Foundation

/// The one binary form of an envelope's card, written by the search index (one record per
/// envelope) and the checkpoint (one per summary) and read back by both: the status as a byte,
/// then id, number, barcode, cabinet, building, floor, unit and owner as strings, then the
/// co-owners, tenants and phones as counted lists (``RecReader``'s string and list encodings).
extension EnvelopeCard {
    func append(to out: inout [UInt8]) {
        out.append(status == .active ? 0 : status == .closed ? 1 : 2)
        for s in [id, number, barcode, cabinet, building, floor, unit, owner] { RecReader.put(s, &out) }
        for list in [coOwners, tenants, phones] {
            out.append(UInt8(min(255, list.count)))
            for s in list.prefix(255) { RecReader.put(s, &out) }
        }
    }

    /// A card in the form `append(to:)` writes, or nil when the bytes are not well formed.
    static func read(_ r: inout RecReader) -> EnvelopeCard? {
        guard let st = r.u8(), st <= 2, let id = r.str(), let number = r.str(), let barcode = r.str(),
            let cabinet = r.str(), let building = r.str(), let floor = r.str(), let unit = r.str(),
            let owner = r.str(), let coOwners = r.strs(), let tenants = r.strs(), let phones = r.strs()
        else { return nil }
        return EnvelopeCard(
            id: id, number: number, barcode: barcode, cabinet: cabinet, building: building, floor: floor, unit: unit,
            owner: owner, coOwners: coOwners, tenants: tenants, phones: phones,
            status: [.active, .closed, .transferred][Int(st)])
    }

    /// Steps over a card without decoding it; false when the bytes are not well formed.
    static func skip(_ r: inout RecReader) -> Bool {
        guard let st = r.u8(), st <= 2 else { return false }
        for _ in 0..<8 { guard r.skip() else { return false } }
        for _ in 0..<3 {
            guard let c = r.u8() else { return false }
            for _ in 0..<c { guard r.skip() else { return false } }
        }
        return true
    }

    /// A card from a whole byte array (a checkpoint's blob), or nil.
    static func read(bytes: [UInt8]) -> EnvelopeCard? {
        bytes.withUnsafeBufferPointer { b in
            var r = RecReader(b, 0, b.count)
            guard let card = read(&r), r.pos == r.end else { return nil }
            return card
        }
    }
}
