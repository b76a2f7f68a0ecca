import Foundation

/// What the archivist writes into the key register (《钥匙领用/移交登记表》).
public struct KeyRequest: Sendable {
    /// What happens to the key; cabinet-key kinds need `cabinet`, unit-key kinds `envelope`.
    public var kind: KeyEvent.Kind
    /// Cabinet keys: the cabinet's code.
    public var cabinet: String?
    /// Unit keys: the envelope (id, number, barcode or room) of the unit.
    public var envelope: String?
    /// Who gives the key: the holder handing over, giving back or reporting it lost; the owner
    /// depositing a unit key; the person bringing a unit key back.
    public var from: String
    /// Who receives it: the new holder; the person taking a unit key out; the owner it is
    /// given back to.
    public var to: String
    /// The spare key (备用钥匙).
    public var spare: Bool
    /// A change of lock: the holders of the new keys.
    public var holders: [KeyHolder]
    /// Which key (unit keys: 入户门钥匙×2 …).
    public var key: String
    /// Why (维修, 休假 …) or what happened; free text, at most 500 characters.
    public var purpose: String
    /// Who signed for it; empty: the person taking, bringing back or receiving the key.
    public var signedBy: String

    /// A request; fields a kind does not use stay empty.
    public init(
        kind: KeyEvent.Kind, cabinet: String? = nil, envelope: String? = nil, from: String = "", to: String = "",
        spare: Bool = false,
        holders: [KeyHolder] = [], key: String = "", purpose: String = "", signedBy: String = ""
    ) {
        self.kind = kind
        self.cabinet = cabinet
        self.envelope = envelope
        self.from = from
        self.to = to
        self.spare = spare
        self.holders = holders
        self.key = key
        self.purpose = purpose
        self.signedBy = signedBy
    }
}

/// The cabinet keys (seed 000 篇3 4.3.7–4.3.8: locked cabinets, keys with named people, a lost key
/// means a new lock, the archivist's key goes to the supervisor when the archivist is away; seed
/// 001 篇1: the spare with the manager) and the unit keys held for owners (代保管单元钥匙).
/// Each event is one journal entry; for cabinet keys the same entry changes the cabinet's list
/// of holders, so the list and the register never disagree.
extension ArchiveStore {
    /// Writes one line of the key register, and for a cabinet key the cabinet's new `keyHolders`, in one entry.
    /// Returns the refusal (nothing written) or the decision and the line written.
    public func recordKey(_ req: KeyRequest) throws -> (Decision, KeyEvent?) {
        let from = try Validate.text(req.from, field: "from", max: 100)
        let to = try Validate.text(req.to, field: "to", max: 100)
        let key = try Validate.text(req.key, field: "key", max: 100)
        let purpose = try Validate.text(req.purpose, field: "purpose", max: 500)
        let signed = try Validate.text(req.signedBy, field: "signed by", max: 100)
        let holders = try req.holders.map {
            KeyHolder(name: try Validate.text($0.name, field: "holder", max: 100, required: true), spare: $0.spare)
        }
        return try mutate {
            if req.kind.isUnitKey {
                return try unitKey(
                    req.kind, envelope: req.envelope ?? "", from: from, to: to, key: key, purpose: purpose,
                    signed: signed)
            }
            return try cabinetKey(
                req.kind, cabinet: req.cabinet ?? "", from: from, to: to, spare: req.spare, holders: holders,
                purpose: purpose, signed: signed)
        }
    }

