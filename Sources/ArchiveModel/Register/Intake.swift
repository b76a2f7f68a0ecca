import Foundation

/// The intake hand-over (交接登记): documents another department hands to the archive are
/// counted against their list (逐一清点) and received, or refused when anything is missing
/// (不全不接收, seed 002 第二章 五); either way the hand-over is registered.
extension ArchiveStore {
    /// Registers a hand-over. `missing` empty: received complete; otherwise refused, and it says
    /// what was missing. `receiver` nil: the operator received it.
    @discardableResult
    public func recordIntake(
        from: String, department: String, receiver: String? = nil, items: [String], envelopes refs: [String] = [],
        missing: String = "", note: String = ""
    ) throws -> IntakeRecord {
        let who = try Validate.text(from, field: "from (移交人)", max: 100, required: true)
        let dept = try Validate.text(department, field: "department (移交部门)", max: 100, required: true)
        let lines = try items.map { try Validate.text($0, field: "item (资料明细)", max: 200) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else {
            throw ArchiveError.invalidField(
                field: "item (资料明细)", reason: "is required: list what was handed over, one item each")
        }
        guard lines.count <= 500 else {
            throw ArchiveError.invalidField(
                field: "item (资料明细)", reason: "lists more than 500 items: split the hand-over")
        }
        let lack = try Validate.text(missing, field: "missing (缺少)", max: 500)
        let n = try Validate.text(note, field: "note", max: 500)
        let rec = try receiver.map { try Validate.text($0, field: "receiver (接收人)", max: 100, required: true) }
        return try mutate {
            var ids: [String] = []
            for r in refs where !r.trimmingCharacters(in: .whitespaces).isEmpty {
                let id = try resolveEnvelope(r)
                if !ids.contains(id) { ids.append(id) }
            }
            let record = IntakeRecord(
                at: now, from: who, department: dept, receiver: rec ?? operatorName, items: lines, envelopes: ids,
                accepted: lack.isEmpty, missing: lack, note: n, archivist: operatorName)
            var en = entry(
                .intake, envelope: ids.count == 1 ? ids[0] : nil,
                note: record.accepted ? "交接登记: 接收\(lines.count)项" : "交接登记: 不全不接收 (\(lack))")
            en.intake = record
            try commit(en)
            return record
        }
    }
}

extension Reports {
    /// 档案交接登记表: every hand-over received or refused, oldest first (of a month, or all).
    static func intake(store: ArchiveStore, month: String?) -> ReportTable {
        let tf = store.timeFormat
        let list = store.register.office.intakes.filter { month == nil || tf.month($0.at) == month }
        let rows = list.map { r -> [String] in
            let envs = r.envelopes.map { id in store.summary(id: id).map { "\($0.roomCode) \($0.owner)" } ?? id }
            return [
                tf.minute(r.at), r.department, r.from, r.receiver, r.items.joined(separator: "；"), "\(r.items.count)",
                envs.joined(separator: "；"), r.resultChinese,
                r.accepted ? r.note : ([r.missing, r.note].filter { !$0.isEmpty }.joined(separator: "；")),
                r.archivist,
            ]
        }
        let refused = list.filter { !$0.accepted }.count
        return ReportTable(
            title: "\(store.info.name) 档案交接登记表 (Intake hand-over register)", subtitle: month ?? "全部",
            columns: ["交接时间", "移交部门", "移交人", "接收人", "资料明细", "件数", "档案袋", "结果", "缺少/说明", "经办"],
            rows: rows,
            footer:
                """
                共 \(list.count) 次交接, 接收 \(list.count - refused) 次, 不全不接收 \(refused) 次    移交人签字: __________    \
                接收人签字: __________
                """
        )
    }
}
