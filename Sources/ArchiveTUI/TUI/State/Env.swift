import ArchiveModel
import Foundation

/// What the update function and the views may read: the open archive and the search engine.
/// They never write through it — writes are `Effect`s the loop performs. The lookups kept here
/// (matchers over the staff list, overdue days per envelope) are caches of what the store says.
public final class Env {
    public let store: ArchiveStore
    public let search: SearchEngine

    public init(store: ArchiveStore, search: SearchEngine) {
        self.store = store
        self.search = search
    }

    public var now: Date { store.now }
    public var settings: Settings { store.settings }
    public var tf: TimeFormat { store.timeFormat }

    // MARK: Completion sources (built once per settings)

    private var lookupsFor: Settings? = nil
    private var staffMatcher = NameMatcher([]), approverMatcher = NameMatcher([]), departmentMatcher = NameMatcher([]),
        kindMatcher = NameMatcher([])
    private var approvers: [StaffMember] = []
    private var departments: [String] = []

    private func ensureLookups() {
        let s = settings
        if lookupsFor == s { return }
        lookupsFor = s
        staffMatcher = NameMatcher(s.staff.map(\.name))
        approvers = s.staff.filter { $0.role == .approver }
        approverMatcher = NameMatcher(approvers.map(\.name))
        var seen = Set<String>()
        departments = s.staff.map(\.department).filter { !$0.isEmpty && seen.insert($0).inserted }
        departmentMatcher = NameMatcher(departments)
        kindMatcher = NameMatcher(s.catalogue.map(\.name))
    }

    /// Staff whose name matches what is typed (汉字, pinyin, initials), best first.
    public func staff(matching q: String, approversOnly: Bool = false) -> [(StaffMember, [Range<Int>])] {
        ensureLookups()
        if approversOnly { return approverMatcher.matches(q).map { (approvers[$0.index], $0.ranges) } }
        return staffMatcher.matches(q).map { (settings.staff[$0.index], $0.ranges) }
    }

    public func departments(matching q: String) -> [(String, [Range<Int>])] {
        ensureLookups()
        return departmentMatcher.matches(q).map { (departments[$0.index], $0.ranges) }
    }

    /// Positions in the catalogue of the kinds that match.
    public func kinds(matching q: String) -> [(Int, [Range<Int>])] {
        ensureLookups()
        return kindMatcher.matches(q).map { ($0.index, $0.ranges) }
    }

    // MARK: Overdue loans (counted again when the register changes or a minute passes)

    private var overdueFor: (generation: Int, minute: Int)? = nil
    private var overdueByEnvelope: [String: Int] = [:]
    private var overdueTotal = 0

    private func ensureOverdue() {
        let minute = Int(now.timeIntervalSince1970 / 60)
        if let o = overdueFor, o.generation == store.generation, o.minute == minute { return }
        overdueFor = (store.generation, minute)
        overdueByEnvelope = [:]
        let recs = store.register.overdue(at: now)
        overdueTotal = recs.count
        for r in recs {
            overdueByEnvelope[r.loan.envelope] = max(overdueByEnvelope[r.loan.envelope] ?? 0, daysOverdue(r.due))
        }
    }

    /// Overdue loans in the register now.
    public var overdueCount: Int {
        ensureOverdue()
        return overdueTotal
    }

    /// Days the most overdue loan of an envelope is overdue (nil: none is).
    public func overdueDays(envelope id: String) -> Int? {
        ensureOverdue()
        return overdueByEnvelope[id]
    }

    /// Calendar days from the due date to today (in the archive's time zone), at least 1 once
    /// the due time has passed: due yesterday at 17:00 is 1 day overdue today.
    public func daysOverdue(_ due: Date) -> Int {
        func day(_ d: Date) -> Date {
            var p = tf.parts(d)
            p.hour = 12
            p.minute = 0
            p.second = 0
            return tf.date(p)
        }
        return max(1, Int((day(now).timeIntervalSince(day(due)) / 86400).rounded()))
    }
}
