import ArchiveModel
import ArgumentParser
import Foundation

/// The options every command shares: which archive, what time it is, and how to print.
struct CommonOptions: ParsableArguments {
    @Option(
        name: .customLong("archive"),
        help: ArgumentHelp(
            "The archive folder (default: $DANGAN_ARCHIVE, else your copy of the sample in ~/.local/share/dangan); "
                + "report monthly takes several, one per site.",
            valueName: "path"))
    var archives: [String] = []

    /// The one archive named (the commands other than `report monthly` take one).
    var archive: String? { archives.last }

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Take this time as now (ISO 8601); a testing hook, also $DANGAN_NOW.",
            valueName: "time"))
    var now: String?

    @Flag(help: "Print JSON.")
    var json = false

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp(
            "Write the output to this file instead (a regular file is replaced; a link, FIFO or device is "
                + "refused); - is standard output.",
            valueName: "file"))
    var output: String?

    func validate() throws {
        if archives.contains(where: { $0.isEmpty }) { throw ValidationError("--archive needs a folder") }
        if let output, output.isEmpty { throw ValidationError("-o needs a file name (- for standard output)") }
        if let now, InjectedClock.parse(now) == nil {
            throw ValidationError("--now must be an ISO 8601 time such as 2026-11-20T10:00:00+08:00")
        }
    }

    /// Installs the clock (`--now`, `DANGAN_NOW`) and where the output goes. Run before the
    /// command does anything.
    func prepare() throws {
        try InjectedClock.install(option: now)
        if let output, output != "-" { Out.destination = .file(output) }
    }

    /// The archive's path: `--archive`, `DANGAN_ARCHIVE`, or the user's copy of the sample.
    func path() throws -> String {
        if archives.count > 1 {
            throw ValidationError(
                "--archive is given \(archives.count) times: only report monthly adds up several archives")
        }
        return try ArchiveLocation.resolve(archive, note: { Out.err($0) })
    }

    /// Opens the archive (kept open until the process ends) and warns about folders others
    /// may write to.
    func open(quiet: Bool = false) throws -> ArchiveStore {
        let store = OpenedStores.keep(try ArchiveStore.open(try path()))
        CommonOptions.warnAboutPlaces(root: store.root)
        // A login the staff list does not know sees names only, and is told how to be added.
        if !quiet && store.operatorMember == nil { Out.err("dangan: " + ArchiveStore.unknownLoginMessage(store.login)) }
        return store
    }

    nonisolated(unsafe) private static var warned = Set<String>()

    /// Warns (once per archive and process) about links among the archive's top folders and
    /// folders others may write to. `open()` does it; a command that reads the archive without
    /// opening a store calls it itself.
    static func warnAboutPlaces(root: String) {
        var key = root
        while key.count > 1 && key.hasSuffix("/") { key.removeLast() }
        guard warned.insert(key).inserted else { return }
        for w in ArchiveAudit.openingWarnings(root: root) { Out.err("dangan: warning: " + w) }
    }
}

/// A command of dangan: the shared options, then the work. `run()` prepares the options
/// (clock, output) and calls `execute()`.
protocol DanganCommand: ParsableCommand {
    var common: CommonOptions { get }
    func execute() throws
}

extension DanganCommand {
    mutating func run() throws {
        try common.prepare()
        try execute()
    }
}

/// Stores a command opened stay referenced until the process ends (`Entry.main` exits), so
/// their summaries are not released one by one on the way out (10 % of `dangan ls`'s
/// instructions at 100,000 envelopes). Only the main thread touches this.
enum OpenedStores {
    nonisolated(unsafe) private static var stores: [ArchiveStore] = []
    @discardableResult
    static func keep(_ s: ArchiveStore) -> ArchiveStore {
        stores.append(s)
        return s
    }
}

// MARK: - Values of options, parsed by the argument parser

extension LoanType: ExpressibleByArgument {}
extension ReportKind: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
extension IDType: ExpressibleByArgument {}

extension Secrecy: ExpressibleByArgument {
    /// The JSON names and the Chinese ones (秘密, 机密, 绝密).
    public init?(argument: String) { self.init(parse: argument) }
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
}

/// The UI language setting.
enum Language: String, CaseIterable, ExpressibleByArgument {
    case auto, zh, en
}

/// `YYYY-MM`.
struct Month: ExpressibleByArgument {
    let text: String
    init?(argument: String) {
        guard argument.utf8.count == 7, TimeFormat.isDay(argument + "-01") else { return nil }
        text = argument
    }
    static var defaultCompletionKind: CompletionKind { .default }
}

/// `CABINET[/BUILDING[/FLOOR[/UNIT]]]`: location codes separated by `/`.
struct Place: ExpressibleByArgument {
    let parts: [String]
    init?(argument: String) {
        let p = argument.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard p.count <= 4, p.allSatisfy(LocationCode.isValid) else { return nil }
        parts = p
    }
}
