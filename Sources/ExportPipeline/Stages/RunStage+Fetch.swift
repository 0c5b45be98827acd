import Foundation
import GRDB
import GenesysClient

extension RunStage {
    /// Stages 3 and 4: the cached media list once, then up to `fetch.concurrency` conversations fetched at a time,
    /// each handed to the single writer as it arrives; the writer commits whenever enough is buffered.
    func fetchAll() async -> FetchOutcome {
        do {
            if job.fetch.cachedMedia, !run.cachedMediaDone, runner.configuration.shard?.exportsOrgLists ?? true {
                let stage = CachedMediaStage(
                    source: runner.source,
                    jobName: job.name,
                    normalizer: normalizer,
                    includingUnchanged: run.exportsAllCachedMedia,
                    archiver: mediaArchiver
                )
                try writer.add(try await stage.export(queue: queue))
                if run.exportsAllCachedMedia {
                    // Done in the same transaction as the cached media it wrote.
                    writer.addCheckpoints([(CheckpointKey.cachedMediaRewrite.rawValue, "0")])
                }
                try await commit()
            }
            try await fetchConversations()
            return .finished
        } catch is CancellationError {
            return .interrupted
        } catch {
            return Task.isCancelled ? .interrupted : .failed(error)
        }
    }

    /// Fetches on the cooperative pool and writes on the writer's own thread (``ExportWriterLane``): each fetched
    /// conversation is posted to the lane, which buffers it and commits when a commit is due, while fetching goes on.
    private func fetchConversations() async throws {
        // Up to a commit's worth of rows waits, so fetching goes on while the writer commits.
        let lane = ExportWriterLane(writer: writer, capacity: max(1, runner.configuration.maxRowsPerCommit))
        defer { lane.stop() }
        // The WAL is copied back on another thread while the lane writes; should its connection not open, SQLite
        // checkpoints on the writer's commits as it does outside this stage.
        let checkpointer = try? WALCheckpointer(queue: queue)
        writer.checkpointer = checkpointer
        defer {
            writer.checkpointer = nil  // the lane is idle: both paths below drain it first
            checkpointer?.stop()
        }
        do {
            try await fetch(into: lane)
            try await lane.drain()
        } catch {
            // The writer must be idle before anyone else uses it; the first error is the one reported.
            try? await lane.drain()
            throw error
        }
    }

    private func fetch(into lane: ExportWriterLane) async throws {
        let fetcher = self.fetcher
        let work = try workList()
        let (runID, before, requestsBefore) = (run.id, (run.redactions, run.changes), run.requestsBefore)
        try await withThrowingTaskGroup(of: (WorkItem, ConversationExport).self) { group in
            for _ in 0..<max(1, job.fetch.concurrency) {
                guard let item = try next(of: work) else { break }
                group.addTask { (item, try await fetcher.fetch(item)) }
            }
            while let (item, export) = try await group.next() {
                if let next = try next(of: work) {
                    group.addTask { (next, try await fetcher.fetch(next)) }
                }
                let stats = await statistics()
                let handoff = Handoff(export)
                try await lane.post(weight: export.rowCount) { writer in
                    try writer.add(handoff.take(), for: item)
                    guard writer.isCommitDue else { return }
                    try writer.commit(
                        extraCheckpoints: Self.counterCheckpoints(runID: runID, before: before, writer),
                        requests: requestsBefore + stats.requests
                    )
                }
                await report(lane.totals, statistics: stats)
            }
        }
    }

    private func workList() throws -> WorkListReader {
        do {
            return try WorkListReader(path: queue.path, runID: run.id)
        } catch {
            throw ExportError.databaseFailed(job: job.name, underlying: error)
        }
    }

    private func next(of work: WorkListReader) throws -> WorkItem? {
        do {
            return try work.next()
        } catch {
            throw ExportError.databaseFailed(job: job.name, underlying: error)
        }
    }
}
