import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// Validation with messages that say how to fix it (issue 15, point 8): the same rules for the
/// forms, the command line and import, because all of them go through `Validate`.
final class ValidationTests: XCTestCase {
    let today = "2026-11-20"

    /// (number, type, stored as, nil) for valid ones; (number, type, nil, words of the message) for invalid ones.
    let identities: [(String, IDType, String?, String?)] = [
        ("440106199003035003", .resident, "440106199003035003", nil),
        ("11010519491231002x", .resident, "11010519491231002X", nil),  // X as check digit, typed in lower case
        ("110105491231002", .resident, "110105491231002", nil),  // 15 digits, before 1999
        ("810000199408230021", .resident, "810000199408230021", nil),  // Hong Kong resident, residence permit
        ("440106 19900303 5003", .resident, "440106199003035003", nil),  // spaces as typed on a form
        ("", .resident, "", nil),
        ("E12345678", .passport, "E12345678", nil),
        ("h12345678", .hkMacaoTaiwan, "H12345678", nil),
        ("M1234567890", .hkMacaoTaiwan, "M1234567890", nil),
        ("12345678", .hkMacaoTaiwan, "12345678", nil),  // Taiwan permit
        ("123", .resident, nil, "123 has 3 characters: a resident ID number has 18 (15 on cards issued before 1999)"),
        (
            "440106199003035000", .resident, nil,
            "ends in 0 but its check digit (GB 11643) is 3: a digit was mistyped or a spreadsheet rounded"
        ),
        ("4401061990030350X3", .resident, nil, "may hold only digits, and X as the 18th character"),
        ("990106199003035003", .resident, nil, "starts with 99, which is no region code"),
        ("440106199013355003", .resident, nil, "holds the birth date 19901335, which is not a date"),
        ("440106203001015003", .resident, nil, "holds the birth date 2030-01-01, which is in the future"),
        ("E12345678", .resident, nil, "for a passport or a Hong Kong, Macao or Taiwan permit, choose that ID type"),
        ("4401********5003", .resident, nil, "is masked"),
        ("E1", .passport, nil, "is not a passport number: it has 5 to 20 letters and digits"),
        (
            "X1234567", .hkMacaoTaiwan, nil,
            "is not a permit number: a Hong Kong or Macao permit is H or M and 8 or 10 digits"
        ),
    ]

    func testIdentityNumbers() {
        for (number, type, stored, words) in identities {
            switch IdentityNumber.check(number, type: type, today: today) {
            case .success(let s):
                XCTAssertEqual(s, stored, "\(number) \(type)")
                XCTAssertNil(words, "\(number) \(type) was accepted")
            case .failure(let e):
                XCTAssertNil(stored, "\(number) \(type): \(e)")
                guard case .invalidField(let field, let reason) = e else { return XCTFail("\(e)") }
                XCTAssertEqual(field, "ID number")
                XCTAssertTrue(reason.contains(words ?? "?"), "\(number): \(reason)")
            }
        }
        // The check digit agrees with the standard's worked example (GB 11643-1999 附录: 11010519491231002X).
        XCTAssertEqual(IdentityNumber.checkCharacter("11010519491231002"), "X")
    }

    let phones: [(String, String?)] = [
        ("13800138000", nil), ("+86 138 0013 8000", nil), ("0086-13800138000", nil), ("0755-12345678", nil),
        ("(010) 8888 6666", nil), ("020-1234567", nil), ("0755-12345678 转 123", nil), ("0755-12345678#8", nil),
        ("400-800-8888", nil), ("+852 9123 4567", nil),
        ("12345", "has 5 digits"), ("88886666", "has no area code"),
        ("12345678901", "starts with 12, which no mobile number does"),
        ("1380013800", "has 10 digits"), ("138-0013-8000x", "may hold only digits"), ("+1", "has 1 digits after +"),
        ("0755-1234567 转 1234567", "extension that is not 1 to 6 digits"), ("", "is empty"),
    ]

    func testPhoneNumbers() {
        for (phone, words) in phones {
            switch PhoneNumber.check(phone) {
            case .success(let s):
                XCTAssertNil(words, "\(phone) was accepted")
                XCTAssertEqual(s, phone.trimmingCharacters(in: .whitespaces))
            case .failure(let e):
                guard let words else { return XCTFail("\(phone) refused: \(e)") }
                XCTAssertTrue(e.description.contains(words), "\(phone): \(e)")
                // and how to fix it
                XCTAssertTrue(e.description.contains("a mobile number has 11 digits and starts with 1"), "\(e)")
            }
        }
    }

