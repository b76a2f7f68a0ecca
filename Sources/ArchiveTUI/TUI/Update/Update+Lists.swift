import ArchiveModel
import Foundation

/// The loans register (circulation desk), the photocopy register, the reports menu and a
/// report on screen.
extension AppState {
    /// Shared keys of the overlay lists; true when the key was one of them.
    func listMove(_ k: Key, _ c: inout ListCursor, count: Int) -> Bool {
        let page = max(1, layout.body.h - 2)
        switch k {
        case .up, .char("k"): c.move(-1, count: count)
        case .down, .char("j"): c.move(1, count: count)
        case .home, .char("g"): c.selected = 0
        case .end, .char("G"): c.selected = max(0, count - 1)
        case .pageUp: c.move(-page, count: count)
        case .pageDown: c.move(page, count: count)
        default: return false
        }
        return true
    }

    /// Typing after `f` in a list: true when the key went to the text.
    static func typeNarrow(_ k: Key, _ e: inout LineEdit, _ typing: inout Bool) -> (handled: Bool, changed: Bool) {
        guard typing else { return (false, false) }
        switch k {
        case .enter, .up, .down, .tab:
            typing = false
            return (k == .enter || k == .tab, false)
        case .esc:
            typing = false
            e.set("")
            return (true, true)
        default:
            let before = e.text
            _ = e.apply(k)
            return (true, e.text != before)
        }
    }

    // MARK: Loans register

    public mutating func openLoans(_ env: Env, keep: Int? = nil) {
        var desk = LoansDesk()
        if case .loans(let d) = mode {
            desk.borrower = d.borrower
            desk.narrow = d.narrow
        }
        let s = env.store
        var docs: [String: [String: Document]] = [:]
        for r in s.register.open {
            if docs[r.loan.envelope] == nil {
                docs[r.loan.envelope] = Dictionary(
                    ((try? s.envelope(id: r.loan.envelope))?.documents ?? []).map { ($0.id, $0) },
                    uniquingKeysWith: { a, _ in a })
            }
            let env0 = s.summary(id: r.loan.envelope)
            for id in r.outstandingDocuments {
                let d = docs[r.loan.envelope]?[id]
                desk.all.append(
                    DeskRow(
                        loan: r.loan.id, document: id, envelope: r.loan.envelope, room: env0?.roomCode ?? "",
                        owner: env0?.owner ?? "",
                        kind: d?.kind ?? id, title: d?.title ?? "", original: d?.original ?? false,
                        borrower: r.loan.borrower,
                        department: r.loan.department, out: r.loan.out, due: r.due, dueText: env.tf.minute(r.due),
                        overdueDays: r.isOverdue(at: env.now) ? env.daysOverdue(r.due) : nil))
            }
        }
        desk.all.sort { a, b in
            if (a.overdueDays ?? 0) != (b.overdueDays ?? 0) { return (a.overdueDays ?? 0) > (b.overdueDays ?? 0) }
            if a.due != b.due { return a.due < b.due }
            return (a.room, a.kind) < (b.room, b.kind)
        }
        refreshDesk(&desk)
        if let keep { desk.cursor.selected = keep }
        mode = .loans(desk)
    }

    func refreshDesk(_ d: inout LoansDesk) {
        var idx = Array(d.all.indices)
        if let b = d.borrower { idx = idx.filter { d.all[$0].borrower == b } }
        let q = d.narrow.trimmed
        if !q.isEmpty {
            let borrowers = NameMatcher(idx.map { d.all[$0].borrower }).matches(q).map(\.index)
            let owners = NameMatcher(idx.map { d.all[$0].owner }).matches(q).map(\.index)
            let rooms = idx.indices.filter { d.all[idx[$0]].room.hasPrefix(q) }
            let keep = Set(borrowers + owners + rooms)
            idx = idx.indices.filter { keep.contains($0) }.map { idx[$0] }
        }
        d.shown = idx
    }

