import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel
@testable import ArchiveTUI

/// The update function and the views, driven by messages as the terminal loop drives them.
final class BrowseTests: XCTestCase {
    func testMainScreenThreePanesTitleAndKeyBar() throws {
        let p = try sampleProgram()
        let b = p.screen
        XCTAssertTrue(b.line(0).contains("dangan"))
        XCTAssertTrue(b.line(0).contains("overdue 1"))
        XCTAssertTrue(b.text.contains("Cabinets (3)"))
        XCTAssertTrue(b.text.contains("Envelopes A (68)"))
        XCTAssertTrue(b.line(29).contains("? help"))
        XCTAssertTrue(b.line(29).contains("q quit"))
        // Pane dividers in the same columns on every pane row, CJK names or not.
        let cols = (2..<20).map { y in Array(b.line(y)).enumerated().filter { $0.element == "│" }.map { $0.offset } }
        XCTAssertEqual(Set(cols.map { $0.count }), [2])
        let widths = (2..<20).map { y -> Int in
            let l = b.line(y)
            return TextWidth.width(String(l[..<l.firstIndex(of: "│")!]))
        }
        XCTAssertEqual(Set(widths).count, 1, "\(widths)")
    }

    func testNavigationDetailInChinese() throws {
        let p = try sampleProgram(lang: .zh)
        p.keys(.right, .char("j"))
        let t = p.screen.text
        XCTAssertTrue(t.contains("档案袋 KH-"), t)
        XCTAssertTrue(t.contains("位置: A柜 → 1栋"))
        p.keys(.right)
        XCTAssertTrue(p.screen.text.contains("借阅记录") || p.screen.text.contains("应还"))
    }

    func testNarrowTerminalShowsFewerPanesAndTinyOneSaysSo() throws {
        let p = try sampleProgram()
        p.keys(.right)
        let two = p.text(60, 20)
        XCTAssertTrue(two.contains("Envelopes") && two.contains("Documents (") && !two.contains("Cabinets ("))
        for l in two.split(separator: "\n") { XCTAssertLessThanOrEqual(TextWidth.width(String(l)), 60) }
        let one = p.text(45, 16)
        XCTAssertTrue(one.contains("Envelopes") && !one.contains("Documents ("))
        XCTAssertTrue(p.text(30, 8).contains("The terminal is too small"))
    }

    func testSearchJumpsAndEscReturns() throws {
        let p = try sampleProgram()
        p.send(.char("/"))
        p.type("欧阳明")
        let b = p.screen
        XCTAssertTrue(b.text.contains("欧阳明"))
        XCTAssertTrue(b.line(28).hasPrefix("Find 欧阳明"), b.line(28))
        XCTAssertEqual(b.cursor?.y, 28)
        p.send(.enter)
        XCTAssertEqual(p.selectedEnvelope?.owner, "欧阳明")
        p.send(.char("/"))
        p.type("z")
        p.send(.esc)
        XCTAssertEqual(p.selectedEnvelope?.owner, "欧阳明")
        p.send(.char("/"))
        p.type("oym")
        XCTAssertTrue(p.screen.text.contains("欧阳明"))
        // Ctrl-U clears the query (readline keys in every text field).
        p.send(.ctrl("u"))
        XCTAssertTrue(p.screen.line(28).hasPrefix("Find"))
        XCTAssertFalse(p.screen.text.contains("欧阳明 "))
    }

    func testSearchLabelsTheMatchedFieldInTheUILanguage() throws {
        let p = try sampleProgram(lang: .zh)
        let co = p.store.envelopes.first { !$0.coOwners.isEmpty }!
        p.send(.char("/"))
        p.type(co.coOwners[0])
        let t = p.screen.text
        XCTAssertTrue(t.contains("共有人 " + co.coOwners[0]), t)
        XCTAssertFalse(t.contains("co-owner:"))
    }

    func testBarcodeScanJumpsAndSlowTypingDoesNot() throws {
        let p = try sampleProgram()
        let target = p.store.envelopes[150]
        for m in Burst.messages(target.barcode.map { Key.char($0) } + [.enter]) { p.send(m) }
        XCTAssertEqual(p.selectedEnvelope?.id, target.id)
        XCTAssertTrue(p.screen.text.contains("Scanned: " + target.barcode))
        for m in Burst.messages([.char("j")]) { p.send(m) }
        XCTAssertNotEqual(p.selectedEnvelope?.id, target.id)
        for m in Burst.messages("DA9999999999".map { Key.char($0) } + [.enter]) { p.send(m) }
        XCTAssertEqual(p.state.status?.kind, .error)
    }

