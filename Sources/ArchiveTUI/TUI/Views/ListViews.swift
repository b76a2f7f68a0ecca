import ArchiveModel
import Foundation

/// A list's title row.
func listTitle(_ text: String, in r: Rect, into b: inout ScreenBuffer) {
    b.put(" " + text, x: r.x, y: r.y, maxWidth: r.w, style: .header, pad: true)
}

/// Owner search results: room, owner, place, number, and the field that matched when it is not
/// the owner (co-owner 共有人, tenant 租户, room, number, barcode), matched characters marked.
enum SearchView {
    static func draw(_ s: SearchState, lang: Lang, _ env: Env, in r: Rect, into b: inout ScreenBuffer) {
        b.fill(r)
        listTitle(lang(T.Search.title), in: r, into: &b)
        let rows = r.h - 1
        let hits = s.results.hits
        if hits.isEmpty {
            b.put(
                "  " + lang(s.query.isEmpty ? T.Search.typeToFind : T.Search.noMatch), x: r.x, y: r.y + 2, style: .dim)
            return
        }
        for row in 0..<min(rows, hits.count - s.cursor.offset) {
            let i = s.cursor.offset + row
            let h = hits[i]
            let e = env.store.envelopes[h.index]
            let y = r.y + 1 + row
            let sel = i == s.cursor.selected
            let style: Style = sel ? .selected : .normal
            let hl: Style = sel ? .selected : .match
            b.fill(Rect(x: r.x, y: y, w: r.w, h: 1), style: style)
            var x = r.x + b.put(" " + TextLayout.fit(e.roomCode, 9) + " ", x: r.x, y: y, style: style)
            let owner = TextLayout.fit(e.owner, 12)
            x += b.put(
                owner + " ", x: x, y: y, style: style, highlight: h.fieldName == "owner" ? h.ranges : [],
                highlightStyle: hl)
            x += b.put(
                TextLayout.fit(lang(T.Search.place(e.cabinet, e.building, e.floor)), 16) + " ", x: x, y: y,
                style: sel ? style : .dim)
            x += b.put(TextLayout.fit(e.number, 16) + " ", x: x, y: y, style: sel ? style : .dim)
            if h.fieldName != "owner" && x < r.maxX - 4 {
                let label = lang(T.Search.field(h.fieldName)) + " "
                let lw = b.put(label, x: x, y: y, style: sel ? style : .dim)
                b.put(
                    h.text, x: x + lw, y: y, maxWidth: r.maxX - x - lw, style: style, highlight: h.ranges,
                    highlightStyle: hl)
            }
        }
    }
}

