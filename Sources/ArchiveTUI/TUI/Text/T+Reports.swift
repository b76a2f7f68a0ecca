import ArchiveModel
import Foundation

// swift-format-ignore: AlwaysUseLowerCamelCase
// P(zh, en) reads as a phrase in the catalogue: one capital letter, used on every line.
private func P(_ zh: String, _ en: String) -> Phrase { Phrase(zh, en) }

extension T {
    public enum Reports {
        public static let menuTitle = P("报表", "Reports")
        public static func name(_ k: ReportKind) -> Phrase {
            switch k {
            case .outstanding: return P("未归还清单", "Outstanding loans")
            case .register: return P("借阅登记表", "Borrowing register")
            case .copies: return P("影印登记表", "Photocopy register")
            case .monthly: return P("月度统计", "Monthly statistics")
            case .fileList: return P("档案袋文件清单", "Envelope file list")
            case .label: return P("档案袋封面", "Envelope label")
            case .cabinetList: return P("档案柜文件清单", "Cabinet file list")
            case .inventory: return P("盘点报告", "Inventory check")
            case .destruction: return P("销毁记录", "Destruction record")
            case .transfer: return P("移交签收表", "Transfer sign-off list")
            case .history: return P("修改记录", "History")
            case .storageList: return P("文件资料存储清单", "Storage list")
            case .arrangement: return P("档案整理记录表", "Arrangement record")
            case .intake: return P("档案交接登记表", "Intake hand-over register")
            case .keys: return P("钥匙领用/移交登记表", "Key register")
            case .categories: return P("各类客户统计", "Customers by category")
            case .expired: return P("到期待销毁清单", "Expired material")
            case .slip: return P("借阅单", "Loan slip")
            case .notices: return P("催还通知", "Overdue notices")
            case .incidents: return P("遗失损坏报告", "Incidents: loss and damage")
            case .access: return P("查询记录", "Who looked at confidential material")
            }
        }
        public static func about(_ k: ReportKind) -> Phrase {
            switch k {
            case .outstanding: return P("未归还的文件, 逾期在前", "documents not returned, overdue first")
            case .register: return P("本月", "this month")
            case .copies: return P("本月", "this month")
            case .monthly:
                return P(
                    "1日至5日为上月, 之后为本月; 每月5日前报总经理",
                    "the month just ended up to the 5th, then this month; for the general manager by the 5th")
            case .fileList: return P("当前档案袋, 贴在袋上", "this envelope, to paste on it")
            case .label: return P("当前档案袋", "this envelope")
            case .cabinetList: return P("当前档案柜", "this cabinet")
            case .inventory: return P("当前档案柜", "this cabinet")
            case .destruction: return P("全部", "all")
            case .transfer: return P("全部, 带签字栏", "all, with signature lines")
            case .history: return P("当前档案袋: 谁在何时从哪个工作站改了什么", "this envelope: who changed what, when, at which desk")
            case .storageList: return P("当前档案柜, 何时由谁归档、存放何处", "this cabinet: filed when, by whom, kept where")
            case .arrangement: return P("盘点和标签检查, 全部", "inventory checks and label checks, all")
            case .intake: return P("其他部门移交的资料, 全部", "documents handed over by other departments, all")
            case .keys: return P("档案柜钥匙和代保管单元钥匙", "cabinet keys and unit keys held for owners")
            case .categories: return P("按物业类型, 本月", "by property category, this month")
            case .expired: return P("可经批准销毁的文件; D 销毁", "may be destroyed with approval; D destroys")
            case .slip: return P("刚借出的一笔, 借阅人签名", "the last loan, for the borrower to sign")
            case .notices: return P("每位逾期借阅人一页", "a page per borrower with something overdue")
            case .incidents: return P("呈报公司领导, 未结在前", "for the leadership, open ones first")
            case .access: return P("本月, 谁查看了身份证号和电话", "this month: who saw ID numbers and phones")
            }
        }
        /// The printed report's own name (the model's title is the archive's name and this).
        public static func printed(_ k: ReportKind) -> Phrase {
            switch k {
            case .outstanding: return P("未归还档案清单", "Outstanding loans")
            case .register: return P("档案借阅登记表", "Borrowing register")
            case .copies: return P("影印登记表", "Photocopy register")
            case .monthly: return P("档案月度统计", "Monthly statistics")
            case .fileList: return P("档案袋文件清单", "Envelope file list")
            case .label: return P("档案袋封面", "Envelope label")
            case .cabinetList: return P("档案柜文件清单", "Cabinet file list")
            case .inventory: return P("档案盘点报告", "Inventory check")
            case .destruction: return P("档案销毁记录", "Destruction record")
            case .slip: return P("档案借阅单", "Loan slip")
            case .notices: return P("档案催还通知", "Overdue notices")
            case .incidents: return P("档案遗失损坏报告", "Incidents: loss and damage")
            case .access: return P("客户档案查询记录", "Who looked at confidential material")
            case .transfer: return P("档案移交签收表", "Transfer sign-off list")
            case .history: return P("档案袋修改记录", "Envelope history")
            case .storageList: return P("文件资料存储清单", "Storage list")
            case .arrangement: return P("档案整理记录表", "Arrangement record")
            case .intake: return P("档案交接登记表", "Intake hand-over register")
            case .keys: return P("钥匙领用/移交登记表", "Key register")
            case .categories: return P("各类客户统计", "Customers by property category")
            case .expired: return P("到期待销毁清单", "Expired material")
            }
        }
        public static func saved(_ path: String) -> Phrase { P("已保存 \(path)", "Saved \(path)") }
    }
}

