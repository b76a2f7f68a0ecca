import ArchiveModel
import ArgumentParser
import Foundation

/// The paperwork workflows: the photocopy register, destruction and transfer.

/// Prints a decision (text or JSON); a refusal then ends the command with status 3.
func printDecision(_ d: Decision, json: Bool, store: ArchiveStore, extra: [String: String] = [:], done: String) throws {
    if json {
        struct R: Encodable {
            var allowed: Bool
            var rule: String
            var message: String
            var document: String?
            var extra: [String: String]
        }
        Out.json(R(allowed: d.allowed, rule: d.rule, message: d.message, document: d.document, extra: extra))
    } else if d.allowed {
        Out.line("\(done) — rule \(d.rule): \(d.message)")
        for (k, v) in extra.sorted(by: { $0.key < $1.key }) { Out.line("\(k) \(Out.safe(v))") }
    }
    store.close()
    if !d.allowed { throw CommandFailure.refused(d) }
}

/// `dangan copy request|approve|made|back|settle|list`.
struct CopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy", abstract: "The photocopy register (影印): request, approve, made, back, settle, list.",
        subcommands: [Request.self, Approve.self, Made.self, Back.self, Settle.self, ListCopies.self])

    /// `dangan copy request DOC… --by NAME --purpose TEXT`.
    struct Request: DanganCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a request to photocopy documents (one envelope).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Documents: ids, or ENVELOPE:N such as 3-1201:2.") var documents: [String]
        @Option(help: "Who asks for the copy.") var by: String
        @Option(help: "Their department.") var department: String = ""
        @Option(help: "What the copy is for.") var purpose: String
        @Option(help: "Number of copies.") var copies: Int = 1

        func execute() throws {
            let store = try common.open()
            let (d, c) = try store.requestCopy(
                documents: documents, requester: by, department: department, purpose: purpose, copies: copies)
            try printDecision(
                d, json: common.json, store: store, extra: c.map { ["copy": $0.id] } ?? [:], done: "影印申请 registered")
        }
    }

    /// `dangan copy approve ID --approver NAME [--refuse REASON]`.
    struct Approve: DanganCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve a photocopy (or decline it with --refuse REASON); the original is taken out.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Photocopy id (or a unique prefix of 6+ characters).") var copy: String
        @Option(help: "The approver's name (must have the approver role).") var approver: String
        @Option(help: "Decline the request, with the reason.") var refuse: String?

        func execute() throws {
            let store = try common.open()
            let d = try store.approveCopy(copy, approver: approver, refuse: refuse)
            try printDecision(d, json: common.json, store: store, done: refuse == nil ? "批准 approved" : "不予批准 declined")
        }
    }

    /// `dangan copy made ID --pages N`.
    struct Made: DanganCommand {
        static let configuration = CommandConfiguration(abstract: "Register the copy made: pages and copies.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Photocopy id.") var copy: String
        @Option(help: "Pages copied.") var pages: Int
        @Option(help: "Copies made.") var copies: Int = 1

        func execute() throws {
            let store = try common.open()
            try printDecision(
                try store.recordCopyMade(copy, pages: pages, copies: copies), json: common.json, store: store,
                done: "影印 made")
        }
    }

    /// `dangan copy back ID [--incomplete TEXT]`.
    struct Back: DanganCommand {
        static let configuration = CommandConfiguration(
            abstract: "The original is back in its envelope, checked for completeness.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Photocopy id.") var copy: String
        @Option(help: "The original came back incomplete: say what is wrong.") var incomplete: String?

        func execute() throws {
            let store = try common.open()
            let d = try store.returnCopyOriginal(copy, complete: incomplete == nil, note: incomplete ?? "")
            try printDecision(d, json: common.json, store: store, done: "原件归还 back")
        }
    }

    /// `dangan copy settle ID --disposition TEXT`.
    struct Settle: DanganCommand {
        static let configuration = CommandConfiguration(
            abstract: "Account for the copies (given to whom, destroyed …) and cancel the entry.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Photocopy id.") var copy: String
        @Option(help: "Where the copies went.") var disposition: String

        func execute() throws {
            let store = try common.open()
            try printDecision(
                try store.settleCopy(copy, disposition: disposition), json: common.json, store: store,
                done: "销账 settled")
        }
    }

    /// `dangan copy list [--all]`.
    struct ListCopies: DanganCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Photocopies not yet settled (all with --all).")
        @OptionGroup var common: CommonOptions
        @Flag(help: "Settled and declined ones too.") var all = false

        func execute() throws {
            let store = try common.open()
            try store.require(.readRegisters)
            let tf = store.timeFormat
            let list = store.register.copies.filter { all || $0.isOpen }
            if common.json {
                struct C: Encodable {
                    var id, stage, envelope, room, requester, purpose, requested: String
                    var documents: [String]
                    var approver: String?
                    var copies: Int?
                    var pages: Int?
                }
                Out.json(
                    list.map { c in
                        C(
                            id: c.id, stage: c.stage.rawValue, envelope: c.envelope,
                            room: store.summary(id: c.envelope)?.roomCode ?? "",
                            requester: c.requester, purpose: c.purpose, requested: tf.iso(c.requestedAt),
                            documents: c.documents,
                            approver: c.approver, copies: c.copiesMade, pages: c.pages)
                    })
                return
            }
            let safe = Out.safe
            for c in list {
                let room = store.summary(id: c.envelope)?.roomCode ?? "?"
                let who = "\(safe(c.requester))\t\(safe(c.purpose))"
                Out.line("\(safe(c.id))\t\(c.stage.chinese)\t\(safe(room))\t\(who)\t\(tf.minute(c.requestedAt))")
            }
            Out.line("\(list.count) photocop\(list.count == 1 ? "y" : "ies")")
        }
    }
}

