import Foundation

/// Validation of form fields: a clear message naming the field, never a silent change.
public enum Validate {
    /// Free text (names, titles, notes): no control characters, NUL, escape sequences or
    /// bidi overrides; at most `max` characters; leading and trailing spaces trimmed.
    public static func text(_ s: String, field: String, max: Int = 200, required: Bool = false) throws -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        if required && t.isEmpty { throw ArchiveError.invalidField(field: field, reason: "is required") }
        if t.count > max { throw ArchiveError.invalidField(field: field, reason: "is longer than \(max) characters") }
        for sc in t.unicodeScalars where Sanitize.isUnsafe(sc) {
            throw ArchiveError.invalidField(field: field, reason: "contains a control or direction character (U+\(String(sc.value, radix: 16, uppercase: true)))")
        }
        return t
    }

    public static func day(_ s: String, field: String, required: Bool = false) throws -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { if required { throw ArchiveError.invalidField(field: field, reason: "is required") }; return "" }
        guard TimeFormat.isDay(t) else { throw ArchiveError.invalidField(field: field, reason: "must be a date YYYY-MM-DD (got \(Sanitize.visible(String(t.prefix(40)))))") }
        return t
    }

    public static func phone(_ s: String, field: String = "phone") throws -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        guard t.count <= 32, t.allSatisfy({ $0.isASCII && ($0.isNumber || "+-() ".contains($0)) }) else {
            throw ArchiveError.invalidField(field: field, reason: "may hold only digits, spaces and + - ( )")
        }
        return t
    }

    /// An identity document number: a resident ID (18 characters, 15 for old cards) or a
    /// passport number — letters and digits only, 5 to 20 of them.
    public static func isIDNumberShape(_ s: String) -> Bool {
        (5...20).contains(s.count) && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
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

    public static func retention(_ s: String) throws -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.isEmpty || t == "permanent" || t == "永久" { return "permanent" }
        return try day(t, field: "retention")
    }

    /// Checks an envelope before it is written.
    public static func envelope(_ e: Envelope, settings: Settings) throws -> Envelope {
        var v = e
        guard RecordID.isValid(e.id), e.id.hasPrefix("env-") else { throw ArchiveError.invalidField(field: "id", reason: "is not an envelope id") }
        v.cabinet = try LocationCode.validate(e.cabinet, field: "cabinet")
        v.building = try LocationCode.validate(e.building, field: "building")
        v.floor = try LocationCode.validate(e.floor, field: "floor")
        v.unit = try LocationCode.validate(e.unit, field: "unit")
        v.owner = try text(e.owner, field: "owner", max: 100, required: true)
        v.number = try text(e.number, field: "number", max: 40)
        v.barcode = try text(e.barcode, field: "barcode", max: 40)
        v.coOwners = try e.coOwners.map { try text($0, field: "co-owner", max: 100, required: true) }
        v.tenants = try e.tenants.map { try text($0, field: "tenant", max: 100, required: true) }
        v.phones = try e.phones.map { try phone($0) }
        v.idNumber = try text(e.idNumber, field: "id number", max: 32)
        v.moveIn = try day(e.moveIn, field: "move-in date")
        v.note = try text(e.note, field: "note", max: 2000)
        if let c = e.emergencyContact {
            v.emergencyContact = Contact(name: try text(c.name, field: "emergency contact", max: 100),
                                         phone: try phone(c.phone, field: "emergency phone"),
                                         relation: try text(c.relation, field: "relation", max: 40))
        }
        var ids = Set<String>()
        v.documents = try e.documents.map { d in
            var x = d
            guard ids.insert(d.id).inserted else { throw ArchiveError.invalidField(field: "document id", reason: "\(d.id) appears twice") }
            guard DocumentID.envelope(of: d.id) == e.id else { throw ArchiveError.invalidField(field: "document id", reason: "\(Sanitize.visible(d.id)) does not belong to this envelope") }
            guard settings.kind(named: d.kind) != nil else { throw ArchiveError.invalidField(field: "kind", reason: "\(Sanitize.visible(d.kind)) is not in the catalogue") }
            x.title = try text(d.title, field: "title", max: 200)
            x.date = try day(d.date, field: "document date")
            x.retention = try retention(d.retention)
            x.note = try text(d.note, field: "note", max: 2000)
            guard d.pages >= 0 && d.pages <= 100_000 else { throw ArchiveError.invalidField(field: "pages", reason: "must be between 0 and 100000") }
            return x
        }
        return v
    }
}

/// Masking of personal numbers: ID numbers and phones are shown whole only to an operator whose
/// role may see them (archivist, approver); everyone else, and an operator not in the staff list,
/// sees them masked.
public enum Mask {
    public static func phone(_ p: String) -> String {
        let u = Array(p)
        guard u.count >= 7 else { return String(repeating: "*", count: u.count) }
        return String(u.prefix(3)) + String(repeating: "*", count: u.count - 7) + String(u.suffix(4))
    }

    public static func idNumber(_ p: String) -> String {
        let u = Array(p)
        guard u.count >= 8 else { return String(repeating: "*", count: u.count) }
        return String(u.prefix(4)) + String(repeating: "*", count: u.count - 6) + String(u.suffix(2))
    }

    /// Sales staff see only a company name, a person's name and title (seed 000 篇4): no
    /// documents, numbers or contacts, no reports, and no changes to the archive.
    public static func limitedView(_ store: ArchiveStore) -> Bool {
        store.settings.staff(named: store.operatorName)?.role == .sales
    }

    public static let limitedRefusal = ArchiveError.refused(rule: "role.sales",
        message: "销售人员只能查看公司名称、姓名和职务,不能查阅档案内容或办理档案业务 (sales staff see names and titles only)")

    public static func mayRevealPersonalNumbers(_ store: ArchiveStore) -> Bool {
        mayRevealPersonalNumbers(store.settings, operator: store.operatorName)
    }

    public static func mayRevealPersonalNumbers(_ settings: Settings, operator name: String) -> Bool {
        guard let r = settings.staff(named: name)?.role else { return false }
        return r == .archivist || r == .approver
    }
}
