import Foundation

/// Reading envelopes and finding them by what archivists type.
extension ArchiveStore {
    /// The summary of the envelope with this id (`env-…`); nil if no envelope has it.
    public func summary(id: String) -> EnvelopeSummary? {
        safePoint()
        return position(of: id).map { summaries[$0] }
    }
    /// The envelope's place in `envelopes` (filing order); nil if no envelope has this id.
    public func index(ofEnvelope id: String) -> Int? {
        safePoint()
        return position(of: id)
    }

    /// An envelope as the journal has it. Its file is read; a file that is missing, damaged,
    /// behind the journal or changed by hand is not taken for the truth: the envelope is
    /// folded from its journal entries instead (see ``fileDifference(id:)`` to learn why).
    public func envelope(id: String) throws -> Envelope {
        guard let s = summary(id: id) else { throw ArchiveError.notFound(what: "envelope \(Sanitize.visible(id))") }
        return try readEnvelope(s)
    }

    func readEnvelope(_ s: EnvelopeSummary) throws -> Envelope {
        var sum = s
        let file = readEnvelopeFile(s.relativePath)
        if let f = file, let e = f.envelope, e.id == s.id {
            if isCurrentProjection(f, of: sum) { return e }
            // Written by another process after our last look at the journal: fold and retry.
            if let rev = e.revision, rev.seen.contains(where: { (frontier[$0.key]?.seq ?? 0) < $0.value }) {
                refreshJournal()
                if let again = summary(id: s.id) {
                    sum = again
                    if let f2 = readEnvelopeFile(again.relativePath), let e2 = f2.envelope,
                        isCurrentProjection(f2, of: again)
                    {
                        return e2
                    }
                }
            }
        }
        guard let r = rebuildRecord(sum.id, heads: sum.revision), let v = r.value,
            var env = try? v.decode(Envelope.self, coding)
        else {
            let why = file == nil ? "missing" : (file?.error ?? "differs from the journal")
            throw ArchiveError.damaged(
                path: sum.relativePath, message: why + ", and the journal's entries for it cannot be read")
        }
        env.revision = revision(r)
        return env
    }

    /// True when a file is the projection dangan wrote for the summary's revision.
    func isCurrentProjection(_ f: EnvelopeFile, of s: EnvelopeSummary) -> Bool {
        guard let e = f.envelope, f.error == nil, e.id == s.id else { return false }
        return f.content == s.digest
    }

    /// How an envelope's file differs from the journal: nil when it is the current projection,
    /// else the fields that differ ("(missing)", "(unreadable: …)" for a file that is not there
    /// or cannot be read).
    public func fileDifference(id: String) -> [String]? {
        guard let s = summary(id: id) else { return nil }
        guard let f = readEnvelopeFile(s.relativePath) else { return ["(missing)"] }
        if isCurrentProjection(f, of: s) { return nil }
        guard let fe = f.envelope else { return ["(unreadable: \(f.error ?? "?"))"] }
        guard let journal = try? readEnvelope(s), let a = try? JSONValue.of(journal, coding),
            let b = try? JSONValue.of(fe, coding)
        else {
            return ["(the journal's version cannot be read)"]
        }
        let paths = RecordDiff.diff(a, b).map { $0.path }
        return paths.isEmpty ? nil : paths
    }

    /// Reads the envelope and marks its summary when its file differs from the journal (a hand
    /// edit, damage), so that the panes show it. `at` is its position in the filing order when
    /// the caller knows it (the panes do), which saves a lookup by id.
    public func envelopeRefreshing(id: String, at hint: Int? = nil) throws -> Envelope {
        safePoint()
        let known = hint.flatMap { $0 >= 0 && $0 < summaries.count && summaries[$0].id == id ? $0 : nil }
        guard let i = known ?? position(of: id) else {
            throw ArchiveError.notFound(what: "envelope \(Sanitize.visible(id))")
        }
        let s = summaries[i]
        let f = readEnvelopeFile(s.relativePath)
        let current = f.map { isCurrentProjection($0, of: s) } ?? false
        let e = try readEnvelope(s)
        guard let j = position(of: id) else { return e }
        let mark: String? =
            current || unprojected.contains(id)
            ? nil
            : f == nil
                ? "envelope.json 缺失 (missing; the journal has the envelope)"
                : f?.envelope == nil
                    ? "envelope.json 无法读取 (\(f?.error ?? "unreadable"); the journal has the envelope)"
                    : "envelope.json 与日志不符 (differs from the journal: changed by hand? see dangan check)"
        var sj = summaries[j]
        if sj.damaged != mark && !(mark == nil && unprojected.contains(id)) {
            sj.damaged = mark
            summaries.replace(at: j, with: sj)
            logSummaryChange(.replace(j, sj))
            generation += 1
        }
        if f == nil { unprojected.insert(id) }  // a writer writes it again
        return e
    }