/// The loans register as a circulation desk: one row per document out, overdue first, columns
/// aligned by display width.
enum LoansView {
    static func draw(_ d: LoansDesk, lang: Lang, in r: Rect, into b: inout ScreenBuffer) {
        b.fill(r)
        let overdue = d.all.filter { $0.overdueDays != nil }.count
        var title = lang(T.Loans.title(out: d.all.count, overdue: overdue))
        if let who = d.borrower { title += "  " + lang(T.Loans.onlyBorrower(who)) }
        if !d.narrow.isEmpty { title += "  " + lang(T.Loans.narrowed(d.narrow.text, d.shown.count)) }
        listTitle(title, in: r, into: &b)
        if d.shown.isEmpty {
            b.put("  " + lang(d.all.isEmpty ? T.Loans.nothingOut : T.Pane.noneMatch), x: r.x, y: r.y + 2, style: .dim)
            return
        }
        let header = [
            T.Loans.colOverdue, T.Loans.colRoom, T.Loans.colOwner, T.Loans.colDocument, T.Loans.colBorrower,
            T.Loans.colDue,
        ].map { lang($0) }
        let cells: [[String]] = d.shown.map { i in
            let row = d.all[i]
            let doc =
                row.kind + " " + lang(T.Marks.originalShort(row.original))
                + (row.title.isEmpty || row.title == row.kind ? "" : " " + row.title)
            return [
                row.overdueDays.map { lang(T.Marks.overdue($0)) } ?? "", row.room, row.owner, doc, row.borrower,
                row.dueText,
            ]
        }
        let widths = TextLayout.columnWidths(
            cells, header: header, max: [10, 10, 12, 60, 12, 16], flexible: 3, available: r.w - 2)
        func line(_ c: [String]) -> String { zip(c, widths).map { TextLayout.fit($0.0, $0.1) }.joined(separator: " ") }
        b.put(" " + line(header), x: r.x, y: r.y + 1, maxWidth: r.w, style: .headerDim, pad: true)
        let rows = r.h - 2
        for row in 0..<min(rows, d.shown.count - d.cursor.offset) {
            let i = d.cursor.offset + row
            let y = r.y + 2 + row
            let sel = i == d.cursor.selected
            let style: Style = sel ? .selected : .normal
            b.fill(Rect(x: r.x, y: y, w: r.w, h: 1), style: style)
            let c = cells[i]
            var x = r.x + 1
            for (k, text) in c.enumerated() {
                let st: Style = !sel && k == 0 && !text.isEmpty ? .overdue : style
                b.put(TextLayout.fit(text, widths[k]), x: x, y: y, style: st)
                x += widths[k] + 1
            }
        }
    }
}

/// The photocopy register: open photocopies, each at its stage.
enum CopiesView {
    static func draw(_ l: CopiesList, lang: Lang, _ env: Env, in r: Rect, into b: inout ScreenBuffer) {
        b.fill(r)
        var title = lang(T.Copy.listTitle(l.ids.count))
        if !l.narrow.isEmpty { title += "  " + lang(T.Loans.narrowed(l.narrow.text, l.shown.count)) }
        listTitle(title, in: r, into: &b)
        if l.shown.isEmpty {
            b.put("  " + lang(l.ids.isEmpty ? T.Copy.none : T.Pane.noneMatch), x: r.x, y: r.y + 2, style: .dim)
            return
        }
        let tf = env.tf
        let header = [
            T.Copy.colStage, T.Loans.colRoom, T.Loans.colOwner, T.Loans.colDocument, T.Copy.colRequester,
            T.Field.purpose, T.Copy.colRequested,
        ].map { lang($0) }
        let cells: [[String]] = l.shown.map { i in
            guard let c = env.store.register.paperwork.copies[l.ids[i]] else { return Array(repeating: "", count: 7) }
            let s = env.store.summary(id: c.envelope)
            return [
                lang(T.Copy.stageShort(c.stage)), s?.roomCode ?? "", s?.owner ?? "",
                lang(T.Common.documents(c.documents.count)),
                c.requester, c.purpose, tf.minute(c.requestedAt),
            ]
        }
        let widths = TextLayout.columnWidths(
            cells, header: header, max: [10, 10, 12, 10, 12, 40, 16], flexible: 5, available: r.w - 2)
        func line(_ c: [String]) -> String { zip(c, widths).map { TextLayout.fit($0.0, $0.1) }.joined(separator: " ") }
        b.put(" " + line(header), x: r.x, y: r.y + 1, maxWidth: r.w, style: .headerDim, pad: true)
        for row in 0..<min(r.h - 2, l.shown.count - l.cursor.offset) {
            let i = l.cursor.offset + row
            b.put(
                " " + line(cells[i]), x: r.x, y: r.y + 2 + row, maxWidth: r.w,
                style: i == l.cursor.selected ? .selected : .normal, pad: true)
        }
    }
}

