import ArchiveModel
import Foundation

// The forms: their titles, fields, hints and confirmations.

// swift-format-ignore: AlwaysUseLowerCamelCase
// P(zh, en) reads as a phrase in the catalogue: one capital letter, used on every line.
private func P(_ zh: String, _ en: String) -> Phrase { Phrase(zh, en) }

extension T {
    public enum Form {
        public static func fillIn(_ label: Phrase) -> Phrase { P("请填写\(label.zh)", "Please fill in \(label.en)") }
        public static let askDiscard = P(
            "放弃已填写的内容? y 放弃 / 其他键继续填写", "Discard what you typed? y discards, any other key keeps it")
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
        public static func due(_ t: String, _ n: Int) -> Phrase {
            P("借出 \(n) 份, 应还 \(t)", "\(Common.documents(n).en) out, due \(t)")
        }
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
        public static func narrowed(_ q: String, _ n: Int) -> Phrase {
            P("过滤 \"\(q)\": \(n) 项", "narrowed \"\(q)\": \(n)")
        }
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
        public static func requestTitle(_ n: Int) -> Phrase {
            P("影印申请 — \(n) 份文件", "Photocopy request — \(Common.documents(n).en)")
        }
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
        public static func confirm(envelope: EnvelopeRef, documents: [Document], approver: String, method: Phrase)
            -> [Phrase]
        {
            [
                P(
                    "将销毁 \(envelope.room) \(envelope.owner) 档案袋中的 \(documents.count) 份文件:",
                    """
                    \(Common.documents(documents.count).en) of the envelope \(envelope.room) \(envelope.owner) \
                    will be destroyed:
                    """
                ),
                Common.docList(documents),
                P(
                    "经 \(approver) 批准, 方式: \(method.zh)。销毁后不能撤销, 文件在清单中记为已销毁, 并记入销毁记录。",
                    """
                    Approved by \(approver), \(method.en). This cannot be undone: the file list shows them as \
                    destroyed and the destruction record keeps them.
                    """
                ),
            ]
        }
    }

    public enum Transfer {
        public static func title(_ n: Int) -> Phrase { P("移交文件 — \(n) 份", "Transfer documents — \(n)") }
        public static func titleWhole(_ env: Phrase) -> Phrase { P("整袋移交 — ", "Transfer the whole envelope — ") + env }
        public static func confirm(
            envelope: EnvelopeRef, documents: [Document], whole: Bool, recipient: String, organisation: String
        ) -> [Phrase] {
            var out: [Phrase] = []
            if whole {
                out.append(
                    P(
                        """
                        将把 \(envelope.room) \(envelope.owner) 的整个档案袋 (\(documents.count) 份文件) 移交给 \
                        \(organisation) \(recipient)。
                        """,
                        """
                        The whole envelope \(envelope.room) \(envelope.owner) \
                        (\(Common.documents(documents.count).en)) goes to \(recipient), \(organisation).
                        """
                    ))
                out.append(
                    P(
                        "档案袋将标为已移交, 不能再借阅; 记录保留。",
                        "The envelope will be marked transferred and can no longer be lent; the record stays."))
            } else {
                out.append(
                    P(
                        "将把以下 \(documents.count) 份文件移交给 \(organisation) \(recipient):",
                        "These \(Common.documents(documents.count).en) go to \(recipient), \(organisation):"))
                out.append(Common.docList(documents))
            }
            out.append(P("之后可用 R 打印移交签收表。", "R then prints the sign-off list."))
            return out
        }
    }

    public enum Filing {
        public static func editTitle(_ env: Phrase) -> Phrase { P("修改档案袋 — ", "Edit envelope — ") + env }
        public static func newTitle(_ cabinet: String) -> Phrase {
            P("新建档案袋 — \(cabinet)柜", "New envelope — cabinet \(cabinet)")
        }
        public static let separatorHint = P(
            "多个共有人、租户或电话用 ; 或 、 分隔。", "Separate several co-owners, tenants or phones with ; or 、.")
    }

