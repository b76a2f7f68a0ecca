import ArchiveModel
import Foundation

/// The update function: a message and the state give the next state and the effects for the
/// loop to perform (Bubble Tea's `Update(msg) (model, cmd)`). It reads the archive through
/// `env` and never writes to it; every change is an `Effect.write` whose outcome comes back
/// as `Msg.done`.
extension AppState {
    public mutating func update(_ msg: Msg, _ env: Env) -> [Effect] {
        var fx: [Effect] = []
        switch msg {
        case .resize(let w, let h):
            width = w
            height = h
            if case .report(var r) = mode {
                r.top = min(r.top, max(0, r.lines.count - reportRows))
                mode = .report(r)
            }
        case .tick:
            break
        case .key(let k):
            fx = key(k, env)
        case .scan(let code):
            if case .browse = mode {
                scanned(code, env)
            } else {
                for c in code { fx += key(.char(c), env) }
                fx += key(.enter, env)
            }
        case .mouse(let m):
            fx = mouse(m, env)
        case .done(let w, let o):
            fx = finished(w, o, env)
        case .indexProgress(let p):
            indexProgress = p
        case .saved(let path):
            status = Status(T.Reports.saved(path), .ok)
        case .saveFailed(_, let e):
            status = Status(T.Err.text(e, RuleContext(env: env)), .error)
        }
        reconcile(env)
        return fx
    }

    /// Rows of a report on screen (below its header line).
    var reportRows: Int { max(1, layout.body.h) }

    mutating func key(_ k: Key, _ env: Env) -> [Effect] {
        if k == .ctrl("l") { return [.redrawAll] }
        if k == .ctrl("c") {
            quit = true
            return [.quit]
        }
        if welcome != nil {
            welcome = nil
            return []
        }
        if layout.tooSmall {
            if k == .char("q") {
                quit = true
                return [.quit]
            }
            return []
        }
        // T switches the language wherever nothing is being typed.
        if k == .char("T") && !typing { return [.write(.language(lang.other))] }
        switch mode {
        case .browse: return browseKey(k, env)
        case .narrowing(let p, var e):
            narrowKey(k, p, &e, env)
            return []
        case .search(var s):
            searchKey(k, &s, env)
            return []
        case .form(var f): return formKey(k, &f, env)
        case .loans(var d): return loansKey(k, &d, env)
        case .copies(var l): return copiesKey(k, &l, env)
        case .reports(var m): return reportsKey(k, &m, env)
        case .report(var r): return reportKey(k, &r, env)
        case .help(let off):
            switch k {
            case .down, .char("j"): mode = .help(offset: off + 1)
            case .up, .char("k"): mode = .help(offset: max(0, off - 1))
            case .pageDown, .char(" "): mode = .help(offset: off + max(1, layout.body.h - 1))
            case .pageUp: mode = .help(offset: max(0, off - max(1, layout.body.h - 1)))
            case .char("q"):
                quit = true
                return [.quit]
            default: mode = .browse
            }
            return []
        }
    }

    /// Whether keys go to a text being typed (a form, a prompt).
    var typing: Bool {
        switch mode {
        case .form, .narrowing, .search: return true
        case .loans(let d): return d.typing
        case .copies(let l): return l.typing
        case .reports(let m): return m.typing
        case .browse, .report, .help: return false
        }
    }

    /// A barcode scan jumps to its envelope.
    mutating func scanned(_ code: String, _ env: Env) {
        if let id = try? env.store.resolveEnvelope(code), let i = env.store.index(ofEnvelope: id) {
            jump(toStoreIndex: i, env)
            status = Status(T.Status.scanned(Sanitize.visible(code)), .ok)
        } else {
            status = Status(T.Status.noBarcode(Sanitize.visible(code)), .error)
        }
    }

    // MARK: Moving in the panes

    mutating func selectCabinet(_ i: Int, _ env: Env) {
        let n = cabinetCount(env)
        guard n > 0 else { return }
        let k = max(0, min(n - 1, i))
        if k != self[.cabinets].cursor.selected {
            self[.cabinets].cursor.selected = k
            self[.envelopes].cursor = ListCursor()
            self[.envelopes].narrow = ""
            refreshEnvelopes(env, keep: nil)
        }
        loadCurrent(env)
    }

    mutating func selectEnvelope(_ i: Int, _ env: Env) {
        let n = envelopeCount(env)
        guard n > 0 else { return }
        self[.envelopes].cursor.selected = max(0, min(n - 1, i))
        loadCurrent(env)
    }

    mutating func select(_ p: PaneID, _ i: Int, _ env: Env) {
        switch p {
        case .cabinets: selectCabinet(i, env)
        case .envelopes: selectEnvelope(i, env)
        case .documents: self[.documents].cursor.selected = max(0, min(documentCount(env) - 1, i))
        }
    }

    mutating func move(_ p: PaneID, _ d: Int, _ env: Env) { select(p, self[p].cursor.selected + d, env) }

    /// Shows an envelope (by its position in the filing order) and, optionally, a document.
    public mutating func jump(toStoreIndex i: Int, document docID: String? = nil, _ env: Env) {
        guard i < env.store.envelopes.count else { return }
        let e = env.store.envelopes[i]
        // A filter or narrowing that hides it is lifted.
        self[.cabinets].narrow = ""
        self[.cabinets].rows = nil
        if let c = env.store.cabinets.firstIndex(where: { $0.code == e.cabinet }) {
            if c != self[.cabinets].cursor.selected {
                self[.cabinets].cursor.selected = c
                self[.envelopes].cursor = ListCursor()
            }
        }
        self[.envelopes].narrow = ""
        refreshEnvelopes(env, keep: e.id)
        if let k = (0..<envelopeCount(env)).first(where: { envelopePosition($0) == i }) {
            self[.envelopes].cursor.selected = k
        } else if filter.isActive {
            filter = EnvelopeFilter()
            refreshEnvelopes(env, keep: e.id)
        }
        loadCurrent(env)
        focus = .envelopes
        if let docID, let d = (0..<documentCount(env)).first(where: { document($0, env).id == docID }) {
            self[.documents].cursor.selected = d
            focus = .documents
        }
    }
}
