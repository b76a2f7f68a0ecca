import ArchiveModel
import ArgumentParser
import Foundation

/// Prints a decision (text or JSON) and exits 3 when it refused.
func report(_ d: Decision, json: Bool, store: ArchiveStore, extra: [String: String] = [:], done: String) throws {
    if json {
        struct R: Encodable { var allowed: Bool; var rule: String; var message: String; var document: String?; var extra: [String: String] }
        Out.json(R(allowed: d.allowed, rule: d.rule, message: d.message, document: d.document, extra: extra))
    } else if d.allowed {
        print("\(done) — rule \(d.rule): \(d.message)")
        for (k, v) in extra.sorted(by: { $0.key < $1.key }) { print("\(k) \(Out.safe(v))") }
    }
    store.close()
    if !d.allowed {
        Out.err("dangan: refused by rule \(d.rule): \(d.message)\(d.document.map { " [\($0)]" } ?? "")")
        throw ExitCode(3)
    }
}

struct CopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy", abstract: "The photocopy register (影印): request, approve, made, back, settle, list.",
        subcommands: [Request.self, Approve.self, Made.self, Back.self, Settle.self, ListCopies.self])

    struct Request: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a request to photocopy documents (one envelope).")
        @OptionGroup var options: ArchiveOption
        @Argument(help: "Documents: ids, or ENVELOPE:N such as 3-1201:2.") var documents: [String]
        @Option(help: "Who asks for the copy.") var by: String
        @Option(help: "Their department.") var department: String = ""
        @Option(help: "What the copy is for.") var purpose: String
        @Option(help: "Number of copies.") var copies: Int = 1
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try ArchiveTUI.run {
                let store = try options.open()
                let (d, c) = try store.requestCopy(documents: documents, requester: by, department: department, purpose: purpose, copies: copies)
                try report(d, json: json, store: store, extra: c.map { ["copy": $0.id] } ?? [:], done: "影印申请 registered")
            }
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a photocopy (or decline it with --refuse REASON); the original is taken out.")
        @OptionGroup var options: ArchiveOption
        @Argument(help: "Photocopy id (or a unique prefix of 6+ characters).") var copy: String
        @Option(help: "The approver's name (must have the approver role).") var approver: String
        @Option(help: "Decline the request, with the reason.") var refuse: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try ArchiveTUI.run {
                let store = try options.open()
                let d = try store.approveCopy(copy, approver: approver, refuse: refuse)
                try report(d, json: json, store: store, done: refuse == nil ? "批准 approved" : "不予批准 declined")
            }
        }
    }

    struct Made: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register the copy made: pages and copies.")
        @OptionGroup var options: ArchiveOption
        @Argument(help: "Photocopy id.") var copy: String
        @Option(help: "Pages copied.") var pages: Int
        @Option(help: "Copies made.") var copies: Int = 1
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try ArchiveTUI.run {
                let store = try options.open()
                try report(try store.recordCopyMade(copy, pages: pages, copies: copies), json: json, store: store, done: "影印 made")
            }
        }
    }

    struct Back: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The original is back in its envelope, checked for completeness.")
        @OptionGroup var options: ArchiveOption
        @Argument(help: "Photocopy id.") var copy: String
        @Option(help: "The original came back incomplete: say what is wrong.") var incomplete: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try ArchiveTUI.run {
                let store = try options.open()
                try report(try store.returnCopyOriginal(copy, complete: incomplete == nil, note: incomplete ?? ""), json: json, store: store, done: "原件归还 back")
            }
        }
    }

    struct Settle: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Account for the copies (given to whom, destroyed …) and cancel the entry.")
        @OptionGroup var options: ArchiveOption
        @Argument(help: "Photocopy id.") var copy: String
        @Option(help: "Where the copies went.") var disposition: String
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try ArchiveTUI.run {
                let store = try options.open()
                try report(try store.settleCopy(copy, disposition: disposition), json: json, store: store, done: "销账 settled")
            }
        }
    }

    struct ListCopies: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Photocopies not yet settled (all with --all).")
        @OptionGroup var options: ArchiveOption
        @Flag(help: "Settled and declined ones too.") var all = false
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try ArchiveTUI.run {
                let store = try options.open()
                let tf = store.timeFormat
                let list = store.register.copies.filter { all || $0.isOpen }
                if json {
                    struct C: Encodable { var id, stage, envelope, room, requester, purpose, requested: String; var documents: [String]; var approver: String?; var copies: Int?; var pages: Int? }
                    Out.json(list.map { c in C(id: c.id, stage: c.stage.rawValue, envelope: c.envelope, room: store.summary(id: c.envelope)?.roomCode ?? "",
                                               requester: c.requester, purpose: c.purpose, requested: tf.iso(c.requestedAt), documents: c.documents,
                                               approver: c.approver, copies: c.copiesMade, pages: c.pages) })
                    return
                }
                for c in list {
                    print("\(c.id)\t\(c.stage.chinese)\t\(store.summary(id: c.envelope)?.roomCode ?? "?")\t\(Out.safe(c.requester))\t\(Out.safe(c.purpose))\t\(tf.minute(c.requestedAt))")
                }
                print("\(list.count) photocop\(list.count == 1 ? "y" : "ies")")
            }
        }
    }
}

