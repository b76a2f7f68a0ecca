import Foundation

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
    public static func build(
        _ kind: ReportKind, store: ArchiveStore, month: String?, target: String?, progress: WorkProgress? = nil
    ) throws -> ReportTable {
        defer { progress?.finish() }
        try store.require(.readRegisters)
        let tf = store.timeFormat
        let now = store.now
        let name = store.info.name
        switch kind {
        case .outstanding:
            let recs = store.circulationOrder(store.register.open)
            var rows: [[String]] = []
            var docs = DocumentLookup(store)
            progress?.start(total: recs.count)
            for r in recs {
                progress?.advance()
                let env = store.summary(id: r.loan.envelope)
                for d in r.outstandingDocuments {
                    let doc = docs.document(r.loan.envelope, d)
                    rows.append([
                        r.isOverdue(at: now) ? "逾期" : "", env?.roomCode ?? "", env?.owner ?? "", doc?.kind ?? d,
                        doc.map { $0.original ? "原件" : "复印件" } ?? "", r.loan.borrower, r.loan.department,
                        tf.minute(r.loan.out), tf.minute(r.due), env.map { $0.location.chinese } ?? "",
                    ])
                }
            }
            return ReportTable(
                title: "\(name) 未归还档案清单 (Outstanding loans)", subtitle: "截至 \(tf.minute(now))",
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
                    rows.append([
                        tf.minute(r.loan.out), env?.roomCode ?? "", env?.owner ?? "", docs.kind(r.loan.envelope, d),
                        r.loan.borrower, r.loan.department, r.loan.purpose, approval(r.loan.approver, r.loan.approval),
                        r.loan.type.chinese,
                        tf.minute(r.due), "\(r.renewals.count)", ret.map { tf.minute($0.at) } ?? "",
                        ret.map { $0.complete ? "完整" : "不完整: \($0.note)" } ?? "", r.loan.archivist, "", "", r.loan.id,
                    ])
                }
            }
            // The borrower signs on taking the file (借阅人签名) and the archivist on taking it back
            // (归还签收): seed 000 篇3 4.3.2 "在《档案借阅登记表》内签字确认", seed 001 篇1 4 "登记签名".
            return ReportTable(
                title: "\(name) 档案借阅登记表 (Borrowing register)", subtitle: m,
                columns: [
                    "借出时间", "房号", "业主", "文件", "借阅人", "部门", "用途", "审批人", "借阅类型", "应还时间", "续借", "归还时间", "归还检查", "经办",
                    "借阅人签名", "归还签收", "借阅单号",
                ],
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
            guard let t = target else {
                throw ArchiveError.invalidField(field: "ENVELOPE", reason: "is required for \(kind.rawValue)")
            }
            let id = try store.resolveEnvelope(t)
            if kind == .label {
                let stock =
                    LabelStock.named(store.settings.labelStock ?? "") ?? LabelStock.named(LabelStock.defaultName)!
                return Labels.table(Labels.labels([id], store: store), stock: stock)
            }
            return try fileList(id, store: store)
        case .history:
            guard let t = target else {
                throw ArchiveError.invalidField(field: "ENVELOPE", reason: "is required for history")
            }
            return try history(store.resolveEnvelope(t), store: store)
        case .cabinetList:
            let codes = target.map { [$0] } ?? store.cabinets.map { $0.code }
            var rows: [[String]] = []
            for c in codes {
                guard store.cabinets.contains(where: { $0.code == c }) else {
                    throw ArchiveError.notFound(what: "cabinet \(c)")
                }
                for s in store.envelopes(inCabinet: c) {
                    rows.append([
                        s.cabinet, "\(s.building)栋", "\(s.floor)层", s.unit, s.number, s.owner, "\(s.documentCount)",
                        s.status.chinese, s.missing > 0 ? "缺\(s.missing)" : "",
                    ])
                }
            }
            return ReportTable(
                title: "\(name) 档案柜文件清单 (Cabinet file list)", subtitle: codes.joined(separator: ", "),
                columns: ["柜", "楼栋", "楼层", "房号", "档案号", "业主", "文件数", "状态", "备注"], rows: rows,
                footer: "共 \(rows.count) 袋")
        case .copies:
            let m = month ?? tf.month(now)
            var docs = DocumentLookup(store)
            var rows: [[String]] = []
            for c in store.register.copies where tf.month(c.requestedAt) == m {
                let env = store.summary(id: c.envelope)
                rows.append([
                    tf.minute(c.requestedAt), env?.roomCode ?? "", env?.owner ?? "",
                    c.documents.map { docs.kind(c.envelope, $0) }.joined(separator: "、"), c.requester, c.department,
                    c.purpose,
                    "\(c.copiesRequested)", approval(c.approver, c.approval), c.approvedAt.map { tf.minute($0) } ?? "",
                    c.copiesMade.map { "\($0)份/\(c.pages ?? 0)页" } ?? "", c.backAt.map { tf.minute($0) } ?? "",
                    c.backComplete.map { $0 ? "完整" : "不完整: \(c.backNote)" } ?? "", c.disposition, c.stage.chinese,
                    c.archivist, "", "",
                ])
            }
            return ReportTable(
                title: "\(name) 影印登记表 (Photocopy register)", subtitle: m,
                columns: [
                    "申请时间", "房号", "业主", "文件", "申请人", "部门", "用途", "申请份数", "审批人", "批准时间", "影印", "原件归还", "归还检查", "复印件去向",
                    "状态", "经办",
                    "申请人签名", "归还签收",
                ],
                rows: rows,
                footer:
                    """
                    共 \(rows.count) 笔, 未销账 \
                    \(store.register.copies.filter { $0.isOpen && tf.month($0.requestedAt) == m }.count) 笔
                    """,
                signatureColumns: [16, 17])
        case .destruction, .transfer:
            let kindWanted: DisposalKind = kind == .destruction ? .destroy : .transfer
            var list = store.register.paperwork.disposals.filter { $0.kind == kindWanted }
            if let t = target {
                list = list.filter { $0.batch == t || $0.batch.hasPrefix(t) }
                if list.isEmpty { throw ArchiveError.notFound(what: "\(kindWanted.rawValue) \(t)") }
            }
            if let m = month { list = list.filter { tf.month($0.at) == m } }
            var docs = DocumentLookup(store)
            var rows: [[String]] = []
            for d in list {
                let env = store.summary(id: d.envelope)
                for id in d.documents {
                    let doc = docs.document(d.envelope, id)
                    if kindWanted == .destroy {
                        rows.append([
                            d.batch, tf.minute(d.at), env?.roomCode ?? "", env?.owner ?? "", doc?.kind ?? id,
                            doc?.date ?? "",
                            doc.map { store.settings.retentionText(of: $0) } ?? "", d.reason, d.method,
                            d.approver ?? "", d.by,
                        ])
                    } else {
                        rows.append([
                            d.batch, tf.minute(d.at), env?.roomCode ?? "", env?.owner ?? "",
                            d.wholeEnvelope ? "整袋 \(env?.number ?? "")" : "",
                            doc?.kind ?? id, doc.map { $0.original ? "原件" : "复印件" } ?? "",
                            doc.map { "\($0.pages)" } ?? "",
                            d.by, d.recipient, d.organisation, d.approver ?? "",
                        ])
                    }
                }
            }
            let period = month ?? (target.map { "批次 \($0)" } ?? "全部")
            if kindWanted == .destroy {
                return ReportTable(
                    title: "\(name) 档案销毁记录 (Destruction record)", subtitle: period,
                    columns: ["批次", "销毁时间", "房号", "业主", "文件", "文件日期", "保管期限", "原因", "方式", "审批人", "经办"],
                    rows: rows, footer: "共销毁 \(rows.count) 份    审批人签字: __________    监销人签字: __________")
            }
            return ReportTable(
                title: "\(name) 档案移交签收表 (Transfer sign-off list)", subtitle: period,
                columns: ["批次", "移交时间", "房号", "业主", "整袋", "文件", "原件/复印件", "页数", "移交人", "接收人", "接收单位", "审批人"],
                rows: rows,
                footer: "共移交 \(rows.count) 份    移交人签字: __________    接收人签字: __________    日期: ____年__月__日__时__分")
        case .slip:
            guard let t = target else {
                throw ArchiveError.invalidField(
                    field: "LOAN", reason: "is required for slip: dangan report slip LOAN-ID")
            }
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
            let counts = r.counts.sorted { $0.key < $1.key }.map { "\(InventoryFinding.label($0.key)) \($0.value)" }
                .joined(separator: ", ")
            return ReportTable(
                title: "\(name) 档案盘点报告 (Inventory check)",
                subtitle: "柜 \(r.cabinets.joined(separator: ", "))  \(tf.minute(r.at))  共 \(r.envelopes) 袋",
                columns: ["柜", "房号", "业主", "问题", "说明"], rows: rows,
                footer: r.findings.isEmpty ? "未发现问题 (nothing found)" : "共 \(rows.count) 项: \(counts)")
        }
    }

    /// The envelope file list (档案袋文件清单) to paste inside the envelope, with its barcode.
    public static func fileList(_ id: String, store: ArchiveStore) throws -> ReportTable {
        let e = try store.envelope(id: id)
        let rows = e.documents.enumerated().map { i, d in
            [
                "\(i + 1)", d.kind, d.title, d.original ? "原件" : "复印件", "\(d.pages)", d.date, d.secrecy.chinese,
                store.state(of: d).chinese,
            ]
        }
        let missing = ArchiveStore.missingKinds(e, settings: store.settings)
        return ReportTable(
            title: "档案袋文件清单 (Envelope file list)",
            subtitle: "\(e.number)  \(e.building)栋\(e.unit)  \(e.owner)  条码 \(e.barcode.isEmpty ? "(无)" : e.barcode)",
            columns: ["序号", "文件", "标题", "原件/复印件", "页数", "日期", "密级", "状态"], rows: rows,
            footer: "共 \(rows.count) 份;缺少: \(missing.isEmpty ? "无" : missing.joined(separator: "、"))",
            barcode: e.barcode)
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
        return ReportTable(
            title: "\(store.info.name) 档案袋修改记录 (Envelope history)", subtitle: subtitle,
            columns: ["时间", "经办", "工作站", "操作", "内容", "原值", "新值"], rows: rows,
            footer: "共 \(items.count) 笔")
    }
}
