import ArchiveModel
import Foundation

/// A text field in a form.
public struct Field: Sendable {
    public var label: String
    public var value: String
    public var required: Bool
    /// Choices cycle with ← → or space; empty for free text.
    public var choices: [String] = []
    public var choiceLabels: [String] = []
}

public struct FormState: Sendable {
    public enum Kind: Sendable, Equatable {
        case borrow, returning
        /// Edit an envelope (its id) or file a new one (nil).
        case envelope(String?)
        case document, copyRequest
        /// The next step of a photocopy (its id).
        case copyStep(String)
        case destroy
        /// Transfer: the whole envelope (true) or the selected documents.
        case transfer(Bool)
        // The registers (Registers+UI.swift): a hand-over received, a key event, an arrangement
        // session, an envelope's customer details, a document edited or removed (their ids).
        case intake, key, arrangement
        case customer(String), documentEdit(String), documentRemove(String)
    }
    public var kind: Kind
    public var title: String
    public var fields: [Field]
    public var focus = 0
    public var documents: [String]
    public var message: String = ""
    public var messageIsError = false
    public var confirmDiscard = false
    /// Asking "y to confirm" before a change that cannot be undone (destruction); `confirmed`
    /// once the archivist said yes.
    public var confirmSubmit = false
    public var confirmed = false
    /// The document the form was opened on (document edit): what another change is compared with.
    public var baseDocument: Document? = nil
    public var isDirty: Bool { fields.contains { !$0.value.isEmpty && $0.choices.isEmpty } }
}

public struct SearchState: Sendable {
    public var query: String = ""
    public var results: SearchResults = SearchResults(hits: [], total: 0)
    public var selected = 0
    /// Where the panes were, to go back on Esc.
    public var saved: (Int, Int, Int, Int)
}

public struct LoansState: Sendable {
    public var rows: [LoanRecord] = []
    public var selected = 0
    public var top = 0
}

public enum Mode: Sendable {
    case normal, search(SearchState), form(FormState), loans(LoansState), help
    case copies(ListState), menu(ListState), report(ReportViewState)
}

/// All UI state and key handling; no drawing and no terminal here.
public final class AppState: @unchecked Sendable {
    public let store: ArchiveStore
    public let search: SearchEngine
    public var s: Strings
    public var focus = 0            // 0 cabinets, 1 envelopes, 2 documents
    public var cabinet = 0
    public var envelope = 0         // index within the cabinet's slice
    public var document = 0
    public var tops = [0, 0, 0]     // scroll offsets per pane
    public var marked = Set<String>()
    public var mode: Mode = .normal
    public var message = ""
    public var messageIsError = false
    public var quit = false
    public var width = 80, height = 24
    /// The envelope shown in the documents pane, read from its file.
    public private(set) var current: Envelope? = nil
    public private(set) var currentError: String? = nil
    var currentID: String? = nil
    var seenGeneration = -1
    var envelopeSlice: ArraySlice<EnvelopeSummary> = []

    public init(store: ArchiveStore, strings: Strings) {
        self.store = store
        self.search = SearchEngine(store: store)
        self.s = strings
        reload()
    }

    // MARK: Data for the views

    public var cabinets: [Cabinet] { store.cabinets }
    public var envelopes: ArraySlice<EnvelopeSummary> { envelopeSlice }
    /// Sales staff see names only: no documents.
    public var limited: Bool { Mask.limitedView(store) }
    public var documents: [Document] { limited ? [] : current?.documents ?? [] }
    public var selectedEnvelope: EnvelopeSummary? {
        envelope < envelopeSlice.count ? envelopeSlice[envelopeSlice.startIndex + envelope] : nil
    }
    public var selectedDocument: Document? { document < documents.count ? documents[document] : nil }

    /// Overdue loans for the title line: counted again when the register changes or a minute
    /// passes, not every frame (the register can hold thousands of loans).
    public func overdueCount(at now: Date) -> Int {
        let minute = Int(now.timeIntervalSince1970 / 60)
        if let c = overdueCache, c.generation == store.generation, c.minute == minute { return c.count }
        let n = store.register.overdue(at: now).count
        overdueCache = (store.generation, minute, n)
        return n
    }
    var overdueCache: (generation: Int, minute: Int, count: Int)? = nil