    mutating func loansKey(_ k: Key, _ d: inout LoansDesk, _ env: Env) -> [Effect] {
        let t = AppState.typeNarrow(k, &d.narrow, &d.typing)
        if t.handled {
            if t.changed {
                refreshDesk(&d)
                d.cursor.selected = 0
            }
            mode = .loans(d)
            return []
        }
        if listMove(k, &d.cursor, count: d.shown.count) {
            mode = .loans(d)
            return []
        }
        let row = d.cursor.selected < d.shown.count ? d.all[d.shown[d.cursor.selected]] : nil
        status = nil
        switch k {
        case .esc:
            if d.borrower != nil || !d.narrow.isEmpty {
                d.borrower = nil
                d.narrow.set("")
                refreshDesk(&d)
            } else {
                mode = .browse
                return []
            }
        case .char("L"):
            mode = .browse
            return []
        case .char("q"):
            quit = true
            return [.quit]
        case .char("?"):
            mode = .help(offset: 0)
            return []
        case .char("f"): d.typing = true
        case .char("B"):
            d.borrower = d.borrower == nil ? row?.borrower : nil
            refreshDesk(&d)
            d.cursor.selected = 0
        case .enter:
            if let row, let i = env.store.index(ofEnvelope: row.envelope) {
                mode = .browse
                jump(toStoreIndex: i, document: row.document, env)
                return []
            }
        case .char("r"):
            if let row, let (_, doc) = try? env.store.document(ref: row.document) {
                mode = .loans(d)
                open(ReturnForm(documents: [doc], env: env), env)
                return []
            }
        case .char("n"):
            if let row {
                mode = .loans(d)
                return [.write(.renew(loan: row.loan))]
            }
        case .char("P"):
            // The selected loan's slip, to print and have signed.
            if let row {
                showReport(.slip, env, loan: row.loan)
                if case .report(var r) = mode {
                    r.back = .loans  // Esc: back at the desk
                    mode = .report(r)
                }
                return []
            }
        default: break
        }
        mode = .loans(d)
        return []
    }

    // MARK: Photocopy register

    mutating func openCopies(_ env: Env) {
        var l = CopiesList()
        if case .copies(let old) = mode {
            l.narrow = old.narrow
            l.cursor = old.cursor
        }
        l.ids = env.store.register.copies.filter { $0.isOpen }.map { $0.id }
        refreshCopies(&l, env)
        mode = .copies(l)
    }

    func refreshCopies(_ l: inout CopiesList, _ env: Env) {
        let q = l.narrow.trimmed
        guard !q.isEmpty else {
            l.shown = Array(l.ids.indices)
            return
        }
        let recs = l.ids.map { env.store.register.paperwork.copies[$0] }
        let who = NameMatcher(recs.map { $0?.requester ?? "" }).matches(q).map(\.index)
        let owners = NameMatcher(recs.map { r in r.flatMap { env.store.summary(id: $0.envelope)?.owner } ?? "" })
            .matches(q).map(\.index)
        l.shown = Array(Set(who + owners)).sorted()
    }

    mutating func copiesKey(_ k: Key, _ l: inout CopiesList, _ env: Env) -> [Effect] {
        let t = AppState.typeNarrow(k, &l.narrow, &l.typing)
        if t.handled {
            if t.changed {
                refreshCopies(&l, env)
                l.cursor.selected = 0
            }
            mode = .copies(l)
            return []
        }
        if listMove(k, &l.cursor, count: l.shown.count) {
            mode = .copies(l)
            return []
        }
        switch k {
        case .esc:
            if !l.narrow.isEmpty {
                l.narrow.set("")
                refreshCopies(&l, env)
            } else {
                mode = .browse
                return []
            }
        case .char("C"):
            mode = .browse
            return []
        case .char("q"):
            quit = true
            return [.quit]
        case .char("?"):
            mode = .help(offset: 0)
            return []
        case .char("f"): l.typing = true
        case .enter:
            if l.cursor.selected < l.shown.count,
                let c = env.store.register.paperwork.copies[l.ids[l.shown[l.cursor.selected]]]
            {
                mode = .copies(l)
                switch c.stage {
                case .requested: open(CopyApproveForm(c, env), env)
                case .approved: open(CopyMadeForm(c, env), env)
                case .copied: open(CopyBackForm(c, env), env)
                case .back: open(CopySettleForm(c, env), env)
                case .settled, .refused: status = Status(T.Copy.closed)
                }
                return []
            }
        default: break
        }
        mode = .copies(l)
        return []
    }

    // MARK: Reports

    static let reportKinds: [ReportKind] = [
        .outstanding, .register, .copies, .monthly, .fileList, .label, .history, .cabinetList, .inventory, .destruction,
        .transfer,
        .storageList, .arrangement, .intake, .keys, .categories, .expired, .notices, .incidents, .access,
    ]

