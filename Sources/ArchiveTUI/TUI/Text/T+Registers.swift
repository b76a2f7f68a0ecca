import ArchiveModel
import Foundation

// swift-format-ignore: AlwaysUseLowerCamelCase
// P(zh, en) reads as a phrase in the catalogue: one capital letter, used on every line.
private func P(_ zh: String, _ en: String) -> Phrase { Phrase(zh, en) }

/// The words of the registers' forms (issue 17): the intake hand-over, the key register, the
/// arrangement record, an envelope's customer details, a document edited or removed; their
/// statuses and rules.
extension T {
    public enum Registers {
        // MARK: Intake (交接登记)
        public static let intakeTitle = P("交接登记 — 其他部门移交的资料", "Intake — documents handed over by another department")
        public static let intakeHint = P(
            "逐一清点; 不全不接收。多项用 ; 或 、 分隔。",
            "Count each item against the list; incomplete is refused. Separate items with ; or 、.")
        public static let from = P("移交人", "Handed over by")
        public static let fromDepartment = P("移交部门", "Department")
        public static let receiver = P("接收人", "Received by")
        public static let items = P("资料明细", "Items")
        public static let envelopes = P("档案袋 (房号)", "Envelopes (rooms)")
        public static let count = P("清点结果", "Count")
        public static let complete = P("齐全, 接收", "complete: received")
        public static let incomplete = P("不全不接收", "incomplete: refused")
        public static let missing = P("缺少", "Missing")
        public static let sayMissing = P("不全不接收时须写明缺少什么", "Say what is missing when the hand-over is refused")
        public static func intakeReceived(_ n: Int) -> Phrase {
            P("已登记交接: 接收 \(n) 项", "Hand-over registered: \(n) item\(n == 1 ? "" : "s") received")
        }
        public static func intakeRefused(_ m: String) -> Phrase {
            P("已登记: 不全不接收 (缺少 \(m))", "Registered as refused, incomplete (missing \(m))")
        }

        // MARK: Keys (钥匙领用/移交登记)
        public static let keyTitle = P("钥匙领用/移交登记", "Key register")
        public static let keyHint = P(
            "档案柜钥匙: 领用、移交、交回、遗失、更换锁具; 代保管单元钥匙: 存入、借出、归还、退还业主。",
            """
            Cabinet keys: issue, hand over, return, lost, new lock. Unit keys held for owners: deposit, out, \
            back, give back.
            """
        )
        public static let event = P("事项", "Event")
        public static let unit = P("单元 (房号)", "Unit (room)")
        public static let keyFrom = P("交出人", "From")
        public static let keyTo = P("接收/领用人", "To")
        public static let keyName = P("钥匙", "Key")
        public static let spare = P("备用钥匙", "Spare key")
        public static let holders = P("新钥匙保管人", "New key holders")
        public static let keyPurpose = P("事由", "Purpose")
        public static let yes = P("是", "yes")
        public static let no = P("否", "no")
        public static func keyKind(_ k: KeyEvent.Kind) -> Phrase {
            switch k {
            case .issue: return P("柜钥匙 领用", "cabinet key issued")
            case .handOver: return P("柜钥匙 移交", "cabinet key handed over")
            case .giveBack: return P("柜钥匙 交回", "cabinet key returned")
            case .lost: return P("柜钥匙 遗失", "cabinet key lost")
            case .lockChange: return P("柜 更换锁具", "cabinet lock changed")
            case .deposit: return P("单元钥匙 存入代保管", "unit key deposited")
            case .out: return P("单元钥匙 借出", "unit key out")
            case .back: return P("单元钥匙 归还", "unit key back")
            case .release: return P("单元钥匙 退还业主", "unit key given back to the owner")
            }
        }

