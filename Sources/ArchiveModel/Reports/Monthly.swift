import Foundation

/// The monthly statistics (seed 001 篇1 6: "每月5日前统计《客户档案》的原件和影印件,借出未归还的
/// 去向列表,呈交总经理"): what was lent, returned and photocopied in a month, what was out at its
/// end and where it was, the last twelve months as a trend, and the sites of a company added up.
public enum Monthly {
    /// The month a report is for by default: up to the 5th, the month just ended (the report is
    /// due before the 5th); afterwards the current month.
    public static func defaultMonth(now: Date, tf: TimeFormat) -> String {
        let p = tf.parts(now)
        return p.day <= 5 ? shift(tf.month(now), by: -1) : tf.month(now)
    }

    /// `YYYY-MM` moved by `n` months.
    public static func shift(_ month: String, by n: Int) -> String {
        let p = month.split(separator: "-").compactMap { Int($0) }
        guard p.count == 2 else { return month }
        let total = p[0] * 12 + (p[1] - 1) + n
        return String(format: "%04d-%02d", total / 12, total % 12 + 1)
    }

    /// The first instant of the month after `month`, in the archive's time zone.
    public static func end(of month: String, tf: TimeFormat) -> Date {
        let next = shift(month, by: 1).split(separator: "-").compactMap { Int($0) }
        return tf.date(TimeFormat.Parts(year: next[0], month: next[1], day: 1, hour: 0, minute: 0, second: 0))
    }

    /// What happened in one month, and what was out at its end (or now, for the current month).
    public struct Figures: Sendable, Equatable {
        /// The month the figures are for, YYYY-MM.
        public var month: String
        /// The moment "at the end" means: the month's end, or now if that is earlier.
        public var asOf: Date
        public var loans = 0, lentDocuments = 0, returnedDocuments = 0, renewals = 0
        /// Photocopies approved (the original taken out), the originals taken, copies and pages made.
        public var copyRuns = 0, originalsForCopy = 0, copiesMade = 0, pagesCopied = 0
        /// At `asOf`: documents out on loan, of them overdue, originals out for photocopying.
        public var outstanding = 0, overdue = 0, copying = 0
    }

    /// The figures of `count` months ending with `last`, oldest first, in one pass over the registers.
    public static func figures(_ register: Register, last: String, count: Int = 1, now: Date, tf: TimeFormat)
        -> [Figures]
    {
        let months = (0..<count).map { shift(last, by: $0 - count + 1) }
        let index = Dictionary(uniqueKeysWithValues: months.enumerated().map { ($1, $0) })
        var out = months.map { m in Figures(month: m, asOf: min(end(of: m, tf: tf), now)) }
        let ends = out.map { $0.asOf }
        for r in register.loans where r.voided == nil {
            if let i = index[tf.month(r.loan.out)] {
                out[i].loans += 1
                out[i].lentDocuments += r.loan.documents.count
            }
            for rt in r.returns { if let i = index[tf.month(rt.at)] { out[i].returnedDocuments += rt.documents.count } }
            for rn in r.renewals { if let i = index[tf.month(rn.at)] { out[i].renewals += 1 } }
            for d in r.loan.documents {
                let back = r.returns.first { $0.documents.contains(d) }?.at
                for (i, t) in ends.enumerated() where r.loan.out < t && (back == nil || back! >= t) {
                    out[i].outstanding += 1
                    let due = r.renewals.last { $0.at < t }?.newDue ?? r.loan.due
                    if t > due { out[i].overdue += 1 }
                }
            }
        }
        for c in register.copies {
            if let a = c.approvedAt, let i = index[tf.month(a)] {
                out[i].copyRuns += 1
                out[i].originalsForCopy += c.documents.count
            }
            if let m = c.madeAt, let i = index[tf.month(m)] {
                out[i].copiesMade += c.copiesMade ?? 0
                out[i].pagesCopied += c.pages ?? 0
            }
            guard let a = c.approvedAt, c.stage != .refused else { continue }
            for (i, t) in ends.enumerated() where a < t && (c.backAt == nil || c.backAt! >= t) {
                out[i].copying += c.documents.count
            }
        }
        return out
    }