    mutating func openReportsMenu(_ env: Env) {
        mode = .reports(ReportsMenu(kinds: AppState.reportKinds, shown: Array(AppState.reportKinds.indices)))
    }

    mutating func reportsKey(_ k: Key, _ m: inout ReportsMenu, _ env: Env) -> [Effect] {
        let t = AppState.typeNarrow(k, &m.narrow, &m.typing)
        if t.handled {
            if t.changed {
                let q = m.narrow.trimmed.lowercased()
                let names = m.kinds.map { T.Reports.name($0) }
                let zh = NameMatcher(names.map(\.zh)).matches(q).map(\.index)
                let en = names.indices.filter { i in
                    names[i].en.lowercased().split(separator: " ").contains { $0.hasPrefix(q) }
                        || m.kinds[i].rawValue.hasPrefix(q)
                }
                m.shown = q.isEmpty ? Array(m.kinds.indices) : Array(Set(zh + en)).sorted()
                m.cursor.selected = 0
            }
            mode = .reports(m)
            return []
        }
        if listMove(k, &m.cursor, count: m.shown.count) {
            mode = .reports(m)
            return []
        }
        switch k {
        case .esc, .char("R"):
            mode = .browse
            return []
        case .char("q"):
            quit = true
            return [.quit]
        case .char("?"):
            mode = .help(offset: 0)
            return []
        case .char("f"): m.typing = true
        case .enter:
            if m.cursor.selected < m.shown.count {
                mode = .reports(m)
                showReport(m.kinds[m.shown[m.cursor.selected]], env)
                return []
            }
        default: break
        }
        mode = .reports(m)
        return []
    }

    /// `loan`: the slip of that loan (from the loans register) rather than of the last loan lent.
    mutating func showReport(_ k: ReportKind, _ env: Env, loan: String? = nil) {
        let target: String?
        switch k {
        case .fileList, .label, .history:
            guard let e = current else { return refuse(T.Status.selectEnvelope) }
            target = e.id
        case .cabinetList, .inventory, .storageList: target = selectedCabinet(env)?.code
        case .slip:
            guard let l = loan ?? lastLoan else { return refuse(T.Incident.noLoanYet) }
            target = l
        default: target = nil
        }
        do {
            let t = try Reports.build(k, store: env.store, month: nil, target: target)
            mode = .report(ReportView(kind: k, table: t, lines: ReportLayout.lines(t, kind: k, lang: lang), lang: lang))
        } catch {
            mode = .browse
            status = Status(T.Err.text(ErrorText(error), RuleContext(env: env)), .error)
        }
    }

    mutating func reportKey(_ k: Key, _ r: inout ReportView, _ env: Env) -> [Effect] {
        let page = reportRows
        let maxTop = max(0, r.lines.count - page)
        switch k {
        case .esc:
            switch r.back {
            case .browse: mode = .browse
            case .loans: openLoans(env)
            case .menu:
                mode = .reports(ReportsMenu(kinds: AppState.reportKinds, shown: Array(AppState.reportKinds.indices)))
            }
            return []
        case .char("q"):
            quit = true
            return [.quit]
        case .char("?"):
            mode = .help(offset: 0)
            return []
        case .up, .char("k"): r.top = max(0, r.top - 1)
        case .down, .char("j"): r.top = min(maxTop, r.top + 1)
        case .pageUp: r.top = max(0, r.top - page)
        case .pageDown, .char(" "): r.top = min(maxTop, r.top + page)
        case .home, .char("g"): r.top = 0
        case .end, .char("G"): r.top = maxTop
        case .left, .char("h"): r.left = max(0, r.left - 8)
        case .right, .char("l"): r.left += 8
        case .char("s"), .char("w"):
            mode = .report(r)
            return [.saveReport(r.kind, r.table, csv: k == .char("s"))]
        case .char("D") where r.kind == .expired:
            // The expired material listed, destroyed together (approver, rules, then the question).
            let docs = r.table.rows.compactMap { $0.last }.compactMap { try? env.store.document(ref: $0).1 }
            guard !docs.isEmpty else {
                status = Status(T.Registers.nothingExpired, .error)
                mode = .report(r)
                return []
            }
            if let no = denied(.work, env) {
                status = Status(no, .error)
                mode = .report(r)
                return []
            }
            open(ExpiredDestroyForm(documents: docs), env)
            return []
        default: break
        }
        mode = .report(r)
        return []
    }
}
