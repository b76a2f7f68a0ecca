import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// The search index against its definition (the reference matcher), across processes, and the
/// ranking and highlighting rules as tables.
final class SearchIndexTests: XCTestCase {
    let now = TestClock.now

    /// Queries an archivist could type for an envelope: hanzi, readings, initials, prefixes,
    /// mixtures, rooms, numbers, barcodes.
    func queries(for s: EnvelopeSummary, _ g: inout SeededGenerator) -> [String] {
        let py = Pinyin.shared
        var out: [String] = []
        for name in [s.owner] + s.coOwners + s.tenants {
            let chars = Array(name)
            let readings = chars.map { c -> String in
                let r = c.unicodeScalars.count == 1 ? py.readings(c.unicodeScalars.first!) : []
                return r.isEmpty ? String(c).lowercased() : r[Int(g.next() % UInt64(r.count))]
            }
            let full = readings.joined()
            out.append(full)
            out.append(String(full.prefix(1 + Int(g.next() % UInt64(max(1, full.count))))))
            out.append(readings.map { String($0.prefix(1)) }.joined())
            out.append(name)
            if chars.count > 1 {
                out.append(String(chars[1...]))
                out.append(String(readings[0].prefix(2)) + String(chars[chars.count - 1]))
                out.append(readings.dropFirst().joined(separator: " "))
                // initials, the last one confirmed by its character (zw伟)
                out.append(readings.map { String($0.prefix(1)) }.joined() + String(chars[chars.count - 1]))
            }
        }
        out += [
            s.roomCode, String(s.roomCode.prefix(3)), s.unit, "\(s.building)栋\(s.unit)", s.number,
            String(s.number.prefix(7)),
            s.barcode, String(s.barcode.prefix(5)).lowercased(), String(s.number.suffix(5)),
        ]
        return out
    }

    func testIndexAgreesWithTheReferenceMatcher() throws {
        let path = tempDir("ref")
        try Generator(envelopes: 400, seed: 7, now: now).write(to: path)
        let s = try ArchiveStore.open(path)
        let engine = SearchEngine(store: s, persist: false)
        var g = SeededGenerator(seed: 2026)
        var qs: [String] = []
        for _ in 0..<60 { qs += queries(for: s.envelopes[Int(g.next() % UInt64(s.envelopes.count))], &g) }
        let letters = Array("abcdefghijklmnopqrstuwxyzv0123456789-")
        for _ in 0..<200 {
            qs.append(String((0..<(1 + Int(g.next() % 4))).map { _ in letters[Int(g.next() % UInt64(letters.count))] }))
        }
        qs += [
            "z", "zh", "zha", "zhan", "zhang", "w", "l", "李", "王", "1", "k", "kh-", "da0", "3-", "-", "栋", "ü", "lv",
            "lu", "nv",
        ]
        // Queries where a syllable can be split across two characters (the split tier).
        qs += [
            "xian", "wang", "hang", "han", "lan", "sha", "huang", "liang", "lma", "xiao", "jian", "zhangw", "chen",
            "yang", "ming",
        ]
        // Phone numbers: the operator is an archivist, who may see them.
        s.operatorName = "李敏"
        for _ in 0..<30 {
            let e = try s.envelope(id: s.envelopes[Int(g.next() % UInt64(s.envelopes.count))].id)
            guard let p = e.phones.first else { continue }
            let d = String(p.filter(\.isNumber))
            qs += [String(d.suffix(4)), String(d.suffix(6)), d, p, String(d.prefix(4))]
        }
        var nonEmpty = 0
        var total = 0
        for q in qs {
            let got = engine.matches(q).map { [$0.0, UInt32($0.1.rawValue), UInt32($0.2)] }
            let want = engine.referenceMatches(q).map { [$0.0, UInt32($0.1.rawValue), UInt32($0.2)] }
            XCTAssertEqual(got, want, "query \(q)")
            if !want.isEmpty { nonEmpty += 1 }
            total += want.count
            // The first page is the best of the full list: tier, then owner / co-owner / tenant,
            // then filing order.
            let page = engine.search(q, limit: 10)
            let best = want.sorted { ($0[1], $0[2], $0[0]) < ($1[1], $1[2], $1[0]) }.prefix(10).map { [$0[0], $0[1]] }
            XCTAssertEqual(page.hits.map { [UInt32($0.index), UInt32($0.tier.rawValue)] }, Array(best), "page of \(q)")
            XCTAssertEqual(page.total, want.count, "total of \(q)")
        }
        XCTAssertGreaterThan(nonEmpty, qs.count / 2)  // the queries do find things
        print("search reference: \(qs.count) queries, \(nonEmpty) with matches, \(total) matches compared")
    }

