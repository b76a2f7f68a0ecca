import Foundation

/// Whether an envelope is in use; stored in `envelope.json` as `status`.
public enum EnvelopeStatus: String, Codable, Sendable {
    case active
    case closed
    /// Handed over to another department or company (移交); kept in the record.
    case transferred
    /// The status in the archivists' words (在用, 已结档, 已移交).
    public var chinese: String {
        switch self {
        case .active: return "在用"
        case .closed: return "已结档"
        case .transferred: return "已移交"
        }
    }
}
