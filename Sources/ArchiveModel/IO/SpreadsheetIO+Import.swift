import Foundation
import SwiftCSV

#if canImport(Glibc)
    import Glibc
#endif

/// A row that could not be imported: its line in the file (where the row starts) and why.
public struct ImportRowError: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Line of the file (or row of the workbook) where the row starts, counted from 1.
    public var line: Int
    /// Why it was refused, naming the column and what to fix.
    public var reason: String
    /// The error as the import report prints it: `line N: reason`.
    public var description: String { "line \(line): \(reason)" }
}

/// What an import did (or, in a dry run, would do).
public struct ImportResult: Sendable {
    /// The file's kind as read, e.g. `UTF-8 CSV`, `GB18030 CSV`, `Excel workbook (.xlsx)`.
    public var encoding: String
    /// Data rows read (the header not counted).
    public var rows: Int
    /// Envelopes filed, with their documents; empty in a dry run or when nothing was filed.
    public var imported: [Envelope]
    /// Rows refused, each with its line and reason.
    public var rejected: [ImportRowError]
    /// Codes of the cabinets the import created because rows named them.
    public var cabinetsCreated: [String]
    /// How many documents the imported envelopes hold.
    public var documents: Int { imported.reduce(0) { $0 + $1.documents.count } }
}

