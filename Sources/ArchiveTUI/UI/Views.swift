import ArchiveModel
import Foundation

/// Draws the state into a screen buffer. Pure apart from keeping the scroll offsets so that
/// the selection stays visible.
public enum Views {
    public static func render(_ st: AppState, width: Int, height: Int) -> ScreenBuffer {
        st.width = width; st.height = height
        var b = ScreenBuffer(width: width, height: height)
        let lay = Layout(width: width, height: height)
        if lay.tooSmall {
            let msg = st.s.t("终端太小", "Terminal too small")
            let need = "\(Layout.minWidth)x\(Layout.minHeight)"
            b.put(msg, x: 0, y: max(0, height / 2 - 1), maxWidth: width, style: .warn)
            b.put(st.s.t("至少 ", "need ") + need + " (\(width)x\(height))", x: 0, y: height / 2, maxWidth: width)
            return b
        }
        title(st, &b)
        switch st.mode {
        case .loans(let l): loans(st, l, &b, lay)
        case .help: help(st, &b, lay)
        case .search(let q): panesAndDetail(st, &b, lay); search(st, q, &b, lay)
        case .form(let f): panesAndDetail(st, &b, lay); form(st, f, &b)
        case .normal: panesAndDetail(st, &b, lay)
        case .copies(let l): copies(st, l, &b, lay)
        case .menu(let l): menu(st, l, &b, lay)
        case .report(let r): report(st, r, &b, lay)
        }
        bottom(st, &b)
        return b
    }

    static func title(_ st: AppState, _ b: inout ScreenBuffer) {
        let now = st.store.now
        let overdue = st.overdueCount(at: now)
        b.fill(x: 0, y: 0, w: b.width, h: 1, style: .title)
        let left = " 档案 dangan | \(st.store.info.name)"
        let right = "\(st.s.t("操作员", "operator")) \(st.store.operatorName) | \(st.store.timeFormat.day(now)) | \(st.s.t("逾期", "overdue")) \(overdue) "
        let rw = TextWidth.width(right)
        b.put(left, x: 0, y: 0, maxWidth: max(0, b.width - rw - 1), style: .title)
        b.put(right, x: max(0, b.width - rw), y: 0, style: overdue > 0 ? .warn : .title)
    }

    static func bottom(_ st: AppState, _ b: inout ScreenBuffer) {
        let y = b.height - 1
        b.fill(x: 0, y: y, w: b.width, h: 1, style: .hint)
        if case .search(let q) = st.mode {
            let prompt = "/ " + q.query
            b.put(prompt, x: 0, y: y, style: .fieldActive, pad: true)
            let caret = min(b.width - 1, TextWidth.width(prompt))
            b.cursor = (caret, y)
            let info = " \(q.results.total) " + st.s.t("条  ↑↓选择 Enter跳转 Esc返回", "matches  ↑↓ choose  Enter jump  Esc back") + " "
            let iw = TextWidth.width(info)
            if caret + iw < b.width { b.put(info, x: b.width - iw, y: y, style: .hint) }
            return
        }
        if !st.message.isEmpty {
            b.put(" " + st.message, x: 0, y: y, style: st.messageIsError ? .error : .ok, pad: true)
            return
        }
        let hints: String
        switch st.mode {
        case .loans: hints = st.s.t(" ↑↓移动  Enter跳到文件  Esc返回", " ↑↓ move  Enter go to document  Esc back")
        case .help: hints = st.s.t(" 任意键返回", " any key to go back")
        case .copies: hints = st.s.t(" ↑↓移动  Enter办理下一步  Esc返回", " ↑↓ move  Enter next step  Esc back")
        case .menu: hints = st.s.t(" ↑↓选择  Enter生成  Esc返回", " ↑↓ choose  Enter show  Esc back")
        case .report: hints = st.s.t(" ↑↓PgUp/PgDn滚动 ←→左右  s存CSV  w存HTML  Esc返回", " ↑↓ PgUp/PgDn scroll ←→ sideways  s save CSV  w save HTML  Esc back")
        case .form: hints = st.s.t(" Enter确认  Tab下一项  ←→选择  Esc取消", " Enter confirm  Tab next  ←→ choose  Esc cancel")
        default: hints = st.s.t(" ↑↓移动 ←→切换 /查找 b借出 r归还 空格标记 L借阅 c影印 e修改 R报表 ?帮助 q退出",
                                " ↑↓ move ←→ panes / search b borrow r return space mark L loans c copy e edit R reports ? help q quit")
        }
        b.put(hints, x: 0, y: y, style: .hint)
    }