extension T.Reports {
    /// Column names and the fixed words of report cells, Chinese → English. The printed
    /// reports are the archive's Chinese registers; on an English screen their headings and
    /// fixed words read in English, the records (names, kinds) as recorded.
    static let words: [String: String] = [
        "状态": "State", "房号": "Room", "业主": "Owner", "文件": "Document", "原件/复印件": "Original/copy", "借阅人": "Borrower",
        "部门": "Department", "借出时间": "Out", "应还时间": "Due", "存放位置": "Place", "用途": "Purpose", "审批人": "Approver",
        "借阅类型": "Loan type", "续借": "Renewals", "归还时间": "Returned", "归还检查": "Return check", "经办": "Archivist",
        "项目": "Item", "数量": "Count", "内容": "Content", "序号": "No.", "标题": "Title", "页数": "Pages", "日期": "Date",
        "密级": "Secrecy",
        "柜": "Cabinet", "楼栋": "Building", "楼层": "Floor", "档案号": "Number", "文件数": "Documents", "备注": "Note",
        "问题": "Finding",
        "说明": "Detail", "申请时间": "Requested", "申请人": "Requester", "份数": "Copies", "批准时间": "Approved", "影印时间": "Copied",
        "原件归还": "Original back", "去向": "Copies went to", "销账时间": "Settled", "阶段": "Stage", "批次": "Batch", "时间": "Time",
        "原因": "Reason", "方式": "Method", "监销人": "Witness", "接收人": "Recipient", "接收单位": "Organisation", "移交人": "By",
        "逾期": "overdue", "原件": "original", "复印件": "copy", "完整": "complete", "不完整": "incomplete", "在袋": "in",
        "借出": "on loan",
        "影印中": "copying", "已销毁": "destroyed", "已移交": "transferred", "在用": "active", "已结档": "closed", "普通": "ordinary",
        "秘密": "confidential", "机密": "secret", "绝密": "top secret", "室内阅览": "in-room reading", "当日借阅": "same-day loan",
        "短期借阅": "short loan", "长期借阅": "long loan", "已申请": "requested", "已批准": "approved", "已影印": "copied",
        "原件已归还": "original back", "已销账": "settled", "未批准": "declined", "档案袋": "Envelopes", "原件 (在册)": "Originals held",
        "复印件 (在册)": "Copies held", "本月借出 (笔)": "Lent this month (loans)", "本月借出 (份)": "Lent this month (documents)",
        "本月归还 (份)": "Returned this month", "未归还 (份)": "Outstanding", "其中逾期 (份)": "of which overdue", "业主姓名": "Owner",
        "条码": "Barcode", "缺件": "incomplete", "位置不符": "misfiled", "楼层不符": "wrong floor", "顺序错乱": "out of order",
        "未见实物": "not on the shelf", "不属本柜": "another cabinet's", "无此档案": "unknown code", "重复扫描": "scanned twice",
        "在册借出": "out on loan", "逾期未还": "overdue", "影印未还": "out for copying", "状态矛盾": "conflicting records",
        "文件损坏": "damaged",
        "全部": "all", "工作站": "Desk", "操作": "Action", "原值": "Before", "新值": "After", "建档": "created", "修改": "edited",
        "添加文件": "document added", "认可手工修改": "hand edit adopted", "撤销手工修改": "hand edit reverted", "出借": "lent",
        "办理续借": "renewed", "销毁": "destroyed",
        "导入": "imported", "处理冲突": "conflict decided", "撤销": "undone", "迁移": "migrated", "新建": "new envelope",
        // The registers of issue 17.
        "归档时间": "Filed", "经办人": "By", "工作": "Work", "范围": "Scope", "发现": "Findings", "处理": "Dealt with",
        "记录号": "Record", "交接时间": "Handed over", "移交部门": "Department", "资料明细": "Items", "件数": "Items (n)",
        "结果": "Result", "缺少/说明": "Missing/note", "已接收": "received", "不全不接收": "incomplete, refused", "钥匙": "Key",
        "名称": "Name", "事项": "Event", "交出人": "From", "签字": "Signed", "事由/说明": "Purpose/note", "保管人": "Holders",
        "备用钥匙": "Spare key", "房号/业主": "Room/owner", "存放人": "Deposited by", "存入时间": "Deposited", "借出去向": "Out with",
        "物业类型": "Category", "在住/在用": "In use", "已迁出": "Moved out", "车辆": "Vehicles", "车位": "Parking",
        "本月借出(份)": "Lent this month", "文件日期": "Document date", "保管期限": "Kept until", "文件编号": "Document id",
        "类别": "Type", "去向(借阅人/申请人)": "With (borrower/requester)", "现状": "Now", "借阅": "loan", "影印": "photocopy",
        "未归还": "not back", "正常": "normal", "代保管中": "held", "住宅": "residential", "商铺": "shop", "写字楼": "office",
        "未分类": "none", "合计": "total", "盘点": "inventory check", "标签检查更新": "label check", "整理归位": "tidying",
        "领用": "issued", "移交": "handed over", "交回": "returned", "遗失": "lost", "更换锁具": "lock changed",
        "存入代保管": "deposited",
        "归还": "back", "退还业主": "given back to the owner", "档案柜钥匙": "cabinet key", "锁具": "lock",
        "本月续借 (笔)": "Renewed this month", "本月影印 (笔)": "Photocopies this month",
        "本月影印取出原件 (份)": "Originals taken for copying",
        "本月复印件 (份)": "Copies made this month", "本月复印页数": "Pages copied this month",
        "影印中原件 (份)": "Originals out for copying",
        "借出(份)": "Lent", "归还(份)": "Returned", "复印件(份)": "Copies made", "月末未归还(份)": "Out at month end",
    ]

