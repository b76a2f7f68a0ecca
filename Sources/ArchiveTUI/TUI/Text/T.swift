import ArchiveModel
import Foundation

// Every piece of text the terminal UI shows, in Chinese and in English (Noora's
// `Content.swift`). Nothing outside `Text/` writes UI words; a test checks that no Chinese
// string appears in the TUI's other sources.

private func P(_ zh: String, _ en: String) -> Phrase { Phrase(zh, en) }

/// The UI text catalogue.
public enum T {
    public enum Common {
        public static func documents(_ n: Int) -> Phrase { P("\(n) 份", n == 1 ? "1 document" : "\(n) documents") }
        /// "前期物业服务合同 复印件、身份证复印件 原件" — what a form is about.
        public static func docList(_ docs: [Document]) -> Phrase {
            Phrase(docs.map { $0.kind + " " + Enum.original($0.original).zh }.joined(separator: "、"),
                   docs.map { $0.kind + " (" + Enum.original($0.original).en + ")" }.joined(separator: ", "))
        }
    }

    /// Words the TUI stores in the archive's registers (always Chinese with an English gloss,
    /// whatever the screen's language: the register is read by the auditor).
    public enum Recorded {
        /// The access register's detail when the edit form shows whole ID numbers and phones.
        public static let editFormAccess = "修改档案袋表单 (the edit form)"
    }

    public enum Screen {
        public static let appName = P("档案 dangan", "dangan")
        public static let tooSmall = P("终端太小", "The terminal is too small")
        public static func needAtLeast(_ w: Int, _ h: Int, _ cw: Int, _ ch: Int) -> Phrase {
            P("至少需要 \(w)×\(h) (现在 \(cw)×\(ch))", "dangan needs at least \(w)×\(h) (now \(cw)×\(ch))")
        }
        public static func operatorIs(_ name: String) -> Phrase { P("操作员 \(name)", "operator \(name)") }
        public static func overdue(_ n: Int) -> Phrase { P("逾期 \(n)", "overdue \(n)") }
    }

    public enum Enum {
        public static func loanType(_ t: LoanType) -> Phrase {
            switch t {
            case .reading: return P("室内阅览", "in-room reading")
            case .sameDay: return P("当日借阅", "same-day loan")
            case .short: return P("短期借阅", "short loan")
            case .long: return P("长期借阅", "long loan")
            }
        }
        public static func secrecy(_ s: Secrecy) -> Phrase {
            switch s {
            case .none: return P("普通", "ordinary")
            case .confidential: return P("秘密", "confidential")
            case .secret: return P("机密", "secret")
            case .topSecret: return P("绝密", "top secret")
            }
        }
        public static func docState(_ s: DocumentState) -> Phrase {
            switch s {
            case .present: return P("在袋", "in")
            case .onLoan: return P("借出", "on loan")
            case .copying: return P("影印中", "copying")
            case .destroyed: return P("已销毁", "destroyed")
            case .transferred: return P("已移交", "transferred")
            }
        }
        public static func envelopeStatus(_ s: EnvelopeStatus) -> Phrase {
            switch s {
            case .active: return P("在用", "active")
            case .closed: return P("已结档", "closed")
            case .transferred: return P("已移交", "transferred")
            }
        }
        public static func role(_ r: Role) -> Phrase {
            switch r {
            case .archivist: return P("资料管理员", "archivist")
            case .approver: return P("审批人", "approver")
            case .staff: return P("员工", "staff")
            case .sales: return P("销售", "sales")
            }
        }
        public static func original(_ o: Bool) -> Phrase { o ? P("原件", "original") : P("复印件", "copy") }
        public static func idType(_ t: IDType) -> Phrase {
            switch t {
            case .resident: return P("身份证", "resident ID")
            case .passport: return P("护照", "passport")
            case .hkMacaoTaiwan: return P("港澳台通行证", "HK/Macao/Taiwan permit")
            }
        }
        public static func complete(_ c: Bool) -> Phrase { c ? P("完整", "complete") : P("不完整", "incomplete") }
    }

    /// Marks in the panes: each a word or a letter, so that they read without colour.
    public enum Marks {
        public static let onLoan = P("借", "L")
        public static let incomplete = P("缺", "I")
        public static let damaged = P("损", "D")
        public static let closed = P("结", "C")
        public static let transferred = P("移", "T")
        public static func overdue(_ days: Int) -> Phrase { P("逾\(days)天", "late \(days)d") }
        public static func originalShort(_ o: Bool) -> Phrase { o ? P("原", "orig") : P("复", "copy") }
        public static func secrecyShort(_ s: Secrecy) -> Phrase {
            switch s {
            case .none: return P("", "")
            case .confidential: return P("秘密", "conf")
            case .secret: return P("机密", "secr")
            case .topSecret: return P("绝密", "TOP")
            }
        }
        public static func outUntil(_ due: String) -> Phrase { P("借出 \(due)", "out \(due)") }
    }

