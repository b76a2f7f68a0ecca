import ArchiveModel
import ArgumentParser
import Foundation

/// The archive as a whole: the terminal UI, a new archive, a generated one, the settings.

/// `dangan` / `dangan open`: the terminal UI.
struct OpenUI: DanganCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "Open the archive in the terminal UI (the default).")
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if common.json || common.output != nil {
            throw ValidationError("the terminal UI prints no JSON or file; give a command such as ls")
        }
    }

    func execute() throws {
        try TUIApp.start {
            // The first run's copy of the sample is told inside the UI, not before it.
            var firstRun: String? = nil
            let path = try ArchiveLocation.resolve(common.archive, onFirstRun: { firstRun = $0 })
            let store = OpenedStores.keep(try ArchiveStore.open(path))
            CommonOptions.warnAboutPlaces(root: store.root)
            return (store, firstRun)
        }
    }
}

/// `dangan init PATH --name NAME`: a new, empty archive.
struct Init: DanganCommand {
    static let configuration = CommandConfiguration(abstract: "Create a new, empty archive.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Folder for the new archive (must not exist or be empty; default: --archive).") var path: String?
    @Option(help: "The archive's name.") var name: String
    @Option(help: "The site (property) it belongs to.") var site: String = ""

    func validate() throws {
        if path == nil && common.archive == nil {
            throw ValidationError("give the folder for the new archive: dangan init PATH --name NAME")
        }
    }

    func execute() throws {
        let folder = path ?? common.archive ?? ""
        let s = try ArchiveStore.create(at: folder, name: name, site: site)
        if common.json {
            struct R: Encodable { var archive, id, name, site: String }
            Out.json(R(archive: folder, id: s.info.id, name: s.info.name, site: s.info.site))
        } else {
            Out.line("Created archive \(Out.safe(s.info.name)) at \(Out.safe(folder))")
        }
    }
}

/// `dangan generate PATH --envelopes N`: a synthetic archive for trying and benchmarking.
struct Generate: DanganCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic archive of N envelopes (deterministic for a seed).")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Folder for the new archive (default: --archive).") var path: String?
    @Option(help: "Number of envelopes (1 to 10000000).") var envelopes: Int
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "The archive's name.") var name: String = ""
    @Option(help: "Loans lent and returned in the past, for a long history (benchmarks); 0 to 10000000.")
    var loans: Int = 0
    @OptionGroup var progress: ProgressOption

    func validate() throws {
        guard (1...10_000_000).contains(envelopes) else {
            throw ValidationError("--envelopes must be between 1 and 10000000")
        }
        guard (0...10_000_000).contains(loans) else { throw ValidationError("--loans must be between 0 and 10000000") }
        if path == nil && common.archive == nil {
            throw ValidationError("give the folder for the new archive: dangan generate PATH --envelopes N")
        }
    }

    func execute() throws {
        let folder = path ?? common.archive ?? ""
        let at = ArchiveStore.defaultClock()
        let start = Date()
        let meter = progress.meter("generating")
        meter?.update(.init(done: 0, total: envelopes, finished: false))
        let r = try Generator(envelopes: envelopes, seed: seed, now: at, name: name, historyLoans: loans).write(to: folder) { n in
            meter?.update(.init(done: n, total: envelopes, finished: false))
        }
        meter?.update(.init(done: envelopes, total: envelopes, finished: true))
        meter?.finish()
        if common.json {
            struct R: Encodable {
                var archive: String
                var envelopes, documents, cabinets, loans, outstanding, overdue: Int
            }
            Out.json(
                R(
                    archive: folder, envelopes: r.envelopes, documents: r.documents, cabinets: r.cabinets,
                    loans: r.loans,
                    outstanding: r.outstanding, overdue: r.overdue))
            return
        }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(start))
        Out.line(
            "Generated \(r.envelopes) envelopes, \(r.documents) documents, \(r.cabinets) cabinets, \(r.loans) loans "
                + "(\(r.outstanding) out, \(r.overdue) overdue) at \(Out.safe(folder)) in \(seconds) s")
    }
}

/// `dangan settings`: show or change the language and the operator.
struct SettingsCommand: DanganCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Show or change the archive's settings (language, operator, label stock, retention periods).")
    @OptionGroup var common: CommonOptions
    @Option(help: "UI language: auto (follow the locale), zh or en.") var language: Language?
    @Option(name: .customLong("operator"), help: "The operator named in the register (empty: the OS user).")
    var operatorName: String?
    @Option(help: "Label stock for envelope labels: 100x50, 70x37 (single labels), a4-3x8, a4-2x7 (A4 sheets).")
    var labelStock: String?
    @Option(help: ArgumentHelp("How long expired material of a kind is kept (repeatable): 投诉记录=3.", valueName: "KIND=YEARS"))
    var retention: [String] = []
    @Flag(help: "Back to the default retention periods.") var retentionDefaults = false

    func validate() throws {
        if let l = labelStock, LabelStock.named(l) == nil {
            throw ValidationError("--label-stock must be one of \(LabelStock.all.map { $0.name }.joined(separator: ", "))")
        }
        if retentionDefaults && !retention.isEmpty { throw ValidationError("--retention and --retention-defaults go one at a time") }
        for r in retention where r.split(separator: "=").count != 2 || Int(r.split(separator: "=").last ?? "") == nil {
            throw ValidationError("--retention must be KIND=YEARS, such as 投诉记录=3")
        }
    }

    func execute() throws {
        let store = try common.open()
        if language != nil || operatorName != nil || labelStock != nil {
            let op = try operatorName.map { try Validate.text($0, field: "--operator", max: 100) }
            try store.updateSettings { s in
                if let language { s.language = language.rawValue }
                if let op { s.operator = op }
                if let l = labelStock { s.labelStock = LabelStock.named(l)!.name }
            }
        }
        if retentionDefaults { try store.setRetentionYears(nil) }
        if !retention.isEmpty {
            var table = store.settings.retentionTable
            for r in retention {
                let p = r.split(separator: "=").map { String($0).trimmingCharacters(in: .whitespaces) }
                table[p[0]] = Int(p[1])
            }
            try store.setRetentionYears(table)
        }
        let s = store.settings
        if common.json {
            Out.json(s)
            return
        }
        let who = s.operator.isEmpty ? "(OS user: \(Out.safe(ArchiveStore.osUser())))" : Out.safe(s.operator)
        Out.line("language \(Out.safe(s.language))   operator \(who)   time zone \(Out.safe(s.timeZone))"
                 + "   label stock \(Out.safe(s.labelStock ?? LabelStock.defaultName))")
        let r = s.loanRules
        Out.line(
            "loans: short ≤ \(r.shortDays) d, long ≤ \(r.longDays) d, 秘密 ≤ \(r.confidentialHours) h, "
                + "room closes \(r.closingHour):00, renewals ≤ \(r.maxRenewals), "
                + "ID approver \(Out.safe(r.idApproverTitle))"
        )
        for m in s.staff {
            Out.line("staff: \(Out.safe(m.name))  \(m.role.rawValue)  \(Out.safe(m.title))  \(Out.safe(m.department))")
        }
        Out.line("catalogue: \(s.catalogue.count) kinds, \(s.catalogue.filter { $0.required }.count) on the checklist")
        let kept = s.retentionTable.sorted { $0.key < $1.key }.map { "\(Out.safe($0.key)) \($0.value)年" }.joined(separator: ", ")
        Out.line("retention: \(kept.isEmpty ? "all permanent" : kept)\(s.retentionYears == nil ? " (defaults)" : ""); other kinds permanent")
    }
}
