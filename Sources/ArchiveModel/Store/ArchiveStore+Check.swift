import Foundation

/// `dangan check`: the journal verified from its first entry (every desk's chain, signature,
/// place and name; the first format's chain against what the migration recorded; the anchors
/// this copy kept), every file compared with what the journal says it should be, and the
/// register's loose ends. Nothing is trusted from the checkpoint.
public enum Integrity {
    /// `progress` counts each envelope twice: compared with the journal, then read for its documents.
    public static func check(_ path: String, progress: WorkProgress? = nil) throws -> (ArchiveStore, [Problem]) {
        let store = try ArchiveStore.open(path, useCache: false)
        progress?.start(total: store.envelopes.count * 2)
        defer { progress?.finish() }
        let compared = store.compareProjections(progress: progress)
        let paths = Set(compared.map { $0.path })
        var problems = store.problems.filter { !($0.kind == .projection && paths.contains($0.path)) }
        problems += compared
        // Documents in two places, or in an envelope they do not belong to.
        var whereIs: [String: String] = [:]
        for s in store.envelopes {
            progress?.advance()
            guard let e = try? store.envelope(id: s.id) else { continue }
            for d in e.documents {
                if let other = whereIs[d.id], other != s.relativePath {
                    problems.append(
                        Problem(
                            kind: .duplicate, path: s.relativePath,
                            message: "document \(d.id) is also filed in \(other)"))
                } else if whereIs[d.id] != nil {
                    problems.append(
                        Problem(
                            kind: .duplicate, path: s.relativePath,
                            message: "document \(d.id) appears twice in the file list"))
                }
                whereIs[d.id] = s.relativePath
                if DocumentID.envelope(of: d.id) != s.id {
                    problems.append(
                        Problem(
                            kind: .misfiled, path: s.relativePath,
                            message: "document \(d.id) belongs to another envelope"))
                }
            }
        }
        for r in store.register.loans {
            for d in r.loan.documents where whereIs[d] == nil {
                problems.append(
                    Problem(
                        kind: .register, path: "journal",
                        message: "loan \(r.loan.id) names document \(d), which does not exist"))
            }
        }
        for a in store.register.anomalies { problems.append(Problem(kind: .register, path: "journal", message: a)) }
        problems += store.duplicateEnvelopeProblems()  // numbers, barcodes, active units (Filing/EnvelopeKeys.swift)
        problems += ArchiveAudit.scan(root: store.root)  // links, special files, folders others may write
        // Conflicts between desks are not damage: they are listed by `dangan conflicts` (which
        // exits 1 while any waits), and lending stays blocked on them.
        var seen = Set<String>()
        return (store, problems.filter { seen.insert("\($0.kind)|\($0.path)|\($0.message)").inserted })
    }
}