    /// Re-reads what may have changed (own writes, another dangan's writes).
    public func reload() {
        if store.generation != seenGeneration {
            seenGeneration = store.generation
            let id = selectedEnvelope?.id
            cabinet = min(cabinet, max(0, cabinets.count - 1))
            envelopeSlice = cabinets.isEmpty ? [] : store.envelopes(inCabinet: cabinets[cabinet].code)
            if let id, let i = envelopeSlice.firstIndex(where: { $0.id == id }) { envelope = i - envelopeSlice.startIndex }
            envelope = min(envelope, max(0, envelopeSlice.count - 1))
            currentID = nil
        }
        loadCurrent()
    }

    func loadCurrent() {
        let id = selectedEnvelope?.id
        if id == currentID && current != nil { return }
        currentID = id
        current = nil; currentError = nil
        guard let id else { return }
        do { current = try store.envelopeRefreshing(id: id, at: envelopeSlice.startIndex + envelope) }
        catch { currentError = "\(error)" }
        document = min(document, max(0, documents.count - 1))
    }

    /// Looks at the journal for other processes' changes; called before every action.
    public func refreshFromDisk() {
        store.refreshJournal()
        reload()
    }

    func selectCabinet(_ i: Int) {
        guard !cabinets.isEmpty else { return }
        let n = max(0, min(cabinets.count - 1, i))
        if n != cabinet { cabinet = n; envelope = 0; document = 0; tops[1] = 0; tops[2] = 0; marked = [] }
        envelopeSlice = store.envelopes(inCabinet: cabinets[cabinet].code)
        loadCurrent()
    }

    func selectEnvelope(_ i: Int) {
        let n = max(0, min(envelopeSlice.count - 1, i))
        if n != envelope { envelope = n; document = 0; tops[2] = 0; marked = [] }
        loadCurrent()
    }

    /// Jumps the panes to an envelope (by index in the store), optionally a document.
    public func jump(toStoreIndex i: Int, document docID: String? = nil) {
        guard i < store.envelopes.count else { return }
        let e = store.envelopes[i]
        if let c = cabinets.firstIndex(where: { $0.code == e.cabinet }) { selectCabinet(c) }
        if let k = envelopeSlice.firstIndex(where: { $0.id == e.id }) { selectEnvelope(k - envelopeSlice.startIndex) }
        focus = 1
        if let docID, let d = documents.firstIndex(where: { $0.id == docID }) { document = d; focus = 2 }
    }

    var paneCount: Int { [cabinets.count, envelopeSlice.count, documents.count][focus] }
    var paneRows: Int { max(1, Layout(width: width, height: height).paneHeight - 1) }

    func move(_ delta: Int) {
        switch focus {
        case 0: selectCabinet(cabinet + delta)
        case 1: selectEnvelope(envelope + delta)
        default: document = max(0, min(documents.count - 1, document + delta))
        }
    }

    func moveTo(_ i: Int) {
        switch focus {
        case 0: selectCabinet(i)
        case 1: selectEnvelope(i)
        default: document = max(0, min(documents.count - 1, i))
        }
    }

    var selection: Int { [cabinet, envelope, document][focus] }

    // MARK: Keys

    public func handle(_ key: Key) {
        if key == .resize { return }
        switch mode {
        case .normal: normalKey(key)
        case .search(var st): searchKey(key, &st)
        case .form(var f): formKey(key, &f)
        case .loans(var l): loansKey(key, &l)
        case .help: mode = .normal
        case .copies(var l): copiesKey(key, &l)
        case .menu(var l): menuKey(key, &l)
        case .report(var r): reportKey(key, &r)
        }
    }

    /// Keys that arrived together. Four or more characters ended by Enter within a few ms are a
    /// barcode scan: jump to that envelope. Anything else is handled key by key.
    public func handleBurst(_ keys: [Key]) {
        var code = ""
        for k in keys.dropLast() { if case .char(let c) = k { code.append(c) } }
        if keys.count >= 5, keys.last == .enter, code.count == keys.count - 1 {
            refreshFromDisk()
            if let id = try? store.resolveEnvelope(code), let i = store.index(ofEnvelope: id) {
                jump(toStoreIndex: i)
                message = s.t("扫码: ", "Scanned: ") + Sanitize.visible(code)
            } else {
                message = s.t("条码未找到: ", "No envelope with barcode ") + Sanitize.visible(code)
                messageIsError = true
            }
            return
        }
        for k in keys { handle(k) }
    }

