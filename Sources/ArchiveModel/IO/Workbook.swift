import Foundation
import SWXMLHash
import ZIPFoundation

#if canImport(Glibc)
    import Glibc
#endif

/// A cell as a spreadsheet stores it. CSV gives only text; a workbook says what the program
/// made of what was typed: a number (an ID number typed into a General column becomes one, and
/// loses its last digits), a date, text.
public enum SheetCell: Sendable, Equatable {
    case empty
    case text(String)
    /// A number: the value as written in the file, the value, and the cell's number format
    /// code ("General", "0000", …).
    case number(String, Double, format: String)
    /// A date-formatted number, as YYYY-MM-DD (a time of day is dropped).
    case date(String)
    case bool(Bool)
    /// A formula error (#N/A, #VALUE!, …).
    case error(String)

    /// True for an empty cell or text that is only white space.
    public var isEmpty: Bool {
        switch self {
        case .empty: return true
        case .text(let s): return s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        default: return false
        }
    }
}

/// Office Open XML workbooks (.xlsx), read and written: the container by ZIPFoundation, the
/// XML read by SWXMLHash (over Foundation's parser) and written as text. One sheet: the first.
public enum Workbook {
    /// A workbook dangan cannot read, and why.
    public struct Invalid: Error, CustomStringConvertible {
        /// Why, in words for the archivist (which part of the file is wrong).
        public let reason: String
        /// The reason, as shown.
        public var description: String { reason }
    }

    /// Parts larger than this are refused (a spreadsheet of a million envelopes is far smaller):
    /// a "zip bomb" is not unpacked into memory.
    static let maxPartSize = 512 << 20

    // MARK: Reading

    /// The first sheet's rows, each with its row number (1-based, as the program shows it).
    public static func read(_ bytes: [UInt8]) throws -> [(row: Int, cells: [SheetCell])] {
        try withArchive(bytes) { try read(archive: $0) }
    }