    func testLanguageSwitchIsSavedAndEveryPhraseFollows() throws {
        let p = try sampleProgram()
        XCTAssertTrue(p.screen.text.contains("Cabinets (3)"))
        p.send(.char("T"))
        XCTAssertTrue(p.screen.text.contains("档案柜 (3)"))
        XCTAssertTrue(p.screen.text.contains("界面语言: 中文"))
        XCTAssertEqual(try ArchiveStore.open(p.store.root).settings.language, "zh")
        p.send(.char("T"))
        XCTAssertTrue(p.screen.text.contains("Cabinets (3)"))
    }

    func testHelpFitsAndScrolls() throws {
        let p = try sampleProgram(width: 80, height: 24)
        p.send(.char("?"))
        XCTAssertTrue(p.screen.text.contains("lend: the selected documents"))
        for _ in 0..<40 { p.send(.down) }
        XCTAssertTrue(p.screen.text.contains("late Nd overdue by N days"), p.screen.text)
        p.send(.char("x"))
        guard case .browse = p.state.mode else { return XCTFail("help did not close") }
    }

    /// `?` and `q` stay in the key bar in every pane and list mode, in both languages, at 80×24.
    func testKeyBarAlwaysShowsHelpAndQuit() throws {
        for lang in Lang.allCases {
            let p = try sampleProgram(width: 80, height: 24, lang: lang)
            let help = lang(T.Keys.help)
            let quit = lang(T.Keys.quit)
            func check(_ what: String) {
                let bar = p.screen.line(23)
                XCTAssertTrue(bar.contains("? " + help) && bar.contains("q " + quit), "\(lang) \(what): \(bar)")
            }
            check("cabinets")
            p.send(.right)
            check("envelopes")
            p.send(.right)
            check("documents")
            for k: Key in [.char("L"), .char("C"), .char("R")] {
                p.send(k)
                check("\(k)")
                p.send(.esc)
            }
            p.send(.char("R"))
            p.send(.enter)
            check("report")
            p.send(.esc)
            p.send(.esc)
            // The bar follows the pane: the documents pane offers lending and marking, the
            // envelopes pane lending the whole envelope and the filter.
            XCTAssertTrue(p.screen.line(23).contains("b " + lang(T.Keys.lend)))
            p.send(.left)
            XCTAssertTrue(p.screen.line(23).contains("b " + lang(T.Keys.lendEnvelope)))
            XCTAssertTrue(p.screen.line(23).contains("F " + lang(T.Keys.filter)))
        }
    }

    func testIndexBuildProgressInTheStatusLine() throws {
        let p = try sampleProgram(lang: .zh)
        p.send(.indexProgress(.init(done: 300, total: 600, finished: false)))
        XCTAssertTrue(p.screen.line(28).contains("正在建立查找索引 50%"), p.screen.line(28))
        p.send(.indexProgress(.init(done: 600, total: 600, finished: true)))
        XCTAssertFalse(p.screen.text.contains("正在建立查找索引"))
    }

    func testSalesOperatorSeesNamesOnly() throws {
        let p = try sampleProgram(operatorName: "孙丽")
        p.go(to: "欧阳明")
        let t = p.screen.text
        XCTAssertTrue(t.contains("Sales staff see names and titles only"), t)
        XCTAssertTrue(p.documents.isEmpty)
        XCTAssertFalse(t.contains("前期物业服务合同"))
        p.send(.char("R"))
        p.send(.enter)
        XCTAssertTrue(p.screen.text.contains("[role.sales]"), p.screen.text)
        p.send(.char("b"))
        guard case .browse = p.state.mode else { return XCTFail("a form opened for a sales operator") }
    }
}

