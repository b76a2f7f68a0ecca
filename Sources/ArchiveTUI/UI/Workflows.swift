import ArchiveModel
import Foundation

/// A list to choose from: the photocopy register, the reports menu.
public struct ListState: Sendable {
    public var ids: [String] = []
    public var selected = 0
}

/// A report shown on screen, scrollable both ways; `s` saves CSV, `w` HTML.
public struct ReportViewState: Sendable {
    public var kind: ReportKind
    public var table: ReportTable
    public var lines: [String]
    public var top = 0
    public var left = 0
}

/// Editing, the photocopy flow, destruction, transfer, inventory and reports in the UI. Each
/// form only gathers fields; the rules and the writing are the model's.
extension AppState {
    static let reportKinds: [ReportKind] = [.outstanding, .register, .copies, .monthly, .fileList, .label, .cabinetList, .inventory, .destruction, .transfer,
                                            .storageList, .arrangement, .intake, .keys, .categories, .expired]

    func reportName(_ k: ReportKind) -> String {
        switch k {
        case .outstanding: return s.t("未归还清单", "Outstanding loans")
        case .register: return s.t("借阅登记表 (本月)", "Borrowing register (this month)")
        case .copies: return s.t("影印登记表 (本月)", "Photocopy register (this month)")
        case .monthly:
            let m = Monthly.defaultMonth(now: store.now, tf: store.timeFormat)
            return s.t("月度统计", "Monthly statistics") + " (\(m))"
        case .storageList: return s.t("文件资料存储清单 (当前柜)", "Storage list (this cabinet)")
        case .arrangement: return s.t("档案整理记录表 (盘点、标签检查)", "Arrangement record (checks, labels)")
        case .intake: return s.t("档案交接登记表", "Intake hand-over register")
        case .keys: return s.t("钥匙领用/移交登记表", "Key register")
        case .categories: return s.t("各类客户统计 (按物业类型)", "Customers by property category")
        case .expired: return s.t("到期待销毁清单 (D 销毁)", "Expired material (D destroys)")
        case .fileList: return s.t("档案袋文件清单 (当前档案袋)", "Envelope file list (this envelope)")
        case .label: return s.t("档案袋封面 (当前档案袋)", "Envelope label (this envelope)")
        case .cabinetList: return s.t("档案柜文件清单 (当前柜)", "Cabinet file list (this cabinet)")
        case .inventory: return s.t("盘点报告 (当前柜)", "Inventory check (this cabinet)")
        case .destruction: return s.t("销毁记录", "Destruction record")
        case .transfer: return s.t("移交签收表", "Transfer sign-off list")
        }
    }

    // MARK: Opening forms

    func openEnvelopeForm(new: Bool) {
        let reveal = Mask.mayRevealPersonalNumbers(store)
        var e: Envelope
        if new {
            guard !cabinets.isEmpty else { message = s.t("没有档案柜", "No cabinet"); messageIsError = true; return }
            let base = selectedEnvelope
            e = Envelope(number: "", barcode: "", cabinet: cabinets[cabinet].code, building: base?.building ?? "", floor: base?.floor ?? "", unit: "", owner: "")
        } else {
            guard let cur = current else { message = s.t("请先选择档案袋", "Select an envelope first"); return }
            e = cur
        }
        let fields = [
            Field(label: s.t("档案号", "Number"), value: e.number, required: true),
            Field(label: s.t("条码", "Barcode"), value: e.barcode, required: false),
            Field(label: s.t("业主姓名", "Owner"), value: e.owner, required: true),
            Field(label: s.t("共有人", "Co-owners"), value: e.coOwners.joined(separator: ";"), required: false),
            Field(label: s.t("租户", "Tenants"), value: e.tenants.joined(separator: ";"), required: false),
            Field(label: s.t("联系电话", "Phones"), value: e.phones.map { reveal ? $0 : Mask.phone($0) }.joined(separator: ";"), required: false),
            Field(label: s.t("身份证号", "ID number"), value: reveal ? e.idNumber : Mask.idNumber(e.idNumber), required: false),
            Field(label: s.t("入住日期", "Move-in"), value: e.moveIn, required: false),
            Field(label: s.t("档案柜", "Cabinet"), value: e.cabinet, required: true),
            Field(label: s.t("楼栋", "Building"), value: e.building, required: true),
            Field(label: s.t("楼层", "Floor"), value: e.floor, required: true),
            Field(label: s.t("房号", "Unit"), value: e.unit, required: true),
            Field(label: s.t("备注", "Note"), value: e.note, required: false),
        ]
        mode = .form(FormState(kind: .envelope(new ? nil : e.id), title: new ? s.t("新建档案袋", "New envelope") : s.t("修改档案袋", "Edit envelope"),
                               fields: fields, documents: []))
    }