    func cabinetKey(
        _ kind: KeyEvent.Kind, cabinet code: String, from: String, to: String, spare: Bool,
        holders newHolders: [KeyHolder],
        purpose: String, signed: String
    ) throws -> (Decision, KeyEvent?) {
        guard var cab = cabinets.first(where: { $0.code == code }) else {
            throw ArchiveError.notFound(what: "cabinet \(Sanitize.visible(code))")
        }
        let base = cab.revision?.heads ?? []
        cab.revision = nil
        var list = cab.keyHolders.map(KeyHolder.init)
        func holds(_ name: String) -> Int? { list.firstIndex { $0.name == name } }
        func manager(_ name: String) -> Decision? {
            settings.staff(named: name)?.role == .approver
                ? nil
                : .refuse(
                    "keys.spare-manager",
                    "备用钥匙由主管(审批人)保管,\(name)不是审批人 (the spare key stays with a manager: someone with the approver role)")
        }
        var ev = KeyEvent(
            kind: kind, cabinet: code, key: "档案柜钥匙", from: from, to: to, purpose: purpose, at: now,
            archivist: operatorName)
        let lost = register.office.lostKeys[code]
        switch kind {
        case .issue:
            if to.isEmpty { return (.refuse("form.to", "须填写领用人 (name who receives the key)"), nil) }
            if let l = lost {
                return (
                    .refuse(
                        "keys.lock-pending",
                        """
                        \(code)柜钥匙于\(timeFormat.minute(l.at))遗失,须先更换锁具再配发钥匙 (a key of this cabinet was lost: \
                        change the lock first)
                        """
                    ), nil
                )
            }
            if holds(to) != nil {
                return (.refuse("keys.already-held", "\(to)已持有\(code)柜钥匙 (already holds a key of this cabinet)"), nil)
            }
            if spare {
                if let r = manager(to) { return (r, nil) }
                if let s = list.first(where: { $0.spare }) {
                    return (
                        .refuse("keys.spare-exists", "\(code)柜备用钥匙已由\(s.name)保管 (the spare key is already held)"), nil
                    )
                }
            }
            ev.from = from.isEmpty ? operatorName : from
            ev.spare = spare
            list.append(KeyHolder(name: to, spare: spare))
        case .handOver:
            if from.isEmpty || to.isEmpty {
                return (.refuse("form.to", "须填写移交人和接收人 (name who hands the key over and who receives it)"), nil)
            }
            guard let i = holds(from) else {
                return (.refuse("keys.not-held", "\(from)未持有\(code)柜钥匙 (does not hold a key of this cabinet)"), nil)
            }
            if holds(to) != nil {
                return (.refuse("keys.already-held", "\(to)已持有\(code)柜钥匙 (already holds a key of this cabinet)"), nil)
            }
            if list[i].spare, let r = manager(to) { return (r, nil) }
            ev.spare = list[i].spare
            list[i] = KeyHolder(name: to, spare: list[i].spare)
        case .giveBack:
            if from.isEmpty { return (.refuse("form.from", "须填写交回人 (name who gives the key back)"), nil) }
            guard let i = holds(from) else {
                return (.refuse("keys.not-held", "\(from)未持有\(code)柜钥匙 (does not hold a key of this cabinet)"), nil)
            }
            ev.spare = list[i].spare
            ev.to = to.isEmpty ? operatorName : to
            list.remove(at: i)
        case .lost:
            if from.isEmpty { return (.refuse("form.from", "须填写遗失钥匙的人 (name who lost the key)"), nil) }
            guard let i = holds(from) else {
                return (.refuse("keys.not-held", "\(from)未持有\(code)柜钥匙 (does not hold a key of this cabinet)"), nil)
            }
            ev.spare = list[i].spare
            list.remove(at: i)
        case .lockChange:
            if newHolders.isEmpty { return (.refuse("form.holders", "须填写新钥匙的保管人 (name who holds the new keys)"), nil) }
            if Set(newHolders.map { $0.name }).count != newHolders.count {
                return (.refuse("form.holders", "保管人重复 (a holder is named twice)"), nil)
            }
            let spares = newHolders.filter { $0.spare }
            if spares.count > 1 {
                return (.refuse("keys.spare-exists", "备用钥匙只能由一人保管 (one spare key, held by one manager)"), nil)
            }
            if let s = spares.first, let r = manager(s.name) { return (r, nil) }
            list = newHolders
            ev.holders = newHolders.map { $0.listed }
            ev.key = "锁具"
        case .deposit, .out, .back, .release:
            return (.refuse("keys.kind", "不是档案柜钥匙的事项 (not a cabinet key event)"), nil)
        }
        if ev.spare && kind != .lockChange { ev.key = "备用钥匙" }
        ev.signedBy = signed.isEmpty ? (kind == .issue || kind == .handOver ? ev.to : ev.from) : signed
        var after = cab
        after.keyHolders = list.map { $0.listed }
        var changes: [RecordChange] = []
        let ops = RecordDiff.diff(try JSONValue.of(cab, coding), try JSONValue.of(after, coding))
        if !ops.isEmpty { changes.append(RecordChange(kind: .cabinet, record: cab.id, base: base, ops: ops)) }
        var en = entry(.key, changes: changes, note: "\(code)柜钥匙\(kind.chinese)")
        en.key = ev
        try commit(en)
        let message: String
        switch kind {
        case .lost: message = "已登记\(code)柜钥匙遗失,须及时更换锁具 (recorded; change the lock: dangan keys lock-change \(code))"
        case .lockChange: message = "已更换\(code)柜锁具,新钥匙保管人: \(after.keyHolders.joined(separator: "、")) (lock changed)"
        default:
            message =
                """
                已登记\(code)柜钥匙\(kind.chinese);现保管人: \
                \(after.keyHolders.isEmpty ? "无" : after.keyHolders.joined(separator: "、")) (recorded)
                """
        }
        return (Decision.allow("keys.\(kind.rawValue)", message), ev)
    }

