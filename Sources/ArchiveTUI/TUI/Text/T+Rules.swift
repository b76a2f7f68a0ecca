// Over 400 lines: the message of every rule id in both languages, in one switch.
import ArchiveModel
import Foundation

// swift-format-ignore: AlwaysUseLowerCamelCase
// P(zh, en) reads as a phrase in the catalogue: one capital letter, used on every line.
private func P(_ zh: String, _ en: String) -> Phrase { Phrase(zh, en) }

/// What a rule's or an error's message is worded from: the documents and names the decision
/// was about (the model's decision carries the rule id and the document; the names are here).
public struct RuleContext {
    public var env: Env
    public var documents: [Document] = []
    /// The approver named in the form.
    public var approver: String = ""
    public var write: Write? = nil
    public init(env: Env, documents: [Document] = [], approver: String = "", write: Write? = nil) {
        self.env = env
        self.documents = documents
        self.approver = approver
        self.write = write
    }

    func document(_ id: String?) -> Document? {
        guard let id else { return nil }
        if let d = documents.first(where: { $0.id == id }) { return d }
        return (try? env.store.document(ref: id))?.1
    }
}

extension T {
    /// Rule messages by rule id, in one language at a time. The model words each decision in
    /// Chinese with an English gloss (for the command line); the screen words it here.
    public enum Rule {
        public static func text(_ d: Decision, _ ctx: RuleContext) -> Phrase {
            let s = ctx.env.settings
            let r = s.loanRules
            let doc = ctx.document(d.document)
            let kind = doc?.kind ?? ""
            let a = ctx.approver
            // A row of the archive's lending matrix: its own words (the archive may have changed them).
            if let row = s.lendingRules.first(where: { $0.id == d.rule }),
                !T.Rule.wordedRows.contains(d.rule) || (row.allowed && !d.allowed)
            {
                return Lending.row(row, d, ctx)
            }
            switch d.rule {
            case "approver.required": return P("须经审批人批准", "An approver must approve this")
            case "approver.unknown": return P("审批人\(a)不在人员名单中", "The approver \(a) is not in the staff list")
            case "approver.role":
                let role = s.staff(named: a).map { Enum.role($0.role) } ?? P("", "")
                return P(
                    "\(a)无审批权限 (\(role.zh)), 只有审批人可以批准",
                    "\(a) cannot approve (\(role.en)): only a person with the approver role can")
            case "state.destroyed": return P("文件已销毁", "The document was destroyed")
            case "state.transferred":
                return d.document == nil
                    ? P("档案袋已移交", "The envelope was already transferred") : P("文件已移交", "The document was transferred")
            case "loan.already-out":
                if !kind.isEmpty, let l = d.document.flatMap({ ctx.env.store.register.openLoan(of: $0) }) {
                    let due = ctx.env.tf.minute(l.due)
                    return P(
                        "\(kind)已借出, 借阅人\(l.loan.borrower), 应还\(due)",
                        "\(kind) is already on loan to \(l.loan.borrower), due \(due)")
                }
                return P("文件已借出", "The document is already on loan")
            case "copy.in-progress":
                let who = d.document.flatMap { ctx.env.store.register.copying($0)?.requester } ?? ""
                if kind.isEmpty { return P("原件正在影印, 尚未归还", "The original is out for a photocopy") }
                return P("\(kind)原件正在影印 (\(who)), 尚未归还", "The original \(kind) is out for a photocopy (\(who))")
            case "form.borrower": return P("须填写借阅人", "The borrower must be named")
            case "form.purpose": return P("须填写用途", "The purpose must be given")
            case "form.requester": return P("须填写申请人", "The requester must be named")
            case "form.documents":
                return d.document != nil
                    ? P("同一文件选了两次", "A document is listed twice") : P("未选择文件", "No document selected")
            case "form.one-envelope": return P("一次只能办理同一档案袋的文件", "One entry covers documents of one envelope")
            case "form.copies": return P("份数须为 1 到 100", "Copies must be 1 to 100")
            case "form.pages": return P("页数须为 1 到 10000", "Pages must be 1 to 10000")
            case "form.note": return P("不完整时须写明缺少什么", "Say what is missing when it is incomplete")
            case "form.disposition": return P("须写明复印件去向", "Say where the copies went")
            case "form.reason": return P("须填写原因", "The reason must be given")
            case "form.recipient": return P("须填写接收人", "The person receiving must be named")
            case "form.organisation": return P("须填写接收部门或单位", "The receiving department or company must be named")
            case "reading.closed":
                return P(
                    "档案室已于\(r.closingHour):00关闭, 不能室内阅览",
                    "The archive room closed at \(r.closingHour):00: no in-room reading now")
            case "secrecy.top-secret":
                if kind.isEmpty { return P("绝密级档案禁止调阅和复制", "Top secret: never lent, read or copied") }
                return P("\(kind)为绝密级, 禁止调阅和复制", "\(kind) is top secret: never lent, read or copied")
            case "secrecy.secret":
                if kind.isEmpty {
                    return P("机密级档案只能在档案室阅览, 不准外借或复制", "Secret: read in the archive room only, never lent or copied")
                }
                return P(
                    "\(kind)为机密级, 只能在档案室阅览, 不准外借或复制",
                    "\(kind) is secret: read in the archive room only, never lent or copied")
            case "original.in-room":
                if kind.isEmpty {
                    return P("原件只供查阅, 不外借; 外借请用复印件", "Originals are consulted in the room, never lent; lend a copy")
                }
                return P(
                    "\(kind)是原件, 只供查阅, 不外借; 外借请用复印件",
                    "\(kind) is an original: consulted in the room, never lent; lend a copy")
            case "id.approval":
                if let m = s.staff(named: a), m.role == .approver, m.title != r.idApproverTitle {
                    let t = m.title.isEmpty ? Enum.role(m.role) : .same(m.title)
                    return P(
                        "身份资料须经\(r.idApproverTitle)批准, \(a)是\(t.zh)",
                        "ID material needs the approval of the \(r.idApproverTitle); \(a) is \(t.en)")
                }
                return P(
                    "身份资料须经\(r.idApproverTitle)书面批准",
                    "ID material needs the written approval of the \(r.idApproverTitle)")
            case "id.same-day":
                return d.allowed
                    ? P("身份资料经\(a)批准, 当天归还", "ID material approved by \(a), back the same day")
                    : P(
                        "身份资料当天必须归还, 请选室内阅览或当日借阅",
                        "ID material must be back the same day: choose in-room reading or a same-day loan")
            case "secrecy.confidential":
                if d.allowed {
                    return P("秘密级档案借阅不超过\(r.confidentialHours)小时", "Confidential: at most \(r.confidentialHours) hours")
                }
                if kind.isEmpty { return P("秘密级档案须经审批方可借阅", "Confidential: lent only with an approver") }
                return P("\(kind)为秘密级, 须经审批方可借阅", "\(kind) is confidential: lent only with an approver")
            case "loan.reading": return P("室内阅览, 闭室前归还", "In-room reading, back by closing time")
            case "loan.same-day": return P("当日借阅, 当天归还", "Same-day loan, back today")
            case "loan.short": return P("短期借阅不超过\(r.shortDays)天", "Short loan, at most \(r.shortDays) days")
            case "loan.long": return P("长期借阅不超过\(r.longDays)天", "Long loan, at most \(r.longDays) days")
            case "renew.returned": return P("已归还, 无需续借", "Already returned")
            case "renew.overdue": return P("已逾期, 须在到期前办理续借", "Overdue: a renewal must be arranged before the due date")
            case "renew.type": return P("只有短期和长期借阅可以续借", "Only short and long loans are renewed")
            case "renew.limit":
                return P("续借次数已达上限 \(r.maxRenewals) 次", "The renewal limit (\(r.maxRenewals)) is reached")
            case "renew.short": return P("续借\(r.shortDays)天", "Renewed for \(r.shortDays) days")
            case "renew.long": return P("续借\(r.longDays)天", "Renewed for \(r.longDays) days")
            case "copy.request": return P("影印申请已登记, 待审批", "Photocopy request registered; an approver must approve it")
            case "copy.stage": return P("该影印不在这一步 (刷新后重试)", "This photocopy is not at this step (look again)")
            case "copy.approved": return P("已批准影印, 原件取出", "Approved: the original is taken out for copying")
            case "copy.refused": return P("已登记不予批准", "Recorded as not approved")
            case "copy.made":
                if case .copyMade(_, let p, let n)? = ctx.write {
                    return P("已登记影印 \(n) 份, 共 \(p) 页", "Recorded: \(n) copies, \(p) pages")
                }
                return P("已登记影印", "Copy recorded")
            case "copy.back":
                if case .copyBack(_, let c, _)? = ctx.write, !c {
                    return P("原件已归还, 不完整", "The original is back, incomplete")
                }
                return P("原件已归还, 完整", "The original is back, complete")
            case "copy.settled": return P("复印件已交代, 登记注销", "Copies accounted for; the entry is cancelled")
            case "destroy.kind":
                return P(
                    "\(kind)不属于可销毁的资料 (只有投诉、沟通、会议记录、满意度调查、品质监控资料可以销毁)",
                    """
                    \(kind) is kept: only complaints, communication and meeting records, surveys and quality \
                    monitoring may be destroyed
                    """
                )
            case "destroy.permanent": return P("\(kind)永久保存, 不得销毁", "\(kind) is kept permanently")
            case "destroy.not-expired":
                let until = doc.map { Registers.keepUntil($0, s) } ?? .same("")
                return P("\(kind)保管期至\(until.zh), 未到期不得销毁", "\(kind) is kept until \(until.en): not yet expired")
            case "destroy.approved":
                if case .destroy(let docs, let ap, _, _)? = ctx.write {
                    return P(
                        "经\(ap)批准, 已销毁 \(docs.count) 份",
                        "\(Common.documents(docs.count).en) destroyed with \(ap)'s approval")
                }
                return P("已销毁", "Destroyed")
            case "transfer.signed":
                if case .transfer(let docs, let envs, let to, let org, _, _)? = ctx.write {
                    let what = envs.isEmpty ? Common.documents(docs.count) : P("整袋", "the whole envelope")
                    return P(
                        "已将\(what.zh)移交给 \(org) \(to)",
                        "\(what.en.prefix(1).uppercased() + what.en.dropFirst()) handed over to \(to), \(org)")
                }
                return P("已移交", "Handed over")
            case "adopt.location":
                return P(
                    "存放位置是手工改的, 请用 dangan envelope edit --move 重新归档",
                    "The file's place was edited by hand: refile it with dangan envelope edit --move")
            case "journal.full": return P("本工作站的日志已满, 请设立新的工作站", "This desk's journal is full: set up a new desk")
            case "undo.done": return P("已撤销", "Undone")
            case "undo.stale":
                return P(
                    "只能撤销本人 10 分钟内办理的最后一笔借出、归还或修改,且之后没有其他变动",
                    "Only your last loan, return or edit of the last 10 minutes, with nothing after it, can be undone")
            case "journal.unreadable":
                return P(
                    "日志中有本登录无法读取的记录,未作任何更改:一个档案文件夹只由一个登录使用",
                    "The journal has an entry this login cannot read: nothing was changed (one login per folder)"
                )
            case "file.hand-edited", "edit.stale", "return.stale", "dispute.open":
                // The model's words carry what only it knows (the fields, the conflict's id): one language of them.
                return Gloss.split(d.message)
            case "role.sales":
                return P(
                    "销售人员只能查看姓名和职务, 不能查阅档案内容或办理档案业务",
                    "Sales staff see names and titles only: no documents, reports or changes")
            case "role.unknown":
                let l = ctx.env.store.login
                return P(
                    "登录名 \(l) 不在人员名单中, 只能查看姓名; 请资料管理员登记 (dangan staff edit 姓名 --login \(l))",
                    """
                    Login \(l) is not in the staff list: names only; ask the archivist (dangan staff edit NAME \
                    --login \(l))
                    """
                )
            case "role.archivist":
                let who =
                    ctx.env.store.operatorMember.map { P("\($0.name)是", "\($0.name) is ") + Enum.role($0.role) }
                    ?? P("", "")
                return P(
                    "只有资料管理员可以办理借阅、归还、立卷、修改和设置; ",
                    "Only the archivist lends, takes back, files and changes the archive; ") + who
            case "role.approver": return P("只有审批人可以批准", "Only a person with the approver role approves")
            case "role.numbers":
                return P("只有资料管理员和审批人可以查看完整的身份证号和电话", "Whole ID numbers and phones are for the archivist and approvers")
            case "role.audit":
                return P("查询记录只供资料管理员和审批人查阅", "The record of who looked is for the archivist and approvers")
            case "staff.exists": return P("人员名单中已有此人", "Already in the staff list")
            case "staff.last-archivist": return P("至少保留一名有登录名的资料管理员", "At least one archivist must keep a login")
            case "approval.own": return P("审批人不能批准本人的申请", "Nobody approves their own request")
            case "approval.split":
                return P("所选文件须由不同的审批人批准, 请分开登记", "The documents need different approvers: lend them separately")
            case "approval.not-needed": return P("无需审批, 可直接借出", "No approval is needed: lend it")
            case "approval.stage": return P("该申请已审批过", "This request was already decided")
            case "approval.approved": return P("已批准, 资料管理员可借出", "Approved: the archivist lends it")
            case "approval.refused": return P("已登记不予批准", "Recorded as not approved")
            case "incident.lost":
                return P("\(kind)已报遗失, 处理前不能借出或影印", "\(kind) is reported lost: resolve the incident first")
            case "incident.open": return P("该文件已有未结的同类报告", "An incident of this kind is already open for the document")
            case "incident.resolved": return P("该事故已处理完毕", "The incident is already resolved")
            case "renew.rule": return P("依据的规则不可续借", "The rule that allowed the loan gives no renewal")
            case "rules.none":
                return P("没有适用的借阅规则, 不能借出 (dangan rules)", "No lending rule applies: not lent (dangan rules)")
            case "staff.login-taken", "approval.exists", "approval.requested", "approval.title",
                "envelope.number-taken", "envelope.barcode-taken",
                "envelope.unit-taken", "ownership.loans-out", "ownership.copy-in-progress":
                // The model's words name what only it knows (the other envelope, the loans out, the request's id).
                return Gloss.split(d.message)
            case "return.not-out": return P("文件未借出", "The document is not on loan")
            case "ownership.closed": return P("该档案袋已结档", "The envelope is already closed")
            default:
                // The registers' rules (T+Registers.swift); a rule this catalogue does not know
                // yet: the model's own words, one language.
                return Registers.rule(d, ctx) ?? Gloss.split(d.message)
            }
        }

