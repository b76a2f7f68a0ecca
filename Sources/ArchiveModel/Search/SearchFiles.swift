import Foundation

/// The index's files in `.dangan/` and how they are kept true to the journal.
///
/// `search.v1` is the image, built for one journal state and one scan epoch of the archive (a
/// full scan starts a new epoch: after it nothing derived earlier is trusted). `search.v1.delta`
/// records the envelopes changed since, as of a later journal state. A reader takes both, then
/// reads the journal entries written after that state and applies the envelope changes among
/// them. Loans and returns change nothing that is searched; a new or changed cabinet changes
/// the filing order, and the image is built again.
public enum SearchFiles {
    static let baseName = ".dangan/search.v1"
    static let deltaName = ".dangan/search.v1.delta"

    /// The image and delta on disk, or nil when missing, damaged or built by other tables.
    static func load(root: String) -> LiveIndex? {
        guard let img = FlatImage(mapping: root + "/" + baseName), let base = try? BaseIndex(image: img) else {
            return nil
        }
        let live = LiveIndex(base: base)
        if case .ok(let d) = DurableIO.read(root + "/" + deltaName) { _ = live.applyDelta(d) }
        return live
    }

    static func writeBase(_ img: FlatImage, root: String) {
        try? DurableIO.makeDirs(root + "/" + ArchiveStore.cacheDir, durable: false)
        removeStaleTemporaries(root: root)
        // Derived data: atomic, no fsync (a lost index is built again).
        try? DurableIO.writeAtomic(
            root + "/" + baseName, UnsafeRawBufferPointer(start: img.base, count: img.size), durable: false)
        DurableIO.remove(root + "/" + deltaName)
    }

    /// A process that ended while writing the image (the UI quit during a background build)
    /// leaves its temporary file: removed here once its writer is gone.
    static func removeStaleTemporaries(root: String) {
        let dir = root + "/" + ArchiveStore.cacheDir
        for f in DurableIO.list(dir) ?? [] where f.hasPrefix(".search.v1") && f.contains(".tmp-") {
            let parts = f.components(separatedBy: ".tmp-")
            guard parts.count == 2, let pid = Int32(parts[1].split(separator: "-").first ?? "") else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH { DurableIO.remove(dir + "/" + f) }
        }
    }

    static func writeDelta(_ live: LiveIndex, root: String) {
        try? DurableIO.writeAtomic(root + "/" + deltaName, live.deltaBytes(), durable: false)
    }
}
