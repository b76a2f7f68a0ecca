import ArchiveModel
import Foundation

/// Where a field's suggestions come from, as the archivist types 汉字, pinyin or initials.
public enum Suggest: Equatable, Sendable {
    /// The staff list (borrowers, requesters, recipients).
    case staff
    /// Staff with the approver role.
    case approvers
    /// Departments named in the staff list.
    case departments
}

/// One choice of a choice field: the value the form submits, what the screen shows, and the
/// text typing matches against (the Chinese word and the English one).
public struct ChoiceOption: Equatable, Sendable {
    public var value: String
    public var label: Phrase
    public init(_ value: String, _ label: Phrase) {
        self.value = value
        self.label = label
    }
}

/// A field whose value is one of a list, chosen with ← → or by typing part of it.
public struct Choice: Equatable, Sendable {
    public var options: [ChoiceOption]
    public var index: Int
    /// What is typed to find an option (empty: ← → cycle).
    public var typed = LineEdit("", limit: 40)
    public init(_ options: [ChoiceOption], value: String) {
        self.options = options
        index = options.firstIndex { $0.value == value } ?? 0
    }
    public var value: String { options.isEmpty ? "" : options[index].value }
    public var label: Phrase { options.isEmpty ? .same("") : options[index].label }
}

/// A field of a form: its label, whether it is required, and its input.
public struct FormField: Equatable, Sendable {
    public enum Input: Equatable, Sendable {
        case text(LineEdit, Suggest?)
        case choice(Choice)
    }
    public var label: Phrase
    public var required: Bool
    public var input: Input

    public static func text(
        _ label: Phrase, _ value: String = "", required: Bool = false, suggest: Suggest? = nil, limit: Int = 200
    ) -> FormField {
        FormField(label: label, required: required, input: .text(LineEdit(value, limit: limit), suggest))
    }
    public static func choice(_ label: Phrase, _ options: [ChoiceOption], value: String) -> FormField {
        FormField(label: label, required: false, input: .choice(Choice(options, value: value)))
    }

    /// The text typed, or the chosen option's value.
    public var value: String {
        switch input {
        case .text(let e, _): return e.text
        case .choice(let c): return c.value
        }
    }
    public var trimmed: String { value.trimmingCharacters(in: .whitespaces) }
    public var isText: Bool {
        if case .text = input { return true }
        return false
    }

    public mutating func setText(_ s: String) {
        if case .text(var e, let sg) = input {
            e.set(s)
            input = .text(e, sg)
        }
    }
}

/// A suggestion under the field being typed in.
public struct Candidate: Equatable, Sendable {
    /// What accepting it puts in the field (a choice field: the option's index, as text).
    public var value: String
    public var label: Phrase
    public var detail: Phrase
    /// Characters of the Chinese label that matched (highlighted).
    public var ranges: [Range<Int>]
}

public struct Popup: Equatable, Sendable {
    public var candidates: [Candidate]
    public var selected = 0
}

/// A line shown above a form's fields: what the form is about, and for a loan each document
/// with what the rules say of it.
public struct FormLine: Equatable, Sendable {
    public var text: Phrase
    public var style: Style
    /// A word in front of the line (可借 / 不可借), in its own column.
    public var mark: Phrase?
    public init(_ text: Phrase, style: Style = .normal, mark: Phrase? = nil) {
        self.text = text
        self.style = style
        self.mark = mark
    }
}

public struct Note: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case info, ok, error }
    public var text: Phrase
    public var kind: Kind
    public init(_ text: Phrase, _ kind: Kind = .info) {
        self.text = text
        self.kind = kind
    }
}

/// A question before a write that cannot be taken back: what will happen, then y or n.
public struct Confirmation: Sendable {
    public var lines: [Phrase]
    public var write: Write
}

/// Where to go when a form closes.
public enum Back: Sendable {
    case browse
    /// The list the form was opened from, shown under it and back when it closes.
    case loans(LoansDesk)
    case copies(CopiesList)
}

