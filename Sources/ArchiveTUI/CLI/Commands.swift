import ArchiveModel
import ArgumentParser
import Foundation

struct ArchiveOption: ParsableArguments {
    @Option(name: .long, help: "The archive folder (default: $DANGAN_ARCHIVE, else your copy of the sample in ~/.local/share/dangan).")
    var archive: String?
    @Option(name: .long, help: ArgumentHelp("Take this time as now (ISO 8601); a testing hook, also $DANGAN_NOW.", valueName: "time"))
    var now: String?

    /// The archive's path, with the injected clock installed.
    func path() throws -> String {
        try InjectedClock.install(option: now)
        return try ArchiveLocation.resolve(archive, note: { Out.err($0) })
    }

    func open() throws -> ArchiveStore {
        keepUntilExit(try ArchiveStore.open(try path()))
    }
}

/// Stores a command opened stay referenced until `run` ends the process, so their summaries
/// are not released one by one on the way out (10 % of `dangan ls`'s instructions at 100,000
/// envelopes). Only the main thread touches this, before `exit`.
nonisolated(unsafe) private var openedStores: [ArchiveStore] = []
func keepUntilExit(_ s: ArchiveStore) -> ArchiveStore { openedStores.append(s); return s }

/// Turns model errors into a clear message and a non-zero exit.
func run(_ body: () throws -> Void) throws {
    do { try body() }
    catch let e as ArchiveError { Out.err("dangan: \(e.description)"); throw ExitCode(e.exitCode) }
    // Done: end here rather than release a million envelope summaries one by one (0.4 s at
    // 1,000,000 envelopes). Everything written is already on disk; stdout is flushed.
    fflush(nil) // all output streams
    exit(0)
}

extension ArchiveError {
    var exitCode: Int32 {
        switch self {
        case .refused: return 3
        case .notFound, .ambiguous: return 4
        case .invalidField: return 2
        default: return 1
        }
    }
}

@main
struct Dangan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dangan",
        abstract: "档案 — the customer archive of a property-management office, at the keyboard.",
        discussion: "With no command, opens the archive in the terminal UI.",
        subcommands: [OpenUI.self, Init.self, List.self, Show.self, Search.self, Borrow.self, Return.self, Renew.self, Loans.self,
                      Check.self, Report.self, CopyCommand.self, Destroy.self, Transfer.self, Import.self, Export.self, EnvelopeCommand.self, DocumentCommand.self, SettingsCommand.self, Generate.self, BenchSearch.self, BenchLend.self, BenchWrite.self, BenchBrowse.self],
        defaultSubcommand: OpenUI.self
    )
}

