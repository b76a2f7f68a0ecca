import Foundation

/// One thing an inventory check (盘点) found.
public struct InventoryFinding: Sendable, Equatable, Codable {
    /// Stable id of what was found, e.g. "checklist.missing", "order.sequence".
    public var rule: String
    /// Id of the envelope concerned; nil for a barcode that names no envelope.
    public var envelope: String?
    /// Code of the cabinet the finding is in.
    public var cabinet: String
    /// The envelope's room code (building-unit); empty when no envelope is known.
    public var room: String
    /// The envelope's owner; empty when no envelope is known.
    public var owner: String
    /// What was found, in the archivists' words (Chinese), e.g. 缺少 身份证复印件.
    public var detail: String

    /// The finding's short Chinese name for the check report (缺件, 位置不符 …); the rule itself when unknown.
    public static func label(_ rule: String) -> String {
        switch rule {
        case "checklist.missing": return "缺件"
        case "order.misfiled": return "位置不符"
        case "order.floor": return "楼层不符"
        case "order.sequence": return "顺序错乱"
        case "scan.missing": return "未见实物"
        case "scan.unexpected": return "不属本柜"
        case "scan.unknown": return "无此档案"
        case "scan.duplicate": return "重复扫描"
        case "loan.out": return "在册借出"
        case "loan.overdue": return "逾期未还"
        case "copy.out": return "影印未还"
        case "state.conflict": return "状态矛盾"
        case "damaged": return "文件损坏"
        case "incident.open": return "未结事故"
        default: return rule
        }
    }
}

/// What an inventory check (盘点) found, as shown and printed; recorded in the journal as ``InventoryRun``.
public struct InventoryReport: Sendable, Equatable {
    /// The id of the check as recorded in the journal (empty when it was not recorded).
    public var id: String = ""
    /// Codes of the cabinets checked.
    public var cabinets: [String]
    /// How many envelopes were checked.
    public var envelopes: Int
    /// How many barcodes or numbers were read off the shelf (0 without a scan).
    public var scanned: Int
    /// Everything found, in the order met: the envelopes' files in filing order, misfiled files, then the shelf scan.
    public var findings: [InventoryFinding]
    /// When the check was made (the store's clock).
    public var at: Date
    /// Finding rule → how many times it was found.
    public var counts: [String: Int] { Dictionary(findings.map { ($0.rule, 1) }, uniquingKeysWith: +) }
}

