import Foundation
import SWXMLHash
import ZIPFoundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writing a workbook: one sheet, a header row, text cells (so that ID numbers and rooms keep
/// their digits), and the zip container.
extension Workbook {
    /// How a column's cells are written: as text, or as dates shown YYYY-MM-DD.
    public enum ColumnKind: Sendable { case text, date }

    /// One column of the sheet written.
    public struct Column: Sendable {
        /// The header cell.
        public var title: String
        /// Text or date.
        public var kind: ColumnKind
        /// A column; text unless said.
        public init(_ title: String, _ kind: ColumnKind = .text) {
            self.title = title
            self.kind = kind
        }
    }

    /// One sheet: a bold header row, frozen; text columns typed as text ("@", so that what is
    /// typed into them later stays text too); date columns as real dates shown YYYY-MM-DD; each
    /// column as wide as its widest cell.
    public static func write(sheet name: String, columns: [Column], rows: [[String]]) throws -> [UInt8] {
        let ncol = max(1, columns.count)
        let last = columnName(ncol - 1) + "\(rows.count + 1)"
        var widths = columns.map { TextWidth.width($0.title) }
        for r in rows { for (i, v) in r.enumerated() where i < ncol { widths[i] = max(widths[i], TextWidth.width(v)) } }
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        x +=
            """
            <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
            xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">
            """
        x += "<dimension ref=\"A1:\(last)\"/>"
        x +=
            """
            <sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" \
            activePane=\"bottomLeft\" state=\"frozen\"/>
            """
        x += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
        x += "<sheetFormatPr defaultRowHeight=\"15\"/><cols>"
        for (i, c) in columns.enumerated() {
            let w = min(60, max(8, widths[i] + 2))
            x +=
                """
                <col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(w)\" customWidth=\"1\" \
                style=\"\(c.kind == .date ? 2 : 1)\"/>
                """
        }
        x += "</cols><sheetData>"
        x += "<row r=\"1\">"
        for (i, c) in columns.enumerated() {
            x += "<c r=\"\(columnName(i))1\" s=\"3\" t=\"inlineStr\"><is><t>\(escape(c.title))</t></is></c>"
        }
        x += "</row>"
        for (k, r) in rows.enumerated() {
            let rn = k + 2
            x += "<row r=\"\(rn)\">"
            for (i, v) in r.enumerated() where i < ncol && !v.isEmpty {
                let ref = "\(columnName(i))\(rn)"
                if columns[i].kind == .date, let n = serial(ofDay: v) {
                    x += "<c r=\"\(ref)\" s=\"2\"><v>\(n)</v></c>"
                } else {
                    x +=
                        """
                        <c r=\"\(ref)\" s=\"1\" t=\"inlineStr\"><is><t \
                        xml:space=\"preserve\">\(escape(v))</t></is></c>
                        """
                }
            }
            x += "</row>"
        }
        x += "</sheetData></worksheet>"

        let sheetTitle = escape(String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31)))
        let parts: [(String, String)] = [
            (
                "[Content_Types].xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/xl/workbook.xml" \
                ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                <Override PartName="/xl/worksheets/sheet1.xml" \
                ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
                <Override PartName="/xl/styles.xml" \
                ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
                </Types>
                """
            ),
            (
                "_rels/.rels",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" \
                Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
                Target="xl/workbook.xml"/>\
                </Relationships>
                """
            ),
            (
                "xl/workbook.xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                <bookViews><workbookView/></bookViews><sheets><sheet name="\(sheetTitle)" sheetId="1" r:id="rId1"/>\
                </sheets></workbook>
                """
            ),
            (
                "xl/_rels/workbook.xml.rels",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" \
                Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
                Target="worksheets/sheet1.xml"/>\
                <Relationship Id="rId2" \
                Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
                </Relationships>
                """
            ),
            // Styles: 0 General, 1 text (@), 2 date yyyy-mm-dd, 3 the header (bold, shaded, text).
            (
                "xl/styles.xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
                <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>\
                <fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>\
                <font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>\
                <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill \
                patternType="gray125"/></fill>\
                <fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill>\
                </fill></fills>\
                <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
                <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
                <cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
                <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
                <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
                <xf numFmtId="49" fontId="1" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" \
                applyFill="1"/></cellXfs>\
                <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
                </styleSheet>
                """
            ),
            ("xl/worksheets/sheet1.xml", x),
        ]
        return try zip(parts.map { ($0.0, Data($0.1.utf8)) })
    }

    /// A zip file of these parts, deflated, in memory. A fixed time in the zip headers: the same
    /// parts give the same bytes.
    static func zip(_ parts: [(String, Data)]) throws -> [UInt8] {
        let archive: Archive
        do { archive = try Archive(accessMode: .create) } catch {
            throw Invalid(reason: "could not start a workbook in memory")
        }
        let stamp = Date(timeIntervalSince1970: 1_577_836_800)
        for (path, data) in parts {
            do {
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: stamp,
                    compressionMethod: .deflate
                ) { pos, size in
                    data.subdata(in: Int(pos)..<min(data.count, Int(pos) + size))
                }
            } catch { throw Invalid(reason: "could not write \(path) into the workbook") }
        }
        guard let out = archive.data else { throw Invalid(reason: "could not finish the workbook") }
        return [UInt8](out)
    }

    /// Every part of a zip file, in its order (tests and tools).
    static func parts(_ bytes: [UInt8]) throws -> [(String, Data)] {
        try withArchive(bytes) { try parts(archive: $0) }
    }

    static func parts(archive: Archive) throws -> [(String, Data)] {
        var out: [(String, Data)] = []
        for e in archive where e.type == .file {
            var d = Data()
            do { _ = try archive.extract(e, consumer: { d.append($0) }) } catch {
                throw Invalid(reason: "has a damaged part \(e.path)")
            }
            out.append((e.path, d))
        }
        return out
    }

    /// XML text: the five special characters escaped; characters XML 1.0 cannot hold (C0
    /// controls but tab and line breaks) left out.
    static func escape(_ s: String) -> String {
        var o = ""
        o.reserveCapacity(s.utf8.count)
        for sc in s.unicodeScalars {
            switch sc {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            default:
                let v = sc.value
                if v < 0x20 && v != 9 && v != 10 && v != 13 { continue }
                if v == 0xFFFE || v == 0xFFFF { continue }
                o.unicodeScalars.append(sc)
            }
        }
        return o
    }
}
