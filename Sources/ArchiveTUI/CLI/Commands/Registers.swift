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
    @Option(name: .customLong("envelope"), help: "The envelope the documents are for (repeatable).") var envelopes: [String] = []
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
        let r = try store.recordIntake(from: from, department: department, receiver: receivedBy, items: item, envelopes: envelopes,
                                       missing: missing ?? "", note: note)
        store.close()
        if common.json {
            struct R: Encodable {
                var id, at, from, department, receiver, result, missing: String
                var accepted: Bool
                var items, envelopes: [String]
            }
            Out.json(R(id: r.id, at: store.timeFormat.iso(r.at), from: r.from, department: r.department, receiver: r.receiver,
                       result: r.resultChinese, missing: r.missing, accepted: r.accepted, items: r.items, envelopes: r.envelopes))
            return
        }
        Out.line(r.accepted
                 ? "交接登记 \(r.id): 已接收 \(r.items.count) 项 from \(Out.safe(r.from)) (\(Out.safe(r.department))), received by \(Out.safe(r.receiver))"
                 : "交接登记 \(r.id): 不全不接收 — refused, missing \(Out.safe(r.missing)); returned to \(Out.safe(r.from)) (\(Out.safe(r.department)))")
    }
}

/// `dangan keys issue|hand-over|return|lost|lock-change|deposit|out|back|release|list`.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "The key register (钥匙领用/移交登记): cabinet keys, and unit keys held for owners (代保管单元钥匙).",
        discussion: """
            Cabinet keys: issue, hand-over (the archivist away: to the supervisor), return, lost (the lock must then be \
            changed), lock-change. Unit keys: deposit, out, back, release (given back to the owner); each signed. \
            Print the register: dangan report keys.
            """,
        subcommands: [Issue.self, HandOver.self, GiveBack.self, Lost.self, LockChange.self, Deposit.self, TakeOut.self, Back.self,
                      Release.self, ListKeys.self])

    static func record(_ common: CommonOptions, _ req: KeyRequest) throws {
        let store = try common.open()
        let (d, ev) = try store.recordKey(req)
        try printDecision(d, json: common.json, store: store, extra: ev.map { ["key": $0.id] } ?? [:], done: "钥匙 \(req.kind.chinese)")
    }

    struct Issue: DanganCommand {
        static let configuration = CommandConfiguration(abstract: "A key of a cabinet given to someone (领用); --spare for the manager's spare.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The cabinet's code.") var cabinet: String
        @Option(help: "Who receives the key.") var to: String
        @Flag(help: "The spare key (备用钥匙), kept by a manager (approver role).") var spare = false
        @Option(help: "Who signed for it (default: who receives it).") var signed: String = ""
        func execute() throws { try KeysCommand.record(common, KeyRequest(kind: .issue, cabinet: cabinet, to: to, spare: spare, signedBy: signed)) }
    }

    struct HandOver: DanganCommand {
        static let configuration = CommandConfiguration(commandName: "hand-over", abstract: "A cabinet key handed from one holder to another (移交).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The cabinet's code.") var cabinet: String
        @Option(help: "Who hands the key over.") var from: String
        @Option(help: "Who receives it.") var to: String
        @Option(help: "Why (休假, 外出 …).") var purpose: String = ""
        func execute() throws {
            try KeysCommand.record(common, KeyRequest(kind: .handOver, cabinet: cabinet, from: from, to: to, purpose: purpose))
        }
    }

    struct GiveBack: DanganCommand {
        static let configuration = CommandConfiguration(commandName: "return", abstract: "A cabinet key given back (交回).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The cabinet's code.") var cabinet: String
        @Option(help: "Who gives the key back.") var from: String
        @Option(help: "Why.") var purpose: String = ""
        func execute() throws { try KeysCommand.record(common, KeyRequest(kind: .giveBack, cabinet: cabinet, from: from, purpose: purpose)) }
    }

    struct Lost: DanganCommand {
        static let configuration = CommandConfiguration(abstract: "A cabinet key lost (遗失): no key is issued until the lock is changed.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The cabinet's code.") var cabinet: String
        @Option(help: "Who lost the key.") var by: String
        @Option(help: "What happened.") var purpose: String = ""
        func execute() throws { try KeysCommand.record(common, KeyRequest(kind: .lost, cabinet: cabinet, from: by, purpose: purpose)) }
    }

    struct LockChange: DanganCommand {
        static let configuration = CommandConfiguration(
            commandName: "lock-change", abstract: "The cabinet's lock changed (更换锁具): who holds the new keys.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The cabinet's code.") var cabinet: String
        @Option(help: "A holder of a new key (repeatable).") var holder: [String] = []
        @Option(help: "The manager who keeps the spare key.") var spare: String?
        @Option(help: "Why.") var purpose: String = ""
        func validate() throws { if holder.isEmpty && spare == nil { throw ValidationError("name the holders of the new keys: --holder NAME") } }
        func execute() throws {
            let list = holder.map { KeyHolder(name: $0, spare: false) } + (spare.map { [KeyHolder(name: $0, spare: true)] } ?? [])
            try KeysCommand.record(common, KeyRequest(kind: .lockChange, cabinet: cabinet, holders: list, purpose: purpose))
        }
    }

    struct Deposit: DanganCommand {
        static let configuration = CommandConfiguration(abstract: "An owner leaves a unit key in custody (代保管单元钥匙).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The unit's envelope (id, number, barcode or room).") var envelope: String
        @Option(help: "The owner or agent who leaves the key (signs).") var by: String
        @Option(help: "Which keys: 入户门钥匙×2 …") var key: String
        @Option(help: "Why.") var purpose: String = ""
        func execute() throws {
            try KeysCommand.record(common, KeyRequest(kind: .deposit, envelope: envelope, from: by, key: key, purpose: purpose))
        }
    }

    struct TakeOut: DanganCommand {
        static let configuration = CommandConfiguration(commandName: "out", abstract: "A unit key taken out (借出), against the taker's signature.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The unit's envelope.") var envelope: String
        @Option(help: "Who takes the key (signs).") var to: String
        @Option(help: "What for (维修 …).") var purpose: String
        @Option(help: "Who signed, when not the person taking it.") var signed: String = ""
        func execute() throws {
            try KeysCommand.record(common, KeyRequest(kind: .out, envelope: envelope, to: to, purpose: purpose, signedBy: signed))
        }
    }

    struct Back: DanganCommand {
        static let configuration = CommandConfiguration(abstract: "A unit key brought back (归还), signed.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The unit's envelope.") var envelope: String
        @Option(help: "Who brings it back (default: who took it).") var by: String = ""
        func execute() throws { try KeysCommand.record(common, KeyRequest(kind: .back, envelope: envelope, from: by)) }
    }

    struct Release: DanganCommand {
        static let configuration = CommandConfiguration(abstract: "A unit key given back to the owner (退还业主): custody ends.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The unit's envelope.") var envelope: String
        @Option(help: "The owner or agent who receives it (signs).") var to: String
        func execute() throws { try KeysCommand.record(common, KeyRequest(kind: .release, envelope: envelope, to: to)) }
    }

    struct ListKeys: DanganCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Who holds each cabinet's keys; the unit keys held.")
        @OptionGroup var common: CommonOptions
        func execute() throws {
            let store = try common.open()
            try store.require(.readRegisters)
            let office = store.register.office
            let tf = store.timeFormat
            let units = office.unitKeys.values.sorted { $0.envelope < $1.envelope }
            if common.json {
                struct C: Encodable { var cabinet: String; var holders: [String]; var spare: [String]; var lostKey: Bool }
                struct U: Encodable { var envelope, room, key, depositor, since, state, holder: String }
                struct R: Encodable { var cabinets: [C]; var unitKeys: [U] }
                Out.json(R(
                    cabinets: store.cabinets.map { c in
                        let l = c.keyHolders.map(KeyHolder.init)
                        return C(cabinet: c.code, holders: l.filter { !$0.spare }.map { $0.name }, spare: l.filter { $0.spare }.map { $0.name },
                                 lostKey: office.lostKeys[c.code] != nil)
                    },
                    unitKeys: units.map { u in
                        U(envelope: u.envelope, room: store.summary(id: u.envelope)?.roomCode ?? "", key: u.key, depositor: u.depositor,
                          since: tf.iso(u.since), state: u.state.rawValue, holder: u.holder)
                    }))
                return
            }
            let safe = Out.safe
            for c in store.cabinets {
                let lost = office.lostKeys[c.code].map { "  钥匙遗失(\(safe($0.from))),待更换锁具 — lock change needed" } ?? ""
                Out.line("\(safe(c.code))柜\t\(c.keyHolders.map(safe).joined(separator: "、"))\(lost)")
            }
            for u in units {
                let room = store.summary(id: u.envelope)?.roomCode ?? u.envelope
                let state = u.state == .out ? "借出 \(safe(u.holder)) \(safe(u.purpose))" : u.state.chinese
                Out.line("\(safe(room))\t\(safe(u.key))\t\(state)\t存入 \(tf.minute(u.since)) \(safe(u.depositor))")
            }
            Out.line("\(store.cabinets.count) cabinet(s), \(units.count) unit key(s) held")
        }
    }
}

