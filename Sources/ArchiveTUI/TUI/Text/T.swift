import ArchiveModel
import Foundation

// Every piece of text the terminal UI shows, in Chinese and in English (Noora's
// `Content.swift`). Nothing outside `Text/` writes UI words; a test checks that no Chinese
// string appears in the TUI's other sources.

// swift-format-ignore: AlwaysUseLowerCamelCase
// P(zh, en) reads as a phrase in the catalogue: one capital letter, used on every line.
private func P(_ zh: String, _ en: String) -> Phrase { Phrase(zh, en) }

/// The UI text catalogue.
public enum T {
    public enum Common {
        public static func documents(_ n: Int) -> Phrase { P("\(n) 份", n == 1 ? "1 document" : "\(n) documents") }
        /// "前期物业服务合同 复印件、身份证复印件 原件" — what a form is about.
        public static func docList(_ docs: [Document]) -> Phrase {
            Phrase(
                docs.map { $0.kind + " " + Enum.original($0.original).zh }.joined(separator: "、"),
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

    public enum Status {
        public static func scanned(_ c: String) -> Phrase { P("扫码: \(c)", "Scanned: \(c)") }
        public static func noBarcode(_ c: String) -> Phrase { P("没有条码为 \(c) 的档案袋", "No envelope has the barcode \(c)") }
        public static let selectEnvelope = P("请先选择档案袋", "Select an envelope first")
        public static let selectDocumentFirst = P(
            "请先在文件栏选择文件 (→ 进入文件栏)", "Select a document first (→ to the documents pane)")
        public static let selectEnvelopeOrDocuments = P(
            "请先选择档案袋 (整袋) 或文件", "Select an envelope (the whole of it) or documents first")
        public static let noDocument = P("没有选择文件", "No document selected")
        public static let envelopeEmpty = P("档案袋中没有文件", "The envelope holds no document")
        public static let notOut = P("所选文件未借出", "The selected document is not on loan")
        public static let nothingOut = P("该档案袋没有借出的文件", "Nothing of this envelope is out")
        public static let noCabinet = P("没有档案柜", "No cabinet")
        public static func lent(_ n: Int, _ who: String, _ due: String) -> Phrase {
            P("已借出 \(n) 份给 \(who), 应还 \(due)", "Lent \(n) to \(who), due \(due)")
        }
        public static func returned(_ n: Int, _ complete: Bool) -> Phrase {
            P("已归还 \(n) 份\(complete ? "" : " (不完整)")", "Returned \(n)\(complete ? "" : " (incomplete)")")
        }
        public static func renewed(_ due: String) -> Phrase { P("已续借, 应还 \(due)", "Renewed, due \(due)") }
        public static let saved = P("已保存", "Saved")
        public static func created(_ n: String) -> Phrase { P("已新建档案袋 \(n)", "Envelope \(n) created") }
        public static func ownerChanged(_ who: String, _ n: String) -> Phrase {
            P("已为新业主 \(who) 新建档案袋 \(n), 原档案袋已结档", "New envelope \(n) for \(who); the former one is closed")
        }
        public static func documentAdded(_ k: String) -> Phrase { P("已登记文件: \(k)", "Document added: \(k)") }
        public static let copyRequested = P(
            "影印申请已登记, 待审批 (C 查看影印登记)", "Photocopy request registered, awaiting approval (C: photocopy register)")
        public static func transferHint(_ batch: String) -> Phrase {
            P(" — R 打印移交签收表 \(batch)", " — R prints the sign-off list \(batch)")
        }
        public static let language = P("界面语言: 中文 (已保存到设置)", "Language: English (saved in the settings)")
        public static let done = P("完成", "Done")
        public static func indexing(_ done: Int, _ total: Int) -> Phrase {
            let pct = total > 0 ? done * 100 / total : 0
            return P("正在建立查找索引 \(pct)%  (查找稍后可用)", "Building the search index \(pct)%  (search waits for it)")
        }
    }

}

extension T.Status {
    public static func operatorUnknown(_ name: String) -> Phrase {
        Phrase(
            "登录名 \(name) 不在人员名单中, 只能查看姓名 — 请资料管理员登记: dangan staff edit 姓名 --login \(name)",
            """
            Login \(name) is not in the staff list: names only — ask the archivist: dangan staff edit NAME \
            --login \(name)
            """
        )
    }
    public static func localeFallback(_ cs: String) -> Phrase {
        Phrase("区域设置的字符集是 \(cs), 不是 UTF-8: 已改用 C.UTF-8", "The locale's codeset is \(cs), not UTF-8: using C.UTF-8")
    }
    public static func problems(_ n: Int) -> Phrase {
        Phrase(
            "发现 \(n) 个问题 (dangan check 查看详情)",
            "\(n) problem\(n == 1 ? "" : "s") found on disk (dangan check tells more)")
    }
}
