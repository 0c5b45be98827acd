import Foundation
import GRDB
import GenesysModels

/// The run's single writer: buffers fetched conversations and commits them, with their checkpoints, atomically.
///
/// Not `Sendable` on purpose: only the task that owns the fetch task group touches it, so Swift proves there is one
/// writer. A commit first appends one gzip member per touched NDJSON file and fsyncs it, then writes in ONE SQLite
/// transaction: the rows, the `run_work` done flags, the NDJSON files' committed lengths (`checkpoints`) and the
/// run's counters. A crash before the transaction commits leaves NDJSON bytes past the committed lengths, which the
/// next run truncates away; a crash after it leaves everything committed. Either way no row or line is lost or
/// repeated.
package final class ExportWriter {
    /// Counts of what was committed by this writer.
    package struct Totals: Sendable, Equatable {
        /// Conversations committed (rejected conversations included).
        package var conversations = 0
        /// Message rows.
        package var messages = 0
        /// Wrap-up rows.
        package var wrapups = 0
        /// Communication media rows.
        package var media = 0
        /// Cached media rows.
        package var cachedMedia = 0
        /// Reject rows.
        package var rejects = 0
        /// Transactions committed.
        package var commits = 0
    }

    private let queue: DatabaseQueue
    private let store: NDJSONStore?
    private let jobName: String
    let runID: Int64
    private var pending: [(WorkItem, ConversationExport)] = []
    private var pendingCachedMedia: [CachedMediaExport] = []
    private var pendingCheckpoints: [(String, String)] = []
    private var pendingRows = 0
    private var pendingSince: ContinuousClock.Instant?
    /// Rows buffered before a commit is due.
    package var maxRowsPerCommit: Int
    /// Time after the first buffered conversation before a commit is due.
    package var maxCommitDelay: Duration
    /// What this writer committed so far.
    package private(set) var totals = Totals()
    /// Set when a commit failed half-way; later commits write nothing but the run's status.
    package private(set) var isPoisoned = false
    /// Redactions applied to everything committed.
    package private(set) var redactionCounts = RedactionCounts()
    /// New, changed and unchanged objects of everything committed.
    package private(set) var changeCounts = ChangeCounts()
    /// New, changed and unchanged objects buffered and not yet committed.
    package private(set) var pendingChangeCounts = ChangeCounts()
    /// Checkpoints the WAL off this thread after each commit, while set; without one SQLite does it on commit.
    var checkpointer: WALCheckpointer?
    /// The parts this run fetches of each conversation, recorded in `conversation_state`.
    private let fetchedParts: FetchedParts

    /// Creates the writer of run `runID`.
    package init(
        queue: DatabaseQueue,
        store: NDJSONStore?,
        jobName: String,
        runID: Int64,
        fetching fetchedParts: FetchedParts = [.messages, .wrapups],
        maxRowsPerCommit: Int = 20_000,
        maxCommitDelay: Duration = .seconds(2)
    ) {
        self.fetchedParts = fetchedParts
        self.queue = queue
        self.store = store
        self.jobName = jobName
        self.runID = runID
        self.maxRowsPerCommit = maxRowsPerCommit
        self.maxCommitDelay = maxCommitDelay
    }

    /// Buffers one fetched conversation, without the objects that are unchanged since the version stored before.
    package func add(_ export: consuming ConversationExport, for item: WorkItem) throws {
        var export = export
        do {
            // `inDatabase`, not `read`: `read` toggles `PRAGMA query_only`, and every such pragma expires all of the
            // connection's prepared statements, so each conversation cost a re-prepare of every cached statement.
            pendingChangeCounts += try queue.inDatabase { db in try ChangeTracker.filter(&export, db: db) }
        } catch let error as DatabaseError {
            throw ExportError.databaseFailed(job: jobName, underlying: error)
        }
        // The lines move into the store's buffers, each freed once copied; the rows alone wait for the commit.
        var records = export.records
        export.records = []
        if let store {
            records.reverse()
            try appendingLines { while let record = records.popLast() { try store.append(record) } }
        }
        pending.append((item, export))
        pendingRows += export.rowCount
        if pendingSince == nil { pendingSince = .now }
    }

    /// Buffers the run's cached media list (and its files stored in the archive) with the checkpoint saying it is
    /// done.
    package func add(_ cachedMedia: CachedMediaExport) throws {
        var cachedMedia = cachedMedia
        pendingChangeCounts += cachedMedia.changes
        if let store { try appendingLines { for record in cachedMedia.records { try store.append(record) } } }
        // As for conversations: the lines now live in the store's buffers; the rows alone wait for the commit.
        cachedMedia.records = []
        pendingCachedMedia.append(cachedMedia)
        pendingCheckpoints.append((CheckpointKey.cachedMedia(run: runID).rawValue, "done"))
        pendingRows += cachedMedia.rows.count + cachedMedia.rejects.count
        if pendingSince == nil { pendingSince = .now }
    }

    /// Whether enough is buffered (rows or time) for a commit.
    package var isCommitDue: Bool {
        guard let since = pendingSince else { return false }
        return pendingRows >= maxRowsPerCommit || ContinuousClock.now - since >= maxCommitDelay
    }

    /// Redactions applied to buffered, not yet committed conversations.
    package var pendingRedactionCounts: RedactionCounts {
        pending.reduce(RedactionCounts()) { $0 + $1.1.redactionCounts }
    }

    /// Adds checkpoint rows to the next commit.
    package func addCheckpoints(_ checkpoints: [(String, String)]) {
        pendingCheckpoints += checkpoints
    }

    /// Commits everything buffered, plus `extraCheckpoints` and an optional run status change, in one transaction.
    package func commit(
        extraCheckpoints: [(String, String)] = [],
        finishing status: (RunStatus, String?)? = nil,
        requests: Int? = nil
    ) throws {
        if isPoisoned {
            // An earlier commit failed half-way: buffered data is dropped (its conversations stay pending in
            // `run_work` and are fetched again by the next run); only the run's status may still be recorded.
            discardPending()
            if let (status, error) = status {
                do {
                    try queue.write { db in
                        try db.execute(sql: ExportSQL.finishRun, arguments: [status.rawValue, GenesysDateText.now(), error, runID])
                    }
                } catch { throw ExportDatabase.storageError(error, path: queue.path) ?? error }
            }
            return
        }
        do {
            try commitBuffered(extraCheckpoints: extraCheckpoints, finishing: status, requests: requests)
        } catch {
            isPoisoned = true
            discardPending()
            throw error
        }
    }

    /// Runs `body`, which hands lines to the store; a failure (a spill that could not be written) poisons the
    /// writer like a failed commit, as the file then has bytes past its committed length.
    private func appendingLines(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            isPoisoned = true
            discardPending()
            throw error
        }
    }

    private func discardPending() {
        pending.removeAll()
        pendingCachedMedia.removeAll()
        pendingCheckpoints.removeAll()
        pendingRows = 0
        pendingSince = nil
        pendingChangeCounts = ChangeCounts()
    }

    private func commitBuffered(
        extraCheckpoints: [(String, String)],
        finishing status: (RunStatus, String?)?,
        requests: Int?
    ) throws {
        // The NDJSON members are compressed and fsynced on their own thread while the rows go into SQLite; the
        // transaction commits only after they are durable, with their lengths among its checkpoints.
        let flush = store.map { store in BackgroundJob(name: "genesys-export gzip") { try store.flush() } }
        defer { _ = try? flush?.wait() }  // never leave the store in use past this commit, even on failure
        // Owned here, so the rows can be let go as they are written (a failed commit drops them anyway).
        var batch = pending
        pending = []
        let redactions = batch.reduce(RedactionCounts()) { $0 + $1.1.redactionCounts }
        let cached = pendingCachedMedia
        var delta = Totals()
        let now = GenesysDateText.now()
        do {
            // Only conversations stored by an earlier run can have message rows in the index already.
            let storedIDs = Self.uniqueMessageIDs(batch.filter(\.1.wasStoredBefore))
            checkpointer?.letLogRestart()
            try queue.write { db in
                try FullTextIndex.unindex(storedIDs, db: db)
                var fullText = FullTextIndex.Pending()
                for index in batch.indices {
                    let item = batch[index].0
                    try write(&batch[index].1, item: item, db: db, now: now, delta: &delta, fullText: &fullText)
                }
                try FullTextIndex.index(fullText, db: db)
                let files = try flush?.wait() ?? []
                let checkpoints = pendingCheckpoints + extraCheckpoints + files.map { ($0.key, $0.value) }
                for export in cached {
                    try write(export, db: db, now: now, delta: &delta)
                }
                let checkpoint = try db.cachedStatement(sql: ExportSQL.upsertCheckpoint)
                for (key, value) in checkpoints {
                    try checkpoint.execute(arguments: [jobName, key, value, now])
                }
                try db.cachedStatement(sql: ExportSQL.addRunCounts).execute(
                    arguments: [delta.conversations, delta.messages, delta.wrapups, delta.rejects, runID]
                )
                if let requests {
                    try db.cachedStatement(sql: ExportSQL.setRunRequests).execute(arguments: [requests, runID])
                }
                if let (status, error) = status {
                    try db.execute(
                        sql: ExportSQL.finishRun,
                        arguments: [status.rawValue, now, error, runID]
                    )
                }
            }
        } catch let error as DatabaseError {
            // Rolled back; the batch's NDJSON bytes are truncated away on resume. A full disk names file and reason.
            throw ExportDatabase.storageError(error, path: queue.path)
                ?? ExportError.databaseFailed(job: jobName, underlying: error)
        }
        checkpointer?.request()
        redactionCounts += redactions
        changeCounts += pendingChangeCounts
        pendingChangeCounts = ChangeCounts()
        totals.conversations += delta.conversations
        totals.messages += delta.messages
        totals.wrapups += delta.wrapups
        totals.media += delta.media
        totals.cachedMedia += delta.cachedMedia
        totals.rejects += delta.rejects
        totals.commits += 1
        pendingCachedMedia.removeAll()
        pendingCheckpoints.removeAll()
        pendingRows = 0
        pendingSince = nil
        Self.release(consume batch)
    }

    /// Frees a committed batch's rows (a commit's worth of strings) on another thread while this one goes on.
    private static func release(_ batch: consuming [(WorkItem, ConversationExport)]) {
        let retired = RetiredBatch(batch)
        DispatchQueue.global(qos: .utility).async { retired.free() }
    }

    /// The ids of the message rows a batch writes, each once.
    private static func uniqueMessageIDs(_ batch: [(WorkItem, ConversationExport)]) -> [String] {
        var seen: Set<String> = []
        return batch.flatMap { $0.1.messages.map(\.id) }.filter { seen.insert($0).inserted }
    }

    // MARK: - Rows

    private func write(
        _ export: inout ConversationExport,
        item: WorkItem,
        db: Database,
        now: String,
        delta: inout Totals,
        fullText: inout FullTextIndex.Pending
    ) throws {
        if let row = export.conversation {
            if export.conversationChanged {
                try db.cachedStatement(sql: ExportSQL.upsertConversation).execute(arguments: [
                    row.id, row.startTime, row.endTime, row.messengerType, row.participantCount, row.messageCount,
                    row.divisionIDs, row.rawJSON, runID, now, row.analyticsConversationEnd,
                ])
            } else {
                try db.cachedStatement(sql: ExportSQL.updateAnalyticsEnd).execute(arguments: [
                    row.analyticsConversationEnd, row.id, row.analyticsConversationEnd,
                ])
            }
        }
        delta.messages += export.messages.count
        try writeChildren(&export, db: db, fullText: &fullText)
        delta.wrapups += export.wrapups.count
        delta.media += export.communicationMedia.count
        try writeArchiveRows(export.mediaFiles, rejects: export.rejects, of: export.conversationID, db: db, now: now)
        delta.rejects += export.rejects.count
        try saveState(export, db: db, now: now)
        // A conversation the API kept failing for stays pending: a resumed run (after an outage) tries it again.
        guard !export.isRetryable else { return }
        try db.cachedStatement(sql: "UPDATE run_work SET done = 1 WHERE run_id = ? AND position = ?")
            .execute(arguments: [runID, item.position])
        delta.conversations += 1
    }

    /// Change tracking: what was exported of the conversation. A conversation with rejects (or not exported at all)
    /// keeps no analytics record, so the next run fetches it again.
    private func saveState(_ export: ConversationExport, db: Database, now: String) throws {
        guard let row = export.conversation else {
            if export.isGone {
                // Gone from the API (404): nothing to fetch again unless analytics changes.
                try ConversationState.save(
                    conversationID: export.conversationID, analytics: export.analytics, isOpen: false, fetched: [],
                    runID: runID, now: now, db: db
                )
            } else {
                try ConversationState.saveRejected(conversationID: export.conversationID, runID: runID, now: now, db: db)
            }
            return
        }
        let isOpen = export.analytics.map { $0.conversationEnd == nil } ?? (row.endTime == nil)
        try ConversationState.save(
            conversationID: export.conversationID,
            analytics: export.rejects.isEmpty ? export.analytics : nil,
            isOpen: isOpen,
            fetched: fetchedParts,
            runID: runID,
            now: now,
            db: db
        )
    }
}

/// Current time as the database's ISO-8601 text.
package enum GenesysDateText {
    /// Now, formatted `yyyy-MM-ddTHH:mm:ss.SSSZ`.
    package static func now() -> String { GenesysDate.format(Date()) }
}

/// A committed batch on its way to be freed: sent to another thread, which alone touches it from then on.
private final class RetiredBatch: @unchecked Sendable {
    private var batch: [(WorkItem, ConversationExport)]

    init(_ batch: consuming [(WorkItem, ConversationExport)]) { self.batch = batch }

    /// Frees the rows now, on the calling thread.
    func free() { batch = [] }
}