    func openDocumentForm() {
        guard current != nil else { message = s.t("请先选择档案袋", "Select an envelope first"); return }
        let kinds = store.settings.catalogue.map { $0.name }
        let fields = [
            Field(label: s.t("文件类型", "Kind"), value: kinds.first ?? "", required: true, choices: kinds, choiceLabels: kinds),
            Field(label: s.t("标题", "Title"), value: "", required: false),
            Field(label: s.t("原件/复印件", "Original"), value: "original", required: true, choices: ["original", "copy"],
                  choiceLabels: [s.t("原件", "original"), s.t("复印件", "copy")]),
            Field(label: s.t("页数", "Pages"), value: "1", required: true),
            Field(label: s.t("文件日期", "Date"), value: store.timeFormat.day(store.now), required: true),
            Field(label: s.t("密级", "Secrecy"), value: "default", required: true,
                  choices: ["default"] + Secrecy.allCases.map { $0.rawValue },
                  choiceLabels: [s.t("按类型", "by kind")] + Secrecy.allCases.map { s.zh ? $0.chinese : $0.english }),
            Field(label: s.t("保管期限", "Keep until"), value: "permanent", required: true),
            Field(label: s.t("备注", "Note"), value: "", required: false),
        ]
        mode = .form(FormState(kind: .document, title: s.t("登记文件", "Add a document"), fields: fields, documents: []))
    }

    func openCopyRequest() {
        guard focus == 2 || !marked.isEmpty else { message = s.t("请先在文件栏选择要影印的文件", "Select a document first (→ to the documents pane)"); return }
        let docs = targetDocuments()
        guard !docs.isEmpty else { message = s.t("没有选择文件", "No document selected"); return }
        mode = .form(FormState(kind: .copyRequest, title: s.t("影印申请", "Photocopy request") + " — \(docs.count)", fields: [
            Field(label: s.t("申请人", "Requester"), value: "", required: true),
            Field(label: s.t("部门", "Department"), value: "", required: false),
            Field(label: s.t("用途", "Purpose"), value: "", required: true),
            Field(label: s.t("份数", "Copies"), value: "1", required: true),
        ], documents: docs.map { $0.id }))
    }

    func openCopies() {
        mode = .copies(ListState(ids: store.register.copies.filter { $0.isOpen }.map { $0.id }))
    }

    /// The next step of a photocopy, as a form.
    func openCopyStep(_ id: String) {
        guard let c = store.register.paperwork.copies[id] else { return }
        let title = s.t("影印", "Photocopy") + " — " + (s.zh ? c.stage.chinese : c.stage.rawValue)
        var fields: [Field]
        switch c.stage {
        case .requested:
            fields = [Field(label: s.t("审批人", "Approver"), value: "", required: true),
                      Field(label: s.t("决定", "Decision"), value: "approve", required: true, choices: ["approve", "refuse"],
                            choiceLabels: [s.t("批准", "approve"), s.t("不批准", "refuse")]),
                      Field(label: s.t("理由", "Reason"), value: "", required: false)]
        case .approved:
            fields = [Field(label: s.t("页数", "Pages"), value: "", required: true),
                      Field(label: s.t("份数", "Copies"), value: "\(c.copiesRequested)", required: true)]
        case .copied:
            fields = [Field(label: s.t("原件完整性", "Original"), value: "complete", required: true, choices: ["complete", "incomplete"],
                            choiceLabels: [s.t("完整", "complete"), s.t("不完整", "incomplete")]),
                      Field(label: s.t("说明", "Note"), value: "", required: false)]
        case .back:
            fields = [Field(label: s.t("复印件去向", "Copies went"), value: "", required: true)]
        case .settled, .refused:
            message = s.t("该影印已办结", "This photocopy is closed"); return
        }
        mode = .form(FormState(kind: .copyStep(id), title: title, fields: fields, documents: c.documents))
    }

