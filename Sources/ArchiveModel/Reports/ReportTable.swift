import Foundation

/// A report as a table: what the registers and lists the regulations ask for print from.
public struct ReportTable: Sendable, Equatable {
    /// The report's heading (Chinese, often with an English gloss), e.g. 档案借阅登记表.
    public var title: String
    /// The line under the heading: archive, period, time made; may be empty.
    public var subtitle: String
    /// Column headings, in the archivists' words.
    public var columns: [String]
    /// The rows, each as many cells as `columns`, already formatted (times to the minute).
    public var rows: [[String]]
    /// A closing note (rules, where to sign); may be empty.
    public var footer: String
    /// An envelope's barcode, drawn as Code 128 above the table in HTML (the file list).
    public var barcode: String? = nil
    /// Columns left empty for a signature on paper (drawn wide and tall in HTML).
    public var signatureColumns: [Int] = []
    /// A trend printed after the table: SVG in HTML, sparklines in text (monthly statistics).
    public var chart: ReportChart? = nil
    /// Further tables printed with this one (the monthly statistics' list of what is out, the
    /// key register's holders).
    public var sections: [ReportTable] = []
}

/// The reports `dangan report KIND` makes; the raw value is the KIND typed on the command line.
public enum ReportKind: String, CaseIterable, Sendable {
    case register, copies, outstanding, monthly
    case fileList = "file-list"
    case label
    case cabinetList = "cabinet-list"
    case inventory, destruction, transfer
    /// One envelope's changes from the journal (修改记录): who, when, which desk, before and after.
    case history
    // The registers of issue 17.
    case storageList = "storage-list"
    case arrangement, intake, keys, categories, expired
    /// The loan slip (借阅单) of one loan, the overdue notices (催还通知), the incidents for the
    /// leadership (遗失、损坏), who looked at confidential material (查询记录).
    case slip, notices, incidents, access
}

/// How a report is written: CSV (UTF-8 with BOM, for Excel), plain text, HTML for printing, or SVG (labels).
public enum ReportFormat: String, CaseIterable, Sendable { case csv, txt, html, svg }
