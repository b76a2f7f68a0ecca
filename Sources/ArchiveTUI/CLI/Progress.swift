import ArchiveModel
import ArgumentParser
import Foundation

/// `--quiet` for the commands that show progress on long work.
struct ProgressOption: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Show no progress meter (there is none when standard error is not a terminal).")
    var quiet = false

    /// A meter on standard error, or nil when quiet or when standard error is not a terminal.
    func meter(_ label: String) -> ProgressMeter? {
        guard !quiet, isatty(2) == 1 else { return nil }
        return ProgressMeter(label: label)
    }
}

/// A one-line progress meter on a terminal: done / total, percent, rate and time left, drawn
/// again in place at most five times a second and erased when the work ends (the command then
/// prints its own result).
///
///     generating  420,000/1,000,000  42%  1,850/s  5 min 14 s left
final class ProgressMeter: @unchecked Sendable {
    let label: String
    private let lock = NSLock()
    /// When the count last started (a new phase of the work starts again from 0).
    private var started: UInt64
    private var lastDraw: UInt64 = 0
    private var drawn = false

    init(label: String) {
        self.label = label
        started = DispatchTime.now().uptimeNanoseconds
    }

    /// A `WorkProgress` whose changes this meter shows.
    func progress() -> WorkProgress { WorkProgress { [self] s in self.update(s) } }

    func update(_ s: WorkProgress.Snapshot) {
        let now = DispatchTime.now().uptimeNanoseconds
        lock.lock()
        defer { lock.unlock() }
        if s.done == 0 { started = now }
        // The first update and then at most every 200 ms; the last one always.
        if drawn && now - lastDraw < 200_000_000 && !(s.total > 0 && s.done >= s.total) { return }
        lastDraw = now
        drawn = true
        let line = ProgressMeter.line(label: label, done: s.done, total: s.total, seconds: Double(now - started) / 1e9)
        FileHandle.standardError.write(Data(("\r\u{1b}[K" + line).utf8))
    }

    /// Clears the meter's line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1b}[K".utf8)) }
        drawn = false
    }

    /// The meter's text after `seconds` of work.
    static func line(label: String, done: Int, total: Int, seconds: Double) -> String {
        if total == 0 && done == 0 { return label + " …" }
        var parts = [label]
        parts.append(total > 0 ? "\(grouped(done))/\(grouped(total))" : grouped(done))
        if total > 0 { parts.append("\(min(100, done * 100 / total))%") }
        if seconds >= 0.5 && done > 0 {
            let rate = Double(done) / seconds
            parts.append("\(grouped(Int(rate.rounded())))/s")
            if total > done { parts.append(duration(Double(total - done) / rate) + " left") }
        }
        return parts.joined(separator: "  ")
    }

    static func grouped(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, c) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    static func duration(_ s: Double) -> String {
        let t = Int(s.rounded(.up))
        if t < 60 { return "\(t) s" }
        if t < 3600 { return "\(t / 60) min \(t % 60) s" }
        return "\(t / 3600) h \(t % 3600 / 60) min"
    }
}
