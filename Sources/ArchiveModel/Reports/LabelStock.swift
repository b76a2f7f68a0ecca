import Foundation

/// Label stock: a single label per page (a roll or cut labels), or an A4 sheet of labels in
/// rows and columns with its margins. Sizes in millimetres.
public struct LabelStock: Sendable, Equatable {
    /// The stock's name as typed and stored in the settings (`100x50`, `70x37`, `a4-3x8`, `a4-2x7`).
    public var name: String
    /// The stock described for the archivist, e.g. A4 不干胶 3×8 (63.5×33.9 mm).
    public var title: String
    public var pageWidth: Double, pageHeight: Double
    public var labelWidth: Double, labelHeight: Double
    public var columns: Int, rows: Int
    public var top: Double, left: Double
    /// Distance from one label's start to the next one's, across and down.
    public var pitchX: Double, pitchY: Double

    /// Every stock dangan can print on.
    public static let all: [LabelStock] = [
        LabelStock(
            name: "100x50", title: "单张标签 100×50 mm", pageWidth: 100, pageHeight: 50, labelWidth: 100, labelHeight: 50,
            columns: 1, rows: 1, top: 0, left: 0, pitchX: 100, pitchY: 50),
        LabelStock(
            name: "70x37", title: "单张标签 70×37 mm", pageWidth: 70, pageHeight: 37, labelWidth: 70, labelHeight: 37,
            columns: 1, rows: 1, top: 0, left: 0, pitchX: 70, pitchY: 37),
        // 24 labels 63.5×33.9 mm (as Avery L7159): margins 12.9 mm top, 7.25 mm left, 2.5 mm between columns.
        LabelStock(
            name: "a4-3x8", title: "A4 不干胶 3×8 (63.5×33.9 mm)", pageWidth: 210, pageHeight: 297, labelWidth: 63.5,
            labelHeight: 33.9,
            columns: 3, rows: 8, top: 12.9, left: 7.25, pitchX: 66.0, pitchY: 33.9),
        // 14 labels 99.1×38.1 mm (as Avery L7163): margins 15.15 mm top, 4.65 mm left, 2.5 mm between columns.
        LabelStock(
            name: "a4-2x7", title: "A4 不干胶 2×7 (99.1×38.1 mm)", pageWidth: 210, pageHeight: 297, labelWidth: 99.1,
            labelHeight: 38.1,
            columns: 2, rows: 7, top: 15.15, left: 4.65, pitchX: 101.6, pitchY: 38.1),
    ]
    /// The stock used when the settings name none.
    public static let defaultName = "100x50"
    /// The stock called `n` (case-insensitive), or nil.
    public static func named(_ n: String) -> LabelStock? { all.first { $0.name == n.lowercased() } }
    /// Labels on one page.
    public var perPage: Int { columns * rows }
}
