import Foundation
import GRDB
import GenesysModels

extension RunStage {
    /// Stage 5: records how the run ended. A finished run completes in two phases — the data and the watermark
    /// first, then the manifest, and only then the final status — so a kill in between resumes into the same
    /// completion. (The full-text index needs no step here: every commit keeps it up to date.)
    func finish(_ outcome: FetchOutcome) async -> RunSummary {
        do {
            switch outcome {
            case .interrupted:
                try await commit(finishing: (.interrupted, nil))
                return await summary(status: .interrupted, error: nil)
            case let .failed(error):
                try await commit(finishing: (.failed, ExportRunner.describe(error)))
                return await summary(status: .failed, error: ExportRunner.describe(error))
            case .finished:
                return try await complete()
            }
        } catch is CancellationError {
            return await interruptedWhileCompleting()
        } catch {
            if Task.isCancelled { return await interruptedWhileCompleting() }
            return await recordFailure(error, after: outcome)
        }
    }

    /// Interrupted during completion: what is committed stays, and the next run resumes into the same completion.
    private func interruptedWhileCompleting() async -> RunSummary {
        do {
            try await commit(finishing: (.interrupted, nil))
        } catch {
            return await recordFailure(error, after: .interrupted)
        }
        return await summary(status: .interrupted, error: nil)
    }

    private func complete() async throws -> RunSummary {
        if let watermark = run.watermarkOnCompletion {
            writer.addCheckpoints([(CheckpointKey.watermark.rawValue, GenesysDate.format(watermark))])
        }
        try await commit()
        let runID = run.id
        let rejects = try await queue.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rejects WHERE run_id = ?", arguments: [runID]) ?? 0
        }
        let status: RunStatus = rejects > 0 ? .completeWithRejects : .complete
        let manifest = try await writeManifest()
        try await commit(finishing: (status, nil))
        return await summary(status: status, error: nil, manifestPath: manifest)
    }

    /// The archive manifest of the run (with `output.ndjson`), listing its files and media.
    private func writeManifest() async throws -> String? {
        guard runner.configuration.writesManifest, let store, let root = job.output.ndjson else { return nil }
        let info = ArchiveRunInfo(
            jobName: job.name,
            jobSHA256: job.fileSHA256,
            toolVersion: runner.configuration.toolVersion,
            runID: run.id,
            source: job.source.summary,
            windowStart: run.windowStart,
            windowEnd: run.windowEnd,
            conversationIDs: run.explicitIDs,
            redaction: job.redact,
            redactionCounts: run.redactions + writer.redactionCounts,
            changeCounts: run.changes + writer.changeCounts,
            startedAt: startedAt,
            finishedAt: Date()
        )
        let files = store.committedFiles.map {
            ArchiveFileRecord(path: $0.path, records: $0.records, firstTimestamp: $0.firstTimestamp, lastTimestamp: $0.lastTimestamp)
        }
        let runID = run.id
        let media = try await queue.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT sha256, path, bytes, source_id FROM media_files WHERE run_id = ? ORDER BY 2",
                arguments: [runID]
            ).map { ArchiveMediaRecord(path: $0["path"], sha256: $0["sha256"], bytes: $0["bytes"], sourceID: $0["source_id"]) }
        }
        let shardTag = runner.configuration.shard?.tag
        return try ArchiveManifest.write(ndjsonRoot: root, run: info, files: files, media: media, shardTag: shardTag).path
    }

    /// Marks the run failed when recording its end failed too (the database or disk gave out); the first error wins.
    private func recordFailure(_ error: any Error, after outcome: FetchOutcome) async -> RunSummary {
        var first = error
        if case let .failed(original) = outcome { first = original }
        let message = ExportRunner.describe(first)
        let runID = run.id
        try? await queue.write { db in
            try db.execute(
                sql: "UPDATE runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ?",
                arguments: [GenesysDateText.now(), message, runID]
            )
        }
        return await summary(status: .failed, error: message)
    }
}
