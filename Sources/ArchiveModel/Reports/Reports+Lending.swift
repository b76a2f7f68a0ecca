import Foundation

/// The lending desk's printed forms: the loan slip the borrower signs (借阅单), the overdue
/// notices handed to borrowers (催还通知), the incidents for the company's leadership, and the
/// record of who looked at confidential material.
extension Reports {
    /// "王建国(签字)" / "周海涛(系统批准)".
    static func approval(_ name: String?, _ mode: ApprovalMode?) -> String {
        guard let name, !name.isEmpty else { return "" }
        return mode.map { "\(name)(\($0.chinese))" } ?? name
    }

    /// The loan slip (借阅单): what, who, why, until when, approved by whom and how, and the
    /// lines the borrower, the approver and the archivist sign (seed 000 篇3 4.3.2; 001 篇1 4).
    public static func slip(_ loanID: String, store: ArchiveStore) throws -> ReportTable {
        try store.require(.readRegisters)
        guard let r = store.register.records[loanID] else {
            throw ArchiveError.notFound(what: "loan \(Sanitize.visible(loanID))")
        }
        let tf = store.timeFormat
        let l = r.loan
        let env = try? store.envelope(id: l.envelope)
        var rows: [[String]] = [
            ["借阅单号", l.id],
            [
                "档案袋",
                env.map { "\($0.number)  \($0.building)栋\($0.unit)  \($0.owner)  (\($0.location.chinese))" }
                    ?? l.envelope,
            ],
        ]
        for (i, d) in l.documents.enumerated() {
            let doc = env?.documents.first { $0.id == d }
            rows.append([
                i == 0 ? "借阅文件" : "",
                doc.map {
                    """
                    \(i + 1). \($0.kind)  \($0.title)  \($0.original ? "原件" : "复印件")  \($0.pages)页  \
                    \($0.secrecy.chinese)
                    """
                } ?? d,
            ])
        }
        rows += [
            ["借阅人", l.borrower], ["部门", l.department], ["借阅用途", l.purpose], ["借阅类型", l.type.chinese],
            ["借出时间", tf.minute(l.out)], ["应还时间", tf.minute(r.due)],
            [
                "审批人",
                l.approver.map { "\($0)\(l.approverTitle.map { "(\($0))" } ?? "") — \(l.approval?.chinese ?? "签字")" }
                    ?? "无需审批 (资料管理员同意)",
            ],
            ["依据规则", l.rule + (store.settings.lendingRules.first { $0.id == l.rule }.map { ": " + $0.words } ?? "")],
            ["经办 (资料管理员)", l.archivist],
        ]
        for rn in r.renewals {
            rows.append(["续借", "\(tf.minute(rn.at)) 续借至 \(tf.minute(rn.newDue)) (\(rn.archivist))"])
        }
        let signature = l.approval == .system ? "" : "    审批人签字: __________"
        return ReportTable(
            title: "\(store.info.name) 档案借阅单 (Loan slip)", subtitle: "\(l.id)  \(tf.minute(l.out))",
            columns: ["项目", "内容"], rows: rows,
            footer: "借阅人签名: __________  日期: ____年__月__日\(signature)    资料管理员: __________    "
                + "归还签收: __________  日期: ____年__月__日__时__分  (借阅期间不得拆卷、涂改、转借或复印)")
    }

    /// The overdue notices (催还通知), one per borrower with overdue loans (or just `borrower`'s),
    /// to print and hand over.
    public static func notices(store: ArchiveStore, borrower: String? = nil) throws -> [ReportTable] {
        try store.require(.readRegisters)
        let tf = store.timeFormat
        let now = store.now
        var byBorrower: [String: [LoanRecord]] = [:]
        var order: [String] = []
        for r in store.circulationOrder(store.register.overdue(at: now))
        where borrower == nil || r.loan.borrower == borrower {
            if byBorrower[r.loan.borrower] == nil { order.append(r.loan.borrower) }
            byBorrower[r.loan.borrower, default: []].append(r)
        }
        var docs = DocumentLookup(store)
        return order.sorted().map { who in
            let recs = byBorrower[who]!
            var rows: [[String]] = []
            for r in recs {
                let env = store.summary(id: r.loan.envelope)
                for d in r.outstandingDocuments {
                    let doc = docs.document(r.loan.envelope, d)
                    rows.append([
                        env?.roomCode ?? "", env?.owner ?? "",
                        doc.map { "\($0.kind) \($0.original ? "原件" : "复印件")" } ?? d,
                        tf.minute(r.loan.out), tf.minute(r.due), "\(r.daysOverdue(at: now))", r.loan.id,
                    ])
                }
            }
            let dept = recs.first?.loan.department ?? ""
            return ReportTable(
                title: "\(store.info.name) 档案催还通知 (Overdue notice)",
                subtitle: "致 \(who)\(dept.isEmpty ? "" : " (\(dept))")    截至 \(tf.minute(now))",
                columns: ["房号", "业主", "文件", "借出时间", "应还时间", "逾期天数", "借阅单号"], rows: rows,
                footer: "您借阅的以上档案已逾期,请即日归还资料管理员;逾期档案不能续借 (续借须在到期前办理)。"
                    + "    资料管理员: \(store.operatorName)  \(tf.day(now))    借阅人签收: __________")
        }
    }

