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
    @Option(help: "Your name: you are its archivist, working from your login (default: the login).")
    var archivist: String?

    func validate() throws {
        if path == nil && common.archive == nil {
            throw ValidationError("give the folder for the new archive: dangan init PATH --name NAME")
        }
    }

    func execute() throws {
        let folder = path ?? common.archive ?? ""
        let s = try ArchiveStore.create(at: folder, name: name, site: site, archivist: archivist)
        let me = s.operatorMember?.name ?? s.login
        if common.json {
            struct R: Encodable { var archive, id, name, site, archivist, login: String }
            Out.json(
                R(archive: folder, id: s.info.id, name: s.info.name, site: s.info.site, archivist: me, login: s.login))
        } else {
            Out.line("Created archive \(Out.safe(s.info.name)) at \(Out.safe(folder))")
            Out.line(
                """
                Its archivist is \(Out.safe(me)), working from login \(Out.safe(s.login)); add the others with \
                dangan staff add NAME --role ROLE --login LOGIN
                """
            )
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
        let r = try Generator(envelopes: envelopes, seed: seed, now: at, name: name, historyLoans: loans).write(
            to: folder
        ) { n in
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

/// `dangan settings`: show or change the language, label stock, numbering scheme and retention
/// periods. The staff list is `dangan staff`; the operator is the login (`dangan whoami`).
struct SettingsCommand: DanganCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract:
            """
            Show or change the archive's settings (language, label stock, numbering, retention periods); the \
            staff list is dangan staff.
            """
    )
    @OptionGroup var common: CommonOptions
    @Option(help: "UI language: auto (follow the locale), zh or en.") var language: Language?
    @Option(
        name: .customLong("operator"),
        help: ArgumentHelp("No longer used: the operator is your login (dangan whoami).", visibility: .hidden))
    var operatorName: String?
    @Option(help: "Label stock for envelope labels: 100x50, 70x37 (single labels), a4-3x8, a4-2x7 (A4 sheets).")
    var labelStock: String?
    @Option(help: "How new envelope numbers are made, e.g. KH-{YYYY}-{NNNNN}.") var numbering: String?
    @Option(help: "Prefix of the barcodes dangan gives new envelopes (then 10 digits), e.g. DA.")
    var barcodePrefix: String?
    @Option(
        help: ArgumentHelp("How long expired material of a kind is kept (repeatable): 投诉记录=3.", valueName: "KIND=YEARS")
    )
    var retention: [String] = []
    @Flag(help: "Back to the default retention periods.") var retentionDefaults = false

    func validate() throws {
        if let l = labelStock, LabelStock.named(l) == nil {
            throw ValidationError(
                "--label-stock must be one of \(LabelStock.all.map { $0.name }.joined(separator: ", "))")
        }
        if operatorName != nil {
            throw ValidationError(
                "--operator is gone: the operator is the person your login is mapped to (dangan whoami); "
                    + "the archivist maps logins with dangan staff edit NAME --login LOGIN")
        }
        if let p = barcodePrefix,
            p.isEmpty || p.count > 8 || !p.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        {
            throw ValidationError("--barcode-prefix must be 1 to 8 letters, digits or '-'")
        }
        if retentionDefaults && !retention.isEmpty {
            throw ValidationError("--retention and --retention-defaults go one at a time")
        }
        for r in retention where r.split(separator: "=").count != 2 || Int(r.split(separator: "=").last ?? "") == nil {
            throw ValidationError("--retention must be KIND=YEARS, such as 投诉记录=3")
        }
    }

    func execute() throws {
        let store = try common.open()
        try store.require(.readRegisters)
        if language != nil || labelStock != nil || numbering != nil || barcodePrefix != nil {
            let scheme = try numbering.map { try Numbering.validate($0) }
            try store.updateSettings { s in
                if let language { s.language = language.rawValue }
                if let l = labelStock { s.labelStock = LabelStock.named(l)!.name }
                if let scheme { s.numbering = scheme }
                if let barcodePrefix { s.barcodePrefix = barcodePrefix }
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
        let who =
            store.operatorMember.map { "\(Out.safe($0.name)) (\($0.role.rawValue))" }
            ?? "\(Out.safe(store.login)) (not in the staff list)"
        Out.line(
            "language \(Out.safe(s.language))   operator \(who)   time zone \(Out.safe(s.timeZone))"
                + "   label stock \(Out.safe(s.labelStock ?? LabelStock.defaultName))")
        Out.line(
            """
            numbering \(Out.safe(s.numbering ?? Numbering.defaultPattern))   barcodes \
            \(Out.safe(s.barcodePrefix ?? Numbering.defaultBarcodePrefix))
            """
                + """
                 + \(Numbering.barcodeDigits) digits   next \(Out.safe(store.nextEnvelopeNumber())) \
                \(Out.safe(store.nextBarcode()))
                """
        )
        let r = s.loanRules
        Out.line(
            "loans: short ≤ \(r.shortDays) d, long ≤ \(r.longDays) d, 秘密 ≤ \(r.confidentialHours) h, "
                + "room closes \(r.closingHour):00, renewals ≤ \(r.maxRenewals), "
                + "ID approver \(Out.safe(r.idApproverTitle))"
        )
        for m in s.staff {
            Out.line(
                "staff: \(Out.safe(m.name))  \(m.role.rawValue)  \(Out.safe(m.title))  \(Out.safe(m.department))"
                    + "  login \(m.logins.isEmpty ? "-" : m.logins.map(Out.safe).joined(separator: ","))")
        }
        Out.line("lending rules: \(s.lendingRules.count) rows\(s.lending == nil ? " (defaults)" : "") — dangan rules")
        Out.line("catalogue: \(s.catalogue.count) kinds, \(s.catalogue.filter { $0.required }.count) on the checklist")
        let kept = s.retentionTable.sorted { $0.key < $1.key }.map { "\(Out.safe($0.key)) \($0.value)年" }.joined(
            separator: ", ")
        Out.line(
            """
            retention: \(kept.isEmpty ? "all permanent" : kept)\(s.retentionYears == nil ? " (defaults)" : ""); \
            other kinds permanent
            """
        )
    }
}