    // MARK: Panes

    static func panesAndDetail(_ st: AppState, _ b: inout ScreenBuffer, _ lay: Layout) {
        let rects = lay.panes(focus: st.focus)
        for (i, (pane, r)) in rects.enumerated() {
            drawPane(st, pane, r, &b)
            if i + 1 < rects.count {
                for y in r.y..<(r.y + r.h) { b.put("|", x: r.x + r.w, y: y, style: .border) }
            }
        }
        if lay.detailHeight > 0 { detail(st, &b, Rect(x: 0, y: 1 + lay.paneHeight, w: lay.width, h: lay.detailHeight)) }
    }

    static func drawPane(_ st: AppState, _ pane: Int, _ r: Rect, _ b: inout ScreenBuffer) {
        let s = st.s
        let focused = st.focus == pane
        let header: String
        let count: Int
        switch pane {
        case 0: count = st.cabinets.count; header = s.t("档案柜", "Cabinets") + " (\(count))"
        case 1: count = st.envelopes.count; header = s.t("档案袋", "Envelopes") + (st.cabinets.isEmpty ? "" : " \(st.cabinets[st.cabinet].code)") + " (\(count))"
        default: count = st.documents.count; header = s.t("文件", "Documents") + " (\(count))"
        }
        b.put(" " + header, x: r.x, y: r.y, maxWidth: r.w, style: focused ? .header : .dim, pad: true)
        let rows = r.h - 1
        guard rows > 0 else { return }
        let sel = [st.cabinet, st.envelope, st.document][pane]
        var top = st.tops[pane]
        if sel < top { top = sel }
        if sel >= top + rows { top = sel - rows + 1 }
        top = max(0, min(top, max(0, count - rows)))
        st.tops[pane] = top
        if pane == 2, let err = st.currentError {
            b.put(s.t("无法读取档案袋: ", "Cannot read envelope: ") + err, x: r.x + 1, y: r.y + 1, maxWidth: r.w - 1, style: .error)
            return
        }
        let counts = pane == 0 ? st.store.cabinetCounts() : [:]
        let envBase = st.envelopes.startIndex
        for row in 0..<min(rows, count - top) {
            let i = top + row
            let y = r.y + 1 + row
            let isSel = i == sel
            let style: Style = isSel ? (focused ? .selected : .selectedDim) : .normal
            b.fill(x: r.x, y: y, w: r.w, h: 1, style: style)
            var left = "", right = ""
            var rightStyle = style
            switch pane {
            case 0:
                let c = st.cabinets[i]
                left = " \(c.code) \(c.label)"
                right = "\(counts[c.code] ?? 0) "
            case 1:
                let e = st.envelopes[envBase + i]
                left = " \(e.roomCode) \(e.damaged != nil ? s.t("(损坏)", "(damaged)") : e.owner)"
                var marks = ""
                if (st.store.register.outByEnvelope[e.id] ?? 0) > 0 { marks += s.t("借", "L") }
                if e.missing > 0 { marks += s.t("缺", "I") }
                if e.damaged != nil { marks += s.t("损", "D") }
                if e.status == .closed { marks += s.t("结", "C") }
                if e.status == .transferred { marks += s.t("移", "T") }
                right = marks.isEmpty ? "" : marks + " "
                if !isSel && (e.damaged != nil || (st.store.register.outByEnvelope[e.id] ?? 0) > 0) { rightStyle = .warn }
            default:
                let d = st.documents[i]
                let mark = st.marked.contains(d.id) ? "+" : " "
                left = mark + d.kind
                let state = st.store.state(of: d)
                var stText = s.zh ? state.chinese : state.rawValue
                if let l = st.store.register.openLoan(of: d.id) {
                    stText = s.t("借出", "out") + " " + String(st.store.timeFormat.minute(l.due).dropFirst(5).prefix(5))
                    if !isSel { rightStyle = l.isOverdue(at: st.store.now) ? .error : .warn }
                }
                let orig = d.original ? s.t("原", "orig") : s.t("复", "copy")
                let sec = d.secrecy == .none ? "" : (s.zh ? d.secrecy.chinese : d.secrecy.english.prefix(4).description)
                right = "\(orig) \(sec.isEmpty ? "" : sec + " ")\(stText) "
                if st.marked.contains(d.id) && !isSel { b.fill(x: r.x, y: y, w: r.w, h: 1, style: .marked) }
            }
            let rw = min(TextWidth.width(right), max(0, r.w - 4))
            b.put(left, x: r.x, y: y, maxWidth: r.w - rw - 1, style: st.marked.contains(pane == 2 ? st.documents[i].id : "") && !isSel ? .marked : style)
            if rw > 0 { b.put(right, x: r.x + r.w - rw, y: y, maxWidth: rw, style: rightStyle) }
        }
    }

