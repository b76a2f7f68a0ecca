/// The identity document an owner's number belongs to. Stored in the envelope as `idType`;
/// absent means a resident ID card (居民身份证), so files written before the field existed
/// keep their meaning.
public enum IDType: String, Codable, Sendable, CaseIterable {
    /// 居民身份证: 18 characters with the GB 11643 check digit, 15 digits on cards issued before 1999.
    case resident
    /// 护照: 5 to 20 letters and digits.
    case passport
    /// 港澳居民来往内地通行证 (H or M and 8 or 10 digits) or 台湾居民来往大陆通行证 (8 or 10 digits).
    case hkMacaoTaiwan = "hk-macao-taiwan"

    /// The document type's short Chinese name (身份证, 护照, 港澳台通行证) for forms and lists.
    public var chinese: String {
        switch self {
        case .resident: return "身份证"
        case .passport: return "护照"
        case .hkMacaoTaiwan: return "港澳台通行证"
        }
    }
}

extension Envelope {
    /// The owner's identity document type (resident ID unless the envelope says otherwise).
    public var identityType: IDType {
        get { idType ?? .resident }
        set { idType = newValue == .resident ? nil : newValue }
    }
}

/// Identity numbers: the resident ID of GB 11643-1999 and the other documents' shapes.
public enum IdentityNumber {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters = Array("10X98765432")
    /// First two digits of a resident ID: provinces, and 71 (Taiwan), 81 (Hong Kong), 82
    /// (Macao), 83 (residence permits of Taiwan residents).
    static let regions: Set<Int> = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
    ]

    /// The GB 11643 check character for the first 17 digits.
    public static func checkCharacter(_ first17: String) -> Character? {
        let digits = first17.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard digits.count == 17, first17.count == 17 else { return nil }
        return checkCharacters[zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11]
    }

    /// The number as it is stored (upper case, no spaces), or a reason in words that says how
    /// to fix it. `today` is YYYY-MM-DD: a birth date after it is refused.
    public static func check(_ raw: String, type: IDType, today: String) -> Result<String, ArchiveError> {
        let n = raw.filter { $0 != " " }.uppercased()
        func no(_ reason: String) -> Result<String, ArchiveError> {
            .failure(.invalidField(field: "ID number", reason: reason))
        }
        if n.isEmpty { return .success("") }
        if n.contains("*") { return no("is masked (\(Sanitize.visible(n))): type the whole number from the document") }
        switch type {
        case .resident:
            return resident(n, today: today).map { .failure(.invalidField(field: "ID number", reason: $0)) }
                ?? .success(n)
        case .passport:
            guard (5...20).contains(n.count), n.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                return no(
                    "\(Sanitize.visible(n)) is not a passport number: it has 5 to 20 letters and digits (E12345678)")
            }
            return .success(n)
        case .hkMacaoTaiwan:
            let digits = n.first.map { $0 == "H" || $0 == "M" } == true ? String(n.dropFirst()) : n
            guard digits.count == 8 || digits.count == 10, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return no(
                    "\(Sanitize.visible(n)) is not a permit number: a Hong Kong or Macao permit is H or M and "
                        + "8 or 10 digits (H12345678), a Taiwan permit 8 or 10 digits")
            }
            return .success(n)
        }
    }

    /// Why `n` (upper case) is not a resident ID number, or nil when it is one.
    static func resident(_ n: String, today: String) -> String? {
        let shown = Sanitize.visible(n)
        let other = "for a passport or a Hong Kong, Macao or Taiwan permit, choose that ID type"
        guard n.count == 18 || n.count == 15 else {
            return "\(shown) has \(n.count) characters: a resident ID number has 18 "
                + "(15 on cards issued before 1999); \(other)"
        }
        let body = n.count == 18 ? String(n.prefix(17)) : n
        guard body.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return "\(shown) may hold only digits, and X as the 18th character; \(other)"
        }
        guard let region = Int(n.prefix(2)), regions.contains(region) else {
            return
                "\(shown) starts with \(n.prefix(2)), which is no region code of a resident ID: check the first digits"
        }
        let birth = n.count == 18 ? String(Array(n)[6..<14]) : "19" + String(Array(n)[6..<12])
        let day = "\(birth.prefix(4))-\(birth.dropFirst(4).prefix(2))-\(birth.suffix(2))"
        guard TimeFormat.isDay(day), day >= "1900-01-01" else {
            return "\(shown) holds the birth date \(birth), which is not a date: "
                + "check digits 7 to \(n.count == 18 ? 14 : 12)"
        }
        guard day <= today else { return "\(shown) holds the birth date \(day), which is in the future" }
        guard n.count == 18, let expected = checkCharacter(body) else { return nil }
        let got = n.last!
        if got != expected {
            return "\(shown) ends in \(got) but its check digit (GB 11643) is \(expected): "
                + "a digit was mistyped or a spreadsheet rounded the number — "
                + "type it again from the card, and in Excel keep the column as text"
        }
        return nil
    }
}

