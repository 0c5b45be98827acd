import Foundation
import GRDB
import Testing

@testable import ExportPipeline

/// The README's "ten questions an analyst asks", each run against the hand-made export of ``AnalyticsFixture``.
struct AnalyticsQueryTests {
    struct AnalystQuery: Sendable, CustomTestStringConvertible {
        var question: String
        var sql: String
        /// Expected rows, every value as text (`NULL` for null).
        var expected: [[String]]
        var testDescription: String { question }
    }

    static let queries: [AnalystQuery] = [
        AnalystQuery(
            question: "How many messages did each channel carry per day?",
            sql: """
                SELECT day, messenger_type, sum(messages) AS messages
                FROM daily_volume
                WHERE day BETWEEN '2026-11-01' AND '2026-11-07'
                GROUP BY day, messenger_type
                ORDER BY day, messenger_type;
                """,
            expected: [["2026-11-01", "sms", "5"], ["2026-11-01", "whatsapp", "5"], ["2026-11-02", "sms", "1"]]
        ),
        AnalystQuery(
            question: "How fast do we answer, per channel (average and worst first response)?",
            sql: """
                SELECT messenger_type,
                       count(first_response_seconds) AS answered,
                       round(avg(first_response_seconds)) AS avg_seconds,
                       max(first_response_seconds) AS worst_seconds
                FROM conversation_summary
                GROUP BY messenger_type
                ORDER BY messenger_type;
                """,
            expected: [["sms", "1", "120.0", "120.0"], ["whatsapp", "1", "60.0", "60.0"]]
        ),
        AnalystQuery(
            question: "Which conversations mention a refund near a cancellation?",
            sql: """
                SELECT m.conversation_id, m.timestamp, m.text
                FROM messages_fts
                JOIN messages m ON m.rowid = messages_fts.rowid
                WHERE messages_fts MATCH 'NEAR(refund cancel*, 10)'
                ORDER BY messages_fts.rank;
                """,
            expected: [["c2", "2026-11-01T14:00:00.000Z", "Please cancel the subscription, a refund is due"]]
        ),
        AnalystQuery(
            question: "Which customers are still waiting for a first reply?",
            sql: """
                SELECT conversation_id, messenger_type, first_inbound_at, queue_name
                FROM conversation_summary
                WHERE inbound_messages > 0 AND first_response_at IS NULL
                ORDER BY first_inbound_at;
                """,
            expected: [["c3", "sms", "2026-11-02T08:00:00.000Z", "NULL"]]
        ),
        AnalystQuery(
            question: "What are the most common wrap-up codes per channel?",
            sql: """
                SELECT messenger_type, wrapup_code, count(*) AS conversations
                FROM conversation_summary
                WHERE wrapup_code IS NOT NULL
                GROUP BY messenger_type, wrapup_code
                ORDER BY conversations DESC, messenger_type, wrapup_code;
                """,
            expected: [["sms", "Refund", "1"], ["whatsapp", "Cancelled", "1"]]
        ),
        AnalystQuery(
            question: "How did each agent do on a given day?",
            sql: """
                SELECT agent_name, conversations, messages_sent, median_response_seconds, wrapups
                FROM agent_activity
                WHERE day = '2026-11-01'
                ORDER BY messages_sent DESC, agent_name;
                """,
            expected: [["Alice", "2", "3", "60.0", "1"], ["Bob", "1", "2", "120.0", "1"]]
        ),
        AnalystQuery(
            question: "At which hours (UTC) do customers write most?",
            sql: """
                SELECT strftime('%H', timestamp) AS hour_utc, count(*) AS inbound_messages
                FROM messages
                WHERE direction = 'inbound'
                GROUP BY hour_utc
                ORDER BY inbound_messages DESC, hour_utc
                LIMIT 3;
                """,
            expected: [["09", "3"], ["14", "2"], ["08", "1"]]
        ),
        AnalystQuery(
            question: "Which customers contacted us more than once (works on hashed addresses too)?",
            sql: """
                SELECT p.address, count(DISTINCT p.conversation_id) AS conversations,
                       min(c.start_time) AS first_contact, max(c.start_time) AS last_contact
                FROM participants p
                JOIN conversations c ON c.id = p.conversation_id
                WHERE p.purpose = 'customer'
                GROUP BY p.address
                HAVING count(DISTINCT p.conversation_id) > 1;
                """,
            expected: [["+15550000001", "2", "2026-11-01T09:00:00.000Z", "2026-11-02T08:00:00.000Z"]]
        ),
        AnalystQuery(
            question: "Which conversations were handled by more than one agent (transfers)?",
            sql: """
                SELECT s.conversation_id, s.agents, s.duration_seconds
                FROM conversation_summary s
                WHERE (SELECT count(DISTINCT coalesce(p.user_id, p.name)) FROM participants p
                       WHERE p.conversation_id = s.conversation_id AND p.purpose = 'agent') > 1;
                """,
            expected: [["c2", "Alice, Bob", "600"]]
        ),
        AnalystQuery(
            question: "What did the last run reject, and why?",
            sql: """
                SELECT entity, reason, count(*) AS objects
                FROM rejects
                WHERE run_id = (SELECT max(id) FROM runs)
                GROUP BY entity, reason
                ORDER BY objects DESC;
                """,
            expected: [["message", "undecodable: missing id", "1"]]
        ),
    ]

    @Test(arguments: queries)
    func analystQueryAnswersTheQuestion(_ query: AnalystQuery) throws {
        let queue = try AnalyticsFixture.makeDatabase()
        let rows = try queue.read { db in try Row.fetchAll(db, sql: query.sql) }
        let values = rows.map { row in Array(row.databaseValues.map(Self.text)) }
        #expect(values == query.expected)
    }

    @Test func thereAreTenQuestions() {
        #expect(Self.queries.count == 10)
        #expect(Set(Self.queries.map(\.question)).count == 10)
    }

    static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "NULL"
        case .int64(let number): String(number)
        case .double(let number): String(number)
        case .string(let string): string
        case .blob(let data): "<\(data.count) bytes>"
        }
    }
}