    /// What was out at `t` and where it was: documents on loan (who has them) and originals out
    /// for photocopying, overdue first; with whether each has come back since.
    public static func whereabouts(store: ArchiveStore, at t: Date) -> ReportTable {
        let tf = store.timeFormat
        var docs = DocumentLookup(store)
        var rows: [(Bool, Date, [String])] = []
        for r in store.register.loans where r.voided == nil && r.loan.out < t {
            let env = store.summary(id: r.loan.envelope)
            let due = r.renewals.last { $0.at < t }?.newDue ?? r.loan.due
            for d in r.loan.documents {
                let back = r.returns.first { $0.documents.contains(d) }?.at
                if let b = back, b < t { continue }
                let doc = docs.document(r.loan.envelope, d)
                let late = t > due
                rows.append(
                    (
                        late, due,
                        [
                            late ? "逾期" : "", "借阅", env?.roomCode ?? "", env?.owner ?? "", doc?.kind ?? d,
                            doc.map { $0.original ? "原件" : "复印件" } ?? "",
                            "\(r.loan.borrower) \(r.loan.department)".trimmingCharacters(in: .whitespaces),
                            r.loan.purpose, tf.minute(r.loan.out), tf.minute(due),
                            back.map { "已于\(tf.minute($0))归还" } ?? "未归还", env.map { $0.location.chinese } ?? "",
                        ]
                    ))
            }
        }
        for c in store.register.copies where c.stage != .refused {
            guard let a = c.approvedAt, a < t, c.backAt == nil || c.backAt! >= t else { continue }
            let env = store.summary(id: c.envelope)
            for d in c.documents {
                let doc = docs.document(c.envelope, d)
                rows.append(
                    (
                        false, a,
                        [
                            "", "影印", env?.roomCode ?? "", env?.owner ?? "", doc?.kind ?? d,
                            doc.map { $0.original ? "原件" : "复印件" } ?? "",
                            "\(c.requester) \(c.department)".trimmingCharacters(in: .whitespaces),
                            c.purpose, tf.minute(a), "", c.backAt.map { "已于\(tf.minute($0))归还" } ?? "影印中",
                            env.map { $0.location.chinese } ?? "",
                        ]
                    ))
            }
        }
        rows.sort { $0.0 != $1.0 ? $0.0 : $0.1 < $1.1 }
        let late = rows.filter { $0.0 }.count
        return ReportTable(
            title: "借出未归还的去向列表 (Out and not yet back, and where)", subtitle: "截至 \(tf.minute(t))",
            columns: ["逾期", "类别", "房号", "业主", "文件", "原件/复印件", "去向(借阅人/申请人)", "用途", "借出时间", "应还时间", "现状", "存放位置"],
            rows: rows.map { $0.2 }, footer: rows.isEmpty ? "无 (nothing was out)" : "共 \(rows.count) 份, 其中逾期 \(late) 份")
    }

    /// The figures as the report's rows.
    static func rows(_ f: Figures, store: ArchiveStore?) -> [[String]] {
        var rows: [[String]] = []
        if let store {
            var originals = 0
            var copies = 0
            for s in store.envelopes where s.damaged == nil {
                originals += s.originals
                copies += s.copies
            }
            rows += [["档案袋", "\(store.envelopes.count)"], ["原件 (在册)", "\(originals)"], ["复印件 (在册)", "\(copies)"]]
        }
        rows += [
            ["本月借出 (笔)", "\(f.loans)"], ["本月借出 (份)", "\(f.lentDocuments)"], ["本月归还 (份)", "\(f.returnedDocuments)"],
            ["本月续借 (笔)", "\(f.renewals)"],
            ["本月影印 (笔)", "\(f.copyRuns)"], ["本月影印取出原件 (份)", "\(f.originalsForCopy)"],
            ["本月复印件 (份)", "\(f.copiesMade)"], ["本月复印页数", "\(f.pagesCopied)"],
            ["未归还 (份)", "\(f.outstanding)"], ["其中逾期 (份)", "\(f.overdue)"], ["影印中原件 (份)", "\(f.copying)"],
        ]
        return rows
    }

    /// The monthly statistics of one archive: the figures, the last twelve months as a chart,
    /// and the list of what was out at the month's end and where.
    public static func report(store: ArchiveStore, month: String?) -> ReportTable {
        let tf = store.timeFormat
        let now = store.now
        let m = month ?? defaultMonth(now: now, tf: tf)
        let trend = figures(store.register, last: m, count: 12, now: now, tf: tf)
        let f = trend[trend.count - 1]
        let asOf = f.asOf < now ? "月末" : "截至 \(tf.minute(now))"
        var t = ReportTable(
            title: "\(store.info.name) 档案月度统计 (Monthly statistics)", subtitle: "\(m)  (未归还等为\(asOf))",
            columns: ["项目", "数量"], rows: rows(f, store: store),
            footer: "在册原件、复印件为制表时 (\(tf.minute(now))) 的数量;每月5日前报总经理    制表: \(store.operatorName)")
        t.chart = chart(trend)
        t.sections = [whereabouts(store: store, at: f.asOf)]
        return t
    }

