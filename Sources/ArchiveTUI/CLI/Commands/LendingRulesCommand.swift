import ArchiveModel
import ArgumentParser
import Foundation

/// `dangan rules`: the lending rule matrix, in force in this archive, and why a loan is decided
/// as it is.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "The lending rules (借阅规则): print the matrix, or explain which rule decides a loan.",
        subcommands: [Print.self, Explain.self], defaultSubcommand: Print.self)

    /// `dangan rules [--set FILE | --reset]`.
    struct Print: DanganCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract:
                """
                Print the rule matrix in order (the first matching row decides); --set FILE / --reset change it \
                (the archivist only).
                """
        )
        @OptionGroup var common: CommonOptions
        @Option(
            help: ArgumentHelp(
                "Replace the matrix with the rows of this JSON file (an array, as --json prints).", valueName: "file"))
        var set: String?
        @Flag(help: "Go back to the defaults (following the regulations).") var reset = false

        func validate() throws {
            if set != nil && reset { throw ValidationError("--set and --reset go one at a time") }
        }

        func execute() throws {
            let store = try common.open()
            try store.require(.readRegisters)
            if let f = set {
                let rows: [LendingRule]
                switch DurableIO.read(f, kind: .settings) {
                case .ok(let b):
                    do { rows = try JSONDecoder().decode([LendingRule].self, from: Data(b)) } catch {
                        throw ArchiveError.invalidField(
                            field: "--set",
                            reason: "\(Out.safe(f)) is not a list of rules: \(JSONCoding.describe(error))")
                    }
                case .missing: throw ArchiveError.notFound(what: "the rules file \(f)")
                case .failed(let m): throw ArchiveError.io(path: f, message: m)
                }
                try LendingPolicy.validate(rows, settings: store.settings)
                try store.updateSettings { $0.lending = rows }
            } else if reset {
                try store.updateSettings { $0.lending = nil }
            }
            let rows = store.settings.lendingRules
            if common.json { return Out.json(rows) }
            let r = store.settings.loanRules
            Out.line(
                "借阅规则 lending rules\(store.settings.lending == nil ? " (defaults)" : "") — 自上而下, 第一条适用的规则决定 "
                    + "(read top to bottom: the first row that matches the document and the loan type decides)")
            Out.line(
                """
                借阅类型: 室内阅览 至\(r.closingHour):00 · 当日借阅 至23:59 · 短期 \(r.shortDays)天 · 长期 \(r.longDays)天 (a row's \
                longest can shorten them)
                """
            )
            let safe = Out.safe
            for (i, row) in rows.enumerated() {
                Out.line(
                    String(format: "%2d  ", i + 1) + "\(safe(row.id))  [\(safe(row.scope))]  → \(safe(row.outcome))")
                Out.line("    \(safe(row.message))\(row.source.isEmpty ? "" : "  〔\(safe(row.source))〕")")
            }
        }
    }

    /// `dangan rules explain DOC --to NAME [--type T] [--approver NAME]`.
    struct Explain: DanganCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Say which rule decides a loan of a document, why the rows above it do not apply, and the outcome.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The document: an id, or ENVELOPE:N such as 3-1201:2.") var document: String
        @Option(help: "The borrower.") var to: String
        @Option(help: "Kind of loan.") var type: LoanType = .short
        @Option(help: "An approver's name, typed for their signature on the form.") var approver: String?

        func execute() throws {
            let store = try common.open()
            try store.require(.readFiles)
            let (e, d) = try store.document(ref: document)
            let settings = store.settings
            let kind = settings.kind(named: d.kind)
            let borrower = settings.staff(named: to)
            let safe = Out.safe
            let x = LendingPolicy.deciding(d, type: type, borrower: borrower, settings: settings)
            let verdict = LendingRules.evaluate(
                documents: [d],
                request: LoanRequest(
                    documents: [d.id], borrower: to, purpose: "(explain)",
                    approver: approver, type: type),
                settings: settings, register: store.register, now: store.now, tf: store.timeFormat)
            if common.json {
                struct Skip: Encodable {
                    var rule: String
                    var why: String
                }
                struct R: Encodable {
                    var document, kind, secrecy: String
                    var original, idMaterial: Bool
                    var group: String?
                    var type: String
                    var skipped: [Skip]
                    var deciding: LendingRule?
                    var position: Int?
                    var decision: Decision
                    var approvers: [String]
                    var approval: String?
                }
                Out.json(
                    R(
                        document: d.id, kind: d.kind, secrecy: d.secrecy.rawValue, original: d.original,
                        idMaterial: kind?.idMaterial ?? false,
                        group: kind?.group.rawValue, type: type.rawValue,
                        skipped: (x?.skipped ?? []).map { Skip(rule: $0.0.id, why: $0.1) },
                        deciding: x?.rule, position: x.map { $0.index + 1 }, decision: verdict.decision,
                        approvers: verdict.approvers,
                        approval: verdict.needsApproval ? verdict.kind.rawValue : nil))
                return
            }
            let traits =
                [kind?.group.chinese ?? "未列明类别", d.original ? "原件" : "复印件", d.secrecy.chinese]
                + (kind?.idMaterial == true ? ["身份资料"] : [])
            Out.line(
                """
                文件 \(safe(d.kind)) 「\(safe(d.title))」 \(traits.joined(separator: " · "))  — \(safe(e.roomCode)) \
                \(safe(e.owner)), \(safe(d.id))
                """
            )
            let who = borrower.map { " (\(safe($0.title.isEmpty ? $0.role.chinese : $0.title)))" } ?? " (不在人员名单中)"
            Out.line("借阅人 \(safe(to))\(who) · \(type.chinese) \(type.rawValue)")
            guard let x else {
                Out.line("没有适用的规则,不能借出 (no row applies: the loan is refused, rule rules.none)")
                return
            }
            for (i, (row, why)) in x.skipped.enumerated() {
                Out.line(String(format: "%2d  ", i + 1) + "\(safe(row.id))  不适用 (does not apply): \(safe(why))")
            }
            Out.line(
                String(format: "%2d  ", x.index + 1)
                    + "\(safe(x.rule.id))  适用,决定 (applies and decides)  [\(safe(x.rule.scope))]")
            Out.line("    \(safe(x.rule.message))\(x.rule.source.isEmpty ? "" : "  〔\(safe(x.rule.source))〕")")
            Out.line("    → \(safe(x.rule.outcome))")
            Out.line("    (later rows are not read: the first row that applies decides)")
            let d2 = verdict.decision
            if d2.allowed {
                let how = verdict.approver.map { " — \($0.name) \(verdict.mode?.chinese ?? "")" } ?? ""
                Out.line(
                    "结果 outcome: 可借 allowed by rule \(d2.rule), 应还 due \(store.timeFormat.minute(d2.due!))\(safe(how))")
            } else {
                Out.line("结果 outcome: 不可借 refused by rule \(d2.rule): \(safe(d2.message))")
            }
        }
    }
}
