import Foundation

/// One field of a record set to a new value: what a journal entry holds instead of the whole
/// record. `path` names the field: a top-level key (`owner`, `phones`), or a document in the
/// envelope's file list by its id (`documents/d-…`, the whole document: added or removed) or one
/// field of it (`documents/d-…/state`). `from` is the value before (nil: the field or document
/// did not exist), `to` the value after (nil: removed).
public struct FieldOp: Codable, Sendable, Equatable {
    /// The field changed, as `/`-separated segments (`owner`, `emergencyContact/phone`, `documents/d-…/state`).
    public var path: String
    /// The value before; nil when the field or document did not exist.
    public var from: JSONValue?
    /// The value after; nil when it was removed.
    public var to: JSONValue?
    /// One field's change from `from` to `to`.
    public init(path: String, from: JSONValue?, to: JSONValue?) {
        self.path = path
        self.from = from
        self.to = to
    }
}

/// What one journal entry does to one record: creates it (the whole record), or changes some
/// of its fields. `base` is the record's revision the writer saw: the entries that last changed
/// it (usually one; several after concurrent changes at two desks were merged).
public struct RecordChange: Codable, Sendable, Equatable {
    /// Which kind of record the change is about.
    public enum Kind: String, Codable, Sendable { case envelope, cabinet, settings }
    /// Envelope, cabinet or the archive's settings.
    public var kind: Kind
    /// Envelope id, cabinet id, or "settings".
    public var record: String
    /// The record's revision the writer saw (`DESK:SEQ` of the entries that last changed it); empty for a creation.
    public var base: [String]
    /// The whole record when it is created (one of them, by kind).
    public var envelope: Envelope?
    /// The whole cabinet when the change creates it; nil otherwise.
    public var cabinet: Cabinet?
    /// The whole archive file (settings) when the change creates it; nil otherwise.
    public var settings: ArchiveInfo?
    /// The fields changed, when the change is not a creation; empty for a creation.
    public var ops: [FieldOp]
    /// A digest of the record's content after the change (see `ArchiveStore.contentDigest`):
    /// what lets dangan tell, without replaying the record, that its file shows this change.
    public var digest: String?

    /// A change of fields (`ops`); the store sets `envelope`, `cabinet` or `settings` for a creation.
    public init(kind: Kind, record: String, base: [String], ops: [FieldOp] = [], digest: String? = nil) {
        self.kind = kind
        self.record = record
        self.base = base
        self.ops = ops
        self.digest = digest
    }

    /// True when the change creates the record.
    public var isCreation: Bool { envelope != nil || cabinet != nil || settings != nil }

    /// The created record as a JSON value (nil when the change is not a creation).
    func createdValue(_ coding: RecordCoding) -> JSONValue? {
        if let e = envelope {
            var x = e
            x.revision = nil
            return try? JSONValue.of(x, coding)
        }
        if let c = cabinet {
            var x = c
            x.revision = nil
            return try? JSONValue.of(x, coding)
        }
        if let i = settings {
            var x = i
            x.revision = nil
            return try? JSONValue.of(x, coding)
        }
        return nil
    }

    /// Paths a change touches, for conflict checks (a creation touches the whole record: "").
    public var paths: [String] { isCreation ? [""] : ops.map { $0.path } }
}

/// Field-by-field differences between two versions of a record, and their application.
///
/// A path is a list of segments separated by `/`: inside an object a segment is a key,
/// inside a list of identified objects (documents) it is an element's `id`. So `owner`,
/// `emergencyContact/phone`, `documents/d-…` (a whole document) and `documents/d-…/state`.
public enum RecordDiff {
    /// Keys never compared or written as changes: bookkeeping of the projection file.
    static let ignoredKeys: Set<String> = ["revision"]

    /// The operations that turn `a` into `b`. Objects are compared key by key, lists of
    /// identified objects element by element; other values (and reordered lists) whole.
    public static func diff(_ a: JSONValue, _ b: JSONValue) -> [FieldOp] {
        var ops: [FieldOp] = []
        diff(a, b, prefix: "", into: &ops)
        return ops
    }

    static func diff(_ a: JSONValue, _ b: JSONValue, prefix: String, into ops: inout [FieldOp]) {
        guard a != b else { return }
        func join(_ k: String) -> String { prefix.isEmpty ? k : prefix + "/" + k }
        if case .object(let oa) = a, case .object(let ob) = b {
            for k in Set(oa.keys).union(ob.keys).sorted() where !(prefix.isEmpty && ignoredKeys.contains(k)) {
                let x = oa[k]
                let y = ob[k]
                if x == y { continue }
                if let x, let y, k.firstIndex(of: "/") == nil, isStructured(x, y) {
                    diff(x, y, prefix: join(k), into: &ops)
                } else {
                    ops.append(FieldOp(path: join(k), from: x, to: y))
                }
            }
            return
        }
        if case .array(let xa) = a, case .array(let ya) = b, let keyed = diffKeyed(prefix, xa, ya) {
            ops += keyed
            return
        }
        ops.append(FieldOp(path: prefix, from: a, to: b))
    }

