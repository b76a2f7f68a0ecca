import ArchiveModel
import Foundation

/// A key as the update function sees it, independent of ncurses.
public enum Key: Equatable, Sendable {
    case char(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, esc, tab, backTab, backspace, delete
    /// Ctrl with a letter: .ctrl("a") … .ctrl("z") (Tab, Enter and Backspace arrive as themselves).
    case ctrl(Character)
    /// Alt (Meta) with a character, as ESC followed by the character.
    case alt(Character)
}

/// A mouse event at a cell, with the time it happened (milliseconds on a monotonic clock, from
/// the loop; tests give it) so that a double click can be told from two clicks.
public struct MouseEvent: Equatable, Sendable {
    public enum Action: Equatable, Sendable { case press, wheelUp, wheelDown }
    public var action: Action
    public var x: Int
    public var y: Int
    public var at: Int
    public init(_ action: Action, x: Int, y: Int, at: Int) {
        self.action = action
        self.x = x
        self.y = y
        self.at = at
    }
}

/// Everything that reaches the update function.
public enum Msg: Sendable {
    case key(Key)
    /// A keyboard-wedge barcode scanner typed a code and Enter within a few milliseconds.
    case scan(String)
    case mouse(MouseEvent)
    /// The terminal's size: an input, never written by drawing.
    case resize(width: Int, height: Int)
    /// Nothing happened for a while: look for others' writes, show progress.
    case tick
    /// The loop performed a write; here is what came of it.
    case done(Write, Outcome)
    /// How far the background build of the search index is.
    case indexProgress(WorkProgress.Snapshot)
    /// A report was saved to a file (or could not be).
    case saved(path: String)
    case saveFailed(path: String, ErrorText)
}

/// An error as the UI shows it: the model's typed error when there is one.
public enum ErrorText: Sendable, Equatable {
    case archive(ArchiveError)
    case other(String)
    public init(_ e: Error) {
        if let a = e as? ArchiveError { self = .archive(a) } else { self = .other(String(describing: e)) }
    }
}
