import ArchiveModel
import ArgumentParser
import Foundation

/// `dangan history ENVELOPE`: who changed what, when, from which desk, before and after.
struct History: DanganCommand {
    static let configuration = CommandConfiguration(
        abstract: "The history of an envelope: every change with who, when, which desk, before and after.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Envelope id, number, barcode or room code (3-1201).") var envelope: String

    struct Item: Encodable {
        var entry: String, at: String, by: String, login: String, desk: String, action: String, note: String
        var fields: [Field]
        struct Field: Encodable { var path: String, label: String, before: String, after: String }
    }

    func execute() throws {
        let store = try common.open()
        try store.require(.readRegisters)
        let items = try store.history(envelope: envelope)
        let tf = store.timeFormat
        if common.json {
            Out.json(
                items.map { h in
                    Item(
                        entry: h.entry, at: tf.iso(h.at), by: h.by, login: h.login, desk: h.desk, action: h.action,
                        note: h.note,
                        fields: h.fields.map {
                            .init(path: $0.path, label: $0.label, before: $0.before, after: $0.after)
                        })
                })
            return
        }
        for h in items {
            let who = h.login.isEmpty || h.login == h.by ? h.by : "\(h.by) (\(h.login))"
            let desk = h.desk.isEmpty ? "" : "  \(h.desk)"
            Out.line(
                """
                \(tf.minute(h.at))  \(Out.safe(who))  \(HistoryItem.actionName(h.action)) \
                \(h.action)\(desk)\(h.entry.isEmpty ? "" : "  [\(h.entry)]")
                """
            )
            if !h.note.isEmpty { Out.line("    \(Out.safe(h.note))") }
            for f in h.fields {
                Out.line("    \(Out.safe(f.label)): \(Out.safe(f.before)) → \(Out.safe(f.after))")
            }
        }
        Out.line("\(items.count) change\(items.count == 1 ? "" : "s")")
    }
}

/// `dangan conflicts`: what two desks did without seeing each other, waiting for a person.
struct Conflicts: DanganCommand {
    static let configuration = CommandConfiguration(
        abstract: "Conflicts between desks (a document lent at two desks, a field set differently): list and resolve.",
        subcommands: [ListConflicts.self, Resolve.self], defaultSubcommand: ListConflicts.self)
    @OptionGroup var common: CommonOptions
    func execute() throws {}

    struct ListConflicts: DanganCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the conflicts (--all: resolved ones too).")
        @OptionGroup var common: CommonOptions
        @Flag(help: "Resolved conflicts too.") var all = false

        func execute() throws {
            let store = try common.open()
            try store.require(.readRegisters)
            let list = all ? store.register.allDisputes : store.register.openDisputes
            let tf = store.timeFormat
            if common.json {
                struct J: Encodable {
                    var id: String, kind: String, record: String, envelope: String?, field: String?, resolved: Bool
                    var sides: [S]
                    struct S: Encodable {
                        var entry: String, desk: String, by: String, at: String, value: String, loan: String?
                    }
                }
                Out.json(
                    list.map { d in
                        J(
                            id: d.id, kind: d.kind.rawValue, record: d.record, envelope: d.envelope, field: d.field,
                            resolved: store.register.resolutions[d.id] != nil,
                            sides: d.sides.map {
                                .init(
                                    entry: $0.entry, desk: $0.desk, by: $0.by, at: tf.iso($0.at),
                                    value: store.shownValue(field: d.field ?? "", $0.value), loan: $0.loan)
                            })
                    })
                return
            }
            for d in list {
                let room =
                    d.envelope.flatMap { store.summary(id: $0) }.map { "\($0.roomCode) \(Out.safe($0.owner))" } ?? ""
                let what =
                    d.kind == .doubleLoan
                    ? "同一文件在两个工作站借出 (lent at two desks) \(d.record)"
                    : "\(FieldNames.label(d.field ?? "")) 被两个工作站改为不同的值 (set differently at two desks)"
                let done =
                    store.register.resolutions[d.id].map {
                        "  已处理 resolved by \(Out.safe($0.by)): \(Out.safe($0.resolution.reason))"
                    } ?? ""
                Out.line("\(d.id)  \(room)  \(what)\(done)")
                for s in d.sides {
                    let keep = d.kind == .doubleLoan ? (s.loan ?? s.entry) : s.entry
                    Out.line(
                        """
                            --keep \(keep)  \(Out.safe(store.shownValue(field: d.field ?? "", s.value)))  \
                        (\(Out.safe(s.by)), \(tf.minute(s.at)), desk \(s.desk))
                        """
                    )
                }
            }
            Out.line("\(list.count) conflict\(list.count == 1 ? "" : "s")\(all ? "" : " waiting for a decision")")
            if !all && !list.isEmpty { throw CommandFailure.problemsFound }
        }
    }

    struct Resolve: DanganCommand {
        static let configuration = CommandConfiguration(
            abstract: "Resolve a conflict: the loan that really went out, or the entry whose value stands; and why.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The conflict's id (cf-…), or a unique start of it.") var conflict: String
        @Option(
            help: "For a double loan: the loan id that stands. For a field: the entry (DESK:SEQ) whose value stands.")
        var keep: String
        @Option(help: "Why (recorded in the journal).") var reason: String

        func execute() throws {
            let store = try common.open()
            try store.resolveDispute(conflict, keep: keep, reason: reason)
            Out.line("已处理 resolved: \(Out.safe(conflict)) — kept \(Out.safe(keep))")
        }
    }
}

