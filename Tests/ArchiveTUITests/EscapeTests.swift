import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel

/// One way out for text (issue 15, point 3): escape sequences planted in every text field of
/// envelope files, a cabinet file, archive.json, a journal entry, the environment and the
/// arguments never reach standard output or standard error raw — of any command, text or JSON.
final class EscapeTests: XCTestCase {
    /// OSC title, OSC 52 (clipboard), CSI 2J (clear), C1 CSI and OSC, bidi overrides, DEL.
    static let payload =
        "\u{1B}]0;pwned\u{07}\u{1B}]52;c;aGk=\u{07}\u{1B}[2J\u{9B}2J\u{9D}0;t\u{9C}\u{202E}\u{2066}\u{200F}\u{7F}"

    /// What in `bytes` a terminal would act on: ESC, C0 other than tab and line breaks, DEL,
    /// a C1 control (UTF-8 C2 80–C2 9F), a direction control. Nil when clean.
    static func leak(_ b: [UInt8]) -> String? {
        for i in b.indices {
            let c = b[i]
            let n1 = i + 1 < b.count ? b[i + 1] : 0
            let n2 = i + 2 < b.count ? b[i + 2] : 0
            if c == 0x1B { return "ESC at byte \(i)" }
            if c < 0x20 && c != 0x0A && c != 0x09 && !(c == 0x0D && n1 == 0x0A) { return "C0 \(c) at byte \(i)" }
            if c == 0x7F { return "DEL at byte \(i)" }
            if c == 0xC2 && (0x80...0x9F).contains(n1) { return "C1 U+00\(String(n1, radix: 16)) at byte \(i)" }
            if c == 0xE2 && n1 == 0x80 && ((0xAA...0xAE).contains(n2) || n2 == 0x8E || n2 == 0x8F) {
                return "bidi at byte \(i)"
            }
            if c == 0xE2 && n1 == 0x81 && (0xA6...0xA9).contains(n2) { return "bidi isolate at byte \(i)" }
        }
        return nil
    }

    /// Replaces every string in a JSON value by the payload around it, except under `keep`.
    static func plant(_ v: Any, keep: Set<String>, key: String = "") -> Any {
        if let s = v as? String { return keep.contains(key) ? s : payload + s + payload }
        if let a = v as? [Any] { return a.map { plant($0, keep: keep, key: key) } }
        if let d = v as? [String: Any] {
            var out: [String: Any] = [:]
            for (k, x) in d { out[k] = plant(x, keep: keep, key: k) }
            return out
        }
        return v
    }

    /// An envelope with every string planted but those under `keep`.
    static func planted(_ e: Envelope, keep: Set<String>) throws -> Envelope {
        let enc = JSONEncoder()
        let json = try JSONSerialization.jsonObject(with: try enc.encode(e))
        let data = try JSONSerialization.data(withJSONObject: plant(json, keep: keep), options: [.sortedKeys])
        return try JSONDecoder().decode(Envelope.self, from: data)
    }

