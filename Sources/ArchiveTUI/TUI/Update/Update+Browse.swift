import ArchiveModel
import Foundation

/// Keys on the three panes.
extension AppState {
    mutating func browseKey(_ k: Key, _ env: Env) -> [Effect] {
        status = nil
        let rows = layout.paneRows
        switch k {
        case .up, .char("k"): move(focus, -1, env)
        case .down, .char("j"): move(focus, 1, env)
        case .left, .char("h"): focus = PaneID(rawValue: max(0, focus.rawValue - 1))!
        case .right, .char("l"), .enter: if focus != .documents { focus = PaneID(rawValue: focus.rawValue + 1)! }
        case .tab: focus = PaneID(rawValue: (focus.rawValue + 1) % 3)!
        case .backTab: focus = PaneID(rawValue: (focus.rawValue + 2) % 3)!
        case .home, .char("g"): select(focus, 0, env)
        case .end, .char("G"): select(focus, count(focus, env) - 1, env)
        case .pageUp, .ctrl("b"): move(focus, -rows, env)
        case .pageDown, .ctrl("f"): move(focus, rows, env)
        case .char("q"):
            quit = true
            return [.quit]
        case .char("?"): mode = .help(offset: 0)
        case .char("/"):
            mode = .search(
                SearchState(
                    saved: .init(
                        cabinet: self[.cabinets].cursor.selected, envelopeID: selectedEnvelope(env)?.id,
                        document: self[.documents].cursor.selected, focus: focus)))
        case .char("f"): mode = .narrowing(focus, LineEdit(self[focus].narrow, limit: 40))
        case .char("F"): openFilter(env)
        case .esc: clearNarrowing(env)
        case .char(" "):
            if focus == .documents, let d = selectedDocument(env) {
                if marked.contains(d.id) { marked.remove(d.id) } else { marked.insert(d.id) }
                move(.documents, 1, env)
            }
        case .char("b"): openBorrow(env)
        case .char("r"): openReturn(env)
        case .char("L"): openLoans(env)
        case .char("e"): return editEnvelope(env)
        case .char("n"): openEnvelopeForm(new: true, env)
        case .char("a"): openDocumentForm(env)
        case .char("O"): openOwnerForm(env)
        case .char("c"): openCopyRequest(env)
        case .char("C"): openCopies(env)
        case .char("D"): openDestroy(env)
        case .char("X"): openTransfer(env)
        case .char("R"): openReportsMenu(env)
        case .char("H"):
            if let no = denied(.readRegisters, env) {
                status = Status(no, .error)
                return []
            }
            showReport(.history, env)
            if case .report(var r) = mode {
                r.back = .browse
                mode = .report(r)
            }
        case .char("i"): openRegister(IntakeForm(operatorName: env.store.operatorName, envelope: current), env)
        case .char("K"): openRegister(KeyForm(cabinet: selectedCabinet(env)?.code ?? "", envelope: current), env)
        case .char("A"):
            openRegister(ArrangementForm(cabinet: selectedCabinet(env)?.code ?? "", envelope: current), env)
        case .char("p"): openCustomer(env)
        case .char("E"): openDocumentEdit(env)
        case .char("x"), .delete: openDocumentRemove(env)
        case .char("!"): openIncident(env)
        case .char("P"): showReport(.slip, env)
        case .char("u"): openUndo(env)
        case .char("I"):
            guard let c = selectedCabinet(env) else { return [] }
            if let no = denied(.work, env) {
                status = Status(no, .error)
                return []
            }
            return [.write(.inventory(cabinet: c.code))]
        default: break
        }
        return []
    }

    /// Esc on a pane lifts its narrowing, then the envelope filter.
    mutating func clearNarrowing(_ env: Env) {
        if !self[focus].narrow.isEmpty {
            self[focus].narrow = ""
            applyNarrowing(focus, env)
        } else if focus == .envelopes && filter.isActive {
            filter = EnvelopeFilter()
            refreshEnvelopes(env, keep: selectedEnvelope(env)?.id)
        }
    }

    mutating func applyNarrowing(_ p: PaneID, _ env: Env) {
        switch p {
        case .cabinets:
            let keep = selectedCabinet(env)?.code
            refreshCabinetRows(env)
            self[.cabinets].cursor.selected =
                keep.flatMap { k in
                    (0..<cabinetCount(env)).first { env.store.cabinets[self[.cabinets].rows?[$0] ?? $0].code == k }
                } ?? 0
            refreshEnvelopes(env, keep: nil)
        case .envelopes:
            let keep = selectedEnvelope(env)?.id
            self[.envelopes].cursor.selected = 0
            refreshEnvelopes(env, keep: keep)
        case .documents:
            let keep = selectedDocument(env)?.id
            refreshDocumentRows(env)
            self[.documents].cursor.selected =
                keep.flatMap { k in (0..<documentCount(env)).first { document($0, env).id == k } } ?? 0
        }
        loadCurrent(env)
    }

