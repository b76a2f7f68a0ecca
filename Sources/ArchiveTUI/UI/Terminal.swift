import ArchiveModel
import CNcurses
import Foundation

/// The only code that touches ncurses: start and stop the terminal, read keys, and copy
/// changed cells of a screen buffer to the screen.
final class Terminal {
    struct Unusable: Error, CustomStringConvertible { let description: String }

    private var last: ScreenBuffer? = nil
    private var screen: OpaquePointer? = nil
    let colors: Bool
    /// A note for the status line (e.g. the locale fallback).
    var note: String? = nil

    /// Checks that there is a usable terminal before ncurses can exit the process.
    static func preflight() throws -> String? {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw Unusable(description: "dangan needs a terminal: standard input and output must be a tty (use the subcommands, e.g. `dangan ls`, from scripts)")
        }
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        guard !term.isEmpty, term != "dumb" else {
            throw Unusable(description: "dangan needs a terminal type: TERM is \(term.isEmpty ? "not set" : "\"dumb\""); set it, e.g. TERM=xterm-256color")
        }
        var note: String? = nil
        _ = dg_setlocale_all("")
        let cs = String(cString: dg_codeset())
        if cs.uppercased() != "UTF-8" {
            if dg_setlocale_all("C.UTF-8") != nil {
                note = "locale is \(cs), not UTF-8: using C.UTF-8"
            } else {
                throw Unusable(description: "dangan needs a UTF-8 locale for Chinese text; the locale's codeset is \(cs) and C.UTF-8 is not installed (set LANG=C.UTF-8)")
            }
        }
        return note
    }

    init(note: String?) throws {
        screen = dg_newterm()
        guard screen != nil else {
            throw Unusable(description: "dangan cannot start the terminal \(ProcessInfo.processInfo.environment["TERM"] ?? "") (unknown terminal type?)")
        }
        self.note = note
        raw(); noecho(); nonl()
        keypad(dg_stdscr(), true)
        set_escdelay(25)
        _ = mousemask(dg_mouse_mask_all(), nil)
        mouseinterval(0)
        let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        colors = !noColor && has_colors()
        if colors {
            start_color()
            use_default_colors()
            // pair: fg, bg (-1 = terminal default)
            let pairs: [(Style, Int16, Int16)] = [
                (.title, Int16(COLOR_WHITE), Int16(COLOR_BLUE)), (.hint, Int16(COLOR_BLACK), Int16(COLOR_WHITE)),
                (.header, Int16(COLOR_CYAN), -1), (.selected, Int16(COLOR_BLACK), Int16(COLOR_CYAN)),
                (.selectedDim, Int16(COLOR_BLACK), Int16(COLOR_WHITE)), (.border, Int16(COLOR_BLUE), -1),
                (.warn, Int16(COLOR_YELLOW), -1), (.error, Int16(COLOR_RED), -1), (.ok, Int16(COLOR_GREEN), -1),
                (.dim, -1, -1), (.match, Int16(COLOR_YELLOW), -1), (.field, -1, -1),
                (.fieldActive, Int16(COLOR_BLACK), Int16(COLOR_YELLOW)), (.overlay, -1, -1), (.marked, Int16(COLOR_MAGENTA), -1),
            ]
            for (st, fg, bg) in pairs { _ = dg_init_pair(Int16(st.rawValue), fg, bg) }
        }
    }

    func size() -> (Int, Int) { (Int(dg_cols()), Int(dg_lines())) }

    func attrs(_ st: Style) -> (attr_t, Int16) {
        if colors {
            var a = dg_a_normal()
            switch st {
            case .header, .title, .selected, .error, .match: a = dg_a_bold()
            case .dim: a = dg_a_dim()
            case .field: a = dg_a_underline()
            default: break
            }
            return (a, st == .normal ? 0 : Int16(st.rawValue))
        }
        switch st {
        case .title, .selected, .hint, .fieldActive: return (dg_a_reverse(), 0)
        case .header, .warn, .match: return (dg_a_bold(), 0)
        case .error: return (dg_a_bold() | dg_a_underline(), 0)
        case .field, .marked: return (dg_a_underline(), 0)
        case .dim, .selectedDim: return (st == .selectedDim ? dg_a_reverse() : dg_a_dim(), 0)
        default: return (dg_a_normal(), 0)
        }
    }

    /// Copies the cells that changed since the last frame.
    func draw(_ b: ScreenBuffer) {
        let full = last == nil || last!.width != b.width || last!.height != b.height
        if full { erase() }
        for y in 0..<b.height {
            for x in 0..<b.width {
                let c = b[x, y]
                if !full, let l = last, l[x, y] == c { continue }
                if c.text.isEmpty { continue } // right half of a wide character
                // Never let a wide character spill past the last column.
                let (a, p) = attrs(c.style)
                var chars = c.text.unicodeScalars.map { Int32(bitPattern: $0.value) }
                if x == b.width - 1, let f = c.text.unicodeScalars.first, TextWidth.width(f) == 2 { chars = [32] }
                _ = chars.withUnsafeBufferPointer { dg_put_wcell(Int32(y), Int32(x), $0.baseAddress, Int32($0.count), a, p) }
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

    func forceFullRedraw() { last = nil; clearok(dg_stdscr(), true) }

    /// Waits up to `timeoutMs` for a key; nil on timeout.
    func readKey(timeoutMs: Int32) -> Key? {
        timeout(timeoutMs)
        var ch: UInt32 = 0
        let r = dg_get_wch(&ch)
        if r == ERR { return nil }
        if r == dg_key_code_yes() {
            switch Int32(ch) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_ENTER: return .enter
            case KEY_BTAB: return .backTab
            case dg_key_resize(): forceFullRedraw(); return .resize
            case dg_key_mouse():
                var y: Int32 = 0, x: Int32 = 0
                var bs: mmask_t = 0
                guard dg_get_mouse(&y, &x, &bs) == dg_ok() else { return nil }
                if bs & dg_button4_pressed() != 0 { return .wheelUp }
                if bs & dg_button5_pressed() != 0 { return .wheelDown }
                if bs & dg_button1_pressed() != 0 { return .click(x: Int(x), y: Int(y)) }
                return nil
            default: return nil
            }
        }
        switch ch {
        case 27: return .esc
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 3: return .ctrl("c")
        case 1...26: return .ctrl(Character(UnicodeScalar(ch + 96)!))
        default:
            guard let sc = UnicodeScalar(ch) else { return nil }
            return .char(Character(sc))
        }
    }

    func stop() {
        endwin()
        if let s = screen { delscreen(s) }
        screen = nil
    }
}
