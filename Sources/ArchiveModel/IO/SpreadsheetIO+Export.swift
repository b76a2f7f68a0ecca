import Foundation
import SwiftCSV

#if canImport(Glibc)
    import Glibc
#endif

extension SpreadsheetIO {
    /// The export's file kind: CSV (UTF-8 with BOM) or an Excel workbook.
    public enum ExportFormat: String, Sendable { case csv, xlsx }

    /// Every active envelope with its documents, in the columns import reads (Chinese header).
    /// ID numbers and phones are masked unless the operator's role may see them.
    /// `progress` counts the envelope files read.
    public static func exportTable(_ store: ArchiveStore, progress: WorkProgress? = nil) throws -> (
        columns: [Workbook.Column], keys: [String?], rows: [[String]]
    ) {
        try store.require(.readRegisters)
        let reveal = Mask.mayRevealPersonalNumbers(store)
        let sums = store.envelopes.filter { $0.damaged == nil }
        progress?.start(total: sums.count)
        defer { progress?.finish() }
        let read = parallelMap(count: sums.count, progress: progress) { i in try? store.envelope(id: sums[i].id) }
        var kindsUsed = Set<String>()
        for e in read { for d in e?.documents ?? [] where d.state == .present { kindsUsed.insert(d.kind) } }
        let kinds = store.settings.catalogue.map { $0.name }.filter { kindsUsed.contains($0) }
        var rows: [[String]] = []
        for case let e? in read where e.status == .active {
            let c = e.card
            var r: [String] = [c.number, c.cabinet, c.building, c.floor, c.unit, c.owner]
            r += [
                c.phones.map { reveal ? $0 : Mask.phone($0) }.joined(separator: ";"),
                reveal ? e.idNumber : Mask.idNumber(e.idNumber), e.identityType.chinese, e.moveIn, c.barcode,
                c.coOwners.joined(separator: ";"), c.tenants.joined(separator: ";"), e.note,
                e.category?.chinese ?? "", e.vehiclePlates.joined(separator: ";"), e.parking.joined(separator: ";"),
                e.emergencyContact?.name ?? "", e.emergencyContact?.relation ?? "",
                e.emergencyContact.map { reveal ? $0.phone : Mask.phone($0.phone) } ?? "",
                e.moveOut?.date ?? "",
                e.moveOut.map { reveal || $0.phone.isEmpty ? $0.phone : Mask.phone($0.phone) } ?? "",
                e.moveOut?.address ?? "",
            ]
            for k in kinds {
                let docs = e.documents.filter { $0.kind == k && $0.state == .present }
                let o = docs.filter { $0.original }.count
                let c = docs.count - o
                var parts: [String] = []
                if o > 0 { parts.append(o == 1 ? "原件" : "原件×\(o)") }
                if c > 0 { parts.append(c == 1 ? "复印件" : "复印件×\(c)") }
                r.append(parts.joined(separator: "+"))
            }
            rows.append(r)
        }
        let cols =
            columns.map { Workbook.Column($0.zh, $0.key == "move_in" || $0.key == "move_out" ? .date : .text) }
            + kinds.map { Workbook.Column($0) }
        return (cols, columns.map { $0.key } + kinds.map { _ in nil }, rows)
    }

    /// The export as a file: an .xlsx workbook (ID numbers, phones, rooms and numbers as text
    /// cells, move-in dates as date cells, a frozen Chinese header), or CSV (UTF-8 with BOM).
    public static func export(_ store: ArchiveStore, format: ExportFormat = .csv, progress: WorkProgress? = nil) throws
        -> [UInt8]
    {
        let (cols, keys, rows) = try exportTable(store, progress: progress)
        // Whole ID numbers and phones leave the archive: recorded first (seed 002), or nothing is written.
        if Mask.mayRevealPersonalNumbers(store) && !rows.isEmpty {
            try store.recordAccess(
                .export, envelope: nil, count: rows.count, detail: "导出 \(format.rawValue),含身份证号和电话 (\(rows.count) 袋)")
        }
        switch format {
        case .xlsx:
            do { return try Workbook.write(sheet: "档案袋", columns: cols, rows: rows) } catch let w as Workbook.Invalid {
                throw ArchiveError.invalidField(field: "export", reason: w.reason)
            }
        case .csv:
            return csv(columns: cols.map { $0.title }, keys: keys, rows: rows)
        }
    }

    /// CSV for spreadsheet programs: UTF-8 with BOM, CRLF. Numbers that a spreadsheet would
    /// change (a room 0201, an ID number, a phone, a code like 3-1) in the columns of
    /// `protectedKeys` are written ="0201", which Excel and LibreOffice keep as text and
    /// `dangan import` reads back; any other cell starting with = + - @ is prefixed with ' so
    /// that it is never run as a formula.
    static func csv(columns: [String], keys: [String?], rows: [[String]]) -> [UInt8] {
        func quote(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        func cell(_ raw: String, _ key: String?) -> String {
            let clean = Sanitize.visible(raw)
            if let key, protectedKeys.contains(key), !clean.isEmpty,
                clean.allSatisfy({ $0.isASCII && ($0.isNumber || "-/.+ ".contains($0)) })
            {
                return quote("=\"" + clean + "\"")
            }
            let safe = clean.first.map { "=+-@".contains($0) } == true ? "'" + clean : clean
            return safe != clean ? "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : quote(safe)
        }
        var out = "\u{FEFF}" + columns.map { cell($0, nil) }.joined(separator: ",") + "\r\n"
        for r in rows {
            out += r.enumerated().map { cell($1, $0 < keys.count ? keys[$0] : nil) }.joined(separator: ",") + "\r\n"
        }
        return Array(out.utf8)
    }
}
