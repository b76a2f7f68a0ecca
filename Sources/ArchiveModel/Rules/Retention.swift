import Foundation

/// How long documents are kept. Expired material — complaints, communication and meeting
/// records, satisfaction surveys, quality monitoring — may be destroyed with the project
/// manager's approval (seed 000 篇3 4.3.5); contracts and everything else are kept
/// permanently. The periods are the company's (seed 002 第十一条 "保管期限应根据国家法律法规及公司
/// 相关规定执行"): a default per kind in the settings, which a document follows unless a date
/// was written on it.
///
/// A document's `retention` is "permanent", a destroy-after date YYYY-MM-DD, or empty: by its
/// kind's default in the settings, counted from the document's date.
public enum Retention {
    /// The defaults: the destroyable kinds of the default catalogue, three years each.
    public static let defaultYears: [String: Int] = [
        "投诉记录": 3, "沟通记录": 3, "会议记录": 3, "满意度调查": 3, "品质监控资料": 3,
    ]

    /// `day` (YYYY-MM-DD) plus `years`; 29 February becomes 28 February in a common year.
    public static func add(years: Int, to day: String) -> String? {
        guard TimeFormat.isDay(day) else { return nil }
        let p = day.split(separator: "-").compactMap { Int($0) }
        let y = p[0] + years
        let m = p[1]
        let d = min(p[2], TimeFormat.daysIn(y, m))
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// The settings' periods checked: a period only for a kind of the catalogue that may be
    /// destroyed, from 1 to 100 years.
    public static func validate(_ years: [String: Int], settings: Settings) throws {
        for (k, n) in years {
            guard let kind = settings.kind(named: k) else {
                throw ArchiveError.invalidField(
                    field: "--retention", reason: "\(Sanitize.visible(k)) is not a document kind of the catalogue")
            }
            guard kind.destroyable else {
                throw ArchiveError.invalidField(
                    field: "--retention",
                    reason:
                        """
                        \(k) is kept permanently (only expired complaints, communication and meeting records, \
                        surveys and quality monitoring may be destroyed)
                        """
                )
            }
            guard (1...100).contains(n) else {
                throw ArchiveError.invalidField(field: "--retention", reason: "\(k): years must be 1 to 100 (got \(n))")
            }
        }
    }
}

extension Settings {
    /// The periods in force: the settings', or the defaults for the kinds of the catalogue.
    public var retentionTable: [String: Int] {
        retentionYears ?? Retention.defaultYears.filter { kind(named: $0.key)?.destroyable == true }
    }

    /// Years a kind is kept by default; nil: permanently.
    public func retentionYears(for kind: String) -> Int? {
        guard self.kind(named: kind)?.destroyable == true else { return nil }
        return retentionTable[kind]
    }

    /// The day after which a document may be destroyed; nil: kept permanently (or, by its kind,
    /// without a date to count from).
    public func retentionEnd(of d: Document) -> String? {
        switch d.retention {
        case "permanent": return nil
        case "": return retentionYears(for: d.kind).flatMap { Retention.add(years: $0, to: d.date) }
        default: return d.retention
        }
    }

    /// The retention as shown: 永久, a date, or 按类别 with the date it gives.
    public func retentionText(of d: Document) -> String {
        switch d.retention {
        case "permanent": return "永久"
        case "":
            guard let y = retentionYears(for: d.kind) else { return "永久 (按类别)" }
            return (retentionEnd(of: d) ?? "?") + " (按类别\(y)年)"
        default: return d.retention
        }
    }
}

/// Editing and removing documents of a file list.
extension ArchiveStore {
    /// Sets the retention periods (document kind → years; nil: back to the defaults). Only kinds
    /// that may be destroyed can have one; all others are kept permanently.
    public func setRetentionYears(_ years: [String: Int]?) throws {
        if let years { try Retention.validate(years, settings: settings) }
        try updateSettings { $0.retentionYears = years }
    }

