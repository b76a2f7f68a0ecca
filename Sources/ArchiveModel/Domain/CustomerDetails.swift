import Foundation

/// The property's category (seed 001 篇9: "将客户档案按房屋性质分成住宅、商铺、写字楼三大类";
/// parking spaces are sold and let on their own).
public enum PropertyCategory: String, Codable, Sendable, CaseIterable {
    case residential, shop, office, parking

    /// The category's Chinese name as the archivists say it (住宅, 商铺, 写字楼, 车位).
    public var chinese: String {
        switch self {
        case .residential: return "住宅"
        case .shop: return "商铺"
        case .office: return "写字楼"
        case .parking: return "车位"
        }
    }

    /// The JSON names and the Chinese ones.
    public init?(parse s: String) {
        let t = s.trimmingCharacters(in: .whitespaces)
        guard let c = PropertyCategory.allCases.first(where: { $0.rawValue == t.lowercased() || $0.chinese == t })
        else { return nil }
        self = c
    }

    /// The accepted spellings for messages and help: `住宅/residential, 商铺/shop, …`.
    public static var choices: String { allCases.map { "\($0.chinese)/\($0.rawValue)" }.joined(separator: ", ") }
}

/// A customer's move-out (迁出, seed 004 第1篇): the day, and the new phone and mail-forwarding
/// address they left ("让客户留下新的联系电话,邮件转收地址,并签字确认").
public struct MoveOut: Codable, Sendable, Equatable {
    /// YYYY-MM-DD
    public var date: String
    /// The new phone number the customer left; empty when none.
    public var phone: String
    /// The mail-forwarding address (邮件转收地址) the customer left; empty when none.
    public var address: String
    /// The archivist's note on the move-out; empty when none.
    public var note: String
    /// A move-out on `date` (YYYY-MM-DD); the other fields may be empty.
    public init(date: String, phone: String = "", address: String = "", note: String = "") {
        self.date = date
        self.phone = phone
        self.address = address
        self.note = note
    }
}

extension Envelope {
    /// Vehicle plates (车牌号), empty when none.
    public var vehiclePlates: [String] {
        get { plates ?? [] }
        set { plates = newValue.isEmpty ? nil : newValue }
    }
    /// Parking spaces (车位号), empty when none.
    public var parking: [String] {
        get { parkingSpaces ?? [] }
        set { parkingSpaces = newValue.isEmpty ? nil : newValue }
    }
    /// True when the customer's move-out is recorded.
    public var movedOut: Bool { moveOut != nil }
}

extension Validate {
    /// A Chinese motor-vehicle plate: the province's character, the city's letter, then five
    /// characters (six for new-energy vehicles), optionally 挂 学 警 港 澳 领 使 试 超; spaces, · and
    /// - between parts are dropped and letters written in capitals. 粤B12345, 粤BD12345, 京A·1234学.
    public static func plate(_ s: String, field: String = "plate (车牌号)") throws -> String {
        let t = try text(s, field: field, max: 20)
        var out = ""
        for ch in t where !" ·・-．.".contains(ch) { out += ch.isASCII ? ch.uppercased() : String(ch) }
        let suffixes = "挂学警港澳领使试超"
        let hint = "write it as 粤B12345 (new-energy 粤BD12345)"
        guard out.range(of: #"^\p{Han}[A-Z][A-Z0-9]{4,6}[挂学警港澳领使试超]?$"#, options: .regularExpression) != nil else {
            throw ArchiveError.invalidField(
                field: field, reason: "\(Sanitize.visible(String(t.prefix(20)))) is not a plate: \(hint)")
        }
        let suffixed = out.last.map { suffixes.contains($0) } == true
        let body = out.count - 2 - (suffixed ? 1 : 0)
        guard body == 5 || body == 6 || (body == 4 && suffixed) else {
            throw ArchiveError.invalidField(
                field: field,
                reason: "\(Sanitize.visible(String(t.prefix(20)))) has \(body) characters after the letter: \(hint)")
        }
        return out
    }

