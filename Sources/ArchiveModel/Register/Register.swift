// Over 400 lines: the register folded from the journal, each kind of entry beside the state it changes.
import Foundation

/// The borrowing register and the registers beside it (photocopies, destruction, transfer,
/// inventory checks), folded from the journal's entries in fold order. Also what the fold
/// learns on the way: the desks that write to the archive, and the conflicts between them.
public struct Register: Sendable, Equatable {
    /// The loans of the present: open loans, and loans returned since the register's past (its
    /// ``LoanHistory``, derived files in `.dangan/`) last took them in. Everything the rules
    /// decide on is here; the past is read only by what shows it (reports, `loans --all`,
    /// histories, `check`). See ``records`` for a loan of either.
    var hot: [String: LoanRecord] = [:]
    /// Place in the lending order of each loan in `hot`.
    var seqOf: [String: Int] = [:]
    /// How many loans were ever lent (the next loan's place in the lending order).
    public internal(set) var lentCount = 0
    /// Loans returned earlier, read in place from `.dangan/` (nil: none yet).
    var history: LoanHistory? = nil
    /// Document id → id of the open loan holding it (the first, when two desks lent it).
    public internal(set) var openByDocument: [String: String] = [:]
    /// Envelope id → number of documents out.
    public internal(set) var outByEnvelope: [String: Int] = [:]
    /// Problems met while folding that are not conflicts between desks (a return of an
    /// unknown loan, a document lent twice by one desk).
    public internal(set) var anomalies: [String] = []
    /// Photocopy register, destruction and transfer records, inventory checks.
    public internal(set) var paperwork = Paperwork()
    /// Document id → ids of the loans of the present that included it, in lending order.
    var loansByDocument: [String: [String]] = [:]
    /// Document id → id of the photocopy for which the original is out.
    public internal(set) var copyingByDocument: [String: String] = [:]
    /// Conflicts between desks that hold now, by id: documents lent at desks that had not seen
    /// each other's loans (from the fold), fields set differently (from the records' own folds).
    /// A function of the entries alone: every desk with the same entries has the same ones.
    public internal(set) var disputes: [String: Dispute] = [:]
    /// Decisions on conflicts, by dispute id, each with the conflict as it was decided.
    public internal(set) var resolutions: [String: ResolutionRecord] = [:]
    /// The desks that write to this archive.
    public internal(set) var desks: [String: DeskRecord] = [:]
    /// What the migration from the first format carried over (nil: the archive was never migrated).
    public internal(set) var migration: MigrationInfo?
    /// Loans and returns taken back by an undo, in fold order.
    public internal(set) var undos: [UndoRecord] = []
    /// Intake hand-overs, keys, arrangement sessions (Register/Office.swift).
    public internal(set) var office = OfficeRegisters()
    /// Approvals in the system, incidents, who looked (LendingRegisters.swift).
    public internal(set) var lending = LendingRegisters()

    /// Every loan by id, of the present or the past.
    public var records: LoanRecords { LoanRecords(hot: hot, history: history) }

    /// An empty register, before any entry is folded.
    public init() {}

    // MARK: Folding

    /// Folds one entry of the journal of record.
    public mutating func apply(_ e: JournalEntry) {
        let ref = e.ref.description
        switch e.action {
        case .deskCreate:
            if let i = e.deskInfo {
                desks[e.desk] = DeskRecord(
                    id: e.desk, host: i.host, by: e.by, login: e.login, at: e.at, copiedFrom: i.copiedFrom)
            }
        case .archiveMigrate:
            migration = e.migration
        case .loan:
            if let l = e.loan { lend(l, entry: ref, at: e) }
        case .return:
            if let r = e.loanReturn { takeBack(r, entry: ref) }
        case .renew:
            if let r = e.renewal { renew(r, entry: ref) }
        case .resolve:
            if let r = e.resolution { resolve(r, entry: e) }
        case .undo:
            if let target = e.undoes { takeBackEntry(target, entry: e) }
        case .copy:
            if let c = e.copy { applyCopy(c, entry: ref) }
        case .destroy, .transfer:
            for d in e.disposals ?? [] { paperwork.disposals.append(d) }
        case .inventory:
            if let i = e.inventory { paperwork.inventories.append(i) }
        case .intake, .key, .arrangement:
            applyOffice(e)
        default:
            break
        }
        applyLending(e)
    }

    /// Folds an entry of the first format's journal (before every newer entry).
    mutating func apply(legacy e: LegacyEntry) {
        let ref = "legacy:\(e.seq)"
        switch e.action {
        case "loan": if let l = e.loan { lend(l, entry: "", at: nil) }
        case "return": if let r = e.loanReturn { takeBack(r, entry: ref) }
        case "renew": if let r = e.renewal { renew(r, entry: ref) }
        case "copy": if let c = e.copy { applyCopy(c, entry: ref) }
        case "destroy", "transfer": if let d = e.disposal { paperwork.disposals.append(d) }
        case "inventory": if let i = e.inventory { paperwork.inventories.append(i) }
        default: break
        }
    }

