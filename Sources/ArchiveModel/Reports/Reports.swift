import Foundation

/// A report as a table: what the registers and lists the regulations ask for print from.
public struct ReportTable: Sendable, Equatable {
    public var title: String
    public var subtitle: String
    public var columns: [String]
    public var rows: [[String]]
    public var footer: String
    /// An envelope's barcode, drawn as Code 128 above the table in HTML (the file list).
    public var barcode: String? = nil
    /// Columns left empty for a signature on paper (drawn wide and tall in HTML).
    public var signatureColumns: [Int] = []
    /// A trend printed after the table: SVG in HTML, sparklines in text (monthly statistics).
    public var chart: ReportChart? = nil
    /// Further tables printed with this one (the monthly statistics' list of what is out, the
    /// key register's holders).
    public var sections: [ReportTable] = []
}

public enum ReportKind: String, CaseIterable, Sendable {
    case register, copies, outstanding, monthly, fileList = "file-list", label, cabinetList = "cabinet-list", inventory, destruction, transfer
    /// One envelope's changes from the journal (修改记录): who, when, which desk, before and after.
    case history
    // The registers of issue 17.
    case storageList = "storage-list", arrangement, intake, keys, categories, expired
    /// The loan slip (借阅单) of one loan, the overdue notices (催还通知), the incidents for the
    /// leadership (遗失、损坏), who looked at confidential material (查询记录).
    case slip, notices, incidents, access
}

public enum ReportFormat: String, CaseIterable, Sendable { case csv, txt, html, svg }

