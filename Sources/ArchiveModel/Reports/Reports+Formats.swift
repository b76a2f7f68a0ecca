import Foundation

/// The print formats: every table as CSV (Excel-safe), plain text and HTML.
extension Reports {
    /// CSV for Excel: UTF-8 with BOM, CRLF, every field quoted as needed (RFC 4180). A chart
    /// follows as a table of its values, each section after an empty line, under its title.
    public static func csv(_ t: ReportTable) -> [UInt8] {
        func q(_ s: String) -> String {
            let clean = Sanitize.visible(s)
            // A leading = + - @ would be read as a formula by Excel.
            let safe = clean.first.map { "=+-@".contains($0) } == true ? "'" + clean : clean
            return safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || safe != clean
                ? "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : safe
        }
        var out = "\u{FEFF}" + t.columns.map(q).joined(separator: ",") + "\r\n"
        for r in t.rows { out += r.map(q).joined(separator: ",") + "\r\n" }
        if let c = t.chart {
            out +=
                "\r\n" + q(c.title) + "\r\n" + (["月份"] + c.series.map { $0.name }).map(q).joined(separator: ",")
                + "\r\n"
            for (i, l) in c.labels.enumerated() {
                out +=
                    ([l] + c.series.map { i < $0.values.count ? "\($0.values[i])" : "" }).map(q).joined(separator: ",")
                    + "\r\n"
            }
        }
        for sec in t.sections {
            out += "\r\n" + q(sec.title + (sec.subtitle.isEmpty ? "" : "  " + sec.subtitle)) + "\r\n"
            out += sec.columns.map(q).joined(separator: ",") + "\r\n"
            for r in sec.rows { out += r.map(q).joined(separator: ",") + "\r\n" }
        }
        return Array(out.utf8)
    }

    /// Plain text aligned by display width, wrapped to fit A4 (about 100 columns at 10 cpi
    /// landscape); a chart as sparklines after the table, then each section.
    public static func txt(_ t: ReportTable) -> String {
        var lines = tableLines(t)
        if let c = t.chart {
            lines.append("")
            lines += chartLines(c)
        }
        for sec in t.sections {
            lines.append("")
            lines += tableLines(sec)
        }
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(
            separator: "\n") + "\n"
    }

    static func tableLines(_ t: ReportTable) -> [String] {
        let cols = t.columns.count
        var widths = t.columns.map { TextWidth.width($0) }
        // Columns are at most 32 wide (a document's id, 31 characters, fits whole); a longer
        // cell goes on over the row's next lines, never cut: a slip is signed for what it says.
        for r in t.rows {
            for (i, c) in r.enumerated() where i < cols {
                widths[i] = min(32, max(widths[i], TextWidth.width(Sanitize.visible(c))))
            }
        }
        func pieces(_ s: String, _ w: Int) -> [String] {
            var out: [String] = []
            var cur = ""
            var used = 0
            for ch in Sanitize.visible(s) {
                let cw = TextWidth.width(String(ch))
                if used + cw > w && !cur.isEmpty {
                    out.append(cur)
                    cur = ""
                    used = 0
                }
                cur.append(ch)
                used += cw
            }
            out.append(cur)
            return out
        }
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - TextWidth.width(s))) }
        func row(_ cells: [String]) -> [String] {
            let split = zip(cells, widths).map { pieces($0, $1) }
            let height = split.map(\.count).max() ?? 1
            return (0..<height).map { k in
                zip(split, widths).map { pad(k < $0.count ? $0[k] : "", $1) }.joined(separator: "  ")
            }
        }
        var lines = [t.title]
        if !t.subtitle.isEmpty { lines.append(t.subtitle) }
        lines.append("")
        lines += row(t.columns)
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        for r in t.rows { lines += row(r) }
        if !t.footer.isEmpty {
            lines.append("")
            lines.append(t.footer)
        }
        return lines
    }

    /// One table as an HTML document for printing on A4.
    public static func html(_ t: ReportTable) -> String { html([t]) }

    /// Tables as one HTML document for A4, each table from a new page (a batch of file lists).
    public static func html(_ tables: [ReportTable]) -> String {
        func e(_ s: String) -> String {
            Sanitize.visible(s).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        func table(_ t: ReportTable) -> String {
            var h = "<table><thead><tr>" + t.columns.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
            for r in t.rows {
                h +=
                    "<tr>"
                    + r.enumerated().map {
                        t.signatureColumns.contains($0.offset)
                            ? "<td class=\"sign\">\(e($0.element))</td>" : "<td>\(e($0.element))</td>"
                    }.joined() + "</tr>\n"
            }
            return h + "</tbody></table>\n" + (t.footer.isEmpty ? "" : "<p>\(e(t.footer))</p>\n")
        }
        var h =
            """
            <!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta \
            charset=\"utf-8\"><title>\(e(tables.first?.title ?? ""))</title>\n
            """
        h +=
            """
            <style>@page{size:A4;margin:15mm}body{font-family:sans-serif;font-size:10pt}table{border-collapse:co\
            llapse;width:100%}
            """
        h +=
            """
            th,td{border:1px solid #444;padding:2px \
            4px;text-align:left}thead{display:table-header-group}tr{page-break-inside:avoid}
            """
        h +=
            """
            section+section{page-break-before:always;break-before:page}h2{font-size:12pt;margin-top:8mm}figure{m\
            argin:4mm 0}td.sign{min-width:22mm;height:9mm}.code{float:right}.missing{float:right;border:1px \
            dashed #000;padding:2mm}</style></head><body>\n
            """
        for t in tables {
            h += "<section>"
            if let code = t.barcode {
                let missing = code.isEmpty ? "无条码:请在档案中登记条码 (no barcode recorded)" : "条码 \(code) 无法打印为 Code 128"
                h +=
                    Labels.barcodeSVG(code).map { "<div class=\"code\">\($0)</div>" }
                    ?? "<div class=\"missing\">\(e(missing))</div>"
            }
            h +=
                "<h1>\(e(t.title))</h1>\n<p>\(e(t.subtitle))</p>\n<table><thead><tr>"
                + t.columns.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
            for r in t.rows {
                h +=
                    "<tr>"
                    + r.enumerated().map {
                        t.signatureColumns.contains($0.offset)
                            ? "<td class=\"sign\">\(e($0.element))</td>" : "<td>\(e($0.element))</td>"
                    }.joined() + "</tr>\n"
            }
            h += "</tbody></table>\n<p>\(e(t.footer))</p></section>\n"
            h += "<h1>\(e(t.title))</h1>\n<p>\(e(t.subtitle))</p>\n"
            h += table(t)
            if let c = t.chart { h += "<figure><figcaption>\(e(c.title))</figcaption>\n\(chartSVG(c))\n</figure>\n" }
            for sec in t.sections {
                h +=
                    "<h2>\(e(sec.title))</h2>\n" + (sec.subtitle.isEmpty ? "" : "<p>\(e(sec.subtitle))</p>\n")
                    + table(sec)
            }
            h += "</section>\n"
        }
        h += "</body></html>\n"
        return h
    }
}
