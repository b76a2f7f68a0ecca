import ArchiveModel
import Foundation

// The registers' forms (issue 17): the intake hand-over (`i`), the key register (`K`), an
// arrangement session (`A`) and an envelope's customer details (`p`); the document forms are in
// DocumentForms.swift. Each gathers fields; the rules and the writing are the model's.

/// A hand-over as the intake form gathered it.
public struct IntakeEntry: Sendable, Equatable {
    public var from, department, receiver: String
    public var items, envelopes: [String]
    public var missing, note: String
}

/// An arrangement session as its form gathered it.
public struct ArrangementEntry: Sendable, Equatable {
    public var work: ArrangementSession.Work
    public var cabinets: [String]
    public var scope, findings: String
    public var envelopes: [String]
    public var note: String
}

/// An envelope's customer details as the form has them. A nil phone means "unchanged" (the
/// operator saw it masked and left it).
public struct CustomerEdit: Sendable, Equatable {
    public var category: PropertyCategory?
    public var plates, parking: [String]
    public var emergencyName, emergencyRelation: String
    public var emergencyPhone: String?
    public var moveOut: String
    public var forwardPhone: String?
    public var forwardAddress: String

    public func apply(to e: inout Envelope) {
        e.category = category
        e.vehiclePlates = plates
        e.parking = parking
        e.emergencyContact = Contact(
            name: emergencyName, phone: emergencyPhone ?? e.emergencyContact?.phone ?? "", relation: emergencyRelation)
        if moveOut.isEmpty && (forwardPhone ?? "").isEmpty && forwardAddress.isEmpty {
            e.moveOut = nil
        } else {
            e.moveOut = MoveOut(
                date: moveOut, phone: forwardPhone ?? e.moveOut?.phone ?? "", address: forwardAddress,
                note: e.moveOut?.note ?? "")
        }
    }
}

func splitList(_ t: String) -> [String] {
    t.split(whereSeparator: { $0 == ";" || $0 == "、" || $0 == "；" }).map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }
}

/// The intake hand-over (交接登记, `i`): who handed over what, counted against the list;
/// received, or refused as incomplete (不全不接收) saying what was missing.
public struct IntakeForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<IntakeForm, FormField>] {
        [\.from, \.department, \.receiver, \.items, \.envelopes, \.result, \.missing, \.note]
    }
    public var chrome = FormChrome()
    public var from = FormField.text(T.Registers.from, required: true, suggest: .staff, limit: 100)
    public var department = FormField.text(
        T.Registers.fromDepartment, required: true, suggest: .departments, limit: 100)
    public var receiver: FormField
    public var items = FormField.text(T.Registers.items, required: true, limit: 2000)
    public var envelopes: FormField
    public var result = FormField.choice(
        T.Registers.count,
        [ChoiceOption("complete", T.Registers.complete), ChoiceOption("incomplete", T.Registers.incomplete)],
        value: "complete")
    public var missing = FormField.text(T.Registers.missing, limit: 500)
    public var note = FormField.text(T.Field.note, limit: 500)

    public init(operatorName: String, envelope: Envelope?) {
        receiver = .text(T.Registers.receiver, operatorName, required: true, suggest: .staff, limit: 100)
        envelopes = .text(T.Registers.envelopes, envelope?.roomCode ?? "", limit: 500)
    }

    public var title: Phrase { T.Registers.intakeTitle }
    public var lines: [FormLine] { [FormLine(T.Registers.intakeHint, style: .dim)] }
    public mutating func refresh(_ env: Env) { missing.required = result.value == "incomplete" }

    public mutating func accepted(_ field: WritableKeyPath<IntakeForm, FormField>, _ env: Env) {
        if field == \IntakeForm.from, department.trimmed.isEmpty, let m = env.settings.staff(named: from.trimmed),
            !m.department.isEmpty
        {
            department.setText(m.department)
        }
    }

    public func submit(_ env: Env) -> Submission {
        let refused = result.value == "incomplete"
        if refused && missing.trimmed.isEmpty { return .invalid(T.Registers.sayMissing) }
        return .write(
            .intake(
                IntakeEntry(
                    from: from.trimmed, department: department.trimmed, receiver: receiver.trimmed,
                    items: splitList(items.trimmed),
                    envelopes: splitList(envelopes.trimmed), missing: refused ? missing.trimmed : "", note: note.trimmed
                )))
    }
}

