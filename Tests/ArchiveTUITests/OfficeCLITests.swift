import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// The command line as the office uses it: search order, spreadsheets in and out, labels.
final class OfficeCLITests: XCTestCase {
    /// A small archive whose filing order puts a co-owner or tenant match before the owners.
    func orderArchive() throws -> String {
        let path = NSTemporaryDirectory() + "dangan-order-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let s = try ArchiveStore.create(at: path, name: "次序", settings: Settings(staff: Generator.sampleStaff))
        s.operatorName = "李敏"
        try s.createCabinet(code: "A", label: "A", room: "")
        let rows: [(String, [String], [String])] = [
            ("王慧", ["欧阳新悦"], []), ("刘芳", ["张敏"], []), ("李雪", [], ["陈晓"]),
            ("欧阳明", [], []), ("张伟", [], []), ("陈娜勇", [], []),
        ]
        for (i, r) in rows.enumerated() {
            try s.createEnvelope(
                Envelope(
                    number: "KH-\(i + 1)", barcode: "", cabinet: "A", building: "1", floor: "1", unit: "10\(i + 1)",
                    owner: r.0, coOwners: r.1, tenants: r.2))
        }
        s.close()
        return path
    }

    /// Issue 18, point 7: at the same tier, owners first, then co-owners, then tenants — in the
    /// quick path (saved index), the full open and JSON alike.
    func testSearchListsOwnersBeforeCoOwnersBeforeTenants() throws {
        let path = try orderArchive()
        defer { try? FileManager.default.removeItem(atPath: path) }
        for round in 0..<2 {  // the first builds and saves the index, the second answers from it
            for (q, want) in [("张", ["张伟", "刘芳"]), ("欧阳", ["欧阳明", "王慧"]), ("chen", ["陈娜勇", "李雪"])] {
                let (code, out) = Bin.run(Bin.dangan, ["search", q, "--archive", path])
                XCTAssertEqual(code, 0, out)
                let owners = out.split(separator: "\n").dropLast().map { String($0.split(separator: "\t")[1]) }
                XCTAssertEqual(owners, want, "round \(round): \(q)\n\(out)")
            }
        }
        let (code, out) = Bin.run(Bin.dangan, ["search", "张", "--json", "--archive", path])
        XCTAssertEqual(code, 0, out)
        struct H: Decodable {
            var owner: String
            var field: String?
        }
        let hits = try JSONDecoder().decode([H].self, from: Data(out.utf8))
        XCTAssertEqual(hits.map { $0.owner }, ["张伟", "刘芳"])
        XCTAssertEqual(hits.first?.field, "owner")
    }

    /// `dangan export FILE.xlsx` and `dangan import` through the binary; a refused ID file exits 2
    /// naming each line, what the spreadsheet did and what to do.
    func testExportAndImportWorkbooksOnTheCommandLine() throws {
        let path = Bin.sampleCopy("xlsxcli")
        let dir = path + "-out"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: dir)
        }
        // The login that generated the copy is its archivist (李敏): whole numbers are exported.
        XCTAssertTrue(Bin.run(Bin.dangan, ["whoami", "--archive", path]).1.contains("李敏"))
        let (c1, o1) = Bin.run(Bin.dangan, ["export", dir + "/all.xlsx", "--archive", path])
        XCTAssertEqual(c1, 0, o1)
        XCTAssertTrue(o1.contains("exported 200 envelope(s)"), o1)
        XCTAssertFalse(o1.contains("CSV:"), o1)
        let (c2, o2) = Bin.run(Bin.dangan, ["export", dir + "/all.csv", "--archive", path])
        XCTAssertEqual(c2, 0, o2)
        XCTAssertTrue(o2.contains("export to a .xlsx file instead"), o2)
        XCTAssertEqual(Bin.run(Bin.dangan, ["init", dir + "/new", "--name", "新档案"]).0, 0)
        let (c3, o3) = Bin.run(Bin.dangan, ["import", dir + "/all.xlsx", "--archive", dir + "/new"])
        XCTAssertEqual(c3, 0, o3)
        XCTAssertTrue(o3.contains("imported 200 envelope(s)") && o3.contains("Excel workbook (.xlsx)"), o3)
        let ids = SpreadsheetTestsFixtures.url("libreoffice-id-numbers.csv").path
        let (c4, o4) = Bin.run(Bin.dangan, ["import", ids, "--archive", dir + "/new"])
        XCTAssertEqual(c4, 2, o4)
        for line in 2...5 { XCTAssertTrue(o4.contains("\(ids):\(line): "), o4) }
        XCTAssertTrue(o4.contains("format the 身份证号 column as Text"), o4)
        XCTAssertTrue(o4.contains("nothing imported"), o4)
    }
}

