import ArchiveModel
import Foundation

/// A form over the panes, sized to the terminal: its title in the frame, the lines about what
/// it concerns (wrapped, never cut), the fields, the suggestions under the field being typed
/// in, and the message (wrapped). A confirmation replaces the fields with what will happen.
enum FormView {
    static func draw(_ f: any FormModel, lang: Lang, layout: Layout, into b: inout ScreenBuffer) {
        let fields = f.fields
        let probe = layout.overlay(rows: 1)
        let inner = probe.w - 4
        // What goes in the frame, top to bottom.
        var info: [(String, Style)] = []
        let markW = f.lines.compactMap { $0.mark }.map { TextLayout.width(lang($0)) }.max() ?? 0
        for l in f.lines {
            if let m = l.mark {
                let head = TextLayout.fit(lang(m), markW) + " "
                let wrapped = TextLayout.wrap(lang(l.text), width: max(8, inner - markW - 1))
                for (k, w) in wrapped.enumerated() {
                    info.append(((k == 0 ? head : String(repeating: " ", count: markW + 1)) + w, l.style))
                }
            } else {
                for w in TextLayout.wrap(lang(l.text), width: inner) { info.append((w, l.style)) }
            }
        }
        var note: [(String, Style)] = []
        if f.chrome.askDiscard {
            note = TextLayout.wrap(lang(T.Form.askDiscard), width: inner).map { ($0, .warn) }
        } else if let n = f.chrome.note {
            let st: Style = n.kind == .error ? .error : (n.kind == .ok ? .ok : .normal)
            note = TextLayout.wrap(lang(n.text), width: inner).map { ($0, st) }
        }
        var confirm: [(String, Style)] = []
        if let c = f.chrome.confirming {
            for l in c.lines { for w in TextLayout.wrap(lang(l), width: inner) { confirm.append((w, .warn)) } }
            confirm.append(("", .normal))
            confirm.append((lang(T.Form.confirmKeys), .header))
        }
        // Frame + blank + info + blank + fields + blank + note + footer. On a short terminal the
        // fields keep at least three rows and scroll with the focus.
        let chromeRows = 2 + 1 + 1 + 1 + max(1, note.count) + 1
        let wanted = confirm.isEmpty ? fields.count : confirm.count
        let body = min(wanted, max(3, layout.body.h - chromeRows - 1))
        let fixed = chromeRows + body
        let maxInfo = max(1, layout.body.h - fixed)
        if info.count > maxInfo {
            let more = info.count - maxInfo + 1
            info = Array(info.prefix(maxInfo - 1)) + [(lang(T.Form.moreLines(more)), .dim)]
        }
        let r = layout.overlay(rows: fixed + info.count)
        b.fill(r)
        b.box(r)
        b.put(" " + lang(f.title) + " ", x: r.x + 2, y: r.y, maxWidth: r.w - 4, style: .header)
        let x0 = r.x + 2
        var y = r.y + 2
        for (text, style) in info where y < r.maxY - 1 {
            b.put(text, x: x0, y: y, maxWidth: inner, style: style)
            y += 1
        }
        y += 1
        if !confirm.isEmpty {
            for (text, style) in confirm where y < r.maxY - 1 {
                b.put(text, x: x0, y: y, maxWidth: inner, style: style)
                y += 1
            }
        } else {
            let labelW = min(inner / 3, (fields.map { TextLayout.width(lang($0.label)) }.max() ?? 4) + 2)
            let vx = x0 + labelW + 1
            let vw = max(4, r.maxX - 2 - vx)
            var fieldY: [Int: Int] = [:]
            // The window of fields shown, the focused one in it.
            // (rows left: above the bottom border, a blank, the note and the footer)
            let shown = max(1, min(fields.count, (r.maxY - 1) - y - 1 - max(1, note.count) - 1))
            let first = max(0, min(f.chrome.focus - shown / 2, fields.count - shown))
            for (i, fld) in fields.enumerated() where i >= first && i < first + shown && y < r.maxY - 1 {
                let active = i == f.chrome.focus
                fieldY[i] = y
                b.put(
                    (fld.required ? "*" : " ") + lang(fld.label), x: x0, y: y, maxWidth: labelW,
                    style: active ? .header : .normal)
                let style: Style = active ? .fieldActive : .field
                b.fill(Rect(x: vx, y: y, w: vw, h: 1), style: style)
                switch fld.input {
                case .text(let e, _):
                    let (text, caret) = e.window(width: vw)
                    b.put(text, x: vx, y: y, maxWidth: vw, style: style)
                    if active { b.cursor = .init(x: vx + caret, y: y) }
                case .choice(let c):
                    if active && !c.typed.isEmpty {
                        let (text, caret) = c.typed.window(width: vw)
                        b.put(text, x: vx, y: y, maxWidth: vw, style: style)
                        b.cursor = .init(x: vx + caret, y: y)
                    } else {
                        b.put("< " + lang(c.label) + " >", x: vx, y: y, maxWidth: vw, style: style)
                    }
                }
                y += 1
            }
            if let p = f.chrome.popup, let fy = fieldY[f.chrome.focus] {
                drawPopup(p, lang: lang, fieldY: fy, x: vx, w: vw, frame: r, into: &b)
            }
        }
        y += 1
        for (text, style) in note where y < r.maxY - 1 {
            b.put(text, x: x0, y: y, maxWidth: inner, style: style)
            y += 1
        }
        if note.isEmpty { y += 1 }
        if confirm.isEmpty && y < r.maxY - 1 && fields.contains(where: { $0.required }) {
            b.put(lang(T.Form.requiredMark), x: x0, y: r.maxY - 2, maxWidth: inner, style: .dim)
        }
    }

    /// The suggestions: under the field when they fit in the frame, else above it.
    static func drawPopup(_ p: Popup, lang: Lang, fieldY: Int, x: Int, w: Int, frame: Rect, into b: inout ScreenBuffer)
    {
        let n = p.candidates.count
        let h = n + 2
        var top = fieldY + 1
        if top + h > frame.maxY - 1 { top = max(frame.y + 1, fieldY - h) }
        let r = Rect(x: x, y: top, w: w, h: min(h, frame.maxY - 1 - top))
        guard r.h >= 3 else { return }
        b.fill(r)
        b.box(r)
        for (k, c) in p.candidates.prefix(r.h - 2).enumerated() {
            let sel = k == p.selected
            let style: Style = sel ? .selected : .normal
            let yy = r.y + 1 + k
            b.fill(Rect(x: r.x + 1, y: yy, w: r.w - 2, h: 1), style: style)
            let label = lang(c.label)
            let hl = lang == .zh || c.label.zh == c.label.en ? c.ranges : []
            let used = b.put(
                " " + label, x: r.x + 1, y: yy, maxWidth: r.w - 2, style: style,
                highlight: hl.map { ($0.lowerBound + 1)..<($0.upperBound + 1) },
                highlightStyle: sel ? .selected : .match)
            let d = lang(c.detail)
            if !d.isEmpty, used + 2 < r.w - 2 {
                b.put("  " + d, x: r.x + 1 + used, y: yy, maxWidth: r.w - 2 - used, style: sel ? .selected : .dim)
            }
        }
    }
}
