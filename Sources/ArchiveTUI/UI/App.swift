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
        defer { term.stop(); store.close() }
        let exitAfterFirst = ProcessInfo.processInfo.environment["DANGAN_EXIT_AFTER_FIRST_FRAME"] == "1"
        while !state.quit {
            let (w, h) = term.size()
            term.draw(Views.render(state, width: w, height: h))
            if exitAfterFirst { break }
            guard let key = term.readKey(timeoutMs: 1000) else {
                // Idle: show what another dangan may have written.
                if case .normal = state.mode { state.refreshFromDisk() }
                continue
            }
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
                state.handleBurst(burst)
                continue
            }
            state.handle(key)
        }
    }
}

struct ExitCodeError: Error { let code: Int32 }
