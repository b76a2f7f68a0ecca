import Foundation
import SwiftCSV
#if canImport(Glibc)
import Glibc
#endif

/// A row that could not be imported: its line in the file (where the row starts) and why.
public struct ImportRowError: Sendable, Equatable, Codable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "line \(line): \(reason)" }
}

public struct ImportResult: Sendable {
    public var encoding: String
    public var rows: Int
    public var imported: [Envelope]
    public var rejected: [ImportRowError]
    public var cabinetsCreated: [String]
    public var documents: Int { imported.reduce(0) { $0 + $1.documents.count } }
}

/// `dangan import` / `dangan export`: envelopes and documents to and from a spreadsheet.
/// The header names the columns in Chinese or English; a column named after a document kind
/// of the catalogue lists what of that kind the envelope holds (原件, 复印件, 原件+复印件×2).
public enum SpreadsheetIO {
    /// (key, Chinese header, English header, required)
    public static let columns: [(key: String, zh: String, en: String, required: Bool)] = [
        ("number", "档案号", "number", true),
        ("cabinet", "档案柜", "cabinet", true),
        ("building", "楼栋", "building", true),
        ("floor", "楼层", "floor", true),
        ("unit", "房号", "unit", true),
        ("owner", "业主姓名", "owner", true),
        ("phone", "联系电话", "phone", false),
        ("id_number", "身份证号", "id_number", false),
        ("move_in", "入住日期", "move_in", false),
        ("barcode", "条码", "barcode", false),
        ("co_owners", "共有人", "co_owners", false),
        ("tenants", "租户", "tenants", false),
        ("note", "备注", "note", false),
    ]

    // MARK: Text encodings

    /// Reads UTF-8 (with or without BOM) or GB18030 text. Returns the text and the encoding.
    public static func decode(_ bytes: [UInt8]) throws -> (String, String) {
        var b = bytes[...]
        let hadBOM = b.starts(with: [0xEF, 0xBB, 0xBF])
        if hadBOM { b = b.dropFirst(3) }
        if let s = String(validating: b, as: UTF8.self) { return (s, hadBOM ? "UTF-8 (BOM)" : "UTF-8") }
        if hadBOM { throw ArchiveError.invalidField(field: "file", reason: "starts with a UTF-8 byte-order mark but is not valid UTF-8") }
        if let s = gb18030(Array(b)) { return (s, "GB18030") }
        throw ArchiveError.invalidField(field: "file", reason: "is neither UTF-8 nor GB18030 text")
    }