/// What every form has besides its fields.
public struct FormChrome: Sendable {
    public var focus = 0
    public var note: Note? = nil
    public var popup: Popup? = nil
    public var confirming: Confirmation? = nil
    public var askDiscard = false
    public var dirty = false
    public var back: Back = .browse
    public init(back: Back = .browse) { self.back = back }
}

/// What Enter on a form leads to.
public enum Submission: Sendable {
    case invalid(Phrase)
    case write(Write)
    /// Ask first, naming what will happen.
    case confirm([Phrase], Write)
    /// Apply to the screen only (the envelope filter).
    case filter(EnvelopeFilter)
}

/// A form as a typed value: each form is a struct with its fields as named properties, listed
/// in order by key paths. Editing, completion and required fields are handled once, here.
public protocol FormModel: Sendable {
    static var fieldPaths: [WritableKeyPath<Self, FormField>] { get }
    var chrome: FormChrome { get set }
    var title: Phrase { get }
    /// Lines above the fields.
    var lines: [FormLine] { get }
    /// Recomputes what depends on the fields (a loan's due date and rule, required fields).
    mutating func refresh(_ env: Env)
    /// What Enter does once every required field is filled.
    func submit(_ env: Env) -> Submission
    /// A suggestion was accepted into a field (a borrower chosen from the staff list fills in
    /// the department).
    mutating func accepted(_ field: WritableKeyPath<Self, FormField>, _ env: Env)
    /// The documents the form is about (the rule messages of its outcome name them).
    var subjectDocuments: [Document] { get }
}

extension FormModel {
    public var lines: [FormLine] { [] }
    public var subjectDocuments: [Document] { [] }
    public mutating func refresh(_ env: Env) {}
    public mutating func accepted(_ field: WritableKeyPath<Self, FormField>, _ env: Env) {}

    public var fields: [FormField] { Self.fieldPaths.map { self[keyPath: $0] } }
    public var focusedField: FormField { self[keyPath: Self.fieldPaths[chrome.focus]] }
}

/// What a key did to a form.
public enum FormResult: Sendable {
    case stay
    case cancel
    case submit(Submission)
}

extension FormModel {
    /// Handles a key: confirmation, discard question, suggestions, moving between fields,
    /// editing, and Enter.
    public mutating func handle(_ key: Key, _ env: Env) -> FormResult {
        if let c = chrome.confirming {
            switch key {
            case .char("y"), .char("Y"):
                chrome.confirming = nil
                return .submit(.write(c.write))
            case .char("n"), .char("N"), .esc: chrome.confirming = nil
            default: break
            }
            return .stay
        }
        if chrome.askDiscard {
            if key == .char("y") || key == .char("Y") { return .cancel }
            chrome.askDiscard = false
            return .stay
        }
        let path = Self.fieldPaths[chrome.focus]
        if var p = chrome.popup, !p.candidates.isEmpty {
            switch key {
            case .up, .ctrl("p"):
                p.selected = max(0, p.selected - 1)
                chrome.popup = p
                return .stay
            case .down, .ctrl("n"):
                p.selected = min(p.candidates.count - 1, p.selected + 1)
                chrome.popup = p
                return .stay
            case .enter, .tab:
                accept(p.candidates[p.selected], into: path, env)
                if key == .tab { move(1) }
                refresh(env)
                updatePopup(env)
                return .stay
            case .esc:
                chrome.popup = nil
                // A typed search for an option is dropped with the list.
                if case .choice(var c) = self[keyPath: path].input {
                    c.typed = LineEdit("", limit: 40)
                    self[keyPath: path].input = .choice(c)
                }
                return .stay
            default: break
            }
        }
        switch key {
        case .esc:
            if chrome.dirty {
                chrome.askDiscard = true
                return .stay
            }
            return .cancel
        case .tab, .down: move(1)
        case .backTab, .up: move(-1)
        case .enter:
            chrome.note = nil
            for (i, p) in Self.fieldPaths.enumerated()
            where self[keyPath: p].required && self[keyPath: p].isText && self[keyPath: p].trimmed.isEmpty {
                chrome.focus = i
                chrome.note = Note(T.Form.fillIn(self[keyPath: p].label), .error)
                updatePopup(env)
                return .stay
            }
            return .submit(submit(env))
        default:
            var f = self[keyPath: path]
            var changed = false
            switch f.input {
            case .text(var e, let s):
                changed = e.apply(key)
                f.input = .text(e, s)
            case .choice(var c):
                if c.typed.isEmpty, key == .left || key == .right || key == .char(" ") {
                    if !c.options.isEmpty {
                        c.index = (c.index + (key == .left ? c.options.count - 1 : 1)) % c.options.count
                    }
                    changed = true
                } else {
                    changed = c.typed.apply(key)
                }
                f.input = .choice(c)
            }
            if changed {
                self[keyPath: path] = f
                chrome.dirty = true
                chrome.note = nil
            }
        }
        refresh(env)
        updatePopup(env)
        return .stay
    }