struct OpenUI: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Open the archive in the terminal UI (the default).")
    @OptionGroup var options: ArchiveOption

    func run() throws {
        try ArchiveTUI.run {
            do {
                try TUIApp.start {
                    // The first run's copy of the sample is told inside the UI, not before it.
                    var firstRun: String? = nil
                    try InjectedClock.install(option: options.now)
                    let path = try ArchiveLocation.resolve(options.archive, onFirstRun: { firstRun = $0 })
                    return (try ArchiveStore.open(path), firstRun)
                }
            } catch let e as ExitCodeError { throw ExitCode(e.code) }
        }
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a new, empty archive.")
    @Argument(help: "Folder for the new archive (must not exist or be empty).") var path: String
    @Option(help: "The archive's name.") var name: String
    @Option(help: "The site (property) it belongs to.") var site: String = ""

    func run() throws {
        try ArchiveTUI.run {
            let s = try ArchiveStore.create(at: path, name: name, site: site)
            print("Created archive \(Out.safe(s.info.name)) at \(path)")
        }
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List cabinets, then envelopes in filing order.")
    @OptionGroup var options: ArchiveOption
    @Argument(help: "CABINET[/BUILDING[/FLOOR]]") var place: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try ArchiveTUI.run {
            let store = try options.open()
            guard let place else {
                let counts = store.cabinetCounts()
                if json {
                    struct C: Encodable { var code, label, room: String; var keyHolders: [String]; var envelopes: Int }
                    Out.json(store.cabinets.map { C(code: $0.code, label: $0.label, room: $0.room, keyHolders: $0.keyHolders, envelopes: counts[$0.code] ?? 0) })
                } else {
                    print("\(Out.safe(store.info.name))  —  \(store.cabinets.count) cabinets, \(store.envelopes.count) envelopes")
                    for c in store.cabinets {
                        print("\(c.code)\t\(Out.safe(c.label))\t\(Out.safe(c.room))\t\(counts[c.code] ?? 0) envelopes")
                    }
                }
                return
            }
            let parts = place.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count <= 3, parts.allSatisfy(LocationCode.isValid) else {
                throw ArchiveError.invalidField(field: "place", reason: "must be CABINET[/BUILDING[/FLOOR]] with codes of A–Z, 0–9, '-', '_'")
            }
            guard store.cabinets.contains(where: { $0.code == parts[0] }) else { throw ArchiveError.notFound(what: "cabinet \(parts[0])") }
            let list = store.envelopes(inCabinet: parts[0]).filter {
                (parts.count < 2 || $0.building == parts[1]) && (parts.count < 3 || $0.floor == parts[2])
            }
            if json { Out.json(list.map { Out.envelope($0, store: store) }); return }
            var out = ""
            for s in list {
                var marks = ""
                if (store.register.outByEnvelope[s.id] ?? 0) > 0 { marks += " [借出]" }
                if s.missing > 0 { marks += " [缺\(s.missing)]" }
                if s.damaged != nil { marks += " [损坏]" }
                if s.status != .active { marks += " [\(s.status.chinese)]" }
                out += "\(s.building)栋 \(s.floor)层 \(s.unit)\t\(Out.safe(s.owner))\t\(s.number)\t\(s.id)\(marks)\n"
            }
            FileHandle.standardOutput.write(out.data(using: .utf8)!)
        }
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show an envelope with its documents and their state.")
    @OptionGroup var options: ArchiveOption
    @Argument(help: "Envelope id, number, barcode or room code (3-1201).") var envelope: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try ArchiveTUI.run {
            let store = try options.open()
            let id = try store.resolveEnvelope(envelope)
            let s = store.summary(id: id)!
            if Mask.limitedView(store) {
                // Sales staff: names only (seed 000 篇4), never the file's contents.
                if json {
                    struct L: Encodable { var room: String; var owner: String; var coOwners: [String]; var limited = true }
                    Out.json(L(room: s.roomCode, owner: s.owner, coOwners: s.coOwners))
                } else {
                    print("\(s.roomCode)  \(Out.safe(s.owner))\(s.coOwners.isEmpty ? "" : "  " + s.coOwners.map(Out.safe).joined(separator: "、"))")
                    print("  (销售人员只能查看姓名和职务 — sales staff see names and titles only)")
                }
                return
            }
            var e = try store.envelope(id: id)
            let missing = ArchiveStore.missingKinds(e, settings: store.settings)
            if !Mask.mayRevealPersonalNumbers(store) {
                e.phones = e.phones.map(Mask.phone)
                e.idNumber = Mask.idNumber(e.idNumber)
                if let c = e.emergencyContact { e.emergencyContact = Contact(name: c.name, phone: Mask.phone(c.phone), relation: c.relation) }
            }
            if json {
                var j = Out.envelope(s, store: store)
                j.phones = e.phones; j.idNumber = e.idNumber; j.moveIn = e.moveIn; j.emergencyContact = e.emergencyContact
                j.previousEnvelope = e.previousEnvelope; j.nextEnvelope = e.nextEnvelope
                j.documents = e.documents.map { Out.document($0, store: store) }
                j.missingKinds = missing
                Out.json(j)
                return
            }
            let safe = Out.safe
            print("档案袋 \(e.number)  \(safe(e.owner))  \(e.location.chinese)  [\(e.status.chinese)]")
            print("  id \(e.id)   条码 \(e.barcode)   入住 \(e.moveIn)   身份证 \(e.idNumber)")
            if !e.coOwners.isEmpty { print("  共有人 \(e.coOwners.map(safe).joined(separator: "、"))") }
            if !e.tenants.isEmpty { print("  租户 \(e.tenants.map(safe).joined(separator: "、"))") }
            if !e.phones.isEmpty { print("  电话 \(e.phones.joined(separator: " "))") }
            if let c = e.emergencyContact { print("  紧急联系人 \(safe(c.name)) (\(safe(c.relation))) \(c.phone)") }
            if let p = e.previousEnvelope { print("  前一档案袋 \(p)") }
            if let n = e.nextEnvelope { print("  后一档案袋 \(n)") }
            print("  文件清单 (\(e.documents.count)):")
            for (i, d) in e.documents.enumerated() {
                let st = store.state(of: d)
                var extra = ""
                if let l = store.register.openLoan(of: d.id) { extra = "  借阅人 \(safe(l.loan.borrower)) 应还 \(store.timeFormat.minute(l.due))" }
                print("  \(String(format: "%2d", i + 1)). \(safe(d.kind))  \(safe(d.title))  \(d.original ? "原件" : "复印件")  \(d.secrecy.chinese)  \(st.chinese)  \(d.id)\(extra)")
            }
            if !missing.isEmpty { print("  缺少 (missing): \(missing.joined(separator: "、"))") }
        }
    }
}

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Find envelopes by owner (汉字, pinyin, initials), room, number or barcode.")
    @OptionGroup var options: ArchiveOption
    @Argument(help: "What to look for: 张伟, zhangwei, zw, 1201, 3-1201, a barcode…") var query: String
    @Option(help: "At most this many results.") var limit: Int = 20
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var progress: ProgressOption

    func run() throws {
        try ArchiveTUI.run {
            let path = try options.path()
            // Text results come from the saved index without opening the archive when it is
            // current (QuickSearch checks that); JSON carries the register's loan counts and
            // opens the archive.
            if !json, let r = QuickSearch.search(root: path, query: query, limit: max(0, limit)) {
                var out = ""
                for h in r.hits { out += Search.line(h.record, tier: h.tier, field: h.fieldName, text: h.text) }
                out += Search.summary(total: r.total, shown: r.hits.count)
                FileHandle.standardOutput.write(out.data(using: .utf8)!)
                return
            }
            let store = keepUntilExit(try ArchiveStore.open(path))
            // Building the index (no saved one yet) shows progress.
            let meter = progress.meter("building the search index")
            let engine = SearchEngine(store: store, progress: meter?.progress())
            let results = engine.search(query, limit: max(0, limit))
            meter?.finish()
            defer { engine.flush() } // the index built here is saved for the next search
            if json {
                Out.json(results.hits.map { h in
                    var j = Out.envelope(store.envelopes[h.index], store: store)
                    j.rank = h.tier.name; j.field = h.fieldName; j.matched = h.text
                    return j
                })
                return
            }
            var out = ""
            for h in results.hits {
                out += Search.line(SearchRecord(store.envelopes[h.index]), tier: h.tier, field: h.fieldName, text: h.text)
            }
            out += Search.summary(total: results.total, shown: results.hits.count)
            FileHandle.standardOutput.write(out.data(using: .utf8)!)
        }
    }

    static func line(_ s: SearchRecord, tier: MatchTier, field: String, text: String) -> String {
        "\(s.roomCode)\t\(Out.safe(s.owner))\t\(Out.safe(s.number))\t\(s.cabinet)柜 \(s.building)栋 \(s.floor)层 \(s.unit)\t\(tier.name)\(field == "owner" ? "" : "\t\(field): \(Out.safe(text))")\n"
    }

    static func summary(total: Int, shown: Int) -> String {
        "\(total) match\(total == 1 ? "" : "es")\(total > shown ? ", first \(shown) shown" : "")\n"
    }
}