struct Destroy: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Destroy expired documents (销毁) with an approver's approval; --due lists what may be destroyed.")
    @OptionGroup var options: ArchiveOption
    @Argument(help: "Documents: ids, or ENVELOPE:N.") var documents: [String] = []
    @Flag(help: "List the documents past their retention that may be destroyed.") var due = false
    @Option(help: "Approver's name (approver role).") var approver: String?
    @Option(help: "Why they are destroyed.") var reason: String = ""
    @Option(help: "How (粉碎, 焚毁 …).") var method: String = "粉碎"
    @Flag(help: "Print JSON.") var json = false
    func run() throws {
        try ArchiveTUI.run {
            let store = try options.open()
            if due {
                let list = store.dueForDestruction()
                if json {
                    struct D: Encodable { var document, envelope, room, kind, date, retention: String }
                    Out.json(list.map { D(document: $1.id, envelope: $0.id, room: $0.roomCode, kind: $1.kind, date: $1.date, retention: $1.retention) })
                    return
                }
                for (s, d) in list { print("\(d.id)\t\(s.roomCode)\t\(Out.safe(s.owner))\t\(d.kind)\t\(d.date)\t保管至 \(d.retention)") }
                print("\(list.count) document(s) past their retention")
                return
            }
            guard !documents.isEmpty else { throw ArchiveError.invalidField(field: "DOCUMENTS", reason: "are required (or --due to list them)") }
            let (d, list) = try store.destroy(documents: documents, approver: approver ?? "", reason: reason, method: method)
            try report(d, json: json, store: store, extra: list.first.map { ["batch": $0.batch] } ?? [:], done: "销毁 destroyed")
        }
    }
}