/// Reads documents by envelope once per report.
struct DocumentLookup {
    let store: ArchiveStore
    var cache: [String: [String: Document]] = [:]
    init(_ store: ArchiveStore) { self.store = store }
    mutating func document(_ envelope: String, _ id: String) -> Document? {
        if cache[envelope] == nil {
            let docs = (try? store.envelope(id: envelope))?.documents ?? []
            cache[envelope] = Dictionary(docs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        }
        return cache[envelope]?[id]
    }
    mutating func kind(_ envelope: String, _ id: String) -> String { document(envelope, id)?.kind ?? id }
}

/// Builds reports from the archive. Personal numbers are not printed in lists.
public enum Reports {
    /// `progress` counts the loans (or, for `inventory`, the envelopes) whose files are read.
    public static func build(_ kind: ReportKind, store: ArchiveStore, month: String?, target: String?, progress: WorkProgress? = nil) throws -> ReportTable {
        defer { progress?.finish() }
        try store.require(.readRegisters)
        let tf = store.timeFormat
        let now = store.now
        let name = store.info.name
        switch kind {
        case .outstanding:
            let recs = store.register.open.sorted { a, b in
                let ao = a.isOverdue(at: now), bo = b.isOverdue(at: now)
                return ao != bo ? ao : a.due < b.due
            }
            var rows: [[String]] = []
            var docs = DocumentLookup(store)
            progress?.start(total: recs.count)
            for r in recs {
                progress?.advance()
                let env = store.summary(id: r.loan.envelope)
                for d in r.outstandingDocuments {
                    let doc = docs.document(r.loan.envelope, d)
                    rows.append([r.isOverdue(at: now) ? "逾期" : "", env?.roomCode ?? "", env?.owner ?? "", doc?.kind ?? d,
                                 doc.map { $0.original ? "原件" : "复印件" } ?? "", r.loan.borrower, r.loan.department,
                                 tf.minute(r.loan.out), tf.minute(r.due), env.map { $0.location.chinese } ?? ""])
                }
            }
            return ReportTable(title: "\(name) 未归还档案清单 (Outstanding loans)", subtitle: "截至 \(tf.minute(now))",
                               columns: ["状态", "房号", "业主", "文件", "原件/复印件", "借阅人", "部门", "借出时间", "应还时间", "存放位置"],
                               rows: rows, footer: "共 \(rows.count) 份未归还, 其中逾期 \(rows.filter { $0[0] == "逾期" }.count) 份")
        case .register:
            let m = month ?? tf.month(now)
            var rows: [[String]] = []
            var docs = DocumentLookup(store)
            let inMonth = store.register.loans.filter { tf.month($0.loan.out) == m }
            progress?.start(total: inMonth.count)
            for r in inMonth {
                progress?.advance()
                let env = store.summary(id: r.loan.envelope)
                for d in r.loan.documents {
                    let ret = r.returns.first { $0.documents.contains(d) }
                    rows.append([tf.minute(r.loan.out), env?.roomCode ?? "", env?.owner ?? "", docs.kind(r.loan.envelope, d),
                                 r.loan.borrower, r.loan.department, r.loan.purpose, approval(r.loan.approver, r.loan.approval), r.loan.type.chinese,
                                 tf.minute(r.due), "\(r.renewals.count)", ret.map { tf.minute($0.at) } ?? "",
                                 ret.map { $0.complete ? "完整" : "不完整: \($0.note)" } ?? "", r.loan.archivist, "", "", r.loan.id])
                }
            }
            // The borrower signs on taking the file (借阅人签名) and the archivist on taking it back
            // (归还签收): seed 000 篇3 4.3.2 "在《档案借阅登记表》内签字确认", seed 001 篇1 4 "登记签名".
            return ReportTable(title: "\(name) 档案借阅登记表 (Borrowing register)", subtitle: m,
                               columns: ["借出时间", "房号", "业主", "文件", "借阅人", "部门", "用途", "审批人", "借阅类型", "应还时间", "续借", "归还时间", "归还检查", "经办",
                                         "借阅人签名", "归还签收", "借阅单号"],
                               rows: rows, footer: "共 \(rows.count) 笔", signatureColumns: [14, 15])
        case .monthly:
            return Monthly.report(store: store, month: month)
        case .storageList:
            return try storageList(store: store, month: month, target: target)
        case .arrangement:
            return try arrangement(store: store, month: month, target: target)
        case .intake:
            return intake(store: store, month: month)
        case .keys:
            return keys(store: store, month: month)
        case .categories:
            return categories(store: store, month: month)
        case .expired:
            return try expired(store: store, target: target)
        case .fileList, .label:
            guard let t = target else { throw ArchiveError.invalidField(field: "ENVELOPE", reason: "is required for \(kind.rawValue)") }
            let id = try store.resolveEnvelope(t)
            if kind == .label {
                let stock = LabelStock.named(store.settings.labelStock ?? "") ?? LabelStock.named(LabelStock.defaultName)!
                return Labels.table(Labels.labels([id], store: store), stock: stock)
            }
            return try fileList(id, store: store)
        case .history:
            guard let t = target else { throw ArchiveError.invalidField(field: "ENVELOPE", reason: "is required for history") }
            return try history(store.resolveEnvelope(t), store: store)
        case .cabinetList:
            let codes = target.map { [$0] } ?? store.cabinets.map { $0.code }
            var rows: [[String]] = []
            for c in codes {
                guard store.cabinets.contains(where: { $0.code == c }) else { throw ArchiveError.notFound(what: "cabinet \(c)") }
                for s in store.envelopes(inCabinet: c) {
                    rows.append([s.cabinet, "\(s.building)栋", "\(s.floor)层", s.unit, s.number, s.owner, "\(s.documentCount)",
                                 s.status.chinese, s.missing > 0 ? "缺\(s.missing)" : ""])
                }
            }
            return ReportTable(title: "\(name) 档案柜文件清单 (Cabinet file list)", subtitle: codes.joined(separator: ", "),
                               columns: ["柜", "楼栋", "楼层", "房号", "档案号", "业主", "文件数", "状态", "备注"], rows: rows,
                               footer: "共 \(rows.count) 袋")
        case .copies:
            let m = month ?? tf.month(now)
            var docs = DocumentLookup(store)
            var rows: [[String]] = []
            for c in store.register.copies where tf.month(c.requestedAt) == m {
                let env = store.summary(id: c.envelope)
                rows.append([tf.minute(c.requestedAt), env?.roomCode ?? "", env?.owner ?? "",
                             c.documents.map { docs.kind(c.envelope, $0) }.joined(separator: "、"), c.requester, c.department, c.purpose,
                             "\(c.copiesRequested)", approval(c.approver, c.approval), c.approvedAt.map { tf.minute($0) } ?? "",
                             c.copiesMade.map { "\($0)份/\(c.pages ?? 0)页" } ?? "", c.backAt.map { tf.minute($0) } ?? "",
                             c.backComplete.map { $0 ? "完整" : "不完整: \(c.backNote)" } ?? "", c.disposition, c.stage.chinese, c.archivist, "", ""])
            }
            return ReportTable(title: "\(name) 影印登记表 (Photocopy register)", subtitle: m,
                               columns: ["申请时间", "房号", "业主", "文件", "申请人", "部门", "用途", "申请份数", "审批人", "批准时间", "影印", "原件归还", "归还检查", "复印件去向", "状态", "经办",
                                         "申请人签名", "归还签收"],
                               rows: rows, footer: "共 \(rows.count) 笔, 未销账 \(store.register.copies.filter { $0.isOpen && tf.month($0.requestedAt) == m }.count) 笔",
                               signatureColumns: [16, 17])
        case .destruction, .transfer:
            let kindWanted: DisposalKind = kind == .destruction ? .destroy : .transfer
            var list = store.register.paperwork.disposals.filter { $0.kind == kindWanted }
            if let t = target { list = list.filter { $0.batch == t || $0.batch.hasPrefix(t) } ; if list.isEmpty { throw ArchiveError.notFound(what: "\(kindWanted.rawValue) \(t)") } }
            if let m = month { list = list.filter { tf.month($0.at) == m } }
            var docs = DocumentLookup(store)
            var rows: [[String]] = []
            for d in list {
                let env = store.summary(id: d.envelope)
                for id in d.documents {
                    let doc = docs.document(d.envelope, id)
                    if kindWanted == .destroy {
                        rows.append([d.batch, tf.minute(d.at), env?.roomCode ?? "", env?.owner ?? "", doc?.kind ?? id, doc?.date ?? "",
                                     doc.map { store.settings.retentionText(of: $0) } ?? "", d.reason, d.method, d.approver ?? "", d.by])
                    } else {
                        rows.append([d.batch, tf.minute(d.at), env?.roomCode ?? "", env?.owner ?? "", d.wholeEnvelope ? "整袋 \(env?.number ?? "")" : "",
                                     doc?.kind ?? id, doc.map { $0.original ? "原件" : "复印件" } ?? "", doc.map { "\($0.pages)" } ?? "",
                                     d.by, d.recipient, d.organisation, d.approver ?? ""])
                    }
                }
            }
            let period = month ?? (target.map { "批次 \($0)" } ?? "全部")
            if kindWanted == .destroy {
                return ReportTable(title: "\(name) 档案销毁记录 (Destruction record)", subtitle: period,
                                   columns: ["批次", "销毁时间", "房号", "业主", "文件", "文件日期", "保管期限", "原因", "方式", "审批人", "经办"],
                                   rows: rows, footer: "共销毁 \(rows.count) 份    审批人签字: __________    监销人签字: __________")
            }
            return ReportTable(title: "\(name) 档案移交签收表 (Transfer sign-off list)", subtitle: period,
                               columns: ["批次", "移交时间", "房号", "业主", "整袋", "文件", "原件/复印件", "页数", "移交人", "接收人", "接收单位", "审批人"],
                               rows: rows, footer: "共移交 \(rows.count) 份    移交人签字: __________    接收人签字: __________    日期: ____年__月__日__时__分")
        case .slip:
            guard let t = target else { throw ArchiveError.invalidField(field: "LOAN", reason: "is required for slip: dangan report slip LOAN-ID") }
            return try slip(store.loanID(t), store: store)
        case .notices:
            return try noticesOverview(store: store, borrower: target)
        case .incidents:
            return incidents(store: store, month: month)
        case .access:
            return try access(store: store, month: month ?? tf.month(now))
        case .inventory:
            let r = try Inventory.run(store, cabinet: target, scanned: nil, progress: progress)
            let rows = r.findings.map { [$0.cabinet, $0.room, $0.owner, InventoryFinding.label($0.rule), $0.detail] }
            let counts = r.counts.sorted { $0.key < $1.key }.map { "\(InventoryFinding.label($0.key)) \($0.value)" }.joined(separator: ", ")
            return ReportTable(title: "\(name) 档案盘点报告 (Inventory check)", subtitle: "柜 \(r.cabinets.joined(separator: ", "))  \(tf.minute(r.at))  共 \(r.envelopes) 袋",
                               columns: ["柜", "房号", "业主", "问题", "说明"], rows: rows,
                               footer: r.findings.isEmpty ? "未发现问题 (nothing found)" : "共 \(rows.count) 项: \(counts)")
        }
    }

