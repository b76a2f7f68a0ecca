import ArchiveModel
import ArgumentParser
import Foundation

/// `dangan incident report|resolve|list`: loss, damage and incomplete documents (seed 000 篇3
/// 4.4: report at once to the company's leadership, hide nothing).
struct IncidentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident", abstract: "Loss, damage, incomplete documents (遗失、损坏): report, resolve, list.",
        subcommands: [ReportIt.self, Resolve.self, ListIncidents.self])

    struct JSONRow: Encodable {
        var id, kind, envelope, room, note, reported, by: String
        var documents: [String]
        var loan: String?
        var open: Bool
        var resolved, resolvedBy, resolution: String?
        init(_ i: IncidentRecord, store: ArchiveStore) {
            let tf = store.timeFormat
            id = i.id
            kind = i.kind.rawValue
            envelope = i.envelope
            room = store.summary(id: i.envelope)?.roomCode ?? ""
            note = i.note
            reported = tf.iso(i.reportedAt)
            by = i.reportedBy
            documents = i.documents
            loan = i.loan
            open = i.isOpen
            resolved = i.resolvedAt.map { tf.iso($0) }
            resolvedBy = i.resolvedBy
            resolution = i.resolution
        }
    }

    /// `dangan incident report DOC… --kind lost|damaged|incomplete --note TEXT`.
    struct ReportIt: DanganCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Report documents lost, damaged or incomplete; they stay flagged until resolved.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Documents: ids, or ENVELOPE:N (one envelope).") var documents: [String]
        @Option(help: "lost, damaged or incomplete.") var kind: IncidentKind
        @Option(help: "What happened.") var note: String

        func validate() throws {
            if documents.isEmpty { throw ValidationError("name the documents: ids, or ENVELOPE:N") }
        }

        func execute() throws {
            let store = try common.open()
            let i = try store.reportIncident(documents: documents, kind: kind, note: note)
            if common.json { return Out.json(JSONRow(i, store: store)) }
            Out.line(
                """
                报告 reported \(i.kind.chinese) \(i.id): \(i.documents.count) document(s) — flagged until \
                resolved (dangan incident resolve \(i.id) --note …)
                """
            )
        }
    }

    /// `dangan incident resolve ID --note TEXT`.
    struct Resolve: DanganCommand {
        static let configuration = CommandConfiguration(abstract: "Close an incident, saying what was done.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The incident id (or a unique prefix of 6+ characters).") var incident: String
        @Option(help: "What was done: found, repaired, replaced, reported to the police …") var note: String

        func execute() throws {
            let store = try common.open()
            let i = try store.resolveIncident(incident, note: note)
            if common.json { return Out.json(JSONRow(i, store: store)) }
            Out.line("处理 resolved \(i.id) (\(i.kind.chinese)): \(Out.safe(i.resolution ?? ""))")
        }
    }

    /// `dangan incident list [--all]`.
    struct ListIncidents: DanganCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Open incidents (--all: resolved ones too).")
        @OptionGroup var common: CommonOptions
        @Flag(help: "Resolved ones too.") var all = false

        func execute() throws {
            let store = try common.open()
            try store.require(.readRegisters)
            let list = store.register.incidents.filter { all || $0.isOpen }
            if common.json { return Out.json(list.map { JSONRow($0, store: store) }) }
            let tf = store.timeFormat
            let safe = Out.safe
            for i in list {
                let room = store.summary(id: i.envelope)?.roomCode ?? "?"
                Out.line(
                    """
                    \(i.id)\t\(i.kind.chinese)\t\(i.isOpen ? "未结" : "已处理")\t\(safe(room))\t\(i.documents.count)份\
                    \t\(safe(i.note))\t\(tf.minute(i.reportedAt)) \(safe(i.reportedBy))
                    """
                )
            }
            Out.line("\(list.count) incident(s)\(all ? "" : " open")")
        }
    }
}