    /// The customer details of an envelope: category, plates, parking spaces, move-out. Values
    /// that did not change since `before` are not judged again by the rules on content. Empty
    /// lists are stored as absent, so that envelopes without them keep their files unchanged.
    static func customerDetails(_ e: Envelope, into v: inout Envelope, before: Envelope?, today: String) throws {
        let oldPlates = Set(before?.vehiclePlates ?? [])
        var plates: [String] = []
        for p in e.vehiclePlates {
            let x = oldPlates.contains(p) ? try text(p, field: "plate (车牌号)", max: 20) : try plate(p)
            if !x.isEmpty && !plates.contains(x) { plates.append(x) }
        }
        guard plates.count <= 20 else {
            throw ArchiveError.invalidField(field: "plate (车牌号)", reason: "lists more than 20 plates")
        }
        v.vehiclePlates = plates
        var spaces: [String] = []
        for p in e.parking {
            let x = try text(p, field: "parking space (车位号)", max: 40)
            if !x.isEmpty && !spaces.contains(x) { spaces.append(x) }
        }
        guard spaces.count <= 20 else {
            throw ArchiveError.invalidField(field: "parking space (车位号)", reason: "lists more than 20 spaces")
        }
        v.parking = spaces
        if let m = e.moveOut {
            let was = before?.moveOut
            let date = try day(
                m.date, field: "move-out date (迁出日期)", required: true, notAfter: was?.date == m.date ? nil : today)
            if !e.moveIn.isEmpty && date < e.moveIn {
                throw ArchiveError.invalidField(
                    field: "move-out date (迁出日期)", reason: "\(date) is before the move-in date \(e.moveIn)")
            }
            let phone =
                m.phone.isEmpty
                ? ""
                : (was?.phone == m.phone
                    ? try text(m.phone, field: "forwarding phone", max: 40)
                    : try self.phone(m.phone, field: "forwarding phone (新联系电话)"))
            v.moveOut = MoveOut(
                date: date, phone: phone, address: try text(m.address, field: "forwarding address (邮件转收地址)", max: 200),
                note: try text(m.note, field: "move-out note", max: 500))
        }
    }
}

extension Reports {
    /// 各类客户统计 (seed 001 篇9 "客户服务部要做好客户档案的统计工作,每月5日前向公司提交各类客户统计及分析
    /// 报表"): the envelopes by the property's category — in use, moved out, their documents,
    /// vehicles and parking spaces, and the documents lent in the month. Every envelope is read.
    static func categories(store: ArchiveStore, month: String?) -> ReportTable {
        let tf = store.timeFormat
        let m = month ?? Monthly.defaultMonth(now: store.now, tf: tf)
        let sums = store.envelopes.filter { $0.damaged == nil }
        let read = parallelMap(count: sums.count) { i in try? store.envelope(id: sums[i].id) }
        var category: [String: PropertyCategory?] = [:]
        let order: [PropertyCategory?] = PropertyCategory.allCases.map { Optional($0) } + [nil]
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 8), count: order.count)
        func slot(_ c: PropertyCategory?) -> Int { order.firstIndex(of: c)! }
        for case let e? in read {
            category[e.id] = e.category
            let i = slot(e.category)
            counts[i][0] += 1
            if e.status == .active && !e.movedOut { counts[i][1] += 1 }
            if e.movedOut { counts[i][2] += 1 }
            for d in e.documents where d.state == .present {
                if d.original { counts[i][3] += 1 } else { counts[i][4] += 1 }
            }
            counts[i][5] += e.vehiclePlates.count
            counts[i][6] += e.parking.count
        }
        for r in store.register.loans where r.voided == nil && tf.month(r.loan.out) == m {
            if let c = category[r.loan.envelope] { counts[slot(c)][7] += r.loan.documents.count }
        }
        var rows: [[String]] = []
        var total = [Int](repeating: 0, count: 8)
        for (i, c) in order.enumerated() {
            for k in 0..<8 { total[k] += counts[i][k] }
            if c == nil && counts[i][0] == 0 { continue }
            rows.append([c?.chinese ?? "未分类"] + counts[i].map { "\($0)" })
        }
        rows.append(["合计"] + total.map { "\($0)" })
        return ReportTable(
            title: "\(store.info.name) 各类客户统计 (Customers by property category)",
            subtitle: "\(m)  截至 \(tf.minute(store.now))",
            columns: ["物业类型", "档案袋", "在住/在用", "已迁出", "原件", "复印件", "车辆", "车位", "本月借出(份)"],
            rows: rows, footer: "物业类型在档案袋中登记 (dangan envelope edit --category);未分类的请补登")
    }
}
