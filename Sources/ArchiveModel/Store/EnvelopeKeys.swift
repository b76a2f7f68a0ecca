import Foundation

/// Envelope numbers, barcodes and units, kept unique (seed 000 篇3 4.2 "档案袋要进行编号"):
/// every number and every barcode names one envelope, and a unit has one active envelope (a
/// closed one stays for its history). Every path that files or changes an envelope — the
/// forms, the command line, change of ownership, import — goes through these checks; `check`
/// reports duplicates already there. New numbers and barcodes come from the archive's scheme.
final class EnvelopeKeys: @unchecked Sendable {
    struct Keys: Equatable {
        var number: String
        var barcode: String
        var room: String
        var active: Bool
    }
    var generation = -1
    var byID: [String: Keys] = [:]
    var byNumber: [String: Set<String>] = [:]
    var byBarcode: [String: Set<String>] = [:]
    var activeByRoom: [String: Set<String>] = [:]
    /// Highest sequence number seen after each prefix (numbers, and barcodes, ending in digits).
    var highestNumber: [String: Int] = [:]
    var highestBarcode: [String: Int] = [:]

    static func keys(_ s: EnvelopeSummary) -> Keys {
        Keys(number: s.number, barcode: s.barcode, room: s.roomCode, active: s.status == .active)
    }

    func add(_ id: String, _ k: Keys) {
        remove(id)
        byID[id] = k
        if !k.number.isEmpty {
            byNumber[k.number, default: []].insert(id)
            EnvelopeKeys.note(k.number, in: &highestNumber)
        }
        if !k.barcode.isEmpty {
            byBarcode[k.barcode, default: []].insert(id)
            EnvelopeKeys.note(k.barcode, in: &highestBarcode)
        }
        if k.active { activeByRoom[k.room, default: []].insert(id) }
    }

    func remove(_ id: String) {
        guard let k = byID.removeValue(forKey: id) else { return }
        byNumber[k.number]?.remove(id)
        if byNumber[k.number]?.isEmpty == true { byNumber[k.number] = nil }
        byBarcode[k.barcode]?.remove(id)
        if byBarcode[k.barcode]?.isEmpty == true { byBarcode[k.barcode] = nil }
        activeByRoom[k.room]?.remove(id)
        if activeByRoom[k.room]?.isEmpty == true { activeByRoom[k.room] = nil }
    }

    /// Remembers the sequence of a code like KH-2026-00017 (prefix KH-2026-, 17). Never lowered:
    /// a number once used is not handed out again.
    static func note(_ code: String, in highest: inout [String: Int]) {
        guard let (prefix, n, _) = split(code) else { return }
        if n > highest[prefix] ?? -1 { highest[prefix] = n }
    }

    /// "KH-2026-00017" → ("KH-2026-", 17, 5).
    static func split(_ code: String) -> (String, Int, Int)? {
        let digits = code.reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 18, let n = Int(String(digits.reversed())) else { return nil }
        return (String(code.dropLast(digits.count)), n, digits.count)
    }
}

/// The scheme new envelope numbers are made from: `{YYYY}` the year filed, `{YY}` its last two
/// digits, and a run of `N` in braces for the sequence (its length the width), last.
public enum Numbering {
    /// The scheme used when the settings name none (`Settings.numbering` nil).
    public static let defaultPattern = "KH-{YYYY}-{NNNNN}"
    /// The barcode prefix used when the settings name none (`Settings.barcodePrefix` nil).
    public static let defaultBarcodePrefix = "DA"
    /// Number of digits after the prefix in a barcode dangan assigns.
    public static let barcodeDigits = 10

    /// The prefix (with the year filled in) and the sequence's width; nil if not a scheme.
    public static func parse(_ pattern: String, year: Int) -> (prefix: String, width: Int)? {
        guard let open = pattern.range(of: "{N", options: .backwards), pattern.hasSuffix("}") else { return nil }
        let run = pattern[open.lowerBound...].dropFirst().dropLast()
        guard !run.isEmpty, run.count <= 12, run.allSatisfy({ $0 == "N" }) else { return nil }
        var prefix = String(pattern[..<open.lowerBound])
        prefix = prefix.replacingOccurrences(of: "{YYYY}", with: String(format: "%04d", year))
        prefix = prefix.replacingOccurrences(of: "{YY}", with: String(format: "%02d", year % 100))
        guard !prefix.contains("{"), !prefix.contains("}"), prefix.count <= 24,
            prefix.allSatisfy({ $0.isASCII && !$0.isWhitespace && ($0.asciiValue ?? 0) >= 0x21 })
        else { return nil }
        return (prefix, run.count)
    }

    /// Returns `pattern` unchanged when it is a scheme; otherwise throws `invalidField` for `--numbering`.
    public static func validate(_ pattern: String) throws -> String {
        guard parse(pattern, year: 2026) != nil else {
            throw ArchiveError.invalidField(
                field: "--numbering",
                reason:
                    """
                    \(Sanitize.visible(pattern)) is not a scheme such as KH-{YYYY}-{NNNNN} ({YYYY} or {YY} the \
                    year, {NNNNN} the sequence, last)
                    """
            )
        }
        return pattern
    }
}

extension ArchiveStore {
    /// The keys of every envelope, followed through the summaries' change log.
    var keys: EnvelopeKeys {
        let k = envelopeKeys
        if k.generation == summaryGeneration { return k }
        if k.generation >= 0, let changes = summaryChanges(since: k.generation) {
            for c in changes {
                switch c {
                case .insert(_, let s), .replace(_, let s): k.add(s.id, EnvelopeKeys.keys(s))
                case .remove(_, let id): k.remove(id)
                }
            }
        } else {
            let fresh = EnvelopeKeys()
            for s in envelopes { fresh.add(s.id, EnvelopeKeys.keys(s)) }
            envelopeKeys = fresh
            fresh.generation = summaryGeneration
            return fresh
        }
        k.generation = summaryGeneration
        return k
    }

