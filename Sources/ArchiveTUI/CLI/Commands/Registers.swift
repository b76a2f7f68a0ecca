import ArchiveModel
import ArgumentParser
import Foundation

/// The registers beside the borrowing register (issue 17): intake hand-overs, keys, arrangement
/// sessions; editing and removing documents; an envelope's customer details. Their printed
/// registers are reports: `dangan report intake|keys|arrangement|storage-list|categories|expired`.

/// `dangan intake --from NAME --department DEPT --item TEXT… [--missing TEXT]`.
struct IntakeCommand: DanganCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "Register documents handed over by another department (交接登记), received or refused as incomplete.",
        discussion: """
            Count what is handed over against its list. When anything is missing, give --missing: \
            the hand-over is refused (不全不接收) and registered as such. Print the register: dangan report intake.
            """)
    @OptionGroup var common: CommonOptions
    @Option(help: "Who hands the documents over (移交人).") var from: String
    @Option(help: "Their department (移交部门).") var department: String
    @Option(help: "What is handed over, one item each (repeatable): 认购书(3-1201) …") var item: [String] = []
    @Option(name: .customLong("envelope"), help: "The envelope the documents are for (repeatable).")
    var envelopes: [String] = []
    @Option(help: "Who receives them (接收人; default: the operator).") var receivedBy: String?
    @Option(help: "What is missing: the hand-over is refused (不全不接收).") var missing: String?
    @Option var note: String = ""

    func validate() throws {
        if item.isEmpty { throw ValidationError("list what is handed over: --item TEXT (repeat for each)") }
        if let missing, missing.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--missing needs what is missing (leave it out when the hand-over is complete)")
        }
    }

    func execute() throws {
        let store = try common.open()
        let r = try store.recordIntake(
            from: from, department: department, receiver: receivedBy, items: item, envelopes: envelopes,
            missing: missing ?? "", note: note)
        store.close()
        if common.json {
            struct R: Encodable {
                var id, at, from, department, receiver, result, missing: String
                var accepted: Bool
                var items, envelopes: [String]
            }
            Out.json(
                R(
                    id: r.id, at: store.timeFormat.iso(r.at), from: r.from, department: r.department,
                    receiver: r.receiver,
                    result: r.resultChinese, missing: r.missing, accepted: r.accepted, items: r.items,
                    envelopes: r.envelopes))
            return
        }
        Out.line(
            r.accepted
                ? """
                交接登记 \(r.id): 已接收 \(r.items.count) 项 from \(Out.safe(r.from)) (\(Out.safe(r.department))), \
                received by \(Out.safe(r.receiver))
                """
                : """
                交接登记 \(r.id): 不全不接收 — refused, missing \(Out.safe(r.missing)); returned to \(Out.safe(r.from)) \
                (\(Out.safe(r.department)))
                """
        )
    }
}

/// `dangan arrange [CABINET…] --work labels|tidy --findings TEXT [--envelope ENV]…`.
struct ArrangeCommand: DanganCommand {
    static let configuration = CommandConfiguration(
        commandName: "arrange",
        abstract: "Register a label check or a tidying session (档案整理记录): scope, findings, envelopes dealt with.",
        discussion:
            "Inventory checks (dangan check --inventory) are listed beside them: dangan report arrangement [ID].")
    @OptionGroup var common: CommonOptions
    @Argument(help: "The cabinets covered (default: all).") var cabinets: [String] = []
    @Option(help: "labels (标签检查更新) or tidy (整理归位).") var work: ArrangementSession.Work = .labels
    @Option(help: "The scope in words when narrower than the cabinets (3栋12–15层).") var scope: String = ""
    @Option(help: "What was found.") var findings: String
    @Option(name: .customLong("envelope"), help: "An envelope relabelled or put back (repeatable).")
    var envelopes: [String] = []
    @Option var note: String = ""

    func execute() throws {
        let store = try common.open()
        let s = try store.recordArrangement(
            work: work, cabinets: cabinets, scope: scope, findings: findings, envelopes: envelopes, note: note)
        store.close()
        if common.json {
            struct R: Encodable {
                var id, at, by, work, findings: String
                var cabinets, envelopes: [String]
            }
            Out.json(
                R(
                    id: s.id, at: store.timeFormat.iso(s.at), by: s.by, work: s.work.rawValue, findings: s.findings,
                    cabinets: s.cabinets, envelopes: s.envelopes))
            return
        }
        Out.line(
            """
            \(s.work.chinese) recorded \(s.id): cabinet(s) \(s.cabinets.map(Out.safe).joined(separator: ", ")), \
            \(s.envelopes.count) envelope(s)
            """
        )
    }
}

extension ArrangementSession.Work: ExpressibleByArgument {}

