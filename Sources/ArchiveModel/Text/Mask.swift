import Foundation

/// Masking of personal numbers: ID numbers and phones are shown whole only to an operator whose
/// role may see them (archivist, approver); everyone else, and an operator not in the staff list,
/// sees them masked.
public enum Mask {
    /// A phone with all but its first three and last four characters as `*`: 138****5678; all `*` below 7.
    public static func phone(_ p: String) -> String {
        let u = Array(p)
        guard u.count >= 7 else { return String(repeating: "*", count: u.count) }
        return String(u.prefix(3)) + String(repeating: "*", count: u.count - 7) + String(u.suffix(4))
    }

    /// An ID number with all but its first four and last two characters as `*`; all `*` below 8.
    public static func idNumber(_ p: String) -> String {
        let u = Array(p)
        guard u.count >= 8 else { return String(repeating: "*", count: u.count) }
        return String(u.prefix(4)) + String(repeating: "*", count: u.count - 6) + String(u.suffix(2))
    }

    /// Sales staff see only a company name, a person's name and title (seed 000 篇4): no
    /// documents, numbers or contacts, no reports, and no changes to the archive. So does a
    /// login the staff list does not know (the narrowest view).
    public static func limitedView(_ store: ArchiveStore) -> Bool { !store.may(.readFiles) }

    /// Whole ID numbers and phones: for the archivist and approvers (and, when shown, recorded).
    public static func mayRevealPersonalNumbers(_ store: ArchiveStore) -> Bool { store.may(.revealNumbers) }

    /// The same for a login, without an open store (the saved search index).
    public static func mayRevealPersonalNumbers(_ settings: Settings, login: String) -> Bool {
        guard let r = settings.person(login: login)?.role else { return false }
        return r == .archivist || r == .approver
    }
}