    /// A report cell, heading or fixed line in the screen's language.
    static func word(_ s: String, _ lang: Lang) -> String {
        let zh = Gloss.chinese(s)
        guard lang == .en else { return zh }
        if let w = words[zh] { return w }
        if zh.hasPrefix("不完整: ") { return "incomplete: " + zh.dropFirst(5) }
        if zh.hasPrefix("缺"), let n = Int(zh.dropFirst()) { return "\(n) missing" }
        if zh.hasPrefix("截至 ") { return "as of " + zh.dropFirst(3) }
        if zh.hasPrefix("批次 ") { return "batch " + zh.dropFirst(3) }
        if zh.hasPrefix("已于"), zh.hasSuffix("归还") { return "back " + zh.dropFirst(2).dropLast(2) }
        if let e = englishSentence(zh) { return e }
        if let r = registerWord(zh) { return r }
        // A title the model glossed in English.
        let g = Gloss.split(s)
        return g.en != g.zh && g.zh == zh ? g.en : zh
    }

    /// The cells, subtitles and footers of the registers of issue 17.
    static func registerWord(_ s: String) -> String? {
        func nums(_ s: String) -> [Int] { s.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) } }
        let n = nums(s)
        if s.hasPrefix("共 ") && s.contains("次交接") && n.count >= 3 {
            return
                """
                \(n[0]) hand-overs, \(n[1]) received, \(n[2]) refused as incomplete    handed over by: \
                __________    received by: __________
                """
        }
        if s.hasPrefix("共 ") && s.contains(" 份, ") && s.contains(" 袋") && n.count >= 2 {
            return "\(n[0]) documents, \(n[1]) envelopes"
                + (n.count >= 3 ? "; \(n[2]) without a filing in the journal" : "")
        }
        if s.hasPrefix("共 ") && s.contains("重印一次记录") {
            return "\(n.first ?? 0) sessions    print one again: dangan report arrangement RECORD"
        }
        if s.hasPrefix("共 ") && s.contains("档案柜钥匙遗失") {
            return
                """
                \(n.first ?? 0) entries    a lost cabinet key means a new lock; while the archivist is away the \
                cabinet keys go to the customer-service supervisor
                """
        }
        if s.hasPrefix("共 ") && s.contains(" 户, 借出 ") && n.count >= 2 { return "\(n[0]) units, \(n[1]) out" }
        if s.hasPrefix("共 ") && s.contains("份到期") {
            return "\(n.first ?? 0) expired; destroyed only with the project manager's approval, and recorded"
        }
        if s.hasPrefix("共 ") && s.contains(" 份, 其中逾期 ") && n.count >= 2 {
            return "\(n[0]) out, \(n[1]) of them overdue"
        }
        if s.hasPrefix("物业类型在档案袋中登记") {
            return
                "The category is kept in each envelope (dangan envelope edit --category); record it where it is missing"
        }
        if s.hasPrefix("在册原件、复印件为制表时"), let a = s.range(of: "("), let b = s.range(of: ")") {
            let who = s.range(of: "制表: ").map { String(s[$0.upperBound...]) } ?? ""
            return
                """
                Originals and copies held as of \(s[a.upperBound..<b.lowerBound]); for the general manager by \
                the 5th    made by \(who)
                """
        }
        if let r = s.range(of: "  (未归还等为月末)") { return s[..<r.lowerBound] + "  (out and overdue at the month's end)" }
        if let r = s.range(of: "  (未归还等为截至 ") {
            return s[..<r.lowerBound] + "  (out and overdue as of " + s[r.upperBound...]
        }
        if s.hasPrefix("近12个月趋势 ") { return "The last twelve months " + s.dropFirst(8) }
        if s.hasPrefix("代保管单元钥匙 ") { return "unit key " + s.dropFirst(8) }
        if s.hasPrefix("新钥匙: ") { return "new keys: " + s.dropFirst(5) }
        if s.hasSuffix("柜"), s.count <= 25, s.dropLast().allSatisfy({ $0.isASCII }) { return "cabinet " + s.dropLast() }
        if s.hasPrefix("柜 ") {
            return "cabinet "
                + s.dropFirst(2).replacingOccurrences(of: ", 扫描 ", with: ", scanned ").replacingOccurrences(
                    of: " 袋", with: "")
        }
        if s.hasPrefix("处理 "), s.hasSuffix(" 袋") { return "\(n.first ?? 0) dealt with" }
        if s == "(仅计数)" { return "(counts only)" }
        if let r = s.range(of: " (按类别"), s.hasSuffix("年)") {
            return s[..<r.lowerBound] + " (\(n.last ?? 0) years by kind)"
        }
        if s.contains(", ") || s.split(separator: " ").count == 2 {
            // Counts of findings: 缺件 19, 逾期未还 2.
            let parts = s.components(separatedBy: ", ").map { p -> String? in
                guard let sp = p.lastIndex(of: " "), Int(p[p.index(after: sp)...]) != nil,
                    let w = words[String(p[..<sp])]
                else { return nil }
                return w + p[sp...]
            }
            if !parts.isEmpty, parts.allSatisfy({ $0 != nil }) {
                return parts.compactMap { $0 }.joined(separator: ", ")
            }
        }
        return nil
    }

    /// The fixed sentences of report subtitles and footers.
    /// The history's notes on loans, returns, renewals and decisions (ArchiveStore.history).
    static func historyNote(_ s: String) -> String? {
        func after(_ p: String) -> Substring? { s.hasPrefix(p) ? s.dropFirst(p.count) : nil }
        if let r = after("借出"), let fen = r.firstIndex(of: "份"), let n = Int(r[..<fen]),
            let gei = r.range(of: "给"), let due = r.range(of: ",应还")
        {
            return "lent \(n) to \(r[gei.upperBound..<due.lowerBound]), due \(r[due.upperBound...])"
        }
        if let r = after("归还"), let fen = r.firstIndex(of: "份"), let n = Int(r[..<fen]) {
            let rest = r[r.index(after: fen)...]
            return "\(n) returned" + (rest.hasPrefix(",不完整:") ? ", incomplete: " + rest.dropFirst(5) : "")
        }
        if let r = after("续借至") { return "renewed to \(r)" }
        if let r = after("两个工作站借出同一文件: 保留 "), let v = r.range(of: ", 作废 "), let why = r.range(of: "; 理由: ") {
            return
                """
                lent at two desks: kept \(r[..<v.lowerBound]), voided \(r[v.upperBound..<why.lowerBound]); \
                reason: \(r[why.upperBound...])
                """
        }
        return nil
    }

    static func englishSentence(_ s: String) -> String? {
        func nums(_ s: String) -> [Int] { s.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) } }
        let n = nums(s)
        if let h = historyNote(s) { return h }
        if s.hasPrefix("共 ") && s.contains("份未归还") && n.count >= 2 { return "\(n[0]) out, \(n[1]) of them overdue" }
        if s.hasPrefix("共 ") && s.contains("未销账") && n.count >= 2 { return "\(n[0]) entries, \(n[1]) not settled" }
        if s.hasPrefix("共 ") && s.hasSuffix(" 笔") && n.count == 1 { return "\(n[0]) entries" }
        if s.hasPrefix("共 ") && s.hasSuffix(" 袋") && n.count == 1 { return "\(n[0]) envelopes" }
        if s.hasPrefix("共 "), let r = s.range(of: " 份;缺少: ") {
            return "\(n[0]) documents; missing: " + s[r.upperBound...]
        }
        if s.hasPrefix("共销毁 ") {
            return "\(n.first ?? 0) destroyed    approver's signature: __________    witness's signature: __________"
        }
        if s.hasPrefix("共移交 ") {
            return
                """
                \(n.first ?? 0) handed over    handed over by: __________    received by: __________    date: \
                ____-__-__ __:__
                """
        }
        if s.hasPrefix("未归还明细见") {
            return
                """
                Outstanding loans in detail: dangan report outstanding; to the general manager before the 5th \
                of the month
                """
        }
        if s == "未发现问题" { return "nothing found" }
        if s.hasPrefix("共 "), let r = s.range(of: " 项: ") {
            let counts = s[r.upperBound...].split(separator: ",").map { part -> String in
                let t = part.trimmingCharacters(in: .whitespaces)
                guard let sp = t.lastIndex(of: " ") else { return t }
                return (words[String(t[..<sp])] ?? String(t[..<sp])) + String(t[sp...])
            }
            return "\(n.first ?? 0) findings: " + counts.joined(separator: ", ")
        }
        if s.hasPrefix("柜 "), s.contains(" 共 ") {
            let parts = s.components(separatedBy: "  ")
            return parts.map { p in
                if p.hasPrefix("柜 ") { return "cabinet " + p.dropFirst(2) }
                if p.hasPrefix("共 "), let k = nums(p).first { return "\(k) envelopes" }
                return p
            }.joined(separator: "  ")
        }
        return nil
    }
}

