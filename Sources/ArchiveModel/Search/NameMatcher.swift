import Foundation

/// Matches what is typed against a short list of names — the staff list, departments, the
/// catalogue's document kinds — exactly as owner search matches owners (汉字, full or partial
/// pinyin, initials and mixtures: `zhaolei`, `zl`, `赵l` all find 赵磊), best tier first, then
/// the list's order. Built once per list; each query is a walk over the list.
///
///     let m = NameMatcher(["李敏", "王建国", "赵磊"])
///     m.matches("zl").map { m.names[$0.index] }   // ["赵磊"]
public final class NameMatcher {
    /// One name the query matched.
    public struct Match: Sendable, Equatable {
        /// Position in `names`.
        public var index: Int
        /// How well it matched.
        public var tier: MatchTier
        /// Characters of the name to highlight.
        public var ranges: [Range<Int>]
    }

    /// The list searched, in the order given.
    public let names: [String]
    private let symbols = SymbolTable()
    private var encoded: [(syms: [UInt16], offsets: [Int])] = []

    /// Prepares `names` for matching (their readings encoded once).
    public init(_ names: [String]) {
        self.names = names
        for n in names {
            var u: [UInt16] = []
            var offs: [Int] = []
            symbols.encodePerson(n, into: &u, offsets: &offs)
            encoded.append((u, offs))
        }
    }

    /// Every name the query matches, best tier first, then in list order; empty for an empty query.
    public func matches(_ query: String, limit: Int = Int.max) -> [Match] {
        let q = Query(query)
        guard !q.units.isEmpty else { return [] }
        let plan = Plan(q.units, symbols: symbols)
        var out: [Match] = []
        for (i, e) in encoded.enumerated() {
            guard let (tier, a, b) = Reference.person(plan, e.syms) else { continue }
            let chars = LiveIndex.characterOffsets(names[i])
            out.append(Match(index: i, tier: tier, ranges: [chars[e.offsets[a]]..<(chars[e.offsets[b - 1]] + 1)]))
        }
        out.sort { $0.tier != $1.tier ? $0.tier < $1.tier : $0.index < $1.index }
        return Array(out.prefix(limit))
    }
}