/// Phone numbers of the mainland: mobiles, landlines with their area codes, 400/800 service
/// numbers; other countries' numbers start with +.
public enum PhoneNumber {
    /// The number as typed (trimmed), or why it is not a phone number.
    public static func check(_ raw: String, field: String = "phone") -> Result<String, ArchiveError> {
        let t = raw.trimmingCharacters(in: .whitespaces)
        let hint =
            "a mobile number has 11 digits and starts with 1 (13800138000), a landline its area code (0755-12345678), "
            + "another country's number starts with + (+852 91234567)"
        func no(_ what: String) -> Result<String, ArchiveError> {
            .failure(.invalidField(field: field, reason: "\(Sanitize.visible(String(t.prefix(40)))) \(what): \(hint)"))
        }
        if t.isEmpty { return no("is empty") }
        guard t.count <= 32, t.allSatisfy({ $0.isASCII && ($0.isNumber || "+-() #".contains($0)) }) || t.contains("转")
        else {
            return no("may hold only digits, spaces and + - ( ) (an extension after # or 转)")
        }
        // An extension: 0755-12345678 转 123, 0755-12345678#123.
        let parts = t.split(whereSeparator: { $0 == "#" || $0 == "转" }).map { String($0) }
        guard parts.count <= 2 else { return no("has more than one extension") }
        if parts.count == 2 {
            let ext = parts[1].filter { $0 != " " }
            guard (1...6).contains(ext.count), ext.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return no("has an extension that is not 1 to 6 digits")
            }
        }
        let main = parts.first ?? ""
        guard main.allSatisfy({ $0.isASCII && ($0.isNumber || "+-() ".contains($0)) }) else {
            return no("is not a phone number")
        }
        let plus = main.hasPrefix("+")
        guard !main.dropFirst(plus ? 1 : 0).contains("+") else { return no("has + inside") }
        var digits = main.filter { $0.isNumber }
        if plus {
            if digits.hasPrefix("86") {
                digits.removeFirst(2)
            } else {
                return (8...15).contains(digits.count) ? .success(t) : no("has \(digits.count) digits after +")
            }
        } else if digits.hasPrefix("0086") {
            digits.removeFirst(4)
        }
        let d = Array(digits)
        if d.count == 11, d[0] == "1", "3456789".contains(d[1]) { return .success(t) }  // mobile
        if d.count >= 10, d.count <= 12, d[0] == "0", d[1] != "0" { return .success(t) }  // area code + number
        if d.count == 10, digits.hasPrefix("400") || digits.hasPrefix("800") { return .success(t) }  // service number
        if d.count == 11, d[0] == "1" { return no("starts with \(String(d.prefix(2))), which no mobile number does") }
        if (7...8).contains(d.count), d[0] != "0" { return no("has no area code") }
        return no("has \(d.count) digits")
    }
}