    // MARK: Detail

    static func detail(_ st: AppState, _ b: inout ScreenBuffer, _ r: Rect) {
        let s = st.s
        b.put(String(repeating: "-", count: r.w), x: r.x, y: r.y, style: .border)
        var lines: [(String, Style)] = []
        switch st.focus {
        case 0:
            if st.cabinet < st.cabinets.count {
                let c = st.cabinets[st.cabinet]
                lines.append(("\(s.t("档案柜", "Cabinet")) \(c.code)  \(c.label)", .header))
                lines.append(("\(s.t("存放", "Room")): \(c.room)    \(s.t("钥匙保管", "Key holders")): \(c.keyHolders.joined(separator: ", "))", .normal))
                if let l = st.store.register.office.lostKeys[c.code] {
                    lines.append((s.t("钥匙遗失 (\(l.from)),须更换锁具 (K 登记)", "A key was lost (\(l.from)): change the lock (K)"), .warn))
                }
                lines.append(("\(s.t("档案袋", "Envelopes")): \(st.envelopes.count)", .normal))
            }
        case 1:
            envelopeDetail(st, &lines)
        default:
            if let d = st.selectedDocument, let e = st.current {
                let state = st.store.state(of: d)
                lines.append(("\(d.kind)  \(d.title)", .header))
                lines.append(("\(d.original ? s.t("原件", "original") : s.t("复印件", "copy"))  \(d.pages) \(s.t("页", "pages"))  \(s.t("日期", "date")) \(d.date)  \(s.t("密级", "secrecy")) \(s.zh ? d.secrecy.chinese : d.secrecy.english)  \(s.t("保管期限", "retention")) \(st.store.settings.retentionText(of: d))  \(s.t("状态", "state")) \(s.zh ? state.chinese : state.rawValue)", .normal))
                lines.append(("\(s.t("位置", "Place")): \(e.location.chinese)  \(e.owner)  \(d.id)", .dim))
                let hist = st.store.register.history(of: d.id)
                if hist.isEmpty { lines.append((s.t("借阅记录: 无", "Loan history: none"), .dim)) }
                for h in hist.reversed().prefix(max(0, r.h - 4)) {
                    let tf = st.store.timeFormat
                    let ret = h.returns.first { $0.documents.contains(d.id) }
                    let retText = ret.map { "\(s.t("归还", "returned")) \(tf.minute($0.at))\($0.complete ? "" : " " + s.t("不完整", "INCOMPLETE"))" } ?? "\(s.t("应还", "due")) \(tf.minute(h.due))"
                    lines.append(("\(tf.minute(h.loan.out))  \(h.loan.borrower) \(h.loan.department)  \(h.loan.purpose)  \(retText)", ret == nil ? .warn : .normal))
                }
            } else if let err = st.currentError {
                lines.append((err, .error))
            }
        }
        for (i, (text, style)) in lines.prefix(r.h - 1).enumerated() {
            b.put(" " + text, x: r.x, y: r.y + 1 + i, maxWidth: r.w, style: style)
        }
    }