struct Borrow: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Lend documents (registered in the borrowing register).")
    @OptionGroup var options: ArchiveOption
    @Argument(help: "Documents: ids, or ENVELOPE:N such as 3-1201:2.") var documents: [String]
    @Option(help: "Borrower's name.") var to: String
    @Option(help: "Borrower's department.") var department: String = ""
    @Option(help: "Purpose of the loan.") var purpose: String
    @Option(help: "Approver's name (required for confidential and ID material).") var approver: String?
    @Option(help: "reading | same-day | short | long") var type: String = "short"
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try ArchiveTUI.run {
            guard let t = LoanType(rawValue: type) else { throw ArchiveError.invalidField(field: "--type", reason: "must be reading, same-day, short or long") }
            let store = try options.open()
            let (decision, loan) = try store.borrow(LoanRequest(documents: documents, borrower: to, department: department, purpose: purpose,
                                                                approver: approver, type: t))
            if json {
                struct R: Encodable { var allowed: Bool; var rule: String; var message: String; var document: String?; var loan: [LoanJSON]? }
                Out.json(R(allowed: decision.allowed, rule: decision.rule, message: decision.message, document: decision.document,
                           loan: loan.flatMap { store.register.records[$0.id] }.map { Out.loans($0, store: store) }))
            } else if let loan {
                print("借出 lent: \(loan.documents.count) document(s) to \(Out.safe(loan.borrower)), due \(store.timeFormat.minute(loan.due)) — rule \(decision.rule): \(decision.message)")
                print("loan \(loan.id)")
            }
            store.close()
            if !decision.allowed {
                Out.err("dangan: refused by rule \(decision.rule): \(decision.message)\(decision.document.map { " [\($0)]" } ?? "")")
                throw ExitCode(3)
            }
        }
    }
}