    /// Typing after `f` narrows the pane at each key; Enter keeps it, Esc drops it.
    mutating func narrowKey(_ k: Key, _ p: PaneID, _ e: inout LineEdit, _ env: Env) {
        switch k {
        case .enter, .down, .up, .tab:
            mode = .browse
            if k == .down { move(p, 1, env) } else if k == .up { move(p, -1, env) }
            return
        case .esc:
            self[p].narrow = ""
            applyNarrowing(p, env)
            mode = .browse
            return
        default:
            if e.apply(k) {
                self[p].narrow = e.trimmed
                applyNarrowing(p, env)
            }
        }
        mode = .narrowing(p, e)
    }

    // MARK: Search

    mutating func searchKey(_ k: Key, _ s: inout SearchState, _ env: Env) {
        switch k {
        case .esc:
            let sv = s.saved
            selectCabinet(sv.cabinet, env)
            if let id = sv.envelopeID,
                let i = (0..<envelopeCount(env)).first(where: { env.store.envelopes[envelopePosition($0)].id == id })
            {
                selectEnvelope(i, env)
            }
            self[.documents].cursor.selected = sv.document
            focus = sv.focus
            mode = .browse
            return
        case .enter:
            if s.cursor.selected < s.results.hits.count {
                jump(toStoreIndex: s.results.hits[s.cursor.selected].index, env)
                mode = .browse
                return
            }
        case .up, .ctrl("p"): s.cursor.move(-1, count: s.results.hits.count)
        case .down, .ctrl("n"): s.cursor.move(1, count: s.results.hits.count)
        case .pageUp: s.cursor.move(-(layout.body.h - 1), count: s.results.hits.count)
        case .pageDown: s.cursor.move(layout.body.h - 1, count: s.results.hits.count)
        default:
            let before = s.query.text
            if s.query.apply(k), s.query.text != before {
                s.results =
                    s.query.trimmed.isEmpty
                    ? SearchResults(hits: [], total: 0) : env.search.search(s.query.text, limit: SearchEngine.pageSize)
                s.cursor = ListCursor()
            }
        }
        mode = .search(s)
    }

    // MARK: Opening forms

    mutating func open(_ f: any FormModel, _ env: Env) {
        var g = f
        // A form opened from a list shows over it and goes back to it.
        switch mode {
        case .loans(let d): g.chrome.back = .loans(d)
        case .copies(let l): g.chrome.back = .copies(l)
        default: g.chrome.back = .browse
        }
        g.refresh(env)
        g.updatePopup(env)
        mode = .form(g)
    }

    mutating func refuse(_ p: Phrase) { status = Status(p, .error) }

    mutating func openBorrow(_ env: Env) {
        guard let e = current else { return refuse(T.Status.selectEnvelope) }
        if let no = denied(.work, env) { return refuse(no) }
        if focus == .documents || !marked.isEmpty {
            let docs = targetDocuments(env)
            guard !docs.isEmpty else { return refuse(T.Status.noDocument) }
            open(BorrowForm(envelope: e, documents: docs, whole: false), env)
        } else if focus == .envelopes {
            let docs = e.documents.filter { $0.state == .present }
            guard !docs.isEmpty else { return refuse(T.Status.envelopeEmpty) }
            open(BorrowForm(envelope: e, documents: docs, whole: true), env)
        } else {
            refuse(T.Status.selectEnvelope)
        }
    }

    mutating func openReturn(_ env: Env) {
        guard current != nil else { return refuse(T.Status.selectEnvelope) }
        let out = env.store.register.openByDocument
        // In the envelopes pane: every document of the envelope that is out.
        let docs = (focus == .documents || !marked.isEmpty ? targetDocuments(env) : allDocuments(env)).filter {
            out[$0.id] != nil
        }
        guard !docs.isEmpty else { return refuse(focus == .documents ? T.Status.notOut : T.Status.nothingOut) }
        open(ReturnForm(documents: docs, env: env), env)
    }

    mutating func openEnvelopeForm(new: Bool, _ env: Env) {
        if let no = denied(.work, env) { return refuse(no) }
        let reveal = Mask.mayRevealPersonalNumbers(env.store)
        if new {
            guard let c = selectedCabinet(env) else { return refuse(T.Status.noCabinet) }
            let base = selectedEnvelope(env)
            open(
                EnvelopeForm(
                    editing: nil, newIn: c.code, building: base?.building ?? "", floor: base?.floor ?? "",
                    number: env.store.nextEnvelopeNumber(), barcode: env.store.nextBarcode(), reveal: reveal), env)
        } else {
            guard let e = current else { return refuse(T.Status.selectEnvelope) }
            open(EnvelopeForm(editing: e, reveal: reveal), env)
        }
    }

    /// `e`: the edit form shows whole ID numbers and phones to a role that may see them, once
    /// the viewing is recorded (issue 15 point 7); the form opens when the record is written.
    mutating func editEnvelope(_ env: Env) -> [Effect] {
        guard let e = current else {
            refuse(T.Status.selectEnvelope)
            return []
        }
        if let no = denied(.work, env) {
            refuse(no)
            return []
        }
        if Mask.mayRevealPersonalNumbers(env.store) && (!e.idNumber.isEmpty || !e.phones.isEmpty) {
            return [.write(.recordAccess(envelope: e.id))]
        }
        open(EnvelopeForm(editing: e, reveal: false), env)
        return []
    }

