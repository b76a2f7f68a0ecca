import Foundation

/// Envelope cover labels (档案袋封面标签) and envelope file lists (档案袋文件清单), one or in
/// batches, for printing: HTML pages sized to the label stock with each barcode drawn as SVG,
/// or the same sheets as one SVG document (a preview that any SVG renderer draws).
public enum Labels {
    /// What one label shows.
    public struct Label: Sendable, Equatable {
        /// Id of the envelope (`env-…`) the label is for.
        public var envelopeID: String
        /// Building and unit as the cover shows them, e.g. 3栋1202.
        public var room: String
        /// The owner's name (业主姓名), printed large.
        public var owner: String
        /// The envelope number on the cover.
        public var number: String
        /// The barcode's text, drawn as Code 128; empty when none is recorded.
        public var barcode: String
        /// Cabinet, building and floor, e.g. A柜 3栋 12层.
        public var place: String
        /// Why no barcode can be drawn (none recorded, or characters Code 128 cannot carry).
        public var problem: String?
    }

    /// Which envelopes: named ones, or those of a cabinet / building / floor, or those created
    /// or changed since a day — together (all the given conditions hold). Active envelopes, in
    /// filing order.
    public struct Selection: Sendable {
        /// Envelopes named by id, number, barcode or room; empty: not a condition.
        public var envelopes: [String] = []
        /// Code of a cabinet; nil: not a condition.
        public var cabinet: String?
        /// Building code; nil: not a condition.
        public var building: String?
        /// Floor code; nil: not a condition.
        public var floor: String?
        /// A day YYYY-MM-DD: envelopes created or changed on or after it; nil: not a condition.
        public var since: String?
        /// A selection; at least one condition must be given (see `isEmpty`).
        public init(
            envelopes: [String] = [], cabinet: String? = nil, building: String? = nil, floor: String? = nil,
            since: String? = nil
        ) {
            self.envelopes = envelopes
            self.cabinet = cabinet
            self.building = building
            self.floor = floor
            self.since = since
        }
        /// True when no condition is given (`select` then refuses).
        public var isEmpty: Bool {
            envelopes.isEmpty && cabinet == nil && building == nil && floor == nil && since == nil
        }
    }

    /// The envelope ids of a selection, in filing order.
    public static func select(_ sel: Selection, store: ArchiveStore) throws -> [String] {
        guard !sel.isEmpty else {
            throw ArchiveError.invalidField(
                field: "ENVELOPE",
                reason: "is required: name envelopes, or choose --cabinet, --building, --floor or --since")
        }
        var ids: Set<String>? = nil
        if !sel.envelopes.isEmpty { ids = Set(try sel.envelopes.map { try store.resolveEnvelope($0) }) }
        if let c = sel.cabinet, !store.cabinets.contains(where: { $0.code == c }) {
            throw ArchiveError.notFound(what: "cabinet \(c)")
        }
        if let since = sel.since {
            guard TimeFormat.isDay(since) else {
                throw ArchiveError.invalidField(field: "--since", reason: "must be a date YYYY-MM-DD")
            }
            let changed = changedEnvelopes(since: since, store: store)
            ids = ids.map { $0.intersection(changed) } ?? changed
        }
        let out = store.envelopes.filter { s in
            (ids?.contains(s.id) ?? true) && (sel.cabinet.map { s.cabinet == $0 } ?? true)
                && (sel.building.map { s.building == $0 } ?? true)
                && (sel.floor.map { s.floor == $0 } ?? true) && (s.status == .active || !sel.envelopes.isEmpty)
                && s.damaged == nil
        }.map { $0.id }
        if out.isEmpty { throw ArchiveError.notFound(what: "envelopes for these labels") }
        return out
    }

    /// Envelopes created or changed (an edit, a move, a document added) on or after `day`,
    /// from the journal.
    static func changedEnvelopes(since day: String, store: ArchiveStore) -> Set<String> {
        store.envelopesChanged(since: day)
    }

    /// The label of one envelope, with the reason when its barcode cannot be drawn.
    public static func label(_ s: EnvelopeSummary) -> Label {
        let code = s.barcode.trimmingCharacters(in: .whitespaces)
        var problem: String? = nil
        if code.isEmpty {
            problem = "无条码:请登记条码后重印"
        } else if Code128.symbols(code) == nil {
            problem = "条码含无法打印的字符:请改登条码"
        }
        return Label(
            envelopeID: s.id, room: "\(s.building)栋\(s.unit)", owner: s.owner, number: s.number, barcode: code,
            place: "\(s.cabinet)柜 \(s.building)栋 \(s.floor)层", problem: problem)
    }