final class FilterTests: XCTestCase {
    func testEnvelopeFilterOnLoanIncompleteBuildingFloorAndEscClears() throws {
        let p = try sampleProgram()
        p.send(.right)
        let all = p.state.envelopeCount(p.env)
        p.send(.char("F"))
        XCTAssertTrue(p.screen.text.contains("Filter envelopes — cabinet A"))
        p.type("inc")  // the state, picked by typing
        p.send(.enter)
        p.send(.enter)  // apply
        let inc = p.state.envelopeCount(p.env)
        XCTAssertGreaterThan(inc, 0)
        XCTAssertLessThan(inc, all)
        for i in 0..<inc { XCTAssertGreaterThan(p.store.envelopes[p.state.envelopePosition(i)].missing, 0) }
        XCTAssertTrue(p.screen.text.contains("Envelopes A \(inc)/\(all)"), p.screen.text)
        XCTAssertTrue(p.screen.text.contains("Filter: incomplete"))
        // Floor 2 only, any state.
        p.send(.char("F"))
        p.type("all")
        p.send(.enter)  // back to "all"
        p.send(.tab)
        p.send(.tab)
        p.type("floor 2")
        p.send(.enter)
        XCTAssertEqual((p.form as? FilterForm)?.floor.value, "2")
        p.send(.enter)
        XCTAssertGreaterThan(p.state.envelopeCount(p.env), 0)
        for i in 0..<p.state.envelopeCount(p.env) {
            XCTAssertEqual(p.store.envelopes[p.state.envelopePosition(i)].floor, "2")
        }
        p.send(.esc)
        XCTAssertEqual(p.state.envelopeCount(p.env), all)
        // On loan: exactly the envelopes with a document out.
        p.send(.char("F"))
        p.type("on loan")
        p.send(.enter)
        p.send(.enter)
        let out = Set(
            p.store.envelopes(inCabinet: "A").filter { (p.store.register.outByEnvelope[$0.id] ?? 0) > 0 }.map(\.id))
        XCTAssertEqual(
            Set((0..<p.state.envelopeCount(p.env)).map { p.store.envelopes[p.state.envelopePosition($0)].id }), out)
        XCTAssertTrue(p.screen.text.contains("L "), "the on-loan mark")
    }

    func testNarrowingAsYouTypeInEveryPane() throws {
        let p = try sampleProgram(lang: .zh)
        p.send(.right)
        p.send(.char("f"))
        p.type("oym")
        XCTAssertEqual(p.selectedEnvelope?.owner, "欧阳明")
        XCTAssertTrue(p.state.envelopeCount(p.env) < 5)
        p.send(.enter)
        XCTAssertTrue(p.screen.text.contains("过滤档案袋: oym"))
        p.send(.right)
        p.send(.char("f"))
        p.type("lsgl")
        XCTAssertEqual(p.state.documentCount(p.env), 1)
        XCTAssertEqual(p.state.document(0, p.env).kind, "临时管理规约")
        p.send(.esc)
        XCTAssertEqual(p.state.documentCount(p.env), p.documents.count)
        p.keys(.left, .esc)
        XCTAssertEqual(p.state.envelopeCount(p.env), 68)
        // Rooms narrow too (the search engine's numbers).
        p.send(.char("f"))
        p.type("1-20")
        p.send(.enter)
        XCTAssertEqual(p.state.envelopeCount(p.env), 4)
    }
}

final class FormTests: XCTestCase {
    func testBorrowFormRefusesOriginalsLendsCopiesAndAsksBeforeDiscarding() throws {
        let p = try sampleProgram()
        p.go(to: "欧阳明")
        p.send(.right)
        p.selectDocument(p.documents.firstIndex { $0.original }!)
        p.send(.char("b"))
        XCTAssertTrue(p.screen.text.contains("[original.in-room]"), p.screen.text)
        p.send(.char("q"))  // a stray key (one no staff name's pinyin starts with)
        p.send(.esc)
        XCTAssertTrue(p.screen.text.contains("Discard what you typed?"), p.screen.text)
        p.send(.char("n"))
        XCTAssertNotNil(p.form)
        p.send(.esc)
        p.send(.char("y"))
        XCTAssertNil(p.form)
        let copy = p.documents.firstIndex {
            !$0.original && $0.secrecy == .none && p.store.register.openByDocument[$0.id] == nil
        }!
        p.selectDocument(copy)
        p.send(.char("b"))
        p.type("赵磊")
        p.send(.tab)
        p.type("客服")
        p.send(.tab)
        p.type("核对")
        // A customer file: the service-centre head signs the form (issue 16's matrix, row group.customer).
        XCTAssertTrue(p.screen.text.contains("[group.customer]") && p.screen.text.contains("Refused"), p.screen.text)
        p.send(.tab)
        p.send(.tab)
        p.type("王建国")
        p.send(.tab)
        XCTAssertTrue(p.screen.text.contains("due " + TestClock.minute(plusDays: 3)), p.screen.text)
        p.send(.tab)
        p.send(.tab)
        p.send(.tab)
        p.send(.right)  // loan type → long
        XCTAssertTrue(p.screen.text.contains("due " + TestClock.minute(plusDays: 7)))
        p.send(.enter)
        XCTAssertEqual(p.store.state(of: p.documents[copy]), .onLoan)
        XCTAssertTrue(p.screen.text.contains("Lent 1 to 赵磊"), p.screen.text)
        XCTAssertTrue(p.screen.text.contains("out " + TestClock.minute(plusDays: 7).dropFirst(5).prefix(5)))
    }

