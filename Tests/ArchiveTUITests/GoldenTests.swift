import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel
@testable import ArchiveTUI

/// Whole screens compared with golden text files in Tests/ArchiveTUITests/Golden: every view,
/// in Chinese and English, at 80×24 and 120×40. Each file holds the screen's text, the style
/// of every cell (one letter per cell, `ScreenBuffer.styleLetter`) and the cursor.
///
/// Regenerate after an intended change with `scripts/update-golden` (it runs this test with
/// DANGAN_UPDATE_GOLDEN=1), then read the diff before committing.
final class GoldenTests: XCTestCase {
    /// A fixed moment (not DANGAN_TEST_NOW): the golden files show dates.
    static let now = TestClock.timeFormat.parse(TestClock.defaultText)!
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path
    static let sizes = [(80, 24), (120, 40)]

    /// Every view of the UI, reached as the archivist would reach it.
    nonisolated(unsafe) static let scenarios: [(String, (Program) -> Void)] = [
        ("main-cabinets", { _ in }),
        ("main-envelopes", { p in p.go(to: "欧阳明") }),
        (
            "main-documents-overdue",
            { p in
                let rec = p.store.register.overdue(at: GoldenTests.now).first!
                p.state.jump(
                    toStoreIndex: p.store.index(ofEnvelope: rec.loan.envelope)!,
                    document: rec.outstandingDocuments.first, p.env)
                p.send(.tick)
            }
        ),
        (
            "main-marked",
            { p in
                p.go(to: "欧阳明")
                p.keys(.right, .char(" "), .down, .char(" "))
            }
        ),
        (
            "narrowing",
            { p in
                p.send(.right)
                p.send(.char("f"))
                p.type("l")
            }
        ),
        (
            "filter-form",
            { p in
                p.send(.right)
                p.send(.char("F"))
                p.type("in")
            }
        ),
        (
            "filtered",
            { p in
                p.send(.right)
                p.send(.char("F"))
                p.type("缺件")
                p.send(.enter)
                p.send(.enter)
            }
        ),
        (
            "search",
            { p in
                p.send(.char("/"))
                p.type("欧阳")
            }
        ),
        (
            "search-coowner",
            { p in
                p.send(.char("/"))
                p.type(p.store.envelopes.first { !$0.coOwners.isEmpty }!.coOwners[0])
            }
        ),
        (
            "borrow-completion",
            { p in
                p.go(to: "欧阳明")
                p.send(.right)
                p.selectDocument(p.documents.firstIndex { !$0.original && $0.secrecy == .none }!)
                p.send(.char("b"))
                p.type("zl")
            }
        ),
        (
            "borrow-ready",
            { p in
                p.go(to: "欧阳明")
                p.send(.right)
                p.selectDocument(p.documents.firstIndex { !$0.original && $0.secrecy == .none }!)
                p.send(.char("b"))
                p.type("zl")
                p.send(.tab)
                p.send(.tab)
                p.type("核对业主信息")
                p.keys(.tab, .tab)
                p.type("王建国")
                p.send(.tab)
            }
        ),
        // The rule asks for the service-centre head's signature before anything is lent (issue 16).
        (
            "borrow-approver",
            { p in
                p.go(to: "欧阳明")
                p.send(.right)
                p.selectDocument(p.documents.firstIndex { !$0.original && $0.secrecy == .none }!)
                p.send(.char("b"))
                p.type("zl")
                p.send(.tab)
                p.send(.tab)
                p.type("核对业主信息")
            }
        ),
        (
            "borrow-refused",
            { p in
                p.go(to: "欧阳明")
                p.send(.right)
                p.selectDocument(p.documents.firstIndex { $0.original }!)
                p.send(.char("b"))
            }
        ),
        (
            "borrow-whole",
            { p in
                p.go(to: "欧阳明")
                p.send(.char("b"))
            }
        ),
        (
            "discard-question",
            { p in
                p.go(to: "欧阳明")
                p.send(.char("b"))
                p.type("q")
                p.send(.esc)
            }
        ),
        (
            "return-form",
            { p in
                let rec = p.store.register.overdue(at: GoldenTests.now).first!
                p.state.jump(
                    toStoreIndex: p.store.index(ofEnvelope: rec.loan.envelope)!,
                    document: rec.outstandingDocuments.first, p.env)
                p.send(.tick)
                p.send(.char("r"))
                p.send(.right)
            }
        ),
        (
            "envelope-edit",
            { p in
                p.go(to: "欧阳明")
                p.send(.char("e"))
                for _ in 0..<8 { p.send(.tab) }
                p.send(.ctrl("u"))
                p.type("2019/4/2")
                p.send(.enter)
            }
        ),
        (
            "envelope-new",
            { p in
                p.go(to: "欧阳明")
                p.send(.char("n"))
            }
        ),
        (
            "document-kind",
            { p in
                p.go(to: "欧阳明")
                p.send(.char("a"))
                p.type("sfz")
            }
        ),
        (
            "copy-request",
            { p in
                p.go(to: "欧阳明")
                p.send(.right)
                p.send(.char("c"))
                p.type("赵磊")
            }
        ),
        (
            "copy-register",
            { p in
                p.go(to: "欧阳明")
                p.send(.right)
                p.send(.char("c"))
                p.type("赵磊")
                p.keys(.tab, .tab)
                p.type("办理产权")
                p.send(.enter)
                p.send(.char("C"))
            }
        ),
        (
            "copy-approve",
            { p in
                p.go(to: "欧阳明")
                p.send(.right)
                p.send(.char("c"))
                p.type("赵磊")
                p.keys(.tab, .tab)
                p.type("办理产权")
                p.send(.enter)
                p.send(.char("C"))
                p.send(.enter)
                p.type("刘洋")
                p.send(.enter)
            }
        ),
        (
            "destroy-confirm",
            { p in
                let env = p.store.envelopes.first { $0.owner == "欧阳明" }!
                // (A fixed document id: the screen shows it.)
                var g = SeededGenerator(seed: 7)
                let doc = Document(
                    id: DocumentID.make(envelope: env.id, using: &g), kind: "投诉记录", title: "2020年投诉", original: true,
                    date: "2020-01-01", retention: "2021-01-01")
                _ = try? p.store.updateEnvelope(id: env.id) { $0.documents.append(doc) }
                p.go(to: "欧阳明")
                p.send(.right)
                p.selectDocument(p.documents.firstIndex { $0.kind == "投诉记录" }!)
                p.send(.char("D"))
                p.type("陈静")
                p.send(.tab)
                p.type("保管期满")
                p.send(.enter)
            }
        ),
        (
            "transfer-confirm",
            { p in
                p.go(to: "单丽华")
                p.send(.char("X"))
                p.type("周明")
                p.send(.tab)
                p.type("新物业公司")
                p.keys(.tab)
                p.type("陈静")
                p.keys(.tab)
                p.send(.enter)
            }
        ),
        (
            "owner-confirm",
            { p in
                p.go(to: "单丽华")
                p.send(.char("O"))
                p.type("李新")  // the new envelope's number and barcode as offered
                p.send(.enter)
            }
        ),
        ("loans", { p in p.send(.char("L")) }),
        (
            "loans-borrower",
            { p in
                p.send(.char("L"))
                p.send(.char("B"))
            }
        ),
        (
            "loans-renew-refused",
            { p in
                p.send(.char("L"))
                p.send(.char("n"))
            }
        ),
        ("reports-menu", { p in p.send(.char("R")) }),
        // The registers of issue 17.
        (
            "intake-form",
            { p in
                p.go(to: "欧阳明")
                p.send(.char("i"))
                p.type("王芳")
                p.send(.tab)
                p.type("销售部")
            }
        ),
        (
            "keys-form",
            { p in
                p.send(.char("K"))
                p.send(.right)
                p.send(.tab)
                p.send(.tab)
                p.send(.tab)
                p.type("李敏")
            }
        ),
        (
            "arrangement-form",
            { p in
                p.go(to: "欧阳明")
                p.send(.char("A"))
            }
        ),
        (
            "customer-form",
            { p in
                p.go(to: "欧阳明")
                p.send(.char("p"))
                p.send(.right)
                p.send(.tab)
                p.type("粤B12345")
            }
        ),
        (
            "document-edit",
            { p in
                p.go(to: "欧阳明")
                p.send(.right)
                p.send(.char("E"))
            }
        ),
        (
            "report-monthly",
            { p in
                p.send(.char("R"))
                for _ in 0..<AppState.reportKinds.firstIndex(of: .monthly)! { p.send(.down) }
                p.send(.enter)
            }
        ),
        (
            "expired-confirm",
            { p in
                p.send(.char("R"))
                for _ in 0..<AppState.reportKinds.firstIndex(of: .expired)! { p.send(.down) }
                p.send(.enter)
                p.send(.char("D"))
                p.type("王建国")
                p.send(.tab)
                p.type("保管期满")
                p.send(.enter)
            }
        ),
        (
            "report-outstanding",
            { p in
                p.send(.char("R"))
                p.send(.enter)
            }
        ),
        ("report-inventory", { p in p.send(.char("I")) }),
        (
            "history",
            { p in
                p.go(to: "欧阳明")
                p.send(.char("H"))
            }
        ),
        ("help", { p in p.send(.char("?")) }),
        (
            "welcome",
            { p in
                p.state.welcome = WelcomeNote(
                    copiedTo: "~/.local/share/dangan/archive", operatorUnknown: true, operatorName: "root")
            }
        ),
        (
            "status-lent",
            { p in
                p.go(to: "欧阳明")
                p.send(.right)
                p.selectDocument(p.documents.firstIndex { !$0.original && $0.secrecy == .none }!)
                p.send(.char("b"))
                p.type("赵磊")
                p.send(.tab)
                p.send(.tab)
                p.type("核对")
                p.keys(.tab, .tab)
                p.type("王建国")
                p.send(.tab)
                p.send(.enter)
            }
        ),
        // Issue 16: a return incomplete opens an incident, flagged in both panes and the detail.
        (
            "incident-flagged",
            { p in
                p.go(to: "欧阳明")
                p.send(.right)
                let i = p.documents.firstIndex { !$0.original && $0.secrecy == .none }!
                p.selectDocument(i)
                p.send(.char("b"))
                p.type("赵磊")
                p.send(.tab)
                p.send(.tab)
                p.type("核对")
                p.keys(.tab, .tab)
                p.type("王建国")
                p.send(.tab)
                p.send(.enter)
                p.selectDocument(i)
                p.send(.char("r"))
                p.send(.right)
                p.send(.tab)
                p.type("缺第3页")
                p.send(.enter)
            }
        ),
        (
            "incident-report",
            { p in
                p.go(to: "欧阳明")
                p.send(.right)
                p.send(.char("!"))
                p.send(.tab)
                p.type("封面破损")
            }
        ),
    ]

