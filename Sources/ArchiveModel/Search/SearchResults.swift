import Foundation

/// How well a result matched, best first. `split` is a match that reads a whole syllable of
/// the query across two characters, an initial and another syllable (`zhang` as 曾 z + 行 hang):
/// possible, but never ranked with real matches.
public enum MatchTier: Int, Sendable, Comparable, Codable, CaseIterable {
    case exact = 0
    case prefix, initials, substring, split
    public static func < (a: MatchTier, b: MatchTier) -> Bool { a.rawValue < b.rawValue }
    public var name: String { ["exact", "prefix", "initials", "substring", "split"][rawValue] }
}

public struct SearchHit: Sendable, Equatable {
    /// Index into `ArchiveStore.envelopes` (-1 where no store is open: the quick path).
    public var index: Int
    public var tier: MatchTier
    /// Which field matched: owner, co-owner, tenant, room, number, barcode, phone.
    public var fieldName: String
    public var text: String
    /// Matched character ranges in `text`, as Character offsets (for highlighting).
    public var ranges: [Range<Int>]
}

public struct SearchResults: Sendable {
    public var hits: [SearchHit]
    public var total: Int
    public init(hits: [SearchHit], total: Int) {
        self.hits = hits
        self.total = total
    }
}
