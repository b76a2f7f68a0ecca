import Foundation
import SwiftCSV

#if canImport(Glibc)
    import Glibc
#endif

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
    static let protectedKeys: Set<String> = [
        "number", "building", "floor", "unit", "phone", "id_number", "barcode", "parking",
        "emergency_phone", "forward_phone",
    ]

    // MARK: Text encodings

    /// Reads UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode Text") or GB18030
    /// text. Returns the text and the encoding.
    public static func decode(_ bytes: [UInt8]) throws -> (String, String) {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let little = bytes[0] == 0xFF
            let body = bytes.dropFirst(2)
            guard body.count % 2 == 0 else {
                throw ArchiveError.invalidField(
                    field: "file",
                    reason: "starts with a UTF-16 byte-order mark but has an odd number of bytes (cut short?)")
            }
            var units: [UInt16] = []
            units.reserveCapacity(body.count / 2)
            var i = body.startIndex
            while i < body.endIndex {
                let a = UInt16(body[i])
                let b = UInt16(body[i + 1])
                units.append(little ? a | b << 8 : a << 8 | b)
                i += 2
            }
            guard let s = String(validating: units, as: UTF16.self) else {
                throw ArchiveError.invalidField(
                    field: "file", reason: "starts with a UTF-16 byte-order mark but is not valid UTF-16")
            }
            return (s, little ? "UTF-16LE" : "UTF-16BE")
        }
        var b = bytes[...]
        let hadBOM = b.starts(with: [0xEF, 0xBB, 0xBF])
        if hadBOM { b = b.dropFirst(3) }
        if let s = String(validating: b, as: UTF8.self) { return (s, hadBOM ? "UTF-8 (BOM)" : "UTF-8") }
        if hadBOM {
            throw ArchiveError.invalidField(
                field: "file", reason: "starts with a UTF-8 byte-order mark but is not valid UTF-8")
        }
        if let s = gb18030(Array(b)) { return (s, "GB18030") }
        throw ArchiveError.invalidField(
            field: "file",
            reason:
                """
                is neither an .xlsx workbook nor UTF-8, UTF-16 or GB18030 text: save it from the spreadsheet \
                program as Excel Workbook (.xlsx) or CSV UTF-8
                """
        )
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
        /// What the file was, e.g. `UTF-8 CSV` or `Excel workbook (.xlsx)`.
        public var format: String
        /// The header row's cells (column names), as written.
        public var header: [String]
        /// The data rows after the header, each with the line (CSV) or row (workbook) it starts on.
        public var rows: [(line: Int, cells: [SheetCell])]
    }

    /// Reads a spreadsheet file of any kind dangan knows, by its content: an .xlsx workbook
    /// (a zip file), or CSV text in one of the encodings of `decode`, separated by commas, tabs
    /// or semicolons (whichever the header line uses).
    public static func readSheet(_ bytes: [UInt8]) throws -> Sheet {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let rows: [(row: Int, cells: [SheetCell])]
            do { rows = try Workbook.read(bytes) } catch let w as Workbook.Invalid {
                throw ArchiveError.invalidField(field: "file", reason: w.reason)
            }
            guard let h = rows.firstIndex(where: { !$0.cells.allSatisfy(\.isEmpty) }) else {
                throw ArchiveError.invalidField(
                    field: "file", reason: "is an empty workbook (its first sheet has no header row)")
            }
            let header = rows[h].cells.map { c -> String in
                if case .text(let t) = c { return t }
                return (try? cellText(c, key: nil)) ?? ""
            }
            return Sheet(
                format: "Excel workbook (.xlsx)", header: header, rows: rows[(h + 1)...].map { ($0.row, $0.cells) })
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw ArchiveError.invalidField(
                field: "file",
                reason: "is an Excel 97-2003 workbook (.xls): save it as Excel Workbook (.xlsx) or CSV UTF-8")
        }
        let (text, encoding) = try decode(bytes)
        let firstLine = text.prefix { !$0.isNewline }
        let tabs = firstLine.filter { $0 == "\t" }.count
        let commas = firstLine.filter { $0 == "," }.count
        let semis = firstLine.filter { $0 == ";" }.count
        let (delimiter, name): (CSVDelimiter, String) =
            tabs > 0 && tabs >= commas
            ? (.tab, "tab-separated")
            : commas == 0 && semis > 0 ? (.semicolon, "semicolon-separated") : (.comma, "CSV")
        let (header, rows) = try parse(text, delimiter: delimiter)
        return Sheet(
            format: "\(encoding) \(name)", header: header,
            rows: rows.map { ($0.line, $0.fields.map { SheetCell.text($0) }) })
    }

    /// Rows of the text with the line each starts on (header is line 1).
    public static func parse(_ text: String, delimiter: CSVDelimiter = .comma) throws -> (
        header: [String], rows: [(line: Int, fields: [String])]
    ) {
        let csv: EnumeratedCSV
        do { csv = try EnumeratedCSV(string: text, delimiter: delimiter, loadColumns: false) } catch let
            CSVParseError.quotation(m)
        { throw ArchiveError.invalidField(field: "file", reason: "is not valid CSV (quotes): \(m)") } catch let
            CSVParseError.generic(m)
        { throw ArchiveError.invalidField(field: "file", reason: "is not valid CSV: \(m)") }
        func newlines(_ fields: [String]) -> Int {
            fields.reduce(0) { $0 + $1.reduce(0) { $0 + ($1.isNewline ? 1 : 0) } }
        }
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
    static let idAsNumberAdvice =
        """
        format the 身份证号 column as Text (设置单元格格式 → 文本) before typing or pasting the numbers, or save the sheet \
        as .xlsx with that column as text, and enter them again
        """

    /// A cell's text for a column (`key` nil: a header or a document-kind column). Numbers are
    /// written as the spreadsheet shows them (integers without ".0", zero-padded where the cell's
    /// format pads them: "0000" shows 201 as 0201); an ID number stored as a number is refused,
    /// since a spreadsheet keeps only 15 significant digits of it.
    static func cellText(_ c: SheetCell, key: String?) throws -> String {
        switch c {
        case .empty: return ""
        case .text(let raw):
            // A line break inside a cell (Alt+Enter in Excel) becomes a space: fields are one line.
            var s = raw.split(whereSeparator: { $0.isNewline }).joined(separator: " ").trimmingCharacters(
                in: .whitespaces)
            // Undo the quote our own CSV export puts before = + - @, and its ="…" around numbers.
            if s.hasPrefix("'"), let ch = s.dropFirst().first, "=+-@".contains(ch) {
                s.removeFirst()
            } else if s.hasPrefix("=\""), s.hasSuffix("\""), s.count >= 3 {
                let inner = String(s.dropFirst(2).dropLast())
                if !inner.replacingOccurrences(of: "\"\"", with: "").contains("\"") {
                    s = inner.replacingOccurrences(of: "\"\"", with: "\"")
                }
            }
            return s
        case .bool(let b): return b ? "1" : "0"
        case .error(let e):
            throw ArchiveError.invalidField(
                field: key.map(title) ?? "cell",
                reason: "holds the formula error \(Sanitize.visible(String(e.prefix(20))))")
        case .date(let d): return d
        case .number(let raw, let x, let format):
            if key == "id_number" {
                let shown = x.magnitude >= 1e15 ? String(format: "%.14E", x) : raw
                if x.magnitude >= 1e15 || x != x.rounded() {
                    throw ArchiveError.invalidField(
                        field: title("id_number"),
                        reason:
                            """
                            \(Sanitize.visible(String(shown.prefix(30)))) is stored as a number, not text: the \
                            spreadsheet keeps only 15 significant digits of it, so the last digits are lost; \
                            \(idAsNumberAdvice)
                            """
                    )
                }
            }
            guard x == x.rounded(), x.magnitude < 1e15 else {
                return raw.contains("E") || raw.contains("e") ? "\(x)" : raw
            }
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
        if t.count == 8, t.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(t) {
            return day(v / 10000, v / 100 % 100, v % 100)
        }
        // A serial: five digits (1927 to 2173); a bare year such as 2021 is not a date.
        if t.count == 5, t.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(t) {
            return Workbook.serialDay(Double(v))
        }
        var u = t
        if u.hasSuffix("日") { u.removeLast() }
        let parts = u.split(omittingEmptySubsequences: false, whereSeparator: { "-/.年月".contains($0) })
        guard parts.count == 3,
            parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        // One style of separator: 2021年3月15日, or -, / or . throughout.
        let seps = u.filter { "-/.年月".contains($0) }
        guard seps == "年月" || (seps.count == 2 && Set(seps).count == 1 && !seps.contains("年") && !seps.contains("月"))
        else { return nil }
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
            return
                """
                \(Sanitize.visible(String(s.prefix(30)))) is in scientific notation: the spreadsheet stored the \
                ID numbers as numbers and kept only 15 digits; \(idAsNumberAdvice)
                """
        }
        return nil
    }

    /// What to add to a check-digit refusal when the number came from a spreadsheet.
    static func checkDigitAdvice(_ s: String) -> String? {
        guard let ok = Validate.residentIDCheckDigitIsRight(s), !ok else { return nil }
        let zeros = s.hasSuffix("000") ? " (it ends in 000: typical of a number that lost its last digits)" : ""
        return
            """
            the ID number fails its check digit (GB 11643)\(zeros): mistyped, or the spreadsheet stored it as a \
            number and kept only 15 significant digits; \(idAsNumberAdvice)
            """
    }

    struct Plan {
        var encoding: String
        var rows: Int
        var envelopes: [(line: Int, envelope: Envelope)]
        var errors: [ImportRowError]
        var cabinets: [String]
    }
}
