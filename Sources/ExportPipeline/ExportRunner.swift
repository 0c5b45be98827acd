import Foundation
import GRDB
import GenesysModels
import Logging

/// Runs one export job as five stages: open the outputs (``RunOutputs``) → prepare the run: resume it, or enumerate
/// and plan a new work list (`ExportRunner+Prepare`, ``WorkItem``, ``ConversationState``) → fetch conversations with
/// bounded concurrency (``ConversationFetcher``) → write them through one writer (``ExportWriter``) → complete
/// (`RunStage+Complete`).
///
/// ```swift
/// let runner = ExportRunner(job: job, source: client, logger: logger) { progress in print(progress) }
/// let summary = try await runner.run()          // resumes an interrupted run by default
/// ```
///
/// A run first persists its work list (`run_work`) and then fetches up to `fetch.concurrency` conversations at a
/// time; the task that owns the task group is the only writer. Cancelling the task finishes the current commit and
/// returns status `interrupted`; running again resumes the same run (same `runs.id`, same NDJSON files).
package struct ExportRunner: Sendable {
    /// Tunables with defaults.
    package struct Configuration: Sendable {
        /// Version recorded in `runs.tool_version` and manifests.
        package var toolVersion = "0.1.0"
        /// Rows buffered before a commit.
        package var maxRowsPerCommit = 5_000
        /// Longest time fetched conversations wait for a commit.
        package var maxCommitDelay: Duration = .seconds(2)
        /// SQLite page cache.
        package var cacheSizeMiB = 24
        /// Key for `redact.addresses: hash` (read from the environment by the CLI).
        package var redactionHashKey: Data?
        /// Current time, for `since` windows.
        package var now: @Sendable () -> Date = { Date() }
        /// Sleep used while polling analytics jobs.
        package var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
        /// Time between analytics job status polls.
        package var pollInterval: Duration = .seconds(2)
        /// Write the archive manifest at completion.
        package var writesManifest = true
        /// The shard this runner exports (`--shard K/N`); `nil` exports every conversation. The runner then writes
        /// the shard's own SQLite file (``ShardSpec/databaseURL(base:)``), files and manifests (see `Shard/`).
        package var shard: ShardSpec?
        /// How API bodies are read: the fast one-pass reader, or the typed models (the oracle tests compare with).
        package var fieldDecoding: FieldDecoding = .fast

        /// Creates a configuration with the defaults.
        package init() {}
    }

    /// The job.
    package var job: JobSpec
    /// The API.
    package var source: any ConversationSource
    /// Tunables.
    package var configuration: Configuration
    /// Debug logging only.
    package var logger: Logger
    /// Called after every conversation and commit.
    package var progress: @Sendable (ExportProgress) -> Void

    /// Creates a runner.
    package init(
        job: JobSpec,
        source: any ConversationSource,
        configuration: Configuration = Configuration(),
        logger: Logger,
        progress: @escaping @Sendable (ExportProgress) -> Void = { _ in }
    ) {
        self.job = configuration.shard.map { $0.applied(to: job) } ?? job
        self.source = source
        self.configuration = configuration
        self.logger = logger
        self.progress = progress
    }

    /// Runs the job, resuming its interrupted run unless `restart` is true.
    ///
    /// - Returns: the summary; `status` is `interrupted` when the task was cancelled, `failed` when an API or IO error
    ///   stopped the run after it started (the error is in `summary.error` and `runs.error`).
    /// - Throws: ``ExportError/alreadyRunning(job:lockPath:)`` when another run holds the lock, and errors opening the
    ///   database or output folders.
    package func run(restart: Bool = false) async throws -> RunSummary {
        let started = ContinuousClock.now
        let outputs = try RunOutputs.open(job: job, configuration: configuration)
        defer { outputs.lock.release() }
        let statisticsAtStart = await source.requestStatistics()
        let run: PreparedRun
        do {
            run = try await prepareRun(queue: outputs.queue, restart: restart)
        } catch let error as PrepareInterruption {
            return interruptedBeforeFetching(runID: error.runID, resumed: error.resumed, since: started)
        } catch is CancellationError {
            return interruptedBeforeFetching(runID: 0, resumed: false, since: started)
        }
        logger.debug(
            "run prepared",
            metadata: [
                "job.name": "\(job.name)", "run.id": "\(run.id)", "run.resumed": "\(run.resumed)",
                "work.total": "\(run.total)", "work.pending": "\(run.pendingCount)",
            ]
        )
        let stage = try await RunStage(
            runner: self,
            run: run,
            outputs: outputs,
            statisticsAtStart: statisticsAtStart,
            started: started
        )
        return await stage.finish(await stage.fetchAll())
    }

    /// The summary of a run cancelled before any conversation was fetched.
    private func interruptedBeforeFetching(runID: Int64, resumed: Bool, since started: ContinuousClock.Instant)
        -> RunSummary
    {
        RunSummary(
            runID: runID,
            jobName: job.name,
            status: .interrupted,
            resumed: resumed,
            conversationsTotal: 0,
            conversations: 0,
            conversationsSkipped: 0,
            messages: 0,
            wrapups: 0,
            media: 0,
            cachedMedia: 0,
            rejects: 0,
            requests: 0,
            rateLimited: 0,
            commits: 0,
            duration: ContinuousClock.now - started,
            sqlitePath: job.output.sqlite.path,
            ndjsonPath: job.output.ndjson?.path
        )
    }

    /// A safe one-line description of an error (API errors never include bodies or secrets).
    package static func describe(_ error: any Error) -> String {
        "\(error)"
    }

}