    static func envelopeDetail(_ st: AppState, _ lines: inout [(String, Style)]) {
        let s = st.s
        guard let sum = st.selectedEnvelope else { return }
        if st.limited {
            lines.append(("\(sum.roomCode)  \(sum.owner)" + (sum.coOwners.isEmpty ? "" : "  " + sum.coOwners.joined(separator: ", ")), .header))
            lines.append((s.t("销售人员只能查看姓名和职务 (规定: 篇4)", "Sales staff see names and titles only"), .dim))
            return
        }
        if let e = st.current {
            lines.append(("\(s.t("档案袋", "Envelope")) \(e.number)  \(e.owner)  [\(s.zh ? e.status.chinese : e.status.rawValue)]", .header))
            lines.append(("\(s.t("位置", "Place")): \(e.location.chinese)   \(s.t("条码", "barcode")) \(e.barcode)   \(s.t("入住", "move-in")) \(e.moveIn)", .normal))
            var people = ""
            if !e.coOwners.isEmpty { people += "\(s.t("共有人", "co-owners")): \(e.coOwners.joined(separator: ", "))  " }
            if !e.tenants.isEmpty { people += "\(s.t("租户", "tenants")): \(e.tenants.joined(separator: ", "))  " }
            people += "\(s.t("电话", "phones")): \(e.phones.map(Mask.phone).joined(separator: " "))"
            lines.append((people, .normal))
            if let c = e.emergencyContact { lines.append(("\(s.t("紧急联系人", "emergency contact")): \(c.name) (\(c.relation)) \(Mask.phone(c.phone))", .normal)) }
            var details: [String] = []
            if let c = e.category { details.append(s.zh ? c.chinese : c.rawValue) }
            if !e.vehiclePlates.isEmpty { details.append(s.t("车牌 ", "plates ") + e.vehiclePlates.joined(separator: " ")) }
            if !e.parking.isEmpty { details.append(s.t("车位 ", "parking ") + e.parking.joined(separator: " ")) }
            if let k = st.store.register.office.unitKeys[e.id] {
                details.append(s.t("代保管钥匙 ", "unit key held ") + (k.state == .out ? s.t("借出 ", "out ") + k.holder : k.state.chinese))
            }
            if !details.isEmpty { lines.append((details.joined(separator: "   "), .normal)) }
            if let m = e.moveOut {
                lines.append(("\(s.t("已迁出", "moved out")) \(m.date)  \(s.t("新电话", "phone")) \(Mask.phone(m.phone))  \(s.t("邮件转收", "mail to")) \(m.address)", .warn))
            }
            let missing = ArchiveStore.missingKinds(e, settings: st.store.settings)
            if !missing.isEmpty { lines.append(("\(s.t("缺少", "missing")): \(missing.joined(separator: ", "))", .warn)) }
            if let p = e.previousEnvelope { lines.append(("\(s.t("前一档案袋", "previous envelope")): \(p)", .dim)) }
            lines.append(("id \(e.id)", .dim))
        } else {
            lines.append(("\(sum.roomCode)  " + (st.currentError ?? ""), .error))
        }
    }

    // MARK: Overlays