    func openDestroy(documents given: [String]? = nil) {
        if given == nil {
            guard focus == 2 || !marked.isEmpty else { message = s.t("请先在文件栏选择要销毁的文件", "Select a document first (→ to the documents pane)"); return }
        }
        let docs = given ?? targetDocuments().map { $0.id }
        guard !docs.isEmpty else { return }
        mode = .form(FormState(kind: .destroy, title: s.t("销毁", "Destroy") + " — \(docs.count)", fields: [
            Field(label: s.t("审批人", "Approver"), value: "", required: true),
            Field(label: s.t("原因", "Reason"), value: "", required: true),
            Field(label: s.t("方式", "Method"), value: "粉碎", required: true),
        ], documents: docs))
    }

    func openTransfer() {
        let whole = focus < 2 && marked.isEmpty
        let docs = whole ? [] : targetDocuments()
        if whole && (focus == 0 || current == nil) {
            message = s.t("请先选择档案袋 (整袋移交) 或文件", "Select an envelope (whole-envelope transfer) or documents first"); return
        }
        if !whole && docs.isEmpty { return }
        mode = .form(FormState(kind: .transfer(whole), title: whole ? s.t("整袋移交", "Transfer the whole envelope") : s.t("移交文件", "Transfer documents") + " — \(docs.count)", fields: [
            Field(label: s.t("接收人", "Recipient"), value: "", required: true),
            Field(label: s.t("接收单位", "Organisation"), value: "", required: true),
            Field(label: s.t("审批人", "Approver"), value: "", required: false),
            Field(label: s.t("说明", "Reason"), value: "", required: false),
        ], documents: whole ? (current?.documents.map { $0.id } ?? []) : docs.map { $0.id }))
    }

    // MARK: Submitting