    /// GB18030 → String with glibc's iconv; nil when the bytes are not valid GB18030.
    static func gb18030(_ bytes: [UInt8]) -> String? {
        let cd = iconv_open("UTF-8", "GB18030")
        guard let cd, cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
        // The number of bytes produced (not the first NUL: a NUL in the file is data).
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
                var outLeft = outBuf.count
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                return (r == -1 || inLeft != 0) ? nil : outBuf.count - outLeft
            }
        }
        guard let n = produced else { return nil }
        return String(validating: output[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: Reading

    /// Rows of the file with the line each starts on (header is line 1).
    public static func parse(_ text: String) throws -> (header: [String], rows: [(line: Int, fields: [String])]) {
        let csv: EnumeratedCSV
        do { csv = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false) }
        catch let CSVParseError.quotation(m) { throw ArchiveError.invalidField(field: "file", reason: "is not valid CSV (quotes): \(m)") }
        catch let CSVParseError.generic(m) { throw ArchiveError.invalidField(field: "file", reason: "is not valid CSV: \(m)") }
        func newlines(_ fields: [String]) -> Int { fields.reduce(0) { $0 + $1.reduce(0) { $0 + ($1.isNewline ? 1 : 0) } } }
        var line = 2 + newlines(csv.header)
        var out: [(Int, [String])] = []
        for r in csv.rows {
            out.append((line, r))
            line += 1 + newlines(r)
        }
        return (csv.header, out)
    }

    struct Plan {
        var encoding: String
        var rows: Int
        var envelopes: [(line: Int, envelope: Envelope)]
        var errors: [ImportRowError]
        var cabinets: [String]
    }

    /// Reads and checks every row against the archive; writes nothing.
    static func plan(_ bytes: [UInt8], store: ArchiveStore, defaultDate: String, progress: WorkProgress? = nil) throws -> Plan {
        let (text, encoding) = try decode(bytes)
        let (rawHeader, rows) = try parse(text)
        let header = rawHeader.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        var keyAt: [String: Int] = [:]
        var kindAt: [(String, Int)] = []
        for (i, h) in header.enumerated() where !h.isEmpty {
            if let c = columns.first(where: { $0.zh == h || $0.en.caseInsensitiveCompare(h) == .orderedSame }) {
                guard keyAt[c.key] == nil else { throw ArchiveError.invalidField(field: "header", reason: "names the column \(h) twice") }
                keyAt[c.key] = i
            } else if store.settings.kind(named: h) != nil {
                kindAt.append((h, i))
            } else {
                throw ArchiveError.invalidField(field: "header", reason: "has an unknown column \(Sanitize.visible(String(h.prefix(40)))) (expected \(columns.map { "\($0.zh)/\($0.en)" }.joined(separator: ", ")) or a document kind of the catalogue)")
            }
        }
        let missing = columns.filter { $0.required && keyAt[$0.key] == nil }
        if !missing.isEmpty { throw ArchiveError.invalidField(field: "header", reason: "lacks the column(s) \(missing.map { "\($0.zh)/\($0.en)" }.joined(separator: ", "))") }

        var plan = Plan(encoding: encoding, rows: 0, envelopes: [], errors: [], cabinets: [])
        var numbers = Set(store.envelopes.filter { $0.status == .active }.map { $0.number })
        var newCabinets: [String] = []
        // Progress: every row checked, then every envelope written (two steps per row).
        progress?.start(total: rows.count * 2)
        for (line, fields) in rows {
            progress?.advance()
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            plan.rows += 1
            do {
                if fields.count > header.count, fields[header.count...].contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                    throw ArchiveError.invalidField(field: "row", reason: "has more fields than the header")
                }
                func v(_ key: String) -> String {
                    guard let i = keyAt[key], i < fields.count else { return "" }
                    // A line break inside a cell (Alt+Enter in Excel) becomes a space: fields are one line.
                    var s = fields[i].split(whereSeparator: { $0.isNewline }).joined(separator: " ").trimmingCharacters(in: .whitespaces)
                    // Undo the quote our own export puts before = + - @ for Excel.
                    if s.hasPrefix("'"), let c = s.dropFirst().first, "=+-@".contains(c) { s.removeFirst() }
                    return s
                }
                func list(_ key: String) -> [String] {
                    v(key).split(whereSeparator: { $0 == ";" || $0 == "、" || $0 == "；" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                }
                let idn = v("id_number")
                if idn.contains("*") { throw ArchiveError.invalidField(field: "身份证号/id_number", reason: "is masked (export as an archivist to get whole numbers)") }
                if !idn.isEmpty, !Validate.isIDNumberShape(idn) { throw ArchiveError.invalidField(field: "身份证号/id_number", reason: "is not an ID or passport number (5 to 20 letters and digits)") }
                let number = try Validate.text(v("number"), field: "档案号/number", max: 40, required: true)
                if numbers.contains(number) { throw ArchiveError.invalidField(field: "档案号/number", reason: "\(Sanitize.visible(number)) is already in use") }
                var e = Envelope(number: number, barcode: v("barcode"), cabinet: v("cabinet"), building: v("building"), floor: v("floor"),
                                 unit: v("unit"), owner: v("owner"), coOwners: list("co_owners"), tenants: list("tenants"),
                                 phones: list("phone"), idNumber: idn, moveIn: v("move_in"), note: v("note"))
                if e.barcode.isEmpty { e.barcode = number }
                for (kind, i) in kindAt where i < fields.count {
                    let spec = fields[i].trimmingCharacters(in: .whitespacesAndNewlines)
                    guard let parts = parseHolding(spec, kind: kind) else {
                        throw ArchiveError.invalidField(field: kind, reason: "\(Sanitize.visible(String(spec.prefix(20)))) is not 原件, 复印件, 原件+复印件, ×N or empty")
                    }
                    let k = store.settings.kind(named: kind)!
                    let date = e.moveIn.isEmpty ? defaultDate : e.moveIn
                    for (original, n) in parts {
                        for _ in 0..<n {
                            e.documents.append(Document(id: DocumentID.make(envelope: e.id), kind: kind, title: kind, original: original,
                                                        date: date, secrecy: k.defaultSecrecy))
                        }
                    }
                }
                e = try Validate.envelope(e, settings: store.settings)
                if !store.cabinets.contains(where: { $0.code == e.cabinet }) && !newCabinets.contains(e.cabinet) { newCabinets.append(e.cabinet) }
                numbers.insert(number)
                plan.envelopes.append((line, e))
            } catch let err as ArchiveError {
                plan.errors.append(ImportRowError(line: line, reason: err.description))
            }
        }
        plan.cabinets = newCabinets
        return plan
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
                    n = k; p = String(p[..<r.lowerBound]).trimmingCharacters(in: .whitespaces); break
                }
            }
            switch p {
            case "原件", "原", "original": out.append((true, n))
            case "复印件", "复印", "影印件", "copy": out.append((false, n))
            case "✓", "√", "有", "是", "yes", "y", "1": out.append((!kind.contains("复印件"), n))
            default: return nil
            }
        }
        return out
    }

    // MARK: Writing

    /// Every envelope with its documents as a spreadsheet (UTF-8 with BOM, Chinese header).
    /// ID numbers and phones are masked unless the operator's role may see them.
    public static func export(_ store: ArchiveStore, progress: WorkProgress? = nil) throws -> [UInt8] {
        if Mask.limitedView(store) { throw Mask.limitedRefusal }
        let reveal = Mask.mayRevealPersonalNumbers(store)
        let sums = store.envelopes.filter { $0.damaged == nil }
        progress?.start(total: sums.count)
        defer { progress?.finish() }
        let read = parallelMap(count: sums.count, progress: progress) { i in try? store.envelope(id: sums[i].id) }
        var kindsUsed = Set<String>()
        for e in read { for d in e?.documents ?? [] where d.state == .present { kindsUsed.insert(d.kind) } }
        let kinds = store.settings.catalogue.map { $0.name }.filter { kindsUsed.contains($0) }
        var rows: [[String]] = []
        for case let e? in read where e.status == .active {
            var r = [e.number, e.cabinet, e.building, e.floor, e.unit, e.owner,
                     e.phones.map { reveal ? $0 : Mask.phone($0) }.joined(separator: ";"),
                     reveal ? e.idNumber : Mask.idNumber(e.idNumber), e.moveIn, e.barcode,
                     e.coOwners.joined(separator: ";"), e.tenants.joined(separator: ";"), e.note]
            for k in kinds {
                let docs = e.documents.filter { $0.kind == k && $0.state == .present }
                let o = docs.filter { $0.original }.count, c = docs.count - o
                var parts: [String] = []
                if o > 0 { parts.append(o == 1 ? "原件" : "原件×\(o)") }
                if c > 0 { parts.append(c == 1 ? "复印件" : "复印件×\(c)") }
                r.append(parts.joined(separator: "+"))
            }
            rows.append(r)
        }
        let t = ReportTable(title: "", subtitle: "", columns: columns.map { $0.zh } + kinds, rows: rows, footer: "")
        return Reports.csv(t)
    }
}

