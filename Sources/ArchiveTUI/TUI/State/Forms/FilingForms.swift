import ArchiveModel
import Foundation

/// Runs one of the model's validators; its error, if any, becomes the form's message naming
/// the field by its label.
func validated(_ label: Phrase, _ body: () throws -> Void) -> Phrase? {
    do {
        try body()
        return nil
    } catch let e as ArchiveError { return T.Err.field(label, e) } catch { return .same(String(describing: error)) }
}

/// Editing an envelope (`e`), or filing a new one in the current cabinet (`n`).
public struct EnvelopeForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<EnvelopeForm, FormField>] {
        [
            \.number, \.barcode, \.owner, \.coOwners, \.tenants, \.phones, \.idType, \.idNumber, \.moveIn, \.cabinet,
            \.building, \.floor, \.unit, \.note,
        ]
    }
    public var chrome = FormChrome()
    public var number: FormField, barcode: FormField, owner: FormField, coOwners: FormField, tenants: FormField
    public var phones: FormField, idType: FormField, idNumber: FormField, moveIn: FormField
    public var cabinet: FormField, building: FormField, floor: FormField, unit: FormField, note: FormField
    /// The envelope edited; nil files a new one.
    public let editing: EnvelopeRef?
    let original: Envelope
    let reveal: Bool

    public init(
        editing e: Envelope?, newIn cabinetCode: String = "", building b: String = "", floor f: String = "",
        number n: String = "", barcode bc: String = "", reveal: Bool
    ) {
        // A new envelope starts with the next number and barcode of the archive's scheme.
        let base =
            e ?? Envelope(number: n, barcode: bc, cabinet: cabinetCode, building: b, floor: f, unit: "", owner: "")
        original = base
        self.reveal = reveal
        editing = e.map(EnvelopeRef.init)
        number = .text(T.Field.number, base.number, required: true, limit: 40)
        barcode = .text(T.Field.barcode, base.barcode, limit: 40)
        owner = .text(T.Field.owner, base.owner, required: true, limit: 100)
        coOwners = .text(T.Field.coOwners, base.coOwners.joined(separator: ";"))
        tenants = .text(T.Field.tenants, base.tenants.joined(separator: ";"))
        phones = .text(T.Field.phones, base.phones.map { reveal ? $0 : Mask.phone($0) }.joined(separator: ";"))
        idType = .choice(
            T.Field.idType, IDType.allCases.map { ChoiceOption($0.rawValue, T.Enum.idType($0)) },
            value: base.identityType.rawValue)
        idNumber = .text(T.Field.idNumber, reveal ? base.idNumber : Mask.idNumber(base.idNumber), limit: 32)
        moveIn = .text(T.Field.moveIn, base.moveIn, limit: 10)
        cabinet = .text(T.Field.cabinet, base.cabinet, required: true, limit: 16)
        building = .text(T.Field.building, base.building, required: true, limit: 16)
        floor = .text(T.Field.floor, base.floor, required: true, limit: 16)
        unit = .text(T.Field.unit, base.unit, required: true, limit: 16)
        note = .text(T.Field.note, base.note, limit: 2000)
    }

    public var title: Phrase { editing.map { T.Filing.editTitle($0.phrase) } ?? T.Filing.newTitle(original.cabinet) }
    public var lines: [FormLine] { [FormLine(T.Filing.separatorHint, style: .dim)] }

    static func split(_ t: String) -> [String] {
        t.split(whereSeparator: { $0 == ";" || $0 == "、" || $0 == "；" }).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    public var edit: EnvelopeEdit {
        let ph = EnvelopeForm.split(phones.trimmed)
        // Masked values shown to an operator who may not see them mean "unchanged".
        let phonesOut: [String]? = reveal || ph != original.phones.map(Mask.phone) ? ph : nil
        let idOut: String? = reveal || idNumber.trimmed != Mask.idNumber(original.idNumber) ? idNumber.trimmed : nil
        return EnvelopeEdit(
            number: number.trimmed, barcode: barcode.trimmed, owner: owner.trimmed,
            coOwners: EnvelopeForm.split(coOwners.trimmed), tenants: EnvelopeForm.split(tenants.trimmed),
            phones: phonesOut, idType: IDType(rawValue: idType.value) ?? .resident, idNumber: idOut,
            moveIn: moveIn.trimmed, cabinet: cabinet.trimmed.uppercased(),
            building: building.trimmed, floor: floor.trimmed, unit: unit.trimmed, note: note.trimmed)
    }

    public func submit(_ env: Env) -> Submission {
        let e = edit
        var n =
            editing == nil
            ? Envelope(number: "", barcode: "", cabinet: "", building: "", floor: "", unit: "", owner: "") : original
        e.apply(to: &n)
        if editing == nil && n.barcode.isEmpty { n.barcode = n.number }
        // The store's own validation, as the command line and import meet it (an edit judges
        // only what changed); its message names the field by the form's label.
        do {
            _ = try Validate.envelope(n, settings: env.settings, now: env.now, before: editing == nil ? nil : original)
        } catch let err as ArchiveError {
            if case .invalidField(let f, _) = err { return .invalid(T.Err.field(T.Field.forModelName(f), err)) }
            return .invalid(T.Err.text(.archive(err), RuleContext(env: env)))
        } catch { return .invalid(.same(String(describing: error))) }
        if let id = editing?.id { return .write(.updateEnvelope(id: id, e, basedOn: original)) }
        return .write(.createEnvelope(n))
    }
}

