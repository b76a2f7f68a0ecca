import ArchiveModel
import ArgumentParser
import Foundation

/// Who is at the keyboard: the staff list, the operator, approvals given in the system.

extension Role: ExpressibleByArgument {}
extension IncidentKind: ExpressibleByArgument {}

/// One person as the staff list shows them.
struct StaffJSON: Encodable {
    var name, role, roleChinese, title, department: String
    var logins: [String]
    init(_ m: StaffMember) {
        name = m.name
        role = m.role.rawValue
        roleChinese = m.role.chinese
        title = m.title
        department = m.department
        logins = m.logins
    }
}

/// `dangan whoami`: the login, the person it is mapped to, and the role.
struct WhoAmI: DanganCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami", abstract: "Say who you are to the archive: your login, the person and role it maps to.")
    @OptionGroup var common: CommonOptions

    func execute() throws {
        let store = try common.open(quiet: true)
        let m = store.operatorMember
        if common.json {
            struct R: Encodable {
                var login: String
                var person: StaffJSON?
            }
            Out.json(R(login: store.login, person: m.map(StaffJSON.init)))
            return
        }
        guard let m else {
            Out.line("\(Out.safe(store.login)): 不在人员名单中 (not in the staff list)")
            Out.line(Out.safe(ArchiveStore.unknownLoginMessage(store.login)))
            if store.isUnclaimedOwner {
                Out.line(
                    "这份档案尚未登记任何登录名;作为档案文件夹的所有者,您可以登记: dangan staff edit 姓名 --login \(Out.safe(store.login)) "
                        + "(no login is mapped yet: as the folder's owner you may map yours)")
            }
            return
        }
        let what =
            """
            \(m.role.chinese) \
            \(m.role.rawValue)\(m.title.isEmpty ? "" : ", \(m.title)")\(m.department.isEmpty ? "" : ", \(m.department)")
            """
        Out.line("\(Out.safe(store.login)) → \(Out.safe(m.name)) (\(Out.safe(what)))")
    }
}

/// `dangan staff [add|edit]`: the staff list and its logins; changed by the archivist only.
struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "The staff list: names, roles, titles and the logins people work from.",
        subcommands: [ListStaff.self, Add.self, Edit.self], defaultSubcommand: ListStaff.self)

    /// `dangan staff`.
    struct ListStaff: DanganCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the staff and their logins.")
        @OptionGroup var common: CommonOptions

        func execute() throws {
            let store = try common.open()
            if !store.isUnclaimedOwner { try store.require(.readRegisters) }
            let staff = store.settings.staff
            if common.json { return Out.json(staff.map(StaffJSON.init)) }
            let safe = Out.safe
            for m in staff {
                let logins = m.logins.isEmpty ? "-" : m.logins.map(safe).joined(separator: ",")
                Out.line(
                    """
                    \(safe(m.name))\t\(m.role.rawValue)\t\(m.role.chinese)\t\(safe(m.title))\t\
                    \(safe(m.department))\tlogin \(logins)
                    """
                )
            }
            Out.line("\(staff.count) people; only the archivist changes this list (dangan staff add|edit)")
        }
    }

    /// `dangan staff add NAME --role ROLE [--login LOGIN] [--title T] [--department D]`.
    struct Add: DanganCommand {
        static let configuration = CommandConfiguration(abstract: "Add a person (the archivist only).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Their name.") var name: String
        @Option(help: "archivist, approver, staff or sales.") var role: Role
        @Option(help: "An OS login they work from (repeatable).") var login: [String] = []
        @Option(help: "Their title, e.g. 服务中心负责人 (the lending rules name approvers by title).") var title: String = ""
        @Option(help: "Their department.") var department: String = ""

        func execute() throws {
            let store = try common.open()
            let m = try store.addStaff(
                StaffMember(name: name, role: role, title: title, department: department, logins: login))
            if common.json { return Out.json(StaffJSON(m)) }
            Out.line(
                """
                added \(Out.safe(m.name)) \
                (\(m.role.chinese)\(m.logins.isEmpty ? "" : ", login " + m.logins.map(Out.safe).joined(separator: ","))\
                )
                """
            )
        }
    }

    /// `dangan staff edit NAME [--login L] [--remove-login L] [--role R] [--title T] [--department D]`.
    struct Edit: DanganCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a person's logins, role, title or department (the archivist only).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Their name as in the staff list.") var name: String
        @Option(help: "Add an OS login they work from (repeatable).") var login: [String] = []
        @Option(help: "Remove a login (repeatable).") var removeLogin: [String] = []
        @Option(help: "archivist, approver, staff or sales.") var role: Role?
        @Option var title: String?
        @Option var department: String?

        func validate() throws {
            if login.isEmpty && removeLogin.isEmpty && role == nil && title == nil && department == nil {
                throw ValidationError("say what to change: --login, --remove-login, --role, --title or --department")
            }
        }

        func execute() throws {
            let store = try common.open()
            let m = try store.editStaff(
                name, addLogins: login, removeLogins: removeLogin, role: role, title: title, department: department)
            if common.json { return Out.json(StaffJSON(m)) }
            let logins = m.logins.isEmpty ? "none" : m.logins.map(Out.safe).joined(separator: ",")
            Out.line("saved \(Out.safe(m.name)): \(m.role.chinese) \(Out.safe(m.title)), login \(logins)")
        }
    }
}