struct Return: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Take documents back, with the completeness check.")
    @OptionGroup var options: ArchiveOption
    @Argument(help: "Documents: ids, or ENVELOPE:N.") var documents: [String]
    @Option(help: "The file came back incomplete: say what is wrong.") var incomplete: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try ArchiveTUI.run {
            let store = try options.open()
            let r = try store.returnDocuments(documents, complete: incomplete == nil, note: incomplete ?? "")
            if json {
                Out.json(r.compactMap { store.register.records[$0.loan] }.flatMap { Out.loans($0, store: store) })
            } else {
                for x in r { print("归还 returned: \(x.documents.count) document(s) of loan \(x.loan)\(x.complete ? " — complete" : " — INCOMPLETE: \(Out.safe(x.note))")") }
            }
            store.close()
        }
    }
}

struct Renew: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Renew a loan (续借) before its due date.")
    @OptionGroup var options: ArchiveOption
    @Argument(help: "Loan id.") var loan: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try ArchiveTUI.run {
            let store = try options.open()
            let d = try store.renew(loan: loan)
            if json { Out.json(d) } else if d.allowed { print("续借 renewed: due \(store.timeFormat.minute(d.due!)) — rule \(d.rule)") }
            store.close()
            if !d.allowed { Out.err("dangan: refused by rule \(d.rule): \(d.message)"); throw ExitCode(3) }
        }
    }
}

