import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// Spreadsheets as the office has them: files made by openpyxl and LibreOffice (see
/// Tests/Fixtures/office/README.md), dangan's own .xlsx and CSV, and a round trip through
/// LibreOffice where it is installed.
final class SpreadsheetTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/office")

    func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: SpreadsheetTests.fixtures.appendingPathComponent(name)))
    }

    func emptyArchive(_ name: String = "xl") throws -> ArchiveStore {
        let s = try ArchiveStore.create(at: tempDir(name), name: "导入", settings: Settings(staff: Generator.sampleStaff))
        s.clock = { TestClock.now }
        s.operatorName = "李敏"  // an archivist: sees whole ID numbers and phones
        return s
    }

    /// What every household of the typed fixtures must become, whatever the file.
    struct Want: Equatable {
        var number, cabinet, building, floor, unit, owner: String
        var phones: [String]
        var id, moveIn, barcode: String
        var coOwners: [String] = [], tenants: [String] = []
        var note = ""
        var documents: [String] = []  // 原件 / 复印件 of 身份证复印件
    }
    static let typed: [Want] = [
        Want(
            number: "KH-2021-00001", cabinet: "A", building: "3", floor: "2", unit: "0201", owner: "吕云",
            phones: ["13812345678"],
            id: "11010519491231002X", moveIn: "2021-03-15", barcode: "DA0000000201", coOwners: ["乐天", "覃海波"],
            documents: ["复印件"]),
        Want(
            number: "KH-2021-00002", cabinet: "A", building: "3", floor: "3", unit: "0302", owner: "翟洁",
            phones: ["0755-88881234"],
            id: "440106199003035070", moveIn: "2016-08-09", barcode: "DA0000000302", tenants: ["盖磊"], note: "一楼商铺",
            documents: ["原件", "复印件"]),
        Want(
            number: "20210003", cabinet: "A", building: "3", floor: "12", unit: "1201", owner: "单于明",
            phones: ["13900001111"],
            id: "440304199001011233", moveIn: "2019-07-01", barcode: "DA0000001201", documents: ["复印件"]),
        Want(
            number: "KH-2021-00004", cabinet: "B", building: "5", floor: "1", unit: "0101", owner: "Mary Smith",
            phones: ["+86 138 0013 8000"],
            id: "11010519491231002X", moveIn: "2021-03-15", barcode: "DA0000000101", tenants: ["陈晓"]),
        Want(
            number: "KH-2021-00005", cabinet: "B", building: "5", floor: "1", unit: "0102", owner: "欧阳明", phones: [],
            id: "", moveIn: "2020-01-01", barcode: "KH-2021-00005", documents: ["原件"]),
    ]

    func got(_ s: ArchiveStore, _ envelopes: [Envelope]) -> [Want] {
        envelopes.map { e in
            Want(
                number: e.number, cabinet: e.cabinet, building: e.building, floor: e.floor, unit: e.unit,
                owner: e.owner, phones: e.phones,
                id: e.idNumber, moveIn: e.moveIn, barcode: e.barcode, coOwners: e.coOwners, tenants: e.tenants,
                note: e.note,
                documents: e.documents.filter { $0.kind == "身份证复印件" }.map { $0.original ? "原件" : "复印件" })
        }
    }

    /// The same five households from a workbook made by openpyxl, the same saved by LibreOffice,
    /// and LibreOffice's CSV in UTF-8, GB18030 and Unicode Text (UTF-16, tabs).
    func testTypedFixturesImportTheSameFromEveryProgramAndEncoding() throws {
        let files: [(String, String)] = [
            ("openpyxl-typed.xlsx", "Excel workbook (.xlsx)"), ("libreoffice-typed.xlsx", "Excel workbook (.xlsx)"),
            ("libreoffice-utf8.csv", "UTF-8 CSV"), ("libreoffice-gb18030.csv", "GB18030 CSV"),
            ("libreoffice-unicode-text.txt", "UTF-16LE tab-separated"),
        ]
        for (file, format) in files {
            let s = try emptyArchive()
            let r = try s.importSpreadsheet(try fixture(file))
            XCTAssertEqual(r.rejected, [], file)
            XCTAssertEqual(r.encoding, format, file)
            XCTAssertEqual(got(s, r.imported), SpreadsheetTests.typed, file)
            XCTAssertEqual(r.cabinetsCreated, ["A", "B"], file)
            // and they are searchable as the office types: ü as v
            XCTAssertEqual(
                SearchEngine(store: s).search("lvyun", limit: 3).hits.map { s.envelopes[$0.index].owner }, ["吕云"], file)
        }
    }

    /// ID numbers that a spreadsheet stored as numbers (or that lost their last digits) are
    /// refused, each with what happened and what to do; the good row goes in with --skip-bad.
    func testMangledIDNumbersAreRefusedWithTheirCause() throws {
        for file in ["openpyxl-id-numbers.xlsx", "libreoffice-id-numbers.csv"] {
            let s = try emptyArchive()
            let all = try s.importSpreadsheet(try fixture(file))
            XCTAssertEqual(all.imported.count, 0, file)  // all or nothing
            XCTAssertEqual(all.rejected.map { $0.line }, [2, 3, 4, 5], file)
            for e in all.rejected {
                // Named as the column, or in the words the forms and the command line use.
                XCTAssertTrue(e.reason.contains("身份证号/id_number") || e.reason.hasPrefix("ID number"), e.reason)
                XCTAssertTrue(e.reason.contains("format the 身份证号 column as Text"), e.reason)
            }
            let first = all.rejected[0].reason
            XCTAssertTrue(
                file.hasSuffix(".xlsx")
                    ? first.contains("is stored as a number, not text") : first.contains("scientific notation"), first)
            XCTAssertTrue(
                all.rejected[2].reason.contains("fails its check digit (GB 11643) (it ends in 000"),
                all.rejected[2].reason)
            XCTAssertTrue(
                all.rejected[3].reason.contains("4.40103198001011E+17 is in scientific notation"),
                all.rejected[3].reason)
            XCTAssertEqual(s.envelopes.count, 0)
            let some = try s.importSpreadsheet(try fixture(file), skipBad: true)
            XCTAssertEqual(some.imported.map { $0.idNumber }, ["330102198506120044"], file)
        }
    }

    func testDatesAsSpreadsheetsWriteThem() {
        let table: [(String, String?)] = [
            ("2021-03-15", "2021-03-15"), ("2021/3/15", "2021-03-15"), ("2021/03/15", "2021-03-15"),
            ("2021.3.5", "2021-03-05"),
            ("2021年3月15日", "2021-03-15"), ("2016年8月9日", "2016-08-09"), ("20210315", "2021-03-15"),
            ("44270", "2021-03-15"),
            ("2021/3/15 0:00", "2021-03-15"), ("2021-03-15 00:00:00", "2021-03-15"), ("36526", "2000-01-01"),
            ("2021/2/30", nil), ("2021-3/15", nil), ("2021年3月15", nil), ("15/3/2021", nil), ("2021", nil),
            ("2021/3/15 9:30", nil),
            ("20211315", nil), ("三月", nil), ("", nil), ("4.4E+4", nil),
        ]
        for (text, want) in table { XCTAssertEqual(SpreadsheetIO.parseDate(text), want, text) }
        // Serials of the 1900 system, its phantom 29 February 1900 and the 1904 system.
        XCTAssertEqual(Workbook.serialDay(1), "1900-01-01")
        XCTAssertEqual(Workbook.serialDay(59), "1900-02-28")
        XCTAssertNil(Workbook.serialDay(60))
        XCTAssertEqual(Workbook.serialDay(61), "1900-03-01")
        XCTAssertEqual(Workbook.serialDay(44270.75), "2021-03-15")
        XCTAssertEqual(Workbook.serialDay(0, date1904: true), nil)
        XCTAssertEqual(Workbook.serialDay(42808, date1904: true), "2021-03-15")
        for day in ["1900-03-01", "1999-12-31", "2000-02-29", "2021-03-15", "2099-12-31"] {
            XCTAssertEqual(Workbook.serial(ofDay: day).flatMap { Workbook.serialDay(Double($0)) }, day)
        }
        XCTAssertEqual(Workbook.serial(ofDay: "2021-03-15"), 44270)
    }

    func testResidentIDCheckDigit() {
        XCTAssertEqual(Validate.residentIDCheckDigitIsRight("11010519491231002X"), true)
        XCTAssertEqual(Validate.residentIDCheckDigitIsRight("11010519491231002x"), true)
        XCTAssertEqual(Validate.residentIDCheckDigitIsRight("440106199003035070"), true)
        XCTAssertEqual(Validate.residentIDCheckDigitIsRight("440106199003035000"), false)
        XCTAssertEqual(Validate.residentIDCheckDigitIsRight("110105194912310021"), false)
        XCTAssertNil(Validate.residentIDCheckDigitIsRight("110105491231002"))  // an old 15-digit card
        XCTAssertNil(Validate.residentIDCheckDigitIsRight("E12345678"))  // a passport
    }

    /// Text that no spreadsheet program wrote: UTF-16 both ways round, semicolons, an .xls, a
    /// damaged workbook, an OpenDocument file.
    func testOtherFilesAreReadOrRefusedClearly() throws {
        let csv = "档案号\t档案柜\t楼栋\t楼层\t房号\t业主姓名\t入住日期\r\nKH-1\tA\t1\t1\t0101\t吕云\t2021/3/15\r\n"
        var be: [UInt8] = [0xFE, 0xFF]
        for u in csv.utf16 {
            be.append(UInt8(u >> 8))
            be.append(UInt8(u & 0xFF))
        }
        let s = try emptyArchive()
        let r = try s.importSpreadsheet(be, dryRun: true)
        XCTAssertEqual(r.encoding, "UTF-16BE tab-separated")
        XCTAssertEqual(r.rejected, [])
        XCTAssertEqual(r.rows, 1)
        let semi = Array("档案号;档案柜;楼栋;楼层;房号;业主姓名\nKH-2;A;1;1;0102;张伟\n".utf8)
        XCTAssertEqual(try s.importSpreadsheet(semi, dryRun: true).encoding, "UTF-8 semicolon-separated")
        func refusal(_ bytes: [UInt8]) -> String {
            do {
                _ = try s.importSpreadsheet(bytes, dryRun: true)
                return "accepted"
            } catch { return "\(error)" }
        }
        XCTAssertTrue(
            refusal([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).contains(
                "Excel 97-2003 workbook (.xls): save it as Excel Workbook (.xlsx)"))
        XCTAssertTrue(refusal([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]).contains("is not a readable .xlsx workbook"))
        XCTAssertTrue(refusal([0xFF, 0xFE, 0x41]).contains("odd number of bytes"))
        XCTAssertTrue(
            refusal([0x80, 0xFF, 0xFE, 0x00, 0x81]).contains(
                "save it from the spreadsheet program as Excel Workbook (.xlsx) or CSV UTF-8"))
        // A workbook whose sheet is damaged XML, and a zip file without a workbook in it.
        let good = try fixture("openpyxl-typed.xlsx")
        let xl = try rezip(good) { path, data in
            path == "xl/worksheets/sheet1.xml" ? Data("<worksheet><sheetData><row r=\"1\"><c".utf8) : data
        }
        XCTAssertTrue(refusal(xl).contains("not well-formed XML"), refusal(xl))
        let latin1 = try rezip(good) { path, data in
            path == "xl/worksheets/sheet1.xml" ? data + Data([0xC4, 0x74]) : data
        }
        XCTAssertTrue(refusal(latin1).contains("not UTF-8 text"), refusal(latin1))
        let noBook = try rezip(good) { path, data in path == "xl/workbook.xml" ? nil : data }
        XCTAssertTrue(refusal(noBook).contains("not an .xlsx workbook"), refusal(noBook))
        XCTAssertEqual(s.envelopes.count, 0)
    }

    /// A copy of a workbook with its parts changed (nil leaves a part out).
    func rezip(_ bytes: [UInt8], _ change: (String, Data) -> Data?) throws -> [UInt8] {
        let rows = try Workbook.parts(bytes)
        return try Workbook.zip(rows.compactMap { p, d in change(p, d).map { (p, $0) } })
    }

    /// dangan's own workbook: text cells (typed as text) for ID numbers, phones, rooms and
    /// numbers; date cells; a frozen Chinese header; column widths. It reads back exactly.
    func testExportedWorkbookHasTypedCellsAndReadsBack() throws {
        let (src, _) = try archiveWithLeadingZeros()
        let bytes = try SpreadsheetIO.export(src, format: .xlsx)
        let parts = Dictionary(
            uniqueKeysWithValues: try Workbook.parts(bytes).map { ($0.0, String(decoding: $0.1, as: UTF8.self)) })
        let sheet = try XCTUnwrap(parts["xl/worksheets/sheet1.xml"])
        XCTAssertTrue(
            sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        XCTAssertTrue(
            sheet.contains("<col min=\"8\" max=\"8\" width=\"20\" customWidth=\"1\" style=\"1\"/>"),
            sheet.prefix(1500).description)  // 身份证号: 18 + 2
        XCTAssertTrue(sheet.contains("<col min=\"9\" max=\"9\""))
        XCTAssertTrue(try XCTUnwrap(parts["xl/styles.xml"]).contains("<xf numFmtId=\"49\""))
        let rows = try Workbook.read(bytes)
        XCTAssertEqual(
            rows[0].cells.map {
                if case .text(let t) = $0 { return t }
                return "?"
            }.prefix(10),
            ["档案号", "档案柜", "楼栋", "楼层", "房号", "业主姓名", "联系电话", "身份证号", "证件类型", "入住日期"])
        XCTAssertEqual(rows[1].cells[4], .text("0201"))
        XCTAssertEqual(rows[1].cells[7], .text("11010519491231002X"))
        XCTAssertEqual(rows[1].cells[9], .date("2021-03-15"))
        XCTAssertEqual(rows[1].cells[6], .text("13812345678"))
        // export → import: the same envelopes
        let dst = try emptyArchive("back")
        let r = try dst.importSpreadsheet(bytes)
        XCTAssertEqual(r.rejected, [])
        XCTAssertEqual(key(dst), key(src))
    }

    /// CSV export keeps rooms, IDs and phones from being turned into numbers (="0201"), and
    /// reads back exactly.
    func testCSVExportProtectsNumbersAndReadsBack() throws {
        let (src, _) = try archiveWithLeadingZeros()
        let bytes = try SpreadsheetIO.export(src, format: .csv)
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.contains(",\"=\"\"0201\"\"\","), text)
        XCTAssertTrue(text.contains("\"=\"\"440106199003035070\"\"\""), text)
        XCTAssertTrue(text.contains("\"=\"\"13812345678\"\"\""), text)
        XCTAssertTrue(text.contains(",2021-03-15,"), text)  // dates stay dates
        XCTAssertTrue(text.contains(",\"'=SUM(A1)\","), text)  // anything else starting with = is never a formula
        let dst = try emptyArchive("csvback")
        XCTAssertEqual(try dst.importSpreadsheet(bytes).rejected, [])
        XCTAssertEqual(key(dst), key(src))
    }

    /// A round trip through LibreOffice Calc, as the office edits files: dangan's .xlsx opened and
    /// saved again by Calc, and dangan's CSV opened by Calc and saved as .xlsx, then imported.
    /// Every ID number, room and date comes back. Skipped, saying so, where soffice is missing.
    func testRoundTripThroughLibreOffice() throws {
        guard
            let soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/bin/libreoffice"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            throw XCTSkip(
                """
                LibreOffice (soffice) is not installed: the round trip through it is not tested here (apt-get \
                install libreoffice-calc-nogui)
                """
            )
        }
        let (src, _) = try archiveWithLeadingZeros()
        let dir = tempDir("lo")
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        try Data(try SpreadsheetIO.export(src, format: .xlsx)).write(to: URL(fileURLWithPath: dir + "/export.xlsx"))
        try Data(try SpreadsheetIO.export(src, format: .csv)).write(to: URL(fileURLWithPath: dir + "/export.csv"))
        func calc(_ args: [String]) throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: soffice)
            p.arguments = ["-env:UserInstallation=file://\(dir)/profile", "--headless"] + args
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, args.joined(separator: " "))
        }
        try calc(["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", dir + "/out", dir + "/export.xlsx"])
        try calc([
            "--infilter=Text - txt - csv (StarCalc):44,34,76,1", "--convert-to", "ods", "--outdir", dir + "/out",
            dir + "/export.csv",
        ])
        try calc(["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", dir + "/out2", dir + "/out/export.ods"])
        for f in ["out/export.xlsx", "out2/export.xlsx"] {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/" + f)))
            let dst = try emptyArchive("loback")
            let r = try dst.importSpreadsheet(bytes)
            XCTAssertEqual(r.rejected, [], f)
            XCTAssertEqual(r.encoding, "Excel workbook (.xlsx)")
            XCTAssertEqual(key(dst), key(src), f)
        }
    }

    /// An archive with what spreadsheets mangle: rooms 0201, IDs with X, long IDs, landlines,
    /// a floor code 3-1, and a note that looks like a formula.
    func archiveWithLeadingZeros() throws -> (ArchiveStore, [Envelope]) {
        let s = try emptyArchive("lz")
        try s.createCabinet(code: "A", label: "A", room: "")
        // number, floor, unit, owner, phones, id, move-in, note
        let rows: [(String, String, String, String, [String], String, String, String)] = [
            ("KH-2021-00001", "2", "0201", "吕云", ["13812345678"], "11010519491231002X", "2021-03-15", "=SUM(A1)"),
            ("00042", "3-1", "0302", "翟洁", ["0755-88881234", "13900001111"], "440106199003035070", "2016-08-09", ""),
            ("KH-2021-00003", "12", "1201", "Mary Smith", [], "E12345678", "", "楼上漏水"),
        ]
        var out: [Envelope] = []
        for r in rows {
            let id = RecordID.make("env")
            var env = Envelope(
                id: id, number: r.0, barcode: "DA" + r.2, cabinet: "A", building: "3", floor: r.1, unit: r.2,
                owner: r.3, coOwners: ["乐天"], phones: r.4, idNumber: r.5, moveIn: r.6, note: r.7,
                documents: [
                    Document(
                        id: DocumentID.make(envelope: id), kind: "身份证复印件", title: "身份证复印件",
                        original: false, date: "2021-03-15", secrecy: .confidential)
                ])
            if r.5.hasPrefix("E") { env.identityType = .passport }  // a passport number, not a resident ID
            out.append(try s.createEnvelope(env))
        }
        return (s, out)
    }

    /// What must survive a round trip, envelope by envelope (by number).
    func key(_ s: ArchiveStore) -> [String] {
        s.envelopes.compactMap { try? s.envelope(id: $0.id) }.map {
            [
                $0.number, $0.cabinet, $0.building, $0.floor, $0.unit, $0.owner, $0.phones.joined(separator: ";"),
                $0.idNumber, $0.moveIn,
                $0.barcode, $0.coOwners.joined(separator: ";"), $0.note,
                $0.documents.map { "\($0.kind)\($0.original)" }.joined(separator: ","),
            ]
            .joined(separator: "|")
        }.sorted()
    }
}