    public enum Doc {
        public static func title(_ env: Phrase) -> Phrase { P("登记文件 — ", "Add a document — ") + env }
        public static let byKind = P("按文件类型", "by kind")
        public static let permanent = P("永久", "permanent")
        public static let kindHint = P(
            "文件类型: 输入汉字、拼音或首字母查找 (如 sfz), 或用 ←→ 选择。",
            "Kind: type hanzi, pinyin or initials to find it (e.g. sfz), or ←→ to choose.")
        public static let pagesNumber = P("页数须为 1 到 100000 的整数", "Pages must be a whole number from 1 to 100000")
    }

    public enum Owner {
        public static func title(_ env: Phrase) -> Phrase { P("产权转让 — ", "Change of ownership — ") + env }
        public static let explain = P(
            "原业主的档案袋结档保存; 为新业主新建档案袋 (同一房号), 两袋互相关联。",
            """
            The former owner's envelope is closed and kept; the new owner gets a new envelope for the same \
            unit, the two linked.
            """
        )
        public static let notActive = P(
            "该档案袋已结档或已移交, 不能办理产权转让", "This envelope is closed or transferred: no change of ownership")
        public static func confirm(old: EnvelopeRef, documents: Int, newOwner: String, number: String) -> [Phrase] {
            [
                P(
                    "将结档 \(old.room) \(old.owner) 的档案袋 \(old.number) (\(documents) 份文件, 保留备查),",
                    """
                    The envelope \(old.number) of \(old.room) \(old.owner) (\(Common.documents(documents).en)) \
                    will be closed and kept,
                    """
                ),
                P(
                    "并为新业主 \(newOwner) 新建档案袋 \(number)。结档后不能撤销。",
                    "and a new envelope \(number) made for the new owner \(newOwner). Closing cannot be undone."),
            ]
        }
    }

    /// Undo (`u`): the last loan, return or edit, taken back by a journal entry of its own.
    public enum Undo {
        public static let reasonField = P("撤销原因", "Why")
        public static let nothing = P(
            "没有可撤销的操作:只能撤销本人 10 分钟内在此办理的最后一笔借出、归还或修改",
            "Nothing to undo: only your last loan, return or edit here, in the last 10 minutes")
        public static func title(_ k: UndoTarget.Kind) -> Phrase {
            switch k {
            case .loan: return P("撤销借出", "Undo the loan")
            case .return: return P("撤销归还", "Undo the return")
            case .edit: return P("撤销修改", "Undo the edit")
            }
        }
        public static func what(_ t: UndoTarget, envelope: EnvelopeRef?, documents: [Document]) -> [Phrase] {
            var out: [Phrase] = []
            if let envelope { out.append(envelope.phrase) }
            switch t.kind {
            case .loan:
                out.append(
                    P("借给 \(Sanitize.visible(t.borrower)) 的 ", "Lent to \(Sanitize.visible(t.borrower)): ")
                        + T.Common.docList(documents))
            case .return:
                out.append(
                    P("\(Sanitize.visible(t.borrower)) 归还的 ", "Returned by \(Sanitize.visible(t.borrower)): ")
                        + T.Common.docList(documents))
            case .edit:
                out.append(
                    P("修改的字段: ", "Fields changed: ")
                        + .same(t.fields.map { FieldNames.label($0) }.joined(separator: "、")))
            }
            out.append(P("办理于 \(t.entry)", "Made as entry \(t.entry)"))
            return out
        }
        public static func confirm(_ t: UndoTarget) -> [Phrase] {
            switch t.kind {
            case .loan:
                return [
                    P(
                        "借出将作废,文件记为在袋;登记表保留借出和撤销两条记录。",
                        "The loan is voided and the documents are in again; the register keeps the loan and its undo."
                    )
                ]
            case .return:
                return [
                    P(
                        "文件将重新记为借出 (同一借阅);登记表保留归还和撤销两条记录。",
                        "The documents are out again on the same loan; the register keeps both the return and its undo."
                    )
                ]
            case .edit:
                return [
                    P(
                        "这些字段将恢复为修改前的值;历史保留修改和撤销两条记录。",
                        "These fields are set back to what they were; the history keeps both the edit and its undo.")
                ]
            }
        }
    }
}
