import ArchiveModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Everything the command line prints goes through `Out`: text is made safe for a terminal by
/// `Sanitize.appendVisible`, JSON by `Sanitize.appendJSONEscaped`, and standard output is
/// written with write(2), so that a broken pipe, a full disk or an I/O error is noticed
/// (`failure`) and ends the process with a one-line message and exit status 5 instead of a
/// crash or a silent exit 0. With `-o FILE` the output is collected and replaces FILE at the
/// end (regular files only, see `OutputFile`).
enum Out {
    /// Where standard output goes: the terminal or pipe, or a file given with `-o`.
    enum Destination: Equatable {
        case standardOutput
        case file(String)
    }

    nonisolated(unsafe) static var destination = Destination.standardOutput
    nonisolated(unsafe) private static var buffer: [UInt8] = []
    /// Bytes written so far (a BOM is kept only at the very start).
    nonisolated(unsafe) private static var written = 0
    /// The first error met while writing standard output; later output is dropped.
    nonisolated(unsafe) private(set) static var failure: String?

    /// Prints one line of text.
    static func line(_ s: String = "") { text(s + "\n") }

    /// Prints text. Control characters, ESC and direction marks become visible; tabs and
    /// line breaks are kept.
    static func text(_ s: String) {
        var s = s
        s.withUTF8 { u in
            Sanitize.appendVisible(u, to: &buffer, keepLayout: true, bomAllowedAt: written == 0 ? 0 : nil)
        }
        written += 1
        flushIfLarge()
    }

    /// Prints a value as JSON (pretty, sorted keys), C1 and direction controls escaped.
    static func json<T: Encodable>(_ value: T) {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try e.encode(value)
            data.withUnsafeBytes { Sanitize.appendJSONEscaped($0.bindMemory(to: UInt8.self), to: &buffer) }
            buffer.append(0x0A)
        } catch {
            err("dangan: could not encode the JSON output: \(error)")
            failure = failure ?? "could not encode JSON"
        }
        written += 1
        flushIfLarge()
    }

    /// One line of JSON built by JSONSerialization (the benchmarks' figures).
    static func jsonLine(_ object: Any) {
        guard let d = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        d.withUnsafeBytes { Sanitize.appendJSONEscaped($0.bindMemory(to: UInt8.self), to: &buffer) }
        buffer.append(0x0A)
        written += 1
        flushIfLarge()
    }

    /// Prints a report (CSV, text or HTML) as it will be saved: sanitised like any text, with a
    /// CSV's byte order mark kept.
    static func document(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { Sanitize.appendVisible($0, to: &buffer, keepLayout: true, bomAllowedAt: 0) }
        written += 1
        flushIfLarge()
    }

    /// Writes a line to standard error at once (unbuffered), sanitised.
    static func err(_ s: String) {
        var out: [UInt8] = []
        var line = s + "\n"
        line.withUTF8 { Sanitize.appendVisible($0, to: &out, keepLayout: true) }
        _ = writeAll(2, out)
    }

    /// Text from the archive inside a line: tabs and line breaks made visible too, so a value
    /// cannot start a new line or column.
    static func safe(_ s: String) -> String {
        s.unicodeScalars.contains(where: Sanitize.isUnsafe) ? Sanitize.visible(s) : s
    }

    private static func flushIfLarge() {
        if buffer.count >= 1 << 16, destination == .standardOutput { flushStandardOutput() }
    }

    private static func flushStandardOutput() {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failure == nil, !buffer.isEmpty else { return }
        if let e = writeAll(1, buffer) { failure = "cannot write standard output: " + String(cString: strerror(e)) }
    }

    /// Writes the rest of the output: to standard output, or replacing the `-o` file — unless
    /// `complete` is false (the command stopped on an error), when an `-o` file is left as it
    /// was. Returns the failure, if any (the caller reports it once and exits 5).
    static func finish(complete: Bool = true) -> String? {
        switch destination {
        case .standardOutput:
            flushStandardOutput()
        case .file where !complete:
            buffer = []
            destination = .standardOutput
        case .file(let path):
            let bytes = buffer
            buffer = []
            destination = .standardOutput
            do { try OutputFile.write(path, bytes) } catch CommandFailure.outputFailed(let m) {
                failure = failure ?? m
            } catch {
                failure = failure ?? "\(error)"
            }
        }
        return failure
    }

    /// write(2) until done; the errno of a failure, nil when everything was written.
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { raw -> Int32? in
            var off = 0
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                off += n
            }
            return nil
        }
    }
}

/// Files named by the user for output (`export FILE`, `-o FILE`): `-` is standard output; an
/// existing file is replaced only if it is a regular file (written beside it, then renamed
/// over it), never a symbolic link, FIFO, device or folder; the new file is private (0600).
enum OutputFile {
    /// Writes `bytes` to `path` (`-`: standard output); a refusal or failure ends the command with status 5.
    static func write(_ path: String, _ bytes: [UInt8]) throws {
        if path == "-" {
            Out.document(bytes)
            return
        }
        guard !path.isEmpty else {
            throw CommandFailure.outputFailed("the output file name is empty (use - for standard output)")
        }
        do { try DurableIO.writeAtomic(path, bytes) } catch let e as ArchiveError {
            throw CommandFailure.outputFailed(e.description)
        }
    }
}
