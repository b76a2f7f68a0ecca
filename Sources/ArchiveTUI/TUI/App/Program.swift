import ArchiveModel
import Foundation

/// The state, the archive, and the loop that performs effects: a message goes to `update`, the
/// writes it asks for are made through the store's API and their outcomes go back to `update`.
/// The terminal loop (`TUIApp`) and the tests drive the same program.
public final class Program {
    public var state: AppState
    public let env: Env
    /// Set when the update asked for a full redraw (Ctrl-L).
    public var redrawRequested = false

    public init(state: AppState, env: Env) {
        self.state = state
        self.env = env
        self.state.reconcile(env)
    }

    public func send(_ msg: Msg) {
        var queue = [msg]
        while !queue.isEmpty {
            let m = queue.removeFirst()
            for fx in state.update(m, env) {
                switch fx {
                case .write, .saveReport: if let r = EffectRunner.perform(fx, env) { queue.append(r) }
                case .prepareIndex: env.search.prepareInBackground()
                case .redrawAll: redrawRequested = true
                case .quit: state.quit = true
                }
            }
        }
    }

    public func send(_ key: Key) { send(.key(key)) }
    public func type(_ text: String) { for c in text { send(.key(.char(c))) } }

    /// The screen for the state as it is.
    public var screen: ScreenBuffer { Views.render(state, env) }
}

/// Performs a write or a save with the store's public API and says what came of it.
public enum EffectRunner {
    public static func perform(_ fx: Effect, _ env: Env) -> Msg? {
        let store = env.store
        switch fx {
        case .write(let w):
            do { return .done(w, try write(w, store)) } catch { return .done(w, .failed(ErrorText(error))) }
        case .saveReport(let kind, let table, let csv):
            let stamp = store.timeFormat.minute(store.now).replacingOccurrences(of: " ", with: "-")
                .replacingOccurrences(of: ":", with: "")
            let dir =
                ProcessInfo.processInfo.environment["DANGAN_REPORT_DIR"].flatMap { $0.isEmpty ? nil : $0 }
                ?? FileManager.default.currentDirectoryPath
            let path = dir + "/dangan-\(kind.rawValue)-\(stamp).\(csv ? "csv" : "html")"
            do {
                try DurableIO.writeAtomic(path, csv ? Reports.csv(table) : Array(Reports.html(table).utf8))
                return .saved(path: path)
            } catch { return .saveFailed(path: path, ErrorText(error)) }
        default:
            return nil
        }
    }

    static func write(_ w: Write, _ store: ArchiveStore) throws -> Outcome {
        switch w {
        case .borrow(let r):
            let (d, loan) = try store.borrow(r)
            return .decided(d, loan: loan)
        case .returnDocuments(let ids, let complete, let note, let expected):
            return .returned(try store.returnDocuments(ids, complete: complete, note: note, expected: expected))
        case .renew(let id):
            return .decided(try store.renew(loan: id), loan: nil)
        case .undo(let t, let reason):
            return .decided(try store.undo(t, reason: reason), loan: nil)
        case .updateEnvelope(let id, let edit, let base):
            return .envelope(try store.updateEnvelope(id: id, basedOn: base) { edit.apply(to: &$0) })
        case .createEnvelope(let e):
            return .envelope(try store.createEnvelope(e))
        case .addDocument(let env, let d):
            return .document(try store.addDocument(envelope: env, d))
        case .changeOwnership(let env, let owner, let number, let barcode, let moveIn):
            return .envelope(
                try store.changeOwnership(
                    envelope: env, newOwner: owner, number: number, barcode: barcode, moveIn: moveIn))
        case .requestCopy(let docs, let who, let dept, let purpose, let copies):
            let (d, c) = try store.requestCopy(
                documents: docs, requester: who, department: dept, purpose: purpose, copies: copies)
            return .copyRequested(d, c)
        case .approveCopy(let id, let approver, let refuse):
            return .decided(try store.approveCopy(id, approver: approver, refuse: refuse), loan: nil)
        case .copyMade(let id, let pages, let copies):
            return .decided(try store.recordCopyMade(id, pages: pages, copies: copies), loan: nil)
        case .copyBack(let id, let complete, let note):
            return .decided(try store.returnCopyOriginal(id, complete: complete, note: note), loan: nil)
        case .settleCopy(let id, let disposition):
            return .decided(try store.settleCopy(id, disposition: disposition), loan: nil)
        case .destroy(let docs, let approver, let reason, let method):
            let (d, list) = try store.destroy(documents: docs, approver: approver, reason: reason, method: method)
            return .disposed(d, list)
        case .transfer(let docs, let envs, let to, let org, let approver, let reason):
            let (d, list) = try store.transfer(
                documents: docs, envelopes: envs, recipient: to, organisation: org, approver: approver, reason: reason)
            return .disposed(d, list)
        case .inventory(let cabinet):
            return .inventory(try store.checkInventory(cabinet: cabinet))
        case .language(let l):
            try store.updateSettings { $0.language = l.rawValue }
            return .done
        case .intake(let i):
            return .intake(
                try store.recordIntake(
                    from: i.from, department: i.department, receiver: i.receiver, items: i.items,
                    envelopes: i.envelopes, missing: i.missing, note: i.note))
        case .key(let r):
            let (d, _) = try store.recordKey(r)
            return .decided(d, loan: nil)
        case .arrangement(let a):
            return .arrangement(
                try store.recordArrangement(
                    work: a.work, cabinets: a.cabinets, scope: a.scope, findings: a.findings,
                    envelopes: a.envelopes, note: a.note))
        case .customerDetails(let id, let edit, let base):
            return .envelope(try store.updateEnvelope(id: id, basedOn: base) { edit.apply(to: &$0) })
        case .updateDocument(let id, let edit, let base):
            return .document(try store.updateDocument(id, basedOn: base) { edit.apply(to: &$0) })
        case .removeDocument(let id, let reason):
            return .decided(try store.removeDocument(id, reason: reason), loan: nil)
        case .reportIncident(let docs, let kind, let note):
            return .incident(try store.reportIncident(documents: docs, kind: kind, note: note))
        case .resolveIncident(let id, let note):
            return .incident(try store.resolveIncident(id, note: note))
        case .recordAccess(let id):
            try store.recordAccess(.numbers, envelope: id, detail: T.Recorded.editFormAccess)
            return .done
        }
    }
}