        /// Every rule id the catalogue words (a test checks the model has no other).
        public static let known: Set<String> = Set<String>([
            "approver.required", "approver.unknown", "approver.role", "state.destroyed", "state.transferred",
            "loan.already-out", "copy.in-progress",
            "form.borrower", "form.purpose", "form.requester", "form.documents", "form.one-envelope", "form.copies",
            "form.pages", "form.note",
            "form.disposition", "form.reason", "form.recipient", "form.organisation", "reading.closed",
            "secrecy.top-secret", "secrecy.secret",
            "original.in-room", "id.approval", "id.same-day", "secrecy.confidential", "loan.reading", "loan.same-day",
            "loan.short", "loan.long",
            "renew.returned", "renew.overdue", "renew.type", "renew.limit", "renew.short", "renew.long", "copy.request",
            "copy.stage", "copy.approved",
            "copy.refused", "copy.made", "copy.back", "copy.settled", "destroy.kind", "destroy.permanent",
            "destroy.not-expired", "destroy.approved",
            "transfer.signed", "role.sales", "return.not-out", "ownership.closed",
            "adopt.location", "journal.full", "journal.unreadable", "undo.done", "undo.stale", "file.hand-edited",
            "edit.stale", "return.stale",
            "dispute.open",
            // Issue 16 and issue 15 point 6: roles, approvals, incidents, unique envelopes, the matrix.
            "role.unknown", "role.archivist", "role.approver", "role.numbers", "role.audit", "staff.exists",
            "staff.login-taken",
            "staff.last-archivist", "approval.own", "approval.split", "approval.not-needed", "approval.exists",
            "approval.requested",
            "approval.stage", "approval.title", "approval.approved", "approval.refused", "incident.lost",
            "incident.open",
            "incident.resolved", "envelope.number-taken", "envelope.barcode-taken", "envelope.unit-taken",
            "ownership.loans-out",
            "ownership.copy-in-progress", "renew.rule", "rules.none",
            "secrecy.secret.reading", "id.overnight", "group.other", "group.sales", "group.customer", "default",
        ]).union(Registers.ruleIDs)