/// `dangan arrange [CABINET…] --work labels|tidy --findings TEXT [--envelope ENV]…`.
struct ArrangeCommand: DanganCommand {
    static let configuration = CommandConfiguration(
        commandName: "arrange",
        abstract: "Register a label check or a tidying session (档案整理记录): scope, findings, envelopes dealt with.",
        discussion: "Inventory checks (dangan check --inventory) are listed beside them: dangan report arrangement [ID].")
    @OptionGroup var common: CommonOptions
    @Argument(help: "The cabinets covered (default: all).") var cabinets: [String] = []
    @Option(help: "labels (标签检查更新) or tidy (整理归位).") var work: ArrangementSession.Work = .labels
    @Option(help: "The scope in words when narrower than the cabinets (3栋12–15层).") var scope: String = ""
    @Option(help: "What was found.") var findings: String
    @Option(name: .customLong("envelope"), help: "An envelope relabelled or put back (repeatable).") var envelopes: [String] = []
    @Option var note: String = ""

    func execute() throws {
        let store = try common.open()
        let s = try store.recordArrangement(work: work, cabinets: cabinets, scope: scope, findings: findings, envelopes: envelopes, note: note)
        store.close()
        if common.json {
            struct R: Encodable { var id, at, by, work, findings: String; var cabinets, envelopes: [String] }
            Out.json(R(id: s.id, at: store.timeFormat.iso(s.at), by: s.by, work: s.work.rawValue, findings: s.findings,
                       cabinets: s.cabinets, envelopes: s.envelopes))
            return
        }
        Out.line("\(s.work.chinese) recorded \(s.id): cabinet(s) \(s.cabinets.map(Out.safe).joined(separator: ", ")), \(s.envelopes.count) envelope(s)")
    }
}