    mutating func lend(_ l: Loan, entry: String, at e: JournalEntry?) {
        if hot[l.id] != nil || history?.contains(l.id) == true {
            anomalies.append("loan \(l.id) recorded twice (entry \(entry))")
            return
        }
        hot[l.id] = LoanRecord(loan: l, entry: entry)
        seqOf[l.id] = lentCount
        lentCount += 1
        for d in l.documents {
            let holders = (loansByDocument[d] ?? []).compactMap { hot[$0] }.filter {
                $0.outstandingDocuments.contains(d)
            }
            loansByDocument[d, default: []].append(l.id)
            outByEnvelope[l.envelope, default: 0] += 1
            if holders.isEmpty {
                openByDocument[d] = l.id
                continue
            }
            for o in holders {
                // Two desks that had not seen each other's loan lent the same document: a
                // conflict for a person to resolve. A desk lending it twice is an anomaly.
                if let e, let oref = EntryRef(o.entry), !e.knows(oref) {
                    let dsp = Dispute(
                        kind: .doubleLoan, record: d, envelope: l.envelope, field: nil,
                        sides: [
                            Dispute.Side(
                                entry: o.entry, desk: oref.desk, by: o.loan.archivist, at: o.loan.out,
                                value: o.loan.borrower, loan: o.loan.id),
                            Dispute.Side(
                                entry: entry, desk: e.desk, by: l.archivist, at: l.out, value: l.borrower, loan: l.id),
                        ])
                    disputes[dsp.id] = dsp
                } else {
                    anomalies.append("document \(d) lent by \(l.id) while still out on \(o.loan.id) (entry \(entry))")
                }
            }
        }
    }

    /// A loan of the present, or one of the past brought back into the present to be changed
    /// (returned again, renewed, voided: the new record replaces the old one in the past).
    mutating func present(_ id: String) -> LoanRecord? {
        if let r = hot[id] { return r }
        guard let h = history?.record(id) else { return nil }
        hot[id] = h.record
        seqOf[id] = h.seq
        for d in h.record.loan.documents { loansByDocument[d, default: []].append(id) }
        return h.record
    }

    mutating func takeBack(_ r: LoanReturn, entry: String) {
        guard var rec = present(r.loan) else {
            anomalies.append("return of unknown loan \(r.loan) (entry \(entry))")
            return
        }
        let outstanding = Set(rec.outstandingDocuments)
        var rr = r
        rr.documents = r.documents.filter { outstanding.contains($0) }
        rec.returns.append(rr)
        rec.returnEntries = (rec.returnEntries ?? []) + [entry]
        hot[r.loan] = rec
        for d in rr.documents { release(d, from: rec) }
    }

    /// A document is no longer out on `rec`: the envelope's count drops, and the document
    /// stays out if another (conflicting) loan still holds it.
    mutating func release(_ d: String, from rec: LoanRecord) {
        let n = (outByEnvelope[rec.loan.envelope] ?? 1) - 1
        outByEnvelope[rec.loan.envelope] = n > 0 ? n : nil
        guard openByDocument[d] == rec.loan.id else { return }
        openByDocument[d] = (loansByDocument[d] ?? []).first { id in
            id != rec.loan.id && hot[id]?.outstandingDocuments.contains(d) == true
        }
    }

    mutating func renew(_ r: Renewal, entry: String) {
        guard var rec = present(r.loan) else {
            anomalies.append("renewal of unknown loan \(r.loan) (entry \(entry))")
            return
        }
        rec.renewals.append(r)
        rec.renewalEntries = (rec.renewalEntries ?? []) + [entry]
        rec.due = r.newDue
        hot[r.loan] = rec
    }

    mutating func resolve(_ r: Resolution, entry e: JournalEntry) {
        resolutions[r.dispute] = ResolutionRecord(resolution: r, entry: e.ref.description, by: e.by, at: e.at)
        guard let d = r.conflict ?? disputes[r.dispute], d.kind == .doubleLoan else { return }
        // The loans not kept never happened: they are voided and hold nothing.
        for side in d.sides where side.loan != nil && side.loan != r.keep {
            guard var rec = present(side.loan!), rec.voided == nil else { continue }
            let held = rec.outstandingDocuments
            rec.voided = "\(r.reason) (\(e.by), \(e.ref))"
            hot[rec.loan.id] = rec
            for doc in held { release(doc, from: rec) }
        }
    }

    func hasFieldDispute(record: String) -> Bool {
        disputes.values.contains { $0.kind == .field && $0.record == record }
    }