        // MARK: Arrangement (档案整理记录)
        public static let arrangementTitle = P("档案整理记录 — 标签检查、整理归位", "Arrangement — label check, tidying")
        public static let arrangementHint = P(
            "定期检查标签和档案符号, 脱落或模糊的及时更新。多项用 ; 分隔。",
            "Check labels and signs regularly; renew faded or fallen ones. Separate several with ;.")
        public static let work = P("工作", "Work")
        public static func workKind(_ w: ArrangementSession.Work) -> Phrase {
            w == .labels ? P("标签检查更新", "label check") : P("整理归位", "tidying")
        }
        public static let cabinets = P("档案柜", "Cabinets")
        public static let scope = P("范围", "Scope")
        public static let findings = P("发现", "Findings")
        public static let dealtWith = P("处理的档案袋", "Envelopes dealt with")
        public static func arrangementRecorded(_ w: ArrangementSession.Work, _ id: String) -> Phrase {
            P("已登记\(workKind(w).zh) \(id) (R 档案整理记录表)", "Recorded: \(workKind(w).en) \(id) (R: arrangement record)")
        }

        // MARK: Customer details (客户资料)
        public static func customerTitle(_ env: Phrase) -> Phrase { P("客户资料 — ", "Customer details — ") + env }
        public static let customerHint = P(
            "通讯方式、车辆牌号及车位号应及时修改。多项用 ; 分隔; 迁出时留下新的联系电话和邮件转收地址。",
            """
            Keep contacts, plates and parking current. Separate several with ;. On move-out, the new phone and \
            mail address.
            """
        )
        public static let category = P("物业类型", "Category")
        public static let uncategorised = P("未分类", "none")
        public static func categoryName(_ c: PropertyCategory) -> Phrase {
            switch c {
            case .residential: return P("住宅", "residential")
            case .shop: return P("商铺", "shop")
            case .office: return P("写字楼", "office")
            case .parking: return P("车位", "parking")
            }
        }
        public static let plates = P("车牌号", "Plates")
        public static let parking = P("车位号", "Parking spaces")
        public static let emergencyName = P("紧急联系人", "Emergency contact")
        public static let relation = P("关系", "Relation")
        public static let emergencyPhone = P("紧急联系电话", "Emergency phone")
        public static let moveOut = P("迁出日期", "Moved out on")
        public static let forwardPhone = P("新联系电话", "New phone")
        public static let forwardAddress = P("邮件转收地址", "Mail forwarded to")
        public static let moveOutDateNeeded = P(
            "填写了新联系电话或邮件转收地址时, 须填写迁出日期", "Give the move-out date with a new phone or mail address")
        public static let customerSaved = P("客户资料已保存", "Customer details saved")
        /// The envelope's details in the detail area.
        public static func details(category: PropertyCategory?, plates: [String], parking: [String]) -> Phrase {
            var zh: [String] = []
            var en: [String] = []
            if let c = category {
                zh.append(categoryName(c).zh)
                en.append(categoryName(c).en)
            }
            if !plates.isEmpty {
                zh.append("车牌 " + plates.joined(separator: " "))
                en.append("plates " + plates.joined(separator: " "))
            }
            if !parking.isEmpty {
                zh.append("车位 " + parking.joined(separator: " "))
                en.append("parking " + parking.joined(separator: " "))
            }
            return P(zh.joined(separator: "   "), en.joined(separator: "   "))
        }
        public static func movedOut(_ m: MoveOut, phone: String) -> Phrase {
            P(
                "已迁出 \(m.date)  新电话 \(phone)  邮件转收 \(m.address)",
                "moved out \(m.date)  phone \(phone)  mail to \(m.address)")
        }
        public static func unitKey(_ k: UnitKeyCustody) -> Phrase {
            k.state == .out
                ? P("代保管钥匙 借出 \(k.holder)", "unit key out with \(k.holder)") : P("代保管钥匙 在柜", "unit key held")
        }
        public static func lostKey(_ who: String) -> Phrase {
            P("钥匙遗失 (\(who)), 须更换锁具 (K 登记)", "A key was lost (\(who)): change the lock (K)")
        }

