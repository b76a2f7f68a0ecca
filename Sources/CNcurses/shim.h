// The C boundary for ncursesw: wide-character API, and the globals and macros
// Swift 6 cannot import, exposed as static inline functions. No logic here.
#ifndef DANGAN_CNCURSES_SHIM_H
#define DANGAN_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

static inline WINDOW *dg_stdscr(void) { return stdscr; }
static inline int dg_lines(void) { return LINES; }
static inline int dg_cols(void) { return COLS; }
static inline int dg_key_resize(void) { return KEY_RESIZE; }
static inline int dg_key_mouse(void) { return KEY_MOUSE; }
static inline int dg_ok(void) { return OK; }
static inline int dg_key_code_yes(void) { return KEY_CODE_YES; }
static inline attr_t dg_a_bold(void) { return A_BOLD; }
static inline attr_t dg_a_reverse(void) { return A_REVERSE; }
static inline attr_t dg_a_underline(void) { return A_UNDERLINE; }
static inline attr_t dg_a_dim(void) { return A_DIM; }
static inline attr_t dg_a_normal(void) { return A_NORMAL; }
static inline const char *dg_codeset(void) { return nl_langinfo(CODESET); }
static inline const char *dg_setlocale_all(const char *v) { return setlocale(LC_ALL, v); }

/// Reads one key: returns KEY_CODE_YES for function keys, OK for characters, ERR on timeout.
static inline int dg_get_wch(unsigned int *out) {
    wint_t w = 0;
    int r = get_wch(&w);
    *out = (unsigned int)w;
    return r;
}

/// Gives back a key read too early: a character, or a function key code.
static inline int dg_unget(unsigned int c, int isKeyCode) { return isKeyCode ? ungetch((int)c) : unget_wch((wchar_t)c); }

/// Puts one cell given as up to 5 wide characters (a base and its combining marks).
static inline int dg_put_wcell(int y, int x, const int *chars, int n, attr_t attrs, short pair) {
    wchar_t wc[6];
    if (n > 5) n = 5;
    for (int i = 0; i < n; i++) wc[i] = (wchar_t)chars[i];
    wc[n] = 0;
    cchar_t cc;
    if (setcchar(&cc, wc, attrs, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cc);
}
static inline SCREEN *dg_newterm(void) { return newterm(NULL, stdout, stdin); }

static inline mmask_t dg_mouse_mask_all(void) {
    return BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}
static inline mmask_t dg_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t dg_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t dg_button5_pressed(void) { return BUTTON5_PRESSED; }
/// Fetches a mouse event: returns OK and fills y, x, bstate.
static inline int dg_get_mouse(int *y, int *x, mmask_t *bstate) {
    MEVENT ev;
    if (getmouse(&ev) != OK) return ERR;
    *y = ev.y; *x = ev.x; *bstate = ev.bstate;
    return OK;
}
static inline int dg_init_pair(short p, short fg, short bg) { return init_pair(p, fg, bg); }
static inline int dg_colors(void) { return COLORS; }

/// Whether the terminal description has line-drawing characters (acsc).
static inline int dg_has_acsc(void) {
    const char *s = tigetstr("acsc");
    return s != NULL && s != (char *)-1 && *s != 0;
}

/// Puts one of ncurses' wide line-drawing characters (0 ─, 1 │, 2 ┌, 3 ┐, 4 └, 5 ┘, 6 ┬, 7 ┴,
/// 8 ├, 9 ┤, 10 ┼) with attributes and a colour pair.
static inline int dg_put_line(int y, int x, int kind, attr_t attrs, short pair) {
    const cchar_t *g;
    switch (kind) {
    case 0: g = WACS_HLINE; break;
    case 1: g = WACS_VLINE; break;
    case 2: g = WACS_ULCORNER; break;
    case 3: g = WACS_URCORNER; break;
    case 4: g = WACS_LLCORNER; break;
    case 5: g = WACS_LRCORNER; break;
    case 6: g = WACS_TTEE; break;
    case 7: g = WACS_BTEE; break;
    case 8: g = WACS_LTEE; break;
    case 9: g = WACS_RTEE; break;
    default: g = WACS_PLUS; break;
    }
    wchar_t wch[CCHARW_MAX + 1];
    attr_t at = 0;
    short pr = 0;
    if (getcchar(g, wch, &at, &pr, NULL) == ERR) return ERR;
    cchar_t c;
    if (setcchar(&c, wch, attrs | (at & A_ALTCHARSET), pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &c);
}
#endif