struct Loans: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The borrowing register: loans not returned (all with --all).")
    @OptionGroup var options: ArchiveOption
    @Flag(help: "Only overdue loans.") var overdue = false
    @Flag(help: "Every loan, returned ones included.") var all = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try ArchiveTUI.run {
            let store = try options.open()
            let now = store.now
            var recs = all ? store.register.loans : store.register.open
            if overdue { recs = recs.filter { $0.isOverdue(at: now) } }
            recs.sort { a, b in
                let ao = a.isOverdue(at: now), bo = b.isOverdue(at: now)
                if ao != bo { return ao }
                if a.isOpen != b.isOpen { return a.isOpen }
                return a.due < b.due
            }
            let rows = recs.flatMap { Out.loans($0, store: store) }.filter { all || $0.returned == nil }
            if json { Out.json(rows); return }
            for r in rows {
                print("\(r.overdue ? "逾期 " : "")\(r.room ?? "?")\t\(Out.safe(r.owner ?? ""))\t\(r.document)\t\(Out.safe(r.borrower))\tout \(r.out.prefix(16))\tdue \(r.due.prefix(16))\(r.returned.map { "\treturned \($0.prefix(16))" } ?? "")")
            }
            print("\(rows.count) loan\(rows.count == 1 ? "" : "s")")
        }
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a synthetic archive of N envelopes (deterministic for a seed).")
    @Argument(help: "Folder for the new archive.") var path: String
    @Option(help: "Number of envelopes.") var envelopes: Int
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "The archive's name.") var name: String = ""
    @Option(help: "The day the register is dated from (ISO 8601, e.g. 2026-11-20T10:00:00+08:00; default: now).") var now: String?
    @OptionGroup var progress: ProgressOption

    func run() throws {
        try ArchiveTUI.run {
            guard envelopes > 0 && envelopes <= 10_000_000 else { throw ArchiveError.invalidField(field: "--envelopes", reason: "must be between 1 and 10000000") }
            try InjectedClock.install(option: now)
            let at = ArchiveStore.defaultClock()
            let start = Date()
            let meter = progress.meter("generating")
            meter?.update(.init(done: 0, total: envelopes, finished: false))
            let r = try Generator(envelopes: envelopes, seed: seed, now: at, name: name).write(to: path) { n in
                meter?.update(.init(done: n, total: envelopes, finished: false))
            }
            meter?.update(.init(done: envelopes, total: envelopes, finished: true))
            meter?.finish()
            print("Generated \(r.envelopes) envelopes, \(r.documents) documents, \(r.cabinets) cabinets, \(r.loans) loans (\(r.outstanding) out, \(r.overdue) overdue) at \(path) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check integrity (every file is read), or with --inventory make the inventory check (盘点) of a cabinet or all; exit non-zero when anything is wrong.")
    @OptionGroup var options: ArchiveOption
    @Flag(help: "Inventory check: checklist, filing order, documents out, overdue loans. Recorded in the journal.") var inventory = false
    @Argument(help: "CABINET for --inventory (default: all).") var cabinet: String?
    @Option(help: "With --inventory: a file of the barcodes (or numbers) read off the shelf, one per line, in shelf order.") var scanned: String?
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var progress: ProgressOption

    func run() throws {
        try ArchiveTUI.run {
            let path = try options.path()
            let meter = progress.meter(inventory ? "checking" : "reading every file")
            meter?.update(.init(done: 0, total: 0, finished: false))   // opening the archive comes first
            defer { meter?.finish() }
            if inventory {
                var codes: [String]? = nil
                if let f = scanned {
                    guard case .ok(let b) = DurableIO.read(f) else { throw ArchiveError.notFound(what: f) }
                    let (text, _) = try SpreadsheetIO.decode(b)
                    codes = text.split(whereSeparator: { $0.isNewline }).map(String.init)
                }
                let store = try ArchiveStore.open(path)
                let r = try store.checkInventory(cabinet: cabinet, scanned: codes, progress: meter?.progress())
                meter?.finish()
                store.close()
                if json {
                    struct R: Encodable { var cabinets: [String]; var envelopes: Int; var scanned: Int; var counts: [String: Int]; var findings: [InventoryFinding] }
                    Out.json(R(cabinets: r.cabinets, envelopes: r.envelopes, scanned: r.scanned, counts: r.counts, findings: r.findings))
                } else {
                    for f in r.findings { print("\(InventoryFinding.label(f.rule))\t\(f.rule)\t\(f.cabinet)\t\(f.room)\t\(Out.safe(f.owner))\t\(Out.safe(f.detail))") }
                    let counts = r.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    print("盘点 inventory of cabinet(s) \(r.cabinets.joined(separator: ", ")): \(r.envelopes) envelopes\(scanned == nil ? "" : ", \(r.scanned) scanned"): \(r.findings.isEmpty ? "nothing found" : "\(r.findings.count) finding(s) (\(counts))")")
                }
                if !r.findings.isEmpty { throw ExitCode(1) }
                return
            }
            if cabinet != nil || scanned != nil { throw ArchiveError.invalidField(field: "CABINET/--scanned", reason: "go with --inventory") }
            let (store, problems) = try Integrity.check(path, progress: meter?.progress())
            meter?.finish()
            if json {
                Out.json(problems)
            } else {
                for p in problems { print("\(p.kind.rawValue)\t\(Out.safe(p.path))\t\(Out.safe(p.message))") }
                print("checked \(store.cabinets.count) cabinets, \(store.envelopes.count) envelopes, \(store.head.seq) journal entries: \(problems.isEmpty ? "no problems" : "\(problems.count) problem(s)")")
            }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a register, list or report (csv for Excel, txt or html for A4).")
    @OptionGroup var options: ArchiveOption
    @Argument(help: "register | copies | outstanding | monthly | file-list | label | cabinet-list | inventory | destruction | transfer") var kind: String
    @Argument(help: "ENVELOPE for file-list and label; CABINET for cabinet-list and inventory; BATCH for destruction and transfer.") var target: String?
    @Option(help: "Month YYYY-MM (register, copies, monthly: default this month; destruction, transfer: default all).") var month: String?
    @Option(help: "csv | txt | html") var format: String = "txt"
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
    @OptionGroup var progress: ProgressOption

    func run() throws {
        try ArchiveTUI.run {
            guard let k = ReportKind(rawValue: kind) else { throw ArchiveError.invalidField(field: "KIND", reason: "must be one of \(ReportKind.allCases.map { $0.rawValue }.joined(separator: ", "))") }
            guard let f = ReportFormat(rawValue: format) else { throw ArchiveError.invalidField(field: "--format", reason: "must be csv, txt or html") }
            if let m = month, !(m.count == 7 && TimeFormat.isDay(m + "-01")) { throw ArchiveError.invalidField(field: "--month", reason: "must be YYYY-MM") }
            let store = try options.open()
            let meter = progress.meter("reading")
            let t = try Reports.build(k, store: store, month: month, target: target, progress: meter?.progress())
            meter?.finish()
            let bytes: [UInt8]
            switch f {
            case .csv: bytes = Reports.csv(t)
            case .txt: bytes = Array(Reports.txt(t).utf8)
            case .html: bytes = Array(Reports.html(t).utf8)
            }
            if let o = output { try DurableIO.writeAtomic(o, bytes) } else { FileHandle.standardOutput.write(Data(bytes)) }
        }
    }
}

struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "settings", abstract: "Show or change the archive's settings (language, operator).")
    @OptionGroup var options: ArchiveOption
    @Option(help: "UI language: auto (follow the locale), zh or en.") var language: String?
    @Option(name: .customLong("operator"), help: "The operator named in the register (empty: the OS user).") var operatorName: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try ArchiveTUI.run {
            let store = try options.open()
            if let l = language, !["auto", "zh", "en"].contains(l) { throw ArchiveError.invalidField(field: "--language", reason: "must be auto, zh or en") }
            let op = try operatorName.map { try Validate.text($0, field: "--operator", max: 100) }
            if language != nil || op != nil {
                try store.updateSettings { s in
                    if let l = language { s.language = l }
                    if let op { s.operator = op }
                }
            }
            let s = store.settings
            if json { Out.json(s); return }
            print("language \(s.language)   operator \(s.operator.isEmpty ? "(OS user: \(ArchiveStore.osUser()))" : Out.safe(s.operator))   time zone \(s.timeZone)")
            print("loans: short ≤ \(s.loanRules.shortDays) d, long ≤ \(s.loanRules.longDays) d, 秘密 ≤ \(s.loanRules.confidentialHours) h, room closes \(s.loanRules.closingHour):00, renewals ≤ \(s.loanRules.maxRenewals), ID approver \(s.loanRules.idApproverTitle)")
            for m in s.staff { print("staff: \(Out.safe(m.name))  \(m.role.rawValue)  \(Out.safe(m.title))  \(Out.safe(m.department))") }
            print("catalogue: \(s.catalogue.count) kinds, \(s.catalogue.filter { $0.required }.count) on the checklist")
        }
    }
}