extension ArrangementSession.Work: ExpressibleByArgument {}

extension DocumentCommand {
    /// `dangan document edit DOC [--title …] …`.
    struct Edit: DanganCommand {
        static let configuration = CommandConfiguration(abstract: "Change a document's fields (journaled: before and after).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The document: its id, or ENVELOPE:N.") var document: String
        @Option(help: "Kind from the catalogue.") var kind: String?
        @Option var title: String?
        @Flag(inversion: .prefixedNo, help: "An original (--original) or a copy (--no-original).") var original: Bool?
        @Option var pages: Int?
        @Option(help: ArgumentHelp("Date on the document.", valueName: "YYYY-MM-DD")) var date: String?
        @Option(help: "Secrecy: none, confidential (秘密), secret (机密), top-secret (绝密).") var secrecy: Secrecy?
        @Option(help: ArgumentHelp("permanent, a destroy-after date, or default (by the kind's period).", valueName: "permanent|YYYY-MM-DD|default"))
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
            Out.line("saved \(d.id): \(Out.safe(d.kind)) \(Out.safe(d.title)), 保管期限 \(Out.safe(store.settings.retentionText(of: d)))")
        }
    }

    /// `dangan document remove DOC --reason TEXT`.
    struct Remove: DanganCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a document off its file list (filed by mistake, twice …); the journal keeps it and the reason.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The document: its id, or ENVELOPE:N.") var document: String
        @Option(help: "Why it is taken off.") var reason: String

        func execute() throws {
            let store = try common.open()
            try printDecision(try store.removeDocument(document, reason: reason), json: common.json, store: store, done: "删除 removed")
        }
    }
}

/// The customer details an envelope keeps (`envelope add` and `envelope edit`).
struct CustomerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Property category: 住宅/residential, 商铺/shop, 写字楼/office, 车位/parking (\"\" clears).", valueName: "category"))
    var category: String?
    @Option(help: "A vehicle plate such as 粤B12345 (repeatable; replaces the plates; \"\" clears them).") var plate: [String] = []
    @Option(help: "A parking space (repeatable; replaces them; \"\" clears them).") var parking: [String] = []
    @Option(help: "Emergency contact's name (all three \"\": no emergency contact).") var emergencyName: String?
    @Option(help: "Emergency contact's relation (配偶, 儿子 …).") var emergencyRelation: String?
    @Option(help: "Emergency contact's phone.") var emergencyPhone: String?
    @Option(help: ArgumentHelp("The customer moved out on this day (\"\" cancels).", valueName: "YYYY-MM-DD")) var moveOut: String?
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
                throw ArchiveError.invalidField(field: "--move-out", reason: "is required with --forward-phone or --forward-address (the day the customer moved out)")
            }
            e.moveOut = m
        }
    }
}
