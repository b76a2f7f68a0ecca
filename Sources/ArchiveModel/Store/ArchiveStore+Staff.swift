import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension ArchiveStore {
    /// The person at the keyboard: the staff member whose logins hold this process's login.
    public var operatorMember: StaffMember? {
        if let a = actingAs { return settings.staff(named: a) }
        return settings.person(login: login)
    }

    /// The operator's name as the journal records it: the person's name, or the bare login of
    /// someone not in the staff list.
    public var operatorName: String {
        get { actingAs ?? operatorMember?.name ?? login }
        set { actingAs = newValue }
    }

    /// The operator's role; nil for a login the staff list does not know (who then sees names only).
    public var operatorRole: Role? { operatorMember?.role }

    /// True when the archive maps no login yet (made before logins, or the first run's copy of
    /// the sample) and this process's user owns the archive's folder: that user may map logins.
    public var isUnclaimedOwner: Bool {
        guard !settings.staff.contains(where: { !$0.logins.isEmpty }) else { return false }
        var st = stat()
        return stat(root, &st) == 0 && st.st_uid == geteuid()
    }

    /// True when the operator may do `p` (an unclaimed archive's owner may also manage the staff list).
    public func may(_ p: Permission) -> Bool {
        if p == .manageStaff && isUnclaimedOwner { return true }
        guard let r = operatorRole else { return false }
        switch p {
        case .readFiles, .readRegisters: return r != .sales
        case .revealNumbers: return r == .archivist || r == .approver
        case .work, .manageStaff: return r == .archivist
        case .approve: return r == .approver
        }
    }

    /// The refusal for an operator who may not do `p`, naming the rule and saying what to do.
    public func refusal(_ p: Permission) -> ArchiveError {
        guard let m = operatorMember else {
            return .refused(rule: "role.unknown", message: ArchiveStore.unknownLoginMessage(login))
        }
        if m.role == .sales {
            return .refused(
                rule: "role.sales",
                message: "销售人员只能查看公司名称、姓名和职务,不能查阅档案内容、登记表或设置 (sales staff see names and titles only)")
        }
        let who = "\(m.name)是\(m.role.chinese)"
        switch p {
        case .approve:
            return .refused(
                rule: "role.approver", message: "只有审批人可以批准,\(who) (only a person with the approver role approves)")
        case .revealNumbers:
            return .refused(
                rule: "role.numbers",
                message:
                    "只有资料管理员和审批人可以查看完整的身份证号和电话,\(who) (whole ID numbers and phones are for the archivist and approvers)"
            )
        case .manageStaff:
            return .refused(
                rule: "role.archivist", message: "只有资料管理员可以修改人员名单和角色,\(who) (only the archivist changes the staff list)"
            )
        default:
            return .refused(
                rule: "role.archivist",
                message:
                    """
                    只有资料管理员可以办理借阅、归还、立卷、修改和设置,\(who) (only the archivist works the archive; \(m.name) is \
                    \(m.role.rawValue))
                    """
            )
        }
    }

    /// Throws ``refusal(_:)`` unless the operator may do `p`.
    public func require(_ p: Permission) throws { if !may(p) { throw refusal(p) } }

    /// What someone whose login is not in the staff list is told.
    public static func unknownLoginMessage(_ login: String) -> String {
        "登录名 \(login) 不在人员名单中,只能查看业主姓名和房号;请资料管理员登记:dangan staff edit 您的姓名 --login \(login) "
            + """
            (login \(login) is not in the staff list: you see names only; ask the archivist to run dangan staff \
            edit YOUR-NAME --login \(login))
            """
    }

    // MARK: Changing the staff list

    /// Adds a person to the staff list (the archivist only).
    @discardableResult
    public func addStaff(_ m: StaffMember) throws -> StaffMember {
        let clean = try ArchiveStore.validated(m)
        try changeStaff { staff in
            if staff.contains(where: { $0.name == clean.name }) {
                throw ArchiveError.refused(
                    rule: "staff.exists",
                    message: "人员名单中已有\(clean.name) (already in the staff list: use dangan staff edit)")
            }
            staff.append(clean)
        }
        return settings.staff(named: clean.name) ?? clean
    }

    /// Changes a person's logins, role, title or department (the archivist only).
    @discardableResult
    public func editStaff(
        _ name: String, addLogins: [String] = [], removeLogins: [String] = [], role: Role? = nil,
        title: String? = nil, department: String? = nil
    ) throws -> StaffMember {
        let adds = try addLogins.map(ArchiveStore.validLogin)
        let t = try title.map { try Validate.text($0, field: "title", max: 100) }
        let dep = try department.map { try Validate.text($0, field: "department", max: 100) }
        try changeStaff { staff in
            guard let i = staff.firstIndex(where: { $0.name == name }) else {
                throw ArchiveError.notFound(
                    what:
                        """
                        \(Sanitize.visible(name)) in the staff list (dangan staff lists it; dangan staff add \
                        adds a person)
                        """
                )
            }
            for l in removeLogins where !staff[i].logins.contains(l) {
                throw ArchiveError.notFound(
                    what:
                        """
                        login \(Sanitize.visible(l)) of \(name) (\(name) has \
                        \(staff[i].logins.joined(separator: ", ")))
                        """
                )
            }
            staff[i].logins.removeAll { removeLogins.contains($0) }
            for l in adds where !staff[i].logins.contains(l) { staff[i].logins.append(l) }
            if let role { staff[i].role = role }
            if let t { staff[i].title = t }
            if let dep { staff[i].department = dep }
        }
        return settings.staff(named: name)!
    }

    /// The first run's copy of the sample: the login that made it becomes the archive's
    /// archivist, so that a new user can try everything at once. Nothing is done when the
    /// archive already maps logins or belongs to someone else.
    @discardableResult
    public func claimAsFirstArchivist() throws -> StaffMember? {
        guard isUnclaimedOwner, let a = settings.staff.first(where: { $0.role == .archivist }) else { return nil }
        return try editStaff(a.name, addLogins: [login])
    }

    /// Writes a change of the staff list through the settings (one journal entry), guarded:
    /// only the archivist, or the owner of an archive that maps no login yet.
    func changeStaff(_ body: (inout [StaffMember]) throws -> Void) throws {
        try mutate(requires: nil) {
            try require(.manageStaff)
            var next = settings.staff
            try body(&next)
            try ArchiveStore.checkStaffList(next)
            try updateSettings { $0.staff = next }
        }
    }

    static func validated(_ m: StaffMember) throws -> StaffMember {
        var c = m
        c.name = try Validate.text(m.name, field: "name", max: 100, required: true)
        c.title = try Validate.text(m.title, field: "title", max: 100)
        c.department = try Validate.text(m.department, field: "department", max: 100)
        c.logins = try m.logins.map(validLogin)
        return c
    }

    /// A login as the system writes it: 1–64 visible ASCII characters, no spaces, ':' or '/'.
    static func validLogin(_ l: String) throws -> String {
        guard (1...64).contains(l.utf8.count),
            l.allSatisfy({
                $0.isASCII && !$0.isWhitespace && $0 != ":" && $0 != "/" && ($0.asciiValue ?? 0) >= 0x21
                    && $0 != "\u{7F}"
            })
        else {
            throw ArchiveError.invalidField(
                field: "--login",
                reason:
                    "\(Sanitize.visible(l)) is not a login (1–64 letters, digits or . _ - @, as the system writes it)")
        }
        return l
    }

    /// A staff list that can be saved: names unique, each login one person's, and an archivist
    /// who can still log in once any login is mapped (nobody locks the archivist out).
    static func checkStaffList(_ staff: [StaffMember]) throws {
        var names = Set<String>()
        var owner: [String: String] = [:]
        for m in staff {
            guard names.insert(m.name).inserted else {
                throw ArchiveError.invalidField(field: "name", reason: "\(m.name) appears twice in the staff list")
            }
            for l in m.logins {
                if let other = owner[l], other != m.name {
                    throw ArchiveError.refused(
                        rule: "staff.login-taken",
                        message:
                            """
                            登录名 \(l) 已属于\(other),先从\(other)处去掉 (dangan staff edit \(other) --remove-login \(l)) \
                            (login \(l) belongs to \(other))
                            """
                    )
                }
                owner[l] = m.name
            }
        }
        let anyLogin = staff.contains { !$0.logins.isEmpty }
        if anyLogin && !staff.contains(where: { $0.role == .archivist && !$0.logins.isEmpty }) {
            throw ArchiveError.refused(
                rule: "staff.last-archivist",
                message:
                    """
                    至少保留一名有登录名的资料管理员 (at least one archivist must keep a login, or nobody could change the \
                    staff list again)
                    """
            )
        }
    }

    /// A new archive's settings: the login that creates it is mapped to its archivist (the
    /// first archivist of the list, or a new one named `archivist`, default the login).
    static func withCreator(_ settings: Settings, login: String, archivist: String?) -> Settings {
        var s = settings
        guard !s.staff.contains(where: { $0.logins.contains(login) }) else { return s }
        if let name = archivist, let i = s.staff.firstIndex(where: { $0.name == name && $0.role == .archivist }) {
            s.staff[i].logins.append(login)
        } else if archivist == nil, let i = s.staff.firstIndex(where: { $0.role == .archivist }) {
            s.staff[i].logins.append(login)
        } else {
            s.staff.insert(
                StaffMember(name: archivist ?? login, role: .archivist, title: "资料管理员", logins: [login]), at: 0)
        }
        return s
    }

    /// Who may change which part of the settings: the staff list the archivist (or the owner
    /// of an unclaimed archive, see `changeStaff`); the language anyone in the staff list (it
    /// is a display preference); everything else the archivist. Called by `updateSettings`
    /// with the paths that change.
    func requireSettingsChange(_ paths: [String]) throws {
        let staffPaths = paths.filter { $0.hasPrefix("settings/staff") }
        if !staffPaths.isEmpty { try require(.manageStaff) }
        let rest = paths.filter { !$0.hasPrefix("settings/staff") }
        if rest.isEmpty { return }
        if rest.allSatisfy({ $0 == "settings/language" }) {
            if operatorMember == nil { throw refusal(.readFiles) }
            return
        }
        try require(.work)
    }
}
