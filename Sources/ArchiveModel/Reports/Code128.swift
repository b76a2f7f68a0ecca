import Foundation

/// Code 128 (ISO/IEC 15417), drawn by dangan: code sets B (printable ASCII) and C (digit pairs,
/// for the long runs of digits in envelope barcodes), the modulo-103 check character.
public enum Code128 {
    /// Bar and space widths (in modules) of symbol values 0…105, and the stop pattern (106).
    static let patterns: [String] = [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ]
    static let startB = 104, startC = 105, codeB = 100, codeC = 99, stop = 106

    /// The symbol values of `text` (start, data, check, stop), or nil when a character is
    /// outside printable ASCII (Code 128 B cannot carry it).
    public static func symbols(_ text: String) -> [Int]? {
        let b = Array(text.utf8)
        guard !b.isEmpty, b.allSatisfy({ $0 >= 32 && $0 <= 126 }) else { return nil }
        func digits(from i: Int) -> Int {
            var n = 0
            while i + n < b.count && b[i + n] >= 48 && b[i + n] <= 57 { n += 1 }
            return n
        }
        let lead = digits(from: 0)
        var inC = lead >= 4 && lead % 2 == 0 || (lead == b.count && lead % 2 == 0)
        var out = [inC ? startC : startB]
        var i = 0
        while i < b.count {
            if inC {
                if digits(from: i) >= 2 {
                    out.append(Int(b[i] - 48) * 10 + Int(b[i + 1] - 48))
                    i += 2
                    continue
                }
                out.append(codeB)
                inC = false
                continue
            }
            let run = digits(from: i)
            // A run of digits worth a switch: six or more, or four or more at the end; an odd
            // run leaves its first digit in B.
            if run >= 6 || (run >= 4 && i + run == b.count) {
                if run % 2 == 1 {
                    out.append(Int(b[i]) - 32)
                    i += 1
                }
                out.append(codeC)
                inC = true
                continue
            }
            out.append(Int(b[i]) - 32)
            i += 1
        }
        var sum = out[0]
        for (k, v) in out.enumerated().dropFirst() { sum += k * v }
        out.append(sum % 103)
        out.append(stop)
        return out
    }

    /// Alternating bar and space widths in modules, bar first (without quiet zones).
    public static func widths(_ text: String) -> [Int]? {
        symbols(text).map { s in s.flatMap { patterns[$0].map { Int(String($0))! } } }
    }

    /// The barcode as SVG bars: `x`, `y` and `height` in the caller's units, `module` the width
    /// of one module. Quiet zones are the caller's (ten modules each side).
    static func svgBars(_ text: String, x: Double, y: Double, module: Double, height: Double) -> String? {
        guard let w = widths(text) else { return nil }
        var s = ""
        var pos = x
        for (k, n) in w.enumerated() {
            let width = Double(n) * module
            if k % 2 == 0 {
                s += "<rect x=\"\(fmt(pos))\" y=\"\(fmt(y))\" width=\"\(fmt(width))\" height=\"\(fmt(height))\"/>"
            }
            pos += width
        }
        return s
    }

    static func modules(_ text: String) -> Int? { widths(text).map { $0.reduce(0, +) } }

    static func fmt(_ v: Double) -> String { String(format: "%.3f", v) }
}