struct EnvelopeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "envelope", abstract: "Add or edit envelopes; change of ownership.",
                                                    subcommands: [Add.self, Edit.self, Owner.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "File a new envelope.")
        @OptionGroup var options: ArchiveOption
        @Option var cabinet: String
        @Option var building: String
        @Option var floor: String
        @Option var unit: String
        @Option var owner: String
        @Option var number: String
        @Option var barcode: String = ""
        @Option(help: "Phone (repeatable).") var phone: [String] = []
        @Option(help: "Co-owner (repeatable).") var coOwner: [String] = []
        @Option(help: "Move-in date YYYY-MM-DD.") var moveIn: String = ""

        func run() throws {
            try ArchiveTUI.run {
                let store = try options.open()
                let e = try store.createEnvelope(Envelope(number: number, barcode: barcode, cabinet: cabinet, building: building, floor: floor,
                                                          unit: unit, owner: owner, coOwners: coOwner, phones: phone, moveIn: moveIn))
                print("filed \(e.id) at \(e.location.chinese)")
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an envelope's fields (audited: before and after).")
        @OptionGroup var options: ArchiveOption
        @Argument(help: "Envelope id, number, barcode or room code.") var envelope: String
        @Option var owner: String?
        @Option(help: "Replace the phones (repeatable).") var phone: [String] = []
        @Option(help: "Add a tenant (repeatable).") var addTenant: [String] = []
        @Option(help: "Remove a tenant (repeatable).") var removeTenant: [String] = []
        @Option var note: String?
        @Option(help: "Refile: CABINET/BUILDING/FLOOR/UNIT.") var move: String?

        func run() throws {
            try ArchiveTUI.run {
                let store = try options.open()
                let id = try store.resolveEnvelope(envelope)
                let e = try store.updateEnvelope(id: id) { e in
                    if let owner { e.owner = owner }
                    if !phone.isEmpty { e.phones = phone }
                    e.tenants.removeAll { removeTenant.contains($0) }
                    e.tenants += addTenant
                    if let note { e.note = note }
                    if let move {
                        let p = move.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                        guard p.count == 4 else { throw ArchiveError.invalidField(field: "--move", reason: "must be CABINET/BUILDING/FLOOR/UNIT") }
                        e.cabinet = p[0]; e.building = p[1]; e.floor = p[2]; e.unit = p[3]
                    }
                }
                print("saved \(e.id) at \(e.location.chinese)")
            }
        }
    }

    struct Owner: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "change-owner", abstract: "Change of ownership: close this envelope, open a new one for the unit.")
        @OptionGroup var options: ArchiveOption
        @Argument var envelope: String
        @Option(help: "The new owner's name.") var to: String
        @Option(help: "Number of the new envelope.") var number: String
        @Option var barcode: String = ""
        @Option var moveIn: String = ""

        func run() throws {
            try ArchiveTUI.run {
                let store = try options.open()
                let n = try store.changeOwnership(envelope: try store.resolveEnvelope(envelope), newOwner: to, number: number, barcode: barcode, moveIn: moveIn)
                print("closed \(envelope); new envelope \(n.id) for \(Out.safe(n.owner)) at \(n.location.chinese)")
            }
        }
    }
}

