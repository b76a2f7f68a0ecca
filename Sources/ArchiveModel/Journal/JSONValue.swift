import Foundation

/// A JSON value: how a record's fields are compared, changed and written into journal
/// entries without knowing the record's type. Objects keep their keys sorted when encoded
/// (the encoder sorts them), so equal values always give equal bytes.
public indirect enum JSONValue: Codable, Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Reads any JSON value; numbers become `Double`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        // Most values in a record are strings; each failed attempt costs an error.
        if c.decodeNil() {
            self = .null
            return
        }
        if let s = try? c.decode(String.self) {
            self = .string(s)
            return
        }
        if let o = try? c.decode([String: JSONValue].self) {
            self = .object(o)
            return
        }
        if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
            return
        }
        if let b = try? c.decode(Bool.self) {
            self = .bool(b)
            return
        }
        if let n = try? c.decode(Double.self) {
            self = .number(n)
            return
        }
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a JSON value")
    }

    /// Writes the value; whole numbers (below 9e15) as integers, so `pages: 3` stays `3` on disk.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n):
            // Integers stay integers on disk (pages: 3, not 3.0).
            if n == n.rounded(), abs(n) < 9.0e15 { try c.encode(Int64(n)) } else { try c.encode(n) }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// The value of an `Encodable` record as JSON (dates as the archive writes them).
    static func of<T: Encodable>(_ v: T, _ coding: RecordCoding) throws -> JSONValue {
        try coding.decoder.decode(JSONValue.self, from: coding.compactEncoder.encode(v))
    }

    /// The record of type `T` this value describes.
    func decode<T: Decodable>(_ type: T.Type, _ coding: RecordCoding) throws -> T {
        try coding.decoder.decode(T.self, from: coding.compactEncoder.encode(self))
    }

    /// The members when the value is an object; nil otherwise.
    public var objectValue: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }
    /// The elements when the value is an array; nil otherwise.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
    /// The text when the value is a string; nil otherwise.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// A short, readable form for history and conflict listings (strings unquoted).
    public var display: String {
        switch self {
        case .null: return "—"
        case .bool(let b): return b ? "是" : "否"
        case .number(let n): return n == n.rounded() && abs(n) < 9.0e15 ? String(Int64(n)) : String(n)
        case .string(let s): return s
        case .array(let a): return a.map { $0.display }.joined(separator: "、")
        case .object(let o):
            if let k = o["kind"]?.stringValue, let t = o["title"]?.stringValue { return "\(k)「\(t)」" }
            if let n = o["name"]?.stringValue { return n }
            return o.keys.sorted().map { "\($0)=\(o[$0]!.display)" }.joined(separator: " ")
        }
    }
}

/// Encoders and decoders for records as they go into journal entries and projections.
struct RecordCoding: @unchecked Sendable {
    let timeFormat: TimeFormat
    /// One line, sorted keys: journal entries.
    let compactEncoder: JSONEncoder
    /// Pretty, sorted keys: projection files a person reads and diffs.
    let prettyEncoder: JSONEncoder
    let decoder: JSONDecoder

    init(_ tf: TimeFormat) {
        timeFormat = tf
        prettyEncoder = JSONCoding.encoder(tf)
        let c = JSONCoding.encoder(tf)
        c.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        compactEncoder = c
        decoder = JSONCoding.decoder(tf)
    }
}