        // MARK: Documents
        /// A document's keep-until: 永久, a date, or the date its kind's period gives.
        public static func keepUntil(_ d: Document, _ s: Settings) -> Phrase {
            switch d.retention {
            case "permanent": return P("永久", "permanent")
            case "":
                guard let y = s.retentionYears(for: d.kind), let end = s.retentionEnd(of: d) else {
                    return P("永久 (按类别)", "permanent (by kind)")
                }
                return P("\(end) (按类别\(y)年)", "\(end) (\(y) years by kind)")
            default: return .same(d.retention)
            }
        }
        public static func docEditTitle(_ kind: String) -> Phrase { P("修改文件 — \(kind)", "Edit document — \(kind)") }
        public static let retentionHint = P(
            "保管期限: 永久、日期 (YYYY-MM-DD), 或留空按类别。",
            "Keep until: permanent, a date (YYYY-MM-DD), or empty for the kind's period.")
        public static func retentionNow(_ keep: Phrase) -> Phrase { P("现为 \(keep.zh)", "now \(keep.en)") }
        public static func docSaved(_ kind: String, _ keep: Phrase) -> Phrase {
            P("已保存文件 \(kind), 保管期限 \(keep.zh)", "Document saved: \(kind), kept until \(keep.en)")
        }
        public static func docRemoveTitle(_ kind: String, _ title: String) -> Phrase {
            P("从文件清单删除 — \(kind) \(title)", "Take off the file list — \(kind) \(title)")
        }
        public static let removeHint = P(
            "只用于误登记或重复登记的文件; 日志保留原文件和删除原因。借阅、影印、销毁、移交过的文件不能删除。",
            """
            Only for a document filed by mistake or twice; the journal keeps it and the reason. Documents lent, \
            copied, destroyed or handed over stay.
            """
        )
        public static let removeReason = P("删除原因", "Reason")

        // MARK: Expired material
        public static let expiredTitle = P("销毁到期文件", "Destroy expired material")
        public static func expiredLines(_ n: Int, envelopes: Int) -> Phrase {
            P(
                "到期待销毁 \(n) 份, 涉及 \(envelopes) 个档案袋 (见到期待销毁清单)",
                """
                \(n) expired document\(n == 1 ? "" : "s") of \(envelopes) envelope\(envelopes == 1 ? "" : "s") \
                (the expired list)
                """
            )
        }
        public static func expiredConfirm(_ n: Int, envelopes: Int, approver: String, method: Phrase) -> [Phrase] {
            [
                P(
                    "将销毁到期文件 \(n) 份 (\(envelopes) 个档案袋), 审批人 \(approver), 方式 \(method.zh)。",
                    """
                    \(n) expired document\(n == 1 ? "" : "s") of \(envelopes) \
                    envelope\(envelopes == 1 ? "" : "s") will be destroyed, approved by \(approver), by \
                    \(method.en).
                    """
                ),
                P("销毁后不能恢复; 销毁记录保留。", "This cannot be undone; the destruction record is kept."),
            ]
        }
        public static let nothingExpired = P("没有到期的文件", "Nothing has expired")

