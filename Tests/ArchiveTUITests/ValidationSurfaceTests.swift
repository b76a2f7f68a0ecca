import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel
@testable import ArchiveTUI

/// The same input is refused with the same message in the command line, import and the UI's
/// forms (issue 15, point 8): all three go through `Validate`.
final class ValidationSurfaceTests: XCTestCase {
    func testSameMessageInCommandLineImportAndForms() throws {
        let path = sample("valid-surfaces")
        let tomorrow = TestClock.timeFormat.day(TestClock.now.addingTimeInterval(86_400))
        // (ID number, phone, move-in) with one of them bad, and the message it must give.
        let cases: [(String, String, String, String)] = [
            (
                "440106199003035000", "13800138000", "2020-01-02",
                "ID number 440106199003035000 ends in 0 but its check digit (GB 11643) is 3"
            ),
            ("123", "13800138000", "2020-01-02", "ID number 123 has 3 characters: a resident ID number has 18"),
            ("440106199003035003", "12345", "2020-01-02", "phone 12345 has 5 digits: a mobile number has 11 digits"),
            ("440106199003035003", "13800138000", tomorrow, "move-in date \(tomorrow) is in the future"),
        ]
        // The UI over the same archive (its own store: the command line writes beside it).
        let store = try ArchiveStore.open(path)
        store.clock = { TestClock.now }
        let ui = Program(
            state: AppState(lang: .en, width: 100, height: 30),
            env: Env(store: store, search: SearchEngine(store: store, persist: false)))
        ui.go(to: "1-201")
        for (i, (id, phone, moveIn, message)) in cases.enumerated() {
            // Command line: a new envelope, and an edit.
            var r = Run.dangan([
                "envelope", "add", "--cabinet", "A", "--building", "1", "--floor", "9", "--unit", "90\(i)",
                "--owner", "新业主", "--number", "V-\(i)", "--id-number", id, "--phone", phone, "--move-in", moveIn,
                "--archive", path,
            ])
            XCTAssertEqual(r.code, 2, r.both)
            XCTAssertEqual(r.stderr, "dangan: \(r.stderr.dropFirst(8).prefix(while: { $0 != "\n" }))\n")  // one line
            XCTAssertTrue(r.stderr.contains(message), "\(message) — \(r.stderr)")
            r = Run.dangan([
                "envelope", "edit", "1-201", "--id-number", id, "--phone", phone, "--move-in", moveIn, "--archive",
                path,
            ])
            XCTAssertEqual(r.code, 2, r.both)
            XCTAssertTrue(r.stderr.contains(message), "\(message) — \(r.stderr)")
            // Import: the row is rejected with the same words.
            let csv = path + "-\(i).csv"
            try "档案号,档案柜,楼栋,楼层,房号,业主姓名,联系电话,身份证号,入住日期\nV-\(i),A,1,9,90\(i),新业主,\(phone),\(id),\(moveIn)\n"
                .write(toFile: csv, atomically: true, encoding: .utf8)
            r = Run.dangan(["import", csv, "--archive", path])
            XCTAssertEqual(r.code, 2, r.both)
            XCTAssertTrue(r.stderr.contains("-\(i).csv:2: \(message)"), "\(message) — \(r.stderr)")
            // The UI's envelope form: the same message (English), and a Chinese one naming the field.
            ui.send(.tick)
            ui.send(.char("e"))
            guard var f = ui.form as? EnvelopeForm else { return XCTFail("no form") }
            f.phones.setText(phone)
            f.idNumber.setText(id)
            f.moveIn.setText(moveIn)
            ui.state.mode = .form(f)
            ui.send(.enter)
            guard let after = ui.form, let note = after.chrome.note else {
                return XCTFail("the form closed on an invalid field")
            }
            XCTAssertTrue(note.text.en.contains(message), "\(message) — \(note.text.en)")
            XCTAssertFalse(note.text.zh.contains("填写有误"), "worded in Chinese too: \(note.text.zh)")
            XCTAssertTrue(ui.screen.text.contains(String(message.prefix(20))), ui.screen.text)
            ui.state.mode = .browse
        }
        // Passports and permits through the command line.
        var r = Run.dangan([
            "envelope", "edit", "1-201", "--id-type", "passport", "--id-number", "e1234567", "--json", "--archive",
            path,
        ])
        XCTAssertEqual(r.code, 0, r.both)
        XCTAssertTrue(r.stdout.contains("\"idType\" : \"passport\""), r.stdout)
        r = Run.dangan(["show", "1-201", "--archive", path])
        XCTAssertTrue(r.stdout.contains("护照 E123"), r.stdout)  // masked: the test runs as no staff member
        r = Run.dangan(["envelope", "edit", "1-201", "--id-type", "visa", "--archive", path])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.stderr.contains("'visa' is invalid for '--id-type"), r.stderr)
    }
}