/// Adding a document to the envelope (`a`); the kind is picked by typing (汉字, pinyin, initials).
public struct DocumentForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<DocumentForm, FormField>] {
        [\.kind, \.docTitle, \.original, \.pages, \.date, \.secrecy, \.retention, \.note]
    }
    public var chrome = FormChrome()
    public var kind: FormField
    public var docTitle = FormField.text(T.Field.docTitle)
    public var original = FormField.choice(
        T.Field.originalOrCopy,
        [ChoiceOption("original", T.Enum.original(true)), ChoiceOption("copy", T.Enum.original(false))],
        value: "original")
    public var pages = FormField.text(T.Field.pages, "1", required: true, limit: 6)
    public var date: FormField
    public var secrecy = FormField.choice(
        T.Field.secrecy,
        [ChoiceOption("default", T.Doc.byKind)]
            + Secrecy.allCases.map { ChoiceOption($0.rawValue, T.Enum.secrecy($0)) }, value: "default")
    public var retention: FormField
    public var note = FormField.text(T.Field.note, limit: 2000)
    public let envelope: EnvelopeRef

    public init(envelope: Envelope, kinds: [String], today: String, lang: Lang) {
        self.envelope = EnvelopeRef(envelope)
        kind = .choice(T.Field.kind, kinds.map { ChoiceOption($0, .same($0)) }, value: kinds.first ?? "")
        date = .text(T.Field.docDate, today, required: true, limit: 10)
        // Empty: kept by the kind's period in the settings (complaints expire, contracts are permanent).
        retention = .text(T.Field.retention, "", limit: 10)
    }

    public var title: Phrase { T.Doc.title(envelope.phrase) }
    public var lines: [FormLine] {
        [FormLine(T.Doc.kindHint, style: .dim), FormLine(T.Registers.retentionHint, style: .dim)]
    }

    public func submit(_ env: Env) -> Submission {
        guard let n = Int(pages.trimmed), n >= 1, n <= 100_000 else { return .invalid(T.Doc.pagesNumber) }
        var keep = ""
        if let m = validated(T.Field.docDate, { _ = try Validate.day(date.trimmed, field: "date", required: true) }) {
            return .invalid(m)
        }
        if let m = validated(T.Field.retention, { keep = try Validate.retention(retention.trimmed) }) {
            return .invalid(m)
        }
        if let m = validated(T.Field.docTitle, { _ = try Validate.text(docTitle.trimmed, field: "title") }) {
            return .invalid(m)
        }
        let k = kind.value
        let sec =
            secrecy.value == "default"
            ? (env.settings.kind(named: k)?.defaultSecrecy ?? .none) : (Secrecy(rawValue: secrecy.value) ?? .none)
        let d = Document(
            kind: k, title: docTitle.trimmed.isEmpty ? k : docTitle.trimmed, original: original.value == "original",
            pages: n,
            date: date.trimmed, secrecy: sec, retention: keep, note: note.trimmed)
        return .write(.addDocument(envelope: envelope.id, d))
    }
}