    mutating func move(_ d: Int) {
        let n = Self.fieldPaths.count
        chrome.focus = (chrome.focus + d + n) % n
        chrome.popup = nil
    }

    mutating func accept(_ c: Candidate, into path: WritableKeyPath<Self, FormField>, _ env: Env) {
        var f = self[keyPath: path]
        switch f.input {
        case .text(var e, let s):
            e.set(c.value)
            f.input = .text(e, s)
        case .choice(var ch):
            ch.index = Int(c.value) ?? ch.index
            ch.typed = LineEdit("", limit: 40)
            f.input = .choice(ch)
        }
        self[keyPath: path] = f
        chrome.popup = nil
        chrome.dirty = true
        accepted(path, env)
    }

    /// The suggestions for the focused field as typed so far.
    public mutating func updatePopup(_ env: Env) {
        let f = self[keyPath: Self.fieldPaths[chrome.focus]]
        var cands: [Candidate] = []
        switch f.input {
        case .text(let e, let s?):
            let q = e.trimmed
            guard !q.isEmpty else {
                chrome.popup = nil
                return
            }
            switch s {
            case .staff, .approvers:
                cands = env.staff(matching: q, approversOnly: s == .approvers).map {
                    Candidate(value: $0.0.name, label: .same($0.0.name), detail: T.Form.staffDetail($0.0), ranges: $0.1)
                }
            case .departments:
                cands = env.departments(matching: q).map {
                    Candidate(value: $0.0, label: .same($0.0), detail: .same(""), ranges: $0.1)
                }
            }
            // Nothing to suggest once the field holds exactly the one name.
            if cands.count == 1 && cands[0].value == q { cands = [] }
        case .choice(let c):
            let q = c.typed.trimmed
            guard !q.isEmpty else {
                chrome.popup = nil
                return
            }
            // Options are found by the Chinese word (汉字, pinyin, initials) or the English
            // words (each word typed begins a word of the option, in order); a whole match first.
            var hits = NameMatcher(c.options.map { $0.label.zh }).matches(q).map { ($0.index, $0.ranges) }
            let typedWords = q.lowercased().split(separator: " ")
            var whole: [(Int, [Range<Int>])] = []
            for (i, o) in c.options.enumerated() where !hits.contains(where: { $0.0 == i }) {
                let words = o.label.en.lowercased().split(separator: " ")
                var k = 0
                for w in words where k < typedWords.count && w.hasPrefix(typedWords[k]) { k += 1 }
                guard k == typedWords.count else { continue }
                if words == typedWords || o.value.lowercased() == q.lowercased() {
                    whole.append((i, []))
                } else {
                    hits.append((i, []))
                }
            }
            hits = whole + hits
            cands = hits.map {
                Candidate(value: String($0.0), label: c.options[$0.0].label, detail: .same(""), ranges: $0.1)
            }
        default:
            chrome.popup = nil
            return
        }
        if cands.isEmpty {
            chrome.popup = nil
            return
        }
        let keep = chrome.popup.map { min($0.selected, cands.count - 1) } ?? 0
        chrome.popup = Popup(candidates: Array(cands.prefix(8)), selected: min(keep, min(cands.count, 8) - 1))
    }
}
