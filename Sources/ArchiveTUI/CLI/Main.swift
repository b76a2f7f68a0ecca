import ArchiveModel
import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The process: parse the command line, run the command, print the outcome, exit. The one
/// place where errors and refusals become messages and exit statuses (listed in README):
///
///  | status | meaning |
///  |---|---|
///  | 0 | done |
///  | 1 | `check` found problems, or the archive could not be read or written |
///  | 2 | invalid input: an unknown option or value, a field that fails validation, rejected import rows, no terminal |
///  | 3 | refused by a rule (the rule is named) |
///  | 4 | not found, or ambiguous |
///  | 5 | the output could not be written (standard output, `-o FILE`, `export FILE`) |
enum ExitStatus: Int32 {
    case done = 0
    case problems = 1
    case invalidInput = 2
    case refused = 3
    case notFound = 4
    case output = 5
}

/// Ends a command early with a status, after it has printed what it has to say.
enum CommandFailure: Error {
    /// `check` or an inventory found problems (they were printed).
    case problemsFound
    /// Import rows were rejected (they were printed).
    case rowsRejected
    /// A rule refused: printed on standard error as "refused by rule …", exit 3.
    case refused(Decision)
    /// An output file could not be written (the message says why), exit 5.
    case outputFailed(String)
}

@main
enum Entry {
    /// The process's entry point.
    static func main() {
        // A closed pipe is an error to report (EPIPE), not a signal that ends the process
        // silently.
        signal(SIGPIPE, SIG_IGN)
        let status = run(Array(CommandLine.arguments.dropFirst()))
        // The end of the process, at the top level: the stores the command opened are still
        // referenced (OpenedStores), so their summaries are not released one by one on the
        // way out (0.4 s at 1,000,000 envelopes). Everything written is on disk.
        exit(status.rawValue)
    }

    /// Runs one command line and returns its exit status; everything it prints has been
    /// written (or the failure to write it reported) when this returns.
    static func run(_ arguments: [String]) -> ExitStatus {
        var status = ExitStatus.done
        var complete = true
        do {
            var command = try Dangan.parseAsRoot(arguments)
            try command.run()
        } catch {
            status = report(error)
            // A command that ends with a finding or a refusal printed all it had to say; one
            // that stopped on an error did not, and an `-o` file keeps what it held.
            if !(error is CommandFailure) { complete = false }
        }
        if let failure = Out.finish(complete: complete) {
            Out.err("dangan: " + failure + " (the output was lost)")
            return .output
        }
        return status
    }

    /// Prints what went wrong on standard error and gives the exit status.
    static func report(_ error: Error) -> ExitStatus {
        switch error {
        case CommandFailure.problemsFound:
            return .problems
        case CommandFailure.rowsRejected:
            return .invalidInput
        case CommandFailure.outputFailed(let m):
            Out.err("dangan: " + m)
            return .output
        case CommandFailure.refused(let d):
            Out.err("dangan: refused by rule \(d.rule): \(d.message)\(d.document.map { " [\($0)]" } ?? "")")
            return .refused
        case let e as ArchiveError:
            Out.err("dangan: " + e.description)
            return status(of: e)
        case let e as ExitCodeError:
            return ExitStatus(rawValue: e.code) ?? .problems
        case let e as ValidationError:
            Out.err("dangan: " + e.message)
            return .invalidInput
        default:
            // Errors of the argument parser (usage, --help, --version).
            let message = Dangan.fullMessage(for: error)
            let code = Dangan.exitCode(for: error)
            if code == .success {
                if !message.isEmpty { Out.line(message) }
                return .done
            }
            if !message.isEmpty { Out.err(message) }
            return .invalidInput
        }
    }

    /// The exit status of an error of the archive.
    static func status(of e: ArchiveError) -> ExitStatus {
        switch e {
        case .refused: return .refused
        case .notFound, .ambiguous: return .notFound
        case .invalidField: return .invalidInput
        default: return .problems
        }
    }
}
