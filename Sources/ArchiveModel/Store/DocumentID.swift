import Foundation

/// Document ids embed their envelope's id, so a document is found without a global index:
/// `d-<envelope's 20 characters>-<8 random characters>`.
public enum DocumentID {
    public static func make(envelope: String) -> String {
        var g = SystemRandomNumberGenerator()
        return make(envelope: envelope, using: &g)
    }
    public static func make<G: RandomNumberGenerator>(envelope: String, using g: inout G) -> String {
        let tail = RecordID.make("x", using: &g).suffix(8)
        return "d-" + envelope.dropFirst(4) + "-" + tail
    }
    public static func envelope(of doc: String) -> String? {
        let u = Array(doc.utf8)
        guard u.count == 31, doc.hasPrefix("d-"), u[22] == 45 else { return nil }
        let env = "env-" + String(decoding: u[2..<22], as: UTF8.self)
        return RecordID.isValid(env) ? env : nil
    }
}
