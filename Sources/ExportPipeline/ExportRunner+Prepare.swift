import Foundation
import GRDB
import GenesysModels

extension ExportRunner {
    /// Resumes the job's unfinished run, or enumerates a new work list and persists it before anything is fetched.
    func prepareRun(queue: DatabaseQueue, restart: Bool) async throws -> PreparedRun {
        try await removeDiscardedFiles(queue: queue)
        let jobName = job.name
        let latest: (id: Int64, status: String, error: String?)? = try await queue.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT id, status, error FROM runs WHERE job_name = ? ORDER BY id DESC LIMIT 1",
                arguments: [jobName]
            ).map { ($0["id"], $0["status"], $0["error"]) }
        }
        var run: PreparedRun
        if let (id, status, error) = latest, error != Self.discardedByRestart,
            status == RunStatus.running.rawValue || status == RunStatus.interrupted.rawValue
                || status == RunStatus.failed.rawValue, !restart
        {
            run = try await resume(queue: queue, runID: id)
        } else {
            if let (id, status, error) = latest, error != Self.discardedByRestart, restart,
                status != RunStatus.complete.rawValue, status != RunStatus.completeWithRejects.rawValue
            {
                try await discard(runID: id, queue: queue)
            }
            run = try await startNewRun(queue: queue)
        }
        // A discarded run's cached media lines went with its files: the next list (new or resumed run) writes
        // every item again.
        run.exportsAllCachedMedia = try await queue.read { db in
            try String.fetchOne(
                db,
                sql: "SELECT value FROM checkpoints WHERE job_name = ? AND key = ?",
                arguments: [jobName, CheckpointKey.cachedMediaRewrite.rawValue]
            ) == "1"
        }
        return run
    }

    /// Discards an unfinished run for `--restart`: its work list, its NDJSON files and their checkpoints go; rows it
    /// already committed stay (they are overwritten, never duplicated, by the new run), and the conversations it
    /// exported are written to NDJSON again by the new run.
    private func discard(runID: Int64, queue: DatabaseQueue) async throws {
        let marker = NDJSONStore.runMarker(runID: runID, shardTag: configuration.shard?.tag)
        let jobName = job.name
        try await queue.write { db in
            try db.execute(
                sql: "UPDATE runs SET status = 'failed', error = ?, finished_at = COALESCE(finished_at, ?) WHERE id = ?",
                arguments: [Self.discardedByRestart, GenesysDateText.now(), runID]
            )
            try db.execute(sql: "DELETE FROM run_work WHERE run_id = ?", arguments: [runID])
            try db.execute(
                sql: "INSERT OR REPLACE INTO checkpoints (job_name, key, value, updated_at) VALUES (?, ?, '1', ?)",
                arguments: [jobName, CheckpointKey.cachedMediaRewrite.rawValue, GenesysDateText.now()]
            )
            // Its NDJSON files go: what it exported must be written again, even where SQLite already holds it.
            try db.execute(
                sql: "UPDATE conversation_state SET rewrite = 1, analytics_json = NULL WHERE run_id = ?",
                arguments: [runID]
            )
            let files = try Row.fetchAll(db, sql: "SELECT key, value FROM checkpoints WHERE job_name = ?", arguments: [jobName])
                .compactMap { NDJSONFileCheckpoint(key: $0["key"], value: $0["value"]) }
                .filter { $0.path.contains(marker) }
            let keys = files.map { CheckpointKey.ndjsonFile(path: $0.path) } + CheckpointKey.all(run: runID)
            for key in keys {
                try db.execute(
                    sql: "DELETE FROM checkpoints WHERE job_name = ? AND key = ?",
                    arguments: [jobName, key.rawValue]
                )
            }
        }
        try await removeDiscardedFiles(queue: queue)
    }

    /// Deletes the NDJSON files of runs `--restart` discarded. The discard commits first (the run marked, its file
    /// checkpoints gone) and the files go afterwards, here; a kill in between leaves files that no checkpoint
    /// vouches for, which the next run's preparation deletes the same way.
    private func removeDiscardedFiles(queue: DatabaseQueue) async throws {
        guard let root = job.output.ndjson else { return }
        let jobName = job.name
        let discarded = try await queue.read { db in
            try Int64.fetchAll(
                db,
                sql: "SELECT id FROM runs WHERE job_name = ? AND error = ?",
                arguments: [jobName, Self.discardedByRestart]
            )
        }
        guard !discarded.isEmpty else { return }
        let shardTag = configuration.shard?.tag
        let markers = discarded.map { NDJSONStore.runMarker(runID: $0, shardTag: shardTag) }
        let manager = FileManager.default
        for path in ArchiveFiles.relativeFiles(under: root) where markers.contains(where: path.contains) {
            let url = root.appendingPathComponent(path)
            do {
                try manager.removeItem(at: url)
            } catch {
                throw ExportError.io(path: url.path, operation: "remove the discarded file", underlying: error)
            }
        }
    }

    /// `runs.error` of a run `--restart` discarded.
    static let discardedByRestart = "discarded by --restart"

    private func resume(queue: DatabaseQueue, runID: Int64) async throws -> PreparedRun {
        let jobName = job.name
        let stored: (listed: Bool, start: Date?, end: Date?) = try await queue.write { db in
            try db.execute(
                sql: "UPDATE runs SET status = 'running', finished_at = NULL, error = NULL WHERE id = ?",
                arguments: [runID]
            )
            let listed = try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM checkpoints WHERE job_name = ? AND key = ?)",
                arguments: [jobName, CheckpointKey.listed(run: runID).rawValue]
            ) ?? false
            let row = try Row.fetchOne(db, sql: "SELECT window_start, window_end FROM runs WHERE id = ?", arguments: [runID])
            return (
                listed,
                (row?["window_start"] as String?).flatMap(GenesysDate.parse),
                (row?["window_end"] as String?).flatMap(GenesysDate.parse)
            )
        }
        if !stored.listed {
            // Interrupted while enumerating: list the same window again under the same run id.
            let window = RunWindow(start: stored.start, end: stored.end)
            return try await enumerateAndPersist(queue: queue, runID: runID, window: window, resumed: true)
        }
        return try await queue.write { db in
            try db.execute(
                sql: "UPDATE runs SET status = 'running', finished_at = NULL, error = NULL WHERE id = ?",
                arguments: [runID]
            )
            let run = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [runID])
            let pending = try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM run_work WHERE run_id = ? AND done = 0",
                arguments: [runID]
            ) ?? 0
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run_work WHERE run_id = ?", arguments: [runID]) ?? 0
            var checkpoints: [String: String] = [:]
            for key in CheckpointKey.all(run: runID) {
                checkpoints[key.rawValue] = try String.fetchOne(
                    db,
                    sql: "SELECT value FROM checkpoints WHERE job_name = ? AND key = ?",
                    arguments: [jobName, key.rawValue]
                )
            }
            let redactions = checkpoints[CheckpointKey.redactions(run: runID).rawValue]
                .flatMap { try? JSONDecoder().decode(RedactionCounts.self, from: Data($0.utf8)) } ?? RedactionCounts()
            let changes = checkpoints[CheckpointKey.changes(run: runID).rawValue]
                .flatMap { try? JSONDecoder().decode(ChangeCounts.self, from: Data($0.utf8)) } ?? ChangeCounts()
            let windowStart = (run?["window_start"] as String?).flatMap(GenesysDate.parse)
            let windowEnd = (run?["window_end"] as String?).flatMap(GenesysDate.parse)
            var explicitIDs: [String]?
            if case .conversationIDs(let ids) = job.source { explicitIDs = ids }
            var watermark: Date?
            if case .since = job.source, let windowStart, let windowEnd, windowEnd > windowStart { watermark = windowEnd }
            return PreparedRun(
                id: runID,
                resumed: true,
                total: total,
                skipped: Int(checkpoints[CheckpointKey.skipped(run: runID).rawValue] ?? "") ?? 0,
                pendingCount: pending,
                cachedMediaDone: checkpoints[CheckpointKey.cachedMedia(run: runID).rawValue] != nil,
                redactions: redactions,
                changes: changes,
                requestsBefore: run?["requests"] ?? 0,
                windowStart: windowStart,
                windowEnd: windowEnd,
                explicitIDs: explicitIDs,
                watermarkOnCompletion: watermark
            )
        }
    }

    private func startNewRun(queue: DatabaseQueue) async throws -> PreparedRun {
        var windowStart: Date?
        var windowEnd: Date?
        switch job.source {
        case let .since(start, lookback, settleDelay):
            let window = RunWindow.since(
                start: start,
                lookback: lookback,
                settleDelay: settleDelay,
                watermark: try await storedWatermark(queue: queue),
                now: configuration.now(),
                available: job.fetch.analytics == .async ? try await datalakeAvailability() : nil
            )
            windowStart = window.start
            windowEnd = window.end
        case let .interval(start, end):
            windowStart = start
            windowEnd = end
        case .conversationIDs, .active:
            break
        }
        // The run row (with its window) is persisted first, so an interruption while enumerating resumes this run.
        let jobName = job.name
        let jobSHA = job.fileSHA256
        let kind = job.source.kind
        let toolVersion = configuration.toolVersion
        let startText = windowStart.map(GenesysDate.format)
        let endText = windowEnd.map(GenesysDate.format)
        let runID: Int64 = try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO runs (job_name, job_sha256, tool_version, started_at, status, source, window_start,
                        window_end)
                    VALUES (?, ?, ?, ?, 'running', ?, ?, ?)
                    """,
                arguments: [jobName, jobSHA, toolVersion, GenesysDateText.now(), kind, startText, endText]
            )
            return db.lastInsertedRowID
        }
        let window = RunWindow(start: windowStart, end: windowEnd)
        return try await enumerateAndPersist(queue: queue, runID: runID, window: window, resumed: false)
    }

    /// Enumerates the run's conversations, plans which are due and persists the work list (marked
    /// `run:<id>:listed`) in one transaction.
    ///
    /// - Throws: ``PrepareInterruption`` when cancelled (the run is marked interrupted and resumes here).
    private func enumerateAndPersist(
        queue: DatabaseQueue,
        runID: Int64,
        window: RunWindow,
        resumed: Bool
    ) async throws -> PreparedRun {
        var found: [EnumeratedConversation]
        do {
            found = try await enumerate(window: window, queue: queue)
            try Task.checkCancellation()
        } catch is CancellationError {
            try? await queue.write { db in
                try db.execute(
                    sql: "UPDATE runs SET status = 'interrupted', finished_at = ? WHERE id = ?",
                    arguments: [GenesysDateText.now(), runID]
                )
            }
            throw PrepareInterruption(runID: runID, resumed: resumed)
        }
        // Analytics records carry names and addresses: they are stored (work list, change tracking) as redacted.
        let redactor = try Redactor(policy: job.redact, hashKey: configuration.redactionHashKey)
        if !redactor.isIdentity {
            found = found.map { conversation in
                var redacted = conversation
                redacted.analytics = conversation.analytics.flatMap { record in
                    (try? redactor.redactJSON(record.json)).flatMap { AnalyticsRecord(json: $0.0) }
                }
                return redacted
            }
        }
        var explicitIDs: [String]?
        if case let .conversationIDs(ids) = job.source { explicitIDs = ids }
        var watermark: Date?
        if case .since = job.source, let from = window.start, let until = window.end, until > from { watermark = until }
        let (fixedIDs, fixedWatermark, candidates) = (explicitIDs, watermark, found)
        let parts = FetchedParts(job.fetch)
        let jobName = job.name
        return try await queue.write { db in
            let states = try ConversationState.load(candidates.map(\.id), db: db)
            var items: [WorkItem] = []
            var skipped = 0
            for conversation in candidates {
                if let state = states[conversation.id], !state.isDue(analytics: conversation.analytics, fetching: parts) {
                    skipped += 1
                    continue
                }
                items.append(WorkItem(position: items.count, conversationID: conversation.id, analytics: conversation.analytics))
            }
            try Self.persist(items, runID: runID, db: db)
            let checkpoint = try db.cachedStatement(
                sql: "INSERT INTO checkpoints (job_name, key, value, updated_at) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT(job_name, key) DO UPDATE SET value = excluded.value"
            )
            try checkpoint.execute(arguments: [jobName, CheckpointKey.skipped(run: runID).rawValue, "\(skipped)", GenesysDateText.now()])
            try checkpoint.execute(arguments: [jobName, CheckpointKey.listed(run: runID).rawValue, "\(items.count)", GenesysDateText.now()])
            let requests = try Int.fetchOne(db, sql: "SELECT requests FROM runs WHERE id = ?", arguments: [runID]) ?? 0
            return PreparedRun(
                id: runID,
                resumed: resumed,
                total: items.count,
                skipped: skipped,
                pendingCount: items.count,
                cachedMediaDone: false,
                redactions: RedactionCounts(),
                requestsBefore: requests,
                windowStart: window.start,
                windowEnd: window.end,
                explicitIDs: fixedIDs,
                watermarkOnCompletion: fixedWatermark
            )
        }
    }

    /// The run's candidates: what the source lists, each with its analytics record, then the conversations exported
    /// while open, or rejected, that the source did not list (they are fetched on every run until exported ended).
    private func enumerate(window: RunWindow, queue: DatabaseQueue) async throws -> [EnumeratedConversation] {
        let enumerator = ConversationEnumerator(
            source: source,
            jobName: job.name,
            pageSize: job.fetch.pageSize,
            useAsyncJobs: job.fetch.analytics == .async,
            sleep: configuration.sleep,
            pollInterval: configuration.pollInterval
        )
        var found: [EnumeratedConversation] = []
        switch job.source {
        case .since, .interval:
            if let start = window.start, let end = window.end, end > start {
                found = try await enumerator.conversations(from: start, to: end)
            }
        case let .conversationIDs(ids):
            found = try await enumerator.conversations(ids: ids)
        case .active:
            found = try await enumerator.conversations(ids: try await activeConversationIDs())
        }
        if let shard = configuration.shard { found = found.filter { shard.contains($0.id) } }
        let listed = Set(found.map(\.id))
        let carried = try await queue.read { db in try ConversationState.dueOnEveryRun(db: db) }
            .filter { !listed.contains($0) }
        if !carried.isEmpty { found += try await enumerator.conversations(ids: carried) }
        return found
    }

    private func activeConversationIDs() async throws -> [String] {
        try await ExportError.listing(job: job.name, endpoint: SourceEndpoint.activeConversations) {
            try await source.activeConversationIDs()
        }
    }

    private static func persist(_ items: [WorkItem], runID: Int64, db: Database) throws {
        let insert = try db.cachedStatement(
            sql: "INSERT INTO run_work (run_id, position, conversation_id, conversation_end, analytics_json) "
                + "VALUES (?, ?, ?, ?, ?)"
        )
        for item in items {
            try insert.execute(arguments: [
                runID, item.position, item.conversationID, item.conversationEnd.map(GenesysDate.format),
                item.analytics.map { String(decoding: $0.json, as: UTF8.self) },
            ])
        }
    }

    private func storedWatermark(queue: DatabaseQueue) async throws -> Date? {
        let jobName = job.name
        return try await queue.read { db in
            try String.fetchOne(
                db,
                sql: "SELECT value FROM checkpoints WHERE job_name = ? AND key = ?",
                arguments: [jobName, CheckpointKey.watermark.rawValue]
            )
        }.flatMap(GenesysDate.parse)
    }

    /// The date before which the analytics datalake has all data (39), for async-job enumeration.
    private func datalakeAvailability() async throws -> Date? {
        try await ExportError.listing(job: job.name, endpoint: SourceEndpoint.detailsAvailability) {
            try await source.conversationDetailsAvailability()
        }
    }
}