    static func rewrite(_ file: String, keep: Set<String>) throws {
        let json = try JSONSerialization.jsonObject(with: try XCTUnwrap(FileManager.default.contents(atPath: file)))
        let data = try JSONSerialization.data(withJSONObject: plant(json, keep: keep), options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: file))
    }

    func testNoEscapeSequenceReachesTheTerminalFromAnyCommand() throws {
        let path = sample("escape")
        let store = try ArchiveStore.open(path)
        // Working envelope: every text planted but its ids, location and states (it still lends,
        // lists, reports), written into the journal as another program signing with a desk's
        // key could, and its file.
        let lent = try XCTUnwrap(store.register.open.first)
        let working = try XCTUnwrap(store.summary(id: lent.loan.envelope))
        let enums: Set<String> = ["state", "secrecy", "status", "idType"]
        let keepWorking = enums.union([
            "id", "cabinet", "building", "floor", "unit", "kind", "previousEnvelope", "nextEnvelope",
        ])
        var we = try store.envelope(id: working.id)
        we.revision = nil
        try journalUnchecked(store, try Self.planted(we, keep: keepWorking))
        // Misfiled envelope: its id and location planted too, in its file (the scan's messages echo them).
        let misfiled = store.envelopes.first { $0.id != working.id && $0.cabinet == working.cabinet }!
        try Self.rewrite(path + "/" + misfiled.relativePath, keep: enums)
        // Damaged envelope: every string planted, states included (the decoder's message echoes one).
        let damaged = store.envelopes.first { $0.id != working.id && $0.id != misfiled.id }!
        try Self.rewrite(path + "/" + damaged.relativePath, keep: [])
        // The cabinet, the archive's name and a loan: in the journal, and in the cabinet's file.
        var cab = store.cabinets.first { $0.code == working.cabinet }!
        cab.label = Self.payload + cab.label + Self.payload
        cab.room = Self.payload + cab.room
        cab.keyHolders = cab.keyHolders.map { Self.payload + $0 }
        try journalUnchecked(store, cabinet: cab)
        try journalUnchecked(
            store,
            settings: {
                $0.name = Self.payload + "阳光花园" + Self.payload
                $0.site = Self.payload
            })
        let hostileDoc = try store.envelope(id: working.id).documents.first {
            store.register.openByDocument[$0.id] == nil && $0.state == .present
        }!
        try journalUnchecked(
            store,
            loan: Loan(
                envelope: working.id, documents: [hostileDoc.id], borrower: Self.payload + "借阅人",
                department: Self.payload,
                purpose: Self.payload, approver: Self.payload, approverRole: nil, type: .short, out: store.now,
                due: store.now.addingTimeInterval(86400), archivist: Self.payload, rule: Self.payload))
        try Self.rewrite(path + "/cabinets/\(working.cabinet)/cabinet.json", keep: ["id", "code"])
        unlink(path + "/.dangan/checkpoint.v7")  // fold everything again
        let scan = path + "-scan.txt"
        try (Self.payload + "DA1\n" + Self.payload + "\n").write(toFile: scan, atomically: true, encoding: .utf8)
        let csv = path + "-in.csv"
        try "档案号,档案柜,楼栋,楼层,房号,业主姓名,联系电话\nX\(Self.payload),A,1,1,101,\(Self.payload),\(Self.payload)\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let p = Self.payload
        let doc = lent.loan.documents[0]
        var runs: [[String]] = [
            ["ls"], ["ls", working.cabinet], ["ls", "\(working.cabinet)/\(working.building)"], ["ls", p],
            ["show", working.id], ["show", misfiled.id], ["show", damaged.id], ["show", p],
            ["search", "zw"], ["search", p], ["loans", "--all"], ["loans", "--overdue"],
            ["check"], ["check", "--inventory"], ["check", "--inventory", working.cabinet, "--scanned", scan],
            ["check", "--inventory", p], ["check", "--inventory", "--scanned", p],
            ["copy", "list", "--all"], ["destroy", "--due"], ["settings"], ["export", "-"],
            ["borrow", doc, "--to", p, "--purpose", p],
            ["borrow", "\(working.id):\(p)", "--to", "赵磊", "--purpose", "x"],
            ["return", p], ["renew", p], ["report", "destruction", p], ["report", "transfer", p],
            ["report", "cabinet-list", p],
            ["report", "file-list", p], ["envelope", "edit", working.id, "--owner", p],
            ["document", "add", working.id, "--kind", p, "--title", "x"],
            ["import", csv, "--dry-run"], ["import", p], [p], ["copy", "approve", p, "--approver", p],
        ]
        for k in ReportKind.allCases {
            for f in ReportFormat.allCases {
                let target =
                    k == .fileList || k == .label
                    ? [working.id] : k == .cabinetList || k == .inventory ? [working.cabinet] : []
                runs.append(["report", k.rawValue] + target + ["--format", f.rawValue])
            }
        }
        let json = [
            ["ls"], ["ls", working.cabinet], ["show", working.id], ["show", misfiled.id], ["search", "zw"],
            ["loans", "--all"],
            ["check"], ["check", "--inventory"], ["copy", "list", "--all"], ["destroy", "--due"], ["settings"],
            ["import", csv, "--dry-run"], ["borrow", doc, "--to", "赵磊", "--purpose", "x"],
        ]
        runs += json.map { $0 + ["--json"] }
        var ran = 0
        for args in runs {
            for env in [[:], ["USER": p + "李敏" + p]] {
                let r = Run.dangan(args + ["--archive", path], env: env)
                if let place = Self.leak(r.out) { XCTFail("\(args) stdout: \(place): \(r.stdout.debugDescription)") }
                if let place = Self.leak(r.err) { XCTFail("\(args) stderr: \(place): \(r.stderr.debugDescription)") }
                ran += 1
            }
        }
        // An archive path and a new archive's name with escapes.
        for args in [
            ["ls", "--archive", path + p], ["init", path + "-new" + p, "--name", p],
            ["init", path + "-new2", "--name", "新" + p],
        ] {
            let r = Run.dangan(args)
            XCTAssertNil(Self.leak(r.out), "\(args): \(r.stdout.debugDescription)")
            XCTAssertNil(Self.leak(r.err), "\(args): \(r.stderr.debugDescription)")
        }
        XCTAssertGreaterThan(ran, 150)
        // JSON keeps the text exact: escaped, not altered.
        let r = Run.dangan(["show", working.id, "--json", "--archive", path])
        let owner = try XCTUnwrap(
            (try JSONSerialization.jsonObject(with: Data(r.out)) as? [String: Any])?["owner"] as? String)
        XCTAssertTrue(owner.hasPrefix(p) && owner.hasSuffix(p), owner.debugDescription)
        XCTAssertTrue(
            r.stdout.contains("\\u009b") && r.stdout.contains("\\u202e") && r.stdout.contains("\\u001b"), r.stdout)
        // Text shows the planted characters visibly.
        let text = Run.dangan(["show", working.id, "--archive", path]).stdout
        XCTAssertTrue(
            text.contains("<U+1B>]0;pwned<U+7>") && text.contains("<U+9B>2J") && text.contains("<U+202E>"), text)
    }
}