    static func search(_ st: AppState, _ q: SearchState, _ b: inout ScreenBuffer, _ lay: Layout) {
        let r = lay.bodyRect
        b.fill(x: r.x, y: r.y, w: r.w, h: r.h, style: .overlay)
        b.put(" " + st.s.t("查找业主、房号、档案号、条码 (汉字 / 拼音 / 首字母)", "Find owner, room, number or barcode (hanzi / pinyin / initials)"), x: 0, y: r.y, style: .header, pad: true)
        let rows = r.h - 1
        let top = max(0, q.selected - rows + 1)
        for (row, h) in q.results.hits.dropFirst(top).prefix(rows).enumerated() {
            let e = st.store.envelopes[h.index]
            let y = r.y + 1 + row
            let sel = top + row == q.selected
            let style: Style = sel ? .selected : .overlay
            b.fill(x: 0, y: y, w: r.w, h: 1, style: style)
            var x = b.put(" \(e.roomCode) ", x: 0, y: y, maxWidth: 12, style: style, pad: true)
            if h.fieldName == "owner" {
                x += b.put(e.owner, x: x, y: y, maxWidth: 22, style: style, pad: true, highlight: h.ranges, highlightStyle: sel ? .selected : .match)
            } else {
                x += b.put(e.owner, x: x, y: y, maxWidth: 22, style: style, pad: true)
            }
            let place = " \(e.cabinet)\(st.s.t("柜", "")) \(e.building)\(st.s.t("栋", "-")) \(e.floor)\(st.s.t("层", "F")) \(e.number)"
            x += b.put(place, x: x, y: y, maxWidth: 30, style: sel ? .selected : .dim, pad: true)
            if h.fieldName != "owner" && x < r.w {
                let label = " " + h.fieldName + ": "
                let lw = b.put(label, x: x, y: y, style: style)
                b.put(h.text, x: x + lw, y: y, maxWidth: r.w - x - lw, style: style, highlight: h.ranges, highlightStyle: sel ? .selected : .match)
            }
        }
        if q.results.hits.isEmpty && !q.query.isEmpty {
            b.put("  " + st.s.t("没有找到", "No match"), x: 0, y: r.y + 2, style: .dim)
        }
    }

    static func form(_ st: AppState, _ f: FormState, _ b: inout ScreenBuffer) {
        let w = min(72, b.width - 2), h = f.fields.count + 7
        let x0 = max(0, (b.width - w) / 2), y0 = max(1, (b.height - h) / 2)
        b.fill(x: x0, y: y0, w: w, h: h, style: .overlay)
        b.put("+" + String(repeating: "-", count: w - 2) + "+", x: x0, y: y0, style: .border)
        b.put("+" + String(repeating: "-", count: w - 2) + "+", x: x0, y: y0 + h - 1, style: .border)
        for y in (y0 + 1)..<(y0 + h - 1) { b.put("|", x: x0, y: y, style: .border); b.put("|", x: x0 + w - 1, y: y, style: .border) }
        b.put(" " + f.title + " ", x: x0 + 2, y: y0, maxWidth: w - 4, style: .header)
        if let env = st.current {
            let names = env.documents.filter { f.documents.contains($0.id) }.map { $0.kind }.joined(separator: ", ")
            b.put(" \(env.roomCode) \(env.owner): \(names)", x: x0 + 1, y: y0 + 1, maxWidth: w - 2, style: .dim)
        }
        let labelW = 14
        for (i, fld) in f.fields.enumerated() {
            let y = y0 + 3 + i
            let active = i == f.focus
            b.put((fld.required ? "*" : " ") + fld.label, x: x0 + 2, y: y, maxWidth: labelW, style: active ? .header : .overlay)
            let vx = x0 + 2 + labelW
            let vw = w - labelW - 4
            var shown = fld.value
            if !fld.choices.isEmpty, let k = fld.choices.firstIndex(of: fld.value) { shown = "< " + fld.choiceLabels[k] + " >" }
            // Keep the end of a long value (the caret) visible.
            while TextWidth.width(shown) > vw - 1 && !shown.isEmpty { shown.removeFirst() }
            b.fill(x: vx, y: y, w: vw, h: 1, style: active ? .fieldActive : .field)
            let used = b.put(shown, x: vx, y: y, maxWidth: vw, style: active ? .fieldActive : .field)
            if active && fld.choices.isEmpty { b.cursor = (vx + used, y) }
        }
        let my = y0 + 4 + f.fields.count
        if f.confirmDiscard {
            b.put(" " + st.s.t("放弃已填写的内容? y 放弃 / 其他键继续填写", "Discard what you typed? y discard / any other key keeps it"), x: x0 + 1, y: my, maxWidth: w - 2, style: .warn)
        } else if !f.message.isEmpty {
            b.put(" " + f.message, x: x0 + 1, y: my, maxWidth: w - 2, style: f.confirmSubmit ? .warn : f.messageIsError ? .error : .ok)
        }
        b.put(" " + st.s.t("* 必填", "* required"), x: x0 + 1, y: my + 1, maxWidth: w - 2, style: .dim)
    }