    /// The messages wrap inside the form, one language only, at any width.
    func testRuleMessagesWrapInsideTheFormInOneLanguage() throws {
        for (lang, w) in [(Lang.zh, 80), (.en, 80), (.zh, 120), (.en, 120)] {
            let p = try sampleProgram(width: w, height: w == 80 ? 24 : 40, lang: lang)
            p.go(to: "欧阳明")
            p.send(.right)
            p.selectDocument(p.documents.firstIndex { $0.original }!)
            p.send(.char("b"))
            let b = p.screen
            let t = b.text
            // Inside the frame (between its corners) no line is cut.
            let top = (0..<b.height).first { y in (0..<b.width).contains { b[$0, y].line == .topLeft } }!
            let left = (0..<b.width).first { b[$0, top].line == .topLeft }!
            let right = (0..<b.width).first { b[$0, top].line == .topRight }!
            let bottom = (top..<b.height).first { b[left, $0].line == .bottomLeft }!
            for y in top...bottom {
                for x in left...right { XCTAssertNotEqual(b[x, y].text, "~", "a cut line in the form: \(t)") }
            }
            XCTAssertTrue(t.contains(lang == .zh ? "只供查阅" : "consulted in the room"), t)
            XCTAssertFalse(t.contains(lang == .zh ? "consulted" : "只供查阅"), t)
        }
    }

    func testWholeEnvelopeLoanListsLendableAndKeptDocuments() throws {
        let p = try sampleProgram()
        p.go(to: "欧阳明")  // focus on the envelopes pane
        let env = p.state.current!
        p.send(.char("b"))
        guard let f = p.form as? BorrowForm else { return XCTFail("no form") }
        XCTAssertTrue(f.whole)
        let t = p.screen.text
        XCTAssertTrue(t.contains("Lend the whole envelope — 1-201 欧阳明"), t)
        XCTAssertTrue(t.contains("kept") && t.contains("[original.in-room]"), t)
        XCTAssertTrue(f.lending.isEmpty, "customer files wait for the approver's name (group.customer)")
        p.type("zhaolei")
        XCTAssertTrue(p.screen.text.contains("赵磊"), "suggested from the staff list")
        p.send(.enter)  // take 赵磊
        p.send(.tab)
        p.send(.tab)
        p.type("办理过户")
        p.send(.tab)
        p.send(.tab)
        p.type("王建国")
        p.send(.tab)
        let lendable = (p.form as! BorrowForm).lending.map(\.id)
        XCTAssertFalse(lendable.isEmpty)
        p.send(.enter)
        XCTAssertNil(p.form, p.screen.text)
        let loan = p.store.register.open.last!.loan
        XCTAssertEqual(loan.envelope, env.id)
        XCTAssertEqual(Set(loan.documents), Set(lendable))
        XCTAssertEqual(loan.borrower, "赵磊")
        XCTAssertEqual(loan.department, "客户服务中心", "the department came with the borrower")
    }

    func testCompletionByPinyinInitialsAndHanziForApproverAndDepartment() throws {
        let p = try sampleProgram(lang: .zh)
        p.go(to: "欧阳明")
        p.send(.right)
        p.selectDocument(0)
        p.send(.char("b"))
        p.type("zl")
        XCTAssertEqual((p.form as? BorrowForm)?.chrome.popup?.candidates.map(\.value), ["赵磊"])
        p.send(.tab)  // takes it and moves on
        XCTAssertEqual((p.form as? BorrowForm)?.borrower.value, "赵磊")
        XCTAssertEqual((p.form as? BorrowForm)?.department.value, "客户服务中心")
        p.keys(.tab, .tab, .tab)  // → approver: approvers only
        p.type("w")
        XCTAssertEqual((p.form as? BorrowForm)?.chrome.popup?.candidates.map(\.value), ["王建国"])
        p.send(.ctrl("u"))
        p.type("陈")
        XCTAssertEqual((p.form as? BorrowForm)?.chrome.popup?.candidates.map(\.value), ["陈静"])
        XCTAssertTrue(p.screen.text.contains("部门经理"), "the title beside the name")
        p.send(.esc)
        XCTAssertNil((p.form as? BorrowForm)?.chrome.popup)
        XCTAssertNotNil(p.form, "Esc closes the suggestions first")
    }