    func normalKey(_ key: Key) {
        message = ""; messageIsError = false
        refreshFromDisk()
        switch key {
        case .up, .char("k"): move(-1)
        case .down, .char("j"): move(1)
        case .left, .char("h"): focus = max(0, focus - 1)
        case .right, .char("l"), .enter:
            if focus < 2 { focus += 1 }
        case .tab: focus = (focus + 1) % 3
        case .backTab: focus = (focus + 2) % 3
        case .home, .char("g"): moveTo(0)
        case .end, .char("G"): moveTo(paneCount - 1)
        case .pageUp, .ctrl("b"): move(-paneRows)
        case .pageDown, .ctrl("f"): move(paneRows)
        case .wheelUp: move(-3)
        case .wheelDown: move(3)
        case .char("q"): quit = true
        case .char("?"): mode = .help
        case .char("/"):
            mode = .search(SearchState(saved: (cabinet, envelope, document, focus)))
        case .char(" "):
            if focus == 2, let d = selectedDocument {
                if marked.contains(d.id) { marked.remove(d.id) } else { marked.insert(d.id) }
                move(1)
            }
        case .char("b"): openBorrow()
        case .char("r"): openReturn()
        case .char("L"): openLoans()
        case .char("e"): openEnvelopeForm(new: false)
        case .char("n"): openEnvelopeForm(new: true)
        case .char("a"): openDocumentForm()
        case .char("c"): openCopyRequest()
        case .char("C"): openCopies()
        case .char("D"): openDestroy()
        case .char("X"): openTransfer()
        case .char("R"): openReportsMenu()
        case .char("I"): runInventory()
        case .char("i"): openIntake()
        case .char("K"): openKeyForm()
        case .char("A"): openArrangement()
        case .char("p"): openCustomerDetails()
        case .char("E"): openDocumentEdit()
        case .char("x"), .delete: openDocumentRemove()
        case .char("T"):
            // Switch the UI language and keep the choice in the archive's settings.
            let next = s.zh ? "en" : "zh"
            do {
                try store.updateSettings { $0.language = next }
                s = Strings(zh: next == "zh")
                message = s.t("界面语言: 中文 (已保存到设置)", "Language: English (saved in the settings)")
            } catch { message = "\(error)"; messageIsError = true }
        case .click(let x, let y): click(x: x, y: y)
        default: break
        }
    }

    func click(x: Int, y: Int) {
        let lay = Layout(width: width, height: height)
        for (pane, rect) in lay.panes(focus: focus) where x >= rect.x && x < rect.x + rect.w && y > rect.y && y < rect.y + rect.h {
            focus = pane
            moveTo(tops[pane] + (y - rect.y - 1))
        }
    }

    // MARK: Search

    func searchKey(_ key: Key, _ st: inout SearchState) {
        switch key {
        case .esc:
            let (c, e, d, f) = st.saved
            selectCabinet(c); selectEnvelope(e); document = d; focus = f
            mode = .normal
            return
        case .enter:
            if st.selected < st.results.hits.count {
                jump(toStoreIndex: st.results.hits[st.selected].index)
                mode = .normal
                return
            }
        case .up, .ctrl("p"): st.selected = max(0, st.selected - 1)
        case .down, .ctrl("n"): st.selected = min(max(0, st.results.hits.count - 1), st.selected + 1)
        case .backspace:
            if !st.query.isEmpty { st.query.removeLast(); runSearch(&st) }
        case .char(let c):
            st.query.append(c); runSearch(&st)
        default: break
        }
        mode = .search(st)
    }

    func runSearch(_ st: inout SearchState) {
        st.results = search.search(st.query, limit: SearchEngine.pageSize)
        st.selected = 0
    }

    // MARK: Borrow and return