    /// Changes a document's fields (kind, title, original or copy, pages, date, secrecy,
    /// retention, note): one journal entry with only what changed. Its state follows the
    /// workflows (lending, destruction, transfer) and cannot be set here. A form passes the
    /// document it was opened on as `basedOn`: a field someone else changed meanwhile is refused.
    @discardableResult
    public func updateDocument(_ ref: String, basedOn: Document? = nil, _ change: (inout Document) throws -> Void)
        throws -> Document
    {
        let (e, d) = try document(ref: ref)
        var edited = basedOn ?? d
        try change(&edited)
        edited.id = d.id
        edited.state = (basedOn ?? d).state
        if edited == (basedOn ?? d) { return d }
        guard settings.kind(named: edited.kind) != nil else {
            let kinds = settings.catalogue.map { $0.name }.joined(separator: "、")
            throw ArchiveError.invalidField(
                field: "kind", reason: "\(Sanitize.visible(edited.kind)) is not in the catalogue: \(kinds)")
        }
        var formEnvelope: Envelope? = nil
        if let b = basedOn {
            var env = e
            if let i = env.documents.firstIndex(where: { $0.id == d.id }) { env.documents[i] = b }
            formEnvelope = env
        }
        let after = try updateEnvelope(
            id: e.id, note: "修改文件 \(edited.kind)", action: .documentEdit, basedOn: formEnvelope
        ) { env in
            guard let i = env.documents.firstIndex(where: { $0.id == d.id }) else {
                throw ArchiveError.notFound(what: "document \(Sanitize.visible(ref))")
            }
            var x = edited
            x.state = env.documents[i].state
            env.documents[i] = x
        }
        return after.documents.first { $0.id == d.id } ?? edited
    }

    /// Takes a document off its envelope's file list — one filed by mistake or twice — with the
    /// reason, which the journal keeps with the document as it was. A document that was ever
    /// lent or photocopied, destroyed or transferred stays: its register needs it.
    public func removeDocument(_ ref: String, reason: String) throws -> Decision {
        let why = try Validate.text(reason, field: "reason", max: 500)
        return try mutate {
            let (e, d) = try document(ref: ref)
            if why.isEmpty { return .refuse("form.reason", "须填写删除原因 (say why the document is taken off the list)") }
            switch d.state {
            case .destroyed, .transferred:
                return .refuse(
                    "remove.disposed",
                    """
                    文件已\(d.state == .destroyed ? "销毁" : "移交"),其记录须保留 (a destroyed or transferred document stays \
                    on the list: its record needs it)
                    """,
                    document: d.id)
            case .present: break
            }
            if let r = SharedRules.available(d, register: register, tf: timeFormat) { return r }
            if !register.history(of: d.id).isEmpty || register.copies.contains(where: { $0.documents.contains(d.id) }) {
                return .refuse(
                    "remove.in-register",
                    "该文件有借阅或影印记录,须保留在清单中 (the document has loans or photocopies in the register, which need it)",
                    document: d.id)
            }
            _ = try updateEnvelope(id: e.id, note: "删除文件 \(d.kind): \(why)", action: .documentRemove) { env in
                env.documents.removeAll { $0.id == d.id }
            }
            return Decision.allow(
                "document.removed",
                "已从\(e.roomCode)的文件清单删除\(d.kind),原因已记入日志 (taken off the list; the journal keeps it and the reason)")
        }
    }
}

extension Reports {
    /// 到期待销毁清单: documents past their retention that may be destroyed (with approval), of
    /// one cabinet or all, in filing order.
    static func expired(store: ArchiveStore, target: String?) throws -> ReportTable {
        if let t = target, !store.cabinets.contains(where: { $0.code == t }) {
            throw ArchiveError.notFound(what: "cabinet \(Sanitize.visible(t))")
        }
        let list = store.dueForDestruction().filter { target == nil || $0.0.cabinet == target }
        let rows = list.map { s, d in
            [
                s.roomCode, s.owner, d.kind, d.title, d.original ? "原件" : "复印件", d.date,
                store.settings.retentionText(of: d), s.location.chinese, d.id,
            ]
        }
        return ReportTable(
            title: "\(store.info.name) 到期待销毁清单 (Expired material)",
            subtitle: "\(target.map { "柜 \($0)  " } ?? "")截至 \(store.timeFormat.day(store.now))",
            columns: ["房号", "业主", "文件", "标题", "原件/复印件", "文件日期", "保管期限", "存放位置", "文件编号"], rows: rows,
            footer: "共 \(rows.count) 份到期;销毁须经项目经理批准并做好记录")
    }
}
