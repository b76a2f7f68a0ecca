import ArchiveModel
import Foundation

private func P(_ zh: String, _ en: String) -> Phrase { Phrase(zh, en) }

extension T.Reports {
    /// Column names and the fixed words of report cells, Chinese → English. The printed
    /// reports are the archive's Chinese registers; on an English screen their headings and
    /// fixed words read in English, the records (names, kinds) as recorded.
    static let words: [String: String] = [
        "状态": "State", "房号": "Room", "业主": "Owner", "文件": "Document", "原件/复印件": "Original/copy", "借阅人": "Borrower",
        "部门": "Department", "借出时间": "Out", "应还时间": "Due", "存放位置": "Place", "用途": "Purpose", "审批人": "Approver",
        "借阅类型": "Loan type", "续借": "Renewals", "归还时间": "Returned", "归还检查": "Return check", "经办": "Archivist",
        "项目": "Item", "数量": "Count", "内容": "Content", "序号": "No.", "标题": "Title", "页数": "Pages", "日期": "Date", "密级": "Secrecy",
        "柜": "Cabinet", "楼栋": "Building", "楼层": "Floor", "档案号": "Number", "文件数": "Documents", "备注": "Note", "问题": "Finding",
        "说明": "Detail", "申请时间": "Requested", "申请人": "Requester", "份数": "Copies", "批准时间": "Approved", "影印时间": "Copied",
        "原件归还": "Original back", "去向": "Copies went to", "销账时间": "Settled", "阶段": "Stage", "批次": "Batch", "时间": "Time",
        "原因": "Reason", "方式": "Method", "监销人": "Witness", "接收人": "Recipient", "接收单位": "Organisation", "移交人": "By",
        "逾期": "overdue", "原件": "original", "复印件": "copy", "完整": "complete", "不完整": "incomplete", "在袋": "in", "借出": "on loan",
        "影印中": "copying", "已销毁": "destroyed", "已移交": "transferred", "在用": "active", "已结档": "closed", "普通": "ordinary",
        "秘密": "confidential", "机密": "secret", "绝密": "top secret", "室内阅览": "in-room reading", "当日借阅": "same-day loan",
        "短期借阅": "short loan", "长期借阅": "long loan", "已申请": "requested", "已批准": "approved", "已影印": "copied",
        "原件已归还": "original back", "已销账": "settled", "未批准": "declined", "档案袋": "Envelopes", "原件 (在册)": "Originals held",
        "复印件 (在册)": "Copies held", "本月借出 (笔)": "Lent this month (loans)", "本月借出 (份)": "Lent this month (documents)",
        "本月归还 (份)": "Returned this month", "未归还 (份)": "Outstanding", "其中逾期 (份)": "of which overdue", "业主姓名": "Owner",
        "条码": "Barcode", "缺件": "incomplete", "位置不符": "misfiled", "楼层不符": "wrong floor", "顺序错乱": "out of order",
        "未见实物": "not on the shelf", "不属本柜": "another cabinet's", "无此档案": "unknown code", "重复扫描": "scanned twice",
        "在册借出": "out on loan", "逾期未还": "overdue", "影印未还": "out for copying", "状态矛盾": "conflicting records", "文件损坏": "damaged",
        "全部": "all", "工作站": "Desk", "操作": "Action", "原值": "Before", "新值": "After", "建档": "created", "修改": "edited",
        "添加文件": "document added", "认可手工修改": "hand edit adopted", "撤销手工修改": "hand edit reverted", "出借": "lent",
        "归还": "returned", "办理续借": "renewed", "影印": "copied", "销毁": "destroyed", "移交": "transferred", "盘点": "checked",
        "导入": "imported", "处理冲突": "conflict decided", "撤销": "undone", "迁移": "migrated", "新建": "new envelope",
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
        return englishSentence(zh) ?? zh
    }

    /// The fixed sentences of report subtitles and footers.
    static func englishSentence(_ s: String) -> String? {
        func nums(_ s: String) -> [Int] { s.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) } }
        let n = nums(s)
        if s.hasPrefix("共 ") && s.contains("份未归还") && n.count >= 2 { return "\(n[0]) out, \(n[1]) of them overdue" }
        if s.hasPrefix("共 ") && s.contains("未销账") && n.count >= 2 { return "\(n[0]) entries, \(n[1]) not settled" }
        if s.hasPrefix("共 ") && s.hasSuffix(" 笔") && n.count == 1 { return "\(n[0]) entries" }
        if s.hasPrefix("共 ") && s.hasSuffix(" 袋") && n.count == 1 { return "\(n[0]) envelopes" }
        if s.hasPrefix("共 "), let r = s.range(of: " 份;缺少: ") { return "\(n[0]) documents; missing: " + s[r.upperBound...] }
        if s.hasPrefix("共销毁 ") { return "\(n.first ?? 0) destroyed    approver's signature: __________    witness's signature: __________" }
        if s.hasPrefix("共移交 ") { return "\(n.first ?? 0) handed over    handed over by: __________    received by: __________    date: ____-__-__ __:__" }
        if s.hasPrefix("未归还明细见") { return "Outstanding loans in detail: dangan report outstanding; to the general manager before the 5th of the month" }
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
        var title = Gloss.chinese(t.title)
        if lang == .en { title = title.replacingOccurrences(of: printed.zh, with: printed.en) }
        let w = { (s: String) in T.Reports.word(s, lang) }
        let header = t.columns.map(w)
        let rows = t.rows.map { $0.map(w) }
        var widths = header.map { TextLayout.width($0) }
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], TextLayout.width(c)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == cells.count - 1 ? c : TextLayout.fit(c, widths[i]) }.joined(separator: "  ")
        }
        var out = [title, w(t.subtitle), ""]
        out.append(line(header))
        out.append(String(repeating: "-", count: widths.reduce(0, +) + 2 * max(0, widths.count - 1)))
        out += rows.map(line)
        if !t.footer.isEmpty { out.append(""); out.append(w(t.footer)) }
        return out
    }
}
