import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

final class SearchTests: XCTestCase {
    static let owners = [
        "张伟", "单丽华", "曾国强", "仇伟", "解芳", "欧阳明", "尉迟峰", "万俟云", "朴志勇", "区家豪", "查文",
        "翟洁", "乐天宇", "缪静", "覃海波", "盖磊", "王长江", "李重阳", "John Smith", "张伟华", "周伟", "诸葛明华",
    ]

    func makeStore() throws -> ArchiveStore {
        let path = tempDir("search")
        let store = try ArchiveStore.create(at: path, name: "s")
        try store.createCabinet(code: "A", label: "A", room: "")
        for (i, o) in SearchTests.owners.enumerated() {
            try store.createEnvelope(
                Envelope(
                    number: "KH-2020-\(String(format: "%05d", i + 1))", barcode: "DA\(String(format: "%010d", i + 1))",
                    cabinet: "A", building: "3", floor: String(i / 4 + 1), unit: "\(i / 4 + 1)0\(i % 4 + 1)", owner: o,
                    tenants: o == "周伟" ? ["陈单"] : []))
        }
        return store
    }

    func owners(_ store: ArchiveStore, _ q: String) -> [String] {
        SearchEngine(store: store).search(q, limit: 50).hits.map { store.envelopes[$0.index].owner }
    }

    /// The start-up parse of the reading table (bytes) against a plain reading of its text.
    func testReadingTableIsParsedWhole() {
        var want: [UInt32: [String]] = [:]
        var syllables = Set<Substring>()
        for line in PinyinTable.text.split(separator: "\n") {
            let parts = line.split(separator: "\t")
            guard parts.count == 2 else { continue }
            syllables.insert(parts[0])  // a syllable with many characters goes on over several lines
            for sc in parts[1].unicodeScalars where sc.value < 0x10000 {
                want[sc.value, default: []].append(String(parts[0]))
            }
        }
        let py = Pinyin.shared
        XCTAssertEqual(py.syllables.count, syllables.count)
        XCTAssertGreaterThan(want.count, 20_000)
        for (v, readings) in want {
            XCTAssertEqual(py.readings(Unicode.Scalar(v)!), readings, "U+\(String(v, radix: 16))")
        }
        XCTAssertEqual(py.readings("单"), ["chan", "dan", "shan"])
        // ü is written v, toned forms included (Unihan writes lǚ as U+01DA)
        XCTAssertEqual(py.readings("吕"), ["lv"])
        XCTAssertEqual(py.readings("女"), ["nv"])
        XCTAssertEqual(Set(py.readings("绿")), ["lu", "lv"])
        XCTAssertEqual(py.readings("略"), ["lve"])
        XCTAssertEqual(py.readings("a"), [])
    }

