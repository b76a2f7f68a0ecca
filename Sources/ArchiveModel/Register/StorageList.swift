import Foundation

/// When a document was filed and by whom, as the journal has it: the entry that first put it in
/// an envelope's file list (the envelope's creation, a document added, an import, the migration
/// from the first format, an adopted hand edit). The journal is the only source: documents carry
/// no copy of it.
public struct Filing: Sendable, Equatable {
    /// When the filing entry was written (its `at`).
    public var at: Date
    /// Who filed it: the entry's `by`, the operator's name.
    public var by: String
    /// The entry (`DESK:SEQ`).
    public var entry: String
    /// The action of the filing entry (envelope created, document added, import, adopted edit, migration).
    public var action: JournalEntry.Action
    /// The filing entry's note (e.g. 产权转让, 迁移 …); empty when it had none.
    public var note: String

    /// How the document came in, in the archivists' words.
    public var how: String {
        if note.hasPrefix("迁移") { return "迁移" }
        switch action {
        case .envelopeCreate: return note.hasPrefix("产权转让") ? "产权转让" : "新建档案袋"
        case .documentAdd: return "补充归档"
        case .import: return "导入"
        case .envelopeAdopt: return "采纳手工修改"
        default: return action.rawValue
        }
    }
}

extension ArchiveStore {
    /// Document id → its filing, for the documents of these envelopes (all when nil): each
    /// envelope's own entries are read, from its revision back to its creation (an entry that
    /// changed several envelopes, an import, is read once). The journal's order is followed, not
    /// the entries' times, which need not grow along a desk's chain (a clock set back, history
    /// written afterwards).
    public func filings(of sums: [EnvelopeSummary]? = nil) -> [String: Filing] {
        // Where each entry is: every desk's folders listed once (not once per entry read).
        var paths: [String: String] = [:]
        var twice = Set<String>()
        for (d, h) in frontier {
            for n in JournalFolder.entries(root: root, desk: d, after: 0).names where n.seq <= h.seq {
                let ref = "\(d):\(n.seq)"
                if paths[ref] != nil { twice.insert(ref) }
                paths[ref] = n.relativePath
            }
        }
        func load(_ ref: String) -> JournalEntry? {
            // A number written twice (a fork) is left to the store's own lookup, which knows which one it folded.
            guard !twice.contains(ref), let rel = paths[ref],
                case .ok(let b) = DurableIO.read(abs(rel), kind: .journalEntry),
                let p = try? EntryFile.parse(b, coding: coding)
            else { return loadEntry(ref) }
            return p.entry
        }
        var cache: [String: JournalEntry] = [:]
        var used = Set<String>()
        for s in sums ?? Array(envelopes) {
            var stack = s.revision
            var seen = Set<String>()
            while let r = stack.popLast() {
                guard seen.insert(r).inserted else { continue }
                guard let e = cache[r] ?? load(r) else { continue }
                cache[r] = e
                guard let c = e.changes.first(where: { $0.record == s.id }) else { continue }
                used.insert(r)
                if !c.isCreation { stack += c.base }
            }
        }
        return ArchiveStore.filings(in: used.compactMap { cache[$0] })
    }

    /// The first entry, in fold order, that put each document in a file list.
    static func filings(in list: [JournalEntry]) -> [String: Filing] {
        let entries = list.sorted { $0.foldKey < $1.foldKey }
        var out: [String: Filing] = [:]
        func ids(_ v: JSONValue?) -> [String] {
            guard case .array(let xs)? = v else { return [] }
            return xs.compactMap { $0.objectValue?["id"]?.stringValue }
        }
        for e in entries {
            let f = Filing(at: e.at, by: e.by, entry: e.ref.description, action: e.action, note: e.note ?? "")
            for c in e.changes where c.kind == .envelope {
                var added: [String] = []
                if let env = c.envelope { added += env.documents.map { $0.id } }
                for op in c.ops {
                    let parts = op.path.split(separator: "/", omittingEmptySubsequences: false)
                    if parts.count == 2, parts[0] == "documents", op.from == nil, op.to != nil {
                        added.append(String(parts[1]))
                    }
                    if op.path == "documents" {
                        let before = Set(ids(op.from))
                        added += ids(op.to).filter { !before.contains($0) }
                    }
                }
                for id in added where out[id] == nil { out[id] = f }
            }
        }
        return out
    }
}

extension Reports {
    /// 文件资料存储清单 (seed 000 篇3 4.2 "存放后,要填写《文件资料存储清单》,以便查阅"): every
    /// document filed — when, by whom, how, and where it is kept — in the order filed. Of one
    /// cabinet (`target`) or all; of a month, or all.
    static func storageList(store: ArchiveStore, month: String?, target: String?) throws -> ReportTable {
        let tf = store.timeFormat
        if let t = target, !store.cabinets.contains(where: { $0.code == t }) {
            throw ArchiveError.notFound(what: "cabinet \(Sanitize.visible(t))")
        }
        let sums = Array(store.envelopes.filter { target == nil || $0.cabinet == target })
        let filed = store.filings(of: sums)
        let read = parallelMap(count: sums.count) { i in try? store.envelope(id: sums[i].id) }
        var rows: [(Date, Int, Int, [String])] = []
        var unknown = 0
        for (i, e) in read.enumerated() {
            guard let e else { continue }
            for (k, d) in e.documents.enumerated() {
                let f = filed[d.id]
                if let m = month, f.map({ tf.month($0.at) }) != m { continue }
                if f == nil { unknown += 1 }
                rows.append(
                    (
                        f?.at ?? .distantPast, i, k,
                        [
                            f.map { tf.minute($0.at) } ?? "", f?.by ?? "", f?.how ?? "", e.location.chinese, e.number,
                            e.owner, d.kind, d.title,
                            d.original ? "原件" : "复印件", "\(d.pages)", store.state(of: d).chinese,
                        ]
                    ))
            }
        }
        rows.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        let envs = Set(rows.map { $0.3[4] + "\u{1}" + $0.3[3] }).count
        return ReportTable(
            title: "\(store.info.name) 文件资料存储清单 (Storage list)",
            subtitle: [target.map { "柜 \($0)" }, month].compactMap { $0 }.joined(separator: "  ").isEmpty
                ? "全部"
                : [target.map { "柜 \($0)" }, month].compactMap { $0 }.joined(separator: "  "),
            columns: ["归档时间", "经办人", "方式", "存放位置", "档案号", "业主", "文件", "标题", "原件/复印件", "页数", "状态"],
            rows: rows.map { $0.3 },
            footer: "共 \(rows.count) 份, \(envs) 袋" + (unknown > 0 ? ";\(unknown) 份在日志中查不到归档记录" : ""))
    }
}
