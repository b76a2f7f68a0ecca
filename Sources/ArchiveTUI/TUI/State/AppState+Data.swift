import ArchiveModel
import Foundation

/// What the state shows, read from the archive: the rows of each pane, the selection.
extension AppState {
    // MARK: Cabinets

    public func cabinetCount(_ env: Env) -> Int { self[.cabinets].rows?.count ?? env.store.cabinets.count }
    /// Index (in the store's cabinets) of the selected cabinet.
    public func cabinetIndex(_ env: Env) -> Int? {
        let p = self[.cabinets]
        let n = cabinetCount(env)
        guard n > 0 else { return nil }
        let i = min(p.cursor.selected, n - 1)
        return p.rows?[i] ?? i
    }
    public func selectedCabinet(_ env: Env) -> Cabinet? { cabinetIndex(env).map { env.store.cabinets[$0] } }

    // MARK: Envelopes

    public func envelopeCount(_ env: Env) -> Int { self[.envelopes].rows?.count ?? cabinetRange.count }
    /// Position in the store's filing order of the i-th row of the envelopes pane.
    public func envelopePosition(_ i: Int) -> Int { self[.envelopes].rows?[i] ?? cabinetRange.lowerBound + i }
    public func selectedEnvelope(_ env: Env) -> EnvelopeSummary? {
        let n = envelopeCount(env)
        guard n > 0 else { return nil }
        let pos = envelopePosition(min(self[.envelopes].cursor.selected, n - 1))
        return pos < env.store.envelopes.count ? env.store.envelopes[pos] : nil
    }

    // MARK: Documents

    /// Sales staff see names only: no documents.
    public func limited(_ env: Env) -> Bool { Mask.limitedView(env.store) }
    /// The refusal, worded for the screen, when the operator's role may not do `p` (issue 15:
    /// only the archivist works the archive; sales staff and unknown logins see names only).
    public func denied(_ p: Permission, _ env: Env) -> Phrase? {
        env.store.may(p) ? nil : T.Err.text(.archive(env.store.refusal(p)), RuleContext(env: env))
    }
    public func allDocuments(_ env: Env) -> [Document] { limited(env) ? [] : current?.documents ?? [] }
    public func documentCount(_ env: Env) -> Int { self[.documents].rows?.count ?? allDocuments(env).count }
    public func document(_ i: Int, _ env: Env) -> Document {
        let docs = allDocuments(env)
        return docs[self[.documents].rows?[i] ?? i]
    }
    public func selectedDocument(_ env: Env) -> Document? {
        let n = documentCount(env)
        guard n > 0 else { return nil }
        return document(min(self[.documents].cursor.selected, n - 1), env)
    }

    public func count(_ p: PaneID, _ env: Env) -> Int {
        switch p {
        case .cabinets: return cabinetCount(env)
        case .envelopes: return envelopeCount(env)
        case .documents: return documentCount(env)
        }
    }

    /// The marked documents, else the selected one.
    func targetDocuments(_ env: Env) -> [Document] {
        let docs = allDocuments(env).filter { marked.contains($0.id) }
        if !docs.isEmpty { return docs }
        return selectedDocument(env).map { [$0] } ?? []
    }

    // MARK: Keeping up with the archive

    /// Re-reads what changed: after the archive changed (own writes, another dangan's), the
    /// cabinet's envelopes, the filter and narrowing, the envelope shown; then scrolls every
    /// list so that its selection shows.
    public mutating func reconcile(_ env: Env) {
        if env.store.generation != seenGeneration {
            seenGeneration = env.store.generation
            // The envelope shown stays selected (by id: positions move when the archive changes).
            let keep = loadedID ?? selectedEnvelope(env)?.id
            refreshCabinetRows(env)
            refreshEnvelopes(env, keep: keep)
            current = nil
            currentError = nil
        }
        loadCurrent(env)
        fitLists(env)
    }

    mutating func refreshCabinetRows(_ env: Env) {
        let narrow = self[.cabinets].narrow
        if narrow.isEmpty {
            self[.cabinets].rows = nil
            return
        }
        let cabs = env.store.cabinets
        let byName = NameMatcher(cabs.map(\.label)).matches(narrow).map(\.index)
        let lower = narrow.lowercased()
        var rows = cabs.indices.filter { cabs[$0].code.lowercased().hasPrefix(lower) }
        for i in byName where !rows.contains(i) { rows.append(i) }
        self[.cabinets].rows = rows.sorted()
    }

