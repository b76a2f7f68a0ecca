import ArchiveModel
import Foundation

/// Keys on a form, and what comes back from the writes forms ask for.
extension AppState {
    mutating func formKey(_ k: Key, _ f: inout any FormModel, _ env: Env) -> [Effect] {
        let r = f.handle(k, env)
        switch r {
        case .stay:
            mode = .form(f)
        case .cancel:
            if f.chrome.dirty { status = Status(T.Form.discarded) }
            closeForm(f.chrome.back, env)
        case .submit(let s):
            switch s {
            case .invalid(let p):
                f.chrome.note = Note(p, .error)
                mode = .form(f)
            case .confirm(let lines, let w):
                f.chrome.confirming = Confirmation(lines: lines, write: w)
                f.chrome.popup = nil
                mode = .form(f)
            case .write(let w):
                mode = .form(f)
                return [.write(w)]
            case .filter(let flt):
                filter = flt
                self[.envelopes].cursor.selected = 0
                refreshEnvelopes(env, keep: selectedEnvelope(env)?.id)
                mode = .browse
            }
        }
        return []
    }

    mutating func closeForm(_ back: Back, _ env: Env) {
        switch back {
        case .browse: mode = .browse
        case .loans(let d):
            mode = .loans(d)
            openLoans(env, keep: d.cursor.selected)
        case .copies(let l):
            mode = .copies(l)
            openCopies(env)
        }
    }

    /// The context rule and error messages are worded from: the documents and the names the
    /// write was about.
    func context(_ w: Write, _ env: Env) -> RuleContext {
        var docs: [Document] = []
        var approver = ""
        if case .form(let f) = mode { docs = f.subjectDocuments }
        if docs.isEmpty { docs = allDocuments(env) }
        switch w {
        case .borrow(let r): approver = r.approver ?? ""
        case .approveCopy(_, let a, _), .destroy(_, let a, _, _): approver = a
        case .removeDocument(let id, _): if let d = try? env.store.document(ref: id).1 { docs = [d] }
        case .transfer(_, _, _, _, let a, _): approver = a ?? ""
        default: break
        }
        return RuleContext(env: env, documents: docs, approver: approver, write: w)
    }

    /// A write was performed: close the form and say what was done, or keep the form open
    /// with the refusal or the error.
    mutating func finished(_ w: Write, _ o: Outcome, _ env: Env) -> [Effect] {
        // The viewing was recorded: the edit form opens with whole numbers; if it could not
        // be recorded, it opens with them masked and says why.
        if case .recordAccess(let id) = w {
            guard let e = current, e.id == id else { return [] }
            if case .failed(let err) = o { status = Status(T.Err.text(err, RuleContext(env: env)), .error) }
            if case .failed = o {
                open(EnvelopeForm(editing: e, reveal: false), env)
            } else {
                open(EnvelopeForm(editing: e, reveal: true), env)
            }
            return []
        }
        let ctx = context(w, env)
        var refusal: Phrase? = nil
        switch o {
        case .decided(let d, _), .copyRequested(let d, _), .disposed(let d, _):
            if !d.allowed { refusal = T.Rule.text(d, ctx) + .same(" [\(d.rule)]") }
        case .failed(let e):
            refusal = T.Err.text(e, ctx)
        default: break
        }
        if let refusal {
            if case .form(var f) = mode {
                f.chrome.note = Note(refusal, .error)
                mode = .form(f)
            } else {
                status = Status(refusal, .error)
                if case .loans = mode { openLoans(env, keep: nil) }
            }
            return []
        }
        var back: Back = .browse
        if case .form(let f) = mode { back = f.chrome.back }
        let tf = env.tf
        var message: Phrase? = nil
        switch (w, o) {
        case (.borrow(let r), .decided(_, let loan?)):
            message =
                T.Status.lent(loan.documents.count, Sanitize.visible(r.borrower), tf.minute(loan.due))
                + T.Incident.slipHint
            lastLoan = loan.id
            marked = []
        case (.returnDocuments(_, let complete, _, _), .returned(let rs)):
            message =
                T.Status.returned(rs.reduce(0) { $0 + $1.documents.count }, complete)
                + (complete ? .same("") : T.Incident.openedByReturn)
            marked = []
        case (.reportIncident(_, let kind, _), .incident(let i)):
            message = T.Incident.reported(kind, i.id)
        case (.resolveIncident, .incident(let i)):
            message = T.Incident.resolved(i.id)
        case (.renew, .decided(let d, _)):
            message = T.Status.renewed(d.due.map { tf.minute($0) } ?? "")
        case (.updateEnvelope, _):
            message = T.Status.saved
        case (.createEnvelope, .envelope(let e)):
            message = T.Status.created(Sanitize.visible(e.number))
            if let i = env.store.index(ofEnvelope: e.id) {
                mode = .browse
                jump(toStoreIndex: i, env)
            }
        case (.changeOwnership(_, let owner, _, _, _), .envelope(let e)):
            message = T.Status.ownerChanged(Sanitize.visible(owner), Sanitize.visible(e.number))
            if let i = env.store.index(ofEnvelope: e.id) {
                mode = .browse
                jump(toStoreIndex: i, env)
            }
        case (.addDocument, .document(let d)):
            message = T.Status.documentAdded(d.kind)
        case (.updateDocument, .document(let d)):
            message = T.Registers.docSaved(d.kind, T.Registers.keepUntil(d, env.settings))
        case (.customerDetails, _):
            message = T.Registers.customerSaved
        case (.intake, .intake(let r)):
            message = r.accepted ? T.Registers.intakeReceived(r.items.count) : T.Registers.intakeRefused(r.missing)
        case (.arrangement, .arrangement(let a)):
            message = T.Registers.arrangementRecorded(a.work, a.id)
        case (.requestCopy, .copyRequested):
            message = T.Status.copyRequested
        case (.transfer, .disposed(let d, let list)):
            message = T.Rule.text(d, ctx) + T.Status.transferHint(list.first?.batch ?? "")
            marked = []
        case (_, .decided(let d, _)), (_, .disposed(let d, _)):
            message = T.Rule.text(d, ctx)
            marked = []
        case (.inventory, .inventory):
            mode = .browse
            showReport(.inventory, env)
            return []
        case (.language(let l), _):
            lang = l
            if case .report(var r) = mode {
                r.lines = ReportLayout.lines(r.table, kind: r.kind, lang: l)
                r.lang = l
                mode = .report(r)
            }
            status = Status(T.Status.language)
            return []
        default:
            message = T.Status.done
        }
        if case .form = mode {
            closeForm(back, env)
        } else if case .loans(let d) = mode {
            openLoans(env, keep: d.cursor.selected)
        }
        if let message { status = Status(message, .ok) }
        return []
    }
}