/// The key register (钥匙领用/移交登记, `K`): one event of a cabinet key or of a unit key held for
/// an owner. The fields an event does not use are left empty; the model says what is missing.
public struct KeyForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<KeyForm, FormField>] {
        [\.event, \.cabinet, \.unit, \.from, \.to, \.key, \.spare, \.holders, \.purpose]
    }
    public var chrome = FormChrome()
    public var event = FormField.choice(
        T.Registers.event, KeyEvent.Kind.allCases.map { ChoiceOption($0.rawValue, T.Registers.keyKind($0)) },
        value: KeyEvent.Kind.issue.rawValue)
    public var cabinet: FormField
    public var unit: FormField
    public var from = FormField.text(T.Registers.keyFrom, suggest: .staff, limit: 100)
    public var to = FormField.text(T.Registers.keyTo, suggest: .staff, limit: 100)
    public var key = FormField.text(T.Registers.keyName, limit: 100)
    public var spare = FormField.choice(
        T.Registers.spare, [ChoiceOption("no", T.Registers.no), ChoiceOption("yes", T.Registers.yes)], value: "no")
    public var holders = FormField.text(T.Registers.holders, limit: 300)
    public var purpose = FormField.text(T.Registers.keyPurpose, limit: 500)

    public init(cabinet code: String, envelope: Envelope?) {
        cabinet = .text(T.Registers.cabinets, code, limit: 24)
        unit = .text(T.Registers.unit, envelope?.roomCode ?? "", limit: 60)
    }

    public var title: Phrase { T.Registers.keyTitle }
    public var lines: [FormLine] { [FormLine(T.Registers.keyHint, style: .dim)] }

    public func submit(_ env: Env) -> Submission {
        guard let kind = KeyEvent.Kind(rawValue: event.value) else { return .invalid(T.Status.done) }
        let list = splitList(holders.trimmed).map(KeyHolder.init)
        return .write(
            .key(
                KeyRequest(
                    kind: kind, cabinet: cabinet.trimmed.uppercased(), envelope: unit.trimmed, from: from.trimmed,
                    to: to.trimmed,
                    spare: spare.value == "yes", holders: list, key: key.trimmed, purpose: purpose.trimmed)))
    }
}

/// An arrangement session (档案整理记录, `A`): a label check or tidying, its scope and findings.
public struct ArrangementForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<ArrangementForm, FormField>] {
        [\.work, \.cabinets, \.scope, \.findings, \.envelopes, \.note]
    }
    public var chrome = FormChrome()
    public var work = FormField.choice(
        T.Registers.work, ArrangementSession.Work.allCases.map { ChoiceOption($0.rawValue, T.Registers.workKind($0)) },
        value: "labels")
    public var cabinets: FormField
    public var scope = FormField.text(T.Registers.scope, limit: 200)
    public var findings = FormField.text(T.Registers.findings, required: true, limit: 2000)
    public var envelopes: FormField
    public var note = FormField.text(T.Field.note, limit: 500)

    public init(cabinet code: String, envelope: Envelope?) {
        cabinets = .text(T.Registers.cabinets, code, limit: 200)
        envelopes = .text(T.Registers.dealtWith, envelope?.roomCode ?? "", limit: 2000)
    }

    public var title: Phrase { T.Registers.arrangementTitle }
    public var lines: [FormLine] { [FormLine(T.Registers.arrangementHint, style: .dim)] }

    public func submit(_ env: Env) -> Submission {
        .write(
            .arrangement(
                ArrangementEntry(
                    work: ArrangementSession.Work(rawValue: work.value) ?? .labels,
                    cabinets: splitList(cabinets.trimmed.uppercased()),
                    scope: scope.trimmed, findings: findings.trimmed, envelopes: splitList(envelopes.trimmed),
                    note: note.trimmed)))
    }
}

/// An envelope's customer details (客户资料, `p`): category, plates, parking spaces, the
/// emergency contact, a move-out with the forwarding contact.
public struct CustomerForm: FormModel {
    public static var fieldPaths: [WritableKeyPath<CustomerForm, FormField>] {
        [
            \.category, \.plates, \.parking, \.emergencyName, \.relation, \.emergencyPhone, \.moveOut, \.forwardPhone,
            \.forwardAddress,
        ]
    }
    public var chrome = FormChrome()
    public var category: FormField, plates: FormField, parking: FormField, emergencyName: FormField,
        relation: FormField, emergencyPhone: FormField
    public var moveOut: FormField, forwardPhone: FormField, forwardAddress: FormField
    public let envelope: EnvelopeRef
    let original: Envelope
    let reveal: Bool