extension ArchiveStore {
    /// Every envelope, cabinet and settings file compared with the journal's version of it,
    /// field by field.
    func compareProjections(progress: WorkProgress? = nil) -> [Problem] {
        var out: [Problem] = []
        for s in summaries {
            progress?.advance()
            // The summary's digest is the journal's (the last change's, or the folded record's):
            // a file whose content has that digest shows exactly what the journal says.
            let f0 = readEnvelopeFile(s.relativePath)
            if let f = f0, f.envelope != nil, f.content == s.digest, s.digest != 0 { continue }
            guard let r = rebuildRecord(s.id, heads: s.revision), let v = r.value,
                var journal = try? v.decode(Envelope.self, coding)
            else {
                out.append(
                    Problem(
                        kind: .register, path: s.relativePath,
                        message: "the journal's entries for this envelope cannot be read"))
                continue
            }
            journal.revision = nil
            guard let f = f0 else {
                out.append(
                    Problem(
                        kind: .projection, path: s.relativePath,
                        message: "missing: dangan writes it again from the journal at the next change"))
                continue
            }
            guard var fe = f.envelope else {
                out.append(
                    Problem(
                        kind: .damaged, path: s.relativePath,
                        message: (f.error ?? "unreadable")
                            + " (the journal has the envelope: dangan check --revert \(s.id))"))
                continue
            }
            fe.revision = nil
            if let a = try? JSONValue.of(journal, coding), let b = try? JSONValue.of(fe, coding) {
                let diff = RecordDiff.diff(a, b)
                if !diff.isEmpty {
                    let fields = diff.map { FieldNames.label($0.path) + " (" + $0.path + ")" }.prefix(8).joined(
                        separator: ", ")
                    out.append(
                        Problem(
                            kind: .projection, path: s.relativePath,
                            message:
                                """
                                differs from the journal in \(fields) — changed by hand? adopt it (dangan check \
                                --adopt \(s.id)) or revert it (dangan check --revert \(s.id))
                                """
                        ))
                }
            }
        }
        for c in cabinets {
            let rel = "cabinets/\(c.code)/cabinet.json"
            var fc: Cabinet
            switch DurableIO.read(abs(rel), kind: .cabinet) {
            case .missing:
                out.append(
                    Problem(
                        kind: .projection, path: rel,
                        message: "missing (the journal has the cabinet; written again at the next change)"))
                continue
            case .failed(let m):
                out.append(Problem(kind: .damaged, path: rel, message: m + " (the journal has the cabinet)"))
                continue
            case .ok(let b):
                guard let x = try? decoder.decode(Cabinet.self, from: Data(b)) else {
                    out.append(
                        Problem(kind: .damaged, path: rel, message: "cannot be read as a cabinet (the journal has it)"))
                    continue
                }
                fc = x
            }
            var jc = c
            fc.revision = nil
            jc.revision = nil
            if fc != jc {
                out.append(
                    Problem(
                        kind: .projection, path: "cabinets/\(c.code)/cabinet.json",
                        message: "differs from the journal (changed by hand?)"))
            }
        }
        switch DurableIO.read(abs("archive.json"), kind: .settings) {
        case .ok(let b):
            if var fi = try? decoder.decode(ArchiveInfo.self, from: Data(b)) {
                fi.revision = nil
                if fi != infoWithoutRevision() {
                    out.append(
                        Problem(
                            kind: .projection, path: "archive.json",
                            message: "differs from the journal's settings (changed by hand?)"))
                }
            } else {
                out.append(
                    Problem(
                        kind: .settings, path: "archive.json",
                        message: "cannot be read as settings (the journal has them)"))
            }
        case .missing:
            out.append(
                Problem(kind: .settings, path: "archive.json", message: "missing (the journal has the settings)"))
        case .failed(let m):
            out.append(Problem(kind: .settings, path: "archive.json", message: m + " (the journal has the settings)"))
        }
        return out
    }

    /// Adopts a hand edit of an envelope's file as a journaled change, recorded as made by the
    /// operator who adopts it. Returns the fields adopted.
    @discardableResult
    public func adoptFile(envelope ref: String) throws -> [String] {
        try mutate {
            let id = try resolveEnvelope(ref)
            guard let s = summary(id: id) else {
                throw ArchiveError.notFound(what: "envelope \(Sanitize.visible(ref))")
            }
            guard let f = readEnvelopeFile(s.relativePath), var fe = f.envelope else {
                throw ArchiveError.damaged(
                    path: s.relativePath, message: "cannot be read, so there is nothing to adopt (revert it instead)")
            }
            var journal = try envelope(id: id)
            journal.revision = nil
            fe.revision = nil
            fe.id = id
            let checked = try Validate.envelope(fe, settings: settings, now: now, before: journal)
            guard checked.location == journal.location else {
                throw ArchiveError.refused(
                    rule: "adopt.location",
                    message:
                        """
                        手工修改了存放位置,请用 envelope edit --move (the file's place was edited; refile with dangan \
                        envelope edit --move)
                        """
                )
            }
            // A number or barcode edited by hand is adopted only if no other envelope has it.
            try requireUnique(checked, excluding: [id], room: false)
            guard let c = try envelopeChange(from: journal, to: checked, base: s.revision) else { return [] }
            try commit(
                entry(.envelopeAdopt, envelope: id, changes: [c], note: "采纳手工修改 (hand edit adopted by \(operatorName))")
            )
            return c.ops.map { $0.path }
        }
    }

    /// Reverts an envelope's file to what the journal says, recording in the journal who did it
    /// and which fields were discarded. Returns those fields.
    @discardableResult
    public func revertFile(envelope ref: String) throws -> [String] {
        try mutate {
            let id = try resolveEnvelope(ref)
            guard let s = summary(id: id) else {
                throw ArchiveError.notFound(what: "envelope \(Sanitize.visible(ref))")
            }
            let fields = fileDifference(id: id) ?? []
            guard !fields.isEmpty else { return [] }
            var env = try envelope(id: id)
            if let r = rebuildRecord(id, heads: s.revision) { env.revision = revision(r) }
            try commit(
                entry(
                    .envelopeRevert, envelope: id,
                    note: "还原手工修改 (file reverted to the journal; discarded: \(fields.joined(separator: ", ")))"))
            let f = readEnvelopeFile(s.relativePath)
            writeEnvelopeProjection(env, previous: s, replacing: f)
            return fields
        }
    }
}