    static func loans(_ st: AppState, _ l: LoansState, _ b: inout ScreenBuffer, _ lay: Layout) {
        let r = lay.bodyRect
        let now = st.store.now
        let overdue = l.rows.filter { $0.isOverdue(at: now) }.count
        b.put(" " + st.s.t("借阅登记 — 未归还 \(l.rows.count) 笔, 逾期 \(overdue) 笔", "Loans register — \(l.rows.count) out, \(overdue) overdue"), x: 0, y: r.y, style: .header, pad: true)
        let rows = r.h - 1
        let top = max(0, l.selected - rows + 1)
        let tf = st.store.timeFormat
        for (row, rec) in l.rows.dropFirst(top).prefix(rows).enumerated() {
            let y = r.y + 1 + row
            let sel = top + row == l.selected
            let od = rec.isOverdue(at: now)
            let style: Style = sel ? .selected : (od ? .error : .normal)
            let env = st.store.summary(id: rec.loan.envelope)
            let first = env.map { $0.roomCode + " " + $0.owner } ?? rec.loan.envelope
            let text = "\(od ? st.s.t("逾期 ", "OVERDUE ") : "")\(first) | \(rec.outstandingDocuments.count) \(st.s.t("份", "doc")) | \(rec.loan.borrower) \(rec.loan.department) | \(st.s.t("借出", "out")) \(tf.minute(rec.loan.out)) | \(st.s.t("应还", "due")) \(tf.minute(rec.due))"
            b.put(" " + text, x: 0, y: y, maxWidth: r.w, style: style, pad: true)
        }
        if l.rows.isEmpty { b.put("  " + st.s.t("没有未归还的借阅", "Nothing is out"), x: 0, y: r.y + 2, style: .dim) }
    }

    static func copies(_ st: AppState, _ l: ListState, _ b: inout ScreenBuffer, _ lay: Layout) {
        let r = lay.bodyRect
        b.put(" " + st.s.t("影印登记 — 未销账 \(l.ids.count) 笔", "Photocopy register — \(l.ids.count) open"), x: 0, y: r.y, style: .header, pad: true)
        let rows = r.h - 1
        let top = max(0, l.selected - rows + 1)
        let tf = st.store.timeFormat
        for (row, id) in l.ids.dropFirst(top).prefix(rows).enumerated() {
            guard let c = st.store.register.paperwork.copies[id] else { continue }
            let env = st.store.summary(id: c.envelope)
            let text = "\(st.s.zh ? c.stage.chinese : c.stage.rawValue) | \(env.map { $0.roomCode + " " + $0.owner } ?? c.envelope) | \(c.documents.count) \(st.s.t("份", "doc")) | \(c.requester) \(c.purpose) | \(tf.minute(c.requestedAt))"
            b.put(" " + text, x: 0, y: r.y + 1 + row, maxWidth: r.w, style: top + row == l.selected ? .selected : .normal, pad: true)
        }
        if l.ids.isEmpty { b.put("  " + st.s.t("没有未办结的影印", "No photocopy in progress"), x: 0, y: r.y + 2, style: .dim) }
    }

    static func menu(_ st: AppState, _ l: ListState, _ b: inout ScreenBuffer, _ lay: Layout) {
        let r = lay.bodyRect
        b.put(" " + st.s.t("报表", "Reports"), x: 0, y: r.y, style: .header, pad: true)
        for (i, raw) in l.ids.prefix(r.h - 1).enumerated() {
            guard let k = ReportKind(rawValue: raw) else { continue }
            b.put("  " + st.reportName(k) + "   (" + raw + ")", x: 0, y: r.y + 1 + i, maxWidth: r.w, style: i == l.selected ? .selected : .normal, pad: true)
        }
    }

