import Foundation

/// Secrecy levels of the company rules (seed 002): 绝密 never accessed, 机密 read in the
/// archive room only, 秘密 lent with approval for at most 4 hours.
public enum Secrecy: String, Codable, Sendable, CaseIterable, Comparable {
    case none
    case confidential  // 秘密
    case secret  // 机密
    case topSecret = "top-secret"  // 绝密

    /// The level's Chinese name (普通, 秘密, 机密, 绝密) as the rules and forms write it.
    public var chinese: String {
        switch self {
        case .none: return "普通"
        case .confidential: return "秘密"
        case .secret: return "机密"
        case .topSecret: return "绝密"
        }
    }
    /// The level in English words, for the English halves of messages.
    public var english: String {
        switch self {
        case .none: return "none"
        case .confidential: return "confidential"
        case .secret: return "secret"
        case .topSecret: return "top secret"
        }
    }
    var rank: Int { Secrecy.allCases.firstIndex(of: self)! }
    /// Orders levels from `none` to `topSecret` (more secret is greater).
    public static func < (a: Secrecy, b: Secrecy) -> Bool { a.rank < b.rank }

    /// Accepts the JSON names and the Chinese names.
    public init?(parse s: String) {
        switch s {
        case "none", "普通", "": self = .none
        case "confidential", "秘密": self = .confidential
        case "secret", "机密": self = .secret
        case "top-secret", "绝密": self = .topSecret
        default: return nil
        }
    }
}