        /// Rows of the default matrix whose refusal this catalogue words itself (naming the document's kind).
        static let wordedRows: Set<String> = ["secrecy.top-secret", "secrecy.secret", "original.in-room"]

        /// A row of the lending matrix, worded for the screen.
        enum Lending {
            static func row(_ row: LendingRule, _ d: Decision, _ ctx: RuleContext) -> Phrase {
                let words = P(
                    row.words,
                    row.english.isEmpty ? row.words : row.english.prefix(1).uppercased() + row.english.dropFirst())
                if d.allowed || !row.allowed { return words }
                // Allowed with an approval the loan does not have yet.
                let who = row.approvers.joined(separator: "或")
                let whoEn = row.approvers.joined(separator: " or ")
                let a = ctx.approver
                if !a.isEmpty, let m = ctx.env.settings.staff(named: a), m.role == .approver {
                    if row.approval == .system {
                        return words
                            + P(
                                "; 须由\(who)用本人登录在系统中批准, 书面签字不能代替 (借阅时登记申请)",
                                """
                                ; the \(whoEn) must approve in the system from their own login: a typed \
                                signature does not do (register a request)
                                """
                            )
                    }
                    if !row.approvers.contains(m.title) {
                        return words
                            + P("; \(a)是\(m.title.isEmpty ? "审批人" : m.title), 不是\(who)", "; \(a) is not the \(whoEn)")
                    }
                }
                if row.approval == .system {
                    return words
                        + P(
                            "; 须由\(who)在系统中批准: 登记申请, 审批人用本人登录批准 (dangan approve)",
                            """
                            ; the \(whoEn) approves in the system: register a request, approved from their own \
                            login (dangan approve)
                            """
                        )
                }
                return words
                    + P(
                        "; 须经\(who)批准: 填写审批人 (书面签字)",
                        "; the \(whoEn) must approve: type their name (their signature on the form)")
            }
        }
    }

