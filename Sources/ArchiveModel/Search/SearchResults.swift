import Foundation

/// How well a result matched, best first. `split` is a match that reads a whole syllable of
/// the query across two characters, an initial and another syllable (`zhang` as 曾 z + 行 hang):
/// possible, but never ranked with real matches.
public enum MatchTier: Int, Sendable, Comparable, Codable, CaseIterable {
    case exact = 0
    case prefix, initials, substring, split
    /// Better tiers are smaller: `exact` < `prefix` < … < `split`.
    public static func < (a: MatchTier, b: MatchTier) -> Bool { a.rawValue < b.rawValue }
    /// The tier's English name, as `dangan search` and its JSON print it.
    public var name: String { ["exact", "prefix", "initials", "substring", "split"][rawValue] }
}

/// One envelope found by owner search, with what matched and where (for highlighting).
public struct SearchHit: Sendable, Equatable {
    /// Index into `ArchiveStore.envelopes` (-1 where no store is open: the quick path).
    public var index: Int
    /// How well it matched; results are sorted best tier first.
    public var tier: MatchTier
    /// Which field matched: owner, co-owner, tenant, room, number, barcode, phone.
    public var fieldName: String
    /// The matched field's text, as the result list shows it.
    public var text: String
    /// Matched character ranges in `text`, as Character offsets (for highlighting).
    public var ranges: [Range<Int>]
}

/// One page of search results and how many there are in all.
public struct SearchResults: Sendable {
    /// The hits, best first, at most the limit asked for.
    public var hits: [SearchHit]
    /// How many envelopes matched in all (more than `hits` when the limit cut them).
    public var total: Int
    /// Results from a page of hits and the total.
    public init(hits: [SearchHit], total: Int) {
        self.hits = hits
        self.total = total
    }
}