    /// The reading table against pypinyin (scripts/check-pinyin-table.py): surname characters,
    /// surname readings, compound surnames, ü. Skipped, saying so, without python3 and pypinyin.
    func testReadingTableAgreesWithPypinyin() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        func python(_ args: [String]) throws -> (Int32, String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3"] + args
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = pipe
            try p.run()
            let out = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: out, as: UTF8.self))
        }
        guard (try? python(["-c", "import pypinyin"]))?.0 == 0 else {
            throw XCTSkip(
                """
                python3 with pypinyin is not installed (pip install pypinyin): the reading table is not \
                compared with it here
                """
            )
        }
        let (code, out) = try python([root.appendingPathComponent("scripts/check-pinyin-table.py").path])
        XCTAssertEqual(code, 0, out)
        XCTAssertTrue(out.contains("no differences"), out)
    }

    func testMatchingRules() throws {
        let store = try makeStore()
        let cases: [(String, [String], [String])] = [  // query, must include, must exclude
            ("伟", ["张伟", "仇伟", "张伟华", "周伟"], ["单丽华"]),
            ("zhangwei", ["张伟", "张伟华"], ["周伟"]),
            ("zhang wei", ["张伟"], []),
            ("zhangw", ["张伟"], []),
            ("zw", ["张伟", "张伟华"], []),
            ("z伟", ["张伟", "张伟华"], []),  // initials mixed with hanzi
            ("zw华", ["张伟华"], ["张伟"]),
            ("zw伟", ["张伟", "张伟华", "周伟"], []),  // 伟 confirms the w already typed (周伟: z, w伟)
            ("zhangw伟", ["张伟"], []),
            ("z张w", ["张伟"], ["周伟"]),
            ("zhang伟", ["张伟"], []),
            ("shan", ["单丽华"], []),
            ("dan", [], ["单丽华"]),  // a surname is read as a surname
            ("zeng", ["曾国强"], []),
            ("qiu", ["仇伟"], []),
            ("xie", ["解芳"], []),
            ("piao", ["朴志勇"], []),
            ("ou", ["区家豪", "欧阳明"], []),
            ("zha", ["查文"], []),
            ("ge", ["盖磊"], []),
            ("qin", ["覃海波"], []),
            ("yue", ["乐天宇"], []),
            ("miao", ["缪静"], []),
            ("zhai", ["翟洁"], []),
            ("ouyang", ["欧阳明"], []),
            ("oym", ["欧阳明"], []),
            ("yuchi", ["尉迟峰"], []),
            ("moqi", ["万俟云"], []),
            ("zhuge", ["诸葛明华"], []),
            ("wangchangjiang", ["王长江"], []),  // 长 in a given name: any reading
            ("wangzhangjiang", ["王长江"], []),
            ("lichongyang", ["李重阳"], []),
            ("lizhongyang", ["李重阳"], []),
            ("john", ["John Smith"], []),
            ("SMITH", ["John Smith"], []),
            ("chendan", ["周伟"], []),  // tenants are searched; 单 elsewhere has every reading
        ]
        for (q, incl, excl) in cases {
            let got = owners(store, q)
            for i in incl { XCTAssertTrue(got.contains(i), "\(q) should find \(i), got \(got)") }
            for e in excl { XCTAssertFalse(got.contains(e), "\(q) should not find \(e), got \(got)") }
        }
    }

    func testRoomsNumbersBarcodes() throws {
        let store = try makeStore()
        let e = SearchEngine(store: store)
        func rooms(_ q: String) -> [String] { e.search(q, limit: 50).hits.map { store.envelopes[$0.index].roomCode } }
        XCTAssertEqual(rooms("3-201"), ["3-201"])
        XCTAssertEqual(rooms("3栋201"), ["3-201"])
        XCTAssertTrue(rooms("201").contains("3-201"))
        XCTAssertEqual(e.search("DA0000000007", limit: 5).hits.map { store.envelopes[$0.index].owner }, ["尉迟峰"])
        XCTAssertEqual(e.search("KH-2020-00003", limit: 5).hits.first.map { store.envelopes[$0.index].owner }, "曾国强")
    }

    func testRankingAndHighlight() throws {
        let store = try makeStore()
        let e = SearchEngine(store: store)
        let hits = e.search("zhangwei", limit: 10).hits
        XCTAssertEqual(hits.map { store.envelopes[$0.index].owner }.prefix(2), ["张伟", "张伟华"])
        XCTAssertEqual(hits[0].tier, .exact)
        XCTAssertEqual(hits[1].tier, .prefix)
        // exact, then prefix, then initials, then substring
        let w = e.search("张伟", limit: 10).hits
        XCTAssertEqual(w[0].tier, .exact)
        XCTAssertEqual(store.envelopes[w[0].index].owner, "张伟")
        XCTAssertEqual(e.search("zw", limit: 10).hits.first?.tier, .initials)
        let sub = e.search("伟", limit: 10).hits
        XCTAssertEqual(Set(sub.map { $0.tier }), [.substring])
        XCTAssertEqual(sub.map { store.envelopes[$0.index].owner }, ["张伟", "仇伟", "张伟华", "周伟"])  // filing order
        // highlight: 伟 in 张伟华 is the second character
        let h = sub.first { store.envelopes[$0.index].owner == "张伟华" }!
        XCTAssertEqual(h.ranges, [1..<2])
        let t = e.search("chendan", limit: 5).hits[0]
        XCTAssertEqual(t.fieldName, "tenant")
        XCTAssertEqual(t.ranges, [0..<2])
    }

    func testNarrowingGivesTheSameAsAFreshSearch() throws {
        let store = try makeStore()
        let typed = SearchEngine(store: store)
        var q = ""
        for c in "zhangwei" {
            q.append(c)
            let fresh = SearchEngine(store: store, persist: false).matches(q).map { $0.0 }
            XCTAssertEqual(typed.matches(q).map { $0.0 }, fresh, q)
        }
        while !q.isEmpty {
            q.removeLast()
            XCTAssertEqual(
                typed.matches(q).map { $0.0 }, SearchEngine(store: store, persist: false).matches(q).map { $0.0 })
        }
    }

    func testHostileQueriesDoNotCrash() throws {
        let store = try makeStore()
        let e = SearchEngine(store: store)
        for q in [
            "", " ", "\u{0}", "\u{1b}[2J", String(repeating: "z", count: 10_000), "👨‍👩‍👧", "\u{202e}abc", "e\u{301}", "..",
            "/",
        ] {
            _ = e.search(q, limit: 10)
        }
    }

    func testIndexIsReusedAcrossLoansAndRebuiltOnEdits() throws {
        let (s, e) = try makeArchive()
        let engine = SearchEngine(store: s)
        XCTAssertEqual(engine.search("zw", limit: 5).hits.first?.index, s.index(ofEnvelope: e.id))
        XCTAssertEqual(engine.builds, 1)
        let g = s.summaryGeneration
        _ = try s.borrow(
            LoanRequest(documents: [e.documents[1].id], borrower: "赵磊", purpose: "核对", approver: "王建国", type: .short))
        XCTAssertEqual(s.summaryGeneration, g)  // a loan changes no summary…
        _ = engine.search("zhang", limit: 5)
        XCTAssertEqual(engine.builds, 1)  // …so the index is reused
        try s.updateEnvelope(id: e.id) { $0.owner = "李雷" }
        XCTAssertNotEqual(s.summaryGeneration, g)
        // an edit is searchable at once
        XCTAssertEqual(engine.search("lilei", limit: 5).hits.first?.index, s.index(ofEnvelope: e.id))
        XCTAssertEqual(engine.builds, 1)  // updated in place, not rebuilt
        XCTAssertEqual(engine.updates, 1)  // its summary replaced in place (its place in the filing order is the same)
        XCTAssertEqual(engine.search("zw", limit: 5).total, 0)
    }

    /// Property: after any sequence of edits, moves and new envelopes, the index updated in place
    /// answers every query exactly as an index built from scratch.
    func testIncrementalUpdatesAgreeWithAFreshBuild() throws {
        let path = tempDir("inc")
        let t = TestClock.now
        try Generator(envelopes: 200, seed: 3, now: t).write(to: path)
        let s = try ArchiveStore.open(path)
        s.operatorName = "李敏"
        let engine = SearchEngine(store: s)
        _ = engine.search("z", limit: 1)
        var g = SeededGenerator(seed: 99)
        let names = ["张伟", "欧阳明", "单丽华", "Mary Smith", "王芳", "李雷", "司马文涛"]
        let queries = ["zw", "zhang", "欧阳", "oym", "shan", "mary", "1201", "3-1", "王", "lilei", "smwt", "KH-2"]
        for step in 0..<40 {
            let ids = s.envelopes.map { $0.id }
            let id = ids[Int.random(in: 0..<ids.count, using: &g)]
            switch step % 3 {
            case 0: try s.updateEnvelope(id: id) { $0.owner = names.randomElement(using: &g)! }
            // (Units no other envelope has: one unit, one active envelope.)
            case 1:
                try s.updateEnvelope(id: id) {
                    $0.floor = String(Int.random(in: 1...18, using: &g))
                    $0.unit = $0.floor + String(50 + step)
                }
            default:
                try s.createEnvelope(
                    Envelope(
                        number: "N-\(step)", barcode: "", cabinet: "B", building: "2", floor: "3",
                        unit: "3\(50 + step)",
                        owner: names.randomElement(using: &g)!))
            }
            let fresh = SearchEngine(store: s, persist: false)
            for q in queries {
                XCTAssertEqual(
                    engine.matches(q).map { [$0.0, UInt32($0.1.rawValue)] },
                    fresh.matches(q).map { [$0.0, UInt32($0.1.rawValue)] }, "step \(step) query \(q)")
            }
        }
        XCTAssertEqual(engine.builds, 1)
        XCTAssertGreaterThanOrEqual(engine.updates, 40)
    }
}