    /// Errors from the archive, worded for the screen.
    public enum Err {
        public static func text(_ e: ErrorText, _ ctx: RuleContext) -> Phrase {
            switch e {
            case .other(let s): return .same(s)
            case .archive(let a):
                switch a {
                case .notAnArchive(let p): return P("不是 dangan 档案库: \(p)", "Not a dangan archive: \(p)")
                case .alreadyExists(let p): return P("已存在: \(p)", "Already exists: \(p)")
                case .io(let p, let m):
                    return P("无法写入 \(p): \(m) — 未做任何更改", "Cannot write \(p): \(m) — nothing was changed")
                case .damaged(let p, _):
                    return P("文件损坏: \(p) (用 dangan check 查看详情)", "Damaged file: \(p) (dangan check tells more)")
                case .unreadable(let p, _):
                    return P("无法读取 \(p): 本登录没有读取权限", "Cannot read \(p): this login may not read it")
                case .invalidField(let f, _): return field(Field.forModelName(f), a)
                case .notFound(let w): return P("未找到: \(w)", "Not found: \(w)")
                case .ambiguous(let w, let c):
                    return P(
                        "\(w) 不唯一: \(c.prefix(8).joined(separator: "、"))",
                        "\(w) is ambiguous: \(c.prefix(8).joined(separator: ", "))")
                case .refused(let rule, let m): return Rule.text(.refuse(rule, m), ctx) + .same(" [\(rule)]")
                case .locked:
                    return P(
                        "档案库正忙 (另一个 dangan 正在写入), 请稍后再试", "The archive is busy (another dangan is writing); try again")
                case .sync(let m): return P("同步未完成: \(m)", "Sync: \(m)")
                }
            }
        }