    /// The envelopes of one cabinet: a contiguous run of the filing order, found by binary search.
    public func cabinetRange(_ code: String) -> Range<Int> {
        safePoint()
        let key = (cabinetOrder[code] ?? Int.max, code)
        let list = summaries
        func k(_ i: Int) -> (Int, String) {
            let c = list.cabinet(at: i)
            return (cabinetOrder[c] ?? Int.max, c)
        }
        let lo = list.partitionIndex { k($0) >= key }
        let hi = list.partitionIndex { k($0) > key }
        return lo..<max(lo, hi)
    }

    /// The envelopes of one cabinet, by its code, in filing order (empty for an unknown code).
    public func envelopes(inCabinet code: String) -> Slice<EnvelopeList> { envelopes[cabinetRange(code)] }

    /// Envelopes per cabinet (kept until the summaries change: the cabinets pane asks every frame).
    public func cabinetCounts() -> [String: Int] {
        if let (g, c) = countsCache, g == summaryGeneration, c.count == cabinets.count { return c }
        var c: [String: Int] = [:]
        for cab in cabinets { c[cab.code] = cabinetRange(cab.code).count }
        countsCache = (summaryGeneration, c)
        return c
    }

    /// The state a person sees: stored state overlaid with the register.
    public func state(of d: Document) -> DocumentState {
        switch d.state {
        case .destroyed: return .destroyed
        case .transferred: return .transferred
        case .present:
            if register.openByDocument[d.id] != nil { return .onLoan }
            return register.copyingByDocument[d.id] != nil ? .copying : .present
        }
    }

    /// Resolves "ENVELOPE:N" or a document id to (envelope, document).
    public func document(ref: String) throws -> (Envelope, Document) {
        if let colon = ref.lastIndex(of: ":") {
            let envRef = String(ref[..<colon])
            let posText = String(ref[ref.index(after: colon)...])
            let env = try envelope(id: try resolveEnvelope(envRef))
            if let n = Int(posText) {
                guard n >= 1 && n <= env.documents.count else {
                    throw ArchiveError.notFound(
                        what: "document \(n) in envelope \(Sanitize.visible(envRef)) (it has \(env.documents.count))")
                }
                return (env, env.documents[n - 1])
            }
            guard let d = env.documents.first(where: { $0.id == posText }) else {
                throw ArchiveError.notFound(what: "document \(Sanitize.visible(posText))")
            }
            return (env, d)
        }
        guard let envID = DocumentID.envelope(of: ref), summary(id: envID) != nil else {
            throw ArchiveError.notFound(
                what: "document \(Sanitize.visible(ref)) (use a document id, or ENVELOPE:N such as 3-1201:2)")
        }
        let env = try envelope(id: envID)
        guard let d = env.documents.first(where: { $0.id == ref }) else {
            throw ArchiveError.notFound(what: "document \(Sanitize.visible(ref))")
        }
        return (env, d)
    }

    /// Resolves an envelope reference: id, envelope number, barcode or room code (3-1201).
    public func resolveEnvelope(_ ref: String) throws -> String {
        safePoint()
        if position(of: ref) != nil { return ref }
        // Found through the summaries' tables by number, barcode or room code (never a scan).
        let list = summaries
        var at = Set(list.positions(table: 1, key: ref) { $0.number == ref })
        at.formUnion(list.positions(table: 2, key: ref) { $0.barcode == ref })
        var hits = at.sorted().map { list[$0] }
        if hits.isEmpty {
            var rooms = list.positions(table: 3, key: ref) { $0.roomCode == ref }
            if let dong = ref.firstIndex(of: "栋") {
                let key = String(ref[..<dong]) + "-" + String(ref[ref.index(after: dong)...])
                rooms += list.positions(table: 3, key: key) { "\($0.building)栋\($0.unit)" == ref }
            }
            hits = Set(rooms).sorted().map { list[$0] }
            // A room has one active envelope; closed ones stay for history.
            let active = hits.filter { $0.status == .active }
            if active.count == 1 { return active[0].id }
        }
        if hits.count == 1 { return hits[0].id }
        if hits.isEmpty { throw ArchiveError.notFound(what: "envelope \(Sanitize.visible(ref))") }
        throw ArchiveError.ambiguous(
            what: Sanitize.visible(ref), candidates: hits.map { "\($0.id) (\($0.roomCode) \($0.status.rawValue))" })
    }
}
