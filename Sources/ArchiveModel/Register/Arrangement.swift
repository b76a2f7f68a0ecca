import Foundation

/// The arrangement record (《档案整理记录表》, seed 000 篇3 7.3): every inventory check and every
/// label check or tidying session — when, who, what it covered, what it found — listed, and
/// each printed again with its findings.
extension ArchiveStore {
    /// Registers a label check (4.3.4: labels and signs checked, faded ones renewed) or a
    /// tidying session. `cabinets` empty: all cabinets. `envelopes`: those whose label was
    /// renewed or that were put back in place.
    @discardableResult
    public func recordArrangement(
        work: ArrangementSession.Work, cabinets codes: [String], scope: String = "", findings: String,
        envelopes refs: [String] = [], note: String = ""
    ) throws -> ArrangementSession {
        let found = try Validate.text(findings, field: "findings (发现)", max: 2000, required: true)
        let sc = try Validate.text(scope, field: "scope (范围)", max: 200)
        let n = try Validate.text(note, field: "note", max: 500)
        return try mutate {
            for c in codes where !cabinets.contains(where: { $0.code == c }) {
                throw ArchiveError.notFound(what: "cabinet \(Sanitize.visible(c))")
            }
            var ids: [String] = []
            for r in refs {
                let id = try resolveEnvelope(r)
                if !ids.contains(id) { ids.append(id) }
            }
            let s = ArrangementSession(
                at: now, by: operatorName, work: work, cabinets: codes.isEmpty ? cabinets.map { $0.code } : codes,
                scope: sc, findings: found, envelopes: ids, note: n)
            var en = entry(
                .arrangement, envelope: ids.count == 1 ? ids[0] : nil,
                note: "\(work.chinese) \(s.cabinets.joined(separator: ","))")
            en.arrangement = s
            try commit(en)
            return s
        }
    }
}

extension Reports {
    /// One line per session: the inventory checks and the arrangement sessions, oldest first.
    /// With `target` (a session's id or a unique prefix of it), that session printed again with
    /// what it found.
    static func arrangement(store: ArchiveStore, month: String?, target: String?) throws -> ReportTable {
        let tf = store.timeFormat
        let name = store.info.name
        let runs = store.register.paperwork.inventories
        let sessions = store.register.office.arrangements
        if let t = target {
            let r = runs.filter { $0.id == t || (t.count >= 6 && $0.id.hasPrefix(t)) }
            let s = sessions.filter { $0.id == t || (t.count >= 6 && $0.id.hasPrefix(t)) }
            if r.count + s.count > 1 {
                throw ArchiveError.ambiguous(what: Sanitize.visible(t), candidates: r.map { $0.id } + s.map { $0.id })
            }
            if let run = r.first { return inventoryReprint(run, store: store) }
            if let session = s.first { return arrangementReprint(session, store: store) }
            throw ArchiveError.notFound(what: "inventory check or arrangement session \(Sanitize.visible(t))")
        }
        var lines: [(Date, String, [String])] = []
        for r in runs where month == nil || tf.month(r.at) == month {
            let counts = r.findings.sorted { $0.key < $1.key }.map { "\(InventoryFinding.label($0.key)) \($0.value)" }
                .joined(separator: ", ")
            let scope = "柜 \(r.cabinets.joined(separator: ","))" + (r.scanned > 0 ? ", 扫描 \(r.scanned) 袋" : "")
            lines.append(
                (
                    r.at, r.id,
                    [
                        tf.minute(r.at), r.by, "盘点", scope, "\(r.envelopes)", counts.isEmpty ? "未发现问题" : counts,
                        r.items == nil ? "(仅计数)" : "", r.id,
                    ]
                ))
        }
        for s in sessions where month == nil || tf.month(s.at) == month {
            let scope = "柜 \(s.cabinets.joined(separator: ","))" + (s.scope.isEmpty ? "" : " \(s.scope)")
            lines.append(
                (
                    s.at, s.id,
                    [
                        tf.minute(s.at), s.by, s.work.chinese, scope, "\(s.envelopes.count)", s.findings,
                        s.envelopes.isEmpty ? "" : "处理 \(s.envelopes.count) 袋", s.id,
                    ]
                ))
        }
        lines.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return ReportTable(
            title: "\(name) 档案整理记录表 (Arrangement record)", subtitle: month ?? "全部",
            columns: ["日期", "经办人", "工作", "范围", "档案袋", "发现", "处理", "记录号"], rows: lines.map { $0.2 },
            footer: "共 \(lines.count) 次    重印一次记录: dangan report arrangement 记录号")
    }

    /// An inventory check as it was recorded: its findings, in the order found.
    static func inventoryReprint(_ r: InventoryRun, store: ArchiveStore) -> ReportTable {
        let tf = store.timeFormat
        let items = r.items ?? []
        let rows = items.map { [$0.cabinet, $0.room, $0.owner, InventoryFinding.label($0.rule), $0.detail] }
        let counts = r.findings.sorted { $0.key < $1.key }.map { "\(InventoryFinding.label($0.key)) \($0.value)" }
            .joined(separator: ", ")
        var footer = r.findings.isEmpty ? "未发现问题 (nothing found)" : "共 \(r.findings.values.reduce(0, +)) 项: \(counts)"
        if r.items == nil { footer += " — 此次盘点只记录了计数 (this check was recorded with counts only)" }
        if let o = r.itemsOmitted { footer += " — 另有 \(o) 项未记入明细 (\(o) more not kept)" }
        return ReportTable(
            title: "\(store.info.name) 档案盘点报告 (Inventory check) — 重印 (reprint)",
            subtitle: "柜 \(r.cabinets.joined(separator: ", "))  \(tf.minute(r.at))  \(r.by)  共 \(r.envelopes) 袋"
                + (r.scanned > 0 ? "  扫描 \(r.scanned) 袋" : "") + "  记录号 \(r.id)",
            columns: ["柜", "房号", "业主", "问题", "说明"], rows: rows, footer: footer)
    }

    /// A label check or tidying session as it was recorded.
    static func arrangementReprint(_ s: ArrangementSession, store: ArchiveStore) -> ReportTable {
        let tf = store.timeFormat
        let rows = s.envelopes.map { id -> [String] in
            let e = store.summary(id: id)
            return [
                e?.cabinet ?? "", e?.roomCode ?? "", e?.owner ?? "", e?.number ?? id,
                s.work == .labels ? "已更换标签" : "已归位",
            ]
        }
        return ReportTable(
            title: "\(store.info.name) 档案整理记录表 (Arrangement record) — \(s.work.chinese)",
            subtitle:
                """
                柜 \(s.cabinets.joined(separator: ", "))\(s.scope.isEmpty ? "" : " \(s.scope)")  \
                \(tf.minute(s.at))  \(s.by)  记录号 \(s.id)
                """,
            columns: ["柜", "房号", "业主", "档案号", "处理"], rows: rows,
            footer: "发现: \(s.findings)\(s.note.isEmpty ? "" : "    备注: \(s.note)")    整理人签字: __________")
    }
}