    public enum Pane {
        public static func cabinets(_ shown: Int, of all: Int) -> Phrase {
            shown == all ? P("档案柜 (\(all))", "Cabinets (\(all))") : P("档案柜 \(shown)/\(all)", "Cabinets \(shown)/\(all)")
        }
        public static func envelopes(_ cabinet: String, shown: Int, of all: Int) -> Phrase {
            let c = cabinet.isEmpty ? "" : " " + cabinet
            return shown == all ? P("档案袋\(c.isEmpty ? "" : c + "柜") (\(all))", "Envelopes\(c) (\(all))")
                : P("档案袋\(c.isEmpty ? "" : c + "柜") \(shown)/\(all)", "Envelopes\(c) \(shown)/\(all)")
        }
        public static func documents(_ shown: Int, of all: Int, marked: Int) -> Phrase {
            let base = shown == all ? P("文件 (\(all))", "Documents (\(all))") : P("文件 \(shown)/\(all)", "Documents \(shown)/\(all)")
            return marked == 0 ? base : base + P(" 已标记 \(marked)", " \(marked) marked")
        }
        public static let empty = P("(空)", "(empty)")
        public static let noneMatch = P("没有符合条件的项", "Nothing matches")
        public static let damagedName = P("(档案袋文件损坏)", "(envelope file damaged)")
    }

    public enum Detail {
        public static func cabinet(_ code: String, _ label: String) -> Phrase { P("档案柜 \(code)  \(label)", "Cabinet \(code)  \(label)") }
        public static func cabinetWhere(room: String, keys: [String]) -> Phrase {
            P("存放: \(room)    钥匙保管: \(keys.joined(separator: "、"))", "Room: \(room)    Key holders: \(keys.joined(separator: ", "))")
        }
        public static func envelopesIn(_ n: Int) -> Phrase { P("档案袋: \(n)", "Envelopes: \(n)") }
        public static func envelope(_ number: String, _ owner: String, _ status: EnvelopeStatus) -> Phrase {
            P("档案袋 \(number)  \(owner)  [\(Enum.envelopeStatus(status).zh)]", "Envelope \(number)  \(owner)  [\(Enum.envelopeStatus(status).en)]")
        }
        public static func place(_ l: Location) -> Phrase {
            P("位置: \(l.cabinet)柜 → \(l.building)栋 → \(l.floor)层 → \(l.unit)",
              "Place: cabinet \(l.cabinet) → building \(l.building) → floor \(l.floor) → \(l.unit)")
        }
        public static func barcode(_ b: String) -> Phrase { P("条码 \(b)", "barcode \(b)") }
        public static func moveIn(_ d: String) -> Phrase { P("入住 \(d.isEmpty ? "—" : d)", "move-in \(d.isEmpty ? "—" : d)") }
        public static func coOwners(_ n: [String]) -> Phrase { P("共有人: \(n.joined(separator: "、"))", "co-owners: \(n.joined(separator: ", "))") }
        public static func tenants(_ n: [String]) -> Phrase { P("租户: \(n.joined(separator: "、"))", "tenants: \(n.joined(separator: ", "))") }
        public static func phones(_ p: [String]) -> Phrase { P("电话: \(p.joined(separator: " "))", "phones: \(p.joined(separator: " "))") }
        public static func emergency(_ name: String, _ rel: String, _ phone: String) -> Phrase {
            P("紧急联系人: \(name) (\(rel)) \(phone)", "emergency contact: \(name) (\(rel)) \(phone)")
        }
        public static func missing(_ kinds: [String]) -> Phrase { P("缺少: \(kinds.joined(separator: "、"))", "missing: \(kinds.joined(separator: ", "))") }
        public static func overdueLoan(_ d: Int) -> Phrase { P("有借出文件已逾期 \(d) 天", "A document lent from it is \(d) day\(d == 1 ? "" : "s") overdue") }
        public static func previous(_ s: String) -> Phrase { P("前一档案袋 (原业主): \(s)", "previous envelope (former owner): \(s)") }
        public static func next(_ s: String) -> Phrase { P("后一档案袋 (新业主): \(s)", "next envelope (new owner): \(s)") }
        public static let namesOnly = P("销售人员只能查看姓名和职务 (规定: 篇4)", "Sales staff see names and titles only (rules, part 4)")
        public static func unknownLogin(_ login: String) -> Phrase {
            P("登录名 \(login) 不在人员名单中, 只能查看姓名; 请资料管理员登记: dangan staff edit 姓名 --login \(login)",
              "Login \(login) is not in the staff list: names only; ask the archivist: dangan staff edit NAME --login \(login)")
        }
        public static func documentFacts(_ d: Document, state: DocumentState, keep given: Phrase? = nil) -> Phrase {
            let keep = given ?? (d.retention == "permanent" ? Doc.permanent : .same(d.retention))
            return P("\(Enum.original(d.original).zh)  \(d.pages) 页  日期 \(d.date)  密级 \(Enum.secrecy(d.secrecy).zh)  保管期限 \(keep.zh)  状态 \(Enum.docState(state).zh)",
                     "\(Enum.original(d.original).en)  \(d.pages) page\(d.pages == 1 ? "" : "s")  dated \(d.date)  secrecy \(Enum.secrecy(d.secrecy).en)  kept \(keep.en)  \(Enum.docState(state).en)")
        }
        public static let noHistory = P("借阅记录: 无", "Loan history: none")
        public static func returnedAt(_ t: String, complete: Bool) -> Phrase {
            P("归还 \(t)\(complete ? "" : " 不完整")", "returned \(t)\(complete ? "" : " incomplete")")
        }
    }

