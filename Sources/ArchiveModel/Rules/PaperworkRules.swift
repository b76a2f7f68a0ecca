import Foundation

/// Rules of the photocopy flow, destruction and transfer. Like the lending rules, every
/// decision names the rule that decided it.
public enum PaperworkRules {
    /// A photocopy request: who, why, which documents. 绝密 is never copied; 机密 is read in the
    /// room only, so it is not copied for use outside either.
    public static func decideCopyRequest(
        documents: [Document], requester: String, purpose: String, copies: Int,
        register: Register, tf: TimeFormat
    ) -> Decision {
        if requester.trimmingCharacters(in: .whitespaces).isEmpty {
            return .refuse("form.requester", "须填写申请人 (the requester must be named)")
        }
        if purpose.trimmingCharacters(in: .whitespaces).isEmpty {
            return .refuse("form.purpose", "须填写用途 (the purpose must be given)")
        }
        if documents.isEmpty { return .refuse("form.documents", "未选择文件 (no document selected)") }
        if copies < 1 || copies > 100 { return .refuse("form.copies", "份数须为1到100 (copies must be 1 to 100)") }
        for d in documents {
            if let r = SharedRules.available(d, register: register, tf: tf) { return r }
            if d.secrecy == .topSecret {
                return .refuse("secrecy.top-secret", "绝密级档案禁止调阅和复制 (top secret: never read or copied)", document: d.id)
            }
            if d.secrecy == .secret {
                return .refuse(
                    "secrecy.secret", "机密级档案只能在档案室阅览,不得复制外用 (secret: read in the archive room only, not copied)",
                    document: d.id)
            }
        }
        return Decision.allow("copy.request", "影印申请已登记,待审批 (request registered; an approver must approve it)")
    }

    /// Approval of a copy: by an approver; ID material by the service-centre head.
    public static func decideCopyApproval(
        _ c: CopyRecord, documents: [Document], approver name: String, settings: Settings,
        register: Register, tf: TimeFormat
    ) -> (Decision, StaffMember?) {
        guard c.stage == .requested else {
            return (.refuse("copy.stage", "该影印已\(c.stage.chinese),不能再批准 (this copy is \(c.stage.rawValue))"), nil)
        }
        let (a, refusal) = SharedRules.approver(name, settings: settings, required: true, what: "影印")
        if let refusal { return (refusal, nil) }
        for d in documents {
            if let r = SharedRules.available(d, register: register, tf: tf) { return (r, nil) }
            if settings.kind(named: d.kind)?.idMaterial == true, a?.title != settings.loanRules.idApproverTitle {
                return (
                    .refuse(
                        "id.approval",
                        """
                        身份资料复印须经\(settings.loanRules.idApproverTitle)批准 (ID material is copied only with the \
                        service-centre head's approval)
                        """,
                        document: d.id), nil
                )
            }
        }
        return (Decision.allow("copy.approved", "已批准影印,原件取出 (approved; the original is taken for copying)"), a)
    }

    /// Destruction: only expired material of a destroyable kind, with an approver, and only
    /// documents that are in the envelope.
    public static func decideDestroy(
        _ d: Document, settings: Settings, register: Register, today: String, tf: TimeFormat
    ) -> Decision? {
        if let r = SharedRules.available(d, register: register, tf: tf) { return r }
        guard settings.kind(named: d.kind)?.destroyable == true else {
            return .refuse(
                "destroy.kind", "\(d.kind)不属于可销毁的资料(投诉、沟通、会议、满意度调查、品质监控等) (this kind of document is kept)",
                document: d.id)
        }
        guard let end = settings.retentionEnd(of: d) else {
            if d.retention.isEmpty && settings.retentionYears(for: d.kind) != nil {
                return .refuse(
                    "destroy.no-date",
                    "文件没有日期,无法按类别计算保管期限,请先填写文件日期 (the document has no date to count its retention from)", document: d.id
                )
            }
            return .refuse("destroy.permanent", "该文件永久保存 (kept permanently)", document: d.id)
        }
        if end > today {
            let by = d.retention.isEmpty ? "按类别" : ""
            return .refuse("destroy.not-expired", "保管期\(by)至\(end),未到期不得销毁 (retention runs to \(end))", document: d.id)
        }
        return nil
    }

    /// Transfer: the document must be in the envelope and free.
    public static func decideTransfer(_ d: Document, register: Register, tf: TimeFormat) -> Decision? {
        SharedRules.available(d, register: register, tf: tf)
    }
}