/// Change of ownership (产权转让, `O`): the envelope is closed and kept, the new owner gets a
/// new envelope for the same unit. Asks before doing it.
public struct OwnerForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<OwnerForm, FormField>] {
        [\.newOwner, \.number, \.barcode, \.moveIn]
    }
    public var chrome = FormChrome()
    public var newOwner = FormField.text(T.Field.newOwner, required: true, limit: 100)
    public var number = FormField.text(T.Field.newNumber, required: true, limit: 40)
    public var barcode = FormField.text(T.Field.barcode, limit: 40)
    public var moveIn: FormField
    public let envelope: EnvelopeRef
    let documents: Int

    /// `number`, `barcode`: the next of the archive's scheme, offered for the new envelope.
    public init(envelope: Envelope, today: String, number n: String = "", barcode bc: String = "") {
        self.envelope = EnvelopeRef(envelope)
        number = .text(T.Field.newNumber, n, required: true, limit: 40)
        barcode = .text(T.Field.barcode, bc, limit: 40)
        documents = envelope.documents.count
        moveIn = .text(T.Field.moveIn, today, limit: 10)
    }

    public var title: Phrase { T.Owner.title(envelope.phrase) }
    public var lines: [FormLine] { [FormLine(T.Owner.explain, style: .dim)] }

    public func submit(_ env: Env) -> Submission {
        if let m = validated(
            T.Field.newOwner, { _ = try Validate.text(newOwner.trimmed, field: "new owner", max: 100, required: true) })
        {
            return .invalid(m)
        }
        if let m = validated(T.Field.moveIn, { _ = try Validate.day(moveIn.trimmed, field: "move-in date") }) {
            return .invalid(m)
        }
        if env.store.summary(id: envelope.id)?.status != .active { return .invalid(T.Owner.notActive) }
        return .confirm(
            T.Owner.confirm(old: envelope, documents: documents, newOwner: newOwner.trimmed, number: number.trimmed),
            .changeOwnership(
                envelope: envelope.id, newOwner: newOwner.trimmed, number: number.trimmed, barcode: barcode.trimmed,
                moveIn: moveIn.trimmed))
    }
}

/// The envelopes pane's filter (`F`): on loan, overdue, incomplete, damaged, closed,
/// transferred; a building; a floor.
public struct FilterForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<FilterForm, FormField>] { [\.state, \.building, \.floor] }
    public var chrome = FormChrome()
    public var state: FormField
    public var building: FormField
    public var floor: FormField
    let cabinet: String
    let floorsByBuilding: [String: [String]]

    public init(filter: EnvelopeFilter, cabinet: String, envelopes: Slice<EnvelopeList>) {
        self.cabinet = cabinet
        state = .choice(
            T.Field.state, EnvelopeFilter.State.allCases.map { ChoiceOption($0.rawValue, T.Filter.state($0)) },
            value: filter.state.rawValue)
        var byBuilding: [String: Set<String>] = [:]
        for e in envelopes { byBuilding[e.building, default: []].insert(e.floor) }
        floorsByBuilding = byBuilding.mapValues { $0.sorted(by: naturalLess) }
        let buildings = byBuilding.keys.sorted(by: naturalLess)
        building = .choice(
            T.Field.building,
            [ChoiceOption("", T.Filter.any)] + buildings.map { ChoiceOption($0, T.Filter.building($0)) },
            value: filter.building)
        floor = .choice(T.Field.floor, [], value: filter.floor)
        floor = .choice(T.Field.floor, floorOptions(for: filter.building), value: filter.floor)
    }

    func floorOptions(for b: String) -> [ChoiceOption] {
        let floors =
            b.isEmpty
            ? Array(Set(floorsByBuilding.values.flatMap { $0 })).sorted(by: naturalLess) : floorsByBuilding[b] ?? []
        return [ChoiceOption("", T.Filter.any)] + floors.map { ChoiceOption($0, T.Filter.floor($0)) }
    }

    public var title: Phrase { T.Filter.title(cabinet) }
    public var lines: [FormLine] { [FormLine(T.Filter.hint, style: .dim)] }

    public mutating func refresh(_ env: Env) {
        let opts = floorOptions(for: building.value)
        if case .choice(let c) = floor.input, c.options != opts {
            let keep = c.value
            floor = .choice(T.Field.floor, opts, value: opts.contains { $0.value == keep } ? keep : "")
        }
    }

    public func submit(_ env: Env) -> Submission {
        .filter(
            EnvelopeFilter(
                state: EnvelopeFilter.State(rawValue: state.value) ?? .all, building: building.value, floor: floor.value
            ))
    }
}
