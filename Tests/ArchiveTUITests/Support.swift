import Foundation
import TestSupport
import XCTest

@testable import ArchiveModel
@testable import ArchiveTUI

/// A fresh 200-envelope sample archive (the generator's, seed 20261120) dated `now`.
func sampleArchive(now: Date = TestClock.now) throws -> String {
    let path = NSTemporaryDirectory() + "dangan-view-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try Generator(envelopes: 200, seed: 20_261_120, now: now).write(to: path)
    return path
}

/// The UI program over a fresh sample archive, "now" fixed (TestClock unless given), the
/// operator the sample's archivist.
func sampleProgram(
    width: Int = 100, height: Int = 30, lang: Lang = .en, now: Date = TestClock.now, operatorName: String = "李敏"
) throws -> Program {
    let store = try ArchiveStore.open(try sampleArchive(now: now))
    store.clock = { now }
    store.operatorName = operatorName
    return Program(
        state: AppState(lang: lang, width: width, height: height),
        env: Env(store: store, search: SearchEngine(store: store, persist: false)))
}

extension Program {
    func keys(_ ks: Key...) { for k in ks { send(k) } }
    func text(_ w: Int? = nil, _ h: Int? = nil) -> String {
        if let w, let h { send(.resize(width: w, height: h)) }
        return screen.text
    }
    var store: ArchiveStore { env.store }
    var documents: [Document] { state.allDocuments(env) }
    var selectedEnvelope: EnvelopeSummary? { state.selectedEnvelope(env) }
    var selectedDocument: Document? { state.selectedDocument(env) }

    /// Finds an owner with `/` and jumps to the envelope.
    func go(to owner: String) {
        send(.char("/"))
        type(owner)
        send(.enter)
    }

    /// Selects the document at `i` of the documents pane (focus there).
    func selectDocument(_ i: Int) {
        state.focus = .documents
        state[.documents].cursor.selected = i
        send(.tick)
    }

    var form: (any FormModel)? {
        if case .form(let f) = state.mode { return f }
        return nil
    }
}
