import Foundation

/// Progress of long work (generating, importing, exporting, checking, building the search
/// index, reading envelopes for a report), for a meter on a terminal or the UI's status line.
/// Workers on any thread advance it; a reader takes snapshots. Nothing here looks at a clock:
/// rates and time left are the reader's business.
///
///     let p = WorkProgress()
///     p.start(total: envelopes.count)
///     for e in envelopes { …; p.advance() }
///     p.snapshot  // Snapshot(done: 1000, total: 1000, finished: false)
public final class WorkProgress: @unchecked Sendable {
    /// The counts at one moment.
    public struct Snapshot: Sendable, Equatable {
        /// Units of work done so far (never more than `total` once it is known).
        public var done: Int
        /// 0 when not known yet.
        public var total: Int
        /// True once the work has ended (`finish`), whatever `done` says.
        public var finished: Bool
        /// A snapshot from its counts.
        public init(done: Int, total: Int, finished: Bool) {
            self.done = done
            self.total = total
            self.finished = finished
        }
    }

    private let lock = NSLock()
    private var done = 0
    private var total = 0
    private var finished = false
    /// Called (on the advancing thread) after every change; the reader throttles.
    private let onChange: (@Sendable (Snapshot) -> Void)?

    /// A meter at 0 of an unknown total; `onChange` is called on the advancing thread after every change.
    public init(onChange: (@Sendable (Snapshot) -> Void)? = nil) { self.onChange = onChange }

    /// The counts now, read under the lock (any thread).
    public var snapshot: Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return Snapshot(done: done, total: total, finished: finished)
    }

    /// Starts (or restarts) the count at 0 of `total`.
    public func start(total: Int) {
        change {
            $0.done = 0
            $0.total = max(0, total)
            $0.finished = false
        }
    }
    /// Counts `n` more units done, capped at the total when it is known.
    public func advance(_ n: Int = 1) { change { $0.done = min($0.total > 0 ? $0.total : Int.max, $0.done + n) } }
    /// Ends the work: `done` becomes the total (when known) and `finished` true.
    public func finish() {
        change {
            if $0.total > 0 { $0.done = $0.total }
            $0.finished = true
        }
    }

    private func change(_ body: (inout Snapshot) -> Void) {
        lock.lock()
        var s = Snapshot(done: done, total: total, finished: finished)
        body(&s)
        done = s.done
        total = s.total
        finished = s.finished
        lock.unlock()
        onChange?(s)
    }
}

/// `parallelMap` that advances `progress` once per finished chunk.
func parallelMap<T>(count n: Int, chunk: Int = 256, progress: WorkProgress?, _ body: @Sendable (Int) -> T) -> [T] {
    guard let progress else { return parallelMap(count: n, chunk: chunk, body) }
    return parallelMap(count: n, chunk: chunk) { i -> T in
        let v = body(i)
        if (i + 1) % chunk == 0 || i == n - 1 {
            progress.advance(i == n - 1 && (i + 1) % chunk != 0 ? (i + 1) % chunk : chunk)
        }
        return v
    }
}
