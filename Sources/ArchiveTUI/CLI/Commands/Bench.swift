import ArchiveModel
import ArgumentParser
import Foundation

/// `dangan bench-search`: builds the search index over an archive, loads it back as a new
/// process would, replays realistic queries keystroke by keystroke (typing forward and
/// backspacing) and prints per-keystroke latency, build and load times and memory. Timing
/// lives here and in scripts/bench, never in a test.
struct BenchSearch: DanganCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-search", abstract: "Benchmark owner search keystroke by keystroke.",
        shouldDisplay: false)
    @OptionGroup var common: CommonOptions
    @Option(help: "Write the queries (one per line) to this file, for the whole-process peers.") var queriesOut: String?
    @Option(help: "Write one line per envelope (room, owner, co-owners, tenants, number, barcode) for fzf and grep.")
    var namesOut: String?
    @Option(help: "How many times to build the index (the median is reported; 0 uses the saved one).") var builds = 3

    /// Queries as archivists type them: hanzi, full pinyin, initials, mixtures, rooms, numbers, barcodes, Latin names.
    static let queries = [
        "张伟", "zhangwei", "zhang wei", "zw", "欧阳", "ouyangming", "oym", "shanlh", "wangjianguo", "wjg",
        "李", "lim", "chen", "1201", "3-1201", "3栋1201", "KH-2019", "DA0003", "john", "zhuge",
    ]

    /// The keystrokes of typing `q`, then backspacing two characters and typing them again.
    static func keystrokes(_ q: String) -> [String] {
        var seq: [String] = []
        var typed = ""
        for c in q {
            typed.append(c)
            seq.append(typed)
        }
        if typed.count > 2 {
            seq += [String(typed.dropLast()), String(typed.dropLast(2)), String(typed.dropLast()), typed]
        }
        return seq
    }

    func execute() throws {
        let t0 = Date()
        let store = try common.open()
        // Part of opening the archive (the first envelope shown looks itself up by id).
        let tID = Date()
        _ = store.index(ofEnvelope: store.envelopes.first?.id ?? "")
        let tIDms = Date().timeIntervalSince(tID) * 1000
        let tOpen = Date().timeIntervalSince(t0)
        let rss0 = BenchSearch.rssMB()
        var buildTimes: [Double] = []
        var saveTimes: [Double] = []
        var engine = SearchEngine(store: store)
        var buildRSS = 0.0
        for _ in 0..<max(0, builds) {
            engine = SearchEngine(store: store)
            let a = Date()
            engine.rebuild()
            buildTimes.append(Date().timeIntervalSince(a) * 1000)
            buildRSS = max(buildRSS, BenchSearch.rssMB())
            let b = Date()
            engine.flush()
            saveTimes.append(Date().timeIntervalSince(b) * 1000)
        }
        engine = SearchEngine(store: store)  // drop the built index
        let rss1 = BenchSearch.rssMB()
        var loadTimes: [Double] = []
        for _ in 0..<5 {
            let e = SearchEngine(store: store)
            let a = Date()
            guard e.loadSaved() else { throw ValidationError("the saved index could not be loaded back") }
            loadTimes.append(Date().timeIntervalSince(a) * 1000)
            engine = e
        }
        let size = Double(engine.imageSize) / 1_048_576  // the saved image, as loaded
        var lat: [Double] = []
        var lines: [String] = []
        for q in BenchSearch.queries {
            var v: [Double] = []
            var last = SearchResults(hits: [], total: 0)
            for s in BenchSearch.keystrokes(q) {
                let a = DispatchTime.now().uptimeNanoseconds
                last = engine.search(s, limit: SearchEngine.pageSize)  // what the UI asks for
                v.append(Double(DispatchTime.now().uptimeNanoseconds - a) / 1e6)
            }
            lat += v
            let sv = BenchStats(v)
            lines.append(
                String(
                    format: "  %-12@ keys %2d  first %6.2f ms  median %6.3f ms  max %6.2f ms  matches %d",
                    q as NSString, v.count, v[0], sv.median, sv.max, last.total))
        }
        let rss2 = BenchSearch.rssMB()
        let keys = BenchStats(lat)
        let load = BenchStats(loadTimes)
        // With --builds 0 nothing was built: the build figures are left out, not made up.
        let build = buildTimes.isEmpty ? nil : BenchStats(buildTimes)
        let save = saveTimes.isEmpty ? nil : BenchStats(saveTimes)
        if common.json {
            var o: [String: Double] = [
                "envelopes": Double(store.envelopes.count), "open_ms": tOpen * 1000,
                "load_ms": load.median, "load_max_ms": load.max, "index_mb": size,
                "search_rss_mb": rss2 - rss1, "keys": Double(lat.count), "key_median_ms": keys.median,
                "key_p99_ms": keys.p99,
                "key_max_ms": keys.max,
            ]
            if let build, let save {
                o["build_ms"] = build.median
                o["build_min_ms"] = build.min
                o["build_max_ms"] = build.max
                o["save_ms"] = save.median
                o["build_peak_rss_mb"] = buildRSS - rss0
            }
            Out.jsonLine(o)
        } else {
            Out.line(
                String(
                    format: "envelopes %d  archive open %.0f ms (of which the id table %.0f ms)", store.envelopes.count,
                    tOpen * 1000, tIDms))
            if let build, let save {
                Out.line(
                    String(
                        format:
                            "index build (from the summaries, ready to query): median %.0f ms (min %.0f, max %.0f), "
                            + "peak +%.0f MB while building",
                        build.median, build.min, build.max, buildRSS - rss0))
                Out.line(
                    String(
                        format: "index save (written to .dangan meanwhile; waited for after): median %.0f ms more",
                        save.median))
            }
            Out.line(
                String(
                    format: "index load (as a new process): median %.1f ms (max %.1f), file %.0f MB", load.median,
                    load.max, size))
            Out.line(String(format: "memory added by search (loaded index + queries): %.0f MB", rss2 - rss1))
            Out.line(
                String(
                    format: "keystrokes %d  median %.3f ms  p99 %.3f ms  max %.3f ms", lat.count, keys.median, keys.p99,
                    keys.max))
            for line in lines { Out.line(line) }
        }
        if let out = namesOut {
            var text = ""
            text.reserveCapacity(store.envelopes.count * 48)
            for e in store.envelopes {
                let people = (e.coOwners + e.tenants).joined(separator: " ")
                text += "\(e.roomCode) \(e.owner) \(people) \(e.number) \(e.barcode)\n"
            }
            try text.write(toFile: out, atomically: true, encoding: .utf8)
        }
        if let out = queriesOut {
            try BenchSearch.queries.joined(separator: "\n").appending("\n").write(
                toFile: out, atomically: true, encoding: .utf8)
        }
    }

    /// The process's resident size now, in MB (from /proc).
    static func rssMB() -> Double {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for l in s.split(separator: "\n") where l.hasPrefix("VmRSS:") {
            return Double(l.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0) / 1024
        }
        return 0
    }
}