/// `dangan desks`: the desks writing to this archive.
struct Desks: DanganCommand {
    static let configuration = CommandConfiguration(
        abstract: "The desks (installations) that write to this archive, with their entries and who set them up.")
    @OptionGroup var common: CommonOptions

    func execute() throws {
        let store = try common.open()
        let tf = store.timeFormat
        let here = store.localDeskID
        struct J: Encodable {
            var id: String, host: String, by: String, login: String, since: String, entries: Int, this: Bool,
                copiedFrom: String?
        }
        let rows = store.register.desks.values.sorted { $0.at < $1.at }.map { d in
            J(
                id: d.id, host: d.host, by: d.by, login: d.login, since: tf.iso(d.at),
                entries: store.frontier[d.id]?.seq ?? 0,
                this: d.id == here, copiedFrom: d.copiedFrom)
        }
        if common.json {
            Out.json(rows)
            return
        }
        for r in rows {
            Out.line(
                """
                \(r.this ? "*" : " ") \(r.id)  \(Out.safe(r.host))  \
                \(Out.safe(r.by))\(r.login.isEmpty ? "" : " (\(Out.safe(r.login)))")
                """
                    + """
                      since \(String(r.since.prefix(16)))  \(r.entries) \
                    entries\(r.copiedFrom.map { "  copy of \($0)" } ?? "")
                    """
            )
        }
        if here == nil { Out.line("(this copy has not written yet: it gets a desk of its own on its first change)") }
    }
}

/// `dangan sync`: share the archive with other desks and offices through git.
struct Sync: DanganCommand {
    static let configuration = CommandConfiguration(
        abstract:
            """
            Share the archive through git: commit this desk's changes, fetch, merge, write files again from the \
            merged journal, push.
            """,
        discussion: """
            The archive folder is a git work tree whose remote `origin` is the hub every office reaches. \
            git runs with dangan's own settings (yours are not read). Conflicts between desks (a document lent \
            at two desks, a field set differently) are listed by dangan conflicts and block lending until resolved.
            """)
    @OptionGroup var common: CommonOptions
    @Option(
        help: "The hub (a git URL or path): makes the archive a git work tree with it as origin when it is not one yet."
    )
    var remote: String?
    @Flag(help: "Commit, fetch and merge, but do not push.") var noPush = false
    @OptionGroup var progress: ProgressOption

    func execute() throws {
        let store = try common.open()
        let meter = progress.meter("syncing")
        let r = try store.sync(remote: remote, push: !noPush, progress: meter?.progress())
        meter?.finish()
        if common.json {
            struct J: Encodable {
                var committed: Bool, received: Int, newDesks: [String], reprojected: [String], newConflicts: [String],
                    pushed: Bool, attempts: Int
            }
            Out.json(
                J(
                    committed: r.committed, received: r.received, newDesks: r.newDesks, reprojected: r.reprojected,
                    newConflicts: r.newConflicts.map { $0.id }, pushed: r.pushed, attempts: r.attempts))
            return
        }
        Out.line(
            """
            同步 synced: \(r.committed ? "this desk's changes committed; " : "")\(r.received) \
            entr\(r.received == 1 ? "y" : "ies") received
            """
                + (r.pushed ? ", pushed" : ", not pushed") + (r.attempts > 1 ? " (\(r.attempts) attempts)" : ""))
        for d in r.newDesks { Out.line("新工作站 new desk: \(d)") }
        if !r.reprojected.isEmpty {
            Out.line("\(r.reprojected.count) file(s) changed on both sides, written again from the merged journal")
        }
        for d in r.newConflicts {
            let what =
                d.kind == .doubleLoan
                ? "同一文件在两个工作站借出 (lent at two desks)"
                : "\(FieldNames.label(d.field ?? "")) 被两个工作站改为不同的值"
            Out.line("冲突 conflict \(d.id): \(what) — dangan conflicts")
        }
    }
}
