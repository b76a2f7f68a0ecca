/// What a cell means; the terminal's palette decides how that looks for its colours (see
/// `Palette`), and every style stays distinct without colour.
public enum Style: UInt8, Sendable, CaseIterable {
    case normal
    /// The title row and the key bar.
    case title, bar, barKey
    /// Something in the title row that wants attention (overdue loans).
    case titleAlert
    /// A pane's header, focused or not.
    case header, headerDim
    /// The selected row of the focused list, and of a list without focus.
    case selected, selectedDim
    case border
    case warn, error, ok, dim
    /// Matched characters of a search result.
    case match
    /// A text field, and the field being typed in.
    case field, fieldActive
    /// A document marked with space.
    case marked
    /// A mark that carries meaning (借 缺 损 结 移), and the overdue mark (逾).
    case mark, overdue
}
