import Foundation
import GenesysClient
import GRDB
import GenesysModels
import Logging

/// A prepared run on its way through the fetch (stage 3) and write (stage 4) stages to completion (stage 5).
///
/// It owns the run's single writer, so it is used by the one task that runs the export and is not `Sendable`.
final class RunStage {
    /// How the fetch stage ended.
    enum FetchOutcome {
        case finished
        case interrupted
        case failed(any Error)
    }

    let runner: ExportRunner
    var run: PreparedRun
    let queue: DatabaseQueue
    let store: NDJSONStore?
    let writer: ExportWriter
    let normalizer: ExportNormalizer
    let mediaArchiver: MediaArchiver?
    let fetcher: ConversationFetcher
    let statisticsAtStart: ClientStatistics
    let started: ContinuousClock.Instant
    let startedAt = Date()
    /// Conversations done before this invocation (a resumed run's earlier attempts).
    let doneBefore: Int

    var job: JobSpec { runner.job }

    /// Opens the run's NDJSON store and writer and builds its fetcher.
    init(
        runner: ExportRunner,
        run: PreparedRun,
        outputs: RunOutputs,
        statisticsAtStart: ClientStatistics,
        started: ContinuousClock.Instant
    ) async throws {
        let job = runner.job
        let jobName = job.name
        let committed = try await outputs.queue.read { db in
            try Row.fetchAll(db, sql: "SELECT key, value FROM checkpoints WHERE job_name = ?", arguments: [jobName])
                .compactMap { NDJSONFileCheckpoint(key: $0["key"], value: $0["value"]) }
        }
        let store = try job.output.ndjson.map {
            try NDJSONStore(
                root: $0,
                runID: run.id,
                gzipLevel: job.output.gzipLevel,
                committed: committed,
                shardTag: runner.configuration.shard?.tag
            )
        }
        self.runner = runner
        self.run = run
        self.queue = outputs.queue
        self.store = store
        self.writer = ExportWriter(
            queue: outputs.queue,
            store: store,
            jobName: job.name,
            runID: run.id,
            fetching: FetchedParts(job.fetch),
            maxRowsPerCommit: runner.configuration.maxRowsPerCommit,
            maxCommitDelay: runner.configuration.maxCommitDelay
        )
        self.normalizer = ExportNormalizer(redactor: outputs.redactor)
        let archiver = job.fetch.media == .download ? job.output.ndjson.map { MediaArchiver(source: runner.source, root: $0) } : nil
        self.mediaArchiver = archiver
        var fetcher = ConversationFetcher(
            source: runner.source,
            options: job.fetch,
            normalizer: normalizer,
            codes: try await WrapupCodeCache.stored(in: outputs.queue),
            jobName: job.name,
            mediaArchiver: archiver
        )
        fetcher.decoding = runner.configuration.fieldDecoding
        self.fetcher = fetcher
        self.statisticsAtStart = statisticsAtStart
        self.started = started
        self.doneBefore = run.total - run.pendingCount
    }

    /// The client's counters since the run started.
    func statistics() async -> ClientStatistics {
        let now = await runner.source.requestStatistics()
        return now.since(statisticsAtStart)
    }

    /// Tells the progress callback where the run is; `totals` are the writer's (read from its lane while it runs).
    func report(_ totals: ExportWriter.Totals? = nil, statistics known: ClientStatistics? = nil) async {
        let totals = totals ?? writer.totals
        var stats = known
        if stats == nil { stats = await statistics() }
        runner.progress(
            ExportProgress(
                conversationsDone: doneBefore + totals.conversations,
                conversationsTotal: run.total,
                messages: totals.messages,
                requests: stats?.requests ?? 0,
                rateLimited: stats?.rateLimited ?? 0,
                commits: totals.commits,
                elapsed: ContinuousClock.now - started
            )
        )
    }

    /// Commits what is buffered with the run's counters (redactions, changes, requests) and an optional status.
    func commit(finishing status: (RunStatus, String?)? = nil) async throws {
        let stats = await statistics()
        try writer.commit(
            extraCheckpoints: Self.counterCheckpoints(runID: run.id, before: (run.redactions, run.changes), writer),
            finishing: status,
            requests: run.requestsBefore + stats.requests
        )
        await report(statistics: stats)
    }

    /// The run's counter checkpoints (redactions, changes) as of everything `writer` committed or buffered, plus
    /// what earlier attempts of the run counted (`before`).
    static func counterCheckpoints(
        runID: Int64,
        before: (redactions: RedactionCounts, changes: ChangeCounts),
        _ writer: ExportWriter
    ) -> [(String, String)] {
        let redactions = before.redactions + writer.redactionCounts + writer.pendingRedactionCounts
        let changes = before.changes + writer.changeCounts + writer.pendingChangeCounts
        return [
            (CheckpointKey.redactions(run: runID).rawValue, json(redactions)),
            (CheckpointKey.changes(run: runID).rawValue, json(changes)),
        ]
    }

    private static func json<T: Encodable>(_ value: T) -> String {
        (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The run's summary as it stands.
    func summary(status: RunStatus, error: String?, manifestPath: String? = nil) async -> RunSummary {
        let stats = await statistics()
        var summary = RunSummary(
            runID: run.id,
            jobName: job.name,
            status: status,
            resumed: run.resumed,
            conversationsTotal: run.total,
            conversations: writer.totals.conversations,
            conversationsSkipped: run.skipped,
            messages: writer.totals.messages,
            wrapups: writer.totals.wrapups,
            media: writer.totals.media,
            cachedMedia: writer.totals.cachedMedia,
            rejects: writer.totals.rejects,
            requests: stats.requests,
            rateLimited: stats.rateLimited,
            commits: writer.totals.commits,
            duration: ContinuousClock.now - started,
            sqlitePath: job.output.sqlite.path,
            ndjsonPath: job.output.ndjson?.path
        )
        summary.error = error
        summary.manifestPath = manifestPath
        runner.logger.debug(
            "run finished",
            metadata: [
                "job.name": "\(job.name)", "run.id": "\(summary.runID)", "run.status": "\(summary.status.rawValue)",
                "batch.records": "\(summary.messages)",
            ]
        )
        return summary
    }
}