    func unitKey(
        _ kind: KeyEvent.Kind, envelope ref: String, from: String, to: String, key: String, purpose: String,
        signed: String
    ) throws -> (Decision, KeyEvent?) {
        let id = try resolveEnvelope(ref)
        guard let sum = summary(id: id) else { throw ArchiveError.notFound(what: "envelope \(Sanitize.visible(ref))") }
        let held = register.office.unitKeys[id]
        var ev = KeyEvent(
            kind: kind, envelope: id, key: key.isEmpty ? (held?.key ?? "") : key, from: from, to: to, purpose: purpose,
            at: now,
            archivist: operatorName)
        let room = sum.roomCode
        switch kind {
        case .deposit:
            if from.isEmpty {
                return (.refuse("form.from", "须填写存放钥匙的业主或委托人 (name the owner or agent who leaves the key)"), nil)
            }
            if key.isEmpty { return (.refuse("form.key", "须写明钥匙 (say which keys: 入户门钥匙×2 …)"), nil) }
            if let h = held {
                return (
                    .refuse("keys.unit-held", "\(room)的钥匙已在代保管中(\(h.key)) (a key of this unit is already held)"), nil
                )
            }
            ev.to = to.isEmpty ? operatorName : to
            ev.signedBy = signed.isEmpty ? from : signed
        case .out:
            guard let h = held else {
                return (.refuse("keys.unit-not-held", "\(room)没有代保管的钥匙 (no key of this unit is held)"), nil)
            }
            if h.state == .out { return (.refuse("keys.unit-out", "\(room)的钥匙已借出给\(h.holder) (the key is out)"), nil) }
            if to.isEmpty { return (.refuse("form.to", "须填写领用人 (name who takes the key)"), nil) }
            if purpose.isEmpty { return (.refuse("form.purpose", "须填写事由 (say what the key is for)"), nil) }
            ev.from = from.isEmpty ? operatorName : from
            ev.signedBy = signed.isEmpty ? to : signed
        case .back:
            guard let h = held, h.state == .out else {
                return (.refuse("keys.unit-not-out", "\(room)的钥匙未借出 (the key is not out)"), nil)
            }
            ev.from = from.isEmpty ? h.holder : from
            ev.to = to.isEmpty ? operatorName : to
            ev.signedBy = signed.isEmpty ? ev.from : signed
        case .release:
            guard let h = held else {
                return (.refuse("keys.unit-not-held", "\(room)没有代保管的钥匙 (no key of this unit is held)"), nil)
            }
            if h.state == .out {
                return (
                    .refuse("keys.unit-out", "\(room)的钥匙已借出给\(h.holder),须先归还 (the key is out: bring it back first)"),
                    nil
                )
            }
            if to.isEmpty { return (.refuse("form.to", "须填写领回钥匙的业主或委托人 (name who receives the key)"), nil) }
            ev.from = from.isEmpty ? operatorName : from
            ev.signedBy = signed.isEmpty ? to : signed
        case .issue, .handOver, .giveBack, .lost, .lockChange:
            return (.refuse("keys.kind", "不是代保管单元钥匙的事项 (not a unit key event)"), nil)
        }
        var en = entry(.key, envelope: id, note: "\(room)代保管钥匙\(kind.chinese)")
        en.key = ev
        try commit(en)
        return (
            Decision.allow(
                "keys.\(kind.rawValue)", "已登记\(room)钥匙\(kind.chinese) (\(ev.key)),签字: \(ev.signedBy) (recorded)"), ev
        )
    }
}

