import ArchiveModel
import ArgumentParser
import Foundation

/// Filing: envelopes (add, edit, change of ownership) and documents.

/// `dangan envelope add|edit|change-owner`.
struct EnvelopeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "envelope", abstract: "Add or edit envelopes; change of ownership.",
        subcommands: [Add.self, Edit.self, Owner.self])

    /// `dangan envelope add --cabinet C --building B --floor F --unit U --owner NAME --number N`.
    struct Add: DanganCommand {
        static let configuration = CommandConfiguration(abstract: "File a new envelope.")
        @OptionGroup var common: CommonOptions
        @Option var cabinet: String
        @Option var building: String
        @Option var floor: String
        @Option var unit: String
        @Option var owner: String
        @Option(help: "The envelope number (default: the next of the archive's scheme, e.g. KH-2026-00042).")
        var number: String = ""
        @Option(help: "The barcode (default: the next of the archive's scheme).") var barcode: String = ""
        @Option(help: "Phone: a mobile (13800138000) or a landline with its area code (0755-12345678); repeatable.")
        var phone: [String] = []
        @Option(help: "Co-owner (repeatable).") var coOwner: [String] = []
        @Option(help: "The owner's identity document.") var idType: IDType = .resident
        @Option(help: "Its number (a resident ID has 18 digits, the last may be X).") var idNumber: String = ""
        @Option(help: ArgumentHelp("Move-in date.", valueName: "YYYY-MM-DD")) var moveIn: String = ""
        @OptionGroup var customer: CustomerOptions

        func execute() throws {
            let store = try common.open()
            var new = Envelope(
                number: number, barcode: barcode, cabinet: cabinet, building: building, floor: floor, unit: unit,
                owner: owner, coOwners: coOwner, phones: phone, idNumber: idNumber, moveIn: moveIn)
            new.identityType = idType
            try customer.apply(to: &new)
            let e = try store.createEnvelope(new)
            if common.json {
                Out.json(JSONShapes.envelope(e, store: store))
                return
            }
            Out.line(
                """
                filed \(e.id) at \(Out.safe(e.location.chinese)): number \(Out.safe(e.number)), barcode \
                \(Out.safe(e.barcode))
                """
            )
        }
    }

    /// `dangan envelope edit ENV [--owner …] [--move C/B/F/U] …`.
    struct Edit: DanganCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an envelope's fields (audited: before and after).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Envelope id, number, barcode or room code.") var envelope: String
        @Option(help: "A new envelope number (unique in the archive).") var number: String?
        @Option(help: "A new barcode (unique in the archive).") var barcode: String?
        @Option var owner: String?
        @Option(help: "Replace the phones (repeatable).") var phone: [String] = []
        @Option(help: "The owner's identity document.") var idType: IDType?
        @Option(help: "Its number.") var idNumber: String?
        @Option(help: ArgumentHelp("Move-in date.", valueName: "YYYY-MM-DD")) var moveIn: String?
        @Option(help: "Add a tenant (repeatable).") var addTenant: [String] = []
        @Option(help: "Remove a tenant (repeatable).") var removeTenant: [String] = []
        @Option var note: String?
        @Option(help: ArgumentHelp("Refile the envelope.", valueName: "CABINET/BUILDING/FLOOR/UNIT")) var move: Place?
        @OptionGroup var customer: CustomerOptions

        func validate() throws {
            if let move, move.parts.count != 4 { throw ValidationError("--move must be CABINET/BUILDING/FLOOR/UNIT") }
        }

        func execute() throws {
            let store = try common.open()
            let id = try store.resolveEnvelope(envelope)
            let e = try store.updateEnvelope(id: id) { e in
                if let number { e.number = number }
                if let barcode { e.barcode = barcode }
                if let owner { e.owner = owner }
                if !phone.isEmpty { e.phones = phone }
                if let idType { e.identityType = idType }
                if let idNumber { e.idNumber = idNumber }
                if let moveIn { e.moveIn = moveIn }
                e.tenants.removeAll { removeTenant.contains($0) }
                e.tenants += addTenant
                if let note { e.note = note }
                try customer.apply(to: &e)
                if let p = move?.parts {
                    e.cabinet = p[0]
                    e.building = p[1]
                    e.floor = p[2]
                    e.unit = p[3]
                }
            }
            if common.json {
                Out.json(JSONShapes.envelope(e, store: store))
                return
            }
            Out.line("saved \(e.id) at \(Out.safe(e.location.chinese))")
        }
    }

    /// `dangan envelope change-owner ENV --to NAME --number N`.
    struct Owner: DanganCommand {
        static let configuration = CommandConfiguration(
            commandName: "change-owner",
            abstract: "Change of ownership: close this envelope, open a new one for the unit.")
        @OptionGroup var common: CommonOptions
        @Argument var envelope: String
        @Option(help: "The new owner's name.") var to: String
        @Option(help: "Number of the new envelope (default: the next of the archive's scheme).") var number: String = ""
        @Option(help: "Its barcode (default: the next of the archive's scheme).") var barcode: String = ""
        @Option(help: ArgumentHelp("Move-in date.", valueName: "YYYY-MM-DD")) var moveIn: String = ""

        func execute() throws {
            let store = try common.open()
            let old = try store.resolveEnvelope(envelope)
            let n = try store.changeOwnership(
                envelope: old, newOwner: to, number: number, barcode: barcode, moveIn: moveIn)
            if common.json {
                Out.json(JSONShapes.envelope(n, store: store))
                return
            }
            Out.line(
                "closed \(Out.safe(old)); new envelope \(n.id) for \(Out.safe(n.owner)) "
                    + "at \(Out.safe(n.location.chinese)): number \(Out.safe(n.number)), barcode \(Out.safe(n.barcode))"
            )
        }
    }
}