    public init(envelope e: Envelope, reveal: Bool) {
        envelope = EnvelopeRef(e)
        original = e
        self.reveal = reveal
        func phone(_ p: String?) -> String { p.map { reveal || $0.isEmpty ? $0 : Mask.phone($0) } ?? "" }
        category = .choice(
            T.Registers.category,
            [ChoiceOption("", T.Registers.uncategorised)]
                + PropertyCategory.allCases.map { ChoiceOption($0.rawValue, T.Registers.categoryName($0)) },
            value: e.category?.rawValue ?? "")
        plates = .text(T.Registers.plates, e.vehiclePlates.joined(separator: ";"), limit: 200)
        parking = .text(T.Registers.parking, e.parking.joined(separator: ";"), limit: 200)
        emergencyName = .text(T.Registers.emergencyName, e.emergencyContact?.name ?? "", limit: 100)
        relation = .text(T.Registers.relation, e.emergencyContact?.relation ?? "", limit: 40)
        emergencyPhone = .text(T.Registers.emergencyPhone, phone(e.emergencyContact?.phone), limit: 40)
        moveOut = .text(T.Registers.moveOut, e.moveOut?.date ?? "", limit: 10)
        forwardPhone = .text(T.Registers.forwardPhone, phone(e.moveOut?.phone), limit: 40)
        forwardAddress = .text(T.Registers.forwardAddress, e.moveOut?.address ?? "", limit: 200)
    }

    public var title: Phrase { T.Registers.customerTitle(envelope.phrase) }
    public var lines: [FormLine] { [FormLine(T.Registers.customerHint, style: .dim)] }

    public var edit: CustomerEdit {
        // Masked values shown to an operator who may not see them mean "unchanged".
        let ep = emergencyPhone.trimmed
        let fp = forwardPhone.trimmed
        let oldE = original.emergencyContact?.phone ?? ""
        let oldF = original.moveOut?.phone ?? ""
        return CustomerEdit(
            category: PropertyCategory(rawValue: category.value), plates: splitList(plates.trimmed),
            parking: splitList(parking.trimmed),
            emergencyName: emergencyName.trimmed, emergencyRelation: relation.trimmed,
            emergencyPhone: !reveal && !oldE.isEmpty && ep == Mask.phone(oldE) ? nil : ep,
            moveOut: moveOut.trimmed, forwardPhone: !reveal && !oldF.isEmpty && fp == Mask.phone(oldF) ? nil : fp,
            forwardAddress: forwardAddress.trimmed)
    }

    public func submit(_ env: Env) -> Submission {
        let e = edit
        if e.moveOut.isEmpty && (!(e.forwardPhone ?? "").isEmpty || !e.forwardAddress.isEmpty) {
            return .invalid(T.Registers.moveOutDateNeeded)
        }
        var n = original
        e.apply(to: &n)
        // The store's own validation, as the command line and import meet it.
        do { _ = try Validate.envelope(n, settings: env.settings, now: env.now, before: original) } catch let err
            as ArchiveError
        {
            if case .invalidField(let f, _) = err { return .invalid(T.Err.field(CustomerForm.label(f), err)) }
            return .invalid(T.Err.text(.archive(err), RuleContext(env: env)))
        } catch { return .invalid(.same(String(describing: error))) }
        return .write(.customerDetails(id: envelope.id, e, basedOn: original))
    }

    /// The form's label for a field the model names.
    static func label(_ modelName: String) -> Phrase {
        if modelName.hasPrefix("plate") { return T.Registers.plates }
        if modelName.hasPrefix("parking") { return T.Registers.parking }
        if modelName.hasPrefix("emergency phone") { return T.Registers.emergencyPhone }
        if modelName.hasPrefix("emergency") { return T.Registers.emergencyName }
        if modelName.hasPrefix("relation") { return T.Registers.relation }
        if modelName.hasPrefix("move-out") { return T.Registers.moveOut }
        if modelName.hasPrefix("forwarding phone") { return T.Registers.forwardPhone }
        if modelName.hasPrefix("forwarding address") { return T.Registers.forwardAddress }
        return T.Field.forModelName(modelName)
    }
}