    /// The labels of these envelope ids, in the given order; ids without a summary are left out.
    public static func labels(_ ids: [String], store: ArchiveStore) -> [Label] {
        ids.compactMap { store.summary(id: $0).map(label) }
    }

    // MARK: Drawing

    /// One label's content in SVG, in millimetres, at (x, y) on its page: the room and the
    /// owner's name large (each on its line), the envelope number and the place small beside
    /// them, the barcode under them with its text.
    static func labelSVG(_ l: Label, stock: LabelStock, x: Double, y: Double) -> String {
        let w = stock.labelWidth
        let h = stock.labelHeight
        let pad = min(3.0, w * 0.04)
        let big = h * 0.17
        let small = h * 0.075
        let f = Code128.fmt
        var s =
            """
            <g font-family=\"'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei','Microsoft \
            YaHei',sans-serif\">
            """
        let line1 = y + pad + big * 0.85
        let line2 = y + pad + big * 1.95
        s +=
            """
            <text x=\"\(f(x + pad))\" y=\"\(f(line1))\" font-size=\"\(f(big))\" \
            font-weight=\"bold\">\(esc(l.room))</text>
            """
        s +=
            """
            <text x=\"\(f(x + w - pad))\" y=\"\(f(line1))\" font-size=\"\(f(small))\" text-anchor=\"end\">档案号 \
            \(esc(l.number))</text>
            """
        s +=
            """
            <text x=\"\(f(x + pad))\" y=\"\(f(line2))\" font-size=\"\(f(big))\" \
            font-weight=\"bold\">\(esc(l.owner))</text>
            """
        s +=
            """
            <text x=\"\(f(x + w - pad))\" y=\"\(f(line2))\" font-size=\"\(f(small))\" \
            text-anchor=\"end\">\(esc(l.place))</text>
            """
        let barTop = y + pad + big * 2.2
        let barHeight = max(5, h - (barTop - y) - small * 1.5 - pad)
        if l.problem == nil, let modules = Code128.modules(l.barcode) {
            // Ten modules of quiet zone each side; modules at most 0.5 mm, at least what fits.
            let module = min(0.5, (w - 2 * pad) / Double(modules + 20))
            let bw = Double(modules) * module
            let bx = x + (w - bw) / 2
            s +=
                "<g fill=\"#000\">"
                + (Code128.svgBars(l.barcode, x: bx, y: barTop, module: module, height: barHeight) ?? "") + "</g>"
            s +=
                """
                <text x=\"\(f(x + w / 2))\" y=\"\(f(barTop + barHeight + small * 1.1))\" \
                font-size=\"\(f(small))\" text-anchor=\"middle\" \
                font-family=\"monospace\">\(esc(l.barcode))</text>
                """
        } else {
            // No code to draw: say so where the code would be, never an empty or made-up code.
            s +=
                """
                <rect x=\"\(f(x + pad))\" y=\"\(f(barTop))\" width=\"\(f(w - 2 * pad))\" \
                height=\"\(f(barHeight))\" fill=\"none\" stroke=\"#000\" stroke-width=\"0.4\" \
                stroke-dasharray=\"1.5,1\"/>
                """
            s +=
                """
                <text x=\"\(f(x + w / 2))\" y=\"\(f(barTop + barHeight / 2 + small / 2))\" \
                font-size=\"\(f(small))\" text-anchor=\"middle\">\(esc(l.problem ?? ""))</text>
                """
        }
        return s + "</g>"
    }

    /// The labels laid out on pages of the stock: each page's SVG body, in millimetres.
    static func pages(_ labels: [Label], stock: LabelStock) -> [String] {
        var out: [String] = []
        var i = 0
        while i < labels.count {
            var body = ""
            for k in 0..<stock.perPage where i + k < labels.count {
                let col = k % stock.columns
                let row = k / stock.columns
                let x = stock.left + Double(col) * stock.pitchX
                let y = stock.top + Double(row) * stock.pitchY
                body += labelSVG(labels[i + k], stock: stock, x: x, y: y)
            }
            out.append(body)
            i += stock.perPage
        }
        return out
    }

    /// A summary line of a batch: how many labels, and which envelopes have no printable barcode.
    public static func summary(_ labels: [Label], stock: LabelStock) -> String {
        let pages = (labels.count + stock.perPage - 1) / stock.perPage
        let missing = labels.filter { $0.problem != nil }
        var s = "\(labels.count) 张标签, \(pages) 页 \(stock.title)"
        if !missing.isEmpty {
            s +=
                ";\(missing.count) 袋没有可打印的条码: "
                + missing.prefix(20).map { "\($0.room) \($0.number)" }.joined(separator: "、")
            if missing.count > 20 { s += " …" }
        }
        return s
    }

