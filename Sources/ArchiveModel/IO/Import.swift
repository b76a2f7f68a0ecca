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

/// `dangan import` / `dangan export`: envelopes and documents to and from a spreadsheet — an
/// Excel workbook (.xlsx) or CSV in UTF-8, GB18030 or UTF-16 (Excel's "Unicode Text").
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
        ("id_type", "证件类型", "id_type", false),
        ("move_in", "入住日期", "move_in", false),
        ("barcode", "条码", "barcode", false),
        ("co_owners", "共有人", "co_owners", false),
        ("tenants", "租户", "tenants", false),
        ("note", "备注", "note", false),
        // Customer details (CustomerDetails.swift).
        ("category", "物业类型", "category", false),
        ("plates", "车牌号", "plates", false),
        ("parking", "车位号", "parking", false),
        ("emergency_name", "紧急联系人", "emergency_name", false),
        ("emergency_relation", "紧急联系人关系", "emergency_relation", false),
        ("emergency_phone", "紧急联系人电话", "emergency_phone", false),
        ("move_out", "迁出日期", "move_out", false),
        ("forward_phone", "迁出后联系电话", "forward_phone", false),
        ("forward_address", "邮件转收地址", "forward_address", false),
    ]

    /// Columns a spreadsheet program would turn into numbers or dates when it opens a CSV
    /// (0201 → 201, an ID number → 4.4E+17, 3-1 → 1 March): written so that it keeps them as text.
    static let protectedKeys: Set<String> = ["number", "building", "floor", "unit", "phone", "id_number", "barcode", "parking",
                                             "emergency_phone", "forward_phone"]

    // MARK: Text encodings

    /// Reads UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode Text") or GB18030
    /// text. Returns the text and the encoding.
    public static func decode(_ bytes: [UInt8]) throws -> (String, String) {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let little = bytes[0] == 0xFF
            let body = bytes.dropFirst(2)
            guard body.count % 2 == 0 else { throw ArchiveError.invalidField(field: "file", reason: "starts with a UTF-16 byte-order mark but has an odd number of bytes (cut short?)") }
            var units: [UInt16] = []
            units.reserveCapacity(body.count / 2)
            var i = body.startIndex
            while i < body.endIndex {
                let a = UInt16(body[i]), b = UInt16(body[i + 1])
                units.append(little ? a | b << 8 : a << 8 | b)
                i += 2
            }
            guard let s = String(validating: units, as: UTF16.self) else {
                throw ArchiveError.invalidField(field: "file", reason: "starts with a UTF-16 byte-order mark but is not valid UTF-16")
            }
            return (s, little ? "UTF-16LE" : "UTF-16BE")
        }
        var b = bytes[...]
        let hadBOM = b.starts(with: [0xEF, 0xBB, 0xBF])
        if hadBOM { b = b.dropFirst(3) }
        if let s = String(validating: b, as: UTF8.self) { return (s, hadBOM ? "UTF-8 (BOM)" : "UTF-8") }
        if hadBOM { throw ArchiveError.invalidField(field: "file", reason: "starts with a UTF-8 byte-order mark but is not valid UTF-8") }
        if let s = gb18030(Array(b)) { return (s, "GB18030") }
        throw ArchiveError.invalidField(field: "file", reason: "is neither an .xlsx workbook nor UTF-8, UTF-16 or GB18030 text: save it from the spreadsheet program as Excel Workbook (.xlsx) or CSV UTF-8")
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

    /// A spreadsheet as read: what it was, its header and its rows, each with the line (CSV)
    /// or row (workbook) it starts on.
    public struct Sheet: Sendable {
        public var format: String
        public var header: [String]
        public var rows: [(line: Int, cells: [SheetCell])]
    }

    /// Reads a spreadsheet file of any kind dangan knows, by its content: an .xlsx workbook
    /// (a zip file), or CSV text in one of the encodings of `decode`, separated by commas, tabs
    /// or semicolons (whichever the header line uses).
    public static func readSheet(_ bytes: [UInt8]) throws -> Sheet {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let rows: [(row: Int, cells: [SheetCell])]
            do { rows = try Workbook.read(bytes) } catch let w as Workbook.Invalid { throw ArchiveError.invalidField(field: "file", reason: w.reason) }
            guard let h = rows.firstIndex(where: { !$0.cells.allSatisfy(\.isEmpty) }) else {
                throw ArchiveError.invalidField(field: "file", reason: "is an empty workbook (its first sheet has no header row)")
            }
            let header = rows[h].cells.map { c -> String in if case .text(let t) = c { return t }; return (try? cellText(c, key: nil)) ?? "" }
            return Sheet(format: "Excel workbook (.xlsx)", header: header, rows: rows[(h + 1)...].map { ($0.row, $0.cells) })
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw ArchiveError.invalidField(field: "file", reason: "is an Excel 97-2003 workbook (.xls): save it as Excel Workbook (.xlsx) or CSV UTF-8")
        }
        let (text, encoding) = try decode(bytes)
        let firstLine = text.prefix { !$0.isNewline }
        let tabs = firstLine.filter { $0 == "\t" }.count, commas = firstLine.filter { $0 == "," }.count
        let semis = firstLine.filter { $0 == ";" }.count
        let (delimiter, name): (CSVDelimiter, String) = tabs > 0 && tabs >= commas ? (.tab, "tab-separated")
            : commas == 0 && semis > 0 ? (.semicolon, "semicolon-separated") : (.comma, "CSV")
        let (header, rows) = try parse(text, delimiter: delimiter)
        return Sheet(format: "\(encoding) \(name)", header: header, rows: rows.map { ($0.line, $0.fields.map { SheetCell.text($0) }) })
    }

    /// Rows of the text with the line each starts on (header is line 1).
    public static func parse(_ text: String, delimiter: CSVDelimiter = .comma) throws -> (header: [String], rows: [(line: Int, fields: [String])]) {
        let csv: EnumeratedCSV
        do { csv = try EnumeratedCSV(string: text, delimiter: delimiter, loadColumns: false) }
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

    /// Column titles for messages.
    static func title(_ key: String) -> String { columns.first { $0.key == key }.map { "\($0.zh)/\($0.en)" } ?? key }

    /// What the spreadsheet made of an ID number typed into a General column, and what to do.
    static let idAsNumberAdvice = "format the 身份证号 column as Text (设置单元格格式 → 文本) before typing or pasting the numbers, or save the sheet as .xlsx with that column as text, and enter them again"

    /// A cell's text for a column (`key` nil: a header or a document-kind column). Numbers are
    /// written as the spreadsheet shows them (integers without ".0", zero-padded where the cell's
    /// format pads them: "0000" shows 201 as 0201); an ID number stored as a number is refused,
    /// since a spreadsheet keeps only 15 significant digits of it.
    static func cellText(_ c: SheetCell, key: String?) throws -> String {
        switch c {
        case .empty: return ""
        case .text(let raw):
            // A line break inside a cell (Alt+Enter in Excel) becomes a space: fields are one line.
            var s = raw.split(whereSeparator: { $0.isNewline }).joined(separator: " ").trimmingCharacters(in: .whitespaces)
            // Undo the quote our own CSV export puts before = + - @, and its ="…" around numbers.
            if s.hasPrefix("'"), let ch = s.dropFirst().first, "=+-@".contains(ch) { s.removeFirst() }
            else if s.hasPrefix("=\""), s.hasSuffix("\""), s.count >= 3 {
                let inner = String(s.dropFirst(2).dropLast())
                if !inner.replacingOccurrences(of: "\"\"", with: "").contains("\"") { s = inner.replacingOccurrences(of: "\"\"", with: "\"") }
            }
            return s
        case .bool(let b): return b ? "1" : "0"
        case .error(let e): throw ArchiveError.invalidField(field: key.map(title) ?? "cell", reason: "holds the formula error \(Sanitize.visible(String(e.prefix(20))))")
        case .date(let d): return d
        case .number(let raw, let x, let format):
            if key == "id_number" {
                let shown = x.magnitude >= 1e15 ? String(format: "%.14E", x) : raw
                if x.magnitude >= 1e15 || x != x.rounded() {
                    throw ArchiveError.invalidField(field: title("id_number"), reason: "\(Sanitize.visible(String(shown.prefix(30)))) is stored as a number, not text: the spreadsheet keeps only 15 significant digits of it, so the last digits are lost; \(idAsNumberAdvice)")
                }
            }
            guard x == x.rounded(), x.magnitude < 1e15 else { return raw.contains("E") || raw.contains("e") ? "\(x)" : raw }
            var digits = String(Int64(x))
            // Zero padding shown by the format (0000 → 0201).
            let code = format.split(separator: ";").first.map(String.init) ?? ""
            if !code.isEmpty, code.allSatisfy({ $0 == "0" }), digits.count < code.count, x >= 0 {
                digits = String(repeating: "0", count: code.count - digits.count) + digits
            }
            return digits
        }
    }

    /// A date as spreadsheets and people write it: 2021-03-15, 2021/3/15, 2021.3.15,
    /// 2021年3月15日, 20210315, or a five-digit spreadsheet date serial (44270; the 1900 date system), with a
    /// time of day of midnight allowed after it (2021/3/15 0:00). YYYY-MM-DD, or nil.
    public static func parseDate(_ s: String) -> String? {
        var t = s.trimmingCharacters(in: .whitespaces)
        if let sp = t.firstIndex(of: " ") {
            let time = t[t.index(after: sp)...].trimmingCharacters(in: .whitespaces)
            guard ["0:00", "00:00", "0:00:00", "00:00:00"].contains(time) else { return nil }
            t = String(t[..<sp])
        }
        func day(_ y: Int, _ m: Int, _ d: Int) -> String? {
            let s = String(format: "%04d-%02d-%02d", y, m, d)
            return (1000...9999).contains(y) && TimeFormat.isDay(s) ? s : nil
        }
        if t.count == 8, t.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(t) { return day(v / 10000, v / 100 % 100, v % 100) }
        // A serial: five digits (1927 to 2173); a bare year such as 2021 is not a date.
        if t.count == 5, t.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(t) { return Workbook.serialDay(Double(v)) }
        var u = t
        if u.hasSuffix("日") { u.removeLast() }
        let parts = u.split(omittingEmptySubsequences: false, whereSeparator: { "-/.年月".contains($0) })
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        // One style of separator: 2021年3月15日, or -, / or . throughout.
        let seps = u.filter { "-/.年月".contains($0) }
        guard seps == "年月" || (seps.count == 2 && Set(seps).count == 1 && !seps.contains("年") && !seps.contains("月")) else { return nil }
        if seps == "年月" && !t.hasSuffix("日") { return nil }
        if seps != "年月" && t.hasSuffix("日") { return nil }
        return day(y, m, d)
    }

    /// Why an ID number is refused, or nil: scientific notation (what a spreadsheet shows for an
    /// ID stored as a number), or an 18-character resident ID whose check digit (GB 11643) is
    /// wrong — often the same cause, with the last digits turned to 0.
    static func idNumberProblem(_ s: String) -> String? {
        let sci = s.range(of: #"^[0-9](\.[0-9]+)?[Ee]\+?[0-9]+$"#, options: .regularExpression) != nil
        if sci {
            return "\(Sanitize.visible(String(s.prefix(30)))) is in scientific notation: the spreadsheet stored the ID numbers as numbers and kept only 15 digits; \(idAsNumberAdvice)"
        }
        return nil
    }

    /// What to add to a check-digit refusal when the number came from a spreadsheet.
    static func checkDigitAdvice(_ s: String) -> String? {
        guard let ok = Validate.residentIDCheckDigitIsRight(s), !ok else { return nil }
        let zeros = s.hasSuffix("000") ? " (it ends in 000: typical of a number that lost its last digits)" : ""
        return "the ID number fails its check digit (GB 11643)\(zeros): mistyped, or the spreadsheet stored it as a number and kept only 15 significant digits; \(idAsNumberAdvice)"
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
        let sheet = try readSheet(bytes)
        let header = sheet.header.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
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

        var plan = Plan(encoding: sheet.format, rows: 0, envelopes: [], errors: [], cabinets: [])
        // Numbers, barcodes and units already in this file (line of the first), beside the archive's.
        var numbers: [String: Int] = [:], barcodes: [String: Int] = [:], rooms: [String: Int] = [:]
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
                    try v(key).split(whereSeparator: { $0 == ";" || $0 == "、" || $0 == "；" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                }
                var idn = try v("id_number")
                if idn.contains("*") { throw ArchiveError.invalidField(field: title("id_number"), reason: "is masked (export as an archivist to get whole numbers)") }
                let idType = try v("id_type")
                let named = IDType.allCases.first { $0.rawValue == idType || $0.chinese == idType }
                guard let type = idType.isEmpty ? IDType.resident : named else {
                    let kinds = IDType.allCases.map { "\($0.chinese)/\($0.rawValue)" }.joined(separator: ", ")
                    throw ArchiveError.invalidField(field: "证件类型/id_type",
                                                    reason: "\(Sanitize.visible(String(idType.prefix(20)))) is not \(kinds)")
                }
                // What a spreadsheet does to a resident ID kept as a number, said with how to fix it.
                if type == .resident, let p = idNumberProblem(idn) { throw ArchiveError.invalidField(field: title("id_number"), reason: p) }
                if idn.count == 18 && idn.hasSuffix("x") { idn = String(idn.dropLast()) + "X" }
                var moveIn = try v("move_in")
                if !moveIn.isEmpty {
                    guard let d = parseDate(moveIn) else {
                        throw ArchiveError.invalidField(field: title("move_in"), reason: "\(Sanitize.visible(String(moveIn.prefix(30)))) is not a date: write it as 2021-03-15, 2021/3/15, 2021年3月15日 or 20210315, or make the column a date column")
                    }
                    moveIn = d
                }
                let number = try Validate.text(try v("number"), field: title("number"), max: 40, required: true)
                if let first = numbers[number] { throw ArchiveError.invalidField(field: title("number"), reason: "\(Sanitize.visible(number)) is also on line \(first)") }
                var e = Envelope(number: number, barcode: try v("barcode"), cabinet: try v("cabinet"), building: try v("building"), floor: try v("floor"),
                                 unit: try v("unit"), owner: try v("owner"), coOwners: try list("co_owners"), tenants: try list("tenants"),
                                 phones: try list("phone"), idNumber: idn, moveIn: moveIn, note: try v("note"))
                e.identityType = type
                if e.barcode.isEmpty { e.barcode = number }
                try customerDetails(&e, v)
                for (kind, i) in kindAt where i < cells.count {
                    let spec = try cellText(cells[i], key: nil)
                    guard let parts = parseHolding(spec, kind: kind) else {
                        throw ArchiveError.invalidField(field: kind, reason: "\(Sanitize.visible(String(spec.prefix(20)))) is not 原件, 复印件, 原件+复印件, ×N or empty")
                    }
                    let k = store.settings.kind(named: kind)!
                    let date = e.moveIn.isEmpty ? defaultDate : e.moveIn
                    for (original, n) in parts {
                        for _ in 0..<n {
                            // Kept by the kind's default period (complaints expire, contracts are permanent).
                            e.documents.append(Document(id: DocumentID.make(envelope: e.id), kind: kind, title: kind, original: original,
                                                        date: date, secrecy: k.defaultSecrecy, retention: ""))
                        }
                    }
                }
                do { e = try Validate.envelope(e, settings: store.settings, now: store.now) } catch ArchiveError.invalidField(let f, let r) {
                    // The same words as the forms and the command line, and what the spreadsheet did.
                    let advice = e.identityType == .resident ? checkDigitAdvice(e.idNumber).map { " — " + $0 } ?? "" : ""
                    throw ArchiveError.invalidField(field: f, reason: r + advice)
                }
                if let first = barcodes[e.barcode] { throw ArchiveError.invalidField(field: title("barcode"), reason: "\(Sanitize.visible(e.barcode)) is also on line \(first)") }
                if let first = rooms[e.roomCode] { throw ArchiveError.invalidField(field: title("unit"), reason: "\(e.roomCode) is also on line \(first): one unit, one active envelope") }
                // The same refusals as the forms and the command line, naming the other envelope.
                try store.requireUnique(e, excluding: [])
                if !store.cabinets.contains(where: { $0.code == e.cabinet }) && !newCabinets.contains(e.cabinet) { newCabinets.append(e.cabinet) }
                numbers[number] = line; barcodes[e.barcode] = line; rooms[e.roomCode] = line
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
            try v(key).split(whereSeparator: { $0 == ";" || $0 == "、" || $0 == "；" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let cat = try v("category")
        if !cat.isEmpty {
            guard let c = PropertyCategory(parse: cat) else {
                throw ArchiveError.invalidField(field: title("category"), reason: "\(Sanitize.visible(String(cat.prefix(20)))) is not \(PropertyCategory.choices)")
            }
            e.category = c
        }
        e.vehiclePlates = try list("plates")
        e.parking = try list("parking")
        let name = try v("emergency_name"), relation = try v("emergency_relation"), phone = try v("emergency_phone")
        if !(name + relation + phone).isEmpty { e.emergencyContact = Contact(name: name, phone: phone, relation: relation) }
        let out = try v("move_out"), fphone = try v("forward_phone"), faddress = try v("forward_address")
        if !out.isEmpty {
            guard let d = parseDate(out) else {
                throw ArchiveError.invalidField(field: title("move_out"), reason: "\(Sanitize.visible(String(out.prefix(30)))) is not a date: write it as 2021-03-15, 2021/3/15, 2021年3月15日 or 20210315")
            }
            e.moveOut = MoveOut(date: d, phone: fphone, address: faddress)
        } else if !(fphone + faddress).isEmpty {
            throw ArchiveError.invalidField(field: title("move_out"), reason: "is required when a forwarding phone or address is given")
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
                    n = k; p = String(p[..<r.lowerBound]).trimmingCharacters(in: .whitespaces); break
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

    // MARK: Writing

    public enum ExportFormat: String, Sendable { case csv, xlsx }

    /// Every active envelope with its documents, in the columns import reads (Chinese header).
    /// ID numbers and phones are masked unless the operator's role may see them.
    /// `progress` counts the envelope files read.
    public static func exportTable(_ store: ArchiveStore, progress: WorkProgress? = nil) throws -> (columns: [Workbook.Column], keys: [String?], rows: [[String]]) {
        try store.require(.readRegisters)
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
            let c = e.card
            var r: [String] = [c.number, c.cabinet, c.building, c.floor, c.unit, c.owner]
            r += [c.phones.map { reveal ? $0 : Mask.phone($0) }.joined(separator: ";"),
                     reveal ? e.idNumber : Mask.idNumber(e.idNumber), e.identityType.chinese, e.moveIn, c.barcode,
                     c.coOwners.joined(separator: ";"), c.tenants.joined(separator: ";"), e.note,
                     e.category?.chinese ?? "", e.vehiclePlates.joined(separator: ";"), e.parking.joined(separator: ";"),
                     e.emergencyContact?.name ?? "", e.emergencyContact?.relation ?? "",
                     e.emergencyContact.map { reveal ? $0.phone : Mask.phone($0.phone) } ?? "",
                     e.moveOut?.date ?? "", e.moveOut.map { reveal || $0.phone.isEmpty ? $0.phone : Mask.phone($0.phone) } ?? "",
                     e.moveOut?.address ?? ""]
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
        let cols = columns.map { Workbook.Column($0.zh, $0.key == "move_in" || $0.key == "move_out" ? .date : .text) } + kinds.map { Workbook.Column($0) }
        return (cols, columns.map { $0.key } + kinds.map { _ in nil }, rows)
    }

    /// The export as a file: an .xlsx workbook (ID numbers, phones, rooms and numbers as text
    /// cells, move-in dates as date cells, a frozen Chinese header), or CSV (UTF-8 with BOM).
    public static func export(_ store: ArchiveStore, format: ExportFormat = .csv, progress: WorkProgress? = nil) throws -> [UInt8] {
        let (cols, keys, rows) = try exportTable(store, progress: progress)
        // Whole ID numbers and phones leave the archive: recorded first (seed 002), or nothing is written.
        if Mask.mayRevealPersonalNumbers(store) && !rows.isEmpty {
            try store.recordAccess(.export, envelope: nil, count: rows.count, detail: "导出 \(format.rawValue),含身份证号和电话 (\(rows.count) 袋)")
        }
        switch format {
        case .xlsx:
            do { return try Workbook.write(sheet: "档案袋", columns: cols, rows: rows) }
            catch let w as Workbook.Invalid { throw ArchiveError.invalidField(field: "export", reason: w.reason) }
        case .csv:
            return csv(columns: cols.map { $0.title }, keys: keys, rows: rows)
        }
    }

    /// CSV for spreadsheet programs: UTF-8 with BOM, CRLF. Numbers that a spreadsheet would
    /// change (a room 0201, an ID number, a phone, a code like 3-1) in the columns of
    /// `protectedKeys` are written ="0201", which Excel and LibreOffice keep as text and
    /// `dangan import` reads back; any other cell starting with = + - @ is prefixed with ' so
    /// that it is never run as a formula.
    static func csv(columns: [String], keys: [String?], rows: [[String]]) -> [UInt8] {
        func quote(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        func cell(_ raw: String, _ key: String?) -> String {
            let clean = Sanitize.visible(raw)
            if let key, protectedKeys.contains(key), !clean.isEmpty, clean.allSatisfy({ $0.isASCII && ($0.isNumber || "-/.+ ".contains($0)) }) {
                return quote("=\"" + clean + "\"")
            }
            let safe = clean.first.map { "=+-@".contains($0) } == true ? "'" + clean : clean
            return safe != clean ? "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : quote(safe)
        }
        var out = "\u{FEFF}" + columns.map { cell($0, nil) }.joined(separator: ",") + "\r\n"
        for r in rows { out += r.enumerated().map { cell($1, $0 < keys.count ? keys[$0] : nil) }.joined(separator: ",") + "\r\n" }
        return Array(out.utf8)
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