    /// One generated sample, copied for each screen (a scenario may write to its archive).
    nonisolated(unsafe) static var template: String? = nil

    /// Scenarios that write to their archive get a copy of their own; the others share one.
    static let writing: Set<String> = [
        "copy-register", "copy-approve", "destroy-confirm", "status-lent", "report-inventory", "incident-flagged",
    ]
    nonisolated(unsafe) static var shared: Env? = nil

    static func program(_ lang: Lang, _ w: Int, _ h: Int, scenario: String) throws -> Program {
        if writing.contains(scenario) { return try program(lang, w, h) }
        if shared == nil { shared = try program(lang, w, h).env }
        return Program(state: AppState(lang: lang, width: w, height: h), env: shared!)
    }

    static func program(_ lang: Lang, _ w: Int, _ h: Int) throws -> Program {
        if template == nil {
            // The sample with its cache and search index saved, so that each copy opens fast.
            let t = try sampleArchive(now: now)
            let s = try ArchiveStore.open(t)
            let e = SearchEngine(store: s)
            e.prepare()
            e.flush()
            s.close()
            template = t
        }
        let path = NSTemporaryDirectory() + "dangan-golden-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.copyItem(atPath: template!, toPath: path)
        let store = try ArchiveStore.open(path)
        store.clock = { now }
        store.operatorName = "李敏"
        return Program(
            state: AppState(lang: lang, width: w, height: h), env: Env(store: store, search: SearchEngine(store: store))
        )
    }