extension DocumentCommand {
    /// `dangan document edit DOC [--title …] …`.
    struct Edit: DanganCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a document's fields (journaled: before and after).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The document: its id, or ENVELOPE:N.") var document: String
        @Option(help: "Kind from the catalogue.") var kind: String?
        @Option var title: String?
        @Flag(inversion: .prefixedNo, help: "An original (--original) or a copy (--no-original).") var original: Bool?
        @Option var pages: Int?
        @Option(help: ArgumentHelp("Date on the document.", valueName: "YYYY-MM-DD")) var date: String?
        @Option(help: "Secrecy: none, confidential (秘密), secret (机密), top-secret (绝密).") var secrecy: Secrecy?
        @Option(
            help: ArgumentHelp(
                "permanent, a destroy-after date, or default (by the kind's period).",
                valueName: "permanent|YYYY-MM-DD|default"))
        var retention: String?
        @Option var note: String?

        func execute() throws {
            let store = try common.open()
            let d = try store.updateDocument(document) { d in
                if let kind { d.kind = kind }
                if let title { d.title = title }
                if let original { d.original = original }
                if let pages { d.pages = pages }
                if let date { d.date = date }
                if let secrecy { d.secrecy = secrecy }
                if let retention { d.retention = retention }
                if let note { d.note = note }
            }
            if common.json {
                Out.json(JSONShapes.document(d, store: store))
                return
            }
            Out.line(
                """
                saved \(d.id): \(Out.safe(d.kind)) \(Out.safe(d.title)), 保管期限 \
                \(Out.safe(store.settings.retentionText(of: d)))
                """
            )
        }
    }

    /// `dangan document remove DOC --reason TEXT`.
    struct Remove: DanganCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Take a document off its file list (filed by mistake, twice …); the journal keeps it and the reason.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The document: its id, or ENVELOPE:N.") var document: String
        @Option(help: "Why it is taken off.") var reason: String

        func execute() throws {
            let store = try common.open()
            try printDecision(
                try store.removeDocument(document, reason: reason), json: common.json, store: store, done: "删除 removed")
        }
    }
}

/// The customer details an envelope keeps (`envelope add` and `envelope edit`).
struct CustomerOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Property category: 住宅/residential, 商铺/shop, 写字楼/office, 车位/parking (\"\" clears).", valueName: "category"))
    var category: String?
    @Option(help: "A vehicle plate such as 粤B12345 (repeatable; replaces the plates; \"\" clears them).")
    var plate: [String] = []
    @Option(help: "A parking space (repeatable; replaces them; \"\" clears them).") var parking: [String] = []
    @Option(help: "Emergency contact's name (all three \"\": no emergency contact).") var emergencyName: String?
    @Option(help: "Emergency contact's relation (配偶, 儿子 …).") var emergencyRelation: String?
    @Option(help: "Emergency contact's phone.") var emergencyPhone: String?
    @Option(help: ArgumentHelp("The customer moved out on this day (\"\" cancels).", valueName: "YYYY-MM-DD"))
    var moveOut: String?
    @Option(help: "Move-out: the new phone the customer left.") var forwardPhone: String?
    @Option(help: "Move-out: the address mail is forwarded to.") var forwardAddress: String?

    func validate() throws {
        if let c = category, !c.isEmpty, PropertyCategory(parse: c) == nil {
            throw ValidationError("--category must be one of \(PropertyCategory.choices)")
        }
    }

    /// Sets the details given on the envelope; the others stay as they are.
    func apply(to e: inout Envelope) throws {
        if let c = category { e.category = c.isEmpty ? nil : PropertyCategory(parse: c) }
        if !plate.isEmpty { e.vehiclePlates = plate.filter { !$0.isEmpty } }
        if !parking.isEmpty { e.parking = parking.filter { !$0.isEmpty } }
        if emergencyName != nil || emergencyRelation != nil || emergencyPhone != nil {
            var c = e.emergencyContact ?? Contact(name: "", phone: "")
            if let n = emergencyName { c.name = n }
            if let r = emergencyRelation { c.relation = r }
            if let p = emergencyPhone { c.phone = p }
            e.emergencyContact = c
        }
        if let d = moveOut, d.isEmpty {
            e.moveOut = nil
        } else if moveOut != nil || forwardPhone != nil || forwardAddress != nil {
            var m = e.moveOut ?? MoveOut(date: "")
            if let d = moveOut { m.date = d }
            if let p = forwardPhone { m.phone = p }
            if let a = forwardAddress { m.address = a }
            guard !m.date.isEmpty else {
                throw ArchiveError.invalidField(
                    field: "--move-out",
                    reason: "is required with --forward-phone or --forward-address (the day the customer moved out)")
            }
            e.moveOut = m
        }
    }
}
