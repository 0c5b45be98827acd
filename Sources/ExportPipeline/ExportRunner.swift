import Foundation
import GRDB
import GenesysModels
import Logging

/// Runs one export job: enumerate → fetch (bounded concurrency) → one writer → SQLite + gzipped NDJSON.
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
        package var cacheSizeMiB = 64
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
        self.job = job
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
        let clock = ContinuousClock()
        let started = clock.now
        let startedAt = Date()
        let folder = job.output.sqlite.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ExportError.io(path: folder.path, operation: "create folder", reason: "\(error)")
        }
        let lock = try RunLock(path: job.output.sqlite.path + ".lock", jobName: job.name)
        defer { lock.release() }
        let queue = try ExportDatabase.open(at: job.output.sqlite, cacheSizeMiB: configuration.cacheSizeMiB)
        let redactor = try Redactor(policy: job.redact, hashKey: configuration.redactionHashKey)
        let statsAtStart = await source.requestStatistics()

        var run: PreparedRun
        do {
            run = try await prepareRun(queue: queue, restart: restart)
        } catch let error as PrepareInterruption {
            return await interruptedBeforeFetching(runID: error.runID, resumed: error.resumed, since: started)
        } catch is CancellationError {
            return await interruptedBeforeFetching(runID: 0, resumed: false, since: started)
        }
        logger.debug(
            "run prepared",
            metadata: [
                "job.name": "\(job.name)", "run.id": "\(run.id)", "run.resumed": "\(run.resumed)",
                "work.total": "\(run.total)", "work.pending": "\(run.pending.count)",
            ]
        )
        let jobName = job.name
        let committed = try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT key, value FROM checkpoints WHERE job_name = ?", arguments: [jobName])
                .compactMap { NDJSONFileCheckpoint(key: $0["key"], value: $0["value"]) }
        }
        let store = try job.output.ndjson.map {
            try NDJSONStore(root: $0, runID: run.id, gzipLevel: job.output.gzipLevel, committed: committed)
        }
        let writer = ExportWriter(
            queue: queue,
            store: store,
            jobName: job.name,
            runID: run.id,
            fetching: FetchedParts(job.fetch),
            maxRowsPerCommit: configuration.maxRowsPerCommit,
            maxCommitDelay: configuration.maxCommitDelay
        )
        let normalizer = ExportNormalizer(redactor: redactor)
        let mediaArchiver = job.fetch.media == .download
            ? job.output.ndjson.map { MediaArchiver(source: source, root: $0) } : nil
        let fetcher = ConversationFetcher(
            source: source,
            options: job.fetch,
            normalizer: normalizer,
            codes: try await loadCodeCache(queue),
            jobName: job.name,
            mediaArchiver: mediaArchiver
        )
        var summary = RunSummary(
            runID: run.id,
            jobName: job.name,
            status: .running,
            resumed: run.resumed,
            conversationsTotal: run.total,
            conversations: 0,
            conversationsSkipped: run.skipped,
            messages: 0,
            wrapups: 0,
            media: 0,
            cachedMedia: 0,
            rejects: 0,
            requests: 0,
            rateLimited: 0,
            commits: 0,
            duration: .zero,
            sqlitePath: job.output.sqlite.path,
            ndjsonPath: job.output.ndjson?.path
        )
        let redactionKey = "run:\(run.id):redactions"
        let changesKey = "run:\(run.id):changes"
        let baseRedactions = run.redactions
        let baseChanges = run.changes
        let doneBefore = run.total - run.pending.count

        @Sendable func statistics() async -> SourceStatistics {
            let now = await source.requestStatistics()
            return SourceStatistics(
                requests: now.requests - statsAtStart.requests,
                rateLimited: now.rateLimited - statsAtStart.rateLimited
            )
        }
        func report() async {
            let stats = await statistics()
            progress(
                ExportProgress(
                    conversationsDone: doneBefore + writer.totals.conversations,
                    conversationsTotal: run.total,
                    messages: writer.totals.messages,
                    requests: stats.requests,
                    rateLimited: stats.rateLimited,
                    commits: writer.totals.commits,
                    elapsed: clock.now - started
                )
            )
        }
        func commit(finishing status: (RunStatus, String?)? = nil) async throws {
            let stats = await statistics()
            let counts = baseRedactions + writer.redactionCounts + writer.pendingRedactionCounts
            let countsJSON = (try? JSONEncoder().encode(counts)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            let changes = baseChanges + writer.changeCounts + writer.pendingChangeCounts
            let changesJSON = (try? JSONEncoder().encode(changes)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            try writer.commit(
                extraCheckpoints: [(redactionKey, countsJSON), (changesKey, changesJSON)],
                finishing: status,
                requests: run.requestsBefore + stats.requests
            )
            await report()
        }

        var failure: (any Error)?
        var interrupted = false
        do {
            if job.fetch.cachedMedia, !run.cachedMediaDone {
                try await exportCachedMedia(
                    writer: writer,
                    normalizer: normalizer,
                    runID: run.id,
                    queue: queue,
                    includingUnchanged: run.exportsAllCachedMedia,
                    archiver: mediaArchiver
                )
                try await commit()
            }
            try await withThrowingTaskGroup(of: (WorkItem, ConversationExport).self) { group in
                var iterator = run.pending.makeIterator()
                for _ in 0..<max(1, job.fetch.concurrency) {
                    guard let item = iterator.next() else { break }
                    group.addTask { (item, try await fetcher.fetch(item)) }
                }
                while let (item, export) = try await group.next() {
                    try writer.add(export, for: item)
                    if writer.isCommitDue { try await commit() } else { await report() }
                    if let next = iterator.next() {
                        group.addTask { (next, try await fetcher.fetch(next)) }
                    }
                }
            }
        } catch is CancellationError {
            interrupted = true
        } catch {
            if Task.isCancelled { interrupted = true } else { failure = error }
        }
        run.pending = []

        let finalStatus: RunStatus
        var manifestPath: String?
        do {
            if interrupted {
                finalStatus = .interrupted
                try await commit(finishing: (.interrupted, nil))
            } else if let failure {
                finalStatus = .failed
                try await commit(finishing: (.failed, Self.describe(failure)))
            } else {
                // Completion is two-phase: the data (and the watermark) first, then the full-text index and the
                // manifest, and only then the final status, so a kill in between resumes into the same completion.
                var extra: [(String, String)] = []
                if let watermark = run.watermarkOnCompletion {
                    extra.append((Self.watermarkKey, GenesysDate.format(watermark)))
                }
                writer.addCheckpoints(extra)
                try await commit()
                let runID = run.id
                let rejects = try await queue.read { db in
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rejects WHERE run_id = ?", arguments: [runID]) ?? 0
                }
                finalStatus = rejects > 0 ? .completeWithRejects : .complete
                try await queue.write { db in try AnalystSchema.refreshFullTextIndex(db) }
                if configuration.writesManifest, let store, let root = job.output.ndjson {
                    let info = ArchiveRunInfo(
                        jobName: job.name,
                        jobSHA256: job.fileSHA256,
                        toolVersion: configuration.toolVersion,
                        runID: run.id,
                        source: job.source.summary,
                        windowStart: run.windowStart,
                        windowEnd: run.windowEnd,
                        conversationIDs: run.explicitIDs,
                        redaction: job.redact,
                        redactionCounts: baseRedactions + writer.redactionCounts,
                        changeCounts: baseChanges + writer.changeCounts,
                        startedAt: startedAt,
                        finishedAt: Date()
                    )
                    let files = store.committedFiles.map {
                        ArchiveFileRecord(
                            path: $0.path,
                            records: $0.records,
                            firstTimestamp: $0.firstTimestamp,
                            lastTimestamp: $0.lastTimestamp
                        )
                    }
                    let media = try await queue.read { db in
                        try Row.fetchAll(
                            db,
                            sql: "SELECT sha256, path, bytes, source_id FROM media_files WHERE run_id = ? ORDER BY 2",
                            arguments: [runID]
                        ).map {
                            ArchiveMediaRecord(
                                path: $0["path"],
                                sha256: $0["sha256"],
                                bytes: $0["bytes"],
                                sourceID: $0["source_id"]
                            )
                        }
                    }
                    manifestPath = try ArchiveManifest.write(ndjsonRoot: root, run: info, files: files, media: media)
                        .path
                }
                try await commit(finishing: (finalStatus, nil))
            }
        } catch {
            let message = Self.describe(error)
            let runID = run.id
            try? await queue.write { db in
                try db.execute(
                    sql: "UPDATE runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ?",
                    arguments: [GenesysDateText.now(), message, runID]
                )
            }
            failure = failure ?? error
            summary.status = .failed
            summary.error = message
            return finish(summary, writer: writer, stats: await statistics(), duration: clock.now - started)
        }
        summary.status = finalStatus
        summary.error = failure.map(Self.describe)
        summary.manifestPath = manifestPath
        return finish(summary, writer: writer, stats: await statistics(), duration: clock.now - started)
    }

    /// The summary of a run cancelled before any conversation was fetched.
    private func interruptedBeforeFetching(runID: Int64, resumed: Bool, since started: ContinuousClock.Instant) async
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

    private func finish(_ summary: RunSummary, writer: ExportWriter, stats: SourceStatistics, duration: Duration)
        -> RunSummary
    {
        var summary = summary
        summary.conversations = writer.totals.conversations
        summary.messages = writer.totals.messages
        summary.wrapups = writer.totals.wrapups
        summary.media = writer.totals.media
        summary.cachedMedia = writer.totals.cachedMedia
        summary.rejects = writer.totals.rejects
        summary.commits = writer.totals.commits
        summary.requests = stats.requests
        summary.rateLimited = stats.rateLimited
        summary.duration = duration
        logger.debug(
            "run finished",
            metadata: [
                "job.name": "\(job.name)", "run.id": "\(summary.runID)", "run.status": "\(summary.status.rawValue)",
                "batch.records": "\(summary.messages)",
            ]
        )
        return summary
    }

    /// A safe one-line description of an error (API errors never include bodies or secrets).
    package static func describe(_ error: any Error) -> String {
        "\(error)"
    }

    /// Checkpoint key of the `since` watermark.
    package static let watermarkKey = "watermark"
}
