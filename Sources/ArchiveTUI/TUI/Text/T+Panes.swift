import ArchiveModel
import Foundation

// The panes: cabinets, envelopes, the document detail, search, narrowing and filters.

// swift-format-ignore: AlwaysUseLowerCamelCase
// P(zh, en) reads as a phrase in the catalogue: one capital letter, used on every line.
private func P(_ zh: String, _ en: String) -> Phrase { Phrase(zh, en) }

extension T {
    public enum Pane {
        public static func cabinets(_ shown: Int, of all: Int) -> Phrase {
            shown == all ? P("档案柜 (\(all))", "Cabinets (\(all))") : P("档案柜 \(shown)/\(all)", "Cabinets \(shown)/\(all)")
        }
        public static func envelopes(_ cabinet: String, shown: Int, of all: Int) -> Phrase {
            let c = cabinet.isEmpty ? "" : " " + cabinet
            return shown == all
                ? P("档案袋\(c.isEmpty ? "" : c + "柜") (\(all))", "Envelopes\(c) (\(all))")
                : P("档案袋\(c.isEmpty ? "" : c + "柜") \(shown)/\(all)", "Envelopes\(c) \(shown)/\(all)")
        }
        public static func documents(_ shown: Int, of all: Int, marked: Int) -> Phrase {
            let base =
                shown == all
                ? P("文件 (\(all))", "Documents (\(all))") : P("文件 \(shown)/\(all)", "Documents \(shown)/\(all)")
            return marked == 0 ? base : base + P(" 已标记 \(marked)", " \(marked) marked")
        }
        public static let empty = P("(空)", "(empty)")
        public static let noneMatch = P("没有符合条件的项", "Nothing matches")
        public static let damagedName = P("(档案袋文件损坏)", "(envelope file damaged)")
    }

    public enum Detail {
        public static func cabinet(_ code: String, _ label: String) -> Phrase {
            P("档案柜 \(code)  \(label)", "Cabinet \(code)  \(label)")
        }
        public static func cabinetWhere(room: String, keys: [String]) -> Phrase {
            P(
                "存放: \(room)    钥匙保管: \(keys.joined(separator: "、"))",
                "Room: \(room)    Key holders: \(keys.joined(separator: ", "))")
        }
        public static func envelopesIn(_ n: Int) -> Phrase { P("档案袋: \(n)", "Envelopes: \(n)") }
        public static func envelope(_ number: String, _ owner: String, _ status: EnvelopeStatus) -> Phrase {
            P(
                "档案袋 \(number)  \(owner)  [\(Enum.envelopeStatus(status).zh)]",
                "Envelope \(number)  \(owner)  [\(Enum.envelopeStatus(status).en)]")
        }
        public static func place(_ l: Location) -> Phrase {
            P(
                "位置: \(l.cabinet)柜 → \(l.building)栋 → \(l.floor)层 → \(l.unit)",
                "Place: cabinet \(l.cabinet) → building \(l.building) → floor \(l.floor) → \(l.unit)")
        }
        public static func barcode(_ b: String) -> Phrase { P("条码 \(b)", "barcode \(b)") }
        public static func moveIn(_ d: String) -> Phrase {
            P("入住 \(d.isEmpty ? "—" : d)", "move-in \(d.isEmpty ? "—" : d)")
        }
        public static func coOwners(_ n: [String]) -> Phrase {
            P("共有人: \(n.joined(separator: "、"))", "co-owners: \(n.joined(separator: ", "))")
        }
        public static func tenants(_ n: [String]) -> Phrase {
            P("租户: \(n.joined(separator: "、"))", "tenants: \(n.joined(separator: ", "))")
        }
        public static func phones(_ p: [String]) -> Phrase {
            P("电话: \(p.joined(separator: " "))", "phones: \(p.joined(separator: " "))")
        }
        public static func emergency(_ name: String, _ rel: String, _ phone: String) -> Phrase {
            P("紧急联系人: \(name) (\(rel)) \(phone)", "emergency contact: \(name) (\(rel)) \(phone)")
        }
        public static func missing(_ kinds: [String]) -> Phrase {
            P("缺少: \(kinds.joined(separator: "、"))", "missing: \(kinds.joined(separator: ", "))")
        }
        public static func overdueLoan(_ d: Int) -> Phrase {
            P("有借出文件已逾期 \(d) 天", "A document lent from it is \(d) day\(d == 1 ? "" : "s") overdue")
        }
        public static func previous(_ s: String) -> Phrase {
            P("前一档案袋 (原业主): \(s)", "previous envelope (former owner): \(s)")
        }
        public static func next(_ s: String) -> Phrase { P("后一档案袋 (新业主): \(s)", "next envelope (new owner): \(s)") }
        public static let namesOnly = P(
            "销售人员只能查看姓名和职务 (规定: 篇4)", "Sales staff see names and titles only (rules, part 4)")
        public static func unknownLogin(_ login: String) -> Phrase {
            P(
                "登录名 \(login) 不在人员名单中, 只能查看姓名; 请资料管理员登记: dangan staff edit 姓名 --login \(login)",
                """
                Login \(login) is not in the staff list: names only; ask the archivist: dangan staff edit NAME \
                --login \(login)
                """
            )
        }
        public static func documentFacts(_ d: Document, state: DocumentState, keep given: Phrase? = nil) -> Phrase {
            let keep = given ?? (d.retention == "permanent" ? Doc.permanent : .same(d.retention))
            return P(
                """
                \(Enum.original(d.original).zh)  \(d.pages) 页  日期 \(d.date)  密级 \(Enum.secrecy(d.secrecy).zh)  \
                保管期限 \(keep.zh)  状态 \(Enum.docState(state).zh)
                """,
                """
                \(Enum.original(d.original).en)  \(d.pages) page\(d.pages == 1 ? "" : "s")  dated \(d.date)  \
                secrecy \(Enum.secrecy(d.secrecy).en)  kept \(keep.en)  \(Enum.docState(state).en)
                """
            )
        }
        public static let noHistory = P("借阅记录: 无", "Loan history: none")
        public static func returnedAt(_ t: String, complete: Bool) -> Phrase {
            P("归还 \(t)\(complete ? "" : " 不完整")", "returned \(t)\(complete ? "" : " incomplete")")
        }
    }