    /// Opens the bytes as a zip archive backed by a private temporary file (0600, removed at
    /// once). Not ZIPFoundation's in-memory archive: it stops the process when a damaged file
    /// points past its end (found by HostileAndFuzzTests); a file simply reads short.
    static func withArchive<T>(_ bytes: [UInt8], _ body: (Archive) throws -> T) throws -> T {
        let path = NSTemporaryDirectory() + "dangan-xlsx-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Invalid(reason: "could not be read (no temporary file)") }
        defer { unlink(path) }
        let ok = bytes.withUnsafeBytes { b -> Bool in
            var off = 0
            while off < b.count {
                let n = Glibc.write(fd, b.baseAddress! + off, b.count - off)
                if n <= 0 { return false }
                off += n
            }
            return true
        }
        Glibc.close(fd)
        guard ok else { throw Invalid(reason: "could not be read (temporary file not written)") }
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw Invalid(reason: "is not a readable .xlsx workbook (the zip container is damaged)")
        }
        return try body(archive)
    }

    static func read(archive: Archive) throws -> [(row: Int, cells: [SheetCell])] {
        func part(_ path: String) throws -> Data? {
            guard let e = archive[path] else { return nil }
            guard e.uncompressedSize <= UInt64(maxPartSize) else {
                throw Invalid(reason: "holds a part \(path) too large to be a spreadsheet")
            }
            var out = Data()
            do {
                _ = try archive.extract(
                    e,
                    consumer: { chunk in
                        out.append(chunk)
                        if out.count > maxPartSize {
                            throw Invalid(reason: "holds a part \(path) too large to be a spreadsheet")
                        }
                    })
            } catch let x as Invalid { throw x } catch { throw Invalid(reason: "has a damaged part \(path)") }
            return out
        }
        func xml(_ path: String) throws -> XMLElement? {
            guard let d = try part(path) else { return nil }
            // Workbook parts never declare a DTD; refusing one keeps entity expansion out.
            if d.range(of: Data("<!DOCTYPE".utf8)) != nil || d.range(of: Data("<!ENTITY".utf8)) != nil {
                throw Invalid(reason: "has a part \(path) with a document type declaration")
            }
            // Excel, WPS and LibreOffice write the parts in UTF-8. Anything else is refused here:
            // Foundation's XML parser on Linux stops the process on a name that is not UTF-8
            // (found by HostileAndFuzzTests), so it never sees one.
            guard String(validating: d, as: UTF8.self) != nil else {
                throw Invalid(reason: "has a part \(path) that is not UTF-8 text")
            }
            let parsed = XMLHash.config { $0.detectParsingErrors = true }.parse(d)
            // The parser's root holds the document element.
            guard case .element(let root) = parsed, let doc = elements(root).first else {
                throw Invalid(reason: "has a part \(path) that is not well-formed XML")
            }
            return doc
        }
        guard let workbook = try xml("xl/workbook.xml") else {
            if archive["content.xml"] != nil {
                throw Invalid(reason: "is an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV")
            }
            throw Invalid(reason: "is a zip file but not an .xlsx workbook (no xl/workbook.xml)")
        }
        let date1904 =
            first(workbook, "workbookPr").flatMap { attr($0, "date1904") }.map { $0 == "1" || $0 == "true" } ?? false
        guard let sheet = first(workbook, "sheets").flatMap({ first($0, "sheet") }) else {
            throw Invalid(reason: "has no sheet")
        }
        var sheetPath = "xl/worksheets/sheet1.xml"
        if let rid = attr(sheet, "id"), let rels = try xml("xl/_rels/workbook.xml.rels") {
            for r in kids(rels, "Relationship") where attr(r, "Id") == rid {
                if let t = attr(r, "Target") { sheetPath = t.hasPrefix("/") ? String(t.dropFirst()) : "xl/" + t }
            }
        }
        let shared = try xml("xl/sharedStrings.xml").map { kids($0, "si").map(richText) } ?? []
        let styles = try xml("xl/styles.xml").map(Styles.init) ?? Styles()
        guard let ws = try xml(sheetPath), let data = first(ws, "sheetData") else {
            throw Invalid(reason: "has no sheet data (\(sheetPath))")
        }
        var rows: [(Int, [SheetCell])] = []
        var nextRow = 1
        for row in kids(data, "row") {
            let r = attr(row, "r").flatMap(Int.init) ?? nextRow
            nextRow = r + 1
            var cells: [SheetCell] = []
            for c in kids(row, "c") {
                let col = attr(c, "r").flatMap(column) ?? cells.count
                guard col < 16_384 else { throw Invalid(reason: "has a cell beyond column XFD in row \(r)") }
                while cells.count < col { cells.append(.empty) }
                let style = attr(c, "s").flatMap(Int.init) ?? 0
                let v = first(c, "v")?.text ?? ""
                let cell: SheetCell
                switch attr(c, "t") ?? "n" {
                case "s":
                    cell = Int(v).flatMap { $0 >= 0 && $0 < shared.count ? SheetCell.text(shared[$0]) : nil } ?? .empty
                case "inlineStr": cell = first(c, "is").map { .text(richText($0)) } ?? .empty
                case "str": cell = .text(v)
                case "b": cell = .bool(v == "1" || v == "true")
                case "e": cell = .error(v)
                case "d": cell = .date(String(v.prefix(10)))
                default:
                    guard !v.isEmpty, let x = Double(v) else {
                        cell = .empty
                        break
                    }
                    if styles.isDate(style), let day = serialDay(x, date1904: date1904) {
                        cell = .date(day)
                    } else {
                        cell = .number(v, x, format: styles.format(style))
                    }
                }
                if cells.count == col { cells.append(cell) } else { cells[col] = cell }
            }
            rows.append((r, cells))
        }
        return rows
    }

    /// Text of a string item: its `t`, or the `t` of each run (`r`), phonetic runs left out.
    static func richText(_ e: XMLElement) -> String {
        var s = ""
        for k in elements(e) {
            switch local(k.name) {
            case "t": s += k.text
            case "r": for t in kids(k, "t") { s += t.text }
            default: break
            }
        }
        return s
    }

    /// Number formats of the cell styles: which are dates, and each one's code.
    struct Styles {
        var formats: [Int] = []
        var codes: [Int: String] = [:]
        init() {}
        init(_ sheet: XMLElement) {
            for f in Workbook.first(sheet, "numFmts").map({ Workbook.kids($0, "numFmt") }) ?? [] {
                if let id = Workbook.attr(f, "numFmtId").flatMap(Int.init) {
                    codes[id] = Workbook.attr(f, "formatCode") ?? ""
                }
            }
            formats =
                Workbook.first(sheet, "cellXfs").map {
                    Workbook.kids($0, "xf").map { Workbook.attr($0, "numFmtId").flatMap(Int.init) ?? 0 }
                } ?? []
        }
        func id(_ style: Int) -> Int { style >= 0 && style < formats.count ? formats[style] : 0 }
        func format(_ style: Int) -> String {
            let i = id(style)
            if let c = codes[i] { return c }
            return [0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 49: "@"][i] ?? "General"
        }
        func isDate(_ style: Int) -> Bool {
            let i = id(style)
            if let c = codes[i] { return Workbook.isDateFormat(c) }
            // Built-in date formats, the Chinese ones (27–36, 50–58) included; 45–47 are times.
            return (14...22).contains(i) || (27...36).contains(i) || (50...58).contains(i)
        }
    }

    /// A custom number format shows a date when, outside quoted text, escapes and [..] parts,
    /// it has a year or a day code (y, d): yyyy-mm-dd, m/d/yy, yyyy"年"m"月"d"日".
    static func isDateFormat(_ code: String) -> Bool {
        var out = ""
        var inQuote = false
        var inBracket = false
        var escape = false
        for ch in code {
            if escape {
                escape = false
                continue
            }
            if inQuote {
                if ch == "\"" { inQuote = false }
                continue
            }
            if inBracket {
                if ch == "]" { inBracket = false }
                continue
            }
            switch ch {
            case "\"": inQuote = true
            case "[": inBracket = true
            case "\\", "_", "*": escape = true
            default: out.append(ch)
            }
        }
        let l = out.lowercased()
        return l.contains("y") || l.contains("d")
    }

    /// A spreadsheet date serial as YYYY-MM-DD: days since 1899-12-30 in the 1900 system (which
    /// counts a 29 February 1900 that never was: serial 60), since 1904-01-01 in the 1904 one.
    public static func serialDay(_ serial: Double, date1904: Bool = false) -> String? {
        guard serial.isFinite, serial >= 1, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        if date1904 {
            days += 1462
        } else {
            if days == 60 { return nil }
            if days < 60 { days += 1 }
        }
        let (y, m, d) = civil(days - 25569)  // 1899-12-30 is day -25569 of the Unix epoch
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// The 1900-system serial of a day YYYY-MM-DD (after 1900-02-28).
    public static func serial(ofDay s: String) -> Int? {
        let p = s.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3, TimeFormat.isDay(s) else { return nil }
        let n = daysFromCivil(p[0], p[1], p[2]) + 25569
        return n > 60 ? n : nil
    }

    /// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar (H. Hinnant).
    static func civil(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// "B3" → 1 (the column, 0-based).
    static func column(_ ref: String) -> Int? {
        var n = 0
        var letters = 0
        for u in ref.utf8 {
            if u >= 65 && u <= 90 {
                n = n * 26 + Int(u - 64)
                letters += 1
            } else if u >= 97 && u <= 122 {
                n = n * 26 + Int(u - 96)
                letters += 1
            } else {
                break
            }
            if letters > 3 { return nil }
        }
        return letters > 0 ? n - 1 : nil
    }

    static func columnName(_ i: Int) -> String {
        var n = i + 1
        var s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            n = (n - 1) / 26
        }
        return s
    }

    // XML helpers: element names compared without their prefix (x:row and row alike).
    static func local(_ name: String) -> Substring { name.split(separator: ":").last ?? Substring(name) }
    static func elements(_ e: XMLElement) -> [XMLElement] { e.children.compactMap { $0 as? XMLElement } }
    static func kids(_ e: XMLElement, _ name: String) -> [XMLElement] { elements(e).filter { local($0.name) == name } }
    static func first(_ e: XMLElement, _ name: String) -> XMLElement? { elements(e).first { local($0.name) == name } }
    static func attr(_ e: XMLElement, _ name: String) -> String? {
        if let a = e.allAttributes[name] { return a.text }
        return e.allAttributes.first { local($0.key) == name }?.value.text
    }
}
