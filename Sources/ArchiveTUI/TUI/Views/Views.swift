import ArchiveModel
import Foundation

/// Draws the state into a screen buffer. Pure: the state is read, never changed (scrolling is
/// the update function's business), and the size is the state's.
public enum Views {
    public static func render(_ st: AppState, _ env: Env) -> ScreenBuffer {
        var b = ScreenBuffer(width: st.width, height: st.height)
        let lay = st.layout
        let lang = st.lang
        if lay.tooSmall {
            TooSmallView.draw(lang: lang, width: st.width, height: st.height, into: &b)
            return b
        }
        TitleBar.draw(
            TitleBar.Model(
                archive: env.store.info.name, operatorName: env.store.operatorName, day: env.tf.day(env.now),
                overdue: env.overdueCount), lang: lang, into: &b)
        var under = st.mode
        if case .form(let f) = st.mode {
            switch f.chrome.back {
            case .browse: break
            case .loans(let d): under = .loans(d)
            case .copies(let l): under = .copies(l)
            }
        }
        switch under {
        case .browse, .narrowing, .form:
            PanesView.draw(st, env, into: &b)
            DetailView.draw(st, env, in: lay.detail, into: &b)
        case .search(let s): SearchView.draw(s, lang: lang, env, in: lay.body, into: &b)
        case .loans(let d): LoansView.draw(d, lang: lang, in: lay.body, into: &b)
        case .copies(let l): CopiesView.draw(l, lang: lang, env, in: lay.body, into: &b)
        case .reports(let m): ReportsMenuView.draw(m, lang: lang, in: lay.body, into: &b)
        case .report(let r): ReportScreen.draw(r, in: lay.body, into: &b)
        case .help(let off): HelpView.draw(offset: off, lang: lang, in: lay.body, into: &b)
        }
        if case .form(let f) = st.mode { FormView.draw(f, lang: lang, layout: lay, into: &b) }
        StatusLine.draw(st, env, y: lay.statusY, into: &b)
        KeyBar.draw(KeyBar.items(st, env), lang: lang, y: lay.barY, into: &b)
        if let w = st.welcome { WelcomeView.draw(w, lang: lang, layout: lay, into: &b) }
        return b
    }
}

enum TooSmallView {
    static func draw(lang: Lang, width: Int, height: Int, into b: inout ScreenBuffer) {
        b.put(lang(T.Screen.tooSmall), x: 0, y: max(0, height / 2 - 1), maxWidth: width, style: .warn)
        b.put(
            lang(T.Screen.needAtLeast(Layout.minWidth, Layout.minHeight, width, height)), x: 0, y: height / 2,
            maxWidth: width)
    }
}

/// The first row: the archive, the operator, the day, the overdue loans.
enum TitleBar {
    struct Model {
        var archive: String
        var operatorName: String
        var day: String
        var overdue: Int
    }

    static func draw(_ m: Model, lang: Lang, into b: inout ScreenBuffer) {
        b.fill(Rect(x: 0, y: 0, w: b.width, h: 1), style: .title)
        let right = " " + lang(T.Screen.operatorIs(m.operatorName)) + "  " + m.day + "  "
        let od = lang(T.Screen.overdue(m.overdue)) + " "
        let rw = TextLayout.width(right) + TextLayout.width(od)
        b.put(
            " " + lang(T.Screen.appName) + "  " + m.archive, x: 0, y: 0, maxWidth: max(0, b.width - rw - 1),
            style: .title)
        let x = max(0, b.width - rw)
        let used = b.put(right, x: x, y: 0, style: .title)
        b.put(od, x: x + used, y: 0, style: m.overdue > 0 ? .titleAlert : .title)
    }
}

/// The line above the key bar: a message, the search or narrowing prompt, progress, the filter.
enum StatusLine {
    static func draw(_ st: AppState, _ env: Env, y: Int, into b: inout ScreenBuffer) {
        let lang = st.lang
        let w = b.width
        b.fill(Rect(x: 0, y: y, w: w, h: 1))
        // A prompt being typed in takes the line (its caret is the cursor).
        func prompt(_ label: Phrase, _ e: LineEdit, right: String = "") {
            let l = lang(label) + " "
            let lw = b.put(l, x: 0, y: y, style: .header)
            let rw = TextLayout.width(right)
            let room = max(2, w - lw - rw - 1)
            let (text, caret) = e.window(width: room)
            b.fill(Rect(x: lw, y: y, w: room, h: 1), style: .fieldActive)
            b.put(text, x: lw, y: y, maxWidth: room, style: .fieldActive)
            b.cursor = .init(x: lw + caret, y: y)
            if rw > 0 { b.put(right, x: w - rw, y: y, style: .dim) }
        }
        switch st.mode {
        case .search(let s):
            prompt(T.Search.prompt, s.query, right: s.query.isEmpty ? "" : lang(T.Search.count(s.results.total)) + " ")
            return
        case .narrowing(let p, let e):
            prompt(T.Narrow.prompt(p), e, right: lang(T.Narrow.shown(st.count(p, env))) + " ")
            return
        case .loans(let d) where d.typing:
            prompt(T.Loans.narrowPrompt, d.narrow)
            return
        case .copies(let l) where l.typing:
            prompt(T.Narrow.listPrompt, l.narrow)
            return
        case .reports(let m) where m.typing:
            prompt(T.Narrow.listPrompt, m.narrow)
            return
        default: break
        }
        if let s = st.status {
            let style: Style = s.kind == .error ? .error : (s.kind == .ok ? .ok : .normal)
            b.put(" " + lang(s.text), x: 0, y: y, maxWidth: w, style: style)
            return
        }
        if let p = st.indexProgress, p.total > 0, !p.finished {
            b.put(" " + lang(T.Status.indexing(p.done, p.total)), x: 0, y: y, maxWidth: w, style: .dim)
            return
        }
        if case .browse = st.mode {
            var parts: [Phrase] = []
            if st.filter.isActive { parts.append(T.Filter.summary(st.filter)) }
            for p in PaneID.allCases where !st[p].narrow.isEmpty { parts.append(T.Narrow.active(p, st[p].narrow)) }
            if !parts.isEmpty {
                b.put(
                    " " + parts.map { lang($0) }.joined(separator: "  ") + "  " + lang(T.Narrow.escClears), x: 0, y: y,
                    maxWidth: w, style: .warn)
            }
        }
    }
}
