import ArchiveModel
import Foundation

// The key bar, the help screen and the welcome note.

// swift-format-ignore: AlwaysUseLowerCamelCase
// P(zh, en) reads as a phrase in the catalogue: one capital letter, used on every line.
private func P(_ zh: String, _ en: String) -> Phrase { Phrase(zh, en) }

extension T {
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
        public static let slip = P("借阅单", "slip")
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
        public struct Entry: Sendable {
            public let keys: Phrase
            public let text: Phrase
        }
        public static func e(_ k: String, _ zh: String, _ en: String) -> Entry {
            Entry(keys: .same(k), text: P(zh, en))
        }
        static func e(_ k: Phrase, _ zh: String, _ en: String) -> Entry { Entry(keys: k, text: P(zh, en)) }
        public static let title = P("按键", "Keys")
        public static let entries: [Entry] =
            [
                e("↑ ↓  j k", "上下移动", "move up and down"),
                e("← →  h l  Enter", "切换栏目 (→ 或 Enter 打开下一级)", "between panes (→ or Enter opens the next level)"),
                e("Tab  Shift-Tab", "循环切换栏目", "cycle through the panes"),
                e("g G  PgUp PgDn", "第一项 / 最后一项, 翻页 (Home End 亦可)", "first / last, a page up or down (Home End too)"),
                e("/", "查找业主 (汉字、拼音、首字母、房号、档案号、条码)", "find an owner (hanzi, pinyin, initials, room, number, barcode)"),
                e("f", "在当前栏目中边输入边过滤 (Esc 清除)", "narrow the current pane as you type (Esc clears)"),
                e(
                    "F", "筛选档案袋: 有借出、逾期、缺件、损坏、结档、楼栋、楼层",
                    "filter envelopes: on loan, overdue, incomplete, damaged, closed, building, floor"),
                e(
                    "b", "借出: 文件栏为所选文件, 档案袋栏为整袋可借的文件",
                    "lend: the selected documents, or in the envelopes pane every lendable document of the envelope"),
                e("r", "归还 (检查完整性)", "return (completeness check)"),
                e(P("空格", "space"), "标记多份文件", "mark several documents"),
                e(
                    "L", "借阅登记表: 归还 r、续借 n、跳到文件 Enter、按借阅人 B、过滤 f",
                    "loans register: return r, renew n, go to Enter, by borrower B, narrow f"),
                e(
                    "c  C", "影印申请 / 影印登记 (审批、影印、原件归还、销账)",
                    "photocopy request / register (approve, copy, original back, settle)"),
                e("e  n  a", "修改档案袋 / 新建档案袋 / 登记文件", "edit the envelope / new envelope / add a document"),
                e(
                    "O", "产权转让: 原档案袋结档, 为新业主新建档案袋",
                    "change of ownership: close the envelope, open one for the new owner"),
                e(
                    "D  X", "销毁 (须审批) / 移交 (文件栏为所选文件, 档案袋栏为整袋)",
                    "destroy (with an approver) / transfer (selected documents, or the whole envelope)"),
                e("I  R", "盘点本柜 / 报表", "inventory check of this cabinet / reports"),
                e(
                    "!  P", "报告遗失、损坏、不完整 (有未结事故时: 处理) / 打印刚借出的借阅单",
                    "report loss, damage, an incomplete document (one open: resolve it) / print the last loan's slip"),
                e(
                    "u", "撤销本人 10 分钟内的最后一笔借出、归还或修改 (记入日志, 不删除记录)",
                    "undo your last loan, return or edit of the last 10 minutes (journaled, nothing deleted)"),
                e(
                    "H", "修改记录: 谁在何时从哪个工作站改了什么, 原值和新值",
                    "history: who changed what, when, at which desk, before and after"),
            ] + Registers.help + [
                e("T", "切换界面语言 中文/English (保存到设置)", "switch the language 中文/English (saved in the settings)"),
                e("Ctrl-L", "重画整个屏幕", "redraw the whole screen"),
                e("?  q", "本帮助 / 退出", "this help / quit"),
                e("", "输入框", "Text fields"),
                e("← → Ctrl-A Ctrl-E", "光标移动, 行首, 行尾", "move the caret, to the start, to the end"),
                e("Alt-B Alt-F", "前一个词 / 后一个词", "a word back / forward"),
                e("Ctrl-U Ctrl-K Ctrl-W", "删到行首 / 删到行尾 / 删除前一个词", "delete to the start / to the end / the word before"),
                e(
                    "Tab  ↑↓", "下一项 / 在候选人员中选择 (输入汉字、拼音或首字母)",
                    "next field / choose among the staff suggested (type hanzi, pinyin or initials)"),
                e("", "鼠标", "Mouse"),
                e(
                    P("单击 双击 滚轮", "click, wheel"), "单击选择, 双击打开, 滚轮滚动指针下的栏目",
                    "a click selects, a double click opens, the wheel scrolls the pane under the pointer"),
                e("", "标记", "Marks"),
                e(
                    "借 缺 损 结 移 异", "借出 缺件 文件损坏 已结档 已移交 未结事故 (遗失、损坏、不完整); 逾N天 逾期天数",
                    """
                    L on loan, I incomplete, D damaged, C closed, T transferred, ! open incident (lost, \
                    damaged, incomplete); late Nd overdue by N days
                    """
                ),
            ]
    }

    public enum Welcome {
        public static let title = P("欢迎使用 dangan", "Welcome to dangan")
        public static func lines(_ w: WelcomeNote) -> [(Phrase, Style)] {
            var out: [(Phrase, Style)] = []
            if let p = w.copiedTo {
                out.append(
                    (
                        P(
                            "首次运行: 已将示例档案库复制到 \(p), 您的修改都保存在这份副本中。",
                            "First run: the sample archive was copied to \(p); your changes go to that copy."), .normal
                    ))
                out.append((P("", ""), .normal))
            }
            if w.operatorUnknown {
                out.append(
                    (
                        P(
                            "您的登录名 \(w.operatorName) 不在人员名单中: 只能查看姓名。请资料管理员登记您的登录名:",
                            """
                            Your login \(w.operatorName) is not in the staff list: names only. Ask the \
                            archivist to add it:
                            """
                        ), .header
                    ))
                out.append(
                    (
                        P(
                            "    dangan staff edit 您的姓名 --login \(w.operatorName)",
                            "    dangan staff edit YOUR-NAME --login \(w.operatorName)"), .ok
                    ))
                out.append((P("", ""), .normal))
            } else if w.copiedTo != nil {
                out.append(
                    (
                        P(
                            "您以 \(w.operatorName) (资料管理员) 的身份使用这份副本: dangan whoami, dangan staff",
                            "You work in this copy as \(w.operatorName), its archivist: dangan whoami, dangan staff"),
                        .normal
                    ))
                out.append((P("", ""), .normal))
            }
            out.append((P("? 查看所有按键, q 退出。按任意键开始。", "? lists every key, q quits. Press any key to begin."), .dim))
            return out
        }
    }
}
