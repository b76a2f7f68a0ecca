extension Array {
    /// First index at which `pred` becomes true (the array must be partitioned by it).
    func partitionIndex(where pred: (Element) -> Bool) -> Int {
        var lo = 0
        var hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if pred(self[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