    /// The field conflicts of one record, as its own fold found them now (replacing earlier ones).
    mutating func setFieldDisputes(record: String, _ found: [Dispute]) {
        for (id, d) in disputes where d.kind == .field && d.record == record { disputes[id] = nil }
        for d in found { disputes[d.id] = d }
    }

    // MARK: Reading

    /// Every loan, in lending order: the present and the whole past (which is read and decoded:
    /// for reports, `loans --all` and `check`, not for every screen).
    public var loans: [LoanRecord] {
        var out = (history?.all() ?? []).filter { hot[$0.record.loan.id] == nil }
        out += hot.map { HistoryRecord(seq: seqOf[$0.key] ?? 0, record: $0.value) }
        return out.sorted { $0.seq < $1.seq }.map { $0.record }
    }
    /// Every loan id, in lending order (the past's without decoding its loans).
    public var order: [String] {
        var out = (history?.ids() ?? []).filter { hot[$0.id] == nil }
        out += hot.keys.map { (seq: seqOf[$0] ?? 0, id: $0) }
        return out.sorted { $0.seq < $1.seq }.map { $0.id }
    }
    /// Open loans, in lending order.
    public var open: [LoanRecord] {
        hot.filter { $0.value.isOpen }.sorted { (seqOf[$0.key] ?? 0) < (seqOf[$1.key] ?? 0) }.map { $0.value }
    }
    /// Open loans past their due time at `now`, in lending order.
    public func overdue(at now: Date) -> [LoanRecord] { open.filter { $0.isOverdue(at: now) } }
    /// The open loan holding a document (the first, when two desks lent it); nil if it is in.
    public func openLoan(of document: String) -> LoanRecord? { openByDocument[document].flatMap { hot[$0] } }
    /// Every open loan holding a document (more than one only in a conflict between desks).
    public func openLoans(of document: String) -> [LoanRecord] {
        (loansByDocument[document] ?? []).compactMap { hot[$0] }.filter { $0.outstandingDocuments.contains(document) }
    }
    /// Every loan of a document, in lending order (the past's found through its envelope).
    public func history(of document: String) -> [LoanRecord] {
        var out: [HistoryRecord] = []
        if let env = DocumentID.envelope(of: document), let h = history {
            out = h.records(envelope: env).filter {
                hot[$0.record.loan.id] == nil && $0.record.loan.documents.contains(document)
            }
        }
        for id in loansByDocument[document] ?? [] {
            if let r = hot[id] { out.append(HistoryRecord(seq: seqOf[id] ?? 0, record: r)) }
        }
        return out.sorted { $0.seq < $1.seq }.map { $0.record }
    }
    /// Every loan of an envelope's documents, in lending order.
    public func loans(envelope: String) -> [LoanRecord] {
        var out = (history?.records(envelope: envelope) ?? []).filter { hot[$0.record.loan.id] == nil }
        for (id, r) in hot where r.loan.envelope == envelope {
            out.append(HistoryRecord(seq: seqOf[id] ?? 0, record: r))
        }
        return out.sorted { $0.seq < $1.seq }.map { $0.record }
    }

    /// Loans returned (or voided) that are still kept with the present, in lending order.
    var closedInPresent: [HistoryRecord] {
        hot.filter { !$0.value.isOpen }.map { HistoryRecord(seq: seqOf[$0.key] ?? 0, record: $0.value) }.sorted {
            $0.seq < $1.seq
        }
    }

    /// The register with its returned loans moved into `past` (which holds them now).
    mutating func movePast(to past: LoanHistory?) {
        for r in closedInPresent {
            let id = r.record.loan.id
            hot[id] = nil
            seqOf[id] = nil
            for d in r.record.loan.documents {
                loansByDocument[d]?.removeAll { $0 == id }
                if loansByDocument[d]?.isEmpty == true { loansByDocument[d] = nil }
            }
        }
        history = past
    }

    /// Same loans, paperwork, anomalies, conflicts, decisions, desks, migration (not `undos`, `office`, `lending`).
    public static func == (a: Register, b: Register) -> Bool {
        a.loans == b.loans && a.lentCount == b.lentCount && a.openByDocument == b.openByDocument
            && a.outByEnvelope == b.outByEnvelope
            && a.anomalies == b.anomalies && a.paperwork == b.paperwork && a.copyingByDocument == b.copyingByDocument
            && a.disputes == b.disputes && a.resolutions == b.resolutions && a.desks == b.desks
            && a.migration == b.migration
    }

    /// Conflicts waiting for a decision, in a fixed order (document or record, then id). A
    /// double loan of which at most one loan still holds the document is over.
    public var openDisputes: [Dispute] {
        disputes.values.filter { d in
            guard resolutions[d.id] == nil else { return false }
            guard d.kind == .doubleLoan else { return true }
            return d.sides.filter { s in s.loan.flatMap { hot[$0] }?.outstandingDocuments.contains(d.record) == true }
                .count >= 2
        }.sorted { ($0.record, $0.id) < ($1.record, $1.id) }
    }