    /// All notices as one table (the screen's report view).
    static func noticesOverview(store: ArchiveStore, borrower: String?) throws -> ReportTable {
        let sheets = try notices(store: store, borrower: borrower)
        var rows: [[String]] = []
        for s in sheets {
            let who = s.subtitle.components(separatedBy: "    ").first.map { String($0.dropFirst(2)) } ?? ""
            for r in s.rows { rows.append([who] + r) }
        }
        return ReportTable(
            title: "\(store.info.name) 催还通知 (Overdue notices)", subtitle: "截至 \(store.timeFormat.minute(store.now))",
            columns: ["借阅人", "房号", "业主", "文件", "借出时间", "应还时间", "逾期天数", "借阅单号"], rows: rows,
            footer: "\(sheets.count) 位借阅人有逾期档案;每人一页: dangan report notices --format html")
    }

    /// The incidents (遗失、损坏、不完整) for the company's leadership (seed 000 篇3 4.4:
    /// 及时汇报公司领导,不得隐瞒实情), open ones first.
    public static func incidents(store: ArchiveStore, month: String?) -> ReportTable {
        let tf = store.timeFormat
        var docs = DocumentLookup(store)
        var list = store.register.incidents
        if let m = month {
            list = list.filter { tf.month($0.reportedAt) == m || (tf.month($0.resolvedAt ?? $0.reportedAt) == m) }
        }
        list.sort { a, b in a.isOpen != b.isOpen ? a.isOpen : a.reportedAt < b.reportedAt }
        let rows = list.map { i -> [String] in
            let env = store.summary(id: i.envelope)
            let borrower = i.loan.flatMap { store.register.records[$0]?.loan.borrower } ?? ""
            return [
                i.id, tf.minute(i.reportedAt), i.kind.chinese, env?.roomCode ?? "", env?.owner ?? "",
                i.documents.map { docs.kind(i.envelope, $0) }.joined(separator: "、"), borrower, i.note, i.reportedBy,
                i.isOpen ? "未结" : "已处理", i.resolvedAt.map { tf.minute($0) } ?? "", i.resolvedBy ?? "",
                i.resolution ?? "",
            ]
        }
        let open = list.filter { $0.isOpen }.count
        return ReportTable(
            title: "\(store.info.name) 档案遗失损坏报告 (Incidents: loss and damage)", subtitle: month ?? "全部 (all)",
            columns: ["编号", "报告时间", "类别", "房号", "业主", "文件", "借阅人", "情况说明", "报告人", "状态", "处理时间", "处理人", "处理结果"],
            rows: rows, footer: "共 \(rows.count) 起, 未结 \(open) 起    呈报公司领导: __________    日期: ____年__月__日")
    }

    /// Who looked at confidential material in a month (seed 002: 记录查询人员、查询时间).
    public static func access(store: ArchiveStore, month: String) throws -> ReportTable {
        guard store.may(.revealNumbers) else {
            if !store.may(.readRegisters) { throw store.refusal(.readRegisters) }
            throw ArchiveError.refused(
                rule: "role.audit",
                message: "查询记录只供资料管理员和审批人查阅 (the record of who looked is for the archivist and approvers)")
        }
        let tf = store.timeFormat
        let rows = store.register.accessLog.filter { tf.month($0.at) == month }.map { a -> [String] in
            let env = a.envelope.flatMap { store.summary(id: $0) }
            let role = store.settings.staff(named: a.by)?.role.chinese ?? "未登记"
            return [
                tf.minute(a.at), a.by, a.login, role, a.kind.chinese,
                env?.roomCode ?? (a.count > 1 ? "\(a.count) 袋" : ""),
                env?.owner ?? "", a.detail, a.entry,
            ]
        }
        return ReportTable(
            title: "\(store.info.name) 客户档案查询记录 (Who looked at confidential material)", subtitle: month,
            columns: ["时间", "查询人", "登录名", "角色", "内容", "房号", "业主", "说明", "日志"], rows: rows,
            footer: "共 \(rows.count) 次")
    }
}
