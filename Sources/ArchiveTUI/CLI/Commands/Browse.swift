import ArchiveModel
import ArgumentParser
import Foundation

/// Looking at the archive: cabinets and envelopes in filing order, one envelope, search.

/// `dangan ls [CABINET[/BUILDING[/FLOOR]]]`.
struct List: DanganCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List cabinets, then envelopes in filing order.")
    @OptionGroup var common: CommonOptions
    @Argument(help: ArgumentHelp("Codes of A–Z, 0–9, '-', '_'.", valueName: "CABINET[/BUILDING[/FLOOR]]")) var place:
        Place?

    func validate() throws {
        if let place, place.parts.count > 3 { throw ValidationError("the place is CABINET[/BUILDING[/FLOOR]]") }
    }

    func execute() throws {
        let store = try common.open()
        guard let place else { return listCabinets(store) }
        let parts = place.parts
        guard store.cabinets.contains(where: { $0.code == parts[0] }) else {
            throw ArchiveError.notFound(what: "cabinet \(parts[0])")
        }
        let list = store.envelopes(inCabinet: parts[0]).filter {
            (parts.count < 2 || $0.building == parts[1]) && (parts.count < 3 || $0.floor == parts[2])
        }
        if common.json {
            Out.json(list.map { JSONShapes.envelope($0, store: store) })
            return
        }
        let limited = Mask.limitedView(store)
        for s in list {
            var marks = ""
            // Names only for sales and unknown logins: no register marks either.
            if !limited && store.register.openIncidentCount(envelope: s.id) > 0 { marks += " [事故]" }
            if !limited && (store.register.outByEnvelope[s.id] ?? 0) > 0 { marks += " [借出]" }
            if s.missing > 0 { marks += " [缺\(s.missing)]" }
            if s.damaged != nil { marks += " [损坏]" }
            if s.status != .active { marks += " [\(s.status.chinese)]" }
            let safe = Out.safe
            let place = "\(safe(s.building))栋 \(safe(s.floor))层 \(safe(s.unit))"
            Out.line("\(place)\t\(safe(s.owner))\t\(safe(s.number))\t\(safe(s.id))\(marks)")
        }
    }

    private func listCabinets(_ store: ArchiveStore) {
        let counts = store.cabinetCounts()
        if common.json {
            struct C: Encodable {
                var code, label, room: String
                var keyHolders: [String]
                var envelopes: Int
            }
            Out.json(
                store.cabinets.map {
                    C(
                        code: $0.code, label: $0.label, room: $0.room, keyHolders: $0.keyHolders,
                        envelopes: counts[$0.code] ?? 0)
                })
            return
        }
        Out.line(
            "\(Out.safe(store.info.name))  —  \(store.cabinets.count) cabinets, \(store.envelopes.count) envelopes")
        for c in store.cabinets {
            Out.line("\(Out.safe(c.code))\t\(Out.safe(c.label))\t\(Out.safe(c.room))\t\(counts[c.code] ?? 0) envelopes")
        }
    }
}

/// `dangan show ENVELOPE`: one envelope and its documents.
struct Show: DanganCommand {
    static let configuration = CommandConfiguration(abstract: "Show an envelope with its documents and their state.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Envelope id, number, barcode or room code (3-1201).") var envelope: String
    @Flag(help: "Show whole ID numbers and phones (archivist and approvers; each viewing is recorded, seed 002).")
    var reveal = false