        /// A field the model's validation refused. In English the model's own words (the same
        /// message the command line and import give); in Chinese its reasons worded here, the
        /// field named by the form's label.
        public static func field(_ label: Phrase, _ e: ArchiveError) -> Phrase {
            guard case .invalidField(_, let reason) = e else { return .same(e.description) }
            return Phrase(chineseReason(label.zh, reason), e.description)
        }

        /// The model's reasons for refusing a field, in Chinese.
        static func chineseReason(_ l: String, _ r: String) -> String {
            func got(_ s: String) -> String {
                s.range(of: "(got ", options: .backwards).map { String(s[$0.upperBound...].dropLast()) } ?? ""
            }
            func first(_ s: String) -> String { String(s.prefix { $0 != " " }) }
            func between(_ s: String, _ a: String, _ b: String) -> String {
                guard let x = s.range(of: a) else { return "" }
                let rest = s[x.upperBound...]
                return String(rest[..<(rest.range(of: b)?.lowerBound ?? rest.endIndex)])
            }
            let phoneHint = "手机号为11位, 以1开头 (13800138000); 座机要带区号 (0755-12345678); 境外号码以 + 开头 (+852 91234567)"
            let otherType = "护照或港澳台通行证请选对应的证件类型"
            if r == "is required" || r == "is empty" { return "请填写\(l)" }
            if r.hasPrefix("is longer than "), let n = Int(r.split(separator: " ")[3]) { return "\(l)不能超过 \(n) 个字" }
            if r.hasPrefix("contains a control or direction character") {
                return "\(l)含有控制字符或方向字符 " + (r.range(of: "(U+").map { String(r[$0.lowerBound...]) } ?? "")
            }
            if r.hasPrefix("must be a date") { return "\(l)须为日期 YYYY-MM-DD, 如 2020-05-01 (输入的是 \(got(r)))" }
            if r.contains(" is in the future (today is ") {
                return "\(l) \(first(r)) 在今天 (\(between(r, "(today is ", ")"))) 之后: 请填写纸面上的日期"
            }
            if r.contains(" is not after the document's date ") {
                return "\(l) \(first(r)) 不晚于文件日期 \(between(r, "document's date ", ":")): 保管期限须晚于文件日期, 或填永久"
            }
            if r.hasPrefix("may hold only letters") { return "\(l)只能包含字母 A–Z、数字、- 和 _ (输入的是 \(got(r)))" }
            if r.hasPrefix("may not start with") { return "\(l)不能以 - 开头" }
            if r.hasPrefix("is required when the file is returned incomplete") { return "文件不完整时须填写\(l)" }
            if r.hasSuffix("is not in the catalogue") { return "\(l) \(first(r)) 不在文件目录中" }
            // Identity numbers (IdentityNumber).
            if r.hasPrefix("is masked") { return "\(l)是遮掩后的号码: 请照证件输入完整号码" }
            if r.contains(" is not a passport number") { return "\(first(r)) 不是护照号码: 护照号为5到20位字母和数字 (E12345678)" }
            if r.contains(" is not a permit number") {
                return "\(first(r)) 不是通行证号码: 港澳通行证为 H 或 M 加8或10位数字 (H12345678), 台湾通行证为8或10位数字"
            }
            if r.contains(" characters: a resident ID number has 18") {
                return
                    "\(first(r)) 有 \(between(r, " has ", " characters")) 位: 居民身份证号为18位 (1999年以前的旧证为15位); \(otherType)"
            }
            if r.contains(" may hold only digits, and X") { return "\(first(r)) 只能是数字, 第18位可为 X; \(otherType)" }
            if r.contains("which is no region code") {
                return "\(first(r)) 的前两位 \(between(r, "starts with ", ",")) 不是身份证的地区码: 请核对前几位"
            }
            if r.contains("which is not a date: check digits") {
                return
                    """
                    \(first(r)) 中的出生日期 \(between(r, "birth date ", ",")) 不是有效日期: \
                    请核对第7到\(r.hasSuffix("14") ? "14" : "12")位
                    """
            }
            if r.contains("which is in the future") {
                return "\(first(r)) 中的出生日期 \(between(r, "birth date ", ",")) 在今天之后"
            }
            if r.contains("check digit (GB 11643)") {
                return
                    """
                    \(first(r)) 末位是 \(between(r, " ends in ", " but")), 按 GB 11643 校验位应为 \
                    \(between(r, "(GB 11643) is ", ":")): 
                    """
                        + "有数字输错, 或电子表格把号码舍入了 — 请照证件重新输入, 在 Excel 中把该列设为文本"
            }
            // Phones (PhoneNumber): "NUMBER what: hint".
            if r.hasSuffix("another country's number starts with + (+852 91234567)") {
                let what = between(r, " ", ": a mobile number")
                let t = first(r)
                let zh: String
                if what.hasPrefix("may hold only digits") {
                    zh = "只能包含数字、空格和 + - ( ) (分机号写在 # 或 转 之后)"
                } else if what == "has more than one extension" {
                    zh = "有不止一个分机号"
                } else if what.hasPrefix("has an extension that is not") {
                    zh = "的分机号不是1到6位数字"
                } else if what == "has + inside" {
                    zh = "中间有 +"
                } else if what.hasPrefix("has no area code") {
                    zh = "没有区号"
                } else if what.hasPrefix("starts with") {
                    zh = "以 \(between(what, "starts with ", ",")) 开头, 不是手机号"
                } else if what.hasSuffix("digits after +") {
                    zh = "+ 之后有 \(between(what, "has ", " digits")) 位数字"
                } else if what.hasPrefix("has ") && what.hasSuffix(" digits") {
                    zh = "有 \(between(what, "has ", " digits")) 位数字"
                } else {
                    zh = "不是电话号码"
                }
                return "\(l) \(t) \(zh): \(phoneHint)"
            }
            return "\(l)填写有误"
        }

        public static func cannotRead(_ e: Phrase) -> Phrase { P("无法读取档案袋: ", "Cannot read the envelope: ") + e }
    }
}

/// The model's messages are "中文 (English gloss)"; this takes the one language, for the rare
/// message the catalogue does not word itself.
public enum Gloss {
    public static func split(_ s: String) -> Phrase {
        guard let open = s.range(of: " (", options: .backwards), s.hasSuffix(")") else { return .same(s) }
        let inner = String(s[open.upperBound..<s.index(before: s.endIndex)])
        let head = String(s[..<open.lowerBound])
        let hasHan = inner.unicodeScalars.contains { $0.value >= 0x3400 && $0.value <= 0x9FFF }
        guard !hasHan, inner.contains(where: { $0.isLetter }) else { return .same(s) }
        return Phrase(head, inner.prefix(1).uppercased() + inner.dropFirst())
    }
    /// The Chinese part of a model's text.
    public static func chinese(_ s: String) -> String { split(s).zh }
}
