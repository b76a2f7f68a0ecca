import ArchiveModel
import Foundation

/// The "now" every date-sensitive test runs at. Fixed by default (2026-11-20 10:00 +08:00);
/// `.ci/run` runs the date-sensitive tests again under other dates (a month end, a New Year's
/// Day) through `DANGAN_TEST_NOW`, so that no test depends on the day it runs. The binary is
/// given the same time through `DANGAN_NOW`.
public enum TestClock {
    public static let timeFormat = TimeFormat(identifier: "Asia/Shanghai")
    public static let defaultText = "2026-11-20T10:00:00+08:00"

    /// ISO 8601 text of the test's now.
    public static let text: String = {
        let env = ProcessInfo.processInfo.environment["DANGAN_TEST_NOW"] ?? ""
        return env.isEmpty ? defaultText : env
    }()

    public static let now: Date = {
        guard let d = timeFormat.parse(text) else { fatalError("DANGAN_TEST_NOW is not an ISO 8601 time: \(text)") }
        return d
    }()

    /// YYYY-MM of now.
    public static var month: String { timeFormat.month(now) }
    /// "YYYY-MM-DD HH:MM" of now plus `days` days.
    public static func minute(plusDays days: Double) -> String {
        timeFormat.minute(now.addingTimeInterval(days * 86400))
    }
    /// Environment for a `dangan` process run by a test.
    public static var environment: [String: String] { ["DANGAN_NOW": text] }
}
