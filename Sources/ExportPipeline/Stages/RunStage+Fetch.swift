import Foundation

extension RunStage {
    /// Stages 3 and 4: the cached media list once, then up to `fetch.concurrency` conversations fetched at a time,
    /// each handed to the single writer as it arrives; the writer commits whenever enough is buffered.
    func fetchAll() async -> FetchOutcome {
        do {
            if job.fetch.cachedMedia, !run.cachedMediaDone, runner.configuration.shard?.exportsOrgLists ?? true {
                try await runner.exportCachedMedia(
                    writer: writer,
                    normalizer: normalizer,
                    runID: run.id,
                    queue: queue,
                    includingUnchanged: run.exportsAllCachedMedia,
                    archiver: mediaArchiver
                )
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

    private func fetchConversations() async throws {
        let fetcher = self.fetcher
        let pending = run.pending
        run.pending = []
        try await withThrowingTaskGroup(of: (WorkItem, ConversationExport).self) { group in
            var iterator = pending.makeIterator()
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
    }
}
