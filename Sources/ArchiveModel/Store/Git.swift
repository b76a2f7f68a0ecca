import Foundation

/// The `git` command, run as a subprocess with dangan's own configuration: the user's and the
/// system's git settings are not read, hooks do not run, no prompt waits for a password, and
/// line endings, rebase and fast-forward settings cannot change what a sync does.
struct Git {
    let root: String
    /// Who the commits are by: this copy's desk.
    let name: String
    let email: String

    struct Result {
        var status: Int32
        var out: String
        var err: String
        var ok: Bool { status == 0 }
    }

    struct Failure: Error, CustomStringConvertible {
        let command: String
        let result: Result
        var description: String {
            let msg = (result.err.isEmpty ? result.out : result.err).trimmingCharacters(in: .whitespacesAndNewlines)
            return "git \(command) failed (\(result.status)): \(Sanitize.visible(String(msg.suffix(600))))"
        }
    }

    static var executable: String? {
        for p in ["/usr/bin/git", "/usr/local/bin/git", "/bin/git"]
        where FileManager.default.isExecutableFile(atPath: p) { return p }
        return nil
    }

    /// Options that make every run the same whatever the user's or the repository's settings.
    var options: [String] {
        [
            "-c", "core.autocrlf=false", "-c", "core.eol=lf", "-c", "core.safecrlf=false",
            "-c", "core.hooksPath=/dev/null", "-c", "core.quotePath=false", "-c", "core.fileMode=false",
            "-c", "pull.rebase=false", "-c", "merge.ff=true", "-c", "merge.renames=false",
            "-c", "commit.gpgSign=false", "-c", "tag.gpgSign=false", "-c", "gc.auto=0",
            "-c", "user.name=\(name)", "-c", "user.email=\(email)",
            "-c", "advice.detachedHead=false", "-c", "init.defaultBranch=main",
        ]
    }

    @discardableResult
    func run(_ args: [String], allowFailure: Bool = false) throws -> Result {
        guard let exe = Git.executable else {
            throw ArchiveError.notFound(what: "the git command (install git to share an archive)")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = options + args
        p.currentDirectoryURL = URL(fileURLWithPath: root)
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["GIT_ASKPASS"] = "/bin/false"
        env["SSH_ASKPASS"] = "/bin/false"
        env["LC_ALL"] = "C"
        env["GIT_MERGE_AUTOEDIT"] = "no"
        // Keep the tests' (and cron's) ssh options if any; nothing else of the user's.
        if let s = ProcessInfo.processInfo.environment["GIT_SSH_COMMAND"] { env["GIT_SSH_COMMAND"] = s }
        p.environment = env
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Read both pipes while the process runs (a full pipe would block it).
        var outData = Data()
        var errData = Data()
        let group = DispatchGroup()
        let q = DispatchQueue(label: "git-pipes", attributes: .concurrent)
        let outBox = UncheckedSendable(value: out)
        let errBox = UncheckedSendable(value: err)
        let results = UncheckedSendable(value: ResultBox())
        q.async(group: group) { results.value.out = outBox.value.fileHandleForReading.readDataToEndOfFile() }
        q.async(group: group) { results.value.err = errBox.value.fileHandleForReading.readDataToEndOfFile() }
        p.waitUntilExit()
        group.wait()
        outData = results.value.out
        errData = results.value.err
        let r = Result(
            status: p.terminationStatus, out: String(decoding: outData, as: UTF8.self),
            err: String(decoding: errData, as: UTF8.self))
        if !r.ok && !allowFailure {
            throw ArchiveError.io(path: root, message: Failure(command: args.first ?? "", result: r).description)
        }
        return r
    }

    final class ResultBox: @unchecked Sendable {
        var out = Data()
        var err = Data()
    }
}
