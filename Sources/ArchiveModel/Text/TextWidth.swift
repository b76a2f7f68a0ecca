import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// glibc's wcwidth (Swift's Glibc module does not export it).
@_silgen_name("wcwidth") func glibcWcwidth(_ c: Int32) -> Int32

/// Display width of text, the one function all layout uses: glibc's wcwidth (which ncursesw
/// uses too), in a UTF-8 locale. Control characters count as one column (they are drawn as '?').
public enum TextWidth {
    nonisolated(unsafe) static var ready = false
    static func ensureLocale() {
        if ready { return }
        ready = true
        let cur = String(cString: setlocale(LC_CTYPE, nil))
        if !(cur.uppercased().contains("UTF-8") || cur.uppercased().contains("UTF8")) {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { _ = setlocale(LC_CTYPE, "en_US.UTF-8") }
        }
    }

    /// Columns `sc` takes on a terminal: 2 for CJK, 0 for combining marks, 1 for a control (drawn as `?`).
    @inline(__always) public static func width(_ sc: Unicode.Scalar) -> Int {
        let v = sc.value
        if v >= 0x20 && v < 0x7F { return 1 }
        if Sanitize.isUnsafe(sc) { return 1 }
        ensureLocale()
        let w = Int(glibcWcwidth(Int32(bitPattern: v)))
        return w < 0 ? 1 : w
    }

    /// Columns `s` takes on a terminal: the sum of its scalars' widths.
    public static func width(_ s: String) -> Int { s.unicodeScalars.reduce(0) { $0 + width($1) } }
}