extension SpreadsheetIO {
    /// Reads and checks every row against the archive; writes nothing.
    static func plan(_ bytes: [UInt8], store: ArchiveStore, defaultDate: String, progress: WorkProgress? = nil) throws
        -> Plan
    {
        let sheet = try readSheet(bytes)
        let header = sheet.header.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        var keyAt: [String: Int] = [:]
        var kindAt: [(String, Int)] = []
        for (i, h) in header.enumerated() where !h.isEmpty {
            if let c = columns.first(where: { $0.zh == h || $0.en.caseInsensitiveCompare(h) == .orderedSame }) {
                guard keyAt[c.key] == nil else {
                    throw ArchiveError.invalidField(field: "header", reason: "names the column \(h) twice")
                }
                keyAt[c.key] = i
            } else if store.settings.kind(named: h) != nil {
                kindAt.append((h, i))
            } else {
                throw ArchiveError.invalidField(
                    field: "header",
                    reason:
                        """
                        has an unknown column \(Sanitize.visible(String(h.prefix(40)))) (expected \
                        \(columns.map { "\($0.zh)/\($0.en)" }.joined(separator: ", ")) or a document kind of \
                        the catalogue)
                        """
                )
            }
        }
        let missing = columns.filter { $0.required && keyAt[$0.key] == nil }
        if !missing.isEmpty {
            throw ArchiveError.invalidField(
                field: "header",
                reason: "lacks the column(s) \(missing.map { "\($0.zh)/\($0.en)" }.joined(separator: ", "))")
        }

        var plan = Plan(encoding: sheet.format, rows: 0, envelopes: [], errors: [], cabinets: [])
        // Numbers, barcodes and units already in this file (line of the first), beside the archive's.
        var numbers: [String: Int] = [:]
        var barcodes: [String: Int] = [:]
        var rooms: [String: Int] = [:]
        var newCabinets: [String] = []
        // Progress: every row checked, then every envelope written (two steps per row).
        progress?.start(total: sheet.rows.count * 2)
        for (line, cells) in sheet.rows {
            progress?.advance()
            if cells.allSatisfy(\.isEmpty) { continue }
            plan.rows += 1
            do {
                if cells.count > header.count, cells[header.count...].contains(where: { !$0.isEmpty }) {
                    throw ArchiveError.invalidField(field: "row", reason: "has more fields than the header")
                }
                func v(_ key: String) throws -> String {
                    guard let i = keyAt[key], i < cells.count else { return "" }
                    return try cellText(cells[i], key: key)
                }
                func list(_ key: String) throws -> [String] {
                    try v(key).split(whereSeparator: { $0 == ";" || $0 == "、" || $0 == "；" }).map {
                        $0.trimmingCharacters(in: .whitespaces)
                    }.filter { !$0.isEmpty }
                }
                var idn = try v("id_number")
                if idn.contains("*") {
                    throw ArchiveError.invalidField(
                        field: title("id_number"), reason: "is masked (export as an archivist to get whole numbers)")
                }
                let idType = try v("id_type")
                let named = IDType.allCases.first { $0.rawValue == idType || $0.chinese == idType }
                guard let type = idType.isEmpty ? IDType.resident : named else {
                    let kinds = IDType.allCases.map { "\($0.chinese)/\($0.rawValue)" }.joined(separator: ", ")
                    throw ArchiveError.invalidField(
                        field: "证件类型/id_type",
                        reason: "\(Sanitize.visible(String(idType.prefix(20)))) is not \(kinds)")
                }
                // What a spreadsheet does to a resident ID kept as a number, said with how to fix it.
                if type == .resident, let p = idNumberProblem(idn) {
                    throw ArchiveError.invalidField(field: title("id_number"), reason: p)
                }
                if idn.count == 18 && idn.hasSuffix("x") { idn = String(idn.dropLast()) + "X" }
                var moveIn = try v("move_in")
                if !moveIn.isEmpty {
                    guard let d = parseDate(moveIn) else {
                        throw ArchiveError.invalidField(
                            field: title("move_in"),
                            reason:
                                """
                                \(Sanitize.visible(String(moveIn.prefix(30)))) is not a date: write it as \
                                2021-03-15, 2021/3/15, 2021年3月15日 or 20210315, or make the column a date column
                                """
                        )
                    }
                    moveIn = d
                }
                let number = try Validate.text(try v("number"), field: title("number"), max: 40, required: true)
                if let first = numbers[number] {
                    throw ArchiveError.invalidField(
                        field: title("number"), reason: "\(Sanitize.visible(number)) is also on line \(first)")
                }
                var e = Envelope(
                    number: number, barcode: try v("barcode"), cabinet: try v("cabinet"), building: try v("building"),
                    floor: try v("floor"),
                    unit: try v("unit"), owner: try v("owner"), coOwners: try list("co_owners"),
                    tenants: try list("tenants"),
                    phones: try list("phone"), idNumber: idn, moveIn: moveIn, note: try v("note"))
                e.identityType = type
                if e.barcode.isEmpty { e.barcode = number }
                try customerDetails(&e, v)
                for (kind, i) in kindAt where i < cells.count {
                    let spec = try cellText(cells[i], key: nil)
                    guard let parts = parseHolding(spec, kind: kind) else {
                        throw ArchiveError.invalidField(
                            field: kind,
                            reason: "\(Sanitize.visible(String(spec.prefix(20)))) is not 原件, 复印件, 原件+复印件, ×N or empty")
                    }
                    let k = store.settings.kind(named: kind)!
                    let date = e.moveIn.isEmpty ? defaultDate : e.moveIn
                    for (original, n) in parts {
                        for _ in 0..<n {
                            // Kept by the kind's default period (complaints expire, contracts are permanent).
                            e.documents.append(
                                Document(
                                    id: DocumentID.make(envelope: e.id), kind: kind, title: kind, original: original,
                                    date: date, secrecy: k.defaultSecrecy, retention: ""))
                        }
                    }
                }
                do {
                    e = try Validate.envelope(e, settings: store.settings, now: store.now)
                } catch ArchiveError.invalidField(let f, let r) {
                    // The same words as the forms and the command line, and what the spreadsheet did.
                    let advice =
                        e.identityType == .resident ? checkDigitAdvice(e.idNumber).map { " — " + $0 } ?? "" : ""
                    throw ArchiveError.invalidField(field: f, reason: r + advice)
                }
                if let first = barcodes[e.barcode] {
                    throw ArchiveError.invalidField(
                        field: title("barcode"), reason: "\(Sanitize.visible(e.barcode)) is also on line \(first)")
                }
                if let first = rooms[e.roomCode] {
                    throw ArchiveError.invalidField(
                        field: title("unit"),
                        reason: "\(e.roomCode) is also on line \(first): one unit, one active envelope")
                }
                // The same refusals as the forms and the command line, naming the other envelope.
                try store.requireUnique(e, excluding: [])
                if !store.cabinets.contains(where: { $0.code == e.cabinet }) && !newCabinets.contains(e.cabinet) {
                    newCabinets.append(e.cabinet)
                }
                numbers[number] = line
                barcodes[e.barcode] = line
                rooms[e.roomCode] = line
                plan.envelopes.append((line, e))
            } catch let err as ArchiveError {
                plan.errors.append(ImportRowError(line: line, reason: err.description))
            }
        }
        plan.cabinets = newCabinets
        return plan
    }