    /// Loans, returns, copies made and documents out at each month's end, for twelve months.
    static func chart(_ trend: [Figures]) -> ReportChart {
        ReportChart(
            title: "近12个月趋势 (\(trend.first?.month ?? "") … \(trend.last?.month ?? ""))",
            labels: trend.map { $0.month },
            series: [
                .init(name: "借出(份)", values: trend.map { $0.lentDocuments }),
                .init(name: "归还(份)", values: trend.map { $0.returnedDocuments }),
                .init(name: "复印件(份)", values: trend.map { $0.copiesMade }),
                .init(name: "月末未归还(份)", values: trend.map { $0.outstanding }),
            ])
    }

    /// Headquarters: one row per site (its archive's site, else its name) and a total.
    public static func consolidated(_ stores: [ArchiveStore], month: String?) -> ReportTable {
        guard let first = stores.first else {
            return ReportTable(title: "档案月度统计汇总", subtitle: "", columns: [], rows: [], footer: "")
        }
        let m = month ?? defaultMonth(now: first.now, tf: first.timeFormat)
        var rows: [[String]] = []
        var total = [Int](repeating: 0, count: 12)
        // A site by its name; two archives of one site (or without one) by their names as well.
        let label = stores.map { $0.info.site.isEmpty ? $0.info.name : $0.info.site }
        for (k, s) in stores.enumerated() {
            let f = figures(s.register, last: m, count: 1, now: s.now, tf: s.timeFormat)[0]
            var originals = 0
            var copies = 0
            for e in s.envelopes where e.damaged == nil {
                originals += e.originals
                copies += e.copies
            }
            let v = [
                s.envelopes.count, originals, copies, f.loans, f.lentDocuments, f.returnedDocuments, f.copyRuns,
                f.originalsForCopy,
                f.copiesMade, f.outstanding, f.overdue, f.copying,
            ]
            for (i, x) in v.enumerated() { total[i] += x }
            let twice = label.filter { $0 == label[k] }.count > 1 && label[k] != s.info.name
            rows.append([twice ? "\(label[k]) (\(s.info.name))" : label[k]] + v.map { "\($0)" })
        }
        rows.append(["合计"] + total.map { "\($0)" })
        return ReportTable(
            title: "档案月度统计汇总 (Monthly statistics, all sites)", subtitle: "\(m)  \(stores.count) 个项目",
            columns: [
                "项目", "档案袋", "原件", "复印件", "借出(笔)", "借出(份)", "归还(份)", "影印(笔)", "影印取出原件(份)",
                "复印件(份)", "未归还(份)", "其中逾期(份)", "影印中原件(份)",
            ],
            rows: rows, footer: "未归还等为月末数 (当月为制表时);每月5日前报总经理")
    }
}

/// A trend drawn with a report: as an SVG chart in HTML, as sparklines in text and on screen.
public struct ReportChart: Sendable, Equatable {
    /// One line of the chart: a name and one value per label.
    public struct Series: Sendable, Equatable {
        /// What the line counts, as the legend shows it.
        public var name: String
        /// One value per month (or other label), oldest first.
        public var values: [Int]
        /// A line from its name and values.
        public init(name: String, values: [Int]) {
            self.name = name
            self.values = values
        }
    }
    /// The chart's heading.
    public var title: String
    /// The x-axis labels, e.g. the months YYYY-MM, oldest first.
    public var labels: [String]
    /// The lines drawn, each with as many values as there are labels.
    public var series: [Series]
    /// A chart from its heading, labels and lines.
    public init(title: String, labels: [String], series: [Series]) {
        self.title = title
        self.labels = labels
        self.series = series
    }
}

extension Reports {
    /// Eight levels of block: the lowest for nothing, the highest for the series' largest value.
    public static func sparkline(_ values: [Int]) -> String {
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let top = values.max() ?? 0
        return String(
            values.map { v in
                guard top > 0, v > 0 else { return blocks[0] }
                return blocks[min(7, 1 + (v * 6 + top - 1) / top)]
            })
    }