    func testDocumentKindPickedByTyping() throws {
        let p = try sampleProgram()
        p.go(to: "欧阳明")
        let before = p.documents.count
        p.send(.char("a"))
        p.type("sfz")
        XCTAssertEqual((p.form as? DocumentForm)?.chrome.popup?.candidates.first?.label.zh, "身份证复印件")
        p.send(.enter)
        XCTAssertEqual((p.form as? DocumentForm)?.kind.value, "身份证复印件")
        p.send(.tab)
        p.type("补签页")
        p.keys(.tab, .tab)
        p.send(.ctrl("u"))
        p.type("x")
        p.send(.enter)
        XCTAssertTrue(p.screen.text.contains("Pages must be"), p.screen.text)
        p.send(.ctrl("u"))
        p.type("2")
        p.send(.enter)
        XCTAssertEqual(p.documents.count, before + 1)
        XCTAssertEqual(p.documents.last?.kind, "身份证复印件")
        XCTAssertEqual(p.documents.last?.secrecy, .confidential, "the kind's default secrecy")
    }

    func testEditEnvelopeValidatesInTheUILanguageAndNewEnvelopeTitleIsItsOwn() throws {
        let p = try sampleProgram(lang: .zh)
        p.go(to: "欧阳明")
        p.send(.char("e"))
        XCTAssertTrue(p.screen.text.contains("修改档案袋 — 1-201 欧阳明"))
        for _ in 0..<8 { p.send(.tab) }  // move-in date
        p.send(.ctrl("u"))
        p.type("2026/1/1")
        p.send(.enter)
        XCTAssertTrue(p.screen.text.contains("入住日期须为日期 YYYY-MM-DD"), p.screen.text)
        XCTAssertTrue(p.screen.text.contains("证件类型"), "the ID type is a field")
        XCTAssertFalse(p.screen.text.contains("must be a date"))
        p.send(.ctrl("u"))
        p.type("2026-01-01")
        for _ in 0..<4 { p.send(.tab) }  // unit
        p.send(.ctrl("u"))
        p.type("../x")
        p.send(.enter)
        XCTAssertTrue(p.screen.text.contains("房号只能包含字母"), p.screen.text)
        p.send(.ctrl("u"))
        p.type("201")
        p.send(.enter)
        XCTAssertNil(p.form)
        XCTAssertEqual(p.state.current?.moveIn, "2026-01-01")
        p.send(.char("n"))
        XCTAssertTrue(p.screen.text.contains("新建档案袋 — A柜"))
        XCTAssertFalse(p.screen.text.contains("新建档案袋 — A柜 1-201"))
        // The number and barcode offered are the next of the archive's scheme; typed over here.
        XCTAssertEqual((p.form as? EnvelopeForm)?.number.trimmed, p.store.nextEnvelopeNumber())
        XCTAssertEqual((p.form as? EnvelopeForm)?.barcode.trimmed, p.store.nextBarcode())
        p.send(.ctrl("u"))
        p.type("KH-NEW-1")
        p.keys(.tab, .tab)
        p.type("新业主")
        for _ in 0..<10 { p.send(.tab) }
        p.type("9901")
        p.send(.enter)
        XCTAssertEqual(p.state.current?.owner, "新业主")
        XCTAssertTrue(p.screen.text.contains("已新建档案袋 KH-NEW-1"))
    }

    /// On a short terminal the form's fields scroll with the focus.
    func testFormFieldsScrollOnAShortTerminal() throws {
        let p = try sampleProgram(width: 60, height: 16)
        p.go(to: "欧阳明")
        p.send(.char("e"))
        XCTAssertTrue(p.screen.text.contains("Number"))
        for _ in 0..<13 { p.send(.tab) }  // the note, the last field
        let t = p.screen.text
        XCTAssertTrue(t.contains("Note") && !t.contains("Number"), t)
        XCTAssertEqual(p.screen.cursor.map { p.screen.line($0.y).contains("Note") }, true)
        for l in t.split(separator: "\n") { XCTAssertLessThanOrEqual(TextWidth.width(String(l)), 60) }
    }

