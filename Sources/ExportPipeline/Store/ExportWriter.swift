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
    private let runID: Int64
    private var pending: [(WorkItem, ConversationExport)] = []
    private var pendingCachedMedia: [CachedMediaRow] = []
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

    /// Creates the writer of run `runID`.
    package init(
        queue: DatabaseQueue,
        store: NDJSONStore?,
        jobName: String,
        runID: Int64,
        maxRowsPerCommit: Int = 20_000,
        maxCommitDelay: Duration = .seconds(2)
    ) {
        self.queue = queue
        self.store = store
        self.jobName = jobName
        self.runID = runID
        self.maxRowsPerCommit = maxRowsPerCommit
        self.maxCommitDelay = maxCommitDelay
    }

    /// Buffers one fetched conversation.
    package func add(_ export: ConversationExport, for item: WorkItem) {
        pending.append((item, export))
        pendingRows += 1 + export.participants.count + export.messages.count + export.attachments.count
            + export.wrapups.count + export.communicationMedia.count + export.rejects.count
        if let store { for record in export.records { store.append(record) } }
        if pendingSince == nil { pendingSince = .now }
    }

    /// Buffers the run's cached media items (and their files stored in the archive) with the checkpoint saying they
    /// are done.
    package func addCachedMedia(
        _ rows: [CachedMediaRow],
        records: [NDJSONRecord],
        rejects: [RejectRow],
        mediaFiles: [ArchiveMediaRecord] = [],
        doneKey: String
    ) {
        var export = ConversationExport(conversationID: "")
        export.rejects = rejects
        export.mediaFiles = mediaFiles
        pending.append((WorkItem(position: -1, conversationID: "", conversationEnd: nil), export))
        pendingCachedMedia += rows
        pendingCheckpoints.append((doneKey, "done"))
        pendingRows += rows.count + rejects.count
        if let store { for record in records { store.append(record) } }
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

    /// Rejects buffered and not yet committed.
    package var pendingRejects: Int { pending.reduce(0) { $0 + $1.1.rejects.count } }

    /// Adds checkpoint rows to the next commit.
    package func addCheckpoints(_ checkpoints: [(String, String)]) {
        pendingCheckpoints += checkpoints
    }

    /// Whether anything is buffered.
    package var hasPending: Bool { !pending.isEmpty || !pendingCheckpoints.isEmpty }

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
                        try db.execute(sql: Self.finishRun, arguments: [status.rawValue, GenesysDateText.now(), error, runID])
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

    private func discardPending() {
        pending.removeAll()
        pendingCachedMedia.removeAll()
        pendingCheckpoints.removeAll()
        pendingRows = 0
        pendingSince = nil
    }

    private func commitBuffered(
        extraCheckpoints: [(String, String)],
        finishing status: (RunStatus, String?)?,
        requests: Int?
    ) throws {
        let files = try store?.flush() ?? []
        let batch = pending
        let cached = pendingCachedMedia
        let checkpoints = pendingCheckpoints + extraCheckpoints + files.map { ($0.key, $0.value) }
        var delta = Totals()
        let now = GenesysDateText.now()
        do {
            try queue.write { db in
                for (item, export) in batch {
                    try write(export, item: item, db: db, now: now, delta: &delta)
                }
                let cachedStatement = try db.cachedStatement(sql: Self.upsertCachedMedia)
                for row in cached {
                    try cachedStatement.execute(arguments: [
                        row.id, row.url, row.downloadURL, row.mediaType, row.contentLengthBytes, row.dateCreated,
                        row.dateExpires, row.rawJSON, row.archivePath,
                    ])
                }
                delta.cachedMedia = cached.count
                let checkpoint = try db.cachedStatement(sql: Self.upsertCheckpoint)
                for (key, value) in checkpoints {
                    try checkpoint.execute(arguments: [jobName, key, value, now])
                }
                try db.execute(
                    sql: """
                        UPDATE runs SET conversations = conversations + ?, messages = messages + ?,
                        wrapups = wrapups + ?, rejects = rejects + ? WHERE id = ?
                        """,
                    arguments: [delta.conversations, delta.messages, delta.wrapups, delta.rejects, runID]
                )
                if let requests {
                    try db.execute(sql: "UPDATE runs SET requests = ? WHERE id = ?", arguments: [requests, runID])
                }
                if let (status, error) = status {
                    try db.execute(
                        sql: "UPDATE runs SET status = ?, finished_at = ?, error = ? WHERE id = ?",
                        arguments: [status.rawValue, now, error, runID]
                    )
                }
            }
        } catch let error as DatabaseError {
            // Rolled back; the batch's NDJSON bytes are truncated away on resume. A full disk names file and reason.
            throw ExportDatabase.storageError(error, path: queue.path)
                ?? ExportError.databaseFailed(job: jobName, underlying: "\(error)")
        }
        for (_, export) in batch { redactionCounts += export.redactionCounts }
        totals.conversations += delta.conversations
        totals.messages += delta.messages
        totals.wrapups += delta.wrapups
        totals.media += delta.media
        totals.cachedMedia += delta.cachedMedia
        totals.rejects += delta.rejects
        totals.commits += 1
        pending.removeAll(keepingCapacity: true)
        pendingCachedMedia.removeAll()
        pendingCheckpoints.removeAll()
        pendingRows = 0
        pendingSince = nil
    }

    // MARK: - Rows

    private func write(_ export: ConversationExport, item: WorkItem, db: Database, now: String, delta: inout Totals) throws {
        let conversationID = export.conversationID
        if let row = export.conversation {
            try db.cachedStatement(sql: Self.upsertConversation).execute(arguments: [
                row.id, row.startTime, row.endTime, row.messengerType, row.participantCount, row.messageCount,
                row.divisionIDs, row.rawJSON, runID, now, row.analyticsConversationEnd,
            ])
            // A re-exported conversation replaces its child rows.
            for sql in Self.deleteChildren {
                try db.cachedStatement(sql: sql).execute(arguments: [conversationID])
            }
            let participant = try db.cachedStatement(sql: Self.insertParticipant)
            for p in export.participants {
                try participant.execute(arguments: [
                    p.conversationID, p.id, p.purpose, p.name, p.address, p.userID, p.userName, p.queueID,
                    p.queueName, p.state, p.direction, p.messengerType, p.fromAddress, p.toAddress, p.startTime,
                    p.connectedTime, p.endTime, p.disconnectType, p.communicationID, p.wrapupRequired, p.rawJSON,
                ])
            }
            let message = try db.cachedStatement(sql: Self.upsertMessage)
            for m in export.messages {
                try message.execute(arguments: [
                    m.id, m.conversationID, m.participantID, m.timestamp, m.direction, m.messengerType,
                    m.fromAddress, m.toAddress, m.text, m.status, m.messageType, m.providerMessageID,
                    m.createdByUserID, m.attachmentCount, m.source, m.rawJSON, runID,
                ])
            }
            try db.cachedStatement(sql: Self.deleteStaleMessages).execute(arguments: [conversationID, runID])
            let attachment = try db.cachedStatement(sql: Self.upsertAttachment)
            for a in export.attachments {
                try attachment.execute(arguments: [
                    a.messageID, a.position, a.conversationID, a.attachmentID, a.mediaType, a.mime, a.url,
                    a.filename, a.contentSizeBytes, a.sha256, a.caption, a.archivePath,
                ])
            }
            let wrapup = try db.cachedStatement(sql: Self.insertWrapup)
            for w in export.wrapups {
                try wrapup.execute(arguments: [
                    w.conversationID, w.participantID, w.communicationID, w.code, w.name, w.notes, w.tags,
                    w.durationSeconds, w.endTime, w.rawJSON,
                ])
            }
            let media = try db.cachedStatement(sql: Self.upsertCommunicationMedia)
            for m in export.communicationMedia {
                try media.execute(arguments: [
                    m.id, m.conversationID, m.communicationID, m.name, m.url, m.mediaType, m.contentLengthBytes,
                    m.status, m.rawJSON,
                ])
            }
            delta.messages += export.messages.count
            delta.wrapups += export.wrapups.count
            delta.media += export.communicationMedia.count
        }
        let code = try db.cachedStatement(sql: Self.upsertWrapupCode)
        for c in export.wrapupCodes {
            try code.execute(arguments: [c.id, c.name, c.description, c.divisionID, c.rawJSON])
        }
        let mediaFile = try db.cachedStatement(sql: Self.upsertMediaFile)
        for file in export.mediaFiles {
            try mediaFile.execute(arguments: [file.sha256, file.path, file.bytes, file.sourceID, runID, now])
        }
        let reject = try db.cachedStatement(sql: Self.insertReject)
        for r in export.rejects {
            try reject.execute(arguments: [
                runID, r.conversationID, r.entity, r.entityID, r.endpoint, r.reason, r.rawPayload, now,
            ])
        }
        delta.rejects += export.rejects.count
        if item.position >= 0 {
            try db.cachedStatement(sql: "UPDATE run_work SET done = 1 WHERE run_id = ? AND position = ?")
                .execute(arguments: [runID, item.position])
            delta.conversations += 1
        }
    }

    // MARK: - SQL

    private static let upsertConversation = """
        INSERT INTO conversations (id, start_time, end_time, messenger_type, participant_count, message_count,
            division_ids, raw_json, run_id, exported_at, analytics_conversation_end)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET start_time = excluded.start_time, end_time = excluded.end_time,
            messenger_type = excluded.messenger_type, participant_count = excluded.participant_count,
            message_count = excluded.message_count, division_ids = excluded.division_ids,
            raw_json = excluded.raw_json, run_id = excluded.run_id, exported_at = excluded.exported_at,
            analytics_conversation_end = excluded.analytics_conversation_end
        """

    private static let finishRun = "UPDATE runs SET status = ?, finished_at = ?, error = ? WHERE id = ?"

    private static let deleteChildren = [
        "DELETE FROM participants WHERE conversation_id = ?",
        "DELETE FROM message_attachments WHERE conversation_id = ?",
        "DELETE FROM wrapups WHERE conversation_id = ?",
        "DELETE FROM communication_media WHERE conversation_id = ?",
    ]

    private static let insertParticipant = """
        INSERT INTO participants (conversation_id, id, purpose, name, address, user_id, user_name, queue_id,
            queue_name, state, direction, messenger_type, from_address, to_address, start_time, connected_time,
            end_time, disconnect_type, communication_id, wrapup_required, raw_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(conversation_id, id) DO NOTHING
        """

    private static let upsertMessage = """
        INSERT INTO messages (id, conversation_id, participant_id, timestamp, direction, messenger_type,
            from_address, to_address, text, status, message_type, provider_message_id, created_by_user_id,
            attachment_count, source, raw_json, run_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET conversation_id = excluded.conversation_id,
            participant_id = excluded.participant_id, timestamp = excluded.timestamp,
            direction = excluded.direction, messenger_type = excluded.messenger_type,
            from_address = excluded.from_address, to_address = excluded.to_address, text = excluded.text,
            status = excluded.status, message_type = excluded.message_type,
            provider_message_id = excluded.provider_message_id, created_by_user_id = excluded.created_by_user_id,
            attachment_count = excluded.attachment_count, source = excluded.source, raw_json = excluded.raw_json,
            run_id = excluded.run_id
        """

    private static let deleteStaleMessages = "DELETE FROM messages WHERE conversation_id = ? AND run_id <> ?"

    private static let upsertAttachment = """
        INSERT INTO message_attachments (message_id, position, conversation_id, attachment_id, media_type, mime,
            url, filename, content_size_bytes, sha256, caption, archive_path)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(message_id, position) DO UPDATE SET conversation_id = excluded.conversation_id,
            attachment_id = excluded.attachment_id, media_type = excluded.media_type, mime = excluded.mime,
            url = excluded.url, filename = excluded.filename, content_size_bytes = excluded.content_size_bytes,
            sha256 = excluded.sha256, caption = excluded.caption,
            archive_path = COALESCE(excluded.archive_path, message_attachments.archive_path)
        """

    private static let insertWrapup = """
        INSERT INTO wrapups (conversation_id, participant_id, communication_id, code, name, notes, tags,
            duration_seconds, end_time, raw_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(conversation_id, participant_id, communication_id) DO UPDATE SET code = excluded.code,
            name = excluded.name, notes = excluded.notes, tags = excluded.tags,
            duration_seconds = excluded.duration_seconds, end_time = excluded.end_time, raw_json = excluded.raw_json
        """

    private static let upsertWrapupCode = """
        INSERT INTO wrapup_codes (id, name, description, division_id, raw_json) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET name = excluded.name, description = excluded.description,
            division_id = excluded.division_id, raw_json = excluded.raw_json
        """

    private static let upsertCommunicationMedia = """
        INSERT INTO communication_media (id, conversation_id, communication_id, name, url, media_type,
            content_length_bytes, status, raw_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET conversation_id = excluded.conversation_id,
            communication_id = excluded.communication_id, name = excluded.name, url = excluded.url,
            media_type = excluded.media_type, content_length_bytes = excluded.content_length_bytes,
            status = excluded.status, raw_json = excluded.raw_json
        """

    private static let upsertCachedMedia = """
        INSERT INTO cached_media (id, url, download_url, media_type, content_length_bytes, date_created,
            date_expires, raw_json, archive_path)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET url = excluded.url, download_url = excluded.download_url,
            media_type = excluded.media_type, content_length_bytes = excluded.content_length_bytes,
            date_created = excluded.date_created, date_expires = excluded.date_expires, raw_json = excluded.raw_json,
            archive_path = COALESCE(excluded.archive_path, cached_media.archive_path)
        """

    /// A file stored by an earlier run that never completed is claimed by this run, so some manifest lists it.
    private static let upsertMediaFile = """
        INSERT INTO media_files (sha256, path, bytes, source_id, run_id, stored_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(sha256) DO UPDATE SET path = excluded.path, bytes = excluded.bytes,
            source_id = excluded.source_id, run_id = excluded.run_id, stored_at = excluded.stored_at
        WHERE media_files.run_id <> excluded.run_id AND media_files.run_id NOT IN
            (SELECT id FROM runs WHERE status IN ('complete', 'complete_with_rejects'))
        """

    private static let insertReject = """
        INSERT INTO rejects (run_id, conversation_id, entity, entity_id, endpoint, reason, raw_payload, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    private static let upsertCheckpoint = """
        INSERT INTO checkpoints (job_name, key, value, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT(job_name, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
        """
}

/// Current time as the database's ISO-8601 text.
package enum GenesysDateText {
    /// Now, formatted `yyyy-MM-ddTHH:mm:ss.SSSZ`.
    package static func now() -> String { GenesysDate.format(Date()) }
}
