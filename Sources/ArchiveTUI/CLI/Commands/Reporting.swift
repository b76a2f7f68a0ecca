import ArchiveModel
import ArgumentParser
import Foundation

/// `dangan report KIND [TARGET]`: registers, lists and reports as CSV (Excel), text or HTML (A4).
struct Report: DanganCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a register, list or report (csv for Excel, txt or html for A4).")
    @OptionGroup var common: CommonOptions
    @Argument(help: "The report.") var kind: ReportKind
    @Argument(
        help:
            ArgumentHelp(
                """
                ENVELOPE for file-list, label and history; CABINET for cabinet-list, inventory, storage-list \
                and expired; 
                """
                    + """
                    BATCH for destruction and transfer; a check's id for arrangement (printed again); LOAN for \
                    slip; BORROWER for notices.
                    """
            )
    )
    var target: String?
    @Option(
        help: ArgumentHelp(
            """
            Month (register, copies, access: default this month; monthly: the month just ended up to the 5th, \
            else this month; 
            """
                + "destruction, transfer, storage-list, arrangement, intake, keys, incidents: default all).",
            valueName: "YYYY-MM"))
    var month: Month?
    @Option(help: "Format (svg: label sheets only).") var format: ReportFormat = .txt
    @OptionGroup var progress: ProgressOption
    @Option(name: .customLong("envelope"), help: "label, file-list: another envelope (repeatable).")
    var envelopes: [String] = []
    @Option(help: "label, file-list: every envelope of this cabinet.") var cabinet: String?
    @Option(help: "label, file-list: every envelope of this building.") var building: String?
    @Option(help: "label, file-list: every envelope of this floor.") var floor: String?
    @Option(help: "label, file-list: every envelope created or changed since this day (YYYY-MM-DD).") var since: String?
    @Option(help: "label: the label stock (100x50, 70x37, a4-3x8, a4-2x7; default: the archive's setting).")
    var stock: String?

    func validate() throws {
        if common.json {
            throw ValidationError("reports are csv, txt, html or svg (--format); --json is for the other commands")
        }
        let batch = !envelopes.isEmpty || cabinet != nil || building != nil || floor != nil || since != nil
        if (kind == .fileList || kind == .label) && target == nil && !batch {
            throw ValidationError(
                """
                \(kind.rawValue) needs an ENVELOPE (or --cabinet, --building, --floor, --envelope, --since): \
                dangan report \(kind.rawValue) 3-1201
                """
            )
        }
        if kind == .history && target == nil {
            throw ValidationError("history needs an ENVELOPE: dangan report history 3-1201")
        }
        if format == .svg && kind != .label { throw ValidationError("svg is for label sheets") }
        if kind == .slip && target == nil {
            throw ValidationError("slip needs the LOAN: dangan report slip LOAN-ID (dangan loans prints the ids)")
        }
        if let stock, LabelStock.named(stock) == nil {
            throw ValidationError("--stock must be one of \(LabelStock.all.map { $0.name }.joined(separator: ", "))")
        }
    }

    func execute() throws {
        if common.archives.count > 1 { return try consolidated() }
        let store = try common.open()
        if kind == .label || kind == .fileList { return Out.document(try printed(store)) }
        if kind == .notices {
            // One notice per borrower, each on its own page.
            let sheets = try Reports.notices(store: store, borrower: target)
            if sheets.isEmpty { Out.err("没有逾期的借阅 (nothing is overdue\(target.map { " for \(Out.safe($0))" } ?? ""))") }
            switch format {
            case .csv:
                return Out.document(Reports.csv(try Reports.build(.notices, store: store, month: nil, target: target)))
            case .txt: return Out.document(Array(sheets.map(Reports.txt).joined(separator: "\u{0C}\n").utf8))
            case .html, .svg: return Out.document(Array(Reports.html(sheets).utf8))
            }
        }
        let meter = progress.meter("reading")
        let t = try Reports.build(kind, store: store, month: month?.text, target: target, progress: meter?.progress())
        meter?.finish()
        write(t)
    }

    /// Headquarters: `report monthly --archive A --archive B …`, one row per site and a total.
    func consolidated() throws {
        guard kind == .monthly else {
            throw ValidationError(
                "--archive is given \(common.archives.count) times: only report monthly adds up several archives")
        }
        var stores: [ArchiveStore] = []
        for p in common.archives {
            let s = OpenedStores.keep(try ArchiveStore.open(p))
            CommonOptions.warnAboutPlaces(root: s.root)
            try s.require(.readRegisters)
            stores.append(s)
        }
        write(Monthly.consolidated(stores, month: month?.text))
    }

    func write(_ t: ReportTable) {
        switch format {
        case .csv: Out.document(Reports.csv(t))
        case .txt: Out.document(Array(Reports.txt(t).utf8))
        case .html, .svg: Out.document(Array(Reports.html(t).utf8))
        }
    }

    /// Labels and file lists, one envelope or a batch (named ones, a cabinet, building, floor,
    /// or every envelope changed since a day). Says on standard error how many were made and
    /// which envelopes have no barcode to print.
    func printed(_ store: ArchiveStore) throws -> [UInt8] {
        try store.require(.readRegisters)
        let sel = Labels.Selection(
            envelopes: (target.map { [$0] } ?? []) + envelopes, cabinet: cabinet, building: building,
            floor: floor, since: since)
        let ids = try Labels.select(sel, store: store)
        if kind == .fileList {
            let tables = try ids.map { try Reports.fileList($0, store: store) }
            let noCode = tables.filter { ($0.barcode ?? "").isEmpty }.count
            if ids.count > 1 || noCode > 0 { Out.err("\(ids.count) 份文件清单\(noCode > 0 ? ";\(noCode) 袋没有条码" : "")") }
            switch format {
            case .html, .svg: return Array(Reports.html(tables).utf8)
            // a form feed between envelopes
            case .txt: return Array(tables.map(Reports.txt).joined(separator: "\u{0C}\n").utf8)
            case .csv:
                guard tables.count == 1 else {
                    throw ArchiveError.invalidField(
                        field: "--format", reason: "csv holds one file list: choose html or txt for a batch")
                }
                return Reports.csv(tables[0])
            }
        }
        let st = LabelStock.named(stock ?? store.settings.labelStock ?? LabelStock.defaultName) ?? LabelStock.all[0]
        let labels = Labels.labels(ids, store: store)
        Out.err(Labels.summary(labels, stock: st))
        switch format {
        case .html: return Array(Labels.html(labels, stock: st, title: "\(store.info.name) 档案袋标签").utf8)
        case .svg: return Array(Labels.svg(labels, stock: st).utf8)
        case .txt: return Array(Reports.txt(Labels.table(labels, stock: st)).utf8)
        case .csv: return Reports.csv(Labels.table(labels, stock: st))
        }
    }
}