/// `dangan bench-lend`: lends and takes back one document `rounds` times through the store (each
/// a durable journal entry), and times a bare durable write of a file of the journal entry's
/// size (write a temporary file, fsync, rename, fsync the folder) in the same process and
/// folder. Prints one line of JSON. The loans are real register entries (purpose "基准测试"), made by
/// the login running it (the archivist, in scripts/bench).
struct BenchLend: DanganCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-lend", abstract: "Benchmark a durable loan against a bare durable write.",
        shouldDisplay: false)
    @OptionGroup var common: CommonOptions
    @Option(help: "How many loans (each also returned).") var rounds = 20

    func execute() throws {
        let store = try common.open()
        // A copy without secrecy, on the shelf: any staff member may borrow it short-term.
        var picked: (Envelope, Document)? = nil
        for s in store.envelopes.prefix(5000) where s.status == .active && s.damaged == nil {
            guard let e = try? store.envelope(id: s.id) else { continue }
            if let d = e.documents.first(where: {
                !$0.original && $0.secrecy == .none && store.state(of: $0) == .present
            }) {
                picked = (e, d)
                break
            }
        }
        guard let (env, doc) = picked else { throw ValidationError("no lendable document found") }
        var borrow: [Double] = []
        var back: [Double] = []
        var peer: [Double] = []
        var entryBytes = 0
        let peerDir = store.root + "/.dangan/bench-peer"
        try DurableIO.makeDirs(peerDir)
        defer { try? DurableIO.removeTree(peerDir) }
        for _ in 0..<max(1, rounds) {
            var a = DispatchTime.now().uptimeNanoseconds
            let (d, loan) = try store.borrow(
                LoanRequest(
                    documents: [doc.id], borrower: "赵磊", department: "客户服务中心", purpose: "基准测试", approver: "王建国",
                    type: .short))
            guard d.allowed, loan != nil else { throw ValidationError("the loan was refused: \(d.rule) \(d.message)") }
            borrow.append(Double(DispatchTime.now().uptimeNanoseconds - a) / 1e6)
            if entryBytes == 0, let rel = store.lastEntryPath, case .ok(let b) = DurableIO.read(store.root + "/" + rel)
            {
                entryBytes = b.count
            }
            a = DispatchTime.now().uptimeNanoseconds
            try store.returnDocuments([doc.id], complete: true)
            back.append(Double(DispatchTime.now().uptimeNanoseconds - a) / 1e6)
            let bytes = [UInt8](repeating: 0x61, count: max(1, entryBytes))
            a = DispatchTime.now().uptimeNanoseconds
            try DurableIO.writeAtomic(peerDir + "/entry.json", bytes)
            peer.append(Double(DispatchTime.now().uptimeNanoseconds - a) / 1e6)
        }
        store.close()
        let o: [String: Any] = [
            "document": doc.id, "envelope": env.id, "entry_bytes": entryBytes, "rounds": borrow.count,
            "borrow_ms": BenchStats(borrow).dictionary, "return_ms": BenchStats(back).dictionary,
            "peer_ms": BenchStats(peer).dictionary,
            "rss_mb": BenchSearch.rssMB(),
        ]
        Out.jsonLine(o)
    }
}

