/// Keys as the state machine sees them, independent of ncurses.
public enum Key: Equatable, Sendable {
    case char(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, esc, tab, backTab, backspace, delete
    case resize
    case click(x: Int, y: Int)
    case wheelUp, wheelDown
    case ctrl(Character)
}
