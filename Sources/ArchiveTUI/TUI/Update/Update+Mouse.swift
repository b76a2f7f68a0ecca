import ArchiveModel
import Foundation

/// The mouse: the wheel scrolls the list under the pointer (not the focused one), a click
/// focuses a pane and selects the row, a double click opens (as Enter).
extension AppState {
    static let doubleClickMs = 400
    static let wheelStep = 3

    mutating func mouse(_ m: MouseEvent, _ env: Env) -> [Effect] {
        if welcome != nil {
            if m.action == .press { welcome = nil }
            return []
        }
        if layout.tooSmall { return [] }
        let double =
            m.action == .press
            && lastPress.map { $0.x == m.x && $0.y == m.y && m.at - $0.at <= AppState.doubleClickMs } == true
        if m.action == .press { lastPress = double ? nil : m }
        let wheel = m.action == .wheelUp ? -AppState.wheelStep : (m.action == .wheelDown ? AppState.wheelStep : 0)
        let body = layout.body
        switch mode {
        case .browse, .narrowing:
            guard let (pane, r) = layout.panes(focus: focus).first(where: { $0.1.contains(x: m.x, y: m.y) }) else {
                return []
            }
            if wheel != 0 {
                scroll(pane, by: wheel, env)
                return []
            }
            if case .narrowing = mode { mode = .browse }
            focus = pane
            let row = m.y - r.y - 1
            if row >= 0, self[pane].cursor.offset + row < count(pane, env) {
                select(pane, self[pane].cursor.offset + row, env)
            }
            if double { return browseKey(.enter, env) }
        case .search(var s):
            if wheel != 0 {
                s.cursor.move(wheel, count: s.results.hits.count)
                mode = .search(s)
                return []
            }
            let row = m.y - body.y - 1
            if row >= 0, s.cursor.offset + row < s.results.hits.count {
                s.cursor.selected = s.cursor.offset + row
                mode = .search(s)
            }
            if double { searchKey(.enter, &s, env) }
        case .loans(var d):
            if wheel != 0 {
                d.cursor.move(wheel, count: d.shown.count)
                mode = .loans(d)
                return []
            }
            let row = m.y - body.y - 2
            if row >= 0, d.cursor.offset + row < d.shown.count {
                d.cursor.selected = d.cursor.offset + row
                mode = .loans(d)
            }
            if double { return loansKey(.enter, &d, env) }
        case .copies(var l):
            if wheel != 0 {
                l.cursor.move(wheel, count: l.shown.count)
                mode = .copies(l)
                return []
            }
            let row = m.y - body.y - 2
            if row >= 0, l.cursor.offset + row < l.shown.count {
                l.cursor.selected = l.cursor.offset + row
                mode = .copies(l)
            }
            if double { return copiesKey(.enter, &l, env) }
        case .reports(var l):
            if wheel != 0 {
                l.cursor.move(wheel, count: l.shown.count)
                mode = .reports(l)
                return []
            }
            let row = m.y - body.y - 1
            if row >= 0, l.cursor.offset + row < l.shown.count {
                l.cursor.selected = l.cursor.offset + row
                mode = .reports(l)
            }
            if double { return reportsKey(.enter, &l, env) }
        case .report(var r):
            if wheel != 0 {
                r.top = max(0, min(max(0, r.lines.count - reportRows), r.top + wheel))
                mode = .report(r)
            }
        case .help(let off):
            if wheel != 0 { mode = .help(offset: max(0, off + wheel)) }
        case .form:
            break
        }
        return []
    }

    /// Scrolls a pane's view; the selection stays where it is unless it would leave the view.
    mutating func scroll(_ p: PaneID, by d: Int, _ env: Env) {
        let n = count(p, env)
        let rows = layout.paneRows
        let off = max(0, min(max(0, n - rows), self[p].cursor.offset + d))
        self[p].cursor.offset = off
        let sel = self[p].cursor.selected
        let inView = min(max(sel, off), off + rows - 1)
        if inView != sel { select(p, inView, env) }
    }
}
