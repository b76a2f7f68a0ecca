import Foundation

/// Document ids embed their envelope's id, so a document is found without a global index:
/// `d-<envelope's 20 characters>-<8 random characters>`.
public enum DocumentID {
    /// A fresh document id for the envelope with id `envelope` (`env-…`), from the system's random generator.
    public static func make(envelope: String) -> String {
        var g = SystemRandomNumberGenerator()
        return make(envelope: envelope, using: &g)
    }
    /// A fresh document id from `g` (the sample generator's seeded one).
    public static func make<G: RandomNumberGenerator>(envelope: String, using g: inout G) -> String {
        let tail = RecordID.make("x", using: &g).suffix(8)
        return "d-" + envelope.dropFirst(4) + "-" + tail
    }
    /// The envelope id (`env-…`) a document id names; nil when `doc` is not a document id.
    public static func envelope(of doc: String) -> String? {
        let u = Array(doc.utf8)
        guard u.count == 31, doc.hasPrefix("d-"), u[22] == 45 else { return nil }
        let env = "env-" + String(decoding: u[2..<22], as: UTF8.self)
        return RecordID.isValid(env) ? env : nil
    }
}