    /// The labels as one HTML document: a page per sheet (or per label on single stock), sized
    /// by @page to the stock, each barcode an inline SVG. Print at 100 % (no scaling).
    public static func html(_ labels: [Label], stock: LabelStock, title: String) -> String {
        var h = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>\(esc(title))</title>\n"
        h += "<style>@page{size:\(Code128.fmt(stock.pageWidth))mm \(Code128.fmt(stock.pageHeight))mm;margin:0}"
        h +=
            """
            html,body{margin:0;padding:0}.page{width:\(Code128.fmt(stock.pageWidth))mm;height:\
            \(Code128.fmt(stock.pageHeight))mm;page-break-after:always;break-after:page;overflow:hidden}
            """
        h += ".page:last-child{page-break-after:auto;break-after:auto}svg{display:block}"
        h += "@media screen{body{background:#888}.page{background:#fff;margin:4mm auto}}</style></head><body>\n"
        for body in pages(labels, stock: stock) {
            h +=
                """
                <div class=\"page\"><svg xmlns=\"http://www.w3.org/2000/svg\" \
                width=\"\(Code128.fmt(stock.pageWidth))mm\" height=\"\(Code128.fmt(stock.pageHeight))mm\" \
                viewBox=\"0 0 \(Code128.fmt(stock.pageWidth)) \(Code128.fmt(stock.pageHeight))\">
                """
            h += body + "</svg></div>\n"
        }
        let note = summary(labels, stock: stock)
        h += "<!-- \(esc(note)) -->\n</body></html>\n"
        return h
    }

    /// The same sheets as one SVG document, pages one under the other with a gap (a preview to
    /// check a batch, or to render with an SVG renderer such as rsvg-convert).
    public static func svg(_ labels: [Label], stock: LabelStock) -> String {
        let ps = pages(labels, stock: stock)
        let gap = 5.0
        let total = Double(ps.count) * stock.pageHeight + Double(max(0, ps.count - 1)) * gap
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s +=
            """
            <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Code128.fmt(stock.pageWidth))mm\" \
            height=\"\(Code128.fmt(total))mm\" viewBox=\"0 0 \(Code128.fmt(stock.pageWidth)) \
            \(Code128.fmt(total))\">\n
            """
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
        for (i, body) in ps.enumerated() {
            let y = Double(i) * (stock.pageHeight + gap)
            s +=
                """
                <g transform=\"translate(0 \(Code128.fmt(y)))\"><rect width=\"\(Code128.fmt(stock.pageWidth))\" \
                height=\"\(Code128.fmt(stock.pageHeight))\" fill=\"#fff\" stroke=\"#ccc\" \
                stroke-width=\"0.2\"/>\(body)</g>\n
                """
        }
        return s + "</svg>\n"
    }

    /// A label as text (the txt and csv forms of the report): one row per label.
    public static func table(_ labels: [Label], stock: LabelStock) -> ReportTable {
        ReportTable(
            title: "档案袋封面标签 (Envelope labels)", subtitle: stock.title,
            columns: ["房号", "业主姓名", "档案号", "条码", "存放位置", "备注"],
            rows: labels.map { [$0.room, $0.owner, $0.number, $0.barcode, $0.place, $0.problem ?? ""] },
            footer: summary(labels, stock: stock))
    }

    /// The barcode of an envelope file list's header, as an inline SVG (nil when it has none
    /// that Code 128 can carry).
    public static func barcodeSVG(_ code: String, widthMM: Double = 60, heightMM: Double = 12) -> String? {
        guard let modules = Code128.modules(code) else { return nil }
        let module = min(0.4, widthMM / Double(modules + 20))
        let w = Double(modules + 20) * module
        return
            """
            <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Code128.fmt(w))mm\" \
            height=\"\(Code128.fmt(heightMM + 4))mm\" viewBox=\"0 0 \(Code128.fmt(w)) \
            \(Code128.fmt(heightMM + 4))\">
            """
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><g fill=\"#000\">"
                + (Code128.svgBars(code, x: 10 * module, y: 0, module: module, height: heightMM) ?? "")
                    + """
                    </g><text x=\"\(Code128.fmt(w / 2))\" y=\"\(Code128.fmt(heightMM + 3.2))\" font-size=\"3\" \
                    text-anchor=\"middle\" font-family=\"monospace\">\(esc(code))</text></svg>
                    """
    }

    static func esc(_ s: String) -> String {
        Workbook.escape(Sanitize.visible(s))
    }
}