    public enum Search {
        public static let title = P("查找业主、房号、档案号、条码 (汉字 / 拼音 / 首字母)", "Find an owner, room, number or barcode (hanzi, pinyin or initials)")
        public static let prompt = P("查找", "Find")
        public static func count(_ n: Int) -> Phrase { P("\(n) 条", "\(n) match\(n == 1 ? "" : "es")") }
        public static let typeToFind = P("输入姓名 (汉字、拼音或首字母)、房号、档案号或条码", "Type a name (hanzi, pinyin or initials), a room, a number or a barcode")
        public static let noMatch = P("没有找到", "No match")
        public static func place(_ c: String, _ b: String, _ f: String) -> Phrase { P("\(c)柜 \(b)栋 \(f)层", "cab \(c) b\(b) f\(f)") }
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
        public static func title(_ cabinet: String) -> Phrase { P("筛选档案袋 — \(cabinet)柜", "Filter envelopes — cabinet \(cabinet)") }
        public static let hint = P("只显示符合条件的档案袋。←→ 选择,或输入文字查找选项。", "Show only the envelopes that match. ←→ to choose, or type to find an option.")
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
            return P("筛选: ", "Filter: ") + (parts.isEmpty ? any : parts[0].joined(Array(parts.dropFirst()), zh: " · ", en: " · "))
        }
        public static func applied(_ n: Int) -> Phrase { P("筛选后 \(n) 个档案袋", "\(n) envelope\(n == 1 ? "" : "s") after filtering") }
    }

    public enum Form {
        public static func fillIn(_ label: Phrase) -> Phrase { P("请填写\(label.zh)", "Please fill in \(label.en)") }
        public static let askDiscard = P("放弃已填写的内容? y 放弃 / 其他键继续填写", "Discard what you typed? y discards, any other key keeps it")
        public static let discarded = P("已放弃", "Discarded")
        public static let requiredMark = P("* 必填", "* required")
        public static let confirmKeys = P("y 确认办理    n 返回修改", "y do it    n go back")
        public static func moreLines(_ n: Int) -> Phrase { P("… 另有 \(n) 行", "… \(n) more lines") }
        public static func staffDetail(_ s: StaffMember) -> Phrase {
            let title = s.title.isEmpty ? Enum.role(s.role) : .same(s.title)
            return s.department.isEmpty ? title : title + .same(" · \(s.department)")
        }
    }

    public enum Field {
        public static let borrower = P("借阅人", "Borrower")
        public static let department = P("部门", "Department")
        public static let purpose = P("用途", "Purpose")
        public static let loanType = P("借阅类型", "Loan type")
        public static let approver = P("审批人", "Approver")
        public static let completeness = P("完整性", "Completeness")
        public static let returnNote = P("说明", "Note")
        public static let number = P("档案号", "Number")
        public static let newNumber = P("新档案号", "New number")
        public static let barcode = P("条码", "Barcode")
        public static let owner = P("业主姓名", "Owner")
        public static let newOwner = P("新业主姓名", "New owner")
        public static let coOwners = P("共有人", "Co-owners")
        public static let tenants = P("租户", "Tenants")
        public static let phones = P("联系电话", "Phones")
        public static let idNumber = P("证件号码", "ID number")
        public static let idType = P("证件类型", "ID type")
        public static let moveIn = P("入住日期", "Move-in date")
        public static let cabinet = P("档案柜", "Cabinet")
        public static let building = P("楼栋", "Building")
        public static let floor = P("楼层", "Floor")
        public static let unit = P("房号", "Unit")
        public static let note = P("备注", "Note")
        public static let kind = P("文件类型", "Kind")
        public static let docTitle = P("标题", "Title")
        public static let originalOrCopy = P("原件/复印件", "Original/copy")
        public static let pages = P("页数", "Pages")
        public static let docDate = P("文件日期", "Date")
        public static let secrecy = P("密级", "Secrecy")
        public static let retention = P("保管期限", "Keep until")
        public static let requester = P("申请人", "Requester")
        public static let copies = P("份数", "Copies")
        public static let decision = P("决定", "Decision")
        public static let reason = P("原因", "Reason")
        public static let disposition = P("复印件去向", "Copies went to")
        public static let method = P("销毁方式", "Method")
        public static let recipient = P("接收人", "Recipient")
        public static let organisation = P("接收部门/单位", "Department or company")
        public static let state = P("状态", "State")

        /// A form label for a field name the model's validation uses.
        public static func forModelName(_ name: String) -> Phrase {
            switch name {
            case "borrower": return borrower
            case "department": return department
            case "purpose": return purpose
            case "approver": return approver
            case "note": return note
            case "owner": return owner
            case "new owner": return newOwner
            case "number": return number
            case "barcode": return barcode
            case "co-owner": return coOwners
            case "tenant": return tenants
            case "phone", "emergency phone": return phones
            case "id number", "ID number": return idNumber
            case "move-in date": return moveIn
            case "cabinet": return cabinet
            case "building": return building
            case "floor": return floor
            case "unit": return unit
            case "title": return docTitle
            case "document date", "date": return docDate
            case "retention": return retention
            case "pages": return pages
            case "kind": return kind
            case "recipient": return recipient
            case "organisation": return organisation
            case "reason": return reason
            default: return .same(name)
            }
        }
    }

    public enum Borrow {
        public static func title(_ n: Int) -> Phrase { P("借阅登记 — \(n) 份文件", "Check out — \(Common.documents(n).en)") }
        public static func titleWhole(_ env: Phrase) -> Phrase { P("整袋借阅 — ", "Lend the whole envelope — ") + env }
        public static let lendable = P("可借", "lent")
        public static let kept = P("不可借", "kept")
        public static let nothingLendable = P("按现在的借阅类型,没有可借出的文件", "Under this loan type no document can be lent")
        public static func due(_ t: String, _ n: Int) -> Phrase { P("借出 \(n) 份, 应还 \(t)", "\(Common.documents(n).en) out, due \(t)") }
        public static let refused = P("不可借: ", "Refused: ")
    }

    public enum Return {
        public static func title(_ n: Int) -> Phrase { P("归还 — 检查完整性 (\(n) 份)", "Return — check completeness (\(n))") }
    }

    public enum Loans {
        public static func title(out: Int, overdue: Int) -> Phrase {
            P("借阅登记表 — 未归还 \(out) 份, 逾期 \(overdue) 份", "Loans register — \(out) out, \(overdue) overdue")
        }
        public static func onlyBorrower(_ b: String) -> Phrase { P("借阅人: \(b)", "borrower: \(b)") }
        public static func narrowed(_ q: String, _ n: Int) -> Phrase { P("过滤 \"\(q)\": \(n) 项", "narrowed \"\(q)\": \(n)") }
        public static let nothingOut = P("没有未归还的借阅", "Nothing is out")
        public static let narrowPrompt = P("过滤 借阅人/业主/房号", "Narrow by borrower, owner or room")
        public static func dueOn(_ t: String) -> Phrase { P("应还 \(t)", "due \(t)") }
        public static let colOverdue = P("逾期", "Overdue")
        public static let colRoom = P("房号", "Room")
        public static let colOwner = P("业主", "Owner")
        public static let colDocument = P("文件", "Document")
        public static let colBorrower = P("借阅人", "Borrower")
        public static let colDue = P("应还时间", "Due")
    }

    public enum Copy {
        public static func requestTitle(_ n: Int) -> Phrase { P("影印申请 — \(n) 份文件", "Photocopy request — \(Common.documents(n).en)") }
        public static func listTitle(_ n: Int) -> Phrase { P("影印登记 — 未办结 \(n) 笔", "Photocopy register — \(n) open") }
        public static let none = P("没有未办结的影印", "No photocopy in progress")
        public static let closed = P("该影印已办结", "This photocopy is closed")
        public static let copiesNumber = P("份数须为数字", "Copies must be a number")
        public static let pagesAndCopies = P("页数和份数须为数字", "Pages and copies must be numbers")
        public static let approve = P("批准", "approve")
        public static let decline = P("不批准", "decline")
        public static func stageShort(_ s: CopyStage) -> Phrase {
            switch s {
            case .requested: return P("待审批", "to approve")
            case .approved: return P("待影印", "to copy")
            case .copied: return P("待还原件", "original out")
            case .back: return P("待销账", "to settle")
            case .settled: return P("已销账", "settled")
            case .refused: return P("未批准", "declined")
            }
        }
        public static func stage(_ s: CopyStage) -> Phrase { P("当前: ", "Now: ") + stageShort(s) }
        public static func stepTitle(_ from: CopyStage) -> Phrase {
            switch from {
            case .requested: return P("影印 — 审批", "Photocopy — approval")
            case .approved: return P("影印 — 登记影印", "Photocopy — the copy made")
            case .copied: return P("影印 — 原件归还", "Photocopy — the original back")
            case .back: return P("影印 — 复印件去向, 销账", "Photocopy — where the copies went")
            case .settled, .refused: return P("影印", "Photocopy")
            }
        }
        public static let colStage = P("待办", "Next")
        public static let colRequester = P("申请人", "Requester")
        public static let colRequested = P("申请时间", "Requested")
    }

    public enum Destroy {
        public static func title(_ n: Int) -> Phrase { P("销毁 — \(n) 份文件", "Destroy — \(Common.documents(n).en)") }
        public static let shred = P("粉碎", "shredding")
        public static let burn = P("焚毁", "burning")
        public static let outside = P("送专业机构销毁", "by a destruction company")
        public static func confirm(envelope: EnvelopeRef, documents: [Document], approver: String, method: Phrase) -> [Phrase] {
            [P("将销毁 \(envelope.room) \(envelope.owner) 档案袋中的 \(documents.count) 份文件:",
               "\(Common.documents(documents.count).en) of the envelope \(envelope.room) \(envelope.owner) will be destroyed:"),
             Common.docList(documents),
             P("经 \(approver) 批准, 方式: \(method.zh)。销毁后不能撤销, 文件在清单中记为已销毁, 并记入销毁记录。",
               "Approved by \(approver), \(method.en). This cannot be undone: the file list shows them as destroyed and the destruction record keeps them.")]
        }
    }

    public enum Transfer {
        public static func title(_ n: Int) -> Phrase { P("移交文件 — \(n) 份", "Transfer documents — \(n)") }
        public static func titleWhole(_ env: Phrase) -> Phrase { P("整袋移交 — ", "Transfer the whole envelope — ") + env }
        public static func confirm(envelope: EnvelopeRef, documents: [Document], whole: Bool, recipient: String, organisation: String) -> [Phrase] {
            var out: [Phrase] = []
            if whole {
                out.append(P("将把 \(envelope.room) \(envelope.owner) 的整个档案袋 (\(documents.count) 份文件) 移交给 \(organisation) \(recipient)。",
                             "The whole envelope \(envelope.room) \(envelope.owner) (\(Common.documents(documents.count).en)) goes to \(recipient), \(organisation)."))
                out.append(P("档案袋将标为已移交, 不能再借阅; 记录保留。", "The envelope will be marked transferred and can no longer be lent; the record stays."))
            } else {
                out.append(P("将把以下 \(documents.count) 份文件移交给 \(organisation) \(recipient):", "These \(Common.documents(documents.count).en) go to \(recipient), \(organisation):"))
                out.append(Common.docList(documents))
            }
            out.append(P("之后可用 R 打印移交签收表。", "R then prints the sign-off list."))
            return out
        }
    }

    public enum Filing {
        public static func editTitle(_ env: Phrase) -> Phrase { P("修改档案袋 — ", "Edit envelope — ") + env }
        public static func newTitle(_ cabinet: String) -> Phrase { P("新建档案袋 — \(cabinet)柜", "New envelope — cabinet \(cabinet)") }
        public static let separatorHint = P("多个共有人、租户或电话用 ; 或 、 分隔。", "Separate several co-owners, tenants or phones with ; or 、.")
    }

    public enum Doc {
        public static func title(_ env: Phrase) -> Phrase { P("登记文件 — ", "Add a document — ") + env }
        public static let byKind = P("按文件类型", "by kind")
        public static let permanent = P("永久", "permanent")
        public static let kindHint = P("文件类型: 输入汉字、拼音或首字母查找 (如 sfz), 或用 ←→ 选择。", "Kind: type hanzi, pinyin or initials to find it (e.g. sfz), or ←→ to choose.")
        public static let pagesNumber = P("页数须为 1 到 100000 的整数", "Pages must be a whole number from 1 to 100000")
    }

    public enum Owner {
        public static func title(_ env: Phrase) -> Phrase { P("产权转让 — ", "Change of ownership — ") + env }
        public static let explain = P("原业主的档案袋结档保存; 为新业主新建档案袋 (同一房号), 两袋互相关联。",
                                      "The former owner's envelope is closed and kept; the new owner gets a new envelope for the same unit, the two linked.")
        public static let notActive = P("该档案袋已结档或已移交, 不能办理产权转让", "This envelope is closed or transferred: no change of ownership")
        public static func confirm(old: EnvelopeRef, documents: Int, newOwner: String, number: String) -> [Phrase] {
            [P("将结档 \(old.room) \(old.owner) 的档案袋 \(old.number) (\(documents) 份文件, 保留备查),",
               "The envelope \(old.number) of \(old.room) \(old.owner) (\(Common.documents(documents).en)) will be closed and kept,"),
             P("并为新业主 \(newOwner) 新建档案袋 \(number)。结档后不能撤销。", "and a new envelope \(number) made for the new owner \(newOwner). Closing cannot be undone.")]
        }
    }

    public enum Status {
        public static func scanned(_ c: String) -> Phrase { P("扫码: \(c)", "Scanned: \(c)") }
        public static func noBarcode(_ c: String) -> Phrase { P("没有条码为 \(c) 的档案袋", "No envelope has the barcode \(c)") }
        public static let selectEnvelope = P("请先选择档案袋", "Select an envelope first")
        public static let selectDocumentFirst = P("请先在文件栏选择文件 (→ 进入文件栏)", "Select a document first (→ to the documents pane)")
        public static let selectEnvelopeOrDocuments = P("请先选择档案袋 (整袋) 或文件", "Select an envelope (the whole of it) or documents first")
        public static let noDocument = P("没有选择文件", "No document selected")
        public static let envelopeEmpty = P("档案袋中没有文件", "The envelope holds no document")
        public static let notOut = P("所选文件未借出", "The selected document is not on loan")
        public static let nothingOut = P("该档案袋没有借出的文件", "Nothing of this envelope is out")
        public static let noCabinet = P("没有档案柜", "No cabinet")
        public static func lent(_ n: Int, _ who: String, _ due: String) -> Phrase { P("已借出 \(n) 份给 \(who), 应还 \(due)", "Lent \(n) to \(who), due \(due)") }
        public static func returned(_ n: Int, _ complete: Bool) -> Phrase { P("已归还 \(n) 份\(complete ? "" : " (不完整)")", "Returned \(n)\(complete ? "" : " (incomplete)")") }
        public static func renewed(_ due: String) -> Phrase { P("已续借, 应还 \(due)", "Renewed, due \(due)") }
        public static let saved = P("已保存", "Saved")
        public static func created(_ n: String) -> Phrase { P("已新建档案袋 \(n)", "Envelope \(n) created") }
        public static func ownerChanged(_ who: String, _ n: String) -> Phrase { P("已为新业主 \(who) 新建档案袋 \(n), 原档案袋已结档", "New envelope \(n) for \(who); the former one is closed") }
        public static func documentAdded(_ k: String) -> Phrase { P("已登记文件: \(k)", "Document added: \(k)") }
        public static let copyRequested = P("影印申请已登记, 待审批 (C 查看影印登记)", "Photocopy request registered, awaiting approval (C: photocopy register)")
        public static func transferHint(_ batch: String) -> Phrase { P(" — R 打印移交签收表 \(batch)", " — R prints the sign-off list \(batch)") }
        public static let language = P("界面语言: 中文 (已保存到设置)", "Language: English (saved in the settings)")
        public static let done = P("完成", "Done")
        public static func indexing(_ done: Int, _ total: Int) -> Phrase {
            let pct = total > 0 ? done * 100 / total : 0
            return P("正在建立查找索引 \(pct)%  (查找稍后可用)", "Building the search index \(pct)%  (search waits for it)")
        }
    }

    public enum Reports {
        public static let menuTitle = P("报表", "Reports")
        public static func name(_ k: ReportKind) -> Phrase {
            switch k {
            case .outstanding: return P("未归还清单", "Outstanding loans")
            case .register: return P("借阅登记表", "Borrowing register")
            case .copies: return P("影印登记表", "Photocopy register")
            case .monthly: return P("月度统计", "Monthly statistics")
            case .fileList: return P("档案袋文件清单", "Envelope file list")
            case .label: return P("档案袋封面", "Envelope label")
            case .cabinetList: return P("档案柜文件清单", "Cabinet file list")
            case .inventory: return P("盘点报告", "Inventory check")
            case .destruction: return P("销毁记录", "Destruction record")
            case .transfer: return P("移交签收表", "Transfer sign-off list")
            case .history: return P("修改记录", "History")
            case .storageList: return P("文件资料存储清单", "Storage list")
            case .arrangement: return P("档案整理记录表", "Arrangement record")
            case .intake: return P("档案交接登记表", "Intake hand-over register")
            case .keys: return P("钥匙领用/移交登记表", "Key register")
            case .categories: return P("各类客户统计", "Customers by category")
            case .expired: return P("到期待销毁清单", "Expired material")
            case .slip: return P("借阅单", "Loan slip")
            case .notices: return P("催还通知", "Overdue notices")
            case .incidents: return P("遗失损坏报告", "Incidents: loss and damage")
            case .access: return P("查询记录", "Who looked at confidential material")
            }
        }
        public static func about(_ k: ReportKind) -> Phrase {
            switch k {
            case .outstanding: return P("未归还的文件, 逾期在前", "documents not returned, overdue first")
            case .register: return P("本月", "this month")
            case .copies: return P("本月", "this month")
            case .monthly: return P("1日至5日为上月, 之后为本月; 每月5日前报总经理", "the month just ended up to the 5th, then this month; for the general manager by the 5th")
            case .fileList: return P("当前档案袋, 贴在袋上", "this envelope, to paste on it")
            case .label: return P("当前档案袋", "this envelope")
            case .cabinetList: return P("当前档案柜", "this cabinet")
            case .inventory: return P("当前档案柜", "this cabinet")
            case .destruction: return P("全部", "all")
            case .transfer: return P("全部, 带签字栏", "all, with signature lines")
            case .history: return P("当前档案袋: 谁在何时从哪个工作站改了什么", "this envelope: who changed what, when, at which desk")
            case .storageList: return P("当前档案柜, 何时由谁归档、存放何处", "this cabinet: filed when, by whom, kept where")
            case .arrangement: return P("盘点和标签检查, 全部", "inventory checks and label checks, all")
            case .intake: return P("其他部门移交的资料, 全部", "documents handed over by other departments, all")
            case .keys: return P("档案柜钥匙和代保管单元钥匙", "cabinet keys and unit keys held for owners")
            case .categories: return P("按物业类型, 本月", "by property category, this month")
            case .expired: return P("可经批准销毁的文件; D 销毁", "may be destroyed with approval; D destroys")
            case .slip: return P("刚借出的一笔, 借阅人签名", "the last loan, for the borrower to sign")
            case .notices: return P("每位逾期借阅人一页", "a page per borrower with something overdue")
            case .incidents: return P("呈报公司领导, 未结在前", "for the leadership, open ones first")
            case .access: return P("本月, 谁查看了身份证号和电话", "this month: who saw ID numbers and phones")
            }
        }
        /// The printed report's own name (the model's title is the archive's name and this).
        public static func printed(_ k: ReportKind) -> Phrase {
            switch k {
            case .outstanding: return P("未归还档案清单", "Outstanding loans")
            case .register: return P("档案借阅登记表", "Borrowing register")
            case .copies: return P("影印登记表", "Photocopy register")
            case .monthly: return P("档案月度统计", "Monthly statistics")
            case .fileList: return P("档案袋文件清单", "Envelope file list")
            case .label: return P("档案袋封面", "Envelope label")
            case .cabinetList: return P("档案柜文件清单", "Cabinet file list")
            case .inventory: return P("档案盘点报告", "Inventory check")
            case .destruction: return P("档案销毁记录", "Destruction record")
            case .slip: return P("档案借阅单", "Loan slip")
            case .notices: return P("档案催还通知", "Overdue notices")
            case .incidents: return P("档案遗失损坏报告", "Incidents: loss and damage")
            case .access: return P("客户档案查询记录", "Who looked at confidential material")
            case .transfer: return P("档案移交签收表", "Transfer sign-off list")
            case .history: return P("档案袋修改记录", "Envelope history")
            case .storageList: return P("文件资料存储清单", "Storage list")
            case .arrangement: return P("档案整理记录表", "Arrangement record")
            case .intake: return P("档案交接登记表", "Intake hand-over register")
            case .keys: return P("钥匙领用/移交登记表", "Key register")
            case .categories: return P("各类客户统计", "Customers by property category")
            case .expired: return P("到期待销毁清单", "Expired material")
            }
        }
        public static func saved(_ path: String) -> Phrase { P("已保存 \(path)", "Saved \(path)") }
    }

    public enum Keys {
        public static let help = P("帮助", "help")
        public static let quit = P("退出", "quit")
        public static let move = P("移动", "move")
        public static let open = P("打开", "open")
        public static let panes = P("切换", "panes")
        public static let back = P("返回", "back")
        public static let find = P("查找", "find")
        public static let narrow = P("过滤", "narrow")
        public static let filter = P("筛选", "filter")
        public static let clearFilter = P("清除筛选", "clear filter")
        public static let loans = P("借阅登记", "loans")
        public static let reports = P("报表", "reports")
        public static let inventory = P("盘点", "inventory")
        public static let newEnvelope = P("新建", "new")
        public static let copies = P("影印登记", "copies")
        public static let language = P("English", "中文")
        public static let lendEnvelope = P("整袋借出", "lend envelope")
        public static let lend = P("借出", "lend")
        public static let returnDocs = P("归还", "return")
        public static let edit = P("修改", "edit")
        public static let owner = P("产权转让", "new owner")
        public static let transfer = P("移交", "transfer")
        public static let spaceKey = P("空格", "space")
        public static let mark = P("标记", "mark")
        public static let copy = P("影印", "copy")
        public static let addDocument = P("登记文件", "add")
        public static let destroy = P("销毁", "destroy")
        public static let typeKey = P("输入", "type")
        public static let narrowAsYouType = P("边输入边过滤", "to narrow")
        public static let narrowBorrower = P("借阅人、业主或房号", "borrower, owner or room")
        public static let keep = P("保留", "keep")
        public static let clear = P("清除", "clear")
        public static let searchHow = P("汉字/拼音/首字母", "hanzi/pinyin/initials")
        public static let choose = P("选择", "choose")
        public static let jump = P("跳转", "go")
        public static let confirmYes = P("确认办理", "do it")
        public static let confirmNo = P("返回修改", "go back")
        public static let discard = P("放弃", "discard")
        public static let otherKey = P("其他键", "other")
        public static let keepTyping = P("继续填写", "keep typing")
        public static let takeAndNext = P("采用并下一项", "take, next")
        public static let take = P("采用", "take")
        public static let close = P("关闭", "close")
        public static let nextField = P("下一项", "next")
        public static let previousField = P("上一项", "previous")
        public static let pickByTyping = P("查找选项", "find option")
        public static let editKeys = P("删除", "delete")
        public static let confirm = P("确认", "confirm")
        public static let cancel = P("取消", "cancel")
        public static let jumpToDocument = P("跳到文件", "go to document")
        public static let renew = P("续借", "renew")
        public static let onlyBorrower = P("只看此借阅人", "this borrower")
        public static let allBorrowers = P("全部借阅人", "all borrowers")
        public static let nextStep = P("办理下一步", "next step")
        public static let show = P("查看", "show")
        public static let scroll = P("滚动", "scroll")
        public static let sideways = P("左右", "sideways")
        public static let saveCSV = P("存CSV", "save CSV")
        public static let saveHTML = P("存HTML", "save HTML")
    }

    public enum Help {
        /// Keys (the same in both languages, but for the few that are words) and what they do.
        public struct Entry: Sendable { public let keys: Phrase; public let text: Phrase }
        public static func e(_ k: String, _ zh: String, _ en: String) -> Entry { Entry(keys: .same(k), text: P(zh, en)) }
        static func e(_ k: Phrase, _ zh: String, _ en: String) -> Entry { Entry(keys: k, text: P(zh, en)) }
        public static let title = P("按键", "Keys")
        public static let entries: [Entry] = [
            e("↑ ↓  j k", "上下移动", "move up and down"),
            e("← →  h l  Enter", "切换栏目 (→ 或 Enter 打开下一级)", "between panes (→ or Enter opens the next level)"),
            e("Tab  Shift-Tab", "循环切换栏目", "cycle through the panes"),
            e("g G  PgUp PgDn", "第一项 / 最后一项, 翻页 (Home End 亦可)", "first / last, a page up or down (Home End too)"),
            e("/", "查找业主 (汉字、拼音、首字母、房号、档案号、条码)", "find an owner (hanzi, pinyin, initials, room, number, barcode)"),
            e("f", "在当前栏目中边输入边过滤 (Esc 清除)", "narrow the current pane as you type (Esc clears)"),
            e("F", "筛选档案袋: 有借出、逾期、缺件、损坏、结档、楼栋、楼层", "filter envelopes: on loan, overdue, incomplete, damaged, closed, building, floor"),
            e("b", "借出: 文件栏为所选文件, 档案袋栏为整袋可借的文件", "lend: the selected documents, or in the envelopes pane every lendable document of the envelope"),
            e("r", "归还 (检查完整性)", "return (completeness check)"),
            e(P("空格", "space"), "标记多份文件", "mark several documents"),
            e("L", "借阅登记表: 归还 r、续借 n、跳到文件 Enter、按借阅人 B、过滤 f", "loans register: return r, renew n, go to Enter, by borrower B, narrow f"),
            e("c  C", "影印申请 / 影印登记 (审批、影印、原件归还、销账)", "photocopy request / register (approve, copy, original back, settle)"),
            e("e  n  a", "修改档案袋 / 新建档案袋 / 登记文件", "edit the envelope / new envelope / add a document"),
            e("O", "产权转让: 原档案袋结档, 为新业主新建档案袋", "change of ownership: close the envelope, open one for the new owner"),
            e("D  X", "销毁 (须审批) / 移交 (文件栏为所选文件, 档案袋栏为整袋)", "destroy (with an approver) / transfer (selected documents, or the whole envelope)"),
            e("I  R", "盘点本柜 / 报表", "inventory check of this cabinet / reports"),
            e("!  P", "报告遗失、损坏、不完整 (有未结事故时: 处理) / 打印刚借出的借阅单", "report loss, damage, an incomplete document (one open: resolve it) / print the last loan's slip"),
            e("H", "修改记录: 谁在何时从哪个工作站改了什么, 原值和新值", "history: who changed what, when, at which desk, before and after"),
        ] + Registers.help + [
            e("T", "切换界面语言 中文/English (保存到设置)", "switch the language 中文/English (saved in the settings)"),
            e("Ctrl-L", "重画整个屏幕", "redraw the whole screen"),
            e("?  q", "本帮助 / 退出", "this help / quit"),
            e("", "输入框", "Text fields"),
            e("← → Ctrl-A Ctrl-E", "光标移动, 行首, 行尾", "move the caret, to the start, to the end"),
            e("Alt-B Alt-F", "前一个词 / 后一个词", "a word back / forward"),
            e("Ctrl-U Ctrl-K Ctrl-W", "删到行首 / 删到行尾 / 删除前一个词", "delete to the start / to the end / the word before"),
            e("Tab  ↑↓", "下一项 / 在候选人员中选择 (输入汉字、拼音或首字母)", "next field / choose among the staff suggested (type hanzi, pinyin or initials)"),
            e("", "鼠标", "Mouse"),
            e(P("单击 双击 滚轮", "click, wheel"), "单击选择, 双击打开, 滚轮滚动指针下的栏目", "a click selects, a double click opens, the wheel scrolls the pane under the pointer"),
            e("", "标记", "Marks"),
            e("借 缺 损 结 移 异", "借出 缺件 文件损坏 已结档 已移交 未结事故 (遗失、损坏、不完整); 逾N天 逾期天数",
              "L on loan, I incomplete, D damaged, C closed, T transferred, ! open incident (lost, damaged, incomplete); late Nd overdue by N days"),
        ]
    }

    public enum Welcome {
        public static let title = P("欢迎使用 dangan", "Welcome to dangan")
        public static func lines(_ w: WelcomeNote) -> [(Phrase, Style)] {
            var out: [(Phrase, Style)] = []
            if let p = w.copiedTo {
                out.append((P("首次运行: 已将示例档案库复制到 \(p), 您的修改都保存在这份副本中。", "First run: the sample archive was copied to \(p); your changes go to that copy."), .normal))
                out.append((P("", ""), .normal))
            }
            if w.operatorUnknown {
                out.append((P("您的登录名 \(w.operatorName) 不在人员名单中: 只能查看姓名。请资料管理员登记您的登录名:",
                              "Your login \(w.operatorName) is not in the staff list: names only. Ask the archivist to add it:"), .header))
                out.append((P("    dangan staff edit 您的姓名 --login \(w.operatorName)", "    dangan staff edit YOUR-NAME --login \(w.operatorName)"), .ok))
                out.append((P("", ""), .normal))
            } else if w.copiedTo != nil {
                out.append((P("您以 \(w.operatorName) (资料管理员) 的身份使用这份副本: dangan whoami, dangan staff", "You work in this copy as \(w.operatorName), its archivist: dangan whoami, dangan staff"), .normal))
                out.append((P("", ""), .normal))
            }
            out.append((P("? 查看所有按键, q 退出。按任意键开始。", "? lists every key, q quits. Press any key to begin."), .dim))
            return out
        }
    }
}


extension T.Status {
    public static func operatorUnknown(_ name: String) -> Phrase {
        Phrase("登录名 \(name) 不在人员名单中, 只能查看姓名 — 请资料管理员登记: dangan staff edit 姓名 --login \(name)",
               "Login \(name) is not in the staff list: names only — ask the archivist: dangan staff edit NAME --login \(name)")
    }
    public static func localeFallback(_ cs: String) -> Phrase {
        Phrase("区域设置的字符集是 \(cs), 不是 UTF-8: 已改用 C.UTF-8", "The locale's codeset is \(cs), not UTF-8: using C.UTF-8")
    }
    public static func problems(_ n: Int) -> Phrase {
        Phrase("发现 \(n) 个问题 (dangan check 查看详情)", "\(n) problem\(n == 1 ? "" : "s") found on disk (dangan check tells more)")
    }
}
