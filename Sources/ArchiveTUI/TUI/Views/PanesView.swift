import ArchiveModel
import Foundation

/// The three panes: cabinets | envelopes in filing order | documents. Every mark is a word or a
/// letter (借 缺 损 结 移 逾, or their English letters), so that it reads without colour.
enum PanesView {
    static func draw(_ st: AppState, _ env: Env, into b: inout ScreenBuffer) {
        let lay = st.layout
        let rects = lay.panes(focus: st.focus)
        for (i, (pane, r)) in rects.enumerated() {
            drawPane(st, env, pane, r, into: &b)
            if i + 1 < rects.count { b.vline(x: r.maxX, y: r.y, h: r.h) }
        }
        // The dividing line under the panes meets the pane dividers.
        if lay.detailHeight > 0 {
            let y = lay.detail.y
            b.hline(x: 0, y: y, w: lay.width)
            for (i, (_, r)) in rects.enumerated() where i + 1 < rects.count { b.line(.teeUp, x: r.maxX, y: y) }
        }
    }

    static func header(_ st: AppState, _ env: Env, _ pane: PaneID) -> String {
        let lang = st.lang
        switch pane {
        case .cabinets:
            return lang(T.Pane.cabinets(st.cabinetCount(env), of: env.store.cabinets.count))
        case .envelopes:
            return lang(
                T.Pane.envelopes(
                    st.selectedCabinet(env)?.code ?? "", shown: st.envelopeCount(env), of: st.cabinetRange.count))
        case .documents:
            return lang(
                T.Pane.documents(st.documentCount(env), of: st.allDocuments(env).count, marked: st.marked.count))
        }
    }

    static func drawPane(_ st: AppState, _ env: Env, _ pane: PaneID, _ r: Rect, into b: inout ScreenBuffer) {
        let lang = st.lang
        let focused = st.focus == pane
        b.put(
            " " + header(st, env, pane), x: r.x, y: r.y, maxWidth: r.w, style: focused ? .header : .headerDim, pad: true
        )
        let rows = r.h - 1
        guard rows > 0 else { return }
        let cur = st[pane].cursor
        let count = st.count(pane, env)
        if pane == .documents {
            if let e = st.currentError {
                b.put(
                    " " + lang(T.Err.cannotRead(T.Err.text(e, RuleContext(env: env)))), x: r.x, y: r.y + 1,
                    maxWidth: r.w, style: .error)
                return
            }
            if st.limited(env), st.current != nil {
                b.put(" " + lang(T.Detail.namesOnly), x: r.x, y: r.y + 1, maxWidth: r.w, style: .dim)
                return
            }
        }
        if count == 0 {
            let empty: Phrase =
                pane == .envelopes && (st.filter.isActive || !st[pane].narrow.isEmpty) ? T.Pane.noneMatch : T.Pane.empty
            b.put("  " + lang(empty), x: r.x, y: r.y + 1, maxWidth: r.w, style: .dim)
            return
        }
        let counts = pane == .cabinets ? env.store.cabinetCounts() : [:]
        let register = env.store.register
        for row in 0..<min(rows, count - cur.offset) {
            let i = cur.offset + row
            let y = r.y + 1 + row
            let isSel = i == cur.selected
            let base: Style = isSel ? (focused ? .selected : .selectedDim) : .normal
            b.fill(Rect(x: r.x, y: y, w: r.w, h: 1), style: base)
            var left = ""
            var right = ""
            var leftStyle = base
            var rightStyle: Style = isSel ? base : .mark
            switch pane {
            case .cabinets:
                let idx = st[.cabinets].rows?[i] ?? i
                let c = env.store.cabinets[idx]
                left = " \(c.code) \(c.label)"
                right = "\(counts[c.code] ?? 0) "
                if !isSel { rightStyle = .dim }
            case .envelopes:
                let e = env.store.envelopes[st.envelopePosition(i)]
                left = " \(e.roomCode) " + (e.damaged != nil ? lang(T.Pane.damagedName) : e.owner)
                var marks: [String] = []
                let limited = st.limited(env)
                if !limited && register.openIncidentCount(envelope: e.id) > 0 {
                    marks.append(lang(T.Marks.incident))
                    if !isSel { rightStyle = .overdue }
                }
                if !limited && (register.outByEnvelope[e.id] ?? 0) > 0 { marks.append(lang(T.Marks.onLoan)) }
                if let d = env.overdueDays(envelope: e.id) {
                    marks.append(lang(T.Marks.overdue(d)))
                    if !isSel { rightStyle = .overdue }
                }
                if e.missing > 0 { marks.append(lang(T.Marks.incomplete)) }
                if e.damaged != nil { marks.append(lang(T.Marks.damaged)) }
                if e.status == .closed { marks.append(lang(T.Marks.closed)) }
                if e.status == .transferred { marks.append(lang(T.Marks.transferred)) }
                right = marks.isEmpty ? "" : marks.joined(separator: " ") + " "
            case .documents:
                let d = st.document(i, env)
                let isMarked = st.marked.contains(d.id)
                left = (isMarked ? "+" : " ") + d.kind
                if isMarked && !isSel { leftStyle = .marked }
                var parts = [lang(T.Marks.originalShort(d.original))]
                if d.secrecy != .none { parts.append(lang(T.Marks.secrecyShort(d.secrecy))) }
                if let i = register.openIncidents(document: d.id).first {
                    parts.append(lang(T.Enum.incident(i.kind)))
                    if !isSel { rightStyle = .overdue }
                }
                if let l = register.openLoan(of: d.id) {
                    if l.isOverdue(at: env.now) {
                        parts.append(lang(T.Marks.overdue(env.daysOverdue(l.due))))
                        if !isSel { rightStyle = .overdue }
                    } else {
                        parts.append(lang(T.Marks.outUntil(String(env.tf.minute(l.due).dropFirst(5).prefix(5)))))
                    }
                } else {
                    let s = env.store.state(of: d)
                    parts.append(lang(T.Enum.docState(s)))
                    if !isSel && register.openIncidents(document: d.id).isEmpty {
                        rightStyle = s == .present ? .dim : .mark
                    }
                }
                right = parts.joined(separator: " ") + " "
            }
            let rw = min(TextLayout.width(right), max(0, r.w - 6))
            b.put(left, x: r.x, y: y, maxWidth: max(1, r.w - rw - 1), style: leftStyle)
            if rw > 0 { b.put(right, x: r.x + r.w - rw, y: y, maxWidth: rw, style: rightStyle) }
        }
    }
}

