import Foundation

/// The journal of the first on-disk format (format 1): one hash-chained sequence of entries
/// in `journal/YYYY-MM/SEQ-ID.json`, each carrying whole envelopes before and after a change.
/// Archives in that format are migrated (see `ArchiveStore+Migration`); their old entries
/// stay where they were, are folded into the register before every newer entry, and are
/// checked against the head the migration recorded, so they cannot be changed unnoticed.
struct LegacyEntry: Codable, Sendable, Equatable {
    var seq: Int
    var id: String
    var at: Date
    var by: String
    var action: String
    var envelope: String?
    var loan: Loan?
    var loanReturn: LoanReturn?
    var renewal: Renewal?
    var copy: CopyEvent?
    var disposal: Disposal?
    var inventory: InventoryRun?
    var note: String?
    var prev: String

    enum CodingKeys: String, CodingKey {
        case seq, id, at, by, action, envelope, loan
        case loanReturn = "return"
        case renewal, copy, disposal, inventory, note, prev
    }

    /// "0000000042-j-xxxx.json" → 42.
    static func seq(ofFileName name: String) -> Int? {
        let u = Array(name.utf8)
        guard name.hasSuffix(".json"), u.count > 16, u[10] == 45 else { return nil }
        var seq = 0
        for i in 0..<10 {
            guard u[i] >= 48 && u[i] <= 57 else { return nil }
            seq = seq * 10 + Int(u[i] - 48)
        }
        return seq
    }

    /// The whole legacy journal in order, its chain verified. Entries that do not follow the
    /// chain are reported and left out.
    static func readAll(root: String, months: [String], decoder: JSONDecoder) -> (
        entries: [LegacyEntry], head: ChainHead, problems: [Problem]
    ) {
        var files: [(Int, String)] = []
        var problems: [Problem] = []
        for m in months {
            for f in DurableIO.list(root + "/journal/" + m) ?? [] where !f.hasPrefix(".") {
                guard let s = seq(ofFileName: f) else {
                    problems.append(
                        Problem(
                            kind: .unexpected, path: "journal/\(m)/\(Sanitize.visible(f))",
                            message: "not an entry of the old journal"))
                    continue
                }
                files.append((s, "journal/\(m)/\(f)"))
            }
        }
        files.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var out: [LegacyEntry] = []
        var head = ChainHead(seq: 0, hash: "")
        for (s, rel) in files {
            guard case .ok(let b) = DurableIO.read(root + "/" + rel, kind: .journalEntry) else {
                problems.append(Problem(kind: .damaged, path: rel, message: "cannot be read"))
                continue
            }
            guard let e = try? decoder.decode(LegacyEntry.self, from: Data(b)) else {
                problems.append(Problem(kind: .damaged, path: rel, message: "not an entry of the old journal"))
                continue
            }
            guard s == head.seq + 1, e.seq == s, e.prev == head.hash else {
                problems.append(
                    Problem(
                        kind: .chain, path: rel, message: "old journal: entry \(s) does not follow entry \(head.seq)"))
                continue
            }
            out.append(e)
            head = ChainHead(seq: s, hash: Hashing.sha256Hex(b))
        }
        return (out, head, problems)
    }
}