    /// A report's text, scrolled: lines from `top`, columns from `left`, never splitting a wide character.
    static func report(_ st: AppState, _ v: ReportViewState, _ b: inout ScreenBuffer, _ lay: Layout) {
        let r = lay.bodyRect
        for (i, line) in v.lines.dropFirst(v.top).prefix(r.h).enumerated() {
            var skipped = 0
            var rest = Substring(line)
            while skipped < v.left, let ch = rest.first {
                skipped += TextWidth.width(String(ch)); rest = rest.dropFirst()
            }
            let text = (skipped > v.left ? " " : "") + rest
            b.put(String(text), x: 0, y: r.y + i, maxWidth: r.w, style: v.top + i < 2 ? .header : .normal)
        }
    }

    static func help(_ st: AppState, _ b: inout ScreenBuffer, _ lay: Layout) {
        let s = st.s
        let lines: [String] = [
            s.t("按键", "Keys"),
            "↑ ↓  j k        " + s.t("上下移动", "move up / down"),
            "← →  h l        " + s.t("切换栏目 (→ 或 Enter 打开下一级)", "between panes (→ or Enter opens the next level)"),
            "Tab / Shift-Tab " + s.t("循环切换栏目", "cycle panes"),
            "g G  PgUp PgDn  " + s.t("到第一项 / 最后一项, 翻页 (Home End 亦可)", "first / last, page up / down (Home End too)"),
            "/               " + s.t("查找业主 (汉字、拼音、首字母、房号、条码)", "find an owner (hanzi, pinyin, initials, room, barcode)"),
            s.t("空格            标记多份文件", "space           mark several documents"),
            "b               " + s.t("借出所选文件 (借阅登记)", "borrow the selected document(s)"),
            "r               " + s.t("归还 (检查完整性)", "return (completeness check)"),
            "L               " + s.t("借阅登记表: 未归还、逾期", "loans register: outstanding, overdue"),
            "c / C           " + s.t("影印申请 / 影印登记 (批准、影印、原件归还、销账)", "photocopy request / register (approve, copy, original back, settle)"),
            "e / n / a       " + s.t("修改档案袋 / 新建档案袋 / 登记文件", "edit envelope / new envelope / add document"),
            "D / X           " + s.t("销毁文件 (须审批) / 移交 (文件栏: 所选文件, 否则整袋)", "destroy (approver) / transfer (documents pane: selected, else whole envelope)"),
            "I / R           " + s.t("盘点本柜 / 报表 (登记表、清单、统计、签收表)", "inventory of this cabinet / reports (registers, lists, statistics)"),
            "i / K / A       " + s.t("交接登记 / 钥匙登记 / 档案整理记录", "intake hand-over / key register / arrangement session"),
            "p / E / x       " + s.t("客户资料 / 修改文件 / 从清单删除文件", "customer details / edit document / take a document off the list"),
            "?  Esc          " + s.t("本帮助 / 关闭提示或表单", "this help / close a prompt or form"),
            "T               " + s.t("切换界面语言 中文/English (保存到设置)", "switch the language 中文/English (saved in the settings)"),
            "q               " + s.t("退出", "quit"),
            "",
            s.t("鼠标: 单击选择, 滚轮滚动", "Mouse: click selects, wheel scrolls"),
            s.t("标记: 借 借出  缺 缺件  损 文件损坏  结 已结档  移 已移交", "Marks: L on loan  I incomplete  D damaged  C closed  T transferred"),
        ]
        let r = lay.bodyRect
        let shown = lines.count > r.h ? lines.filter { !$0.isEmpty } : lines
        for (i, l) in shown.prefix(r.h).enumerated() { b.put("  " + l, x: 0, y: r.y + i, style: i == 0 ? .header : .normal) }
    }
}

