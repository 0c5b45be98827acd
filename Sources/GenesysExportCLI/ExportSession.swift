import ArgumentParser
import ExportPipeline
import Foundation
import Logging
import UnixSignals

/// Runs one export with what the CLI adds around `ExportRunner`: the progress line, SIGINT/SIGTERM
/// handling, the final summary line and the exit code.
struct ExportSession {
    var job: JobSpec
    var logger: Logger
    var quiet: Bool
    var restart: Bool
    var hashKey: Data?
    /// `--shard K/N`, or nil for the whole job.
    var shard: ShardSpec? = nil

    /// Runs the job against `source`; returns the summary (never throws for a run that started).
    func run(source: any ConversationSource) async throws -> RunSummary {
        let progressLine = ProgressLine(
            budget: job.fetch.requestsPerMinute,
            isEnabled: !quiet && GlobalOptions.stderrIsTerminal
        )
        var configuration = ExportRunner.Configuration()
        configuration.toolVersion = GenesysExport.version
        configuration.redactionHashKey = hashKey
        configuration.shard = shard
        // A changed shard count is refused before anything is opened (unless --restart starts the job over).
        try ShardLayout.claim(job: job, count: shard?.count ?? 1, restart: restart)
        let runner = ExportRunner(
            job: job,
            source: source,
            configuration: configuration,
            logger: logger,
            progress: { progressLine.update($0) }
        )
        logger.info(
            "run started",
            metadata: ["job.name": "\(job.name)", "job.source": "\(job.source.summary)", "job.sqlite": "\(job.output.sqlite.path)"]
        )
        let restart = self.restart
        var summary: RunSummary = try await withThrowingTaskGroup(of: RunSummary?.self) { group in
            group.addTask {
                try await runner.run(restart: restart)
            }
            group.addTask {
                // Ctrl-C / SIGTERM: cancel the runner, which finishes its current commit and returns `interrupted`.
                for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) {
                    return nil
                }
                return nil
            }
            while let result = try await group.next() {
                if let summary = result {
                    group.cancelAll()
                    return summary
                }
                group.cancelAll()
            }
            throw CancellationError()
        }
        progressLine.finish()
        if let error = summary.error {
            // An SQLite failure known only by its text still names the file and the system's reason.
            summary.error = ExportDatabase.storageExplanation(of: error, path: summary.sqlitePath) ?? error
        }
        var metadata: Logger.Metadata = [
            "job.name": "\(summary.jobName)", "run.id": "\(summary.runID)", "run.status": "\(summary.status.rawValue)",
            "run.conversations": "\(summary.conversations)", "run.messages": "\(summary.messages)",
            "run.rejects": "\(summary.rejects)", "run.requests": "\(summary.requests)",
            "run.rate_limited": "\(summary.rateLimited)", "run.seconds": "\(Self.seconds(summary.duration))",
        ]
        if let error = summary.error {
            // The failure goes to standard error (the log handlers write there), never only into the stdout summary.
            metadata["error"] = "\(error)"
            logger.error("run failed", metadata: metadata)
        } else {
            logger.info("run finished", metadata: metadata)
        }
        return summary
    }

    /// Prints the end of a run: the summary line on standard output, and the error (of a failed run) and the rejects
    /// note on standard error, so cron mail and `2>` redirections see every failure.
    static func report(_ summary: RunSummary) {
        print(summaryLine(summary))
        if let error = summary.error {
            printError("job '\(summary.jobName)' failed: \(error)")
        }
        if summary.status == .completeWithRejects {
            printError("\(summary.rejects) record(s) rejected: see the rejects table in \(summary.sqlitePath)")
        }
    }

    /// The one-line summary printed on standard output at the end of `run` and `demo`; it never carries the error
    /// text, which ``report(_:)`` writes to standard error.
    static func summaryLine(_ summary: RunSummary) -> String {
        var line = "job \(summary.jobName): \(summary.status.rawValue)"
        if summary.resumed { line += " (resumed run \(summary.runID))" }
        line += " — \(summary.conversations)/\(summary.conversationsTotal) conversations"
        if summary.conversationsSkipped > 0 { line += " (\(summary.conversationsSkipped) unchanged, skipped)" }
        line += ", \(summary.messages) messages, \(summary.wrapups) wrap-ups, \(summary.media) media,"
        line += " \(summary.cachedMedia) cached media, \(summary.rejects) rejects,"
        line += " \(summary.requests) requests (\(summary.rateLimited)×429) in \(String(format: "%.1f", seconds(summary.duration)))s"
        return line
    }

    /// The exit code for a finished run.
    static func exitCode(for summary: RunSummary) -> ExitCode {
        switch summary.status {
        case .complete: ExitCodes.complete
        case .completeWithRejects: ExitCodes.completeWithRejects
        case .interrupted: ExitCodes.interrupted
        case .failed, .running: ExitCodes.failure
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// Loads a job file, turning validation problems into exit code 64.
func loadJob(_ path: String) throws -> JobSpec {
    do {
        return try JobSpec.load(from: URL(fileURLWithPath: path))
    } catch let error as JobValidationError {
        printError(error.description)
        throw ExitCodes.usage
    } catch {
        printError("\(path): \(error)")
        throw ExitCodes.usage
    }
}