    /// Fills `f.message` with the refusal or error and returns false, or finishes and returns true.
    func submitWorkflow(_ f: inout FormState) throws -> Bool {
        func v(_ i: Int) -> String { f.fields[i].value.trimmingCharacters(in: .whitespaces) }
        func refused(_ d: Decision) -> Bool {
            if d.allowed { return false }
            f.message = s.t("不允许: ", "Refused: ") + "[\(d.rule)] " + d.message; f.messageIsError = true
            return true
        }
        switch f.kind {
        case .envelope(let id):
            let reveal = Mask.mayRevealPersonalNumbers(store)
            let vals = f.fields.map { $0.value.trimmingCharacters(in: .whitespaces) }
            func split(_ t: String) -> [String] {
                t.split(whereSeparator: { $0 == ";" || $0 == "、" || $0 == "；" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            let apply: (inout Envelope) throws -> Void = { e in
                e.number = vals[0]; e.barcode = vals[1]; e.owner = vals[2]
                e.coOwners = split(vals[3]); e.tenants = split(vals[4])
                let phones = split(vals[5])
                // Masked values shown to an operator who may not see them mean "unchanged".
                if reveal || phones != e.phones.map(Mask.phone) { e.phones = phones }
                if reveal || vals[6] != Mask.idNumber(e.idNumber) { e.idNumber = vals[6] }
                e.moveIn = vals[7]; e.cabinet = vals[8]; e.building = vals[9]; e.floor = vals[10]; e.unit = vals[11]; e.note = vals[12]
            }
            if let id {
                _ = try store.updateEnvelope(id: id, apply)
                message = s.t("已保存", "Saved")
            } else {
                var e = Envelope(number: "", barcode: "", cabinet: "", building: "", floor: "", unit: "", owner: "")
                try apply(&e)
                if e.barcode.isEmpty { e.barcode = e.number }
                let made = try store.createEnvelope(e)
                reload()
                if let i = store.index(ofEnvelope: made.id) { jump(toStoreIndex: i) }
                message = s.t("已新建档案袋 ", "Envelope created ") + Sanitize.visible(made.number)
            }
        case .document:
            guard let env = current else { return false }
            guard let pages = Int(v(3)), pages >= 1 else { f.message = s.t("页数须为正整数", "Pages must be a whole number ≥ 1"); f.messageIsError = true; return false }
            let kind = v(0)
            let secrecy = v(5) == "default" ? (store.settings.kind(named: kind)?.defaultSecrecy ?? .none) : (Secrecy(rawValue: v(5)) ?? .none)
            let d = Document(kind: kind, title: v(1).isEmpty ? kind : v(1), original: v(2) == "original", pages: pages, date: v(4),
                             secrecy: secrecy, retention: v(6), note: v(7))
            _ = try store.addDocument(envelope: env.id, d)
            message = s.t("已登记文件 ", "Document added: ") + kind
        case .copyRequest:
            guard let n = Int(v(3)) else { f.message = s.t("份数须为数字", "Copies must be a number"); f.messageIsError = true; return false }
            let (d, c) = try store.requestCopy(documents: f.documents, requester: v(0), department: v(1), purpose: v(2), copies: n)
            if refused(d) { return false }
            message = s.t("影印申请已登记,待审批 (C 查看影印登记)", "Photocopy request registered; awaiting approval (C: photocopy register)") + " \(c?.id ?? "")"
        case .copyStep(let id):
            guard let c = store.register.paperwork.copies[id] else { return false }
            let d: Decision
            switch c.stage {
            case .requested: d = try store.approveCopy(id, approver: v(0), refuse: v(1) == "refuse" ? (v(2).isEmpty ? "不予批准" : v(2)) : nil)
            case .approved:
                guard let p = Int(v(0)), let n = Int(v(1)) else { f.message = s.t("页数和份数须为数字", "Pages and copies must be numbers"); f.messageIsError = true; return false }
                d = try store.recordCopyMade(id, pages: p, copies: n)
            case .copied: d = try store.returnCopyOriginal(id, complete: v(0) == "complete", note: v(1))
            case .back: d = try store.settleCopy(id, disposition: v(0))
            case .settled, .refused: return false
            }
            if refused(d) { return false }
            message = d.message
            reload()
            openCopies()
            return true
        case .destroy:
            // Decided first, then confirmed: nothing is destroyed before the archivist says yes.
            if !f.confirmed {
                let (d, _) = try store.destroy(documents: f.documents, approver: v(0), reason: v(1), method: v(2), dryRun: true)
                if refused(d) { return false }
                f.confirmSubmit = true
                f.message = s.t("确认销毁 \(f.documents.count) 份文件 (\(v(2)))? y 确认 / 其他键返回",
                                "Destroy \(f.documents.count) document(s) (\(v(2)))? y to confirm / any other key goes back")
                f.messageIsError = false
                return false
            }
            let (d, _) = try store.destroy(documents: f.documents, approver: v(0), reason: v(1), method: v(2))
            if refused(d) { return false }
            message = d.message
        case .transfer(let whole):
            let (d, list) = try store.transfer(documents: whole ? [] : f.documents, envelopes: whole ? [current?.id ?? ""] : [],
                                               recipient: v(0), organisation: v(1), approver: v(2).isEmpty ? nil : v(2), reason: v(3))
            if refused(d) { return false }
            message = d.message + s.t(" — R 打印移交签收表 ", " — R prints the sign-off list ") + (list.first?.batch ?? "")
        case .borrow, .returning:
            return false
        case .intake, .key, .arrangement, .customer, .documentEdit, .documentRemove:
            if !(try submitRegister(&f)) { return false }
        }
        marked = []
        reload()
        if case .form = mode { mode = .normal }
        return true
    }

    // MARK: Lists and reports

    func copiesKey(_ key: Key, _ l: inout ListState) {
        switch key {
        case .esc, .char("q"), .char("C"): mode = .normal; return
        case .up, .char("k"): l.selected = max(0, l.selected - 1)
        case .down, .char("j"): l.selected = min(max(0, l.ids.count - 1), l.selected + 1)
        case .enter:
            if l.selected < l.ids.count { openCopyStep(l.ids[l.selected]); return }
        default: break
        }
        mode = .copies(l)
    }

    func openReportsMenu() { mode = .menu(ListState(ids: AppState.reportKinds.map { $0.rawValue })) }

    func menuKey(_ key: Key, _ l: inout ListState) {
        switch key {
        case .esc, .char("q"), .char("R"): mode = .normal; return
        case .up, .char("k"): l.selected = max(0, l.selected - 1)
        case .down, .char("j"): l.selected = min(l.ids.count - 1, l.selected + 1)
        case .enter:
            if let k = ReportKind(rawValue: l.ids[l.selected]) { showReport(k); return }
        default: break
        }
        mode = .menu(l)
    }

    func showReport(_ k: ReportKind, table given: ReportTable? = nil) {
        do {
            let target: String?
            switch k {
            case .fileList, .label: target = current?.id
            case .cabinetList, .inventory, .storageList: target = cabinets.isEmpty ? nil : cabinets[cabinet].code
            default: target = nil
            }
            let t = try given ?? Reports.build(k, store: store, month: nil, target: target)
            mode = .report(ReportViewState(kind: k, table: t, lines: Reports.txt(t).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)))
        } catch {
            mode = .normal
            message = "\(error)"; messageIsError = true
        }
    }

    /// Inventory check of the current cabinet, recorded in the journal, shown as its report.
    func runInventory() {
        guard !cabinets.isEmpty else { return }
        do {
            let code = cabinets[cabinet].code
            _ = try store.checkInventory(cabinet: code)
            showReport(.inventory)
        } catch { message = "\(error)"; messageIsError = true }
    }

    func reportKey(_ key: Key, _ r: inout ReportViewState) {
        let page = max(1, height - 4)
        switch key {
        case .esc, .char("q"): mode = .normal; return
        case .up, .char("k"): r.top = max(0, r.top - 1)
        case .down, .char("j"): r.top = min(max(0, r.lines.count - page), r.top + 1)
        case .pageUp: r.top = max(0, r.top - page)
        case .pageDown, .char(" "): r.top = min(max(0, r.lines.count - page), r.top + page)
        case .home, .char("g"): r.top = 0
        case .end, .char("G"): r.top = max(0, r.lines.count - page)
        case .char("D") where r.kind == .expired:
            // The expired material listed: destroyed together, with approval and confirmation.
            let ids = r.table.rows.compactMap { $0.last }
            guard !ids.isEmpty else { message = s.t("没有到期的文件", "Nothing has expired"); return }
            openDestroy(documents: ids)
            return
        case .left, .char("h"): r.left = max(0, r.left - 8)
        case .right, .char("l"): r.left += 8
        case .char("s"), .char("w"):
            let csv = key == .char("s")
            let stamp = store.timeFormat.minute(store.now).replacingOccurrences(of: " ", with: "-").replacingOccurrences(of: ":", with: "")
            let dir = ProcessInfo.processInfo.environment["DANGAN_REPORT_DIR"] ?? FileManager.default.currentDirectoryPath
            let path = dir + "/dangan-\(r.kind.rawValue)-\(stamp).\(csv ? "csv" : "html")"
            do {
                try DurableIO.writeAtomic(path, csv ? Reports.csv(r.table) : Array(Reports.html(r.table).utf8))
                message = s.t("已保存 ", "Saved ") + path; messageIsError = false
            } catch { message = "\(error)"; messageIsError = true }
        default: break
        }
        mode = .report(r)
    }
}
