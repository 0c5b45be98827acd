import ArgumentParser
import ExportPipeline
import Foundation

/// `genesys-export verify DIR`.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check an NDJSON archive against its manifests.",
        discussion: """
            Recomputes every file's size, SHA-256 and record count (each file is decompressed and every line parsed), \
            checks media files and the manifest chain, and lists missing, extra, altered or truncated files. \
            Exits 0 only when everything holds, 1 otherwise.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job's NDJSON folder (output.ndjson).")
    var directory: String

    func run() async throws {
        let report: VerificationReport
        do {
            report = try ArchiveVerifier.verify(URL(fileURLWithPath: directory, isDirectory: true))
        } catch {
            printError("\(directory): \(error)")
            throw ExitCodes.failure
        }
        guard !report.isValid else {
            print(report.renderText(), terminator: "")
            return
        }
        // A failed check: each problem on standard error (cron mail), the verdict line alone on standard output.
        for problem in report.problems {
            printError("\(directory): \(problem.description)")
        }
        let verdict = report.renderText().split(separator: "\n").last.map(String.init) ?? "FAILED"
        if report.problems.isEmpty { printError("\(directory): \(verdict)") }
        print(verdict)
        throw ExitCodes.failure
    }
}
