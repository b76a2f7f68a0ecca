import Foundation

/// Validation of form fields: a clear message naming the field and saying how to fix it,
/// never a silent change — except that invisible format characters (zero-width spaces, soft
/// hyphens, word joiners) are removed, since they only hide a name from search. The forms,
/// the command line and import all go through here, so they refuse the same things alike.
public enum Validate {
    /// At most this many code points make one character (a family emoji has 7; 张 with
    /// stacked combining marks has thousands).
    public static let maxScalarsPerCharacter = 16

    /// Free text (names, titles, notes): no control characters, NUL, escape sequences or bidi
    /// controls; invisible format characters removed; at most `max` characters and `4 × max`
    /// code points; leading and trailing spaces trimmed.
    public static func text(_ s: String, field: String, max: Int = 200, required: Bool = false) throws -> String {
        for sc in s.unicodeScalars where Sanitize.isUnsafe(sc) {
            let code = "U+" + String(sc.value, radix: 16, uppercase: true)
            throw ArchiveError.invalidField(
                field: field,
                reason: "contains a control or direction character (\(code)): type the text again without it")
        }
        let t = withoutFormatCharacters(s).trimmingCharacters(in: .whitespaces)
        if required && t.isEmpty { throw ArchiveError.invalidField(field: field, reason: "is required") }
        if t.count > max {
            throw ArchiveError.invalidField(
                field: field, reason: "is longer than \(max) characters (it has \(t.count))")
        }
        let scalars = t.unicodeScalars.count
        if scalars > 4 * max {
            throw ArchiveError.invalidField(
                field: field,
                reason: "is made of \(scalars) code points, more than \(4 * max): remove the combining marks")
        }
        if let c = t.first(where: { $0.unicodeScalars.count > maxScalarsPerCharacter }) {
            let first = String(c.unicodeScalars.first.map(Character.init) ?? " ")
            throw ArchiveError.invalidField(
                field: field,
                reason: "has a character (\(Sanitize.visible(first)) …) built from "
                    + "\(c.unicodeScalars.count) code points: remove the stacked combining marks")
        }
        return t
    }

    /// `s` without format characters (Unicode category Cf: zero-width space, soft hyphen, word
    /// joiner …), except the joiners and tags inside an emoji sequence. (Direction controls are
    /// format characters too, but `text` refuses them before this runs.)
    public static func withoutFormatCharacters(_ s: String) -> String {
        let v = Array(s.unicodeScalars)
        guard v.contains(where: { $0.properties.generalCategory == .format }) else { return s }
        func emoji(_ x: Unicode.Scalar) -> Bool {
            (x.properties.isEmoji && x.value >= 0x2000) || x.value == 0xFE0F || x.properties.isEmojiModifier
        }
        var out = String.UnicodeScalarView()
        for (i, sc) in v.enumerated() {
            if sc.properties.generalCategory == .format {
                let prev = i > 0 ? v[i - 1] : nil
                let next = i + 1 < v.count ? v[i + 1] : nil
                let zwjInEmoji = sc.value == 0x200D && prev.map(emoji) == true && next.map(emoji) == true
                let tag =
                    (0xE0020...0xE007F).contains(sc.value)
                    && prev.map { $0.value == 0x1F3F4 || (0xE0020...0xE007F).contains($0.value) } == true
                if !(zwjInEmoji || tag) { continue }
            }
            out.append(sc)
        }
        return String(out)
    }