/// `dangan bench-write DIR BYTES`: the whole-process peer of a loan: one bare durable write.
struct BenchWrite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-write", abstract: "One durable write (benchmark peer).", shouldDisplay: false)
    @Argument var dir: String
    @Argument var bytes: Int

    func run() throws {
        try DurableIO.writeAtomic(dir + "/entry.json", [UInt8](repeating: 0x61, count: max(1, bytes)))
    }
}

/// `dangan bench-browse`: the browsing keys of scripts/bench, handled and rendered into the
/// screen buffer in-process (no terminal): what a frame costs to compute. Prints JSON.
struct BenchBrowse: DanganCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-browse", abstract: "Benchmark frame computation while browsing.",
        shouldDisplay: false)
    @OptionGroup var common: CommonOptions
    @Option var width = 120
    @Option var height = 40

    func execute() throws {
        let store = try common.open()
        let prog = Program(
            state: AppState(lang: .en, width: width, height: height),
            env: Env(store: store, search: SearchEngine(store: store)))
        _ = prog.screen
        // The keys scripts/bench sends in tmux.
        var keys: [Key] =
            [.char("l")] + Array(repeating: .char("j"), count: 200) + [.end] + Array(repeating: .char("k"), count: 50)
        keys += [.home] + Array(repeating: .pageDown, count: 10)
        for _ in 0..<20 { keys += [.char("l"), .char("h")] }
        keys +=
            [.char("h"), .char("h")] + Array(repeating: .char("j"), count: 20) + [.char("l")]
            + Array(repeating: .char("j"), count: 50)
        var ms: [Double] = []
        for k in keys {
            let a = DispatchTime.now().uptimeNanoseconds
            prog.send(k)
            _ = prog.screen
            ms.append(Double(DispatchTime.now().uptimeNanoseconds - a) / 1e6)
        }
        let f = BenchStats(ms)
        let o: [String: Double] = [
            "keys": Double(ms.count), "median_ms": f.median, "p99_ms": f.p99,
            "max_ms": f.max,
            "cabinet_envelopes": Double(store.envelopes(inCabinet: store.cabinets.first?.code ?? "").count),
        ]
        Out.jsonLine(o)
    }
}

/// Median, p99, min and max of a benchmark's samples (at least one).
struct BenchStats {
    let median, p99, min, max: Double
    init(_ samples: [Double]) {
        let v = samples.sorted()
        median = v[v.count / 2]
        p99 = v[Swift.min(v.count - 1, Int(Double(v.count) * 0.99))]
        min = v[0]
        max = v[v.count - 1]
    }
    var dictionary: [String: Double] { ["median": median, "min": min, "max": max] }
}