    /// A desk's id is drawn at random when the archive is made; golden files show it as
    /// `dsk-` and 20 x's (the same width, so the styles still line up).
    static func golden(_ b: ScreenBuffer) -> String {
        let text = b.text.replacingOccurrences(
            of: #"dsk-[0-9a-z]{20}"#, with: "dsk-" + String(repeating: "x", count: 20), options: .regularExpression)
        var s = text + "\n---- styles\n" + b.styleMap + "\n---- cursor\n"
        s += b.cursor.map { "\($0.x),\($0.y)" } ?? "none"
        return s + "\n"
    }

    nonisolated(unsafe) static var computed: [(String, Lang, ScreenBuffer)]? = nil

    /// Every scenario's screen, by file name (computed once for the tests of this class).
    static func screens() throws -> [(String, Lang, ScreenBuffer)] {
        if let c = computed { return c }
        computed = try compute()
        return computed!
    }

    static func compute() throws -> [(String, Lang, ScreenBuffer)] {
        var out: [(String, Lang, ScreenBuffer)] = []
        for lang in Lang.allCases {
            for (w, h) in sizes {
                for (name, setup) in scenarios {
                    let p = try program(lang, w, h, scenario: name)
                    setup(p)
                    out.append(("\(name).\(lang.rawValue).\(w)x\(h).txt", lang, p.screen))
                }
            }
            let tiny = try program(lang, 30, 10)
            out.append(("too-small.\(lang.rawValue).30x10.txt", lang, tiny.screen))
        }
        return out
    }

    func testEveryViewMatchesItsGoldenScreen() throws {
        let update = ProcessInfo.processInfo.environment["DANGAN_UPDATE_GOLDEN"] == "1"
        let screens = try GoldenTests.screens()
        var names = Set<String>()
        for (file, _, b) in screens {
            names.insert(file)
            let path = GoldenTests.dir + "/" + file
            let got = GoldenTests.golden(b)
            if update {
                try FileManager.default.createDirectory(atPath: GoldenTests.dir, withIntermediateDirectories: true)
                try got.write(toFile: path, atomically: true, encoding: .utf8)
                continue
            }
            guard let want = try? String(contentsOfFile: path, encoding: .utf8) else {
                XCTFail("no golden screen \(file): run scripts/update-golden")
                continue
            }
            if got != want {
                let g = got.split(separator: "\n", omittingEmptySubsequences: false)
                let w = want.split(separator: "\n", omittingEmptySubsequences: false)
                let i = (0..<min(g.count, w.count)).first { g[$0] != w[$0] } ?? min(g.count, w.count)
                XCTFail(
                    """
                    \(file) differs at line \(i + 1):\n  want: \(i < w.count ? w[i] : "")\n  got:  \
                    \(i < g.count ? g[i] : "")\n\(b.text)
                    """
                )
            }
        }
        // No golden file is left over from a view that is gone.
        let files = Set((try? FileManager.default.contentsOfDirectory(atPath: GoldenTests.dir)) ?? []).filter {
            $0.hasSuffix(".txt")
        }
        if update {
            for f in files.subtracting(names) { try FileManager.default.removeItem(atPath: GoldenTests.dir + "/" + f) }
        } else {
            XCTAssertEqual(files.subtracting(names), [], "golden files without a view")
        }
    }

    /// No English word on the Chinese screens other than codes, ids, key names, the program's
    /// name and command, and what the archive itself holds (names typed in Latin letters).
    func testNoEnglishWordOnTheChineseScreens() throws {
        let p = try GoldenTests.program(.zh, 80, 24)
        var data = Set<String>()
        func addWords(_ s: String) {
            for w in s.split(whereSeparator: { !$0.isLetter || !$0.isASCII }) { data.insert(String(w)) }
        }
        for e in p.store.envelopes {
            addWords(e.owner)
            e.coOwners.forEach(addWords)
            e.tenants.forEach(addWords)
        }
        for s in p.store.settings.staff { addWords(s.name) }
        for c in p.store.cabinets { addWords(c.label) }
        let keyNames: Set<String> = [
            "Enter", "Esc", "Tab", "Tab", "PgUp", "PgDn", "Home", "End", "Ctrl", "Alt", "Shift", "CSV", "HTML",
            "English",
            "dangan", "settings", "operator", "check", "id", "staff", "edit", "whoami",
            // typed by the scenarios (pinyin, an English option word) and the OS user's name
            "zl", "in", "sfz", "root",
        ]
        for (file, lang, b) in try GoldenTests.screens() where lang == .zh {
            for token in b.text.split(whereSeparator: { $0 == " " || $0 == "\n" || !$0.isASCII }) {
                let t = String(token)
                // Codes and ids carry digits, dots, dashes or underscores; key names; one letter.
                if t.contains(where: { $0.isNumber || ".-_^[]/:~".contains($0) }) { continue }
                let word = t.filter { $0.isLetter }
                if word.count <= 1 || keyNames.contains(word) || data.contains(word) { continue }
                XCTFail("English word \"\(t)\" on the Chinese screen \(file):\n\(b.text)")
            }
        }
    }
}

/// The catalogue words every rule the model can name, and the TUI's other sources write no
/// UI words of their own.
final class CatalogueTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func testEveryRuleIdOfTheModelIsInTheCatalogue() throws {
        let dir = CatalogueTests.root + "/Sources/ArchiveModel"
        var ids = Set<String>()
        let re = try NSRegularExpression(
            pattern: #"(?:refuse|allow)\("([a-z\-]+\.[a-z\-]+)"|refused\(rule: "([a-z\-]+\.[a-z\-]+)""#)
        for f in FileManager.default.enumerator(atPath: dir)!.compactMap({ $0 as? String }) where f.hasSuffix(".swift")
        {
            let s = try String(contentsOfFile: dir + "/" + f, encoding: .utf8)
            for m in re.matches(in: s, range: NSRange(s.startIndex..., in: s)) {
                for g in 1...2 { if let r = Range(m.range(at: g), in: s) { ids.insert(String(s[r])) } }
            }
        }
        XCTAssertGreaterThan(ids.count, 40)
        XCTAssertEqual(ids.subtracting(T.Rule.known), [], "rule ids the catalogue does not word")
    }

