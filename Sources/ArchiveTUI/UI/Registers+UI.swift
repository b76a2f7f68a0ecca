import ArchiveModel
import Foundation

/// The registers' forms (issue 17): a hand-over received (i), a key event (K), an arrangement
/// session (A), an envelope's customer details (p), a document edited (E) or removed (x). Each
/// form only gathers fields; the rules and the writing are the model's.
extension AppState {
    static let keyKinds: [KeyEvent.Kind] = KeyEvent.Kind.allCases

    static func split(_ t: String) -> [String] {
        t.split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "、" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    // MARK: Opening

    func openIntake() {
        mode = .form(FormState(kind: .intake, title: s.t("交接登记 (其他部门移交的资料)", "Intake: documents handed over by another department"), fields: [
            Field(label: s.t("移交人", "Handed over by"), value: "", required: true),
            Field(label: s.t("移交部门", "Department"), value: "", required: true),
            Field(label: s.t("接收人", "Received by"), value: store.operatorName, required: true),
            Field(label: s.t("资料明细", "Items (;)"), value: "", required: true),
            Field(label: s.t("档案袋", "Envelopes (;)"), value: current.map { $0.roomCode } ?? "", required: false),
            Field(label: s.t("清点结果", "Count"), value: "complete", required: true, choices: ["complete", "incomplete"],
                  choiceLabels: [s.t("齐全,接收", "complete: received"), s.t("不全不接收", "incomplete: refused")]),
            Field(label: s.t("缺少", "Missing"), value: "", required: false),
            Field(label: s.t("备注", "Note"), value: "", required: false),
        ], documents: []))
    }

    func openKeyForm() {
        let kinds = AppState.keyKinds
        mode = .form(FormState(kind: .key, title: s.t("钥匙领用/移交登记", "Key register"), fields: [
            Field(label: s.t("事项", "Event"), value: kinds[0].rawValue, required: true, choices: kinds.map { $0.rawValue },
                  choiceLabels: kinds.map { ($0.isUnitKey ? s.t("单元钥匙 ", "unit key ") : s.t("柜钥匙 ", "cabinet key ")) + (s.zh ? $0.chinese : $0.rawValue) }),
            Field(label: s.t("档案柜", "Cabinet"), value: cabinets.isEmpty ? "" : cabinets[cabinet].code, required: false),
            Field(label: s.t("单元(档案袋)", "Unit (envelope)"), value: current.map { $0.roomCode } ?? "", required: false),
            Field(label: s.t("交出人", "From"), value: "", required: false),
            Field(label: s.t("接收人/领用人", "To"), value: "", required: false),
            Field(label: s.t("钥匙", "Key"), value: "", required: false),
            Field(label: s.t("备用钥匙", "Spare"), value: "no", required: true, choices: ["no", "yes"], choiceLabels: [s.t("否", "no"), s.t("是", "yes")]),
            Field(label: s.t("新钥匙保管人", "New holders (;)"), value: "", required: false),
            Field(label: s.t("事由", "Purpose"), value: "", required: false),
        ], documents: []))
    }

    func openArrangement() {
        let works = ArrangementSession.Work.allCases
        mode = .form(FormState(kind: .arrangement, title: s.t("档案整理记录 (标签检查、整理)", "Arrangement: label check, tidying"), fields: [
            Field(label: s.t("工作", "Work"), value: works[0].rawValue, required: true, choices: works.map { $0.rawValue },
                  choiceLabels: works.map { s.zh ? $0.chinese : $0.rawValue }),
            Field(label: s.t("档案柜", "Cabinets (;)"), value: cabinets.isEmpty ? "" : cabinets[cabinet].code, required: false),
            Field(label: s.t("范围", "Scope"), value: "", required: false),
            Field(label: s.t("发现", "Findings"), value: "", required: true),
            Field(label: s.t("处理的档案袋", "Envelopes (;)"), value: current.map { $0.roomCode } ?? "", required: false),
            Field(label: s.t("备注", "Note"), value: "", required: false),
        ], documents: []))
    }

    func openCustomerDetails() {
        guard let e = current else { message = s.t("请先选择档案袋", "Select an envelope first"); return }
        let reveal = Mask.mayRevealPersonalNumbers(store)
        let cats = ["none"] + PropertyCategory.allCases.map { $0.rawValue }
        let c = e.emergencyContact, m = e.moveOut
        func phone(_ p: String?) -> String { p.map { reveal || $0.isEmpty ? $0 : Mask.phone($0) } ?? "" }
        mode = .form(FormState(kind: .customer(e.id), title: s.t("客户资料", "Customer details") + " — \(e.roomCode) \(e.owner)", fields: [
            Field(label: s.t("物业类型", "Category"), value: e.category?.rawValue ?? "none", required: true, choices: cats,
                  choiceLabels: [s.t("未分类", "none")] + PropertyCategory.allCases.map { s.zh ? $0.chinese : $0.rawValue }),
            Field(label: s.t("车牌号", "Plates (;)"), value: e.vehiclePlates.joined(separator: ";"), required: false),
            Field(label: s.t("车位号", "Parking (;)"), value: e.parking.joined(separator: ";"), required: false),
            Field(label: s.t("紧急联系人", "Emergency contact"), value: c?.name ?? "", required: false),
            Field(label: s.t("关系", "Relation"), value: c?.relation ?? "", required: false),
            Field(label: s.t("紧急联系电话", "Emergency phone"), value: phone(c?.phone), required: false),
            Field(label: s.t("迁出日期", "Moved out"), value: m?.date ?? "", required: false),
            Field(label: s.t("新联系电话", "Forwarding phone"), value: phone(m?.phone), required: false),
            Field(label: s.t("邮件转收地址", "Forwarding address"), value: m?.address ?? "", required: false),
        ], documents: []))
    }

    func openDocumentEdit() {
        guard focus == 2, let d = selectedDocument else { message = s.t("请先在文件栏选择文件", "Select a document first (→ to the documents pane)"); return }
        let kinds = store.settings.catalogue.map { $0.name }
        var f = FormState(kind: .documentEdit(d.id), title: s.t("修改文件", "Edit document") + " — \(d.kind)", fields: [
            Field(label: s.t("文件类型", "Kind"), value: d.kind, required: true, choices: kinds, choiceLabels: kinds),
            Field(label: s.t("标题", "Title"), value: d.title, required: false),
            Field(label: s.t("原件/复印件", "Original"), value: d.original ? "original" : "copy", required: true, choices: ["original", "copy"],
                  choiceLabels: [s.t("原件", "original"), s.t("复印件", "copy")]),
            Field(label: s.t("页数", "Pages"), value: "\(d.pages)", required: true),
            Field(label: s.t("文件日期", "Date"), value: d.date, required: false),
            Field(label: s.t("密级", "Secrecy"), value: d.secrecy.rawValue, required: true, choices: Secrecy.allCases.map { $0.rawValue },
                  choiceLabels: Secrecy.allCases.map { s.zh ? $0.chinese : $0.english }),
            Field(label: s.t("保管期限", "Keep until"), value: d.retention, required: false),
            Field(label: s.t("备注", "Note"), value: d.note, required: false),
        ], documents: [d.id])
        f.baseDocument = d
        f.message = s.t("保管期限: permanent 永久, 日期, 或留空按类别 (", "Keep until: permanent, a date, or empty for the kind's period (")
            + store.settings.retentionText(of: d) + ")"
        mode = .form(f)
    }

    func openDocumentRemove() {
        guard focus == 2, let d = selectedDocument else { message = s.t("请先在文件栏选择文件", "Select a document first (→ to the documents pane)"); return }
        mode = .form(FormState(kind: .documentRemove(d.id), title: s.t("从文件清单删除", "Take off the file list") + " — \(d.kind) \(d.title)", fields: [
            Field(label: s.t("删除原因", "Reason"), value: "", required: true),
        ], documents: [d.id]))
    }

    // MARK: Submitting

    /// Fills `f.message` with the refusal or error and returns false, or does it and returns true.
    func submitRegister(_ f: inout FormState) throws -> Bool {
        func v(_ i: Int) -> String { f.fields[i].value.trimmingCharacters(in: .whitespaces) }
        func refused(_ d: Decision) -> Bool {
            if d.allowed { return false }
            f.message = s.t("不允许: ", "Refused: ") + "[\(d.rule)] " + d.message; f.messageIsError = true
            return true
        }
        switch f.kind {
        case .intake:
            let complete = v(5) == "complete"
            if !complete && v(6).isEmpty { f.message = s.t("不全不接收时须写明缺少什么", "Say what is missing"); f.messageIsError = true; return false }
            let r = try store.recordIntake(from: v(0), department: v(1), receiver: v(2), items: AppState.split(v(3)),
                                           envelopes: AppState.split(v(4)), missing: complete ? "" : v(6), note: v(7))
            message = r.accepted ? s.t("已登记交接: 接收 \(r.items.count) 项", "Hand-over registered: \(r.items.count) item(s) received")
                                 : s.t("已登记: 不全不接收 (\(r.missing))", "Registered as refused, incomplete (\(r.missing))")
        case .key:
            guard let kind = KeyEvent.Kind(rawValue: v(0)) else { return false }
            let holders = AppState.split(v(7)).map(KeyHolder.init)
            let (d, _) = try store.recordKey(KeyRequest(kind: kind, cabinet: v(1), envelope: v(2), from: v(3), to: v(4), spare: v(6) == "yes",
                                                        holders: holders, key: v(5), purpose: v(8)))
            if refused(d) { return false }
            message = d.message
        case .arrangement:
            guard let work = ArrangementSession.Work(rawValue: v(0)) else { return false }
            let a = try store.recordArrangement(work: work, cabinets: AppState.split(v(1)), scope: v(2), findings: v(3),
                                                envelopes: AppState.split(v(4)), note: v(5))
            message = s.t("已登记\(a.work.chinese) (R 档案整理记录表)", "Recorded (R: arrangement record) ") + a.id
        case .customer(let id):
            let reveal = Mask.mayRevealPersonalNumbers(store)
            let vals = f.fields.map { $0.value.trimmingCharacters(in: .whitespaces) }
            _ = try store.updateEnvelope(id: id) { e in
                e.category = PropertyCategory(rawValue: vals[0])
                e.vehiclePlates = AppState.split(vals[1])
                e.parking = AppState.split(vals[2])
                // A masked phone shown to an operator who may not see it means "unchanged".
                let oldPhone = e.emergencyContact?.phone ?? ""
                let ePhone = !reveal && vals[5] == Mask.phone(oldPhone) ? oldPhone : vals[5]
                e.emergencyContact = Contact(name: vals[3], phone: ePhone, relation: vals[4])
                if vals[6].isEmpty && vals[7].isEmpty && vals[8].isEmpty {
                    e.moveOut = nil
                } else {
                    let old = e.moveOut?.phone ?? ""
                    let fPhone = !reveal && !old.isEmpty && vals[7] == Mask.phone(old) ? old : vals[7]
                    guard !vals[6].isEmpty else {
                        throw ArchiveError.invalidField(field: "move-out date (迁出日期)", reason: "is required with a forwarding phone or address")
                    }
                    e.moveOut = MoveOut(date: vals[6], phone: fPhone, address: vals[8], note: e.moveOut?.note ?? "")
                }
            }
            message = s.t("客户资料已保存", "Customer details saved")
        case .documentEdit(let id):
            guard let pages = Int(v(3)), pages >= 0 else { f.message = s.t("页数须为整数", "Pages must be a whole number"); f.messageIsError = true; return false }
            let d = try store.updateDocument(id, basedOn: f.baseDocument) { d in
                d.kind = v(0); d.title = v(1).isEmpty ? v(0) : v(1); d.original = v(2) == "original"; d.pages = pages; d.date = v(4)
                d.secrecy = Secrecy(rawValue: v(5)) ?? d.secrecy; d.retention = try Validate.retention(v(6)); d.note = v(7)
            }
            message = s.t("已保存文件 ", "Document saved: ") + d.kind + "  " + s.t("保管期限 ", "keep until ") + store.settings.retentionText(of: d)
        case .documentRemove(let id):
            let d = try store.removeDocument(id, reason: v(0))
            if refused(d) { return false }
            message = d.message
        default:
            return false
        }
        return true
    }
}