enum ReportsMenuView {
    static func draw(_ m: ReportsMenu, lang: Lang, in r: Rect, into b: inout ScreenBuffer) {
        b.fill(r)
        listTitle(lang(T.Reports.menuTitle), in: r, into: &b)
        if m.shown.isEmpty {
            b.put("  " + lang(T.Pane.noneMatch), x: r.x, y: r.y + 2, style: .dim)
            return
        }
        let names = m.shown.map { lang(T.Reports.name(m.kinds[$0])) }
        let w = (names.map { TextLayout.width($0) }.max() ?? 10) + 2
        for row in 0..<min(r.h - 1, m.shown.count - m.cursor.offset) {
            let i = m.cursor.offset + row
            let k = m.kinds[m.shown[i]]
            let sel = i == m.cursor.selected
            let y = r.y + 1 + row
            b.fill(Rect(x: r.x, y: y, w: r.w, h: 1), style: sel ? .selected : .normal)
            let used = b.put("  " + TextLayout.fit(names[i], w), x: r.x, y: y, style: sel ? .selected : .normal)
            b.put(lang(T.Reports.about(k)), x: r.x + used, y: y, maxWidth: r.w - used, style: sel ? .selected : .dim)
        }
    }
}

/// A report's text, scrolled: lines from `top`, columns from `left`, never splitting a wide character.
enum ReportScreen {
    static func draw(_ v: ReportView, in r: Rect, into b: inout ScreenBuffer) {
        b.fill(r)
        for (i, line) in v.lines.dropFirst(v.top).prefix(r.h).enumerated() {
            var skipped = 0
            var rest = Substring(line)
            while skipped < v.left, let ch = rest.first {
                skipped += TextLayout.width(String(ch))
                rest = rest.dropFirst()
            }
            let text = (skipped > v.left ? " " : "") + rest
            b.put(String(text), x: r.x, y: r.y + i, maxWidth: r.w, style: v.top + i < 2 ? .header : .normal)
        }
    }
}

enum HelpView {
    static func draw(offset: Int, lang: Lang, in r: Rect, into b: inout ScreenBuffer) {
        b.fill(r)
        let entries = T.Help.entries
        let keyW = entries.map { TextLayout.width(lang($0.keys)) }.max() ?? 10
        var lines: [(String, Style)] = [(lang(T.Help.title), .header)]
        for e in entries {
            if e.keys.zh.isEmpty {
                lines.append(("", .normal))
                lines.append((lang(e.text), .header))
                continue
            }
            let wrapped = TextLayout.wrap(lang(e.text), width: max(10, r.w - keyW - 5))
            for (k, w) in wrapped.enumerated() {
                lines.append(
                    (
                        (k == 0 ? TextLayout.fit(lang(e.keys), keyW) : String(repeating: " ", count: keyW)) + "  " + w,
                        .normal
                    ))
            }
        }
        let top = max(0, min(offset, lines.count - r.h))
        for (i, (text, style)) in lines.dropFirst(top).prefix(r.h).enumerated() {
            b.put("  " + text, x: r.x, y: r.y + i, maxWidth: r.w, style: style)
        }
    }
}

/// The first-run message, over the first screen until a key is pressed.
enum WelcomeView {
    static func draw(_ w: WelcomeNote, lang: Lang, layout: Layout, into b: inout ScreenBuffer) {
        let probe = layout.overlay(rows: 1, maxWidth: 80)
        let inner = probe.w - 4
        var lines: [(String, Style)] = []
        for (p, s) in T.Welcome.lines(w) {
            if p.zh.isEmpty {
                lines.append(("", .normal))
                continue
            }
            for l in TextLayout.wrap(lang(p), width: inner) { lines.append((l, s)) }
        }
        let r = layout.overlay(rows: lines.count + 4, maxWidth: 80)
        b.fill(r)
        b.box(r)
        b.put(" " + lang(T.Welcome.title) + " ", x: r.x + 2, y: r.y, maxWidth: r.w - 4, style: .header)
        for (i, (text, style)) in lines.prefix(r.h - 4).enumerated() {
            b.put(text, x: r.x + 2, y: r.y + 2 + i, maxWidth: inner, style: style)
        }
    }
}
