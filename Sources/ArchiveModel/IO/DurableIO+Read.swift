#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Reading files whole, bounded: every read has a size limit fitting what the file holds, and
/// a larger file is refused from its size alone — never allocated, never read. Inside an
/// archive only regular files are read, and never through a link: not in the file's own place
/// (O_NOFOLLOW), nor in a folder on the way (the opened file's real path must be the one asked).
extension DurableIO {
    /// A read's outcome: the bytes; no file there (ENOENT); or why not, in words to show (link, folder, too large …).
    public enum ReadResult {
        case ok([UInt8])
        case missing
        case failed(String)
    }

    /// What a file holds, and so how large it may be.
    public enum FileKind: Sendable, Equatable {
        /// `envelope.json`: an envelope and its file list.
        case envelope
        /// `cabinet.json`.
        case cabinet
        /// `archive.json`: name and settings (staff, catalogue).
        case settings
        /// One journal entry: a change, with an envelope before and after.
        case journalEntry
        /// `.dangan/index.v1`: the summaries of every envelope (about 160 bytes each).
        case cache
        /// `.dangan/search.v1`: the search index (mapped, not read).
        case searchIndex
        /// `.dangan/summaries-….v1`: every envelope's summary (mapped, not read).
        case summaries
        /// `.dangan/history-….v1`: loans returned, a segment of the register's past (mapped).
        case history
        /// `.dangan/search.v1.delta`: changes since the index was built.
        case searchDelta
        /// A spreadsheet to import.
        case spreadsheet
        /// A shelf scan: one barcode per line.
        case scanList
        /// Anything else.
        case other

        /// The largest file of this kind dangan reads, in bytes.
        public var limit: Int {
            switch self {
            case .envelope: return 16 << 20
            case .cabinet: return 1 << 20
            case .settings: return 16 << 20
            case .journalEntry: return 64 << 20
            case .cache: return 2 << 30  // 10,000,000 envelopes ≈ 1.6 GB
            case .searchIndex: return 4 << 30  // 1,000,000 envelopes ≈ 185 MB
            case .summaries: return 8 << 30  // 1,000,000 envelopes ≈ 200 MB
            case .history: return 32 << 30  // 1,000,000 loans ≈ 600 MB
            case .searchDelta: return 256 << 20
            case .spreadsheet: return 512 << 20
            case .scanList: return 64 << 20
            case .other: return 64 << 20
            }
        }

        /// The words for a message: "an envelope file" …
        public var name: String {
            switch self {
            case .envelope: return "an envelope file"
            case .cabinet: return "a cabinet file"
            case .settings: return "archive.json"
            case .journalEntry: return "a journal entry"
            case .cache: return "the cache"
            case .searchIndex: return "the search index"
            case .summaries: return "the summaries cache"
            case .history: return "the register's history"
            case .searchDelta: return "the search index's changes"
            case .spreadsheet: return "a spreadsheet"
            case .scanList: return "a scan file"
            case .other: return "a file"
            }
        }

        /// The kind of an archive file, from its name.
        public init(path: String) {
            if path.hasSuffix("/envelope.json") {
                self = .envelope
            } else if path.hasSuffix("/cabinet.json") {
                self = .cabinet
            } else if path.hasSuffix("archive.json") {
                self = .settings
            } else if path.contains("/journal/") && path.hasSuffix(".json") {
                self = .journalEntry
            } else if path.hasSuffix(".dangan/index.v1") || path.hasSuffix(".dangan/checkpoint.v2")
                || path.hasSuffix(".dangan/checkpoint.v7")
            {
                self = .cache
            } else if path.hasSuffix(".dangan/search.v1") {
                self = .searchIndex
            } else if path.hasSuffix(".dangan/search.v1.delta") {
                self = .searchDelta
            } else {
                self = .other
            }
        }
    }

    /// Reads a whole file, its kind (and size limit) told by its name.
    public static func read(_ path: String) -> ReadResult { read(path, kind: FileKind(path: path)) }

    /// Reads a whole file of at most `kind.limit` bytes. Outside an archive a pipe or other
    /// stream is read too (`import /dev/stdin`), up to the same limit.
    public static func read(_ path: String, kind: FileKind) -> ReadResult {
        let inside = isInsideArchive(path)
        // O_NONBLOCK: opening a FIFO does not wait for a writer.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (inside ? O_NOFOLLOW : 0))
        if fd < 0 {
            let e = errno
            if e == ENOENT { return .missing }
            if e == ELOOP && inside {
                return .failed("is a symbolic link: dangan does not follow links inside the archive (see dangan check)")
            }
            return .failed(errnoMessage(e))
        }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { return .failed(errnoMessage()) }
        let type = st.st_mode & S_IFMT
        if type == S_IFDIR { return .failed("is a folder, expected a file") }
        if inside, let why = reachedThroughLink(fd, path) { return .failed(why) }
        let limit = kind.limit
        if type == S_IFREG {
            if Int(st.st_size) > limit { return .failed(tooLarge(Int(st.st_size), kind)) }
        } else if inside {
            return .failed("is \(kindName(st.st_mode)), not a regular file")
        } else {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)  // a stream: wait for its data
        }
        // Read straight into the result (one copy), growing it if the file grows meanwhile,
        // never past the limit.
        var failure: String? = nil
        let cap = type == S_IFREG ? Int(st.st_size) + 1 : min(limit + 1, 1 << 16)
        var out = [UInt8](unsafeUninitializedCapacity: cap) { buf, count in
            var len = 0
            while len < cap {
                let n = Glibc.read(fd, buf.baseAddress! + len, cap - len)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errnoMessage()
                    break
                }
                if n == 0 { break }
                len += n
            }
            count = len
        }
        if let failure { return .failed(failure) }
        if out.count == cap {  // the file grew while being read, or a stream: read the rest
            var more = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = more.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    return .failed(errnoMessage())
                }
                if n == 0 { break }
                if out.count + n > limit { return .failed(tooLarge(out.count + n, kind, atLeast: true)) }
                out.append(contentsOf: more[0..<n])
            }
        }
        if out.count > limit { return .failed(tooLarge(out.count, kind)) }
        return .ok(out)
    }

    /// "is 42,949,672,993 bytes, more than the 16 MiB an envelope file may have …"
    static func tooLarge(_ size: Int, _ kind: FileKind, atLeast: Bool = false) -> String {
        "is \(atLeast ? "over " : "")\(grouped(size)) bytes, "
            + "more than the \(mebibytes(kind.limit)) \(kind.name) may have: "
            + "it was not read (a damaged or planted file; see dangan check)"
    }

    static func grouped(_ n: Int) -> String {
        var s = String(n)
        var out = ""
        while s.count > 3 {
            out = "," + s.suffix(3) + out
            s.removeLast(3)
        }
        return s + out
    }

    static func mebibytes(_ n: Int) -> String { n >= 1 << 30 ? "\(n >> 30) GiB" : "\(n >> 20) MiB" }
}
