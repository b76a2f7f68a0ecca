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
                "ENVELOPE for file-list and label; CABINET for cabinet-list and inventory; "
                    + "BATCH for destruction and transfer.")
    )
    var target: String?
    @Option(
        help: ArgumentHelp(
            "Month (register, copies, monthly: default this month; destruction, transfer: default all).",
            valueName: "YYYY-MM"))
    var month: Month?
    @Option(help: "Format.") var format: ReportFormat = .txt

    func validate() throws {
        if common.json {
            throw ValidationError("reports are csv, txt or html (--format); --json is for the other commands")
        }
        if (kind == .fileList || kind == .label) && target == nil {
            throw ValidationError("\(kind.rawValue) needs an ENVELOPE: dangan report \(kind.rawValue) 3-1201")
        }
    }

    func execute() throws {
        let store = try common.open()
        let t = try Reports.build(kind, store: store, month: month?.text, target: target)
        switch format {
        case .csv: Out.document(Reports.csv(t))
        case .txt: Out.document(Array(Reports.txt(t).utf8))
        case .html: Out.document(Array(Reports.html(t).utf8))
        }
    }
}