extension ArchiveStore {
    /// Imports envelopes from a spreadsheet. All or nothing: if any row is rejected nothing is
    /// written, unless `skipBad`, which imports the good rows and reports the others. Missing
    /// cabinets are created. `dryRun` checks and writes nothing.
    public func importSpreadsheet(_ bytes: [UInt8], skipBad: Bool = false, dryRun: Bool = false, progress: WorkProgress? = nil) throws -> ImportResult {
        defer { progress?.finish() }
        return try mutate {
            let p = try SpreadsheetIO.plan(bytes, store: self, defaultDate: timeFormat.day(now), progress: progress)
            var result = ImportResult(encoding: p.encoding, rows: p.rows, imported: [], rejected: p.errors, cabinetsCreated: [])
            if (!p.errors.isEmpty && !skipBad) || dryRun { return result }
            let batch = RecordID.make("imp")
            for c in p.cabinets {
                let cab = Cabinet(code: c, label: "\(c)柜", room: "")
                try DurableIO.makeDirs(abs("cabinets/\(c)"))
                try DurableIO.writeAtomic(abs("cabinets/\(c)/cabinet.json"), JSONCoding.bytes(cab, encoder))
                upsertCabinet(cab)
                try append(JournalEntry(at: now, by: operatorName, action: .cabinetCreate, cabinet: cab, note: "import \(batch)"))
                result.cabinetsCreated.append(c)
            }
            for (_, e) in p.envelopes {
                try writeEnvelopeFile(e)
                try append(JournalEntry(at: now, by: operatorName, action: .envelopeCreate, envelope: e.id, after: e, note: "import \(batch)"))
                reloadSummary(envelopeID: e.id)
                result.imported.append(e)
                progress?.advance()
            }
            return result
        }
    }
}
