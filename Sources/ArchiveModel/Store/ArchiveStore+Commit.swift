import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writing: every change is one journal entry, numbered in this desk's chain, signed and
/// written durably before anything it implies. Only then is it folded: the register updated
/// and the records' files projected. A failure before the entry is durable changes nothing;
/// a failure after it (a projection that cannot be written) leaves the change recorded, says
/// so, and the file is written at the next write or open.
extension ArchiveStore {
    /// Every write: take the writers' lock, fold what others wrote, check that the operator may
    /// (`requires`, on the staff list just folded; nil: the caller checks), do it, release.
    public func mutate<T>(requires permission: Permission? = .work, _ body: () throws -> T) throws -> T {
        if let permission, !may(permission) { throw refusal(permission) }
        try lock.acquire()
        let outer = lock.isOuter
        defer {
            if outer {
                lock.writeCounter(entryCount)
                lastJournalStamp = nil
                if treeChanged && !bulkWrites {
                    treeChanged = false
                    try? saveCheckpoint()
                }
            }
            lock.release()
        }
        if outer {
            if !bulkWrites { refreshJournal() }
            repairIfDamaged()
            lock.writeCounter(-1)
            retryProjections()
            decidedAfterRepairs = repairs
        }
        if let permission, !may(permission) { throw refusal(permission) }
        do {
            return try body()
        } catch is DerivedDamage where outer {
            // A damaged derived file was read while deciding: nothing was written. Fold the
            // journal again and decide once more on what it says.
            repairIfDamaged()
            decidedAfterRepairs = repairs
            return try body()
        }
    }

    /// Thrown by `commit` when a derived file was found damaged while the change was decided.
    struct DerivedDamage: Error {}

    /// Appends one entry to this desk's chain and folds it. The caller holds the lock (inside
    /// `mutate`) and has decided, on the state just refreshed, that the change is allowed.
    @discardableResult
    func commit(_ entry: JournalEntry) throws -> JournalEntry {
        precondition(lock.isHeld, "commit outside mutate")
        // Never write a change decided on a damaged derived file.
        if damage.peek() != nil || repairs != decidedAfterRepairs { throw DerivedDamage() }
        let d = try ensureDesk()
        return try append(entry, desk: d)
    }

    func append(_ entry: JournalEntry, desk d: Desk) throws -> JournalEntry {
        let l = try writeEntry(entry, desk: d)
        apply(l)
        if entry.action != .deskCreate { Failpoint.hit("after-projection") }
        noteAnchors()
        entriesSinceCheckpoint += 1
        generation += 1
        return l.entry
    }

    /// Numbers, signs and writes an entry durably; nothing is folded yet.
    func writeEntry(_ entry: JournalEntry, desk d: Desk) throws -> Loaded {
        var e = entry
        let head = frontier[d.id] ?? ChainHead(seq: 0, hash: "")
        guard head.seq < EntryFile.maxSeq else {
            throw ArchiveError.refused(
                rule: "journal.full",
                message: "本工作站的日志已满 (this desk's chain has reached \(EntryFile.maxSeq) entries; set up a new desk)")
        }
        e.desk = d.id
        e.seq = head.seq + 1
        e.prev = head.hash
        e.lamport = tip.lamport + 1
        e.seen = frontier.filter { $0.key != d.id }.mapValues { $0.seq }
        e.login = login
        if e.by.isEmpty { e.by = operatorName }
        let bytes = try EntryFile.encode(e, key: d.key, coding: coding)
        guard bytes.count <= EntryFile.maxBytes else {
            throw ArchiveError.invalidField(
                field: "change",
                reason:
                    "is too large for one journal entry (\(bytes.count) bytes; at most \(EntryFile.maxBytes)): split it"
            )
        }
        let hash = Hashing.sha256Hex(bytes)
        let rel = EntryFile.relativePath(desk: d.id, seq: e.seq, hash: hash)
        // An entry of this number already there is one this process could not read (another
        // login's file, 0600): writing beside it would fork the chain and hide it. Refused.
        let taken = EntryFile.name(seq: e.seq, hash: "").prefix(13)
        // (A file there that can be read but is no valid entry was planted: it is reported by
        // `check` and ignored, and the chain goes on beside it.)
        let folder = DurableIO.parent(abs(rel))
        if let there = DurableIO.list(folder)?.first(where: {
            $0.hasPrefix(taken) && access(folder + "/" + $0, R_OK) != 0
        }) {
            throw ArchiveError.refused(
                rule: "journal.unreadable",
                message: """
                    日志中已有本工作站的第\(e.seq)条记录但无法读取,未作任何更改 (entry \(e.seq) of this desk, \
                    journal/\(d.id)/\(EntryFile.bucket(e.seq))/\(Sanitize.visible(there)), exists but could not be \
                    read by login \(Sanitize.visible(login)): nothing was changed. One archive folder is worked by \
                    one login; other people work in their own copy, shared with dangan sync)
                    """)
        }
        if e.action != .deskCreate { Failpoint.hit("before-entry") }
        try DurableIO.makeDirs(DurableIO.parent(abs(rel)), durable: !bulkWrites)
        try DurableIO.createExclusive(abs(rel), bytes, durable: !bulkWrites)  // the change is made here
        if e.action != .deskCreate { Failpoint.hit("after-entry") }
        return Loaded(entry: e, hash: hash, rel: rel)
    }

