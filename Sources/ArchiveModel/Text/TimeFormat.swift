import Foundation

/// Dates in the register are written as ISO 8601 with the archive's UTC offset,
/// e.g. 2026-11-23T09:30:00+08:00. Hand-written (and tested) because Foundation's
/// formatters are slow on Linux and not Sendable.
public struct TimeFormat: Sendable {
    /// The archive's time zone (`Settings.timeZone`); every day, month and time shown is in it.
    public let timeZone: TimeZone
    /// Times in `timeZone`.
    public init(timeZone: TimeZone) { self.timeZone = timeZone }
    /// Times in the IANA zone `identifier`; UTC+8 when the name is unknown.
    public init(identifier: String) {
        self.timeZone = TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 8 * 3600)!
    }

    /// A local date and time in the archive's zone (no offset).
    public struct Parts: Equatable, Sendable { public var year, month, day, hour, minute, second: Int }

    /// The local date and time of `d` in the archive's zone.
    public func parts(_ d: Date) -> Parts {
        let off = timeZone.secondsFromGMT(for: d)
        let t = Int(floor(d.timeIntervalSince1970)) + off
        var days = t / 86400
        var secs = t % 86400
        if secs < 0 {
            secs += 86400
            days -= 1
        }
        let (y, m, dd) = TimeFormat.civil(fromDays: days)
        return Parts(year: y, month: m, day: dd, hour: secs / 3600, minute: (secs % 3600) / 60, second: secs % 60)
    }

    /// The instant of local date and time `p` (in a DST gap or overlap, one of the two readings).
    public func date(_ p: Parts) -> Date {
        let days = TimeFormat.days(fromCivil: p.year, p.month, p.day)
        let local = days * 86400 + p.hour * 3600 + p.minute * 60 + p.second
        // The offset depends on the instant; two passes settle DST transitions.
        var guess = Date(
            timeIntervalSince1970: Double(
                local - timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local)))))
        guess = Date(timeIntervalSince1970: Double(local - timeZone.secondsFromGMT(for: guess)))
        return guess
    }

    /// `d` as ISO 8601 with the zone's offset, to the second: 2026-11-23T09:30:00+08:00.
    public func iso(_ d: Date) -> String {
        let p = parts(d)
        let off = timeZone.secondsFromGMT(for: d)
        let sign = off < 0 ? "-" : "+"
        let a = abs(off)
        return
            """
            \(pad(p.year, 4))-\(pad(p.month))-\(pad(p.day))T\(pad(p.hour)):\(pad(p.minute)):\(pad(p.second))\
            \(sign)\(pad(a / 3600)):\(pad((a % 3600) / 60))
            """
    }

    /// "2026-11-23 09:30" — to the minute, as registers are signed.
    public func minute(_ d: Date) -> String {
        let p = parts(d)
        return "\(pad(p.year, 4))-\(pad(p.month))-\(pad(p.day)) \(pad(p.hour)):\(pad(p.minute))"
    }

    /// `d`'s local day, YYYY-MM-DD.
    public func day(_ d: Date) -> String {
        let p = parts(d)
        return "\(pad(p.year, 4))-\(pad(p.month))-\(pad(p.day))"
    }

    /// `d`'s local month, YYYY-MM (monthly statistics).
    public func month(_ d: Date) -> String {
        let p = parts(d)
        return "\(pad(p.year, 4))-\(pad(p.month))"
    }

    /// Parses the ISO form written by `iso` (offset or Z required), and also "YYYY-MM-DD HH:MM"
    /// and "YYYY-MM-DD" in the archive's zone.
    public func parse(_ s: String) -> Date? {
        let u = Array(s.utf8)
        func num(_ a: Int, _ n: Int) -> Int? {
            guard a + n <= u.count else { return nil }
            var v = 0
            for i in a..<(a + n) {
                let c = u[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard u.count >= 10, let y = num(0, 4), u[4] == 45, let mo = num(5, 2), u[7] == 45, let d = num(8, 2),
            (1...12).contains(mo), (1...31).contains(d), d <= TimeFormat.daysIn(y, mo)
        else { return nil }
        if u.count == 10 { return date(Parts(year: y, month: mo, day: d, hour: 0, minute: 0, second: 0)) }
        guard u.count >= 16, u[10] == 84 || u[10] == 32, let h = num(11, 2), u[13] == 58, let mi = num(14, 2), h < 24,
            mi < 60
        else { return nil }
        var i = 16
        var sec = 0
        if u.count >= 19 && u[16] == 58 {
            guard let ss = num(17, 2), ss < 61 else { return nil }
            sec = ss
            i = 19
        }
        if i == u.count { return date(Parts(year: y, month: mo, day: d, hour: h, minute: mi, second: sec)) }
        let days = TimeFormat.days(fromCivil: y, mo, d)
        let local = days * 86400 + h * 3600 + mi * 60 + sec
        if u[i] == 90 && i + 1 == u.count { return Date(timeIntervalSince1970: Double(local)) }
        guard u[i] == 43 || u[i] == 45, u.count == i + 6, let oh = num(i + 1, 2), u[i + 3] == 58, let om = num(i + 4, 2)
        else { return nil }
        let off = (oh * 3600 + om * 60) * (u[i] == 43 ? 1 : -1)
        return Date(timeIntervalSince1970: Double(local - off))
    }

    /// True when `s` is a real day written YYYY-MM-DD (2026-02-30 is not).
    public static func isDay(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 10, u[4] == 45, u[7] == 45 else { return false }
        for i in [0, 1, 2, 3, 5, 6, 8, 9] where !(u[i] >= 48 && u[i] <= 57) { return false }
        let y = Int(s.prefix(4))!
        let m = Int(s.dropFirst(5).prefix(2))!
        let d = Int(s.suffix(2))!
        return (1...12).contains(m) && d >= 1 && d <= daysIn(y, m)
    }

    /// Days in month `m` (1–12) of year `y`, leap years counted.
    public static func daysIn(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's civil-from-days algorithms.
    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    func pad(_ v: Int, _ n: Int = 2) -> String {
        let s = String(v)
        return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
    }
}
