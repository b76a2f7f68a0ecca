import ArchiveModel
import Foundation

/// The interactive session: terminal checks, then the loop of draw → key → state.
enum TUIApp {
    static func start(open: () throws -> (String, ArchiveStore)) throws {
        let note: String?
        do { note = try Terminal.preflight() }
        catch let e as Terminal.Unusable { Out.err("dangan: " + e.description); throw ExitCodeError(code: 2) }
        let (_, store) = try open()
        let strings = Strings.fromLocale(ProcessInfo.processInfo.environment, setting: store.settings.language)
        let state = AppState(store: store, strings: strings)
        if let note { state.message = note }
        if !store.problems.isEmpty {
            state.message = strings.t("发现 \(store.problems.count) 个问题 (dangan check 查看详情)", "\(store.problems.count) problem(s) found on disk (see dangan check)")
            state.messageIsError = true
        }
        let term: Terminal
        do { term = try Terminal(note: note) }
        catch let e as Terminal.Unusable { Out.err("dangan: " + e.description); throw ExitCodeError(code: 2) }
        defer {
            term.stop(); store.close()
            state.search.flush() // an index built during the session is saved before the end
            // The process ends in Entry.main, with the store still referenced (OpenedStores).
        }
        let exitAfterFirst = ProcessInfo.processInfo.environment["DANGAN_EXIT_AFTER_FIRST_FRAME"] == "1"
        // Benchmarks: DANGAN_FRAME_LOG=FILE records, per key, the time from the key's arrival
        // to the end of the frame it caused (state change, render, terminal update), in ms, then
        // the CPU time this thread spent on it (wall ≫ CPU means the frame waited: scheduling, I/O).
        let frameLog = ProcessInfo.processInfo.environment["DANGAN_FRAME_LOG"]
        var frames: [(Double, Double, String)] = []
        var keyAt: UInt64? = nil
        var keyCPU: UInt64 = 0
        func threadCPU() -> UInt64 {
            var ts = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
            return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
        }
        var lastKey = ""
        defer {
            if let frameLog {
                try? frames.map { String(format: "%.3f %.3f", $0.0, $0.1) + " " + $0.2 }.joined(separator: "\n").appending("\n")
                    .write(toFile: frameLog, atomically: true, encoding: .utf8)
            }
        }
        var first = true
        while !state.quit {
            let (w, h) = term.size()
            term.draw(Views.render(state, width: w, height: h))
            if let k = keyAt, frameLog != nil {
                frames.append((Double(DispatchTime.now().uptimeNanoseconds - k) / 1e6, Double(threadCPU() - keyCPU) / 1e6, lastKey))
            }
            keyAt = nil
            if exitAfterFirst { break }
            if first {
                // The search index loads (or is built) while the archivist looks at the first screen.
                first = false
                state.search.prepareInBackground()
            }
            guard let key = term.readKey(timeoutMs: 1000) else {
                // Idle: show what another dangan may have written.
                if case .normal = state.mode { state.refreshFromDisk() }
                continue
            }
            keyAt = DispatchTime.now().uptimeNanoseconds
            if frameLog != nil { lastKey = "\(key)"; keyCPU = threadCPU() }
            if key == .ctrl("c") { break }
            // A keyboard-wedge barcode scanner types its characters and Enter within a few ms.
            if case .normal = state.mode, case .char(let c) = key, c.isASCII, c.isUppercase || c.isNumber {
                // (Lower-case letters are commands and are not delayed.)
                var burst: [Key] = [key]
                while burst.count < 64, let k = term.readKey(timeoutMs: 25) {
                    burst.append(k)
                    if k == .enter { break }
                    guard case .char = k else { break }
                }
                keyAt = DispatchTime.now().uptimeNanoseconds // the frame starts when the burst is complete
                if frameLog != nil { keyCPU = threadCPU() }
                state.handleBurst(burst)
                continue
            }
            state.handle(key)
        }
    }
}

struct ExitCodeError: Error { let code: Int32 }
