import Foundation
import GRDB

/// Drops from a fetched conversation every object whose JSON value equals the version stored by an earlier run, so
/// the archive records each change once and a rerun over unchanged data writes nothing.
///
/// Values are compared, not bytes (``JSONIdentity``): the same object may come back with other key order or
/// escaping. A conversation whose last export was in NDJSON files that `--restart` discarded
/// (`conversation_state.rewrite`) has all its objects written again.
enum ChangeTracker {
    /// Filters `export` in place against the stored rows and returns what it found.
    static func filter(_ export: inout ConversationExport, db: Database) throws -> ChangeCounts {
        let conversationID = export.conversationID
        let rewrite = try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT rewrite FROM conversation_state WHERE conversation_id = ?"),
            arguments: [conversationID]
        ) ?? false
        var lookup = Lookup(db: db, rewrite: rewrite)
        // A conversation never exported before has no stored children (they are only ever written with it), so its
        // participants, messages, wrap-ups and media are new without a lookup each; wrap-up codes are shared and
        // are still looked up.
        let isNew = try export.conversation == nil
            || String.fetchOne(db.cachedStatement(sql: SQL.known), arguments: [conversationID]) == nil
        export.wasStoredBefore = !isNew
        if isNew { return try filterNew(&export, lookup: lookup) }
        var unchanged: Set<String> = []
        func keep(_ entity: String, _ key: String, _ sql: String, _ arguments: StatementArguments, _ raw: String) throws
            -> Bool
        {
            let outcome = try lookup.compare(sql, arguments, raw)
            lookup.counts.count(outcome, entity: entity)
            if outcome == .unchanged { unchanged.insert(entity + "/" + key) }
            return outcome != .unchanged
        }
        if let row = export.conversation {
            export.conversationChanged = try keep("conversations", row.id, SQL.conversation, [row.id], row.rawJSON)
        }
        export.participants = try export.participants.filter {
            try keep("participants", NDJSONRecord.key($0.conversationID, $0.id), SQL.participant, [$0.conversationID, $0.id], $0.rawJSON)
        }
        export.messages = try export.messages.filter { try keep("messages", $0.id, SQL.message, [$0.id], $0.rawJSON) }
        let written = Set(export.messages.map(\.id))
        export.attachments = export.attachments.filter { written.contains($0.messageID) || $0.archivePath != nil }
        export.wrapups = try export.wrapups.filter {
            let key = NDJSONRecord.key($0.conversationID, $0.participantID, $0.communicationID)
            return try keep("wrapups", key, SQL.wrapup, [$0.conversationID, $0.participantID, $0.communicationID], $0.rawJSON)
        }
        export.wrapupCodes = try export.wrapupCodes.filter { try keep("wrapup_codes", $0.id, SQL.code, [$0.id], $0.rawJSON) }
        export.communicationMedia = try export.communicationMedia.filter {
            try keep("communication_media", $0.id, SQL.media, [$0.id], $0.rawJSON)
        }
        if !unchanged.isEmpty {
            export.records = export.records.filter { !unchanged.contains($0.entity + "/" + $0.key) }
        }
        return lookup.counts
    }

    /// A conversation never exported before: all its objects are new and kept as they are (no copies of the rows);
    /// only the wrap-up codes it learned, which are shared, are looked up.
    private static func filterNew(_ export: inout ConversationExport, lookup: Lookup) throws -> ChangeCounts {
        var lookup = lookup
        if export.conversation != nil {
            export.conversationChanged = true
            lookup.counts.count(.new, entity: "conversations")
        }
        lookup.counts.count(.new, entity: "participants", times: export.participants.count)
        lookup.counts.count(.new, entity: "messages", times: export.messages.count)
        lookup.counts.count(.new, entity: "wrapups", times: export.wrapups.count)
        lookup.counts.count(.new, entity: "communication_media", times: export.communicationMedia.count)
        guard !export.wrapupCodes.isEmpty else { return lookup.counts }
        var unchanged: Set<String> = []
        export.wrapupCodes = try export.wrapupCodes.filter {
            let outcome = try lookup.compare(SQL.code, [$0.id], $0.rawJSON)
            lookup.counts.count(outcome, entity: "wrapup_codes")
            if outcome == .unchanged { unchanged.insert($0.id) }
            return outcome != .unchanged
        }
        if !unchanged.isEmpty {
            export.records = export.records.filter { $0.entity != "wrapup_codes" || !unchanged.contains($0.key) }
        }
        return lookup.counts
    }

    private struct Lookup {
        var db: Database
        var rewrite: Bool
        var counts = ChangeCounts()

        func compare(_ sql: String, _ arguments: StatementArguments, _ raw: String) throws -> ChangeCounts.Outcome {
            guard let stored = try String.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) else { return .new }
            if rewrite { return .changed }
            return JSONIdentity.same(stored, Data(raw.utf8)) ? .unchanged : .changed
        }
    }

    private enum SQL {
        static let conversation = "SELECT raw_json FROM conversations WHERE id = ?"
        static let known = "SELECT id FROM conversations WHERE id = ?"
        static let participant = "SELECT raw_json FROM participants WHERE conversation_id = ? AND id = ?"
        static let message = "SELECT raw_json FROM messages WHERE id = ?"
        static let wrapup =
            "SELECT raw_json FROM wrapups WHERE conversation_id = ? AND participant_id = ? AND communication_id = ?"
        static let code = "SELECT raw_json FROM wrapup_codes WHERE id = ?"
        static let media = "SELECT raw_json FROM communication_media WHERE id = ?"
    }
}
