/// The cells to send to the terminal to turn the frame it shows into the next one. A wide
/// character is always sent whole: when either of its halves changed, or when it covers a cell
/// that held something else, the character is written again from its left half — so closing
/// an overlay restores both halves of every wide character it covered.
public enum FrameDiff {
    public struct Change: Equatable, Sendable {
        public var x: Int
        public var y: Int
        public var cell: Cell
    }

    public static func changes(from old: ScreenBuffer?, to new: ScreenBuffer) -> [Change] {
        let full = old == nil || old!.width != new.width || old!.height != new.height
        var out: [Change] = []
        out.reserveCapacity(full ? new.width * new.height : 64)
        for y in 0..<new.height {
            var x = 0
            while x < new.width {
                let c = new[x, y]
                var dirty = full || old![x, y] != c
                if !dirty && c.isWide && x + 1 < new.width && old![x + 1, y] != new[x + 1, y] { dirty = true }
                if c.isRightHalf {
                    // A right half alone is never sent; its left half was (or is now) dirty.
                    if dirty && x > 0 && !(out.last.map { $0.x == x - 1 && $0.y == y } ?? false) {
                        out.append(Change(x: x - 1, y: y, cell: new[x - 1, y]))
                    }
                    x += 1
                    continue
                }
                if dirty {
                    out.append(Change(x: x, y: y, cell: c))
                }
                x += 1
            }
        }
        return out
    }
}