    /// The envelope file list (档案袋文件清单) to paste inside the envelope, with its barcode.
    public static func fileList(_ id: String, store: ArchiveStore) throws -> ReportTable {
        let e = try store.envelope(id: id)
        let rows = e.documents.enumerated().map { i, d in
            ["\(i + 1)", d.kind, d.title, d.original ? "原件" : "复印件", "\(d.pages)", d.date, d.secrecy.chinese, store.state(of: d).chinese]
        }
        let missing = ArchiveStore.missingKinds(e, settings: store.settings)
        return ReportTable(title: "档案袋文件清单 (Envelope file list)", subtitle: "\(e.number)  \(e.building)栋\(e.unit)  \(e.owner)  条码 \(e.barcode.isEmpty ? "(无)" : e.barcode)",
                           columns: ["序号", "文件", "标题", "原件/复印件", "页数", "日期", "密级", "状态"], rows: rows,
                           footer: "共 \(rows.count) 份;缺少: \(missing.isEmpty ? "无" : missing.joined(separator: "、"))", barcode: e.barcode)
    }

    /// An envelope's history (档案袋修改记录): one row per changed field, or per loan,
    /// return and renewal of its documents, oldest first. Personal numbers are masked unless
    /// the operator may see them.
    public static func history(_ id: String, store: ArchiveStore) throws -> ReportTable {
        let s = store.summary(id: id)
        let items = try store.history(envelope: id)
        var rows: [[String]] = []
        for h in items {
            // The login in brackets: "name (gloss)" is how messages carry an English gloss.
            let who = h.login.isEmpty || h.login == h.by ? h.by : "\(h.by) [\(h.login)]"
            let head = [store.timeFormat.minute(h.at), who, h.desk, HistoryItem.actionName(h.action)]
            if h.fields.isEmpty {
                rows.append(head + [h.note, "", ""])
            } else {
                for f in h.fields { rows.append(head + [f.label, f.before, f.after]) }
            }
        }
        let subtitle = s.map { "\($0.number)  \($0.building)栋\($0.unit)  \($0.owner)" } ?? id
        return ReportTable(title: "\(store.info.name) 档案袋修改记录 (Envelope history)", subtitle: subtitle,
                           columns: ["时间", "经办", "工作站", "操作", "内容", "原值", "新值"], rows: rows,
                           footer: "共 \(items.count) 笔")
    }