    func testTextLengthsFormatCharactersAndDates() throws {
        // Lengths in characters and in code points.
        let stacked = "张" + String(repeating: "\u{301}", count: 10_000)
        XCTAssertThrowsError(try Validate.text(stacked, field: "owner", max: 100)) { e in
            XCTAssertEqual(
                e as? ArchiveError,
                .invalidField(
                    field: "owner",
                    reason: "is made of 10001 code points, more than 400: remove the combining marks"))
        }
        XCTAssertThrowsError(try Validate.text("张" + String(repeating: "\u{301}", count: 20), field: "owner", max: 100))
        { e in
            XCTAssertTrue("\(e)".contains("built from 21 code points"), "\(e)")
        }
        XCTAssertThrowsError(try Validate.text(String(repeating: "张", count: 101), field: "owner", max: 100)) { e in
            XCTAssertEqual("\(e)", "owner is longer than 100 characters (it has 101)")
        }
        XCTAssertEqual(try Validate.text("e\u{301}\u{301}", field: "owner"), "e\u{301}\u{301}")
        XCTAssertEqual(try Validate.text("👨‍👩‍👧‍👦王", field: "owner"), "👨‍👩‍👧‍👦王")  // joiners inside an emoji stay
        // Zero-width and other format characters are removed; direction controls refused.
        XCTAssertEqual(try Validate.text("张\u{200B}伟\u{2060}", field: "owner"), "张伟")
        XCTAssertEqual(try Validate.text("欧\u{AD}阳\u{200C}\u{200D}明", field: "owner"), "欧阳明")
        XCTAssertThrowsError(try Validate.text("\u{200B}", field: "owner", required: true)) { e in
            XCTAssertEqual("\(e)", "owner is required")
        }
        XCTAssertThrowsError(try Validate.text("张\u{202E}伟", field: "owner")) { e in
            XCTAssertTrue("\(e)".contains("U+202E"), "\(e)")
        }
        // Dates: not in the future, retention after the document's date.
        XCTAssertThrowsError(try Validate.day("2026-11-21", field: "document date", notAfter: today)) { e in
            XCTAssertEqual(
                "\(e)",
                "document date 2026-11-21 is in the future (today is 2026-11-20): give the date written on the paper")
        }
        XCTAssertEqual(try Validate.day("2026-11-20", field: "document date", notAfter: today), "2026-11-20")
        XCTAssertThrowsError(try Validate.retention("2020-05-01", after: "2020-05-01")) { e in
            XCTAssertTrue("\(e)".contains("2020-05-01 is not after the document's date 2020-05-01"), "\(e)")
        }
        XCTAssertEqual(try Validate.retention("2020-05-02", after: "2020-05-01"), "2020-05-02")
        XCTAssertEqual(try Validate.retention("永久", after: "2020-05-01"), "permanent")
    }

    /// Through the store: the forms' path. Stored values that predate the rules do not block
    /// an unrelated edit; a new value is judged.
    func testEnvelopesThroughTheStore() throws {
        let (s, e) = try makeArchive()
        func refused(_ change: @escaping (inout Envelope) -> Void, _ words: String, line: UInt = #line) {
            XCTAssertThrowsError(try s.updateEnvelope(id: e.id, change), line: line) { err in
                XCTAssertTrue("\(err)".contains(words), "\(err)", line: line)
            }
        }
        refused({ $0.idNumber = "440106199003035000" }, "check digit (GB 11643) is 3")
        refused({ $0.phones = ["12345"] }, "phone 12345 has 5 digits")
        // Tomorrow, by the store's clock (the test's now, which .ci/run also sets to a year's end).
        let tomorrow = TestClock.timeFormat.day(TestClock.now.addingTimeInterval(86_400))
        let today = TestClock.timeFormat.day(TestClock.now)
        refused({ $0.moveIn = tomorrow }, "move-in date \(tomorrow) is in the future (today is \(today))")
        refused({ $0.documents[0].date = tomorrow }, "document date \(tomorrow) is in the future")
        XCTAssertEqual(try s.updateEnvelope(id: e.id) { $0.documents[0].date = today }.documents[0].date, today)
        refused(
            { $0.documents[6].retention = "2019-01-01" },
            "retention 2019-01-01 is not after the document's date 2020-05-01")
        refused({ $0.emergencyContact = Contact(name: "王", phone: "0755") }, "emergency phone 0755")
        let passport = try s.updateEnvelope(id: e.id) {
            $0.identityType = .passport
            $0.idNumber = "e1234567"
        }
        XCTAssertEqual(passport.idNumber, "E1234567")
        XCTAssertEqual(try s.envelope(id: e.id).idType, .passport)
        // An envelope filed before the rules: a bad ID and phone in the journal; a note can still be added.
        var old = try s.envelope(id: e.id)
        old.idType = nil
        old.idNumber = "440106199003035000"
        old.phones = ["12345"]
        try journalUnchecked(s, old)
        XCTAssertEqual(try s.updateEnvelope(id: e.id) { $0.note = "补记" }.note, "补记")
        refused({ $0.phones = ["12345", "1234"] }, "phone 1234 has 4 digits")
        // Created: everything judged.
        XCTAssertThrowsError(
            try s.createEnvelope(
                Envelope(
                    number: "N", barcode: "", cabinet: "A", building: "1", floor: "1", unit: "101",
                    owner: "王", idNumber: "123"))
        ) { err in
            XCTAssertTrue("\(err)".contains("123 has 3 characters"), "\(err)")
        }
    }

    /// The generator and the bundled sample archive satisfy the rules (check digits, phones, dates).
    func testGeneratedAndSampleArchivesAreValid() throws {
        let path = tempDir("valid")
        try Generator(envelopes: 300, seed: 7, now: TestClock.now).write(to: path)
        let bundled = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("data/sample").path
        let sample = tempDir("sample")  // opening writes a cache: not into the repository
        try FileManager.default.copyItem(atPath: bundled, toPath: sample)
        for root in [path, sample] {
            let store = try ArchiveStore.open(root, useCache: false)
            XCTAssertEqual(store.problems, [], root)
            for sum in store.envelopes {
                let e = try store.envelope(id: sum.id)
                XCTAssertNoThrow(
                    try Validate.envelope(e, settings: store.settings, now: TestClock.now), "\(root) \(e.id)")
            }
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func write(to path: String) throws { try Data(self).write(to: URL(fileURLWithPath: path)) }
}