    func execute() throws {
        let store = try common.open()
        let id = try store.resolveEnvelope(envelope)
        guard let s = store.summary(id: id) else { throw ArchiveError.notFound(what: "envelope \(envelope)") }
        if Mask.limitedView(store) { return limited(s, store: store) }
        var e = try store.envelope(id: id)
        if reveal {
            try store.require(.revealNumbers)
            // Recorded before anything is shown: no record, no viewing.
            try store.recordAccess(.numbers, envelope: id, detail: "dangan show --reveal")
        }
        if let diff = store.fileDifference(id: id) {
            Out.err(
                "dangan: \(s.relativePath): the file does not show what the journal says ("
                    + diff.prefix(6).joined(separator: ", ") + "); shown as the journal has it — see dangan check")
        }
        let missing = ArchiveStore.missingKinds(e, settings: store.settings)
        if !reveal {
            e.phones = e.phones.map(Mask.phone)
            e.idNumber = Mask.idNumber(e.idNumber)
            if let c = e.emergencyContact {
                e.emergencyContact = Contact(name: c.name, phone: Mask.phone(c.phone), relation: c.relation)
            }
            if var m = e.moveOut, !m.phone.isEmpty {
                m.phone = Mask.phone(m.phone)
                e.moveOut = m
            }
        }
        if common.json {
            var j = JSONShapes.envelope(s, store: store)
            j.phones = e.phones
            j.idNumber = e.idNumber
            j.idType = e.identityType.rawValue
            j.moveIn = e.moveIn
            JSONShapes.details(e, reveal: true, into: &j)  // masked above when the operator may not see them
            j.previousEnvelope = e.previousEnvelope
            j.nextEnvelope = e.nextEnvelope
            j.documents = e.documents.map { JSONShapes.document($0, store: store) }
            j.missingKinds = missing
            Out.json(j)
            return
        }
        printText(e, missing: missing, store: store)
    }

    /// Sales staff and logins not in the staff list: names only (seed 000 篇4), never the file's contents.
    private func limited(_ s: EnvelopeSummary, store: ArchiveStore) {
        if common.json {
            struct L: Encodable {
                var room: String
                var owner: String
                var coOwners: [String]
                var limited = true
            }
            Out.json(L(room: s.roomCode, owner: s.owner, coOwners: s.coOwners))
            return
        }
        let co = s.coOwners.isEmpty ? "" : "  " + s.coOwners.map(Out.safe).joined(separator: "、")
        Out.line("\(Out.safe(s.roomCode))  \(Out.safe(s.owner))\(co)")
        if store.operatorMember == nil {
            Out.line("  (未登记的登录名只能查看姓名 — a login not in the staff list sees names only: dangan whoami)")
        } else {
            Out.line("  (销售人员只能查看姓名和职务 — sales staff see names and titles only)")
        }
    }

    private func printText(_ e: Envelope, missing: [String], store: ArchiveStore) {
        let safe = Out.safe
        Out.line("档案袋 \(safe(e.number))  \(safe(e.owner))  \(safe(e.location.chinese))  [\(e.status.chinese)]")
        Out.line(
            "  id \(safe(e.id))   条码 \(safe(e.barcode))   入住 \(safe(e.moveIn))   "
                + "\(e.identityType.chinese) \(safe(e.idNumber))")
        if !e.coOwners.isEmpty { Out.line("  共有人 \(e.coOwners.map(safe).joined(separator: "、"))") }
        if !e.tenants.isEmpty { Out.line("  租户 \(e.tenants.map(safe).joined(separator: "、"))") }
        if !e.phones.isEmpty { Out.line("  电话 \(e.phones.map(safe).joined(separator: " "))") }
        if let c = e.emergencyContact { Out.line("  紧急联系人 \(safe(c.name)) (\(safe(c.relation))) \(safe(c.phone))") }
        var details: [String] = []
        if let c = e.category { details.append("物业类型 \(c.chinese)") }
        if !e.vehiclePlates.isEmpty { details.append("车牌 \(e.vehiclePlates.map(safe).joined(separator: "、"))") }
        if !e.parking.isEmpty { details.append("车位 \(e.parking.map(safe).joined(separator: "、"))") }
        if !details.isEmpty { Out.line("  " + details.joined(separator: "   ")) }
        if let m = e.moveOut {
            Out.line("  已迁出 \(safe(m.date))  新联系电话 \(safe(m.phone))  邮件转收 \(safe(m.address))")
        }
        if let p = e.previousEnvelope { Out.line("  前一档案袋 \(safe(p))") }
        if let n = e.nextEnvelope { Out.line("  后一档案袋 \(safe(n))") }
        Out.line("  文件清单 (\(e.documents.count)):")
        for (i, d) in e.documents.enumerated() {
            var extra = ""
            if let l = store.register.openLoan(of: d.id) {
                extra = "  借阅人 \(safe(l.loan.borrower)) 应还 \(store.timeFormat.minute(l.due))"
            }
            for i in store.register.openIncidents(document: d.id) {
                extra += "  [\(i.kind.chinese) \(i.id): \(safe(i.note))]"
            }
            let n = String(format: "%2d", i + 1)
            Out.line(
                "  \(n). \(safe(d.kind))  \(safe(d.title))  \(d.original ? "原件" : "复印件")  \(d.secrecy.chinese)  "
                    + "\(store.state(of: d).chinese)  \(safe(d.id))\(extra)")
        }
        if !missing.isEmpty { Out.line("  缺少 (missing): \(missing.map(safe).joined(separator: "、"))") }
        let open = store.register.incidents.filter { $0.isOpen && $0.envelope == e.id }
        if !open.isEmpty {
            Out.line(
                "  未结事故 (open incidents): " + open.map { "\($0.id) \($0.kind.chinese)" }.joined(separator: "; ")
                    + " — dangan incident resolve ID --note …")
        }
        if !reveal && (!e.idNumber.isEmpty || !e.phones.isEmpty) && Mask.mayRevealPersonalNumbers(store) {
            Out.line(
                "  (身份证号和电话已遮盖; dangan show --reveal 显示并登记查询 — masked; --reveal shows them and records the viewing)")
        }
    }
}