    /// CSV for Excel: UTF-8 with BOM, CRLF, every field quoted as needed (RFC 4180). A chart
    /// follows as a table of its values, each section after an empty line, under its title.
    public static func csv(_ t: ReportTable) -> [UInt8] {
        func q(_ s: String) -> String {
            let clean = Sanitize.visible(s)
            // A leading = + - @ would be read as a formula by Excel.
            let safe = clean.first.map { "=+-@".contains($0) } == true ? "'" + clean : clean
            return safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || safe != clean
                ? "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : safe
        }
        var out = "\u{FEFF}" + t.columns.map(q).joined(separator: ",") + "\r\n"
        for r in t.rows { out += r.map(q).joined(separator: ",") + "\r\n" }
        if let c = t.chart {
            out += "\r\n" + q(c.title) + "\r\n" + (["月份"] + c.series.map { $0.name }).map(q).joined(separator: ",") + "\r\n"
            for (i, l) in c.labels.enumerated() {
                out += ([l] + c.series.map { i < $0.values.count ? "\($0.values[i])" : "" }).map(q).joined(separator: ",") + "\r\n"
            }
        }
        for sec in t.sections {
            out += "\r\n" + q(sec.title + (sec.subtitle.isEmpty ? "" : "  " + sec.subtitle)) + "\r\n"
            out += sec.columns.map(q).joined(separator: ",") + "\r\n"
            for r in sec.rows { out += r.map(q).joined(separator: ",") + "\r\n" }
        }
        return Array(out.utf8)
    }

    /// Plain text aligned by display width, wrapped to fit A4 (about 100 columns at 10 cpi
    /// landscape); a chart as sparklines after the table, then each section.
    public static func txt(_ t: ReportTable) -> String {
        var lines = tableLines(t)
        if let c = t.chart { lines.append(""); lines += chartLines(c) }
        for sec in t.sections { lines.append(""); lines += tableLines(sec) }
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n") + "\n"
    }