    func targetDocuments() -> [Document] {
        let docs = documents.filter { marked.contains($0.id) }
        if !docs.isEmpty { return docs }
        return selectedDocument.map { [$0] } ?? []
    }

    public static let loanTypes: [LoanType] = [.short, .long, .sameDay, .reading]

    func openBorrow() {
        guard focus == 2 || !marked.isEmpty else { message = s.t("请先在文件栏选择要借出的文件 (→ 进入文件栏)", "Select a document first (→ to the documents pane)"); return }
        let docs = targetDocuments()
        guard !docs.isEmpty else { message = s.t("没有可借出的文件", "No document selected"); return }
        let f = FormState(kind: .borrow, title: s.t("借阅登记", "Check out") + " — \(docs.count) " + s.t("份文件", "document(s)"), fields: [
            Field(label: s.t("借阅人", "Borrower"), value: "", required: true),
            Field(label: s.t("部门", "Department"), value: "", required: false),
            Field(label: s.t("用途", "Purpose"), value: "", required: true),
            Field(label: s.t("借阅类型", "Loan type"), value: AppState.loanTypes[0].rawValue, required: true,
                  choices: AppState.loanTypes.map { $0.rawValue }, choiceLabels: AppState.loanTypes.map { s.zh ? $0.chinese : $0.rawValue }),
            Field(label: s.t("审批人", "Approver"), value: "", required: false),
        ], documents: docs.map { $0.id })
        var ff = f
        preview(&ff)
        mode = .form(ff)
    }

    func openReturn() {
        let docs = targetDocuments().filter { store.register.openByDocument[$0.id] != nil }
        guard !docs.isEmpty else { message = s.t("所选文件未借出", "The selected document is not on loan"); return }
        let f = FormState(kind: .returning, title: s.t("归还 — 检查完整性", "Return — check completeness") + " (\(docs.count))", fields: [
            Field(label: s.t("完整性", "Complete"), value: "complete", required: true, choices: ["complete", "incomplete"],
                  choiceLabels: [s.t("完整", "complete"), s.t("不完整", "incomplete")]),
            Field(label: s.t("说明", "Note"), value: "", required: false),
        ], documents: docs.map { $0.id })
        mode = .form(f)
    }

    func request(_ f: FormState) -> LoanRequest {
        LoanRequest(documents: f.documents, borrower: f.fields[0].value, department: f.fields[1].value, purpose: f.fields[2].value,
                    approver: f.fields[4].value.isEmpty ? nil : f.fields[4].value, type: LoanType(rawValue: f.fields[3].value) ?? .short)
    }

    /// Shows the due date and the deciding rule as the form changes.
    func preview(_ f: inout FormState) {
        guard f.kind == .borrow, let env = current else { return }
        let docs = env.documents.filter { f.documents.contains($0.id) }
        var req = request(f)
        if req.borrower.isEmpty { req.borrower = "?" }
        if req.purpose.isEmpty { req.purpose = "?" }
        let d = LendingRules.decide(documents: docs, request: req, settings: store.settings, register: store.register, now: store.now, tf: store.timeFormat)
        f.fields[4].required = d.approverRequired || docs.contains { $0.secrecy == .confidential || store.settings.kind(named: $0.kind)?.idMaterial == true }
        if d.allowed, let due = d.due {
            f.message = s.t("应还 ", "Due ") + store.timeFormat.minute(due) + "  [\(d.rule)] " + d.message
            f.messageIsError = false
        } else {
            f.message = s.t("不可借: ", "Refused: ") + "[\(d.rule)] " + d.message
            f.messageIsError = true
        }
    }