/// `dangan destroy --due` lists; `dangan destroy DOC… --approver NAME --reason TEXT` destroys.
struct Destroy: DanganCommand {
    static let configuration = CommandConfiguration(
        abstract: "Destroy expired documents (销毁) with an approver's approval; --due lists what may be destroyed.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Documents: ids, or ENVELOPE:N.") var documents: [String] = []
    @Flag(help: "List the documents past their retention that may be destroyed.") var due = false
    @Option(help: "Approver's name (approver role).") var approver: String?
    @Option(help: "Why they are destroyed.") var reason: String = ""
    @Option(help: "How (粉碎, 焚毁 …).") var method: String = "粉碎"

    func validate() throws {
        if due && !documents.isEmpty {
            throw ValidationError("--due lists; give either --due or the documents to destroy")
        }
        if !due && documents.isEmpty { throw ValidationError("name the documents to destroy (or --due to list them)") }
    }

    func execute() throws {
        let store = try common.open()
        if due {
            try store.require(.readRegisters)  // the destruction list is not for sales staff
            let list = store.dueForDestruction()
            if common.json {
                struct D: Encodable { var document, envelope, room, kind, date, retention, keptUntil: String }
                Out.json(
                    list.map {
                        D(
                            document: $1.id, envelope: $0.id, room: $0.roomCode, kind: $1.kind, date: $1.date,
                            retention: $1.retention, keptUntil: store.settings.retentionEnd(of: $1) ?? "")
                    })
                return
            }
            let safe = Out.safe
            for (s, d) in list {
                let doc = "\(safe(d.kind))\t\(safe(d.date))\t保管至 \(safe(store.settings.retentionText(of: d)))"
                Out.line("\(safe(d.id))\t\(safe(s.roomCode))\t\(safe(s.owner))\t\(doc)")
            }
            Out.line("\(list.count) document(s) past their retention")
            return
        }
        let (d, list) = try store.destroy(
            documents: documents, approver: approver ?? "", reason: reason, method: method)
        try printDecision(
            d, json: common.json, store: store, extra: list.first.map { ["batch": $0.batch] } ?? [:],
            done: "销毁 destroyed")
    }
}

/// `dangan transfer [DOC…] [--envelope ENV] --to NAME --organisation ORG`.
struct Transfer: DanganCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hand documents or whole envelopes over (移交) to another department or company.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Documents: ids, or ENVELOPE:N.") var documents: [String] = []
    @Option(name: .customLong("envelope"), help: "A whole envelope (repeat for more).") var envelopes: [String] = []
    @Option(help: "The person receiving.") var to: String
    @Option(help: "Their department or company.") var organisation: String
    @Option(help: "Approver's name, if one approved.") var approver: String?
    @Option(help: "Why.") var reason: String = ""

    func validate() throws {
        if documents.isEmpty && envelopes.isEmpty {
            throw ValidationError("name documents or --envelope ENV to hand over")
        }
    }

    func execute() throws {
        let store = try common.open()
        let (d, list) = try store.transfer(
            documents: documents, envelopes: envelopes, recipient: to, organisation: organisation,
            approver: approver, reason: reason)
        try printDecision(
            d, json: common.json, store: store, extra: list.first.map { ["batch": $0.batch] } ?? [:],
            done: "移交 handed over (print the sign-off list: dangan report transfer BATCH)")
    }
}