    func testDestroyAsksNamingWhatHappensAndRefusesByRule() throws {
        let p = try sampleProgram()
        p.go(to: "欧阳明")
        p.send(.right)
        p.selectDocument(0)  // a contract: kept
        p.send(.char("D"))
        p.type("陈静")
        p.send(.tab)
        p.type("过期")
        p.send(.enter)
        XCTAssertTrue(p.screen.text.contains("[destroy.kind]"), p.screen.text)
        p.send(.esc)
        p.send(.char("y"))
        // An expired complaint record can go, after the question.
        let path = p.store.root
        let env = p.state.current!
        let doc = Document(kind: "投诉记录", title: "2020 投诉", original: true, date: "2020-01-01", retention: "2021-01-01")
        _ = try p.store.addDocument(envelope: env.id, doc)
        p.send(.tick)
        p.selectDocument(p.documents.firstIndex { $0.kind == "投诉记录" }!)
        p.send(.char("D"))
        p.type("陈静")
        p.send(.tab)
        p.type("过期")
        p.send(.enter)
        let t = p.screen.text
        XCTAssertTrue(t.contains("will be destroyed") && t.contains("投诉记录") && t.contains("cannot be undone"), t)
        XCTAssertEqual(p.store.register.paperwork.disposals.count, 0, "nothing before the answer")
        p.send(.char("n"))
        XCTAssertNotNil(p.form)
        p.send(.enter)
        p.send(.char("y"))
        XCTAssertNil(p.form)
        XCTAssertEqual(try ArchiveStore.open(path).register.paperwork.disposals.count, 1)
        XCTAssertTrue(p.screen.text.contains("destroyed with 陈静's approval"), p.screen.text)
    }

    func testTransferAndChangeOfOwnershipAskFirst() throws {
        let p = try sampleProgram(lang: .zh)
        p.go(to: "单丽华")
        let id = p.state.current!.id
        p.send(.char("O"))
        p.type("新业主")
        p.send(.tab)
        p.type("KH-2026-NEW")
        p.send(.enter)
        XCTAssertTrue(p.screen.text.contains("将结档 1-402 单丽华"), p.screen.text)
        XCTAssertEqual(try p.store.envelope(id: id).status, .active)
        p.send(.char("y"))
        XCTAssertEqual(try p.store.envelope(id: id).status, .closed)
        XCTAssertEqual(p.state.current?.owner, "新业主")
        XCTAssertEqual(p.state.current?.previousEnvelope, id)
        // Whole-envelope transfer of the new one.
        p.send(.char("X"))
        XCTAssertTrue(p.screen.text.contains("整袋移交"))
        p.type("周明")
        p.send(.tab)
        p.type("新物业公司")
        p.send(.enter)
        // a hand-over needs the department head's approval
        XCTAssertTrue(p.screen.text.contains("请填写审批人"), p.screen.text)
        p.type("陈静")
        p.send(.tab)
        p.send(.enter)  // the focus is on the field to fill
        XCTAssertTrue(p.screen.text.contains("移交给 新物业公司 周明"), p.screen.text)
        p.send(.char("y"))
        XCTAssertEqual(p.state.current?.status, .transferred)
        XCTAssertTrue(p.screen.text.contains("R 打印移交签收表"), p.screen.text)
    }

    func testPhotocopyFlowInTheUI() throws {
        let p = try sampleProgram()
        p.go(to: "欧阳明")
        p.send(.right)
        p.selectDocument(
            p.documents.firstIndex { $0.kind == "前期物业服务合同" && $0.original && p.store.state(of: $0) == .present }!)
        let doc = p.selectedDocument!.id
        p.send(.char("c"))
        p.type("赵磊")
        p.send(.tab)
        p.send(.tab)
        p.type("办理产权")
        p.send(.enter)
        XCTAssertTrue(p.screen.text.contains("Photocopy request registered"), p.screen.text)
        p.send(.char("C"))
        XCTAssertTrue(p.screen.text.contains("to approve"), p.screen.text)
        p.send(.enter)
        p.type("刘洋")
        p.send(.enter)
        XCTAssertTrue(p.screen.text.contains("[approver.role]"), p.screen.text)
        p.send(.ctrl("u"))
        p.type("王建国")
        p.send(.enter)
        guard case .copies = p.state.mode else { return XCTFail("back to the register after a step") }
        XCTAssertEqual(p.store.state(of: try p.store.document(ref: doc).1), .copying)
        p.send(.enter)
        p.type("3")
        p.send(.enter)
        p.send(.enter)
        p.send(.enter)
        p.send(.enter)
        p.type("交赵磊")
        p.send(.enter)
        XCTAssertTrue(p.screen.text.contains("No photocopy in progress"), p.screen.text)
        XCTAssertEqual(p.store.register.copies.last?.stage, .settled)
    }
}

