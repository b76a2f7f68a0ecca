/// UI text in the archivists' words: Chinese for zh_* locales, English otherwise.
public struct Strings: Sendable {
    public let zh: Bool
    public init(zh: Bool) { self.zh = zh }
    public func t(_ z: String, _ e: String) -> String { zh ? z : e }

    public static func fromLocale(_ env: [String: String], setting: String) -> Strings {
        if setting == "zh" { return Strings(zh: true) }
        if setting == "en" { return Strings(zh: false) }
        let lang = env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LC_MESSAGES"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LANG"] ?? ""
        return Strings(zh: lang.hasPrefix("zh"))
    }
}
