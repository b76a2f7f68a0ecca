import Foundation

/// One piece of UI text in both languages. The screen shows one of them, never both: state
/// keeps phrases (not strings), so a message already on screen follows a change of language.
public struct Phrase: Equatable, Sendable, CustomStringConvertible {
    public let zh: String
    public let en: String
    public init(_ zh: String, _ en: String) {
        self.zh = zh
        self.en = en
    }
    /// Text that is the same in both languages (data from the archive, codes, numbers).
    public static func same(_ s: String) -> Phrase { Phrase(s, s) }
    public var description: String { en }

    /// Joins phrases with a separator, language by language.
    public static func + (a: Phrase, b: Phrase) -> Phrase { Phrase(a.zh + b.zh, a.en + b.en) }
    public func joined(_ others: [Phrase], zh zs: String, en es: String) -> Phrase {
        Phrase(([self] + others).map(\.zh).joined(separator: zs), ([self] + others).map(\.en).joined(separator: es))
    }
}

/// The UI language: Chinese for zh_* locales or `settings --language zh`, English otherwise.
public enum Lang: String, Sendable, Equatable, CaseIterable {
    case zh, en

    public func callAsFunction(_ p: Phrase) -> String { self == .zh ? p.zh : p.en }

    /// The setting ("zh", "en" or "auto") decides; "auto" follows LC_ALL, LC_MESSAGES, LANG.
    public static func from(environment env: [String: String], setting: String) -> Lang {
        if setting == "zh" { return .zh }
        if setting == "en" { return .en }
        let lang =
            env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LC_MESSAGES"].flatMap { $0.isEmpty ? nil : $0 }
            ?? env["LANG"] ?? ""
        return lang.hasPrefix("zh") ? .zh : .en
    }

    public var other: Lang { self == .zh ? .en : .zh }
}