    mutating func openDocumentForm(_ env: Env) {
        guard let e = current else { return refuse(T.Status.selectEnvelope) }
        if let no = denied(.work, env) { return refuse(no) }
        open(
            DocumentForm(
                envelope: e, kinds: env.settings.catalogue.map(\.name), today: env.tf.day(env.now), lang: lang), env)
    }

    mutating func openOwnerForm(_ env: Env) {
        guard let e = current else { return refuse(T.Status.selectEnvelope) }
        if let no = denied(.work, env) { return refuse(no) }
        guard e.status == .active else { return refuse(T.Owner.notActive) }
        open(
            OwnerForm(
                envelope: e, today: env.tf.day(env.now), number: env.store.nextEnvelopeNumber(),
                barcode: env.store.nextBarcode()), env)
    }

    mutating func openCopyRequest(_ env: Env) {
        guard let e = current, focus == .documents || !marked.isEmpty else {
            return refuse(T.Status.selectDocumentFirst)
        }
        if let no = denied(.work, env) { return refuse(no) }
        let docs = targetDocuments(env)
        guard !docs.isEmpty else { return refuse(T.Status.noDocument) }
        open(CopyRequestForm(envelope: e, documents: docs), env)
    }

    mutating func openDestroy(_ env: Env) {
        guard let e = current, focus == .documents || !marked.isEmpty else {
            return refuse(T.Status.selectDocumentFirst)
        }
        if let no = denied(.work, env) { return refuse(no) }
        let docs = targetDocuments(env)
        guard !docs.isEmpty else { return refuse(T.Status.noDocument) }
        open(DestroyForm(envelope: e, documents: docs), env)
    }

    mutating func openTransfer(_ env: Env) {
        guard let e = current, focus != .cabinets || !marked.isEmpty else {
            return refuse(T.Status.selectEnvelopeOrDocuments)
        }
        if let no = denied(.work, env) { return refuse(no) }
        let whole = focus == .envelopes && marked.isEmpty
        let docs = whole ? e.documents.filter { $0.state == .present } : targetDocuments(env)
        guard !docs.isEmpty || whole else { return refuse(T.Status.noDocument) }
        open(TransferForm(envelope: e, documents: docs, whole: whole), env)
    }

    /// `!`: report a loss, damage or an incomplete document; on a document with an open
    /// incident, resolve it.
    /// `u`: the last loan, return or edit made here in the last minutes, to take back.
    mutating func openUndo(_ env: Env) {
        if let no = denied(.work, env) { return refuse(no) }
        guard let t = env.store.undoable() else { return refuse(T.Undo.nothing) }
        let e = try? env.store.envelope(id: t.envelope)
        let docs = (e?.documents ?? []).filter { t.documents.contains($0.id) }
        open(UndoForm(t, envelope: e, documents: docs), env)
    }

    mutating func openIncident(_ env: Env) {
        guard let e = current, focus == .documents || !marked.isEmpty else {
            return refuse(T.Status.selectDocumentFirst)
        }
        if let no = denied(.work, env) { return refuse(no) }
        let docs = targetDocuments(env)
        guard !docs.isEmpty else { return refuse(T.Status.noDocument) }
        if docs.count == 1, let open = env.store.register.openIncidents(document: docs[0].id).first {
            return self.open(IncidentResolveForm(open, documents: docs), env)
        }
        self.open(IncidentReportForm(envelope: e, documents: docs), env)
    }

    // MARK: The registers (issue 17)

    mutating func openRegister(_ f: any FormModel, _ env: Env) {
        if let no = denied(.work, env) { return refuse(no) }
        open(f, env)
    }

    mutating func openCustomer(_ env: Env) {
        guard let e = current else { return refuse(T.Status.selectEnvelope) }
        openRegister(CustomerForm(envelope: e, reveal: Mask.mayRevealPersonalNumbers(env.store)), env)
    }

    mutating func openDocumentEdit(_ env: Env) {
        guard focus == .documents, let d = selectedDocument(env) else { return refuse(T.Status.selectDocumentFirst) }
        openRegister(
            DocumentEditForm(
                document: d, kinds: env.settings.catalogue.map(\.name), settings: env.settings, lang: lang), env)
    }

    mutating func openDocumentRemove(_ env: Env) {
        guard focus == .documents, let d = selectedDocument(env) else { return refuse(T.Status.selectDocumentFirst) }
        openRegister(DocumentRemoveForm(document: d), env)
    }

    mutating func openFilter(_ env: Env) {
        guard let c = selectedCabinet(env) else { return refuse(T.Status.noCabinet) }
        focus = .envelopes
        open(FilterForm(filter: filter, cabinet: c.code, envelopes: env.store.envelopes(inCabinet: c.code)), env)
    }
}