    /// The customer-detail columns of a row: category, plates, parking spaces, emergency
    /// contact, move-out with the forwarding contact.
    static func customerDetails(_ e: inout Envelope, _ v: (String) throws -> String) throws {
        func list(_ key: String) throws -> [String] {
            try v(key).split(whereSeparator: { $0 == ";" || $0 == "、" || $0 == "；" }).map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
        }
        let cat = try v("category")
        if !cat.isEmpty {
            guard let c = PropertyCategory(parse: cat) else {
                throw ArchiveError.invalidField(
                    field: title("category"),
                    reason: "\(Sanitize.visible(String(cat.prefix(20)))) is not \(PropertyCategory.choices)")
            }
            e.category = c
        }
        e.vehiclePlates = try list("plates")
        e.parking = try list("parking")
        let name = try v("emergency_name")
        let relation = try v("emergency_relation")
        let phone = try v("emergency_phone")
        if !(name + relation + phone).isEmpty {
            e.emergencyContact = Contact(name: name, phone: phone, relation: relation)
        }
        let out = try v("move_out")
        let fphone = try v("forward_phone")
        let faddress = try v("forward_address")
        if !out.isEmpty {
            guard let d = parseDate(out) else {
                throw ArchiveError.invalidField(
                    field: title("move_out"),
                    reason:
                        """
                        \(Sanitize.visible(String(out.prefix(30)))) is not a date: write it as 2021-03-15, \
                        2021/3/15, 2021年3月15日 or 20210315
                        """
                )
            }
            e.moveOut = MoveOut(date: d, phone: fphone, address: faddress)
        } else if !(fphone + faddress).isEmpty {
            throw ArchiveError.invalidField(
                field: title("move_out"), reason: "is required when a forwarding phone or address is given")
        }
    }

    /// "原件", "复印件", "原件+复印件", "复印件×2", "✓" … → [(original, count)]; nil if unreadable.
    static func parseHolding(_ spec: String, kind: String) -> [(Bool, Int)]? {
        if spec.isEmpty || spec == "0" || spec == "无" || spec == "-" { return [] }
        var out: [(Bool, Int)] = []
        for part in spec.split(whereSeparator: { $0 == "+" || $0 == "＋" }) {
            var p = part.trimmingCharacters(in: .whitespaces).lowercased()
            var n = 1
            for sep in ["×", "x", "*"] {
                if let r = p.range(of: sep, options: .backwards), let k = Int(p[r.upperBound...]), k >= 1, k <= 50 {
                    n = k
                    p = String(p[..<r.lowerBound]).trimmingCharacters(in: .whitespaces)
                    break
                }
            }
            switch p {
            case "原件", "原", "original": out.append((true, n))
            case "复印件", "复印", "影印件", "copy": out.append((false, n))
            case "✓", "√", "有", "是", "yes", "y", "1", "true": out.append((!kind.contains("复印件"), n))
            default: return nil
            }
        }
        return out
    }
}

extension ArchiveStore {
    /// Imports envelopes from a spreadsheet. All or nothing: if any row is rejected nothing is
    /// written, unless `skipBad`, which imports the good rows and reports the others. Missing
    /// cabinets are created. `dryRun` checks and writes nothing.
    public func importSpreadsheet(
        _ bytes: [UInt8], skipBad: Bool = false, dryRun: Bool = false, progress: WorkProgress? = nil
    ) throws -> ImportResult {
        defer { progress?.finish() }
        return try mutate {
            let p = try SpreadsheetIO.plan(bytes, store: self, defaultDate: timeFormat.day(now), progress: progress)
            var result = ImportResult(
                encoding: p.encoding, rows: p.rows, imported: [], rejected: p.errors, cabinetsCreated: [])
            if (!p.errors.isEmpty && !skipBad) || dryRun { return result }
            // One entry for the whole import: every envelope is filed, or none is.
            var changes: [RecordChange] = []
            for c in p.cabinets {
                let cab = Cabinet(code: c, label: "\(c)柜", room: "")
                changes.append(try creation(.cabinet, cab.id, cab))
                result.cabinetsCreated.append(c)
            }
            for (_, e) in p.envelopes {
                changes.append(try creation(.envelope, e.id, e))
                result.imported.append(e)
                progress?.advance()
            }
            guard !changes.isEmpty else { return result }
            try commit(entry(.import, changes: changes, note: "导入 \(p.envelopes.count) 个档案袋 (import)"))
            return result
        }
    }
}
