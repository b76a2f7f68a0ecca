import ArchiveModel
import CNcurses
import Foundation

/// What the terminal delivers.
enum TerminalInput {
    case key(Key)
    case mouse(MouseEvent.Action, x: Int, y: Int)
    case resize
}

/// The only code that touches ncurses: start and stop the terminal, read input, and send the
/// cells that changed since the last frame.
final class Terminal {
    struct Unusable: Error, CustomStringConvertible { let description: String }

    private var last: ScreenBuffer? = nil
    private var screen: OpaquePointer? = nil
    let palette: Palette
    /// Lines in ASCII (`DANGAN_LINES=ascii`, or a terminal description without line drawing).
    let asciiLines: Bool
    private var pairs: [Int32: Int16] = [:]

    /// Checks that there is a usable terminal before ncurses can exit the process; returns a
    /// note for the status line (the locale fallback) or nil.
    static func preflight() throws -> String? {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw Unusable(
                description:
                    """
                    dangan needs a terminal: standard input and output must be a tty (use the subcommands, e.g. \
                    `dangan ls`, from scripts)
                    """
            )
        }
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        guard !term.isEmpty, term != "dumb" else {
            throw Unusable(
                description:
                    """
                    dangan needs a terminal type: TERM is \(term.isEmpty ? "not set" : "\"dumb\""); set it, \
                    e.g. TERM=xterm-256color
                    """
            )
        }
        var note: String? = nil
        _ = dg_setlocale_all("")
        let cs = String(cString: dg_codeset())
        if cs.uppercased() != "UTF-8" {
            if dg_setlocale_all("C.UTF-8") != nil {
                note = cs
            } else {
                throw Unusable(
                    description:
                        """
                        dangan needs a UTF-8 locale for Chinese text; the locale's codeset is \(cs) and C.UTF-8 \
                        is not installed (set LANG=C.UTF-8)
                        """
                )
            }
        }
        return note
    }

    init() throws {
        screen = dg_newterm()
        guard screen != nil else {
            throw Unusable(
                description:
                    """
                    dangan cannot start the terminal \(ProcessInfo.processInfo.environment["TERM"] ?? "") \
                    (unknown terminal type?)
                    """
            )
        }
        raw()
        noecho()
        nonl()
        keypad(dg_stdscr(), true)
        set_escdelay(25)
        _ = mousemask(dg_mouse_mask_all(), nil)
        mouseinterval(0)
        let env = ProcessInfo.processInfo.environment
        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        let has = has_colors()
        if has && !noColor {
            start_color()
            use_default_colors()
        }
        palette = Palette(ColorDepth(colors: has && !noColor ? Int(dg_colors()) : 0, hasColors: has, noColor: noColor))
        asciiLines = env["DANGAN_LINES"] == "ascii" || dg_has_acsc() == 0
    }

    func size() -> (Int, Int) { (Int(dg_cols()), Int(dg_lines())) }

    /// The ncurses attributes and colour pair of a style.
    private func curses(_ s: Style) -> (attr_t, Int16) {
        let look = palette.look(s)
        var a = dg_a_normal()
        if look.attrs.contains(.bold) { a |= dg_a_bold() }
        if look.attrs.contains(.reverse) { a |= dg_a_reverse() }
        if look.attrs.contains(.underline) { a |= dg_a_underline() }
        if look.attrs.contains(.dim) { a |= dg_a_dim() }
        guard look.fg >= 0 || look.bg >= 0 else { return (a, 0) }
        let key = Int32(look.fg) << 16 | Int32(UInt16(bitPattern: look.bg))
        if let p = pairs[key] { return (a, p) }
        let p = Int16(pairs.count + 1)
        _ = dg_init_pair(p, look.fg, look.bg)
        pairs[key] = p
        return (a, p)
    }

    /// Sends the cells that changed since the last frame (every cell after `forceFullRedraw`).
    func draw(_ b: ScreenBuffer) {
        if last == nil || last!.width != b.width || last!.height != b.height { erase() }
        for ch in FrameDiff.changes(from: last, to: b) {
            let (a, p) = curses(ch.cell.style)
            if let g = ch.cell.line {
                if asciiLines {
                    let s = g.ascii.unicodeScalars.map { Int32(bitPattern: $0.value) }
                    _ = s.withUnsafeBufferPointer {
                        dg_put_wcell(Int32(ch.y), Int32(ch.x), $0.baseAddress, Int32($0.count), a, p)
                    }
                } else {
                    _ = dg_put_line(Int32(ch.y), Int32(ch.x), Int32(g.rawValue), a, p)
                }
                continue
            }
            let chars = ch.cell.text.unicodeScalars.map { Int32(bitPattern: $0.value) }
            _ = chars.withUnsafeBufferPointer {
                dg_put_wcell(Int32(ch.y), Int32(ch.x), $0.baseAddress, Int32($0.count), a, p)
            }
        }
        if let cur = b.cursor {
            curs_set(1)
            move(Int32(cur.y), Int32(cur.x))
        } else {
            curs_set(0)
            move(Int32(max(0, b.height - 1)), 0)
        }
        refresh()
        last = b
    }

    /// The next frame clears the screen and sends every cell (Ctrl-L, a resize).
    func forceFullRedraw() {
        last = nil
        clearok(dg_stdscr(), true)
    }

    /// Waits up to `timeoutMs` for input; nil on timeout.
    func read(timeoutMs: Int32) -> TerminalInput? {
        timeout(timeoutMs)
        var ch: UInt32 = 0
        let r = dg_get_wch(&ch)
        if r == ERR { return nil }
        if r == dg_key_code_yes() {
            switch Int32(ch) {
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_DC: return .key(.delete)
            case KEY_ENTER: return .key(.enter)
            case KEY_BTAB: return .key(.backTab)
            case dg_key_resize():
                forceFullRedraw()
                return .resize
            case dg_key_mouse():
                var y: Int32 = 0
                var x: Int32 = 0
                var bs: mmask_t = 0
                guard dg_get_mouse(&y, &x, &bs) == dg_ok() else { return nil }
                if bs & dg_button4_pressed() != 0 { return .mouse(.wheelUp, x: Int(x), y: Int(y)) }
                if bs & dg_button5_pressed() != 0 { return .mouse(.wheelDown, x: Int(x), y: Int(y)) }
                if bs & dg_button1_pressed() != 0 { return .mouse(.press, x: Int(x), y: Int(y)) }
                return nil
            default: return nil
            }
        }
        switch ch {
        case 27:
            // Alt-x arrives as ESC and x together.
            timeout(0)
            var next: UInt32 = 0
            let n = dg_get_wch(&next)
            if n == dg_ok(), let sc = UnicodeScalar(next), next >= 32 || next == 127, next != 27 {
                return .key(.alt(next == 127 ? "\u{7f}" : Character(sc)))
            }
            // Not Alt: whatever came next is read again as a key of its own (Esc Esc).
            if n != ERR { _ = dg_unget(next, n == dg_key_code_yes() ? 1 : 0) }
            return .key(.esc)
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(UnicodeScalar(ch + 96)!)))
        default:
            guard let sc = UnicodeScalar(ch) else { return nil }
            return .key(.char(Character(sc)))
        }
    }

    func stop() {
        endwin()
        if let s = screen { delscreen(s) }
        screen = nil
    }
}
