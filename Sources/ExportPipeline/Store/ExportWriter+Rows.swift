import Foundation
import GRDB

// MARK: - Rows

extension ExportWriter {
    /// Writes a conversation's child rows, noting its message rows in `fullText`; the hot tables bind through
    /// ``RowStatement``.
    ///
    /// Participant and message rows are let go one by one as they are written, so that a conversation of 20,000
    /// messages does not hold all its rows beside the pages SQLite fills with them; `export` keeps the rest.
    func writeChildren(_ export: inout ConversationExport, db: Database, fullText: inout FullTextIndex.Pending) throws {
        try writeParticipants(&export.participants, db: db)
        try writeMessages(&export.messages, db: db, fullText: &fullText)
        try writeAttachments(export.attachments, db: db)
        let wrapup = try db.cachedStatement(sql: ExportSQL.upsertWrapup)
        for w in export.wrapups {
            try wrapup.execute(arguments: [
                w.conversationID, w.participantID, w.communicationID, w.code, w.name, w.notes, w.tags,
                w.durationSeconds, w.endTime, w.rawJSON,
            ])
        }
        let media = try db.cachedStatement(sql: ExportSQL.upsertCommunicationMedia)
        for m in export.communicationMedia {
            try media.execute(arguments: [
                m.id, m.conversationID, m.communicationID, m.name, m.url, m.mediaType, m.contentLengthBytes,
                m.status, m.rawJSON,
            ])
        }
        let code = try db.cachedStatement(sql: ExportSQL.upsertWrapupCode)
        for c in export.wrapupCodes {
            try code.execute(arguments: [c.id, c.name, c.description, c.divisionID, c.rawJSON])
        }
    }

    /// Writes the run's cached media list: its rows, rejects and archived files.
    func write(_ export: CachedMediaExport, db: Database, now: String, delta: inout Totals) throws {
        let statement = try db.cachedStatement(sql: ExportSQL.upsertCachedMedia)
        for row in export.rows {
            try statement.execute(arguments: [
                row.id, row.url, row.downloadURL, row.mediaType, row.contentLengthBytes, row.dateCreated,
                row.dateExpires, row.rawJSON, row.archivePath,
            ])
        }
        try writeArchiveRows(export.mediaFiles, rejects: export.rejects, of: nil, db: db, now: now)
        delta.cachedMedia += export.rows.count
        delta.rejects += export.rejects.count
    }

    /// Writes archived media files and rejects; a conversation's rejects replace those earlier runs recorded for it.
    func writeArchiveRows(
        _ files: [ArchiveMediaRecord],
        rejects: [RejectRow],
        of conversationID: String?,
        db: Database,
        now: String
    ) throws {
        let mediaFile = try db.cachedStatement(sql: ExportSQL.upsertMediaFile)
        for file in files {
            try mediaFile.execute(arguments: [file.sha256, file.path, file.bytes, file.sourceID, runID, now])
        }
        if let conversationID {
            try db.cachedStatement(sql: ExportSQL.deleteOldRejects).execute(arguments: [conversationID])
        }
        let reject = try db.cachedStatement(sql: ExportSQL.insertReject)
        for r in rejects {
            try reject.execute(arguments: [
                runID, r.conversationID, r.entity, r.entityID, r.endpoint, r.reason, r.rawPayload, now,
            ])
        }
    }

    private func writeParticipants(_ rows: inout [ParticipantRow], db: Database) throws {
        var insert = RowStatement(try db.cachedStatement(sql: ExportSQL.upsertParticipant), db: db)
        rows.reverse()
        while let p = rows.popLast() {
            insert.bind(p.conversationID)
            insert.bind(p.id)
            insert.bind(p.purpose)
            insert.bind(p.name)
            insert.bind(p.address)
            insert.bind(p.userID)
            insert.bind(p.userName)
            insert.bind(p.queueID)
            insert.bind(p.queueName)
            insert.bind(p.state)
            insert.bind(p.direction)
            insert.bind(p.messengerType)
            insert.bind(p.fromAddress)
            insert.bind(p.toAddress)
            insert.bind(p.startTime)
            insert.bind(p.connectedTime)
            insert.bind(p.endTime)
            insert.bind(p.disconnectType)
            insert.bind(p.communicationID)
            insert.bind(p.wrapupRequired)
            insert.bind(p.rawJSON)
            try insert.run()
        }
    }

    private func writeMessages(_ rows: inout [MessageRow], db: Database, fullText: inout FullTextIndex.Pending) throws {
        var insert = RowStatement(try db.cachedStatement(sql: ExportSQL.upsertMessage), db: db)
        rows.reverse()
        while let m = rows.popLast() {
            insert.bind(m.id)
            insert.bind(m.conversationID)
            insert.bind(m.participantID)
            insert.bind(m.timestamp)
            insert.bind(m.direction)
            insert.bind(m.messengerType)
            insert.bind(m.fromAddress)
            insert.bind(m.toAddress)
            insert.bind(m.text)
            insert.bind(m.status)
            insert.bind(m.messageType)
            insert.bind(m.providerMessageID)
            insert.bind(m.createdByUserID)
            insert.bind(m.attachmentCount)
            insert.bind(m.source)
            insert.bind(m.rawJSON)
            insert.bind(runID)
            let before = insert.lastInsertRowID
            try insert.run()
            fullText.wrote(id: m.id, lastInsertRowID: insert.lastInsertRowID, before: before)
        }
    }

    private func writeAttachments(_ rows: [AttachmentRow], db: Database) throws {
        var insert = RowStatement(try db.cachedStatement(sql: ExportSQL.upsertAttachment), db: db)
        for a in rows {
            insert.bind(a.messageID)
            insert.bind(a.position)
            insert.bind(a.conversationID)
            insert.bind(a.attachmentID)
            insert.bind(a.mediaType)
            insert.bind(a.mime)
            insert.bind(a.url)
            insert.bind(a.filename)
            insert.bind(a.contentSizeBytes)
            insert.bind(a.sha256)
            insert.bind(a.caption)
            insert.bind(a.archivePath)
            try insert.run()
        }
    }
}