    /// Writes an entry whose effect the caller makes itself (the generator's bulk creations).
    func appendWithoutFold(_ entry: JournalEntry, desk d: Desk) throws -> JournalEntry {
        let l = try writeEntry(entry, desk: d)
        frontier[d.id] = ChainHead(seq: l.entry.seq, hash: l.hash)
        if tip < l.entry.foldKey { tip = l.entry.foldKey }
        register.apply(l.entry)
        return l.entry
    }

    /// This copy's desk as `.dangan/` has it, without setting one up (nil before the first write,
    /// and for a folder copied from another desk's, which gets its own desk when it writes).
    public var localDeskID: String? {
        if let desk { return desk.id }
        if case .ok(let d) = Desk.load(root: root, archive: info.id) { return d.id }
        return nil
    }

    /// This copy's desk, set up on its first write: a key, and a first entry introducing it.
    func ensureDesk() throws -> Desk {
        if let desk { return desk }
        var copiedFrom: String? = nil
        switch Desk.load(root: root, archive: info.id) {
        case .ok(let d):
            if frontier[d.id] != nil {
                desk = d
                return d
            }
            if DurableIO.exists(abs("journal/\(d.id)")) {
                throw ArchiveError.damaged(
                    path: "journal/\(d.id)",
                    message:
                        "this desk's own chain cannot be verified, so nothing more is written to it (see dangan check)")
            }
            // A desk whose first entry was never written: write it now.
            desk = d
            _ = try append(deskEntry(d, copiedFrom: nil), desk: d)
            return d
        case .copied(let old):
            // This folder is a copy of another desk's: it gets its own desk, and the copied
            // identity is removed so that the two folders never write one chain.
            Desk.retire(root: root)
            copiedFrom = old
        case .damaged(let m):
            throw ArchiveError.damaged(
                path: Desk.fileName,
                message: m + " (remove .dangan/desk.json and .dangan/desk.key to set up a new desk)")
        case .none:
            break
        }
        let d = try Desk.create(root: root, archive: info.id, created: timeFormat.iso(now))
        desk = d
        _ = try append(deskEntry(d, copiedFrom: copiedFrom), desk: d)
        return d
    }

    func deskEntry(_ d: Desk, copiedFrom: String?) -> JournalEntry {
        var e = JournalEntry(
            at: now, by: operatorName, action: .deskCreate,
            note: copiedFrom.map { "此文件夹复制自工作站 \($0),现作为新工作站写入 (a copy of desk \($0) now writes as a desk of its own)" }
        )
        e.deskInfo = DeskInfo(
            publicKey: d.publicKeyBase64, archive: info.id, host: ProcessInfo.processInfo.hostName,
            copiedFrom: copiedFrom)
        return e
    }

    /// A new journal entry made by the operator now.
    func entry(
        _ action: JournalEntry.Action, envelope: String? = nil, changes: [RecordChange] = [], note: String? = nil
    ) -> JournalEntry {
        JournalEntry(
            at: now, by: operatorName, login: login, action: action, envelope: envelope, changes: changes, note: note)
    }
}

/// Testing hooks: `DANGAN_FAILPOINT=NAME` ends the process abruptly (as a kill would) at that
/// point of a write, so that tests can check what a crash there leaves.
enum Failpoint {
    static let armed: String? = ProcessInfo.processInfo.environment["DANGAN_FAILPOINT"].flatMap {
        $0.isEmpty ? nil : $0
    }
    @inline(__always) static func hit(_ name: String) {
        if let armed, armed == name { _exit(137) }
    }
}
