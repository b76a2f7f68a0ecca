import Foundation

/// Reads the compact record format: strings with a one-byte length (255 = a two-byte length follows).
struct RecReader {
    let b: UnsafeBufferPointer<UInt8>
    var pos: Int
    let end: Int
    init(_ b: UnsafeBufferPointer<UInt8>, _ pos: Int, _ end: Int) {
        self.b = b
        self.pos = pos
        self.end = min(end, b.count)
    }
    mutating func u8() -> UInt8? {
        guard pos < end else { return nil }
        defer { pos += 1 }
        return b[pos]
    }
    mutating func len() -> Int? {
        guard let l = u8() else { return nil }
        if l < 255 { return Int(l) }
        guard let a = u8(), let c = u8() else { return nil }
        return Int(a) | Int(c) << 8
    }
    mutating func skip() -> Bool {
        guard let n = len(), pos + n <= end else { return false }
        pos += n
        return true
    }
    mutating func str() -> String? {
        guard let n = len(), pos + n <= end else { return nil }
        defer { pos += n }
        return String(decoding: UnsafeBufferPointer(rebasing: b[pos..<(pos + n)]), as: UTF8.self)
    }
    mutating func strs() -> [String]? {
        guard let c = u8() else { return nil }
        var out: [String] = []
        for _ in 0..<c {
            guard let s = str() else { return nil }
            out.append(s)
        }
        return out
    }
    static func put(_ s: String, _ out: inout [UInt8]) {
        let n = s.utf8.count
        guard n <= 65535 else {
            put(String(decoding: Array(s.utf8.prefix(65535)), as: UTF8.self), &out)
            return
        }
        if n < 255 {
            out.append(UInt8(n))
        } else {
            out.append(255)
            out.append(UInt8(n & 0xFF))
            out.append(UInt8(n >> 8))
        }
        out.append(contentsOf: s.utf8)
    }
}
