import Foundation

/// JSON as written to disk: pretty-printed with sorted keys (two versions diff cleanly),
/// dates in ISO 8601 with the archive's offset.
public enum JSONCoding {
    /// The encoder of the archive's files: pretty-printed, sorted keys, dates ISO 8601 in `tf`'s offset.
    public static func encoder(_ tf: TimeFormat) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { d, enc in
            var c = enc.singleValueContainer()
            try c.encode(tf.iso(d))
        }
        return e
    }

    /// The decoder of the archive's files: dates as ISO 8601 with an offset.
    public static func decoder(_ tf: TimeFormat) -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { dec in
            let c = try dec.singleValueContainer()
            let s = try c.decode(String.self)
            guard let v = tf.parse(s) else {
                throw DecodingError.dataCorruptedError(
                    in: c, debugDescription: "not an ISO 8601 date: \(Sanitize.visible(String(s.prefix(40))))")
            }
            return v
        }
        return d
    }

    /// Encodes and appends a final newline.
    public static func bytes<T: Encodable>(_ v: T, _ enc: JSONEncoder) throws -> [UInt8] {
        var b = [UInt8](try enc.encode(v))
        b.append(10)
        return b
    }

    /// A readable one-line reason from a DecodingError.
    public static func describe(_ error: Error) -> String {
        if let e = error as? DecodingError {
            func path(_ c: DecodingError.Context) -> String {
                let p = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                return p.isEmpty ? "" : " at \(p)"
            }
            switch e {
            case .typeMismatch(let t, let c): return "wrong type\(path(c)): expected \(t)"
            case .valueNotFound(let t, let c): return "missing value\(path(c)): expected \(t)"
            case .keyNotFound(let k, let c): return "missing field '\(k.stringValue)'\(path(c))"
            case .dataCorrupted(let c):
                let under = (c.underlyingError as NSError?)?.localizedDescription ?? ""
                return "invalid JSON\(path(c)): \(c.debugDescription)\(under.isEmpty ? "" : " (\(under))")"
            @unknown default: return "\(e)"
            }
        }
        return "\(error)"
    }
}