    func formKey(_ key: Key, _ f: inout FormState) {
        if f.confirmDiscard {
            if key == .char("y") || key == .char("Y") { mode = .normal; message = s.t("已放弃", "Discarded"); return }
            f.confirmDiscard = false
            mode = .form(f)
            return
        }
        if f.confirmSubmit {
            f.confirmSubmit = false
            if key == .char("y") || key == .char("Y") {
                f.confirmed = true
                if submit(&f) { return }
                f.confirmed = false
            } else {
                f.message = s.t("未执行,可修改后再按 Enter", "Not done; change the form or press Enter again"); f.messageIsError = false
            }
            mode = .form(f)
            return
        }
        switch key {
        case .esc:
            if f.isDirty { f.confirmDiscard = true } else { mode = .normal; return }
        case .tab, .down: f.focus = (f.focus + 1) % f.fields.count
        case .backTab, .up: f.focus = (f.focus + f.fields.count - 1) % f.fields.count
        case .left, .right, .char(" "):
            guard !f.fields[f.focus].choices.isEmpty else {
                if case .char(let c) = key, f.fields[f.focus].value.count < 200 { f.fields[f.focus].value.append(c) }
                break
            }
            var fld = f.fields[f.focus]
            let i = fld.choices.firstIndex(of: fld.value) ?? 0
            let step = key == .left ? fld.choices.count - 1 : 1
            fld.value = fld.choices[(i + step) % fld.choices.count]
            f.fields[f.focus] = fld
        case .backspace:
            if f.fields[f.focus].choices.isEmpty && !f.fields[f.focus].value.isEmpty { f.fields[f.focus].value.removeLast() }
        case .char(let c):
            if f.fields[f.focus].choices.isEmpty && f.fields[f.focus].value.count < 200 { f.fields[f.focus].value.append(c) }
        case .enter:
            if submit(&f) { return }
        default: break
        }
        preview(&f)
        mode = .form(f)
    }

    /// True when the form is done (mode already changed).
    func submit(_ f: inout FormState) -> Bool {
        if let missing = f.fields.first(where: { $0.required && $0.value.trimmingCharacters(in: .whitespaces).isEmpty }) {
            f.message = s.t("请填写", "Please fill in") + " " + missing.label; f.messageIsError = true
            return false
        }
        do {
            switch f.kind {
            case .borrow:
                let (d, loan) = try store.borrow(request(f))
                guard d.allowed, let loan else {
                    f.message = s.t("不可借: ", "Refused: ") + "[\(d.rule)] " + d.message; f.messageIsError = true
                    return false
                }
                marked = []
                reload()
                mode = .normal
                message = s.t("已借出", "Lent") + " \(loan.documents.count) → \(Sanitize.visible(loan.borrower)), " + s.t("应还 ", "due ") + store.timeFormat.minute(loan.due)
                return true
            case .returning:
                let complete = f.fields[0].value == "complete"
                if !complete && f.fields[1].value.trimmingCharacters(in: .whitespaces).isEmpty {
                    f.message = s.t("不完整时须填写说明", "Say what is missing when incomplete"); f.messageIsError = true
                    return false
                }
                let r = try store.returnDocuments(f.documents, complete: complete, note: f.fields[1].value)
                marked = []
                reload()
                mode = .normal
                message = s.t("已归还", "Returned") + " \(r.reduce(0) { $0 + $1.documents.count })" + (complete ? "" : s.t(" (不完整)", " (incomplete)"))
                return true
            default:
                return try submitWorkflow(&f)
            }
        } catch {
            f.message = "\(error)"; f.messageIsError = true
            return false
        }
    }

    // MARK: Loans register

    func openLoans() {
        let now = store.now
        let rows = store.register.open.sorted { a, b in
            let ao = a.isOverdue(at: now), bo = b.isOverdue(at: now)
            return ao != bo ? ao : a.due < b.due
        }
        mode = .loans(LoansState(rows: rows))
    }

    func loansKey(_ key: Key, _ l: inout LoansState) {
        switch key {
        case .esc, .char("q"), .char("L"): mode = .normal; return
        case .up, .char("k"): l.selected = max(0, l.selected - 1)
        case .down, .char("j"): l.selected = min(max(0, l.rows.count - 1), l.selected + 1)
        case .home, .char("g"): l.selected = 0
        case .end, .char("G"): l.selected = max(0, l.rows.count - 1)
        case .enter:
            if l.selected < l.rows.count {
                let r = l.rows[l.selected]
                if let i = store.index(ofEnvelope: r.loan.envelope) {
                    mode = .normal
                    jump(toStoreIndex: i, document: r.outstandingDocuments.first)
                    return
                }
            }
        default: break
        }
        mode = .loans(l)
    }
}