final class LoansDeskTests: XCTestCase {
    func testCirculationDeskRowsActionsAndBorrowerFilter() throws {
        let p = try sampleProgram(width: 80, height: 24, lang: .zh)
        p.send(.char("L"))
        guard case .loans(let d) = p.state.mode else { return XCTFail("no desk") }
        let outDocs = p.store.register.open.reduce(0) { $0 + $1.outstandingDocuments.count }
        XCTAssertEqual(d.all.count, outDocs, "one row per document out")
        let t = p.screen.text
        XCTAssertTrue(t.contains("借阅登记表 — 未归还 \(outDocs) 份, 逾期"), t)
        XCTAssertTrue(
            p.screen.line(2).contains("逾期") && p.screen.line(2).contains("房号") && p.screen.line(2).contains("应还时间"), t)
        // The first row is the overdue one, with its days, and the due date is whole.
        let first = d.all[0]
        XCTAssertNotNil(first.overdueDays)
        let row = p.screen.line(3)
        XCTAssertTrue(row.contains("逾\(first.overdueDays!)天") && row.contains(first.dueText), row)
        // Columns aligned by display width: the due date starts in the same column on every row.
        let cols = (3..<(3 + d.all.count)).map { y -> Int in
            let l = p.screen.line(y)
            return TextWidth.width(String(l[..<l.range(of: "20")!.lowerBound]))
        }
        XCTAssertEqual(Set(cols).count, 1, "\(cols)")
        // B: only this borrower; Esc: all again.
        p.send(.char("B"))
        guard case .loans(let d2) = p.state.mode else { return XCTFail() }
        XCTAssertTrue(d2.shown.allSatisfy { d2.all[$0].borrower == first.borrower })
        p.send(.esc)
        // Renew: refused when overdue, by its rule.
        p.send(.char("n"))
        XCTAssertTrue(p.screen.text.contains("[renew.overdue]"), p.screen.text)
        // Return from the desk, then back at the desk with one row fewer.
        p.send(.char("r"))
        XCTAssertNotNil(p.form as? ReturnForm)
        p.send(.enter)
        guard case .loans(let d3) = p.state.mode else { return XCTFail("not back at the desk") }
        XCTAssertEqual(d3.all.count, outDocs - 1)
        XCTAssertNil(p.store.register.openByDocument[first.document])
        // Renew a loan that is not overdue.
        let renewable = d3.shown.firstIndex { d3.all[$0].overdueDays == nil }!
        p.state.mode = .loans(
            {
                var x = d3
                x.cursor.selected = renewable
                return x
            }())
        let loan = d3.all[d3.shown[renewable]].loan
        let due = p.store.register.records[loan]!.due
        p.send(.char("n"))
        XCTAssertGreaterThan(p.store.register.records[loan]!.due, due)
        XCTAssertTrue(p.screen.text.contains("已续借"), p.screen.text)
        // P: the selected loan's slip, to print and sign.
        p.send(.char("P"))
        guard case .report(let slip) = p.state.mode else { return XCTFail("no slip") }
        XCTAssertEqual(slip.kind, .slip)
        XCTAssertTrue(
            slip.table.rows.joined().joined().contains(loan) || p.screen.text.contains("档案借阅单"), p.screen.text)
        p.send(.esc)
        guard case .loans = p.state.mode else { return XCTFail("Esc from the slip is not back at the desk") }
        // Enter jumps to the document.
        p.send(.enter)
        guard case .browse = p.state.mode else { return XCTFail("no jump") }
        XCTAssertEqual(p.state.focus, .documents)
    }

    func testNarrowingTheDeskByBorrowerPinyin() throws {
        let p = try sampleProgram()
        p.send(.char("L"))
        guard case .loans(let d) = p.state.mode else { return XCTFail() }
        let who = d.all[0].borrower
        let initials = who.unicodeScalars.compactMap { Pinyin.shared.readings($0).first?.first }.map(String.init)
            .joined()
        p.send(.char("f"))
        p.type(initials)
        p.send(.enter)
        guard case .loans(let d2) = p.state.mode else { return XCTFail() }
        XCTAssertFalse(d2.shown.isEmpty)
        XCTAssertTrue(d2.shown.contains(0))
    }
}

