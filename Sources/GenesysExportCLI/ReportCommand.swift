import ArgumentParser
import ExportPipeline
import Foundation

/// `genesys-export report JOB|SQLITE`.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Summarize an export: volumes, channels, response times, wrap-up codes, busiest hours, rejects.",
        discussion: "With --html FILE also writes one self-contained HTML page with inline SVG charts."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A job file (YAML) or the export's SQLite file.")
    var input: String

    @Option(help: "Write the report as a self-contained HTML page to this file.")
    var html: String?

    func run() async throws {
        let sqlite: URL
        if input.hasSuffix(".yaml") || input.hasSuffix(".yml") {
            sqlite = try loadJob(input).output.sqlite
        } else {
            sqlite = URL(fileURLWithPath: input)
        }
        guard FileManager.default.fileExists(atPath: sqlite.path) else {
            printError("\(sqlite.path): no such export database (has the job run?)")
            throw ExitCodes.failure
        }
        let report: Report
        do {
            report = try Report.load(sqlite: sqlite)
        } catch {
            printError("\(sqlite.path): \(error)")
            throw ExitCodes.failure
        }
        print(report.renderText())
        if let html {
            do {
                try Data(report.renderHTML().utf8).write(to: URL(fileURLWithPath: html), options: .atomic)
            } catch {
                printError("cannot write \(html): \(error)")
                throw ExitCodes.failure
            }
            if !global.quiet { print("HTML report: \(html)") }
        }
    }
}