/// A report laid out as lines for the screen: its title and subtitle, the columns aligned by
/// display width, the footer; words in the screen's language.
public enum ReportLayout {
    public static func lines(_ t: ReportTable, kind: ReportKind, lang: Lang) -> [String] {
        let printed = T.Reports.printed(kind)
        let w = { (s: String) in T.Reports.word(s, lang) }
        var title = Gloss.chinese(t.title)
        if lang == .en {
            title =
                title.contains(printed.zh) ? title.replacingOccurrences(of: printed.zh, with: printed.en) : w(t.title)
        }
        let header = t.columns.map(w)
        let rows = t.rows.map { $0.map(w) }
        var widths = header.map { TextLayout.width($0) }
        for r in rows {
            for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], TextLayout.width(c)) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == cells.count - 1 ? c : TextLayout.fit(c, widths[i]) }.joined(
                separator: "  ")
        }
        var out = [title, w(t.subtitle), ""]
        out.append(line(header))
        out.append(String(repeating: "-", count: widths.reduce(0, +) + 2 * max(0, widths.count - 1)))
        out += rows.map(line)
        if !t.footer.isEmpty {
            out.append("")
            out.append(w(t.footer))
        }
        // The trend as sparklines (the monthly statistics), then the tables printed with it.
        if let c = t.chart {
            let names = c.series.map { w($0.name) }
            let nw = names.map { TextLayout.width($0) }.max() ?? 0
            out.append("")
            out.append(w(c.title))
            for (s, n) in zip(c.series, names) {
                out.append(
                    TextLayout.fit(n, nw) + "  " + Reports.sparkline(s.values) + "  "
                        + T.Reports.latest(s.values.last ?? 0, top: s.values.max() ?? 0, lang))
            }
            if let a = c.labels.first, let b = c.labels.last {
                out.append(String(repeating: " ", count: nw + 2) + a + " … " + b)
            }
        }
        for sec in t.sections {
            out.append("")
            var s = sec
            s.sections = []
            s.chart = nil
            out += lines(s, kind: kind, lang: lang).map { $0 }
        }
        return out
    }
}