/// The area under the panes: everything about the selected cabinet, envelope or document.
enum DetailView {
    static func draw(_ st: AppState, _ env: Env, in r: Rect, into b: inout ScreenBuffer) {
        guard r.h > 1 else { return }
        let lang = st.lang
        var lines: [(Phrase, Style)] = []
        switch st.focus {
        case .cabinets:
            if let c = st.selectedCabinet(env) {
                lines.append((T.Detail.cabinet(c.code, c.label), .header))
                lines.append((T.Detail.cabinetWhere(room: c.room, keys: c.keyHolders), .normal))
                if let l = env.store.register.office.lostKeys[c.code] {
                    lines.append((T.Registers.lostKey(l.from), .warn))
                }
                lines.append((T.Detail.envelopesIn(st.cabinetRange.count), .normal))
            }
        case .envelopes:
            lines = envelope(st, env)
        case .documents:
            lines = document(st, env, historyRows: r.h - 4)
        }
        for (i, (text, style)) in lines.prefix(r.h - 1).enumerated() {
            b.put(" " + lang(text), x: r.x, y: r.y + 1 + i, maxWidth: r.w, style: style)
        }
    }

    static func envelope(_ st: AppState, _ env: Env) -> [(Phrase, Style)] {
        guard let sum = st.selectedEnvelope(env) else { return [] }
        if st.limited(env) {
            return [
                (
                    .same(
                        "\(sum.roomCode)  \(sum.owner)"
                            + (sum.coOwners.isEmpty ? "" : "  " + sum.coOwners.joined(separator: ", "))), .header
                ),
                (env.store.operatorMember == nil ? T.Detail.unknownLogin(env.store.login) : T.Detail.namesOnly, .dim),
            ]
        }
        guard let e = st.current else {
            return [
                (
                    .same(sum.roomCode + "  ")
                        + (st.currentError.map { T.Err.text($0, RuleContext(env: env)) } ?? .same("")), .error
                )
            ]
        }
        var out: [(Phrase, Style)] = []
        out.append((T.Detail.envelope(e.number, e.owner, e.status), .header))
        out.append(
            (
                T.Detail.place(e.location) + .same("   ") + T.Detail.barcode(e.barcode) + .same("   ")
                    + T.Detail.moveIn(e.moveIn), .normal
            ))
        var people: [Phrase] = []
        if !e.coOwners.isEmpty { people.append(T.Detail.coOwners(e.coOwners)) }
        if !e.tenants.isEmpty { people.append(T.Detail.tenants(e.tenants)) }
        people.append(T.Detail.phones(e.phones.map(Mask.phone)))
        out.append((people.dropFirst().reduce(people[0]) { $0 + .same("  ") + $1 }, .normal))
        if let c = e.emergencyContact {
            out.append((T.Detail.emergency(c.name, c.relation, Mask.phone(c.phone)), .normal))
        }
        // Customer details (issue 17): category, plates, parking, a unit key held, a move-out.
        var details = T.Registers.details(category: e.category, plates: e.vehiclePlates, parking: e.parking)
        if let k = env.store.register.office.unitKeys[e.id] {
            details = details.zh.isEmpty ? T.Registers.unitKey(k) : details + .same("   ") + T.Registers.unitKey(k)
        }
        if !details.zh.isEmpty { out.append((details, .normal)) }
        if let m = e.moveOut { out.append((T.Registers.movedOut(m, phone: Mask.phone(m.phone)), .warn)) }
        let missing = ArchiveStore.missingKinds(e, settings: env.settings)
        if !missing.isEmpty { out.append((T.Detail.missing(missing), .warn)) }
        if let d = env.overdueDays(envelope: e.id) { out.append((T.Detail.overdueLoan(d), .overdue)) }
        for i in env.store.register.incidents where i.isOpen && i.envelope == e.id {
            out.append((T.Incident.line(i, env.tf.minute(i.reportedAt)), .overdue))
        }
        if let p = e.previousEnvelope {
            out.append((T.Detail.previous(env.store.summary(id: p).map { "\($0.number) \($0.owner)" } ?? p), .dim))
        }
        if let n = e.nextEnvelope {
            out.append((T.Detail.next(env.store.summary(id: n).map { "\($0.number) \($0.owner)" } ?? n), .dim))
        }
        out.append((.same("id \(e.id)"), .dim))
        return out
    }

