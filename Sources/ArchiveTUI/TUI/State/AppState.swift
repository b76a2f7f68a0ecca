import ArchiveModel
import Foundation

/// Scroll memory of a list: which row is selected and which is the first shown (ratatui's
/// `ListState`). The update function keeps `offset` so that the selection is visible.
public struct ListCursor: Equatable, Sendable {
    public var selected = 0
    public var offset = 0
    public init(selected: Int = 0, offset: Int = 0) {
        self.selected = selected
        self.offset = offset
    }

    /// Clamps the selection to `count` rows and scrolls so that it shows in `rows` rows.
    public mutating func fit(count: Int, rows: Int) {
        selected = max(0, min(selected, count - 1))
        let r = max(1, rows)
        if selected < offset { offset = selected }
        if selected >= offset + r { offset = selected - r + 1 }
        offset = max(0, min(offset, max(0, count - r)))
    }

    public mutating func move(_ d: Int, count: Int) { selected = max(0, min(count - 1, selected + d)) }
}

/// One pane: its cursor, and the text that narrows it (what was typed after `f`).
public struct PaneState: Equatable, Sendable {
    public var cursor = ListCursor()
    public var narrow = ""
    /// With narrowing or a filter: the rows that pass (cabinet indices, store positions of
    /// envelopes, document indices), in order; nil shows every row.
    public var rows: [Int]? = nil
}

/// The envelopes pane's filter (`F`): a state, a building, a floor.
public struct EnvelopeFilter: Equatable, Sendable {
    public enum State: String, CaseIterable, Sendable {
        case all
        case onLoan = "on-loan"
        case overdue, incomplete, damaged, closed, transferred
    }
    public var state: State = .all
    public var building: String = ""
    public var floor: String = ""
    public init(state: State = .all, building: String = "", floor: String = "") {
        self.state = state
        self.building = building
        self.floor = floor
    }
    public var isActive: Bool { state != .all || !building.isEmpty || !floor.isEmpty }
}

/// The status line: a message, and whether it tells of success or of a problem.
public struct Status: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case info, ok, error }
    public var text: Phrase
    public var kind: Kind
    public init(_ text: Phrase, _ kind: Kind = .info) {
        self.text = text
        self.kind = kind
    }
}

/// Owner search (`/`).
public struct SearchState: Sendable {
    public var query = LineEdit("", limit: 60)
    public var results = SearchResults(hits: [], total: 0)
    public var cursor = ListCursor()
    /// Where the panes were, to go back on Esc.
    public var saved: Saved
    public struct Saved: Sendable, Equatable {
        var cabinet: Int
        var envelopeID: String?
        var document: Int
        var focus: PaneID
    }
}

/// The loans register as a circulation desk: one row per document out.
public struct DeskRow: Equatable, Sendable {
    public var loan: String
    public var document: String
    public var envelope: String
    public var room: String
    public var owner: String
    public var kind: String
    public var title: String
    public var original: Bool
    public var borrower: String
    public var department: String
    public var out: Date
    public var due: Date
    /// The due time as the register writes it (YYYY-MM-DD HH:MM).
    public var dueText: String
    /// Calendar days overdue; nil when not overdue.
    public var overdueDays: Int?
}

public struct LoansDesk: Sendable {
    public var all: [DeskRow] = []
    /// Rows shown (indices into `all`) after the borrower filter and narrowing.
    public var shown: [Int] = []
    public var cursor = ListCursor()
    /// Only this borrower's loans (`B` on a row; again to show all).
    public var borrower: String? = nil
    /// What was typed after `f` (borrower, owner or room), and whether it is being typed.
    public var narrow = LineEdit("", limit: 40)
    public var typing = false
}

/// The photocopy register: open photocopies.
public struct CopiesList: Sendable {
    public var ids: [String] = []
    public var shown: [Int] = []
    public var cursor = ListCursor()
    public var narrow = LineEdit("", limit: 40)
    public var typing = false
}

public struct ReportsMenu: Sendable {
    public var kinds: [ReportKind]
    public var shown: [Int]
    public var cursor = ListCursor()
    public var narrow = LineEdit("", limit: 40)
    public var typing = false
}

/// A report on screen, scrollable both ways.
public struct ReportView: Sendable {
    public var kind: ReportKind
    public var table: ReportTable
    /// The report laid out for the screen in `lang` (title, columns, rows, footer).
    public var lines: [String]
    public var lang: Lang
    public var top = 0
    public var left = 0
    /// Where Esc goes: the reports menu, or the panes when opened from them (H).
    public var back: Back = .menu
    public enum Back: Sendable { case menu, browse, loans }
}

public enum Mode: Sendable {
    case browse
    /// Typing narrows the focused pane.
    case narrowing(PaneID, LineEdit)
    case search(SearchState)
    case form(any FormModel)
    case loans(LoansDesk)
    case copies(CopiesList)
    case reports(ReportsMenu)
    case report(ReportView)
    case help(offset: Int)
}

/// Everything the screen shows, as a value. `update` changes it; the views draw it.
public struct AppState: Sendable {
    public var lang: Lang
    /// The terminal size, as the loop last reported it.
    public var width = 80, height = 24
    public var focus: PaneID = .cabinets
    public var panes = [PaneState](repeating: PaneState(), count: 3)
    public var filter = EnvelopeFilter()
    /// The cabinet's envelopes: a range of the store's filing order.
    public var cabinetRange: Range<Int> = 0..<0
    /// The envelope shown in the documents pane, read from its file.
    public var current: Envelope? = nil
    public var currentError: ErrorText? = nil
    /// Documents marked with space (ids).
    public var marked = Set<String>()
    public var mode: Mode = .browse
    public var status: Status? = nil
    /// The search index being built in the background.
    public var indexProgress: WorkProgress.Snapshot? = nil
    /// Shown over the first screen until a key is pressed (first run: where the archive is,
    /// and how to tell dangan who you are).
    public var welcome: WelcomeNote? = nil
    /// The last mouse press, to tell a double click.
    public var lastPress: MouseEvent? = nil
    /// The loan just lent, whose slip (借阅单) `P` prints.
    public var lastLoan: String? = nil
    public var quit = false
    var seenGeneration = -1
    /// The envelope whose file `current` was read from.
    var loadedID: String? = nil

    public init(lang: Lang, width: Int = 80, height: Int = 24) {
        self.lang = lang
        self.width = width
        self.height = height
    }

    public var layout: Layout { Layout(width: width, height: height) }

    public subscript(p: PaneID) -> PaneState {
        get { panes[p.rawValue] }
        set { panes[p.rawValue] = newValue }
    }
}

/// The message of the first run, inside the UI.
public struct WelcomeNote: Equatable, Sendable {
    /// Where the sample archive was copied (nil: not the first run, only the operator is unknown).
    public var copiedTo: String?
    /// The operator is not in the staff list.
    public var operatorUnknown: Bool
    public var operatorName: String
}
