import ArchiveModel
import ArgumentParser
import Foundation

/// Spreadsheets in and out: import envelopes, export them in the columns import reads.

/// `dangan import FILE.csv [--skip-bad] [--dry-run]`.
struct Import: DanganCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load envelopes and documents from a spreadsheet (.xlsx, or CSV in UTF-8, UTF-16 or GB18030).",
        discussion: """
            Columns (Chinese or English header): 档案号/number, 档案柜/cabinet, 楼栋/building, 楼层/floor, 房号/unit, \
            业主姓名/owner, 联系电话/phone, 证件类型/id_type, 身份证号/id_number, 入住日期/move_in, and optionally 条码/barcode, \
            共有人/co_owners, 租户/tenants, 备注/note, and one column per document kind (原件, 复印件, 原件+复印件×2). \
            The kind of file is read from its content: an Excel workbook (.xlsx, first sheet) or text separated by \
            commas or tabs (Excel's Unicode Text). Dates: 2021-03-15, 2021/3/15, 2021年3月15日, 20210315 or date cells. \
            ID numbers stored as numbers, in scientific notation or with a wrong check digit are refused. \
            All or nothing unless --skip-bad.
            """)
    @OptionGroup var common: CommonOptions
    @OptionGroup var progress: ProgressOption
    @Argument(help: "The CSV file.") var file: String
    @Flag(help: "Import the good rows and report the bad ones.") var skipBad = false
    @Flag(help: "Check every row and write nothing.") var dryRun = false

    func execute() throws {
        let bytes: [UInt8]
        switch DurableIO.read(file, kind: .spreadsheet) {
        case .ok(let b): bytes = b
        case .missing: throw ArchiveError.notFound(what: file)
        case .failed(let m): throw ArchiveError.io(path: file, message: m)
        }
        let store = try common.open()
        let meter = progress.meter("importing")
        let r = try store.importSpreadsheet(bytes, skipBad: skipBad, dryRun: dryRun, progress: meter?.progress())
        meter?.finish()
        store.close()
        if common.json {
            struct R: Encodable {
                var encoding: String
                var rows: Int
                var imported: Int
                var documents: Int
                var cabinetsCreated: [String]
                var rejected: [ImportRowError]
                var written: Bool
            }
            Out.json(
                R(
                    encoding: r.encoding, rows: r.rows, imported: r.imported.count, documents: r.documents,
                    cabinetsCreated: r.cabinetsCreated, rejected: r.rejected, written: !r.imported.isEmpty))
        } else {
            for e in r.rejected.prefix(50) { Out.err("\(file):\(e.line): \(Out.safe(e.reason))") }
            if r.rejected.count > 50 {
                Out.err("… and \(r.rejected.count - 50) more rejected row(s) (--json lists them all)")
            }
            if !r.cabinetsCreated.isEmpty {
                Out.line("created cabinet(s) \(r.cabinetsCreated.map(Out.safe).joined(separator: ", "))")
            }
            if dryRun {
                Out.line(
                    "dry run (\(r.encoding)): \(r.rows) row(s), \(r.rows - r.rejected.count) good, "
                        + "\(r.rejected.count) rejected; nothing written")
            } else if r.imported.isEmpty && !r.rejected.isEmpty {
                Out.line(
                    "nothing imported (\(r.encoding)): \(r.rejected.count) of \(r.rows) row(s) rejected; "
                        + "fix them or use --skip-bad")
            } else {
                let skipped = r.rejected.isEmpty ? "" : "; \(r.rejected.count) row(s) skipped"
                Out.line(
                    "imported \(r.imported.count) envelope(s), \(r.documents) document(s) (\(r.encoding))\(skipped)")
            }
        }
        if !r.rejected.isEmpty { throw CommandFailure.rowsRejected }
    }
}

/// `dangan export FILE.csv` (or `-` for standard output).
struct Export: DanganCommand {
    static let configuration = CommandConfiguration(
        abstract: """
            Write every active envelope and its documents as a spreadsheet that `dangan import` reads back: \
            FILE.xlsx (an Excel workbook; ID numbers, phones and rooms as text, dates as dates) or CSV (UTF-8 \
            with BOM); FILE is replaced only if it is a regular file, - is standard output (CSV).
            """)
    @OptionGroup var common: CommonOptions
    @OptionGroup var progress: ProgressOption
    @Argument(help: "The file to write: .xlsx for a workbook, anything else for CSV (- for standard output).")
    var file: String

    func validate() throws {
        if file.isEmpty { throw ValidationError("name the CSV file to write (- for standard output)") }
    }

    func execute() throws {
        let store = try common.open()
        let xlsx = file.lowercased().hasSuffix(".xlsx")
        let meter = progress.meter("exporting")
        let bytes = try SpreadsheetIO.export(store, format: xlsx ? .xlsx : .csv, progress: meter?.progress())
        meter?.finish()
        try OutputFile.write(file, bytes)
        // To standard output: said done only once it was written (a closed pipe or a full disk
        // is reported instead, status 5, by the entry point).
        if file == "-" && Out.finish() != nil { return }
        let count = store.envelopes.filter { $0.status == .active && $0.damaged == nil }.count
        let masked =
            Mask.mayRevealPersonalNumbers(store)
            ? "" : " (ID numbers and phones masked: the operator's role may not see them)"
        let summary = "exported \(count) envelope(s) to \(file == "-" ? "standard output" : Out.safe(file))\(masked)"
        if common.json {
            struct R: Encodable {
                var file: String
                var envelopes: Int
                var masked: Bool
            }
            if file == "-" {
                Out.err(summary)
            } else {
                Out.json(R(file: file, envelopes: count, masked: !masked.isEmpty))
            }
        } else if file == "-" {
            Out.err(summary)  // standard output holds the CSV
        } else {
            Out.line(summary)
            if !xlsx {
                Out.line(
                    """
                    CSV: numbers a spreadsheet would change (rooms like 0201, ID numbers, phones) are written \
                    as =\"0201\" 
                    """
                        + """
                        so that it keeps them as text; to edit the envelopes in a spreadsheet program, export \
                        to a .xlsx file instead
                        """
                )
            }
        }
    }
}
