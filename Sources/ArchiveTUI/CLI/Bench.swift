import ArchiveModel
import ArgumentParser
import Foundation

/// `dangan bench-search`: builds the search index over an archive, replays realistic queries
/// keystroke by keystroke (typing forward and backspacing) and prints per-keystroke latency,
/// index build time and memory. Timing lives here, never in a test.
struct BenchSearch: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-search", abstract: "Benchmark owner search keystroke by keystroke.",
                                                    shouldDisplay: false)
    @OptionGroup var options: ArchiveOption
    @Option(help: "Write the queries (one per line) to this file, for the whole-process peers.") var queriesOut: String?
    @Option(help: "Write one line per envelope (room, owner, co-owners, tenants, number, barcode) for fzf and grep.") var namesOut: String?

    static let queries = ["张伟", "zhangwei", "zhang wei", "zw", "欧阳", "ouyangming", "oym", "shanlh", "wangjianguo", "wjg",
                          "李", "lim", "chen", "1201", "3-1201", "3栋1201", "KH-2019", "DA0003", "john", "zhuge"]

    func run() throws {
        try ArchiveTUI.run {
            let t0 = Date()
            let store = try options.open()
            let tOpen = Date().timeIntervalSince(t0)
            let rss0 = BenchSearch.rssMB()
            let engine = SearchEngine(store: store)
            let t1 = Date()
            _ = engine.search("", limit: 1)
            engine.index.build(store.envelopes)
            let tBuild = Date().timeIntervalSince(t1)
            let rss1 = BenchSearch.rssMB()
            var lat: [Double] = []
            var perKind: [String: [Double]] = [:]
            for q in BenchSearch.queries {
                let e = SearchEngine(store: store)
                e.adopt(engine.index, generation: store.summaryGeneration)
                var typed = ""
                var seq = Array(q).map { String($0) }
                // type it, backspace two, retype them
                let chars = Array(q)
                for c in chars { typed.append(c); seq.append(typed) }
                seq = Array(seq.dropFirst(chars.count))
                if typed.count > 2 { seq.append(String(typed.dropLast())); seq.append(String(typed.dropLast(2))); seq.append(String(typed.dropLast())); seq.append(typed) }
                for s in seq {
                    let a = DispatchTime.now().uptimeNanoseconds
                    _ = e.search(s, limit: 50)
                    let ms = Double(DispatchTime.now().uptimeNanoseconds - a) / 1e6
                    lat.append(ms)
                    perKind[q, default: []].append(ms)
                }
            }
            lat.sort()
            func pct(_ p: Double) -> Double { lat[min(lat.count - 1, Int(Double(lat.count) * p))] }
            print(String(format: "envelopes %d  open %.0f ms  index build %.0f ms  index memory +%.0f MB (RSS %.0f MB)",
                         store.envelopes.count, tOpen * 1000, tBuild * 1000, rss1 - rss0, rss1))
            print(String(format: "keystrokes %d  median %.3f ms  p99 %.3f ms  max %.3f ms", lat.count, pct(0.5), pct(0.99), lat.last ?? 0))
            for q in BenchSearch.queries {
                let v = perKind[q]!.sorted()
                print(String(format: "  %-14@ keys %2d  first %.2f ms  median %.3f ms  max %.2f ms", q as NSString, v.count, perKind[q]![0], v[v.count / 2], v.last!))
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
