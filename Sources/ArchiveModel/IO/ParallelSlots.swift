import Dispatch

/// Maps `count` independent items on all cores, keeping order. Each task writes its own slot.
final class ParallelSlots<T>: @unchecked Sendable {
    let p: UnsafeMutablePointer<T?>
    init(_ n: Int) {
        p = .allocate(capacity: max(n, 1))
        p.initialize(repeating: nil, count: n)
    }
}