    /// Open conflicts and those decided (as they were when decided).
    public var allDisputes: [Dispute] {
        let decided = resolutions.values.compactMap { r in r.resolution.conflict ?? disputes[r.resolution.dispute] }
        var seen = Set<String>()
        return (openDisputes + decided).filter { seen.insert($0.id).inserted }.sorted {
            ($0.record, $0.id) < ($1.record, $1.id)
        }
    }

    /// The unresolved conflict about a document (a double loan) or its envelope's fields.
    public func dispute(document: String, envelope: String?) -> Dispute? {
        openDisputes.first { $0.record == document || (envelope != nil && $0.record == envelope && $0.kind == .field) }
    }
}

/// A conflict between desks that had not seen each other's changes: the same document lent
/// at two desks, or the same field of a record set to different values. Found from base
/// revisions, never resolved silently: lending stays blocked until a person decides.
public struct Dispute: Codable, Sendable, Equatable, Identifiable {
    /// What is in conflict: a document lent twice (`loan.double`) or a field set differently (`field`).
    public enum Kind: String, Codable, Sendable {
        case doubleLoan = "loan.double"
        case field = "field"
    }
    /// One desk's change in the conflict.
    public struct Side: Codable, Sendable, Equatable {
        /// The entry that made this side's change (`DESK:SEQ`).
        public var entry: String
        /// The id (`dsk-…`) of the desk that made the change.
        public var desk: String
        /// The person who made it (for a loan, the archivist who lent it).
        public var by: String
        /// When it was made (for a loan, when it was lent).
        public var at: Date
        /// The borrower, or the field's value, as shown.
        public var value: String
        /// The loan's id (double loans; nil for field conflicts).
        public var loan: String?
        /// The field's value itself (field conflicts).
        public var raw: JSONValue?
        /// A side as the fold found it; `raw` only for field conflicts.
        public init(
            entry: String, desk: String, by: String, at: Date, value: String, loan: String?, raw: JSONValue? = nil
        ) {
            self.entry = entry
            self.desk = desk
            self.by = by
            self.at = at
            self.value = value
            self.loan = loan
            self.raw = raw
        }
    }
    /// `cf-` and 12 hex digits, from the kind, record, field and sides: the same at every desk.
    public var id: String
    /// A double loan or a field conflict.
    public var kind: Kind
    /// The document (double loan) or envelope (field) in conflict.
    public var record: String
    /// The envelope concerned (the loan's, or the record itself; nil for a record that is no envelope).
    public var envelope: String?
    /// The path of the field in conflict (field conflicts; nil for a double loan).
    public var field: String?
    /// The desks' changes, sorted by entry (`DESK:SEQ`).
    public var sides: [Side]

    /// A conflict with its sides sorted and its id derived from them.
    public init(kind: Kind, record: String, envelope: String?, field: String?, sides: [Side]) {
        self.kind = kind
        self.record = record
        self.envelope = envelope
        self.field = field
        self.sides = sides.sorted { $0.entry < $1.entry }
        // The same conflict gets the same id at every desk.
        let key = ([kind.rawValue, record, field ?? ""] + self.sides.map { $0.entry }).joined(separator: "|")
        id = "cf-" + String(Hashing.sha256Hex(Array(key.utf8)).prefix(12))
    }
}

/// A person's decision on a conflict between desks, as the journal recorded it.
public struct ResolutionRecord: Codable, Sendable, Equatable {
    /// The decision: which loan is kept, why, and the conflict as it was decided.
    public var resolution: Resolution
    /// The entry that recorded the decision (`DESK:SEQ`).
    public var entry: String
    /// The person who decided.
    public var by: String
    /// When the decision was recorded.
    public var at: Date
}

/// A desk as its first entry introduced it.
public struct DeskRecord: Codable, Sendable, Equatable {
    /// The desk's id (`dsk-…`).
    public var id: String
    /// The host name of the machine the desk was set up on.
    public var host: String
    /// The person who set the desk up.
    public var by: String
    /// The OS login that set it up.
    public var login: String
    /// When the desk was set up.
    public var at: Date
    /// The desk this folder was copied from (nil: not a detected copy).
    public var copiedFrom: String?
}

/// Loans by id, of the present and of the past (`register.records[id]`).
public struct LoanRecords: Sendable {
    let hot: [String: LoanRecord]
    let history: LoanHistory?
    /// The loan with this id, present or past; nil if no loan has it.
    public subscript(id: String) -> LoanRecord? { hot[id] ?? history?.record(id)?.record }
    /// Loans of the present (open, or returned but not yet moved into the past).
    public var present: [LoanRecord] { Array(hot.values) }
}