    /// The selected cabinet's envelopes, filtered and narrowed; keeps the envelope `keep`
    /// selected when it is still shown.
    mutating func refreshEnvelopes(_ env: Env, keep: String?) {
        let store = env.store
        cabinetRange = selectedCabinet(env).map { store.cabinetRange($0.code) } ?? 0..<0
        let narrow = self[.envelopes].narrow.trimmingCharacters(in: .whitespaces)
        if !filter.isActive && narrow.isEmpty {
            self[.envelopes].rows = nil
        } else {
            var rows: [Int]
            if narrow.isEmpty {
                rows = Array(cabinetRange)
            } else {
                // The search engine's matches (owner, co-owners, tenants, room, numbers), in
                // filing order; those in this cabinet.
                rows = env.search.matches(narrow).map { Int($0.0) }.filter { cabinetRange.contains($0) }
            }
            if filter.isActive { rows = rows.filter { passes(store.envelopes[$0], env) } }
            self[.envelopes].rows = rows
        }
        if let keep, let i = (0..<envelopeCount(env)).first(where: { store.envelopes[envelopePosition($0)].id == keep })
        {
            self[.envelopes].cursor.selected = i
        }
    }

    func passes(_ e: EnvelopeSummary, _ env: Env) -> Bool {
        if !filter.building.isEmpty && e.building != filter.building { return false }
        if !filter.floor.isEmpty && e.floor != filter.floor { return false }
        switch filter.state {
        case .all: return true
        case .onLoan: return (env.store.register.outByEnvelope[e.id] ?? 0) > 0
        case .overdue: return env.overdueDays(envelope: e.id) != nil
        case .incomplete: return e.missing > 0
        case .damaged: return e.damaged != nil
        case .closed: return e.status == .closed
        case .transferred: return e.status == .transferred
        }
    }

    /// Reads the selected envelope's file when the selection moved to another envelope.
    mutating func loadCurrent(_ env: Env) {
        guard let sum = selectedEnvelope(env) else {
            current = nil
            currentError = nil
            loadedID = nil
            self[.documents].rows = nil
            return
        }
        if loadedID == sum.id && (current != nil || currentError != nil) { return }
        let moved = loadedID != sum.id
        loadedID = sum.id
        current = nil
        currentError = nil
        do {
            current = try env.store.envelopeRefreshing(
                id: sum.id, at: envelopePosition(self[.envelopes].cursor.selected))
        } catch { currentError = ErrorText(error) }
        if moved {
            marked = []
            self[.documents].narrow = ""
            self[.documents].cursor = ListCursor()
        }
        refreshDocumentRows(env)
    }

    mutating func refreshDocumentRows(_ env: Env) {
        let narrow = self[.documents].narrow
        if narrow.isEmpty {
            self[.documents].rows = nil
            return
        }
        let docs = allDocuments(env)
        let byKind = NameMatcher(docs.map(\.kind)).matches(narrow).map(\.index)
        let byTitle = NameMatcher(docs.map(\.title)).matches(narrow).map(\.index)
        self[.documents].rows = Array(Set(byKind + byTitle)).sorted()
    }

    /// Scrolls every list so that its selection shows in the rows the layout gives it.
    public mutating func fitLists(_ env: Env) {
        let rows = layout.paneRows
        for p in PaneID.allCases { panes[p.rawValue].cursor.fit(count: count(p, env), rows: rows) }
        let listRows = max(1, layout.body.h - 1)
        switch mode {
        case .search(var s):
            s.cursor.fit(count: s.results.hits.count, rows: listRows)
            mode = .search(s)
        case .loans(var l):
            l.cursor.fit(count: l.shown.count, rows: listRows - 1)
            mode = .loans(l)
        case .copies(var l):
            l.cursor.fit(count: l.shown.count, rows: listRows - 1)
            mode = .copies(l)
        case .reports(var l):
            l.cursor.fit(count: l.shown.count, rows: listRows)
            mode = .reports(l)
        default: break
        }
    }
}