extension Reports {
    /// 钥匙领用/移交登记表: every key event (of a month, or all), then who holds each cabinet's
    /// keys now and the unit keys held for owners.
    static func keys(store: ArchiveStore, month: String?) -> ReportTable {
        let tf = store.timeFormat
        let office = store.register.office
        func unit(_ id: String?) -> String {
            id.flatMap { store.summary(id: $0) }.map { "\($0.roomCode) \($0.owner)" } ?? (id ?? "")
        }
        let events = office.keyEvents.filter { month == nil || tf.month($0.at) == month }
        let rows = events.map { k -> [String] in
            let what = k.kind.isUnitKey ? "代保管单元钥匙 \(unit(k.envelope))" : "\(k.cabinet ?? "")柜"
            let detail = k.kind == .lockChange ? "新钥匙: " + (k.holders ?? []).joined(separator: "、") : k.purpose
            return [tf.minute(k.at), what, k.key, k.kind.chinese, k.from, k.to, k.signedBy, detail, k.archivist]
        }
        var holders: [[String]] = []
        for c in store.cabinets {
            let list = c.keyHolders.map(KeyHolder.init)
            let lost = office.lostKeys[c.code].map { "钥匙遗失(\($0.from), \(tf.minute($0.at))),待更换锁具" } ?? "正常"
            holders.append([
                c.code, c.label, list.filter { !$0.spare }.map { $0.name }.joined(separator: "、"),
                list.filter { $0.spare }.map { $0.name }.joined(separator: "、"), lost,
            ])
        }
        let held = office.unitKeys.values.sorted { a, b in
            let x = store.index(ofEnvelope: a.envelope) ?? Int.max
            let y = store.index(ofEnvelope: b.envelope) ?? Int.max
            return x != y ? x < y : a.envelope < b.envelope
        }
        let unitRows = held.map { h -> [String] in
            [
                unit(h.envelope), h.key, h.depositor, tf.minute(h.since), h.state.chinese,
                h.state == .out ? "\(h.holder) \(h.outAt.map { tf.minute($0) } ?? "") \(h.purpose)" : "",
            ]
        }
        var t = ReportTable(
            title: "\(store.info.name) 钥匙领用/移交登记表 (Key register)", subtitle: month ?? "全部",
            columns: ["时间", "钥匙", "名称", "事项", "交出人", "接收人", "签字", "事由/说明", "经办"], rows: rows,
            footer: "共 \(rows.count) 项    档案柜钥匙遗失应及时更换锁具;文档管理员不在岗时,档案柜钥匙移交客服部主管")
        t.sections = [
            ReportTable(
                title: "档案柜钥匙保管人 (Cabinet key holders)", subtitle: "截至 \(tf.minute(store.now))",
                columns: ["柜", "名称", "保管人", "备用钥匙", "状态"], rows: holders, footer: ""),
            ReportTable(
                title: "代保管单元钥匙 (Unit keys held for owners)", subtitle: "截至 \(tf.minute(store.now))",
                columns: ["房号/业主", "钥匙", "存放人", "存入时间", "状态", "借出去向"], rows: unitRows,
                footer: "共 \(unitRows.count) 户, 借出 \(held.filter { $0.state == .out }.count) 户"),
        ]
        return t
    }
}