/// `dangan search QUERY`: owners, rooms, numbers, barcodes, best first.
struct Search: DanganCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find envelopes by owner (汉字, pinyin, initials), room, number or barcode.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "What to look for: 张伟, zhangwei, zw, 1201, 3-1201, a barcode…") var query: String
    @Option(help: "At most this many results.") var limit: Int = 20
    @OptionGroup var progress: ProgressOption

    func validate() throws {
        if limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func execute() throws {
        let path = try common.path()
        // Text results come from the saved index without opening the archive when it is
        // current (QuickSearch checks that); JSON carries the register's loan counts and
        // opens the archive.
        CommonOptions.warnAboutPlaces(root: path)
        if !common.json, let r = QuickSearch.search(root: path, query: query, limit: limit) {
            for h in r.hits { Out.text(Search.line(h.record, tier: h.tier, field: h.fieldName, text: h.text)) }
            Out.text(Search.summary(total: r.total, shown: r.hits.count))
            return
        }
        let store = try common.open()
        // Building the index (no saved one yet) shows progress.
        let meter = progress.meter("building the search index")
        let engine = SearchEngine(store: store, progress: meter?.progress())
        let results = engine.search(query, limit: limit)
        meter?.finish()
        defer { engine.flush() }  // the index built here is saved for the next search
        if common.json {
            Out.json(
                results.hits.map { h in
                    var j = JSONShapes.envelope(store.envelopes[h.index], store: store)
                    j.rank = h.tier.name
                    j.field = h.fieldName
                    j.matched = h.text
                    return j
                })
            return
        }
        for h in results.hits {
            Out.text(
                Search.line(SearchRecord(store.envelopes[h.index]), tier: h.tier, field: h.fieldName, text: h.text))
        }
        Out.text(Search.summary(total: results.total, shown: results.hits.count))
    }

    /// One result: room, owner, number, place, how it matched (and where, when not the owner).
    static func line(_ s: SearchRecord, tier: MatchTier, field: String, text: String) -> String {
        let safe = Out.safe
        let place = "\(safe(s.cabinet))柜 \(safe(s.building))栋 \(safe(s.floor))层 \(safe(s.unit))"
        let matched = field == "owner" ? "" : "\t\(safe(field)): \(safe(text))"
        return "\(safe(s.roomCode))\t\(safe(s.owner))\t\(safe(s.number))\t\(place)\t\(tier.name)\(matched)\n"
    }

    /// "12 matches, first 10 shown".
    static func summary(total: Int, shown: Int) -> String {
        "\(total) match\(total == 1 ? "" : "es")\(total > shown ? ", first \(shown) shown" : "")\n"
    }
}
