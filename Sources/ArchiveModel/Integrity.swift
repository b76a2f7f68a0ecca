import Foundation

/// `dangan check`: reads every file (not the cache) and reports each problem with its path:
/// damaged files, misfiled envelopes, a document in two places, loans of documents that do
/// not exist, a broken audit chain.
public enum Integrity {
    /// `progress` counts the envelope files read after the archive is opened.
    public static func check(_ path: String, progress: WorkProgress? = nil) throws -> (ArchiveStore, [Problem]) {
        let store = try ArchiveStore.open(path, useCache: false)
        var problems = store.problems
        // Read every envelope again for its documents.
        let sums = store.envelopes.filter { $0.damaged == nil }
        let tf = store.timeFormat
        let root = store.root
        progress?.start(total: sums.count)
        defer { progress?.finish() }
        let docLists = parallelMap(count: sums.count, progress: progress) { i -> [String] in
            let s = sums[i]
            guard case .ok(let b) = DurableIO.read(root + "/" + s.relativePath),
                  let e = try? JSONCoding.decoder(tf).decode(Envelope.self, from: Data(b)) else { return [] }
            return e.documents.map { $0.id }
        }
        var whereIs: [String: String] = [:]
        for (i, docs) in docLists.enumerated() {
            let s = sums[i]
            for d in docs {
                if let other = whereIs[d], other != s.relativePath {
                    problems.append(Problem(kind: .duplicate, path: s.relativePath, message: "document \(d) is also filed in \(other)"))
                } else if whereIs[d] != nil {
                    problems.append(Problem(kind: .duplicate, path: s.relativePath, message: "document \(d) appears twice in the file list"))
                }
                whereIs[d] = s.relativePath
                if DocumentID.envelope(of: d) != s.id {
                    problems.append(Problem(kind: .misfiled, path: s.relativePath, message: "document \(d) belongs to another envelope"))
                }
            }
        }
        let damagedEnvelopes = Set(store.envelopes.filter { $0.damaged != nil }.map { $0.id })
        for r in store.register.loans {
            for d in r.loan.documents where whereIs[d] == nil && !damagedEnvelopes.contains(r.loan.envelope) {
                problems.append(Problem(kind: .register, path: "journal", message: "loan \(r.loan.id) names document \(d), which does not exist"))
            }
        }
        for a in store.register.anomalies { problems.append(Problem(kind: .register, path: "journal", message: a)) }
        return (store, problems)
    }
}