        // MARK: Rules
        static func rule(_ d: Decision, _ ctx: RuleContext) -> Phrase? {
            var cab = ""
            var room = ""
            var who = ""
            if case .key(let r)? = ctx.write {
                cab = r.cabinet ?? ""
                room =
                    r.envelope.flatMap { try? ctx.env.store.resolveEnvelope($0) }.flatMap {
                        ctx.env.store.summary(id: $0)?.roomCode
                    } ?? (r.envelope ?? "")
                who = r.to.isEmpty ? r.from : r.to
            }
            switch d.rule {
            case "keys.spare-manager":
                return P(
                    "备用钥匙由主管 (审批人) 保管, \(who)不是审批人",
                    "The spare key stays with a manager (approver role); \(who) is not one")
            case "keys.spare-exists":
                return P("\(cab)柜的备用钥匙已有人保管", "Someone already keeps the spare key of cabinet \(cab)")
            case "keys.already-held": return P("\(who)已持有\(cab)柜钥匙", "\(who) already holds a key of cabinet \(cab)")
            case "keys.not-held": return P("\(who)未持有\(cab)柜钥匙", "\(who) holds no key of cabinet \(cab)")
            case "keys.lock-pending":
                return P("\(cab)柜有钥匙遗失, 须先更换锁具再配发钥匙", "A key of cabinet \(cab) was lost: change the lock first")
            case "keys.unit-held": return P("\(room)的钥匙已在代保管中", "A key of \(room) is already held")
            case "keys.unit-not-held": return P("\(room)没有代保管的钥匙", "No key of \(room) is held")
            case "keys.unit-out": return P("\(room)的钥匙已借出, 须先归还", "The key of \(room) is out: it must come back first")
            case "keys.unit-not-out": return P("\(room)的钥匙未借出", "The key of \(room) is not out")
            case "keys.kind": return P("该事项不适用于这类钥匙", "This event is not for this kind of key")
            case "form.to": return P("须填写接收人或领用人", "Name who receives or takes the key")
            case "form.from": return P("须填写交出钥匙的人", "Name who gives the key")
            case "form.key": return P("须写明钥匙 (如 入户门钥匙×2)", "Say which keys (e.g. door key ×2)")
            case "form.holders": return P("须填写新钥匙的保管人, 不能重复", "Name the holders of the new keys, each once")
            case "remove.disposed":
                return P("文件已销毁或移交, 其记录须保留", "A destroyed or handed-over document stays on the list")
            case "remove.in-register":
                return P("该文件有借阅或影印记录, 须保留在清单中", "The document has loans or photocopies in the register: it stays")
            case "document.removed":
                return P("已从文件清单删除, 原因已记入日志", "Taken off the file list; the journal keeps it and the reason")
            case "destroy.no-date":
                return P("文件没有日期, 无法按类别计算保管期限", "The document has no date to count its retention from")
            default:
                guard d.rule.hasPrefix("keys."), let k = KeyEvent.Kind(rawValue: String(d.rule.dropFirst(5))) else {
                    return nil
                }
                let what = k.isUnitKey ? P("\(room) ", "\(room) ") : P("\(cab)柜 ", "cabinet \(cab) ")
                return P("已登记 ", "Recorded: ") + what + keyKind(k)
            }
        }

        /// The rule ids worded here.
        static let ruleIDs: Set<String> = [
            "keys.spare-manager", "keys.spare-exists", "keys.already-held", "keys.not-held", "keys.lock-pending",
            "keys.unit-held",
            "keys.unit-not-held", "keys.unit-out", "keys.unit-not-out", "keys.kind", "form.to", "form.from", "form.key",
            "form.holders",
            "remove.disposed", "remove.in-register", "document.removed", "destroy.no-date",
        ]

        // MARK: Help
        static let help: [Help.Entry] = [
            Help.e(
                "i  K  A", "交接登记 / 钥匙登记 / 档案整理记录 (标签检查、整理)",
                "intake hand-over / key register / arrangement session (labels, tidying)"),
            Help.e(
                "p  E  x", "客户资料 (类型、车牌、车位、紧急联系人、迁出) / 修改文件 / 从清单删除文件",
                """
                customer details (category, plates, parking, emergency contact, move-out) / edit a document / \
                take one off the list
                """
            ),
        ]
    }
}

extension T.Reports {
    /// After a sparkline: the series' latest and highest values.
    static func latest(_ n: Int, top: Int, _ lang: Lang) -> String {
        lang(Phrase("最近 \(n)  最高 \(top)", "latest \(n)  highest \(top)"))
    }
}