struct DocumentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "document", abstract: "Add a document to an envelope's file list.",
                                                    subcommands: [Add.self])
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a document (kind from the catalogue, e.g. 身份证复印件).")
        @OptionGroup var options: ArchiveOption
        @Argument var envelope: String
        @Option var kind: String
        @Option var title: String
        @Flag(help: "An original (default: a copy).") var original = false
        @Option var pages: Int = 1
        @Option(help: "Date on the document, YYYY-MM-DD.") var date: String = ""
        @Option(help: "none | confidential (秘密) | secret (机密) | top-secret (绝密); default: the kind's.") var secrecy: String?
        @Option(help: "permanent or a destroy-after date.") var retention: String = "permanent"

        func run() throws {
            try ArchiveTUI.run {
                let store = try options.open()
                guard let k = store.settings.kind(named: kind) else {
                    throw ArchiveError.invalidField(field: "--kind", reason: "is not in the catalogue: \(store.settings.catalogue.map { $0.name }.joined(separator: "、"))")
                }
                var sec = k.defaultSecrecy
                if let s = secrecy { guard let v = Secrecy(parse: s) else { throw ArchiveError.invalidField(field: "--secrecy", reason: "must be none, confidential, secret or top-secret") }; sec = v }
                let d = try store.addDocument(envelope: try store.resolveEnvelope(envelope),
                                              Document(kind: kind, title: title, original: original, pages: pages, date: date, secrecy: sec, retention: retention))
                print("added \(d.id)")
            }
        }
    }
}
