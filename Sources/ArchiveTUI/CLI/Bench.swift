import ArchiveModel
import ArgumentParser
import Foundation

/// `dangan bench-search`: builds the search index over an archive, loads it back as a new
/// process would, replays realistic queries keystroke by keystroke (typing forward and
/// backspacing) and prints per-keystroke latency, build and load times and memory. Timing
/// lives here and in scripts/bench, never in a test.
struct BenchSearch: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-search", abstract: "Benchmark owner search keystroke by keystroke.",
                                                    shouldDisplay: false)
    @OptionGroup var options: ArchiveOption
    @Option(help: "Write the queries (one per line) to this file, for the whole-process peers.") var queriesOut: String?
    @Option(help: "Write one line per envelope (room, owner, co-owners, tenants, number, barcode) for fzf and grep.") var namesOut: String?
    @Flag(help: "Print one line of JSON with the figures instead of text.") var json = false
    @Option(help: "How many times to build the index (the median is reported).") var builds = 3

    /// Queries as archivists type them: hanzi, full pinyin, initials, mixtures, rooms, numbers, barcodes, Latin names.
    static let queries = ["张伟", "zhangwei", "zhang wei", "zw", "欧阳", "ouyangming", "oym", "shanlh", "wangjianguo", "wjg",
                          "李", "lim", "chen", "1201", "3-1201", "3栋1201", "KH-2019", "DA0003", "john", "zhuge"]

    /// The keystrokes of typing `q`, then backspacing two characters and typing them again.
    static func keystrokes(_ q: String) -> [String] {
        var seq: [String] = []
        var typed = ""
        for c in q { typed.append(c); seq.append(typed) }
        if typed.count > 2 { seq += [String(typed.dropLast()), String(typed.dropLast(2)), String(typed.dropLast()), typed] }
        return seq
    }

    func run() throws {
        try ArchiveTUI.run {
            let t0 = Date()
            let store = try options.open()
            let tOpen = Date().timeIntervalSince(t0)
            let rss0 = BenchSearch.rssMB()
            var buildTimes: [Double] = []
            var engine = SearchEngine(store: store)
            var buildRSS = 0.0
            for _ in 0..<max(1, builds) {
                engine = SearchEngine(store: store)
                let a = Date()
                engine.rebuild()
                buildTimes.append(Date().timeIntervalSince(a) * 1000)
                buildRSS = max(buildRSS, BenchSearch.rssMB())
            }
            buildTimes.sort()
            let size = Double(engine.imageSize) / 1_048_576
            engine = SearchEngine(store: store) // drop the built index
            let rss1 = BenchSearch.rssMB()
            var loadTimes: [Double] = []
            for _ in 0..<5 {
                let e = SearchEngine(store: store)
                let a = Date()
                guard e.loadSaved() else { throw ValidationError("the saved index could not be loaded back") }
                loadTimes.append(Date().timeIntervalSince(a) * 1000)
                engine = e
            }
            loadTimes.sort()
            var lat: [Double] = []
            var lines: [String] = []
            for q in BenchSearch.queries {
                var v: [Double] = []
                var last = SearchResults(hits: [], total: 0)
                for s in BenchSearch.keystrokes(q) {
                    let a = DispatchTime.now().uptimeNanoseconds
                    last = engine.search(s, limit: 50)
                    v.append(Double(DispatchTime.now().uptimeNanoseconds - a) / 1e6)
                }
                lat += v
                let sv = v.sorted()
                lines.append(String(format: "  %-12@ keys %2d  first %6.2f ms  median %6.3f ms  max %6.2f ms  matches %d", q as NSString, v.count, v[0], sv[sv.count / 2], sv.last!, last.total))
            }
            let rss2 = BenchSearch.rssMB()
            lat.sort()
            func pct(_ p: Double) -> Double { lat[min(lat.count - 1, Int(Double(lat.count) * p))] }
            if json {
                let o: [String: Double] = ["envelopes": Double(store.envelopes.count), "open_ms": tOpen * 1000, "build_ms": buildTimes[buildTimes.count / 2],
                                           "build_min_ms": buildTimes.first!, "build_max_ms": buildTimes.last!, "build_peak_rss_mb": buildRSS - rss0,
                                           "load_ms": loadTimes[loadTimes.count / 2], "load_max_ms": loadTimes.last!, "index_mb": size,
                                           "search_rss_mb": rss2 - rss1, "keys": Double(lat.count), "key_median_ms": pct(0.5), "key_p99_ms": pct(0.99),
                                           "key_max_ms": lat.last ?? 0]
                let d = try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys])
                print(String(decoding: d, as: UTF8.self))
            } else {
                print(String(format: "envelopes %d  archive open %.0f ms", store.envelopes.count, tOpen * 1000))
                print(String(format: "index build (from the summaries, saved to .dangan): median %.0f ms (min %.0f, max %.0f), file %.0f MB, peak +%.0f MB while building",
                             buildTimes[buildTimes.count / 2], buildTimes.first!, buildTimes.last!, size, buildRSS - rss0))
                print(String(format: "index load (as a new process): median %.1f ms (max %.1f)", loadTimes[loadTimes.count / 2], loadTimes.last!))
                print(String(format: "memory added by search (loaded index + queries): %.0f MB", rss2 - rss1))
                print(String(format: "keystrokes %d  median %.3f ms  p99 %.3f ms  max %.3f ms", lat.count, pct(0.5), pct(0.99), lat.last ?? 0))
                lines.forEach { print($0) }
            }
            if let out = namesOut {
                var text = ""
                text.reserveCapacity(store.envelopes.count * 48)
                for e in store.envelopes {
                    text += "\(e.roomCode) \(e.owner) \((e.coOwners + e.tenants).joined(separator: " ")) \(e.number) \(e.barcode)\n"
                }
                try text.write(toFile: out, atomically: true, encoding: .utf8)
            }
            if let out = queriesOut {
                try BenchSearch.queries.joined(separator: "\n").appending("\n").write(toFile: out, atomically: true, encoding: .utf8)
            }
        }
    }

    static func rssMB() -> Double {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for l in s.split(separator: "\n") where l.hasPrefix("VmRSS:") {
            return Double(l.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0) / 1024
        }
        return 0
    }
}