    func describe(_ id: String) -> String {
        guard let s = summary(id: id) else { return id }
        return "\(id) (\(s.roomCode) \(s.owner), \(s.status.chinese))"
    }

    /// The next number of the archive's scheme for the year of `now`.
    public func nextEnvelopeNumber() -> String {
        let pattern = settings.numbering ?? Numbering.defaultPattern
        let (prefix, width) =
            Numbering.parse(pattern, year: timeFormat.parts(now).year) ?? Numbering.parse(
                Numbering.defaultPattern, year: timeFormat.parts(now).year)!
        var n = (keys.highestNumber[prefix] ?? 0) + 1
        while true {
            let s = prefix + String(format: "%0\(width)d", n)
            if keys.byNumber[s] == nil { return s }
            n += 1
        }
    }

    /// The next barcode: the archive's prefix and ten digits.
    public func nextBarcode() -> String {
        let prefix = settings.barcodePrefix ?? Numbering.defaultBarcodePrefix
        var n = (keys.highestBarcode[prefix] ?? 0) + 1
        while true {
            let s = prefix + String(format: "%0\(Numbering.barcodeDigits)d", n)
            if keys.byBarcode[s] == nil { return s }
            n += 1
        }
    }

    /// Refuses an envelope whose number, barcode or (active) unit another envelope has, naming
    /// it. `changed` limits the check to what a change touches (an unrelated edit of an envelope
    /// that already shares a number is not stopped by it; `check` reports that).
    /// Found through the summaries' lookup tables by number, barcode and room code: one
    /// envelope's work, not a pass over the archive.
    func requireUnique(
        _ e: Envelope, excluding: Set<String>, number: Bool = true, barcode: Bool = true, room: Bool = true
    ) throws {
        func first(_ table: Int, _ key: String, _ matches: (EnvelopeSummary) -> Bool) -> String? {
            summaries.positions(table: table, key: key, matches).map { summaries[$0].id }.filter {
                !excluding.contains($0)
            }.min()
        }
        if number, !e.number.isEmpty, let other = first(1, e.number, { $0.number == e.number }) {
            throw ArchiveError.refused(
                rule: "envelope.number-taken",
                message:
                    "档案号 \(e.number) 已用于档案袋 \(describe(other)),档案号不得重复 (the number is taken by envelope \(other))")
        }
        if barcode, !e.barcode.isEmpty, let other = first(2, e.barcode, { $0.barcode == e.barcode }) {
            throw ArchiveError.refused(
                rule: "envelope.barcode-taken",
                message:
                    "条码 \(e.barcode) 已用于档案袋 \(describe(other)),条码不得重复 (the barcode is taken by envelope \(other))")
        }
        if room, e.status == .active,
            let other = first(3, e.roomCode, { $0.roomCode == e.roomCode && $0.status == .active })
        {
            throw ArchiveError.refused(
                rule: "envelope.unit-taken",
                message:
                    "\(e.roomCode) 已有在用的档案袋 \(describe(other)),一户只能有一个在用档案袋;换业主请用产权转让 (dangan envelope change-owner) "
                    + "(the unit has an active envelope already: close it by a change of ownership)")
        }
    }

    /// A new envelope made ready to file: a number and a barcode from the scheme when it has
    /// none, and nothing it shares with another envelope.
    func readyToFile(_ envelope: Envelope, excluding: Set<String> = []) throws -> Envelope {
        var e = envelope
        if e.number.isEmpty { e.number = nextEnvelopeNumber() }
        if e.barcode.isEmpty { e.barcode = nextBarcode() }
        try requireUnique(e, excluding: excluding)
        return e
    }

    /// A change of an envelope: only what it changes is checked.
    func requireUniqueChange(from before: Envelope, to after: Envelope) throws {
        try requireUnique(
            after, excluding: [after.id], number: after.number != before.number,
            barcode: after.barcode != before.barcode,
            room: after.roomCode != before.roomCode || (after.status == .active && before.status != .active))
    }

    /// Envelopes sharing a number or a barcode, and units with more than one active envelope
    /// (for `check`).
    public func duplicateEnvelopeProblems() -> [Problem] {
        let k = keys
        var out: [Problem] = []
        func report(_ ids: Set<String>, _ what: (String) -> String) {
            guard ids.count > 1 else { return }
            let sorted = ids.sorted()
            for id in sorted.dropFirst() {
                out.append(
                    Problem(
                        kind: .duplicate, path: summary(id: id)?.relativePath ?? id, message: what(describe(sorted[0])))
                )
            }
        }
        for (n, ids) in k.byNumber.sorted(by: { $0.key < $1.key }) {
            report(ids) {
                """
                envelope number \(Sanitize.visible(n)) is also used by envelope \($0): give one of them another \
                (dangan envelope edit ENVELOPE --number N)
                """
            }
        }
        for (b, ids) in k.byBarcode.sorted(by: { $0.key < $1.key }) {
            report(ids) {
                """
                barcode \(Sanitize.visible(b)) is also used by envelope \($0): give one of them another (dangan \
                envelope edit ENVELOPE --barcode B)
                """
            }
        }
        for (r, ids) in k.activeByRoom.sorted(by: { $0.key < $1.key }) {
            report(ids) {
                """
                unit \(Sanitize.visible(r)) has another active envelope, \($0): one unit, one active envelope \
                (close one by a change of ownership)
                """
            }
        }
        return out
    }
}
