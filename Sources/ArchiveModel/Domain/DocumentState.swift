import Foundation

/// Where a document physically is, as stored in its envelope file. "On loan" is not
/// stored here: it follows from the borrowing register (the single source of truth).
public enum StoredState: String, Codable, Sendable {
    case present = "in"
    case destroyed
    case transferred
}

/// The state shown to people: the stored state overlaid with the register.
public enum DocumentState: String, Codable, Sendable {
    case present = "in"
    case onLoan = "on-loan"
    /// The original is out for photocopying (影印中).
    case copying
    case destroyed
    case transferred

    /// The state in the archivists' words (在袋, 借出, 影印中, 已销毁, 已移交).
    public var chinese: String {
        switch self {
        case .present: return "在袋"
        case .onLoan: return "借出"
        case .copying: return "影印中"
        case .destroyed: return "已销毁"
        case .transferred: return "已移交"
        }
    }
}