    static func document(_ st: AppState, _ env: Env, historyRows: Int) -> [(Phrase, Style)] {
        guard let d = st.selectedDocument(env), let e = st.current else {
            if let err = st.currentError { return [(T.Err.text(err, RuleContext(env: env)), .error)] }
            return []
        }
        let tf = env.tf
        var out: [(Phrase, Style)] = []
        out.append((.same("\(d.kind)  \(d.title)"), .header))
        out.append(
            (
                T.Detail.documentFacts(d, state: env.store.state(of: d), keep: T.Registers.keepUntil(d, env.settings)),
                .normal
            ))
        out.append((T.Detail.place(e.location) + .same("  \(e.owner)  \(d.id)"), .dim))
        for i in env.store.register.openIncidents(document: d.id) {
            out.append(
                (T.Incident.line(i, env.tf.minute(i.reportedAt)) + .same("  ") + T.Incident.resolveHint, .overdue))
        }
        let hist = env.store.register.history(of: d.id)
        if hist.isEmpty { out.append((T.Detail.noHistory, .dim)) }
        for h in hist.reversed().prefix(max(0, historyRows)) {
            let ret = h.returns.first { $0.documents.contains(d.id) }
            let tail: Phrase
            if let ret {
                tail = T.Detail.returnedAt(tf.minute(ret.at), complete: ret.complete)
            } else if h.isOverdue(at: env.now) {
                tail = T.Loans.dueOn(tf.minute(h.due)) + .same("  ") + T.Marks.overdue(env.daysOverdue(h.due))
            } else {
                tail = T.Loans.dueOn(tf.minute(h.due))
            }
            out.append(
                (
                    .same("\(tf.minute(h.loan.out))  \(h.loan.borrower) \(h.loan.department)  \(h.loan.purpose)  ")
                        + tail, ret == nil ? .warn : .normal
                ))
        }
        return out
    }
}