/// The inventory check of one cabinet or all: every envelope against the archive's checklist
/// of document kinds, envelopes out of building / floor / unit order, documents listed as in
/// the envelope that the register has out, overdue loans. With `scanned` (the barcodes or
/// numbers read off the shelf, in shelf order) it also finds envelopes missing from the
/// shelf, envelopes that belong elsewhere and envelopes standing out of filing order.
public enum Inventory {
    /// Checks one cabinet (its code) or all, with or without a shelf scan; reads every envelope file.
    /// Writes nothing: `ArchiveStore.checkInventory` runs it and records the check.
    public static func run(
        _ store: ArchiveStore, cabinet: String? = nil, scanned: [String]? = nil, progress: WorkProgress? = nil
    ) throws -> InventoryReport {
        let codes: [String]
        if let c = cabinet {
            guard store.cabinets.contains(where: { $0.code == c }) else {
                throw ArchiveError.notFound(what: "cabinet \(c)")
            }
            codes = [c]
        } else {
            codes = store.cabinets.map { $0.code }
        }
        let now = store.now
        let tf = store.timeFormat
        var findings: [InventoryFinding] = []
        let sums: [EnvelopeSummary] = codes.flatMap { Array(store.envelopes(inCabinet: $0)) }
        func finding(_ rule: String, _ s: EnvelopeSummary?, _ detail: String, cabinet: String? = nil)
            -> InventoryFinding
        {
            InventoryFinding(
                rule: rule, envelope: s?.id, cabinet: s?.cabinet ?? cabinet ?? "", room: s?.roomCode ?? "",
                owner: s?.owner ?? "", detail: detail)
        }
        // Every envelope's file: checklist, loans, state.
        progress?.start(total: sums.count)
        defer { progress?.finish() }
        let read = parallelMap(count: sums.count, progress: progress) { i -> Result<Envelope, Error> in
            Result { try store.envelope(id: sums[i].id) }
        }
        let settings = store.settings
        let register = store.register
        for (i, s) in sums.enumerated() {
            let e: Envelope
            switch read[i] {
            case .success(let x): e = x
            case .failure(let err):
                findings.append(finding("damaged", s, "\(err)"))
                continue
            }
            if e.status == .active {
                let missing = ArchiveStore.missingKinds(e, settings: settings)
                if !missing.isEmpty {
                    findings.append(finding("checklist.missing", s, "缺少 " + missing.joined(separator: "、")))
                }
            }
            if let u = Int(e.unit), e.unit.count >= 3, let f = Int(e.floor), u / 100 != f {
                findings.append(
                    finding("order.floor", s, "房号\(e.unit)不在\(e.floor)层 (unit \(e.unit) filed under floor \(e.floor))"))
            }
            for d in e.documents {
                if let l = register.openLoan(of: d.id) {
                    if d.state != .present {
                        findings.append(
                            finding(
                                "state.conflict", s,
                                "\(d.kind) 登记为\(d.state == .destroyed ? "已销毁" : "已移交")却仍在借 (\(l.loan.borrower))"))
                    } else if l.isOverdue(at: now) {
                        findings.append(
                            finding("loan.overdue", s, "\(d.kind) 借阅人\(l.loan.borrower) 应还\(tf.minute(l.due)),已逾期"))
                    } else {
                        findings.append(
                            finding("loan.out", s, "\(d.kind) 清单记为在袋,实已借出:借阅人\(l.loan.borrower),应还\(tf.minute(l.due))"))
                    }
                }
                if let c = register.copying(d.id) {
                    findings.append(finding("copy.out", s, "\(d.kind) 原件影印中(\(c.requester)),未归还"))
                }
                // Loss, damage or an incomplete return reported and not yet resolved (seed 000 篇3 4.4).
                for i in register.openIncidents(document: d.id) {
                    findings.append(
                        finding(
                            "incident.open", s,
                            "\(d.kind) \(i.kind.chinese):\(i.note) (\(i.id),\(tf.minute(i.reportedAt)) \(i.reportedBy))"
                        ))
                }
            }
        }
        for p in store.problems where p.kind == .misfiled || p.kind == .duplicate {
            if let c = codes.first(where: { p.path.hasPrefix("cabinets/\($0)/") }) {
                findings.append(
                    InventoryFinding(
                        rule: "order.misfiled", envelope: nil, cabinet: c, room: "", owner: "",
                        detail: "\(p.path): \(p.message)"))
            }
        }
        // The shelf as scanned.
        var scannedCount = 0
        if let scanned {
            let position = Dictionary(sums.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            var seen = Set<String>()
            var positions: [(Int, EnvelopeSummary)] = []
            for raw in scanned {
                let code = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                if code.isEmpty { continue }
                scannedCount += 1
                guard let id = try? store.resolveEnvelope(code), let s = store.summary(id: id) else {
                    findings.append(
                        finding(
                            "scan.unknown", nil, "条码\(Sanitize.visible(code))查无档案 (no envelope has this code)",
                            cabinet: codes.first))
                    continue
                }
                guard seen.insert(id).inserted else {
                    findings.append(finding("scan.duplicate", s, "同一档案袋扫描两次 (scanned twice)"))
                    continue
                }
                guard let p = position[id] else {
                    findings.append(
                        finding("scan.unexpected", s, "应放在\(s.location.chinese) (belongs in cabinet \(s.cabinet))"))
                    continue
                }
                positions.append((p, s))
            }
            // Envelopes not on the longest run in filing order are the ones out of place.
            let keep = longestIncreasing(positions.map { $0.0 })
            for (k, (p, s)) in positions.enumerated() where !keep.contains(k) {
                let after = p > 0 ? sums[p - 1] : nil
                findings.append(
                    finding("order.sequence", s, after.map { "应排在\($0.roomCode) \($0.owner)之后" } ?? "应排在本柜最前"))
            }
            for s in sums where !seen.contains(s.id) && s.status != .transferred {
                let out = register.outByEnvelope[s.id] ?? 0
                if out > 0 && out >= s.documentCount {
                    continue  // the whole envelope is on loan: its absence is in the register
                }
                findings.append(finding("scan.missing", s, "柜中未见此档案袋,借阅登记中也没有 (not on the shelf and not on loan)"))
            }
        }
        return InventoryReport(
            cabinets: codes, envelopes: sums.count, scanned: scannedCount, findings: findings, at: now)
    }

    /// Indexes (into `xs`) of one longest strictly increasing subsequence.
    static func longestIncreasing(_ xs: [Int]) -> Set<Int> {
        var tails: [Int] = []  // index into xs of the smallest tail of each length
        var prev = [Int](repeating: -1, count: xs.count)
        for (i, x) in xs.enumerated() {
            var lo = 0
            var hi = tails.count
            while lo < hi {
                let m = (lo + hi) / 2
                if xs[tails[m]] < x { lo = m + 1 } else { hi = m }
            }
            if lo > 0 { prev[i] = tails[lo - 1] }
            if lo == tails.count { tails.append(i) } else { tails[lo] = i }
        }
        var out = Set<Int>()
        var k = tails.last ?? -1
        while k >= 0 {
            out.insert(k)
            k = prev[k]
        }
        return out
    }
}

extension ArchiveStore {
    /// Runs an inventory check and records in the journal that it was made and what it found.
    public func checkInventory(cabinet: String? = nil, scanned: [String]? = nil, progress: WorkProgress? = nil) throws
        -> InventoryReport
    {
        try mutate {
            let r = try Inventory.run(self, cabinet: cabinet, scanned: scanned, progress: progress)
            let kept = Array(r.findings.prefix(InventoryRun.maxItems))
            let run = InventoryRun(
                id: RecordID.make("inv"), at: r.at, by: operatorName, cabinets: r.cabinets, envelopes: r.envelopes,
                scanned: r.scanned, findings: r.counts, items: kept,
                itemsOmitted: r.findings.count > kept.count ? r.findings.count - kept.count : nil)
            var en = entry(.inventory, note: "盘点 \(r.cabinets.joined(separator: ","))")
            en.inventory = run
            try commit(en)
            var out = r
            out.id = run.id
            return out
        }
    }
}