    func testEachRuleReadsInOneLanguage() throws {
        let p = try sampleProgram()
        for id in T.Rule.known {
            let t = T.Rule.text(.refuse(id, "中文 (english)"), RuleContext(env: p.env))
            XCTAssertFalse(t.zh.contains("english") || t.zh.isEmpty, id)
            XCTAssertFalse(
                t.en.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF && !(t.zh.isEmpty) }
                    && id.hasPrefix("form."), id)
        }
        XCTAssertEqual(Gloss.split("文件已销毁 (the document was destroyed)"), Phrase("文件已销毁", "The document was destroyed"))
        XCTAssertEqual(Gloss.split("房号201不在3层 (unit 201 filed under floor 3)").zh, "房号201不在3层")
    }

    func testNoChineseTextOutsideTheCatalogue() throws {
        let dir = CatalogueTests.root + "/Sources/ArchiveTUI/TUI"
        let literal = try NSRegularExpression(pattern: #""(?:[^"\\\n]|\\.)*""#)
        for f in FileManager.default.enumerator(atPath: dir)!.compactMap({ $0 as? String })
        where f.hasSuffix(".swift") && !f.hasPrefix("Text/") {
            let s = try String(contentsOfFile: dir + "/" + f, encoding: .utf8)
            for m in literal.matches(in: s, range: NSRange(s.startIndex..., in: s)) {
                let lit = String(s[Range(m.range, in: s)!])
                if lit.unicodeScalars.contains(where: { $0.value >= 0x3400 && $0.value <= 0x9FFF }) {
                    // The values the archive stores (a destruction method, a refusal's record) are data, not UI words.
                    if ["\"粉碎\"", "\"焚毁\"", "\"送专业机构销毁\"", "\"不予批准\"", "\"借阅\"", "\"销毁\"", "\"移交\""].contains(lit) {
                        continue
                    }
                    XCTFail("UI text outside the catalogue in \(f): \(lit)")
                }
            }
        }
    }
}