struct Transfer: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Hand documents or whole envelopes over (移交) to another department or company.")
    @OptionGroup var options: ArchiveOption
    @Argument(help: "Documents: ids, or ENVELOPE:N.") var documents: [String] = []
    @Option(name: .customLong("envelope"), help: "A whole envelope (repeat for more).") var envelopes: [String] = []
    @Option(help: "The person receiving.") var to: String
    @Option(help: "Their department or company.") var organisation: String
    @Option(help: "Approver's name, if one approved.") var approver: String?
    @Option(help: "Why.") var reason: String = ""
    @Flag(help: "Print JSON.") var json = false
    func run() throws {
        try ArchiveTUI.run {
            let store = try options.open()
            let (d, list) = try store.transfer(documents: documents, envelopes: envelopes, recipient: to, organisation: organisation,
                                               approver: approver, reason: reason)
            try report(d, json: json, store: store, extra: list.first.map { ["batch": $0.batch] } ?? [:],
                       done: "移交 handed over (print the sign-off list: dangan report transfer BATCH)")
        }
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load envelopes and documents from a spreadsheet (CSV, UTF-8 or GB18030).",
        discussion: "Columns (Chinese or English header): 档案号/number, 档案柜/cabinet, 楼栋/building, 楼层/floor, 房号/unit, 业主姓名/owner, 联系电话/phone, 身份证号/id_number, 入住日期/move_in, and optionally 条码/barcode, 共有人/co_owners, 租户/tenants, 备注/note, and one column per document kind (原件, 复印件, 原件+复印件×2). All or nothing unless --skip-bad.")
    @OptionGroup var options: ArchiveOption
    @Argument(help: "The CSV file.") var file: String
    @Flag(help: "Import the good rows and report the bad ones.") var skipBad = false
    @Flag(help: "Check every row and write nothing.") var dryRun = false
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var progress: ProgressOption
    func run() throws {
        try ArchiveTUI.run {
            let bytes: [UInt8]
            switch DurableIO.read(file) {
            case .ok(let b): bytes = b
            case .missing: throw ArchiveError.notFound(what: file)
            case .failed(let m): throw ArchiveError.io(path: file, message: m)
            }
            let store = try options.open()
            let meter = progress.meter("importing")
            let r = try store.importSpreadsheet(bytes, skipBad: skipBad, dryRun: dryRun, progress: meter?.progress())
            meter?.finish()
            store.close()
            if json {
                struct R: Encodable { var encoding: String; var rows: Int; var imported: Int; var documents: Int; var cabinetsCreated: [String]; var rejected: [ImportRowError]; var written: Bool }
                Out.json(R(encoding: r.encoding, rows: r.rows, imported: r.imported.count, documents: r.documents, cabinetsCreated: r.cabinetsCreated,
                           rejected: r.rejected, written: !r.imported.isEmpty))
            } else {
                for e in r.rejected.prefix(50) { Out.err("\(file):\(e.line): \(Out.safe(e.reason))") }
                if r.rejected.count > 50 { Out.err("… and \(r.rejected.count - 50) more rejected row(s) (--json lists them all)") }
                if !r.cabinetsCreated.isEmpty { print("created cabinet(s) \(r.cabinetsCreated.joined(separator: ", "))") }
                if dryRun {
                    print("dry run (\(r.encoding)): \(r.rows) row(s), \(r.rows - r.rejected.count) good, \(r.rejected.count) rejected; nothing written")
                } else if r.imported.isEmpty && !r.rejected.isEmpty {
                    print("nothing imported (\(r.encoding)): \(r.rejected.count) of \(r.rows) row(s) rejected; fix them or use --skip-bad")
                } else {
                    print("imported \(r.imported.count) envelope(s), \(r.documents) document(s) (\(r.encoding))\(r.rejected.isEmpty ? "" : "; \(r.rejected.count) row(s) skipped")")
                }
            }
            if !r.rejected.isEmpty { throw ExitCode(2) }
        }
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write every active envelope and its documents as a spreadsheet (CSV, UTF-8 with BOM) that `dangan import` reads back.")
    @OptionGroup var options: ArchiveOption
    @Argument(help: "The CSV file to write.") var file: String
    @OptionGroup var progress: ProgressOption
    func run() throws {
        try ArchiveTUI.run {
            let store = try options.open()
            let meter = progress.meter("exporting")
            let bytes = try SpreadsheetIO.export(store, progress: meter?.progress())
            meter?.finish()
            try DurableIO.writeAtomic(file, bytes)
            print("exported \(store.envelopes.filter { $0.status == .active && $0.damaged == nil }.count) envelope(s) to \(file)\(Mask.mayRevealPersonalNumbers(store) ? "" : " (ID numbers and phones masked: the operator's role may not see them)")")
        }
    }
}
