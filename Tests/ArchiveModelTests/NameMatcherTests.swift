import XCTest

@testable import ArchiveModel

/// Completion in forms matches staff names, departments and document kinds as owner search
/// matches owners.
final class NameMatcherTests: XCTestCase {
    let m = NameMatcher(["李敏", "王建国", "陈静", "赵磊", "刘洋", "孙丽", "欧阳明"])

    func names(_ q: String) -> [String] { m.matches(q).map { m.names[$0.index] } }

    func testHanziPinyinInitialsAndMixtures() {
        XCTAssertEqual(names("赵磊"), ["赵磊"])
        XCTAssertEqual(names("zhaolei"), ["赵磊"])
        XCTAssertEqual(names("zl"), ["赵磊"])
        XCTAssertEqual(names("赵l"), ["赵磊"])
        XCTAssertEqual(names("oym"), ["欧阳明"])
        // Names that start with it first (in list order), then those that hold it.
        XCTAssertEqual(names("l"), ["李敏", "刘洋", "赵磊", "孙丽"])
        XCTAssertEqual(m.matches("l").map(\.tier), [.prefix, .prefix, .substring, .substring])
        XCTAssertEqual(names(""), [])
        XCTAssertEqual(names("xyz"), [])
    }

    func testExactBeforePrefixAndHighlightRanges() {
        let k = NameMatcher(["身份证复印件", "购房合同复印件", "照片"])
        let hits = k.matches("sfz")
        XCTAssertEqual(hits.map { k.names[$0.index] }, ["身份证复印件"])
        XCTAssertEqual(hits[0].ranges, [0..<3])
        let f = k.matches("复印件")
        XCTAssertEqual(f.map { k.names[$0.index] }, ["身份证复印件", "购房合同复印件"])
        XCTAssertEqual(f[0].tier, .substring)
        let e = NameMatcher(["王建", "王建国"]).matches("wangjian")
        XCTAssertEqual(e.first?.index, 0, "the exact name first")
        XCTAssertEqual(e.first?.tier, .exact)
    }
}