final class MouseTests: XCTestCase {
    func testWheelScrollsThePaneUnderThePointerNotTheFocusedOne() throws {
        let p = try sampleProgram(width: 100, height: 30)
        XCTAssertEqual(p.state.focus, .cabinets)
        let envPane = p.state.layout.panes(focus: .cabinets).first { $0.0 == .envelopes }!.1
        let cab = p.state[.cabinets].cursor
        for _ in 0..<10 { p.send(.mouse(MouseEvent(.wheelDown, x: envPane.x + 3, y: envPane.y + 5, at: 0))) }
        XCTAssertEqual(p.state.focus, .cabinets, "the wheel does not move the focus")
        XCTAssertEqual(p.state[.cabinets].cursor, cab)
        XCTAssertEqual(p.state[.envelopes].cursor.offset, 30)
        XCTAssertTrue(p.screen.text.contains(p.store.envelopes[30].owner))
        for _ in 0..<10 { p.send(.mouse(MouseEvent(.wheelUp, x: envPane.x + 3, y: envPane.y + 5, at: 0))) }
        XCTAssertEqual(p.state[.envelopes].cursor.offset, 0)
    }

    func testClickFocusesAndSelectsDoubleClickOpens() throws {
        let p = try sampleProgram(width: 100, height: 30)
        let envPane = p.state.layout.panes(focus: .cabinets).first { $0.0 == .envelopes }!.1
        p.send(.mouse(MouseEvent(.press, x: envPane.x + 2, y: envPane.y + 4, at: 1000)))
        XCTAssertEqual(p.state.focus, .envelopes)
        XCTAssertEqual(p.state[.envelopes].cursor.selected, 3)
        p.send(.mouse(MouseEvent(.press, x: envPane.x + 2, y: envPane.y + 4, at: 2000)))
        XCTAssertEqual(p.state.focus, .envelopes, "two clicks a second apart are not a double click")
        p.send(.mouse(MouseEvent(.press, x: envPane.x + 2, y: envPane.y + 4, at: 2200)))
        XCTAssertEqual(p.state.focus, .documents, "a double click opens the envelope")
    }
}

final class ReportViewTests: XCTestCase {
    func testInventoryReportInTheUILanguageScrollsAndSaves() throws {
        let p = try sampleProgram(width: 60, height: 20, lang: .zh)
        let runs = p.store.register.paperwork.inventories.count
        p.send(.char("I"))
        XCTAssertEqual(p.store.register.paperwork.inventories.count, runs + 1)
        let t = p.screen.text
        XCTAssertTrue(t.contains(p.store.info.name + " 档案盘点报告"), t)
        XCTAssertFalse(t.contains("(Inventory check)"))
        XCTAssertTrue(t.contains("缺件"))
        for l in t.split(separator: "\n") { XCTAssertLessThanOrEqual(TextWidth.width(String(l)), 60) }
        p.keys(.right, .right)
        XCTAssertFalse(p.screen.text.contains(p.store.info.name))
        p.send(.char("T"))  // English: title and headings follow
        XCTAssertTrue(p.screen.text.contains("Inventory check") || p.text().contains("Finding"))
        let dir = NSTemporaryDirectory() + "dangan-rep-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        setenv("DANGAN_REPORT_DIR", dir, 1)
        defer { unsetenv("DANGAN_REPORT_DIR") }
        p.send(.char("s"))
        XCTAssertTrue(p.screen.text.contains("Saved " + dir), p.screen.text)
        let saved = try FileManager.default.contentsOfDirectory(atPath: dir).filter {
            $0.hasPrefix("dangan-inventory-") && $0.hasSuffix(".csv")
        }
        XCTAssertEqual(saved.count, 1)
        let attrs = try FileManager.default.attributesOfItem(atPath: dir + "/" + saved[0])
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o600)
    }

    func testReportsMenuNarrowsByTyping() throws {
        let p = try sampleProgram(lang: .zh)
        p.send(.char("R"))
        p.send(.char("f"))
        p.type("jy")
        p.send(.enter)
        guard case .reports(let m) = p.state.mode else { return XCTFail() }
        XCTAssertEqual(m.shown.map { m.kinds[$0] }, [.register], "借阅登记表 by its initials")
        p.send(.enter)
        XCTAssertTrue(p.screen.text.contains("档案借阅登记表"), p.screen.text)
    }
}