/// `dangan document add ENVELOPE --kind KIND --title TEXT`.
struct DocumentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "document", abstract: "Add, edit or remove a document of an envelope's file list.",
        subcommands: [Add.self, Edit.self, Remove.self])

    /// `dangan document add ENV --kind KIND --title TEXT`.
    struct Add: DanganCommand {
        static let configuration = CommandConfiguration(
            abstract:
                """
                Add a document (kind from the catalogue, e.g. 身份证复印件); kept by its kind's period unless \
                --retention says.
                """
        )
        @OptionGroup var common: CommonOptions
        @Argument var envelope: String
        @Option var kind: String
        @Option var title: String
        @Flag(help: "An original (default: a copy).") var original = false
        @Option var pages: Int = 1
        @Option(help: ArgumentHelp("Date on the document (not in the future).", valueName: "YYYY-MM-DD")) var date:
            String = ""
        @Option(help: "Secrecy: none, confidential (秘密), secret (机密), top-secret (绝密); default: the kind's.")
        var secrecy: Secrecy?
        @Option(
            help: ArgumentHelp(
                """
                permanent, a destroy-after date later than the document's date, or default: by the kind's \
                period in the settings.
                """,
                valueName: "permanent|YYYY-MM-DD|default")
        )
        var retention: String = "default"

        func execute() throws {
            let store = try common.open()
            guard let k = store.settings.kind(named: kind) else {
                let kinds = store.settings.catalogue.map { $0.name }.joined(separator: "、")
                throw ArchiveError.invalidField(field: "--kind", reason: "is not in the catalogue: \(kinds)")
            }
            let doc = Document(
                kind: kind, title: title, original: original, pages: pages, date: date,
                secrecy: secrecy ?? k.defaultSecrecy, retention: try Validate.retention(retention))
            let d = try store.addDocument(envelope: try store.resolveEnvelope(envelope), doc)
            if common.json {
                Out.json(JSONShapes.document(d, store: store))
                return
            }
            Out.line("added \(d.id)")
        }
    }
}
