import ArchiveModel
import Foundation

/// "Now" for the whole process. Tests and reproductions give it with `--now TIME` or the
/// environment variable `DANGAN_NOW` (ISO 8601, e.g. 2026-11-20T10:00:00+08:00); otherwise
/// it is the system clock. A fixed time stays fixed for the whole run.
enum InjectedClock {
    static let environmentVariable = "DANGAN_NOW"

    /// The time in `text`, or nil when it is not ISO 8601.
    static func parse(_ text: String) -> Date? { TimeFormat(identifier: "Asia/Shanghai").parse(text) }

    /// Installs the clock from the option, else the environment. Call before opening a store.
    static func install(option: String?) throws {
        let text = option ?? ProcessInfo.processInfo.environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        guard let text else { return }
        guard let fixed = parse(text) else {
            let source = option != nil ? "--now" : environmentVariable
            throw ArchiveError.invalidField(
                field: source, reason: "must be an ISO 8601 time such as 2026-11-20T10:00:00+08:00")
        }
        ArchiveStore.defaultClock = { fixed }
    }
}