/// `dangan approve ID [--refuse REASON]`: an approver approves a loan or photocopy request
/// from their own login (recorded as given in the system).
struct Approve: DanganCommand {
    static let configuration = CommandConfiguration(
        abstract: "Approve (or decline) a loan request or a photocopy request from your own login (approvers only).")
    @OptionGroup var common: CommonOptions
    @Argument(help: "The request: apr-… (a loan) or cpy-… (a photocopy), or a unique prefix of 6+ characters.")
    var request: String
    @Option(help: "Decline it, with the reason.") var refuse: String?

    func execute() throws {
        let store = try common.open()
        let d = try store.approve(request, refuse: refuse)
        try printDecision(d, json: common.json, store: store, done: refuse == nil ? "批准 approved" : "不予批准 declined")
    }
}

/// `dangan approvals [--all]`: loan requests waiting for an approver (and, with --all, decided ones).
struct Approvals: DanganCommand {
    static let configuration = CommandConfiguration(
        abstract: "Loan and photocopy requests waiting for approval (--all: every request).")
    @OptionGroup var common: CommonOptions
    @Flag(help: "Decided and used ones too.") var all = false

    func execute() throws {
        let store = try common.open()
        try store.require(.readRegisters)
        let tf = store.timeFormat
        let loans = store.register.approvals.filter {
            all || $0.isPending || ($0.stage == .approved && $0.usedBy == nil)
        }
        let copies = store.register.copies.filter { $0.stage == .requested }
        if common.json {
            struct R: Encodable {
                var id, kind, stage, envelope, room, borrower, purpose, requested: String
                var type: String?
                var documents: [String]
                var approvers: [String]
                var approver: String?
                var loan: String?
            }
            Out.json(
                loans.map {
                    R(
                        id: $0.id, kind: "loan", stage: $0.usedBy != nil ? "used" : $0.stage.rawValue,
                        envelope: $0.envelope,
                        room: store.summary(id: $0.envelope)?.roomCode ?? "", borrower: $0.borrower,
                        purpose: $0.purpose,
                        requested: tf.iso($0.requestedAt), type: $0.type.rawValue, documents: $0.documents,
                        approvers: $0.titles,
                        approver: $0.approver, loan: $0.usedBy)
                }
                    + copies.map {
                        R(
                            id: $0.id, kind: "copy", stage: $0.stage.rawValue, envelope: $0.envelope,
                            room: store.summary(id: $0.envelope)?.roomCode ?? "",
                            borrower: $0.requester, purpose: $0.purpose, requested: tf.iso($0.requestedAt),
                            documents: $0.documents, approvers: [])
                    })
            return
        }
        let safe = Out.safe
        for a in loans {
            let stage =
                a.usedBy != nil
                ? "已借出 \(a.usedBy!)"
                : a.isPending ? "待审批" : a.stage == .approved ? "已批准 \(safe(a.approver ?? ""))" : "不予批准"
            let room = store.summary(id: a.envelope)?.roomCode ?? "?"
            Out.line(
                "\(a.id)\t借阅\t\(stage)\t\(safe(room))\t\(a.documents.count)份\t\(safe(a.borrower))\t\(safe(a.purpose))\t"
                    + "\(a.type.chinese)\t审批: \(a.titles.map(safe).joined(separator: "或"))\t\(tf.minute(a.requestedAt))"
            )
        }
        for c in copies {
            let room = store.summary(id: c.envelope)?.roomCode ?? "?"
            Out.line(
                """
                \(c.id)\t影印\t待审批\t\(safe(room))\t\(c.documents.count)份\t\(safe(c.requester))\t\(safe(c.purpose))\
                \t\(tf.minute(c.requestedAt))
                """
            )
        }
        Out.line(
            """
            \(loans.filter { $0.isPending }.count + copies.count) waiting; an approver runs dangan approve ID \
            from their own login
            """
        )
    }
}
