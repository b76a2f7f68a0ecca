import Foundation

/// `dangan search` without opening the archive: the saved index, checked against the cache's
/// scan epoch and caught up from the journal. Nil means "open the archive instead" (no index
/// yet, a rescan is due, or the filing order changed).
public enum QuickSearch {
    /// One envelope found without opening the archive.
    public struct Hit: Sendable {
        /// The envelope's card as the index holds it.
        public var record: SearchRecord
        /// How well it matched.
        public var tier: MatchTier
        /// Which field matched: owner, co-owner, tenant, room, number, barcode, phone.
        public var fieldName: String
        /// The matched field's text.
        public var text: String
        /// Matched character ranges in `text`, as Character offsets (for highlighting).
        public var ranges: [Range<Int>]
    }

    /// Searches the saved index of the archive at `root` for `query`; the hits (at most `limit`) and the total.
    /// Nil when the archive must be opened instead (see above). Writes only the index's delta file.
    public static func search(root: String, query: String, limit: Int) -> (hits: [Hit], total: Int)? {
        guard let cache = ArchiveStore.cacheHeader(root: root), cache.stamp == ArchiveStore.treeStamp(root: root) else {
            return nil
        }
        guard let live = SearchFiles.load(root: root), live.base.epoch == cache.epoch else { return nil }
        let tz: String
        let phones: Bool
        if case .ok(let b) = DurableIO.read(root + "/archive.json"),
            let info = try? JSONCoding.decoder(TimeFormat(identifier: "Asia/Shanghai")).decode(
                ArchiveInfo.self, from: Data(b))
        {
            tz = info.settings.timeZone
            // The operator as a full open would know them: the person the staff list maps the login to.
            phones = Mask.mayRevealPersonalNumbers(info.settings, login: ArchiveStore.osUser())
        } else {
            return nil
        }
        guard
            let (envs, reorder, h) = JournalHead.changes(
                root: root, after: live.head, upTo: nil, coding: RecordCoding(TimeFormat(identifier: tz))),
            !reorder
        else { return nil }
        for (id, e) in envs {
            if let e {
                live.upsert(SearchRecord(EnvelopeSummary(envelope: e, missing: 0)))
            } else {
                live.remove(id: id)
            }
        }
        if h != live.head {
            live.head = h
            if live.tooManyChanges { return nil }
            SearchFiles.writeDelta(live, root: root)  // the next search starts from here
        }
        let (found, total) = live.search(query, limit: limit, phones: phones)
        return (
            found.map {
                Hit(record: $0.record, tier: $0.hit.tier, fieldName: $0.field, text: $0.text, ranges: $0.ranges)
            }, total
        )
    }
}