    static func tableLines(_ t: ReportTable) -> [String] {
        let cols = t.columns.count
        var widths = t.columns.map { TextWidth.width($0) }
        // Columns are cut at 32 columns: a document's id (31 characters) is printed whole.
        for r in t.rows { for (i, c) in r.enumerated() where i < cols { widths[i] = min(32, max(widths[i], TextWidth.width(Sanitize.visible(c)))) } }
        func cell(_ s: String, _ w: Int) -> String {
            var out = "", used = 0
            for ch in Sanitize.visible(s) {
                let cw = TextWidth.width(String(ch))
                if used + cw > w { break }
                out.append(ch); used += cw
            }
            return out + String(repeating: " ", count: w - used)
        }
        var lines = [t.title]
        if !t.subtitle.isEmpty { lines.append(t.subtitle) }
        lines.append("")
        lines.append(zip(t.columns, widths).map { cell($0, $1) }.joined(separator: "  "))
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        for r in t.rows { lines.append(zip(r, widths).map { cell($0, $1) }.joined(separator: "  ")) }
        if !t.footer.isEmpty { lines.append(""); lines.append(t.footer) }
        return lines
    }

    public static func html(_ t: ReportTable) -> String { html([t]) }

    /// Tables as one HTML document for A4, each table from a new page (a batch of file lists).
    public static func html(_ tables: [ReportTable]) -> String {
        func e(_ s: String) -> String {
            Sanitize.visible(s).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        func table(_ t: ReportTable) -> String {
            var h = "<table><thead><tr>" + t.columns.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
            for r in t.rows {
                h += "<tr>" + r.enumerated().map { t.signatureColumns.contains($0.offset) ? "<td class=\"sign\">\(e($0.element))</td>" : "<td>\(e($0.element))</td>" }.joined() + "</tr>\n"
            }
            return h + "</tbody></table>\n" + (t.footer.isEmpty ? "" : "<p>\(e(t.footer))</p>\n")
        }
        var h = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>\(e(tables.first?.title ?? ""))</title>\n"
        h += "<style>@page{size:A4;margin:15mm}body{font-family:sans-serif;font-size:10pt}table{border-collapse:collapse;width:100%}"
        h += "th,td{border:1px solid #444;padding:2px 4px;text-align:left}thead{display:table-header-group}tr{page-break-inside:avoid}"
        h += "section+section{page-break-before:always;break-before:page}h2{font-size:12pt;margin-top:8mm}figure{margin:4mm 0}td.sign{min-width:22mm;height:9mm}.code{float:right}.missing{float:right;border:1px dashed #000;padding:2mm}</style></head><body>\n"
        for t in tables {
            h += "<section>"
            if let code = t.barcode {
                h += Labels.barcodeSVG(code).map { "<div class=\"code\">\($0)</div>" } ?? "<div class=\"missing\">\(e(code.isEmpty ? "无条码:请在档案中登记条码 (no barcode recorded)" : "条码 \(code) 无法打印为 Code 128"))</div>"
            }
            h += "<h1>\(e(t.title))</h1>\n<p>\(e(t.subtitle))</p>\n<table><thead><tr>" + t.columns.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
            for r in t.rows {
                h += "<tr>" + r.enumerated().map { t.signatureColumns.contains($0.offset) ? "<td class=\"sign\">\(e($0.element))</td>" : "<td>\(e($0.element))</td>" }.joined() + "</tr>\n"
            }
            h += "</tbody></table>\n<p>\(e(t.footer))</p></section>\n"
            h += "<h1>\(e(t.title))</h1>\n<p>\(e(t.subtitle))</p>\n"
            h += table(t)
            if let c = t.chart { h += "<figure><figcaption>\(e(c.title))</figcaption>\n\(chartSVG(c))\n</figure>\n" }
            for sec in t.sections {
                h += "<h2>\(e(sec.title))</h2>\n" + (sec.subtitle.isEmpty ? "" : "<p>\(e(sec.subtitle))</p>\n") + table(sec)
            }
            h += "</section>\n"
        }
        h += "</body></html>\n"
        return h
    }
}
