import ArchiveModel
import ArgumentParser
import Foundation

/// `dangan keys issue|hand-over|return|lost|lock-change|deposit|out|back|release|list`.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "The key register (钥匙领用/移交登记): cabinet keys, and unit keys held for owners (代保管单元钥匙).",
        discussion: """
            Cabinet keys: issue, hand-over (the archivist away: to the supervisor), return, lost (the lock must \
            then be changed), lock-change. Unit keys: deposit, out, back, release (given back to the owner); \
            each signed. \
            Print the register: dangan report keys.
            """,
        subcommands: [
            Issue.self, HandOver.self, GiveBack.self, Lost.self, LockChange.self, Deposit.self, TakeOut.self, Back.self,
            Release.self, ListKeys.self,
        ])

    static func record(_ common: CommonOptions, _ req: KeyRequest) throws {
        let store = try common.open()
        let (d, ev) = try store.recordKey(req)
        try printDecision(
            d, json: common.json, store: store, extra: ev.map { ["key": $0.id] } ?? [:], done: "钥匙 \(req.kind.chinese)")
    }

    struct Issue: DanganCommand {
        static let configuration = CommandConfiguration(
            abstract: "A key of a cabinet given to someone (领用); --spare for the manager's spare.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The cabinet's code.") var cabinet: String
        @Option(help: "Who receives the key.") var to: String
        @Flag(help: "The spare key (备用钥匙), kept by a manager (approver role).") var spare = false
        @Option(help: "Who signed for it (default: who receives it).") var signed: String = ""
        func execute() throws {
            try KeysCommand.record(
                common, KeyRequest(kind: .issue, cabinet: cabinet, to: to, spare: spare, signedBy: signed))
        }
    }

    struct HandOver: DanganCommand {
        static let configuration = CommandConfiguration(
            commandName: "hand-over", abstract: "A cabinet key handed from one holder to another (移交).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The cabinet's code.") var cabinet: String
        @Option(help: "Who hands the key over.") var from: String
        @Option(help: "Who receives it.") var to: String
        @Option(help: "Why (休假, 外出 …).") var purpose: String = ""
        func execute() throws {
            try KeysCommand.record(
                common, KeyRequest(kind: .handOver, cabinet: cabinet, from: from, to: to, purpose: purpose))
        }
    }

    struct GiveBack: DanganCommand {
        static let configuration = CommandConfiguration(
            commandName: "return", abstract: "A cabinet key given back (交回).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The cabinet's code.") var cabinet: String
        @Option(help: "Who gives the key back.") var from: String
        @Option(help: "Why.") var purpose: String = ""
        func execute() throws {
            try KeysCommand.record(common, KeyRequest(kind: .giveBack, cabinet: cabinet, from: from, purpose: purpose))
        }
    }

    struct Lost: DanganCommand {
        static let configuration = CommandConfiguration(
            abstract: "A cabinet key lost (遗失): no key is issued until the lock is changed.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The cabinet's code.") var cabinet: String
        @Option(help: "Who lost the key.") var by: String
        @Option(help: "What happened.") var purpose: String = ""
        func execute() throws {
            try KeysCommand.record(common, KeyRequest(kind: .lost, cabinet: cabinet, from: by, purpose: purpose))
        }
    }

    struct LockChange: DanganCommand {
        static let configuration = CommandConfiguration(
            commandName: "lock-change", abstract: "The cabinet's lock changed (更换锁具): who holds the new keys.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The cabinet's code.") var cabinet: String
        @Option(help: "A holder of a new key (repeatable).") var holder: [String] = []
        @Option(help: "The manager who keeps the spare key.") var spare: String?
        @Option(help: "Why.") var purpose: String = ""
        func validate() throws {
            if holder.isEmpty && spare == nil {
                throw ValidationError("name the holders of the new keys: --holder NAME")
            }
        }
        func execute() throws {
            let list =
                holder.map { KeyHolder(name: $0, spare: false) }
                + (spare.map { [KeyHolder(name: $0, spare: true)] } ?? [])
            try KeysCommand.record(
                common, KeyRequest(kind: .lockChange, cabinet: cabinet, holders: list, purpose: purpose))
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
            try KeysCommand.record(
                common, KeyRequest(kind: .deposit, envelope: envelope, from: by, key: key, purpose: purpose))
        }
    }

    struct TakeOut: DanganCommand {
        static let configuration = CommandConfiguration(
            commandName: "out", abstract: "A unit key taken out (借出), against the taker's signature.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The unit's envelope.") var envelope: String
        @Option(help: "Who takes the key (signs).") var to: String
        @Option(help: "What for (维修 …).") var purpose: String
        @Option(help: "Who signed, when not the person taking it.") var signed: String = ""
        func execute() throws {
            try KeysCommand.record(
                common, KeyRequest(kind: .out, envelope: envelope, to: to, purpose: purpose, signedBy: signed))
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
        static let configuration = CommandConfiguration(
            abstract: "A unit key given back to the owner (退还业主): custody ends.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The unit's envelope.") var envelope: String
        @Option(help: "The owner or agent who receives it (signs).") var to: String
        func execute() throws { try KeysCommand.record(common, KeyRequest(kind: .release, envelope: envelope, to: to)) }
    }

    struct ListKeys: DanganCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Who holds each cabinet's keys; the unit keys held.")
        @OptionGroup var common: CommonOptions
        func execute() throws {
            let store = try common.open()
            try store.require(.readRegisters)
            let office = store.register.office
            let tf = store.timeFormat
            let units = office.unitKeys.values.sorted { $0.envelope < $1.envelope }
            if common.json {
                struct C: Encodable {
                    var cabinet: String
                    var holders: [String]
                    var spare: [String]
                    var lostKey: Bool
                }
                struct U: Encodable { var envelope, room, key, depositor, since, state, holder: String }
                struct R: Encodable {
                    var cabinets: [C]
                    var unitKeys: [U]
                }
                Out.json(
                    R(
                        cabinets: store.cabinets.map { c in
                            let l = c.keyHolders.map(KeyHolder.init)
                            return C(
                                cabinet: c.code, holders: l.filter { !$0.spare }.map { $0.name },
                                spare: l.filter { $0.spare }.map { $0.name },
                                lostKey: office.lostKeys[c.code] != nil)
                        },
                        unitKeys: units.map { u in
                            U(
                                envelope: u.envelope, room: store.summary(id: u.envelope)?.roomCode ?? "", key: u.key,
                                depositor: u.depositor,
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
