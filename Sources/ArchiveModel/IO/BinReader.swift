import Dispatch

struct BinReader {
    struct Corrupt: Error {}
    let bytes: [UInt8]
    var pos = 0
    /// Reads stop here (a trailer such as a checksum may follow).
    let end: Int
    init(_ b: [UInt8], end: Int? = nil) {
        bytes = b
        self.end = min(end ?? b.count, b.count)
    }
    mutating func u8() throws -> UInt8 {
        guard pos < end else { throw Corrupt() }
        defer { pos += 1 }
        return bytes[pos]
    }
    mutating func u32() throws -> UInt32 {
        guard pos + 4 <= end else { throw Corrupt() }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[pos + i]) << (8 * UInt32(i)) }
        pos += 4
        return v
    }
    mutating func u64() throws -> UInt64 {
        guard pos + 8 <= end else { throw Corrupt() }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[pos + i]) << (8 * UInt64(i)) }
        pos += 8
        return v
    }
    mutating func int() throws -> Int { Int(Int64(bitPattern: try u64())) }
    mutating func str() throws -> String {
        let n = Int(try u32())
        guard pos + n <= end else { throw Corrupt() }
        defer { pos += n }
        return String(decoding: bytes[pos..<(pos + n)], as: UTF8.self)
    }
    mutating func strs() throws -> [String] {
        let n = Int(try u32())
        guard n <= end - pos else { throw Corrupt() }
        var a = [String]()
        a.reserveCapacity(n)
        for _ in 0..<n { a.append(try str()) }
        return a
    }
    mutating func blob() throws -> [UInt8] {
        let n = Int(try u32())
        guard pos + n <= end else { throw Corrupt() }
        defer { pos += n }
        return Array(bytes[pos..<(pos + n)])
    }
}
