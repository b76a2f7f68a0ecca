import ArchiveModel
import Foundation

/// The interactive session: terminal checks, then the loop — input → message → update →
/// effects → draw.
enum TUIApp {
    /// `open` gives the archive's store and, on the first run, where the sample was copied.
    static func start(open: () throws -> (ArchiveStore, firstRun: String?)) throws {
        let localeNote: String?
        do { localeNote = try Terminal.preflight() } catch let e as Terminal.Unusable {
            Out.err("dangan: " + e.description)
            throw ExitCodeError(code: 2)
        }
        let (store, firstRun) = try open()
        let env = ProcessInfo.processInfo.environment
        let progress = WorkProgress()
        let search = SearchEngine(store: store, progress: progress)
        var state = AppState(lang: Lang.from(environment: env, setting: store.settings.language))
        let operatorKnown = store.operatorMember != nil  // the login, mapped in the staff list
        if let firstRun {
            state.welcome = WelcomeNote(
                copiedTo: firstRun, operatorUnknown: !operatorKnown, operatorName: store.operatorName)
        }
        if !operatorKnown { state.status = Status(T.Status.operatorUnknown(store.operatorName), .error) }
        if let cs = localeNote { state.status = Status(T.Status.localeFallback(cs)) }
        if !store.problems.isEmpty { state.status = Status(T.Status.problems(store.problems.count), .error) }
        let term: Terminal
        do { term = try Terminal() } catch let e as Terminal.Unusable {
            Out.err("dangan: " + e.description)
            throw ExitCodeError(code: 2)
        }
        let (w, h) = term.size()
        state.width = w
        state.height = h
        let program = Program(state: state, env: Env(store: store, search: search))
        defer {
            term.stop()
            store.close()
            search.flush()  // an index built during the session is saved before the end
            // End here rather than release a million envelope summaries one by one.
            // (The frame log, deferred later, is written before this runs.)
            fflush(nil)
            exit(0)
        }
        let exitAfterFirst = env["DANGAN_EXIT_AFTER_FIRST_FRAME"] == "1"
        // Benchmarks: DANGAN_FRAME_LOG=FILE records, per key, the time from the key's arrival
        // to the end of the frame it caused (state change, render, terminal update), in ms, then
        // the CPU time this thread spent on it (wall ≫ CPU means the frame waited: scheduling, I/O).
        let frameLog = env["DANGAN_FRAME_LOG"]
        var frames: [(Double, Double, String)] = []
        var keyAt: UInt64? = nil
        var keyCPU: UInt64 = 0
        func threadCPU() -> UInt64 {
            var ts = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
            return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
        }
        func nowMs() -> Int { Int(DispatchTime.now().uptimeNanoseconds / 1_000_000) }
        var lastKey = ""
        defer {
            if let frameLog {
                try? frames.map { String(format: "%.3f %.3f", $0.0, $0.1) + " " + $0.2 }.joined(separator: "\n")
                    .appending("\n")
                    .write(toFile: frameLog, atomically: true, encoding: .utf8)
            }
        }
        var first = true
        while !program.state.quit {
            if program.redrawRequested {
                program.redrawRequested = false
                term.forceFullRedraw()
            }
            term.draw(program.screen)
            if let k = keyAt, frameLog != nil {
                frames.append(
                    (
                        Double(DispatchTime.now().uptimeNanoseconds - k) / 1e6, Double(threadCPU() - keyCPU) / 1e6,
                        lastKey
                    ))
            }
            keyAt = nil
            if exitAfterFirst { break }
            if first {
                // The search index loads (or is built) while the archivist looks at the first screen.
                first = false
                search.prepareInBackground()
            }
            // While the index is being built its progress shows; otherwise wake once a second.
            let building = {
                let p = progress.snapshot
                return p.total > 0 && !p.finished
            }()
            guard let input = term.read(timeoutMs: building ? 200 : 1000) else {
                // Idle: show what another dangan may have written, and the index's progress.
                if case .browse = program.state.mode { store.refreshJournal() }
                let p = progress.snapshot
                if p != program.state.indexProgress { program.send(.indexProgress(p)) } else { program.send(.tick) }
                continue
            }
            keyAt = DispatchTime.now().uptimeNanoseconds
            if frameLog != nil {
                lastKey = "\(input)"
                keyCPU = threadCPU()
            }
            store.refreshJournal()
            switch input {
            case .resize:
                let (w, h) = term.size()
                program.send(.resize(width: w, height: h))
            case .mouse(let a, let x, let y):
                program.send(.mouse(MouseEvent(a, x: x, y: y, at: nowMs())))
            case .key(let key):
                // A keyboard-wedge barcode scanner types its characters and Enter within a few ms.
                if case .browse = program.state.mode, case .char(let c) = key, c.isASCII, c.isUppercase || c.isNumber {
                    // (Lower-case letters are commands and are not delayed.)
                    var burst: [Key] = [key]
                    while burst.count < 64, case .key(let k)? = term.read(timeoutMs: 25) {
                        burst.append(k)
                        if k == .enter { break }
                        guard case .char = k else { break }
                    }
                    keyAt = DispatchTime.now().uptimeNanoseconds  // the frame starts when the burst is complete
                    if frameLog != nil { keyCPU = threadCPU() }
                    for m in Burst.messages(burst) { program.send(m) }
                    continue
                }
                program.send(.key(key))
            }
        }
    }
}

/// Keys that arrived together. Four or more characters ended by Enter within a few ms are a
/// barcode scan; anything else is handled key by key.
public enum Burst {
    public static func messages(_ keys: [Key]) -> [Msg] {
        var code = ""
        for k in keys.dropLast() { if case .char(let c) = k { code.append(c) } }
        if keys.count >= 5, keys.last == .enter, code.count == keys.count - 1 { return [.scan(code)] }
        return keys.map { .key($0) }
    }
}

struct ExitCodeError: Error { let code: Int32 }