    /// The chart as text lines: one sparkline per series with its latest and largest value.
    static func chartLines(_ c: ReportChart) -> [String] {
        let w = c.series.map { TextWidth.width($0.name) }.max() ?? 0
        var lines = [c.title]
        for s in c.series {
            let pad = String(repeating: " ", count: w - TextWidth.width(s.name))
            lines.append("\(s.name)\(pad)  \(sparkline(s.values))  最近 \(s.values.last ?? 0)  最高 \(s.values.max() ?? 0)")
        }
        if let a = c.labels.first, let b = c.labels.last {
            lines.append(
                String(repeating: " ", count: w + 2) + a + String(repeating: " ", count: max(1, c.labels.count - 7))
                    + "→ " + b)
        }
        return lines
    }

    /// A round step for an axis of `ticks` steps reaching `maxV`: 1, 2 or 5 times a power of ten.
    static func niceStep(_ maxV: Int, ticks: Int) -> Int {
        let raw = max(1, (maxV + ticks - 1) / ticks)
        var p = 1
        while p * 10 <= raw { p *= 10 }
        for m in [1, 2, 5] where m * p >= raw { return m * p }
        return 10 * p
    }

    /// The chart as SVG: a line per series over the months, with a legend; drawn for print
    /// (each series has its own dash pattern as well as its colour).
    public static func chartSVG(_ c: ReportChart) -> String {
        func e(_ s: String) -> String {
            Sanitize.visible(s).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let width = 720.0
        let height = 280.0
        let left = 48.0
        let right = 16.0
        let top = 40.0
        let bottom = 36.0
        let n = max(1, c.labels.count)
        let plotW = width - left - right
        let plotH = height - top - bottom
        let maxV = max(1, c.series.flatMap { $0.values }.max() ?? 1)
        let step = niceStep(maxV, ticks: 4)
        let ymax = Double(step * 4)
        func x(_ i: Int) -> Double { left + (n == 1 ? plotW / 2 : plotW * Double(i) / Double(n - 1)) }
        func y(_ v: Int) -> Double { top + plotH - plotH * Double(v) / ymax }
        func f(_ d: Double) -> String { String(format: "%.1f", d) }
        let colours = ["#1f5fa8", "#2a8a3e", "#c26a00", "#b3202a"]
        let dashes = ["", "6 3", "2 3", "9 3 2 3"]
        var s =
            """
            <svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"\(Int(width))\" \
            height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" \
            font-size=\"10\">\n
            """
        s += "<title>\(e(c.title))</title>\n"
        for k in 0...4 {
            let v = step * k
            s +=
                """
                <line x1=\"\(f(left))\" y1=\"\(f(y(v)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(v)))\" \
                stroke=\"#ccc\" stroke-width=\"0.5\"/>
                """
            s += "<text x=\"\(f(left - 4))\" y=\"\(f(y(v) + 3))\" text-anchor=\"end\">\(v)</text>\n"
        }
        for (i, l) in c.labels.enumerated() {
            s +=
                """
                <text x=\"\(f(x(i)))\" y=\"\(f(height - bottom + 14))\" \
                text-anchor=\"middle\">\(e(String(l.suffix(5))))</text>\n
                """
        }
        for (j, ser) in c.series.enumerated() {
            let col = colours[j % colours.count]
            let dash = dashes[j % dashes.count]
            let pts = ser.values.prefix(n).enumerated().map { "\(f(x($0.offset))),\(f(y($0.element)))" }.joined(
                separator: " ")
            s +=
                """
                <polyline class=\"series\" data-name=\"\(e(ser.name))\" fill=\"none\" stroke=\"\(col)\" \
                stroke-width=\"1.8\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") points=\"\(pts)\"/>\n
                """
            for (i, v) in ser.values.prefix(n).enumerated() {
                s +=
                    """
                    <circle cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"2.2\" fill=\"\(col)\"><title>\(e(ser.name)) \
                    \(e(c.labels[i])): \(v)</title></circle>
                    """
            }
            s += "\n"
            let lx = left + Double(j) * 160
            s +=
                """
                <line x1=\"\(f(lx))\" y1=\"14\" x2=\"\(f(lx + 24))\" y2=\"14\" stroke=\"\(col)\" \
                stroke-width=\"1.8\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>
                """
            s += "<text x=\"\(f(lx + 28))\" y=\"17\">\(e(ser.name))</text>\n"
        }
        s +=
            """
            <line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(width - right))\" \
            y2=\"\(f(top + plotH))\" stroke=\"#444\"/>
            """
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"#444\"/>\n"
        s += "</svg>"
        return s
    }
}