    /// Both objects, or both lists of identified objects that can be compared element-wise.
    static func isStructured(_ x: JSONValue, _ y: JSONValue) -> Bool {
        if case .object = x, case .object = y { return true }
        if case .array(let a) = x, case .array(let b) = y {
            return ids(a) != nil && ids(b) != nil && !(a.isEmpty && b.isEmpty)
        }
        return false
    }

    static func ids(_ xs: [JSONValue]) -> [String]? {
        var out: [String] = []
        for x in xs {
            guard let id = x.objectValue?["id"]?.stringValue, !id.isEmpty, !id.contains("/") else { return nil }
            out.append(id)
        }
        return Set(out).count == out.count ? out : nil
    }

    /// Lists of objects with unique ids whose common elements keep their order and whose new
    /// elements come last: element by element. Otherwise nil (the list is changed whole).
    static func diffKeyed(_ path: String, _ a: [JSONValue], _ b: [JSONValue]) -> [FieldOp]? {
        guard let ia = ids(a), let ib = ids(b) else { return nil }
        let sa = Set(ia)
        let sb = Set(ib)
        let commonA = ia.filter { sb.contains($0) }
        let commonB = ib.filter { sa.contains($0) }
        guard commonA == commonB else { return nil }
        if let firstNew = ib.firstIndex(where: { !sa.contains($0) }),
            ib[firstNew...].contains(where: { sa.contains($0) })
        {
            return nil
        }
        let byA = Dictionary(uniqueKeysWithValues: zip(ia, a))
        let byB = Dictionary(uniqueKeysWithValues: zip(ib, b))
        var ops: [FieldOp] = []
        for id in ia where !sb.contains(id) { ops.append(FieldOp(path: "\(path)/\(id)", from: byA[id], to: nil)) }
        for id in commonA where byA[id] != byB[id] { diff(byA[id]!, byB[id]!, prefix: "\(path)/\(id)", into: &ops) }
        for id in ib where !sa.contains(id) { ops.append(FieldOp(path: "\(path)/\(id)", from: nil, to: byB[id])) }
        return ops
    }

    /// A change whose `from` does not match the record it is replayed on.
    public struct Mismatch: Error, CustomStringConvertible {
        /// The field (`FieldOp.path`) that did not match.
        public let path: String
        /// The message naming the field, as `check` and errors show it.
        public var description: String { "the change of \(path) does not fit the record" }
    }

    /// Applies operations to a record. With `strict`, each operation's `from` must match the
    /// current value (a replay that must fit exactly); otherwise the `to` value is set (a merge
    /// of concurrent changes, where the fold decides which value wins). A change inside an
    /// element that no longer exists is skipped (it was removed concurrently).
    public static func apply(_ ops: [FieldOp], to value: JSONValue, strict: Bool = false) throws -> JSONValue {
        var v = value
        for op in ops {
            let segs = op.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if strict && self.value(at: op.path, in: v) != op.from { throw Mismatch(path: op.path) }
            if let nv = set(v, segs[...], op.to) { v = nv } else if strict { throw Mismatch(path: op.path) }
        }
        return v
    }

    /// `value` with the element at `segs` set to `to` (nil removes it); nil when the path does
    /// not lead anywhere.
    static func set(_ value: JSONValue?, _ segs: ArraySlice<String>, _ to: JSONValue?) -> JSONValue? {
        guard let seg = segs.first else { return to }
        let rest = segs.dropFirst()
        switch value {
        case .object(var o):
            if rest.isEmpty {
                o[seg] = to
                return .object(o)
            }
            guard let child = set(o[seg], rest, to) else { return nil }
            o[seg] = child
            return .object(o)
        case .array(var a):
            let i = a.firstIndex { $0.objectValue?["id"]?.stringValue == seg }
            if rest.isEmpty {
                if let i { if let to { a[i] = to } else { a.remove(at: i) } } else if let to { a.append(to) }
                return .array(a)
            }
            guard let i, let child = set(a[i], rest, to) else { return nil }
            a[i] = child
            return .array(a)
        case nil:
            // A missing object on the way is created for the change (a new nested field).
            if rest.isEmpty { return to.map { .object([seg: $0]) } ?? .object([:]) }
            return set(.object([:]), segs, to)
        default:
            return nil
        }
    }

    /// The value at `path` (nil when absent).
    public static func value(at path: String, in record: JSONValue) -> JSONValue? {
        var v: JSONValue? = record
        for seg in path.split(separator: "/", omittingEmptySubsequences: false).map(String.init) where !path.isEmpty {
            switch v {
            case .object(let o): v = o[seg]
            case .array(let a): v = a.first { $0.objectValue?["id"]?.stringValue == seg }
            default: return nil
            }
        }
        return v
    }

    /// True when two paths touch the same data (equal, or one contains the other).
    public static func overlaps(_ a: String, _ b: String) -> Bool {
        a == b || a.isEmpty || b.isEmpty || a.hasPrefix(b + "/") || b.hasPrefix(a + "/")
    }
}