    public enum Search {
        public static let title = P(
            "查找业主、房号、档案号、条码 (汉字 / 拼音 / 首字母)", "Find an owner, room, number or barcode (hanzi, pinyin or initials)")
        public static let prompt = P("查找", "Find")
        public static func count(_ n: Int) -> Phrase { P("\(n) 条", "\(n) match\(n == 1 ? "" : "es")") }
        public static let typeToFind = P(
            "输入姓名 (汉字、拼音或首字母)、房号、档案号或条码", "Type a name (hanzi, pinyin or initials), a room, a number or a barcode")
        public static let noMatch = P("没有找到", "No match")
        public static func place(_ c: String, _ b: String, _ f: String) -> Phrase {
            P("\(c)柜 \(b)栋 \(f)层", "cab \(c) b\(b) f\(f)")
        }
        /// The field a search result matched in, by the search engine's field name.
        public static func field(_ name: String) -> Phrase {
            switch name {
            case "owner": return P("业主", "owner")
            case "co-owner": return P("共有人", "co-owner")
            case "tenant": return P("租户", "tenant")
            case "room": return P("房号", "room")
            case "number": return P("档案号", "number")
            case "barcode": return P("条码", "barcode")
            default: return .same(name)
            }
        }
    }

    public enum Narrow {
        public static func prompt(_ p: PaneID) -> Phrase {
            switch p {
            case .cabinets: return P("过滤档案柜", "Narrow cabinets")
            case .envelopes: return P("过滤档案袋", "Narrow envelopes")
            case .documents: return P("过滤文件", "Narrow documents")
            }
        }
        public static let listPrompt = P("过滤", "Narrow")
        public static func shown(_ n: Int) -> Phrase { P("\(n) 项", "\(n) shown") }
        public static func active(_ p: PaneID, _ text: String) -> Phrase { prompt(p) + .same(": \(text)") }
        public static let escClears = P("(Esc 清除)", "(Esc clears)")
    }

    public enum Filter {
        public static func title(_ cabinet: String) -> Phrase {
            P("筛选档案袋 — \(cabinet)柜", "Filter envelopes — cabinet \(cabinet)")
        }
        public static let hint = P(
            "只显示符合条件的档案袋。←→ 选择,或输入文字查找选项。",
            "Show only the envelopes that match. ←→ to choose, or type to find an option.")
        public static func state(_ s: EnvelopeFilter.State) -> Phrase {
            switch s {
            case .all: return P("全部", "all")
            case .onLoan: return P("有借出", "on loan")
            case .overdue: return P("有逾期", "overdue")
            case .incomplete: return P("缺件", "incomplete")
            case .damaged: return P("文件损坏", "damaged")
            case .closed: return P("已结档", "closed")
            case .transferred: return P("已移交", "transferred")
            }
        }
        public static let any = P("全部", "any")
        public static func building(_ b: String) -> Phrase { P("\(b)栋", "building \(b)") }
        public static func floor(_ f: String) -> Phrase { P("\(f)层", "floor \(f)") }
        public static func summary(_ f: EnvelopeFilter) -> Phrase {
            var parts: [Phrase] = []
            if f.state != .all { parts.append(state(f.state)) }
            if !f.building.isEmpty { parts.append(building(f.building)) }
            if !f.floor.isEmpty { parts.append(floor(f.floor)) }
            return P("筛选: ", "Filter: ")
                + (parts.isEmpty ? any : parts[0].joined(Array(parts.dropFirst()), zh: " · ", en: " · "))
        }
        public static func applied(_ n: Int) -> Phrase {
            P("筛选后 \(n) 个档案袋", "\(n) envelope\(n == 1 ? "" : "s") after filtering")
        }
    }
}