    func testSavedIndexIsLoadedCaughtUpAndRebuiltOnlyWhenItMustBe() throws {
        let path = tempDir("saved")
        try Generator(envelopes: 300, seed: 11, now: now).write(to: path)
        let a = try ArchiveStore.open(path)
        a.operatorName = "李敏"
        let ea = SearchEngine(store: a)
        let first = ea.search("zhang", limit: 20)
        XCTAssertEqual(ea.builds, 1)
        ea.flush()  // the image is saved on another thread
        var st = stat()
        XCTAssertEqual(stat(path + "/" + SearchFiles.baseName, &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)

        // Another process: loads, does not build, answers the same.
        func fresh() throws -> (ArchiveStore, SearchEngine) {
            let s = try ArchiveStore.open(path)
            return (s, SearchEngine(store: s))
        }
        var (b, eb) = try fresh()
        XCTAssertEqual(
            eb.search("zhang", limit: 20).hits.map { b.envelopes[$0.index].id },
            first.hits.map { a.envelopes[$0.index].id })
        XCTAssertEqual(eb.loads, 1)
        XCTAssertEqual(eb.builds, 0)

        // Edits and loans by the first process: the others catch up from the journal.
        let id = a.envelopes[17].id
        try a.updateEnvelope(id: id) {
            $0.owner = "李雷"
            $0.tenants = ["Mary Smith"]
        }
        (b, eb) = try fresh()
        XCTAssertEqual(eb.search("lilei", limit: 5).hits.first.map { b.envelopes[$0.index].id }, id)
        XCTAssertEqual(eb.loads, 1)
        XCTAssertEqual(eb.builds, 0)
        for q in ["lilei", "zhang", "mary", "ll", "1201", "KH-20"] {
            XCTAssertEqual(
                eb.matches(q).map { [$0.0, UInt32($0.1.rawValue)] },
                eb.referenceMatches(q).map { [$0.0, UInt32($0.1.rawValue)] }, q)
            // Without opening the archive: the same answer.
            let quick = try XCTUnwrap(QuickSearch.search(root: path, query: q, limit: 1000), q)
            let full = eb.search(q, limit: 1000)
            XCTAssertEqual(quick.total, full.total, q)
            XCTAssertEqual(quick.hits.map { $0.record.id }, full.hits.map { b.envelopes[$0.index].id }, q)
            XCTAssertEqual(quick.hits.map { $0.ranges }, full.hits.map { $0.ranges }, q)
        }

        // A new household in a new unit folder: the writer rewrites the cache, so the next
        // process neither rescans nor rebuilds.
        let e = try a.createEnvelope(
            Envelope(
                number: "KH-2026-99999", barcode: "DA9999999999", cabinet: a.cabinets[0].code, building: "1",
                floor: "77", unit: "7701", owner: "东方明珠"))
        (b, eb) = try fresh()
        XCTAssertTrue(b.openedFromCache)
        XCTAssertEqual(eb.search("dfmz", limit: 5).hits.first.map { b.envelopes[$0.index].id }, e.id)
        XCTAssertEqual(eb.builds, 0)
        XCTAssertEqual(QuickSearch.search(root: path, query: "7701", limit: 5)?.hits.first?.record.id, e.id)

        // A damaged index file is never trusted: the quick path declines, a full open rebuilds.
        let f = path + "/" + SearchFiles.baseName
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: f)))
        bytes[bytes.count / 2] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: f))
        XCTAssertNil(QuickSearch.search(root: path, query: "lilei", limit: 5))
        (b, eb) = try fresh()
        XCTAssertEqual(eb.search("lilei", limit: 5).hits.first.map { b.envelopes[$0.index].id }, id)
        XCTAssertEqual(eb.builds, 1)
        eb.flush()
        XCTAssertNotNil(QuickSearch.search(root: path, query: "lilei", limit: 5))

        // A new cabinet changes the filing order: built again.
        try a.createCabinet(code: "ZZ", label: "新柜", room: "档案室")
        XCTAssertNil(QuickSearch.search(root: path, query: "lilei", limit: 5))
        (b, eb) = try fresh()
        _ = eb.search("zw", limit: 5)
        XCTAssertEqual(eb.builds, 1)

        // A full scan starts a new epoch: nothing derived before it is trusted.
        let scanned = try ArchiveStore.open(path, useCache: false)
        let es = SearchEngine(store: scanned)
        _ = es.search("zw", limit: 5)
        XCTAssertEqual(es.builds, 1)
    }

    /// Ranking and highlighting, as a table: every row names the query, and for the first
    /// results the owner, the tier, the field that matched and the characters highlighted.
    func testRankingAndHighlightTable() throws {
        let path = tempDir("rank")
        let s = try ArchiveStore.create(at: path, name: "r")
        try s.createCabinet(code: "A", label: "A", room: "")
        let rows: [(String, [String], [String])] = [  // owner, co-owners, tenants — filed in this order
            ("周张伟", [], []), ("张伟华", [], []), ("章维", [], []), ("张伟", [], []), ("王芳", ["张伟"], []),
            ("John Smith", [], []), ("单丽华", [], []), ("单于明", [], []), ("陈单", [], []), ("欧阳明", [], []),
        ]
        for (i, r) in rows.enumerated() {
            try s.createEnvelope(
                Envelope(
                    number: "KH-2019-\(String(format: "%05d", i + 40))",
                    barcode: "DA00031200\(String(format: "%02d", i))",
                    cabinet: "A", building: "3", floor: "12", unit: "12\(String(format: "%02d", i + 1))",
                    owner: r.0, coOwners: r.1, tenants: r.2))
        }
        let engine = SearchEngine(store: s)
        typealias Row = (String, MatchTier, String, [Range<Int>])  // owner, tier, field, highlight
        let table: [(String, [Row])] = [
            (
                "zhangwei",
                [
                    ("章维", .exact, "owner", [0..<2]), ("张伟", .exact, "owner", [0..<2]),
                    ("王芳", .exact, "co-owner", [0..<2]),
                    ("张伟华", .prefix, "owner", [0..<2]), ("周张伟", .substring, "owner", [1..<3]),
                ]
            ),
            (
                "张伟",
                [
                    ("张伟", .exact, "owner", [0..<2]), ("王芳", .exact, "co-owner", [0..<2]),
                    ("张伟华", .prefix, "owner", [0..<2]),
                    ("周张伟", .substring, "owner", [1..<3]),
                ]
            ),
            (
                "zw",
                [
                    ("张伟华", .initials, "owner", [0..<2]), ("章维", .initials, "owner", [0..<2]),
                    ("张伟", .initials, "owner", [0..<2]),
                    ("王芳", .initials, "co-owner", [0..<2]), ("周张伟", .substring, "owner", [1..<3]),
                ]
            ),
            (
                "伟",
                [
                    ("周张伟", .substring, "owner", [2..<3]), ("张伟华", .substring, "owner", [1..<2]),
                    ("张伟", .substring, "owner", [1..<2]),
                    ("王芳", .substring, "co-owner", [1..<2]),
                ]
            ),
            (
                "z伟",
                [
                    ("张伟华", .initials, "owner", [0..<2]), ("张伟", .initials, "owner", [0..<2]),
                    ("王芳", .initials, "co-owner", [0..<2]),
                    ("周张伟", .substring, "owner", [1..<3]),
                ]
            ),
            (
                "zw伟",
                [
                    ("张伟华", .initials, "owner", [0..<2]), ("张伟", .initials, "owner", [0..<2]),
                    ("王芳", .initials, "co-owner", [0..<2]),
                    ("周张伟", .substring, "owner", [1..<3]),
                ]
            ),  // 伟 confirms the w: not 章维
            ("shanlh", [("单丽华", .initials, "owner", [0..<3])]),
            ("shan", [("单丽华", .prefix, "owner", [0..<1])]),  // 单 as a surname reads shan…
            ("chanyu", [("单于明", .prefix, "owner", [0..<2])]),  // …but 单于 is the compound surname Chanyu
            ("chendan", [("陈单", .exact, "owner", [0..<2])]),  // elsewhere 单 has every reading
            ("oym", [("欧阳明", .initials, "owner", [0..<3])]),
            ("SMITH", [("John Smith", .substring, "owner", [5..<10])]),
            ("john s", [("John Smith", .prefix, "owner", [0..<6])]),
            ("1204", [("张伟", .substring, "room", [2..<6])]),
            ("3-1204", [("张伟", .exact, "room", [0..<6])]),
            ("3栋1204", [("张伟", .exact, "room", [0..<6])]),
            ("kh-2019-00043", [("张伟", .exact, "number", [0..<13])]),
            ("00043", [("张伟", .substring, "number", [8..<13])]),
            ("da0003120003", [("张伟", .exact, "barcode", [0..<12])]),
        ]
        for (q, want) in table {
            let got = engine.search(q, limit: want.count).hits
            XCTAssertEqual(got.count, want.count, q)
            for (h, w) in zip(got, want) {
                XCTAssertEqual(s.envelopes[h.index].owner, w.0, "\(q): order")
                XCTAssertEqual(h.tier, w.1, "\(q): tier of \(w.0)")
                XCTAssertEqual(h.fieldName, w.2, "\(q): field of \(w.0)")
                XCTAssertEqual(h.ranges, w.3, "\(q): highlight in \(h.text)")
            }
        }
        // not 单丽华 (shan), not 单于明 (chan)
        XCTAssertEqual(engine.search("dan", limit: 10).hits.map { s.envelopes[$0.index].owner }, ["陈单"])
    }

    /// The cases of issue 19 (ü, surnames with two readings, split syllables, phones) and of
    /// issue 18 (owners before co-owners before tenants) as a table: for every query, the first
    /// results with their tier and field, from the index and from the reference matcher alike.
    func testOfficeCasesTable() throws {
        let path = tempDir("office")
        let s = try ArchiveStore.create(at: path, name: "o", settings: Settings(staff: Generator.sampleStaff))
        s.operatorName = "李敏"  // an archivist: may see phone numbers
        try s.createCabinet(code: "A", label: "A", room: "")
        let rows: [(String, [String], [String], [String])] = [  // owner, co-owners, tenants, phones — in filing order
            ("王慧", ["欧阳新悦"], [], []), ("欧阳明", [], [], []), ("欧阳娜", [], [], []), ("李雪", [], ["陈晓"], []),
            ("陈娜勇", [], [], []), ("刘芳", ["张敏"], [], []), ("张伟", [], [], []), ("吕云", [], [], []), ("张女律", [], [], []),
            ("乐天", [], [], []), ("覃海波", [], [], []), ("翟洁", [], [], []), ("盖磊", [], [], []), ("单于明", [], [], []),
            ("叶曾行", [], [], []), ("王长江", [], [], []), ("何小安", [], [], []), ("冼明", [], [], []),
            ("周静", [], [], ["138-1234-5678"]), ("孙丽", [], [], ["0755 8888 1234", "13900001111"]),
        ]
        for (i, r) in rows.enumerated() {
            try s.createEnvelope(
                Envelope(
                    number: "KH-2019-\(String(format: "%05d", i + 1))", barcode: "DA99\(String(format: "%08d", i + 1))",
                    cabinet: "A", building: "5", floor: "1", unit: "1\(String(format: "%02d", i + 1))",
                    owner: r.0, coOwners: r.1, tenants: r.2, phones: r.3))
        }
        let engine = SearchEngine(store: s)
        typealias Row = (String, MatchTier, String)  // owner, tier, field
        let table: [(String, [Row])] = [
            // ü typed as v (every pinyin keyboard) or as u
            ("lv", [("吕云", .prefix, "owner"), ("张女律", .substring, "owner")]),
            ("lvyun", [("吕云", .exact, "owner")]),
            ("luyun", [("吕云", .exact, "owner")]),
            ("zhangnvlv", [("张女律", .exact, "owner")]),
            ("zhangnulu", [("张女律", .exact, "owner")]),
            // surnames said two ways
            ("letian", [("乐天", .exact, "owner")]), ("yuetian", [("乐天", .exact, "owner")]),
            ("qinhaibo", [("覃海波", .exact, "owner")]), ("tanhaibo", [("覃海波", .exact, "owner")]),
            ("zhaijie", [("翟洁", .exact, "owner")]), ("dijie", [("翟洁", .exact, "owner")]),
            ("gelei", [("盖磊", .exact, "owner")]), ("gailei", [("盖磊", .exact, "owner")]),
            ("chanyuming", [("单于明", .exact, "owner")]), ("shanyuming", [("单于明", .exact, "owner")]),
            ("danyuming", []),
            // a whole syllable is not split into an initial and another syllable at a real match's tier
            (
                "zhang",
                [
                    ("张伟", .prefix, "owner"), ("张女律", .prefix, "owner"), ("刘芳", .prefix, "co-owner"),
                    ("王长江", .substring, "owner"), ("叶曾行", .split, "owner"),
                ]
            ),
            ("xian", [("冼明", .prefix, "owner"), ("何小安", .split, "owner")]),
            ("zhangw", [("张伟", .prefix, "owner")]),
            ("zx", [("叶曾行", .substring, "owner")]),  // initials that split nothing stay real
            // owners, then co-owners, then tenants, whatever the filing order
            ("欧阳", [("欧阳明", .prefix, "owner"), ("欧阳娜", .prefix, "owner"), ("王慧", .prefix, "co-owner")]),
            ("ouyang", [("欧阳明", .prefix, "owner"), ("欧阳娜", .prefix, "owner"), ("王慧", .prefix, "co-owner")]),
            ("chen", [("陈娜勇", .prefix, "owner"), ("李雪", .prefix, "tenant")]),
            ("张", [("张伟", .prefix, "owner"), ("张女律", .prefix, "owner"), ("刘芳", .prefix, "co-owner")]),
            // phones: the whole number, or its last four digits or more
            ("5678", [("周静", .substring, "phone")]),
            ("345678", [("周静", .substring, "phone")]),
            ("13812345678", [("周静", .exact, "phone")]),
            ("138-1234-5678", [("周静", .exact, "phone")]),
            ("1234", [("孙丽", .substring, "phone")]),
            ("075588881234", [("孙丽", .exact, "phone")]),
            ("1111", [("孙丽", .substring, "phone")]),
            ("1381234", []),  // the first digits are not a way in
            ("678", []),  // nor fewer than four
        ]
        for (q, want) in table {
            let got = engine.search(q, limit: 10).hits
            XCTAssertEqual(got.map { s.envelopes[$0.index].owner }, want.map { $0.0 }, "\(q): results")
            for (h, w) in zip(got, want) {
                XCTAssertEqual(h.tier, w.1, "\(q): tier of \(w.0)")
                XCTAssertEqual(h.fieldName, w.2, "\(q): field of \(w.0)")
            }
            // The reference matcher, ranked by the same rule, says the same.
            let ref = engine.referenceMatches(q).sorted { ($0.1, $0.2, $0.0) < ($1.1, $1.2, $1.0) }
            XCTAssertEqual(ref.map { s.envelopes[Int($0.0)].owner }, want.map { $0.0 }, "\(q): reference")
            XCTAssertEqual(ref.map { $0.1 }, want.map { $0.1 }, "\(q): reference tiers")
            XCTAssertEqual(
                engine.matches(q).map { [$0.0, UInt32($0.1.rawValue), UInt32($0.2)] },
                engine.referenceMatches(q).map { [$0.0, UInt32($0.1.rawValue), UInt32($0.2)] },
                "\(q): index = reference")
        }
        // The matched digits are highlighted.
        let h = try XCTUnwrap(engine.search("5678", limit: 1).hits.first)
        XCTAssertEqual(h.text, "138-1234-5678")
        XCTAssertEqual(h.ranges, [9..<13])
        // Phones are searched only for a role that may see them.
        for op in ["赵磊", "孙丽", "nobody"] {
            s.operatorName = op
            XCTAssertEqual(engine.search("5678", limit: 5).total, 0, op)
            XCTAssertEqual(engine.referenceMatches("13812345678").count, 0, op)
        }
        s.operatorName = "王建国"  // an approver
        XCTAssertEqual(engine.search("5678", limit: 5).hits.map { s.envelopes[$0.index].owner }, ["周静"])
        // Without opening the archive (the CLI's quick path), the saved index answers the same,
        // for the person the staff list maps this process's login to (here the archivist, who
        // made the archive).
        engine.flush()
        s.operatorName = "李敏"
        let me = ArchiveStore.osUser()
        XCTAssertEqual(s.settings.person(login: me)?.name, "李敏")
        s.close()
        // a cache and index for the quick path
        _ = SearchEngine(store: try ArchiveStore.open(path)).search("x", limit: 1)
        let quick = try XCTUnwrap(QuickSearch.search(root: path, query: "欧阳", limit: 5))
        XCTAssertEqual(quick.hits.map { $0.record.owner }, ["欧阳明", "欧阳娜", "王慧"])
        XCTAssertEqual(
            try XCTUnwrap(QuickSearch.search(root: path, query: "5678", limit: 5)).hits.map { $0.record.owner }, ["周静"])
        // The login moved to 赵磊 (staff): no phones. The settings' old operator field changes nothing.
        try s.editStaff("李敏", addLogins: ["li.min"])
        try s.editStaff("李敏", removeLogins: [me])
        try s.editStaff("赵磊", addLogins: [me])
        s.operatorName = "李敏"
        try s.updateSettings { $0.operator = "李敏" }
        XCTAssertEqual(try XCTUnwrap(QuickSearch.search(root: path, query: "5678", limit: 5)).total, 0)
    }

    /// Damaged index files are never trusted and never read past: random flips, truncations and
    /// splices are refused by the checksum; the same damage with the checksum recomputed (as a
    /// bug in a writer would leave it) is refused by the bounds checks or, where the file stays
    /// well formed, answers queries without crashing. A damaged delta is ignored whole.
    func testDamagedIndexFilesAreRefusedOrHarmless() throws {
        let path = tempDir("fuzzidx")
        try Generator(envelopes: 120, seed: 5, now: now).write(to: path)
        let s = try ArchiveStore.open(path)
        let e = SearchEngine(store: s)
        _ = e.search("zhang", limit: 5)
        e.flush()
        try s.updateEnvelope(id: s.envelopes[3].id) { $0.owner = "李雷" }
        _ = e.search("lilei", limit: 5)  // writes the delta
        let basePath = path + "/" + SearchFiles.baseName
        let deltaPath = path + "/" + SearchFiles.deltaName
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: basePath)))
        let goodDelta = [UInt8](try Data(contentsOf: URL(fileURLWithPath: deltaPath)))
        var g = SeededGenerator(seed: 77)
        let cases = Int(ProcessInfo.processInfo.environment["DANGAN_FUZZ_CASES"] ?? "") ?? 150
        var refusedByChecksum = 0
        var refusedByBounds = 0
        var accepted = 0
        func mutate(_ b: [UInt8]) -> [UInt8] {
            var m = b
            switch g.next() % 4 {
            case 0:
                for _ in 0..<(1 + Int(g.next() % 4)) {
                    let i = Int(g.next() % UInt64(m.count))
                    m[i] ^= UInt8(1 << (g.next() % 8))
                }
            case 1: m = Array(m.prefix(Int(g.next() % UInt64(m.count))))
            case 2:
                let i = Int(g.next() % UInt64(m.count))
                m[i] = [0, 0xFF, 0x7F, 0x80][Int(g.next() % 4)]
            default:
                let a = Int(g.next() % UInt64(m.count))
                let b = Int(g.next() % UInt64(m.count))
                m.replaceSubrange(min(a, b)..<max(a, b), with: m[min(a, b)..<max(a, b)].reversed())
            }
            return m
        }
        func withChecksum(_ b: [UInt8]) -> [UInt8] {
            guard b.count > 16 else { return b }
            let p = UnsafeMutableRawPointer.allocate(byteCount: b.count, alignment: 16)
            b.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: b.count) }
            let img = FlatImage(bytes: p, size: b.count)
            var out = b
            withUnsafeBytes(of: img.checksum()) { out.replaceSubrange((b.count - 8)..<b.count, with: $0) }
            return out
        }
        for i in 0..<cases {
            var m = mutate(good)
            if i % 2 == 1 { m = withChecksum(m) }
            try Data(m).write(to: URL(fileURLWithPath: basePath))
            try Data(i % 3 == 0 ? mutate(goodDelta) : goodDelta).write(to: URL(fileURLWithPath: deltaPath))
            let p = UnsafeMutableRawPointer.allocate(byteCount: max(1, m.count), alignment: 16)
            m.withUnsafeBytes { if $0.count > 0 { p.copyMemory(from: $0.baseAddress!, byteCount: m.count) } }
            var refused = false
            do {
                _ = try BaseIndex(image: FlatImage(bytes: p, size: m.count))
                accepted += 1
            } catch let x as BaseIndex.Invalid {
                refused = true
                if x.reason.contains("checksum") { refusedByChecksum += 1 } else { refusedByBounds += 1 }
            }
            // Whatever the file, a new process answers (from a rebuilt index when refused).
            let fresh = try ArchiveStore.open(path)
            let fe = SearchEngine(store: fresh)
            let q = ["zhang", "李雷", "1201", "kh-20", "w"][i % 5]
            let r = fe.search(q, limit: 10)
            fe.flush()
            XCTAssertLessThanOrEqual(r.hits.count, 10)
            if refused {  // rebuilt: the right answer, not merely an answer
                XCTAssertEqual(
                    fe.matches(q).map { [$0.0, UInt32($0.1.rawValue)] },
                    fe.referenceMatches(q).map { [$0.0, UInt32($0.1.rawValue)] }, "case \(i): \(q)")
            }
            _ = QuickSearch.search(root: path, query: "zw", limit: 5)
        }
        // The untouched files give exactly the reference answer again.
        try Data(good).write(to: URL(fileURLWithPath: basePath))
        try Data(goodDelta).write(to: URL(fileURLWithPath: deltaPath))
        let fresh = try ArchiveStore.open(path)
        let ef = SearchEngine(store: fresh)
        for q in ["lilei", "zhang", "zw", "1201"] {
            XCTAssertEqual(
                ef.matches(q).map { [$0.0, UInt32($0.1.rawValue)] },
                ef.referenceMatches(q).map { [$0.0, UInt32($0.1.rawValue)] }, q)
        }
        XCTAssertGreaterThan(refusedByChecksum, 0)
        XCTAssertGreaterThan(refusedByBounds, 0)
        print(
            """
            fuzz search index: \(cases) damaged files: \(refusedByChecksum) refused by the checksum, \
            \(refusedByBounds) by the bounds checks, \(accepted) well formed and answered
            """
        )
    }
}
