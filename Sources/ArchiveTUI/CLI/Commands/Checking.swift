import ArchiveModel
import ArgumentParser
import Foundation

/// `dangan check`: the integrity of every file, links and permissions; with `--inventory`
/// the inventory check (盘点) of the shelves.
struct Check: DanganCommand {
    static let configuration = CommandConfiguration(
        abstract: """
            Check integrity (every file is read; links, oversize files and folders others may write to are problems), \
            or with --inventory make the inventory check (盘点) of a cabinet or all; exit 1 when anything is wrong.
            """)
    @OptionGroup var common: CommonOptions
    @Flag(help: "Inventory check: checklist, filing order, documents out, overdue loans. Recorded in the journal.")
    var inventory = false
    @Argument(help: "CABINET for --inventory (default: all).") var cabinet: String?
    @Option(
        help: "With --inventory: a file of the barcodes (or numbers) read off the shelf, one per line, in shelf order.")
    var scanned: String?
    @Option(help: "Adopt the hand edit of this envelope's file as a journaled change, recorded as yours.")
    var adopt: String?
    @Option(help: "Write this envelope's file again from the journal, undoing a hand edit (recorded in the journal).")
    var revert: String?
    @OptionGroup var progress: ProgressOption

    func validate() throws {
        if !inventory && (cabinet != nil || scanned != nil) {
            throw ValidationError("CABINET and --scanned go with --inventory")
        }
        if [inventory, adopt != nil, revert != nil].filter({ $0 }).count > 1 {
            throw ValidationError("--inventory, --adopt and --revert go one at a time")
        }
    }

    func execute() throws {
        if inventory { return try checkInventory() }
        if let ref = adopt ?? revert {
            let store = try common.open()
            let fields = adopt != nil ? try store.adoptFile(envelope: ref) : try store.revertFile(envelope: ref)
            let verb = adopt != nil ? "采纳 adopted" : "还原 reverted"
            Out.line(
                fields.isEmpty
                    ? "nothing to \(adopt != nil ? "adopt" : "revert"): the file shows what the journal says"
                    : """
                    \(verb): \
                    \(fields.map { FieldNames.label($0) + " (" + $0 + ")" }.map(Out.safe).joined(separator: ", "))
                    """
            )
            return
        }
        let meter = progress.meter("reading every file")
        meter?.update(.init(done: 0, total: 0, finished: false))  // opening the archive comes first
        let (store, problems) = try Integrity.check(try common.path(), progress: meter?.progress())
        meter?.finish()
        OpenedStores.keep(store)
        if common.json {
            Out.json(problems)
        } else {
            for p in problems { Out.line("\(p.kind.rawValue)\t\(Out.safe(p.path))\t\(Out.safe(p.message))") }
            let found = problems.isEmpty ? "no problems" : "\(problems.count) problem(s)"
            let waiting = store.register.openDisputes.count
            if waiting > 0 { Out.line("\(waiting) conflict(s) between desks wait for a decision: dangan conflicts") }
            Out.line(
                "checked \(store.cabinets.count) cabinets, \(store.envelopes.count) envelopes, "
                    + "\(store.entryCount) journal entries: \(found)")
        }
        if !problems.isEmpty { throw CommandFailure.problemsFound }
    }

    private func checkInventory() throws {
        var codes: [String]? = nil
        if let f = scanned {
            switch DurableIO.read(f, kind: .scanList) {
            case .ok(let b):
                codes = try SpreadsheetIO.decode(b).0.split(whereSeparator: { $0.isNewline }).map(String.init)
            case .missing: throw ArchiveError.notFound(what: "the scan file \(f)")
            case .failed(let m): throw ArchiveError.io(path: f, message: m)
            }
        }
        let store = try common.open()
        let meter = progress.meter("checking")
        let r = try store.checkInventory(cabinet: cabinet, scanned: codes, progress: meter?.progress())
        meter?.finish()
        store.close()
        if common.json {
            struct R: Encodable {
                var id: String
                var cabinets: [String]
                var envelopes: Int
                var scanned: Int
                var counts: [String: Int]
                var findings: [InventoryFinding]
            }
            Out.json(
                R(
                    id: r.id, cabinets: r.cabinets, envelopes: r.envelopes, scanned: r.scanned, counts: r.counts,
                    findings: r.findings))
        } else {
            let safe = Out.safe
            for f in r.findings {
                let what = "\(InventoryFinding.label(f.rule))\t\(f.rule)"
                Out.line("\(what)\t\(safe(f.cabinet))\t\(safe(f.room))\t\(safe(f.owner))\t\(safe(f.detail))")
            }
            let counts = r.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let found = r.findings.isEmpty ? "nothing found" : "\(r.findings.count) finding(s) (\(counts))"
            Out.line(
                "盘点 inventory of cabinet(s) \(r.cabinets.map(safe).joined(separator: ", ")): \(r.envelopes) envelopes"
                    + "\(scanned == nil ? "" : ", \(r.scanned) scanned"): \(found)")
            Out.line("recorded as \(r.id): print it again with dangan report arrangement \(r.id)")
        }
        if !r.findings.isEmpty { throw CommandFailure.problemsFound }
    }
}