    /// A date YYYY-MM-DD, or empty. With `notAfter` (today, YYYY-MM-DD), a later date is refused.
    public static func day(
        _ s: String, field: String, required: Bool = false, notAfter today: String? = nil
    ) throws -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.isEmpty {
            if required { throw ArchiveError.invalidField(field: field, reason: "is required") }
            return ""
        }
        guard TimeFormat.isDay(t) else {
            throw ArchiveError.invalidField(
                field: field,
                reason: "must be a date YYYY-MM-DD such as 2020-05-01 (got \(Sanitize.visible(String(t.prefix(40)))))")
        }
        if let today, t > today {
            throw ArchiveError.invalidField(
                field: field, reason: "\(t) is in the future (today is \(today)): give the date written on the paper")
        }
        return t
    }

    /// A phone number: see `PhoneNumber`.
    public static func phone(_ s: String, field: String = "phone") throws -> String {
        try PhoneNumber.check(s, field: field).get()
    }

    /// An identity document number of the given type: see `IdentityNumber`.
    public static func idNumber(_ s: String, type: IDType, today: String) throws -> String {
        try IdentityNumber.check(s, type: type, today: today).get()
    }

    /// For an 18-character resident ID (17 digits and a check digit or X): whether its check
    /// digit is right (GB 11643-1999, ISO 7064 MOD 11-2). Nil for anything else (an old
    /// 15-digit ID, a passport number).
    public static func residentIDCheckDigitIsRight(_ s: String) -> Bool? {
        let u = Array(s.utf8)
        guard u.count == 18, u[..<17].allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let last = u[17]
        guard (last >= 48 && last <= 57) || last == 88 || last == 120 else { return nil }
        let w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for i in 0..<17 { sum += Int(u[i] - 48) * w[i] }
        let want = Array("10X98765432".utf8)[sum % 11]
        return want == (last == 120 ? 88 : last)
    }

    /// "permanent", a destroy-after date later than the document's date (when it has one), or
    /// empty: by the kind's default period in the settings (see Retention.swift).
    public static func retention(_ s: String, after date: String = "") throws -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t == "permanent" || t == "永久" { return "permanent" }
        if t.isEmpty || t == "default" || t == "按类别" { return "" }
        let r = try day(t, field: "retention")
        if !date.isEmpty && r <= date {
            throw ArchiveError.invalidField(
                field: "retention",
                reason: "\(r) is not after the document's date \(date): "
                    + "keep the document until a later date, or permanent")
        }
        return r
    }

    /// Checks an envelope before it is written. `now` is the store's clock: no document or
    /// move-in date after today (in the archive's time zone). With `before` (an edit), values
    /// that did not change are not judged again by the rules on content (ID check digit, phone
    /// form, dates), so that an envelope filed under older rules can still be edited; they
    /// still pass the safety checks (controls, lengths).
    public static func envelope(
        _ e: Envelope, settings: Settings, now: Date, before: Envelope? = nil
    ) throws -> Envelope {
        var v = e
        let today = TimeFormat(identifier: settings.timeZone).day(now)
        guard RecordID.isValid(e.id), e.id.hasPrefix("env-") else {
            throw ArchiveError.invalidField(field: "id", reason: "is not an envelope id")
        }
        v.cabinet = try LocationCode.validate(e.cabinet, field: "cabinet")
        v.building = try LocationCode.validate(e.building, field: "building")
        v.floor = try LocationCode.validate(e.floor, field: "floor")
        v.unit = try LocationCode.validate(e.unit, field: "unit")
        v.owner = try text(e.owner, field: "owner", max: 100, required: true)
        v.number = try text(e.number, field: "number", max: 40)
        v.barcode = try text(e.barcode, field: "barcode", max: 40)
        v.coOwners = try e.coOwners.map { try text($0, field: "co-owner", max: 100, required: true) }
        v.tenants = try e.tenants.map { try text($0, field: "tenant", max: 100, required: true) }
        let oldPhones = Set(before?.phones ?? [])
        v.phones = try e.phones.map { oldPhones.contains($0) ? try text($0, field: "phone", max: 40) : try phone($0) }
        let sameID = before.map { $0.idNumber == e.idNumber && $0.idType == e.idType } == true
        v.idNumber =
            sameID
            ? try text(e.idNumber, field: "ID number", max: 32)
            : try idNumber(e.idNumber, type: e.identityType, today: today)
        v.moveIn = try day(e.moveIn, field: "move-in date", notAfter: before?.moveIn == e.moveIn ? nil : today)
        v.note = try text(e.note, field: "note", max: 2000)
        if let c = e.emergencyContact, !(c.name + c.phone + c.relation).trimmingCharacters(in: .whitespaces).isEmpty {
            let samePhone = before?.emergencyContact?.phone == c.phone
            v.emergencyContact = Contact(
                name: try text(c.name, field: "emergency contact", max: 100, required: true),
                phone: samePhone
                    ? try text(c.phone, field: "emergency phone", max: 40)
                    : try phone(c.phone, field: "emergency phone"),
                relation: try text(c.relation, field: "relation", max: 40))
        } else {
            v.emergencyContact = nil  // all three empty: no emergency contact
        }
        try customerDetails(e, into: &v, before: before, today: today)
        let old = Dictionary((before?.documents ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var ids = Set<String>()
        v.documents = try e.documents.map { d in
            var x = d
            guard ids.insert(d.id).inserted else {
                throw ArchiveError.invalidField(field: "document id", reason: "\(d.id) appears twice")
            }
            guard DocumentID.envelope(of: d.id) == e.id else {
                throw ArchiveError.invalidField(
                    field: "document id", reason: "\(Sanitize.visible(d.id)) does not belong to this envelope")
            }
            guard settings.kind(named: d.kind) != nil else {
                throw ArchiveError.invalidField(
                    field: "kind", reason: "\(Sanitize.visible(d.kind)) is not in the catalogue")
            }
            let was = old[d.id]
            x.title = try text(d.title, field: "title", max: 200)
            x.date = try day(d.date, field: "document date", notAfter: was?.date == d.date ? nil : today)
            let sameDates = was.map { $0.date == d.date && $0.retention == d.retention } == true
            x.retention = try retention(d.retention, after: sameDates ? "" : x.date)
            x.note = try text(d.note, field: "note", max: 2000)
            guard d.pages >= 0 && d.pages <= 100_000 else {
                throw ArchiveError.invalidField(field: "pages", reason: "must be between 0 and 100000")
            }
            return x
        }
        return v
    }
}