enum SpreadsheetTestsFixtures {
    static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
            "Fixtures/office/" + name)
    }
}

/// Labels printed and scanned: sheets rendered by an SVG renderer nobody here wrote
/// (rsvg-convert), every barcode decoded by zbarimg, every decoded value opened with `dangan show`.
final class LabelScanTests: XCTestCase {
    static func tool(_ name: String) -> String? {
        ["/usr/bin/", "/usr/local/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func run(_ exe: String, _ args: [String]) -> (Int32, String, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        for (k, v) in TestClock.environment where env[k] == nil { env[k] = v }
        p.environment = env
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try! p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// Renders an SVG sheet at 300 dpi and returns every barcode zbarimg reads on it.
    func scan(_ svg: String, in dir: String) throws -> [String] {
        guard let rsvg = LabelScanTests.tool("rsvg-convert"), let zbar = LabelScanTests.tool("zbarimg") else {
            throw XCTSkip(
                """
                rsvg-convert or zbarimg is missing (apt-get install librsvg2-bin zbar-tools): labels are not \
                scanned here
                """
            )
        }
        let png = dir + "/sheet.png"
        let (rc, _, rerr) = run(rsvg, ["-d", "300", "-p", "300", "-b", "white", "-o", png, svg])
        XCTAssertEqual(rc, 0, rerr)
        let (zc, out, zerr) = run(zbar, ["-q", "--raw", "-Sdisable", "-Scode128.enable", png])
        XCTAssertTrue(zc == 0 || zc == 4, zerr)  // 4: nothing found
        return out.split(separator: "\n").map(String.init)
    }

    func testPrintedSheetsScanAndOpen() throws {
        let path = Bin.sampleCopy("labels")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let dir = path + "-out"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = try ArchiveStore.open(path)
        s.operatorName = "李敏"
        let cab = s.cabinets[0].code
        let inCab = s.envelopes(inCabinet: cab).filter { $0.status == .active }
        // One envelope without a barcode: its label must say so, not carry an empty code.
        let bare = inCab[3]
        try s.updateEnvelope(id: bare.id) { $0.barcode = "" }
        // Two envelopes changed a day later: the batch "changed since".
        s.clock = { TestClock.now.addingTimeInterval(86_400) }
        let later = [inCab[5].id, inCab[8].id]
        for id in later { try s.updateEnvelope(id: id) { $0.note = "换了新封面" } }
        s.close()
        let fresh = try ArchiveStore.open(path)
        func owner(_ code: String) -> String? { fresh.envelopes.first { $0.barcode == code }?.owner }

        // A whole cabinet on A4 sheets of 3×8.
        let (code, _, err) = run(
            Bin.dangan,
            [
                "report", "label", "--cabinet", cab, "--stock", "a4-3x8", "--format", "svg", "-o", dir + "/cab.svg",
                "--archive", path,
            ])
        XCTAssertEqual(code, 0, err)
        XCTAssertTrue(err.contains("\(inCab.count) 张标签, \((inCab.count + 23) / 24) 页 A4 不干胶 3×8"), err)
        XCTAssertTrue(err.contains("1 袋没有可打印的条码: \(bare.building)栋\(bare.unit) \(bare.number)"), err)
        let svg = try String(contentsOfFile: dir + "/cab.svg", encoding: .utf8)
        XCTAssertTrue(svg.contains("无条码:请登记条码后重印"))
        let decoded = try scan(dir + "/cab.svg", in: dir)
        let want = inCab.filter { $0.id != bare.id }.map { $0.barcode }
        XCTAssertEqual(Set(decoded), Set(want), "every label's barcode, and nothing else")
        XCTAssertEqual(decoded.count, want.count)
        // Each decoded value opens its envelope.
        for v in decoded {
            let (c, out, e) = run(Bin.dangan, ["show", v, "--archive", path])
            XCTAssertEqual(c, 0, e)
            XCTAssertTrue(out.contains(try XCTUnwrap(owner(v), v)), out)
            XCTAssertTrue(out.contains("条码 \(v)"), out)
        }

        // Single labels of 100×50 mm for named envelopes and for those changed since a day.
        let named = [inCab[0].number, inCab[1].roomCode, inCab[2].barcode]
        var args = [
            "report", "label", "--stock", "100x50", "--format", "svg", "-o", dir + "/named.svg", "--archive", path,
        ]
        for n in named { args += ["--envelope", n] }
        XCTAssertEqual(run(Bin.dangan, args).0, 0)
        XCTAssertEqual(Set(try scan(dir + "/named.svg", in: dir)), Set(inCab[0..<3].map { $0.barcode }))
        let day = fresh.timeFormat.day(TestClock.now.addingTimeInterval(86_400))
        let (c2, _, e2) = run(
            Bin.dangan,
            [
                "report", "label", "--since", day, "--stock", "70x37", "--format", "svg", "-o", dir + "/since.svg",
                "--archive", path,
            ])
        XCTAssertEqual(c2, 0, e2)
        XCTAssertEqual(
            Set(try scan(dir + "/since.svg", in: dir)),
            Set(later.map { id in fresh.envelopes.first { $0.id == id }!.barcode }))

        // The HTML to print: pages sized to the stock, the barcodes drawn inline.
        let (c3, html, _) = run(
            Bin.dangan,
            [
                "report", "label", "--building", bare.building, "--floor", bare.floor, "--stock", "a4-2x7", "--format",
                "html", "--archive", path,
            ])
        XCTAssertEqual(c3, 0)
        XCTAssertTrue(html.contains("@page{size:210.000mm 297.000mm;margin:0}"), html.prefix(400).description)
        XCTAssertTrue(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"210.000mm\""))
        // The file list to paste inside, with its barcode.
        let (c4, list, _) = run(
            Bin.dangan, ["report", "file-list", inCab[0].number, "--format", "html", "--archive", path])
        XCTAssertEqual(c4, 0)
        XCTAssertTrue(
            list.contains("档案袋文件清单") && list.contains("<div class=\"code\"><svg"), list.prefix(600).description)
        let (c5, bareList, _) = run(
            Bin.dangan, ["report", "file-list", bare.number, "--format", "html", "--archive", path])
        XCTAssertEqual(c5, 0)
        XCTAssertTrue(bareList.contains("无条码"))
        // A file list's barcode scans too (its own SVG).
        let svgList = try XCTUnwrap(Labels.barcodeSVG(inCab[0].barcode))
        try svgList.write(toFile: dir + "/list.svg", atomically: true, encoding: .utf8)
        XCTAssertEqual(try scan(dir + "/list.svg", in: dir), [inCab[0].barcode])
    }

    /// Code 128 as drawn: every symbol is 11 modules (the stop 13), values pick code set C
    /// for digit runs, and strings outside printable ASCII are not drawn.
    func testCode128Symbols() {
        XCTAssertEqual(Code128.patterns.count, 107)
        for (i, p) in Code128.patterns.enumerated() {
            XCTAssertEqual(p.reduce(0) { $0 + Int(String($1))! }, i == 106 ? 13 : 11, "\(i)")
        }
        XCTAssertEqual(Set(Code128.patterns).count, 107)
        XCTAssertEqual(Code128.symbols("1234")?.first, 105)  // start C
        XCTAssertEqual(Code128.symbols("1234").map { Array($0.dropFirst().prefix(2)) }, [12, 34])
        XCTAssertEqual(Code128.symbols("DA0001020004")?.first, 104)  // start B, then C for the digits
        XCTAssertTrue(Code128.symbols("DA0001020004")!.contains(99))
        XCTAssertNil(Code128.symbols("档案"))
        XCTAssertNil(Code128.symbols(""))
    }
}
