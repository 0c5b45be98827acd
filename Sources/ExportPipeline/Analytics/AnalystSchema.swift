import Foundation
import GRDB

/// The analyst layer of the export database: the views and the `messages_fts` full-text index.
///
/// Definitions (the README's "Analysing an export" section repeats them):
/// - A *message* in the views is a row of `messages` whose `message_type` is not `Receipt` or `Event`
///   (delivery receipts and typing/presence events are not messages anyone wrote).
/// - `conversation_summary.first_response_seconds`: seconds from the first inbound message to the first
///   outbound message after it.
/// - `agent_activity.median_response_seconds`: median, over the agent's replies that day, of the seconds from
///   the first customer message of an unanswered run of inbound messages to the agent's outbound reply.
///   A message belongs to an agent when the agent's participant listed it or the agent's user created it.
/// - `agent_activity.day` is the UTC day of the event counted: the agent joining (conversations), the message
///   (messages_sent, responses), the wrap-up's end (wrapups).
///
/// Migrations are named and append-only, like the pipeline's: change a view by appending a migration that
/// drops and recreates it, never by editing one that has shipped.
package enum AnalystSchema {
    /// The migration names this type registers, in order.
    package static let migrationNames = ["analyst-v1-views", "analyst-v1-messages-fts"]

    /// Appends the analyst migrations (views, messages_fts) to the migrator; register them LAST.
    package static func registerAnalystMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(migrationNames[0]) { db in
            try db.execute(sql: conversationSummarySQL)
            try db.execute(sql: dailyVolumeSQL)
            try db.execute(sql: agentActivitySQL)
        }
        migrator.registerMigration(migrationNames[1]) { db in
            try db.execute(sql: messagesFTSSQL)
            try refreshFullTextIndex(db)
        }
    }

    /// Brings messages_fts up to date after a load: one bulk `rebuild` from `messages` (≈1.8 µs a row).
    package static func refreshFullTextIndex(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO messages_fts(messages_fts) VALUES('rebuild')")
    }

    // MARK: - SQL

    /// Rows of `messages` that a person wrote (no receipts or events).
    private static let writtenMessage = "lower(coalesce(m.message_type, '')) NOT IN ('receipt', 'event')"

    private static let conversationSummarySQL = """
        CREATE VIEW conversation_summary AS
        WITH written AS (
            SELECT m.conversation_id, m.direction, m.timestamp
            FROM messages m
            WHERE \(writtenMessage)
        ),
        counts AS (
            SELECT conversation_id,
                   sum(direction = 'inbound') AS inbound_messages,
                   sum(direction = 'outbound') AS outbound_messages,
                   min(CASE WHEN direction = 'inbound' THEN timestamp END) AS first_inbound_at
            FROM written
            GROUP BY conversation_id
        ),
        first_response AS (
            SELECT k.conversation_id, min(w.timestamp) AS first_response_at
            FROM counts k
            JOIN written w ON w.conversation_id = k.conversation_id
                AND w.direction = 'outbound' AND w.timestamp > k.first_inbound_at
            GROUP BY k.conversation_id
        )
        SELECT c.id AS conversation_id,
               c.messenger_type,
               c.start_time,
               c.end_time,
               CAST(round((julianday(c.end_time) - julianday(c.start_time)) * 86400.0) AS INTEGER)
                   AS duration_seconds,
               coalesce(k.inbound_messages, 0) AS inbound_messages,
               coalesce(k.outbound_messages, 0) AS outbound_messages,
               k.first_inbound_at,
               f.first_response_at,
               round((julianday(f.first_response_at) - julianday(k.first_inbound_at)) * 86400.0, 3)
                   AS first_response_seconds,
               (SELECT group_concat(agent, ', ') FROM (
                    SELECT coalesce(p.user_name, p.name, p.user_id) AS agent, min(p.start_time) AS joined
                    FROM participants p
                    WHERE p.conversation_id = c.id AND p.purpose = 'agent'
                    GROUP BY 1 ORDER BY joined, agent)) AS agents,
               (SELECT p.queue_name FROM participants p
                    WHERE p.conversation_id = c.id AND p.queue_name IS NOT NULL
                    ORDER BY p.purpose = 'acd' DESC, p.start_time LIMIT 1) AS queue_name,
               (SELECT coalesce(w.name, wc.name, w.code) FROM wrapups w
                    LEFT JOIN wrapup_codes wc ON wc.id = w.code
                    WHERE w.conversation_id = c.id
                    ORDER BY w.end_time DESC, w.communication_id DESC LIMIT 1) AS wrapup_code,
               (SELECT w.notes FROM wrapups w
                    WHERE w.conversation_id = c.id
                    ORDER BY w.end_time DESC, w.communication_id DESC LIMIT 1) AS wrapup_notes,
               (SELECT count(*) FROM message_attachments a WHERE a.conversation_id = c.id) AS attachment_count
        FROM conversations c
        LEFT JOIN counts k ON k.conversation_id = c.id
        LEFT JOIN first_response f ON f.conversation_id = c.id
        """

    private static let dailyVolumeSQL = """
        CREATE VIEW daily_volume AS
        SELECT substr(m.timestamp, 1, 10) AS day,
               coalesce(m.messenger_type, c.messenger_type) AS messenger_type,
               m.direction,
               count(*) AS messages,
               count(DISTINCT m.conversation_id) AS conversations
        FROM messages m
        LEFT JOIN conversations c ON c.id = m.conversation_id
        WHERE m.timestamp IS NOT NULL AND \(writtenMessage)
        GROUP BY 1, 2, 3
        """

    private static let agentActivitySQL = """
        CREATE VIEW agent_activity AS
        WITH agent_participants AS (
            SELECT p.conversation_id, p.id AS participant_id, p.user_id,
                   coalesce(p.user_id, 'name:' || coalesce(p.user_name, p.name)) AS agent_id,
                   coalesce(p.user_name, p.name, p.user_id) AS agent_name,
                   substr(coalesce(p.connected_time, p.start_time, c.start_time), 1, 10) AS day
            FROM participants p
            JOIN conversations c ON c.id = p.conversation_id
            WHERE p.purpose = 'agent'
        ),
        sequenced AS (
            SELECT m.id, m.conversation_id, m.participant_id, m.created_by_user_id, m.direction, m.timestamp,
                   lag(m.direction) OVER (PARTITION BY m.conversation_id ORDER BY m.timestamp, m.id) AS previous_direction
            FROM messages m
            WHERE m.timestamp IS NOT NULL AND \(writtenMessage)
        ),
        run_starts AS (
            SELECT s.*,
                   max(CASE WHEN s.direction = 'inbound'
                            AND (s.previous_direction IS NULL OR s.previous_direction <> 'inbound')
                       THEN s.timestamp END)
                       OVER (PARTITION BY s.conversation_id ORDER BY s.timestamp, s.id
                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS waiting_since
            FROM sequenced s
        ),
        sent AS (
            SELECT DISTINCT a.agent_id, r.id AS message_id, substr(r.timestamp, 1, 10) AS day,
                   CASE WHEN r.previous_direction = 'inbound'
                        THEN (julianday(r.timestamp) - julianday(r.waiting_since)) * 86400.0 END AS response_seconds
            FROM run_starts r
            JOIN agent_participants a ON a.conversation_id = r.conversation_id
                AND (r.participant_id = a.participant_id
                     OR (r.created_by_user_id IS NOT NULL AND r.created_by_user_id = a.user_id))
            WHERE r.direction = 'outbound'
        ),
        ranked AS (
            SELECT agent_id, day, response_seconds,
                   row_number() OVER (PARTITION BY agent_id, day ORDER BY response_seconds) AS position,
                   count(*) OVER (PARTITION BY agent_id, day) AS responses
            FROM sent
            WHERE response_seconds IS NOT NULL
        ),
        medians AS (
            SELECT agent_id, day, round(avg(response_seconds), 3) AS median_response_seconds
            FROM ranked
            WHERE position IN ((responses + 1) / 2, (responses + 2) / 2)
            GROUP BY agent_id, day
        ),
        wrapped AS (
            SELECT a.agent_id, substr(coalesce(w.end_time, a.day), 1, 10) AS day,
                   count(DISTINCT w.conversation_id || '/' || w.participant_id) AS wrapups
            FROM wrapups w
            JOIN agent_participants a ON a.conversation_id = w.conversation_id AND a.participant_id = w.participant_id
            GROUP BY 1, 2
        ),
        joined AS (
            SELECT agent_id, day, count(DISTINCT conversation_id) AS conversations
            FROM agent_participants
            GROUP BY 1, 2
        ),
        sent_counts AS (
            SELECT agent_id, day, count(*) AS messages_sent FROM sent GROUP BY 1, 2
        ),
        keys AS (
            SELECT agent_id, day FROM joined
            UNION SELECT agent_id, day FROM sent_counts
            UNION SELECT agent_id, day FROM wrapped
        ),
        names AS (
            SELECT agent_id, max(agent_name) AS agent_name FROM agent_participants GROUP BY agent_id
        )
        SELECT k.day,
               k.agent_id,
               n.agent_name,
               coalesce(j.conversations, 0) AS conversations,
               coalesce(s.messages_sent, 0) AS messages_sent,
               md.median_response_seconds,
               coalesce(w.wrapups, 0) AS wrapups
        FROM keys k
        LEFT JOIN names n ON n.agent_id = k.agent_id
        LEFT JOIN joined j ON j.agent_id = k.agent_id AND j.day = k.day
        LEFT JOIN sent_counts s ON s.agent_id = k.agent_id AND s.day = k.day
        LEFT JOIN medians md ON md.agent_id = k.agent_id AND md.day = k.day
        LEFT JOIN wrapped w ON w.agent_id = k.agent_id AND w.day = k.day
        WHERE k.day IS NOT NULL
        """

    private static let messagesFTSSQL = """
        CREATE VIRTUAL TABLE messages_fts USING fts5(
            text,
            conversation_id UNINDEXED,
            id UNINDEXED,
            content = 'messages',
            content_rowid = 'rowid',
            tokenize = 'unicode61 remove_diacritics 2'
        )
        """
}
