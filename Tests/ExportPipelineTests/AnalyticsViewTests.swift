import Foundation
import GRDB
import Testing

@testable import ExportPipeline

/// A small hand-made export: three conversations, two agents, two channels, two days.
enum AnalyticsFixture {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// Creates the reference schema (schemas/sqlite.sql) plus the analyst migrations, then the rows below.
    static func makeDatabase(at url: URL? = nil) throws -> DatabaseQueue {
        let queue = try url.map { try DatabaseQueue(path: $0.path) } ?? DatabaseQueue()
        let ddl = try String(contentsOf: repositoryRoot.appendingPathComponent("schemas/sqlite.sql"), encoding: .utf8)
        try queue.write { db in try db.execute(sql: ddl) }
        var migrator = DatabaseMigrator()
        AnalystSchema.registerAnalystMigrations(&migrator)
        try migrator.migrate(queue)
        try queue.write { db in
            try insertRows(db)
            try AnalystSchema.refreshFullTextIndex(db)
        }
        return queue
    }

    static func insertRows(_ db: Database) throws {
        let conversations: [[(any DatabaseValueConvertible)?]] = [
            ["c1", "2026-11-01T09:00:00.000Z", "2026-11-01T09:30:00.000Z", "sms"],
            ["c2", "2026-11-01T14:00:00.000Z", "2026-11-01T14:10:00.000Z", "whatsapp"],
            ["c3", "2026-11-02T08:00:00.000Z", nil, "sms"],
        ]
        for row in conversations {
            try db.execute(
                sql: """
                    INSERT INTO conversations (id, start_time, end_time, messenger_type, participant_count,
                        message_count, raw_json, run_id, exported_at)
                    VALUES (?, ?, ?, ?, 0, 0, '{}', 1, '2026-11-03T00:00:00.000Z')
                    """,
                arguments: StatementArguments(row)
            )
        }
        // conversation, participant, purpose, name, user_id, user_name, queue_name, start, connected
        let participants: [[(any DatabaseValueConvertible)?]] = [
            ["c1", "c1-cust", "customer", "+15550000001", nil, nil, nil, "2026-11-01T09:00:00.000Z", nil],
            ["c1", "c1-acd", "acd", "Support", nil, nil, "Support", "2026-11-01T09:00:05.000Z", nil],
            [
                "c1", "c1-alice", "agent", "Alice A", "u1", "Alice", "Support", "2026-11-01T09:01:00.000Z",
                "2026-11-01T09:01:00.000Z",
            ],
            ["c2", "c2-cust", "customer", "+15550000002", nil, nil, nil, "2026-11-01T14:00:00.000Z", nil],
            ["c2", "c2-acd", "acd", "Sales", nil, nil, "Sales", "2026-11-01T14:00:02.000Z", nil],
            [
                "c2", "c2-alice", "agent", "Alice A", "u1", "Alice", nil, "2026-11-01T14:00:10.000Z",
                "2026-11-01T14:00:10.000Z",
            ],
            [
                "c2", "c2-bob", "agent", "Bob B", "u2", "Bob", nil, "2026-11-01T14:05:00.000Z",
                "2026-11-01T14:05:00.000Z",
            ],
            ["c3", "c3-cust", "customer", "+15550000001", nil, nil, nil, "2026-11-02T08:00:00.000Z", nil],
            [
                "c3", "c3-alice", "agent", "Alice A", "u1", "Alice", nil, "2026-11-02T08:01:00.000Z",
                "2026-11-02T08:01:00.000Z",
            ],
        ]
        for row in participants {
            try db.execute(
                sql: """
                    INSERT INTO participants (conversation_id, id, purpose, name, user_id, user_name, queue_name,
                        start_time, connected_time, raw_json)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')
                    """,
                arguments: StatementArguments(row)
            )
        }
        // id, conversation, participant, timestamp, direction, messenger, text, type, created_by, attachments
        let messages: [[(any DatabaseValueConvertible)?]] = [
            [
                "m1", "c1", "c1-cust", "2026-11-01T09:00:00.000Z", "inbound", "sms", "I want a refund please", "Text",
                nil, 0,
            ],
            [
                "m2", "c1", "c1-cust", "2026-11-01T09:00:30.000Z", "inbound", "sms", "and cancel my order", "Text",
                nil, 1,
            ],
            [
                "m3", "c1", "c1-alice", "2026-11-01T09:02:00.000Z", "outbound", "sms", "Sure, one moment", "Text",
                "u1", 0,
            ],
            ["r1", "c1", "c1-alice", "2026-11-01T09:02:01.000Z", "outbound", "sms", nil, "Receipt", nil, 0],
            ["m4", "c1", "c1-cust", "2026-11-01T09:05:00.000Z", "inbound", "sms", "thanks", "Text", nil, 0],
            ["m5", "c1", "c1-alice", "2026-11-01T09:05:40.000Z", "outbound", "sms", "Done", "Text", "u1", 0],
            [
                "n1", "c2", "c2-cust", "2026-11-01T14:00:00.000Z", "inbound", "whatsapp",
                "Please cancel the subscription, a refund is due", "Text", nil, 0,
            ],
            [
                "n2", "c2", "c2-alice", "2026-11-01T14:01:00.000Z", "outbound", "whatsapp", "Checking", "Text", "u1",
                0,
            ],
            ["n3", "c2", "c2-cust", "2026-11-01T14:04:00.000Z", "inbound", "whatsapp", "Any news?", "Text", nil, 0],
            [
                "n4", "c2", "c2-bob", "2026-11-01T14:06:00.000Z", "outbound", "whatsapp", "Cancelled it", "Text",
                "u2", 0,
            ],
            [
                "n5", "c2", "c2-bob", "2026-11-01T14:07:00.000Z", "outbound", "whatsapp", "Anything else?",
                "Structured", "u2", 0,
            ],
            ["k1", "c3", "c3-cust", "2026-11-02T08:00:00.000Z", "inbound", "sms", "hello?", "Text", nil, 0],
        ]
        for row in messages {
            try db.execute(
                sql: """
                    INSERT INTO messages (id, conversation_id, participant_id, timestamp, direction, messenger_type,
                        text, message_type, created_by_user_id, attachment_count, source, raw_json, run_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bulk', '{}', 1)
                    """,
                arguments: StatementArguments(row)
            )
        }
        try db.execute(sql: "UPDATE participants SET address = name, from_address = name WHERE purpose = 'customer'")
        try db.execute(
            sql: """
                INSERT INTO message_attachments (message_id, position, conversation_id, media_type)
                VALUES ('m2', 0, 'c1', 'Image')
                """
        )
        try db.execute(
            sql: """
                INSERT INTO wrapup_codes (id, name, raw_json) VALUES ('w-refund', 'Refund', '{}'), ('w-x', 'X', '{}');
                INSERT INTO wrapups (conversation_id, participant_id, communication_id, code, name, notes, end_time, raw_json)
                VALUES ('c1', 'c1-alice', '', 'w-refund', NULL, 'refunded', '2026-11-01T09:31:00.000Z', '{}'),
                       ('c2', 'c2-bob', 'comm-1', 'w-cancel', 'Cancelled', 'cust cancelled', '2026-11-01T14:11:00.000Z', '{}');
                INSERT INTO runs (job_name, job_sha256, tool_version, started_at, finished_at, status, source,
                                  conversations, messages, wrapups, rejects, requests)
                VALUES ('demo', 'abc', '0.1.0', '2026-11-03T00:00:00.000Z', '2026-11-03T00:01:00.000Z',
                        'complete_with_rejects', 'interval', 3, 12, 2, 1, 40);
                INSERT INTO rejects (run_id, conversation_id, entity, entity_id, endpoint, reason, created_at)
                VALUES (1, 'c9', 'message', 'bad1', 'POST /api/v2/conversations/messages/{conversationId}/messages/bulk',
                        'undecodable: missing id', '2026-11-03T00:00:30.000Z');
                """
        )
    }
}

struct AnalyticsViewTests {
    @Test func conversationSummaryHasOneRowPerConversationWithHandComputedValues() throws {
        let queue = try AnalyticsFixture.makeDatabase()
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM conversation_summary ORDER BY conversation_id")
        }
        #expect(rows.count == 3)
        let c1 = rows[0]
        #expect(c1["conversation_id"] as String? == "c1")
        #expect(c1["messenger_type"] as String? == "sms")
        #expect(c1["duration_seconds"] as Int? == 1800)
        #expect(c1["inbound_messages"] as Int? == 3)
        #expect(c1["outbound_messages"] as Int? == 2)  // the receipt is not a message
        #expect(c1["first_response_seconds"] as Double? == 120)
        #expect(c1["agents"] as String? == "Alice")
        #expect(c1["queue_name"] as String? == "Support")
        #expect(c1["wrapup_code"] as String? == "Refund")  // name from wrapup_codes
        #expect(c1["wrapup_notes"] as String? == "refunded")
        #expect(c1["attachment_count"] as Int? == 1)

        let c2 = rows[1]
        #expect(c2["duration_seconds"] as Int? == 600)
        #expect(c2["inbound_messages"] as Int? == 2)
        #expect(c2["outbound_messages"] as Int? == 3)
        #expect(c2["first_response_seconds"] as Double? == 60)
        #expect(c2["agents"] as String? == "Alice, Bob")
        #expect(c2["queue_name"] as String? == "Sales")
        #expect(c2["wrapup_code"] as String? == "Cancelled")
        #expect(c2["attachment_count"] as Int? == 0)

        let c3 = rows[2]
        #expect(c3["end_time"] as String? == nil)
        #expect(c3["duration_seconds"] as Int? == nil)
        #expect(c3["inbound_messages"] as Int? == 1)
        #expect(c3["outbound_messages"] as Int? == 0)
        #expect(c3["first_response_seconds"] as Double? == nil)
        #expect(c3["agents"] as String? == "Alice")
        #expect(c3["wrapup_code"] as String? == nil)
    }

    @Test func dailyVolumeCountsWrittenMessagesPerDayChannelAndDirection() throws {
        let queue = try AnalyticsFixture.makeDatabase()
        let rows = try queue.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT day, messenger_type, direction, messages FROM daily_volume ORDER BY 1, 2, 3"
            )
        }
        let flat = rows.map {
            "\($0["day"] as String? ?? "") \($0["messenger_type"] as String? ?? "") \($0["direction"] as String? ?? "") \($0["messages"] as Int? ?? -1)"
        }
        #expect(
            flat == [
                "2026-11-01 sms inbound 3",
                "2026-11-01 sms outbound 2",
                "2026-11-01 whatsapp inbound 2",
                "2026-11-01 whatsapp outbound 3",
                "2026-11-02 sms inbound 1",
            ]
        )
    }

    @Test func agentActivityCountsConversationsMessagesMedianResponseAndWrapups() throws {
        let queue = try AnalyticsFixture.makeDatabase()
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM agent_activity ORDER BY agent_name, day")
        }
        #expect(rows.count == 3)
        let alice1 = rows[0]
        #expect(alice1["agent_name"] as String? == "Alice")
        #expect(alice1["agent_id"] as String? == "u1")
        #expect(alice1["day"] as String? == "2026-11-01")
        #expect(alice1["conversations"] as Int? == 2)
        #expect(alice1["messages_sent"] as Int? == 3)
        // replies: m3 120 s (waiting since m1), m5 40 s, n2 60 s → median 60
        #expect(alice1["median_response_seconds"] as Double? == 60)
        #expect(alice1["wrapups"] as Int? == 1)
        let alice2 = rows[1]
        #expect(alice2["day"] as String? == "2026-11-02")
        #expect(alice2["conversations"] as Int? == 1)
        #expect(alice2["messages_sent"] as Int? == 0)
        #expect(alice2["median_response_seconds"] as Double? == nil)
        #expect(alice2["wrapups"] as Int? == 0)
        let bob = rows[2]
        #expect(bob["agent_name"] as String? == "Bob")
        #expect(bob["conversations"] as Int? == 1)
        #expect(bob["messages_sent"] as Int? == 2)
        #expect(bob["median_response_seconds"] as Double? == 120)  // n4 after n3; n5 follows an outbound
        #expect(bob["wrapups"] as Int? == 1)
    }

    @Test func medianOfAnEvenNumberOfResponsesIsTheMeanOfTheMiddleTwo() throws {
        let queue = try AnalyticsFixture.makeDatabase()
        try queue.write { db in
            // A fourth Alice reply on 2026-11-01 in c1: inbound 09:10:00, reply 09:11:40 (100 s).
            try db.execute(
                sql: """
                    INSERT INTO messages (id, conversation_id, participant_id, timestamp, direction, messenger_type,
                        text, message_type, created_by_user_id, attachment_count, source, raw_json, run_id)
                    VALUES ('m6', 'c1', 'c1-cust', '2026-11-01T09:10:00.000Z', 'inbound', 'sms', 'one more', 'Text',
                            NULL, 0, 'bulk', '{}', 1),
                           ('m7', 'c1', 'c1-alice', '2026-11-01T09:11:40.000Z', 'outbound', 'sms', 'ok', 'Text',
                            'u1', 0, 'bulk', '{}', 1)
                    """
            )
        }
        let median = try queue.read { db in
            try Double.fetchOne(
                db,
                sql: "SELECT median_response_seconds FROM agent_activity WHERE agent_id = 'u1' AND day = '2026-11-01'"
            )
        }
        #expect(median == 80)  // 40, 60, 100, 120
    }

    /// FTS5 spells proximity `NEAR(a b)` (default distance 10 tokens); a bare `a NEAR b` is FTS4 syntax and in
    /// FTS5 means the three words a, "near" and b.
    @Test func fullTextSearchFindsWordsNearEachOtherWithinOneMessage() throws {
        let queue = try AnalyticsFixture.makeDatabase()
        let (near, either, prefix) = try queue.read { db in
            (
                try String.fetchAll(
                    db,
                    sql: "SELECT id FROM messages_fts WHERE messages_fts MATCH 'NEAR(refund cancel)'"
                ),
                try String.fetchAll(
                    db,
                    sql: "SELECT id FROM messages_fts WHERE messages_fts MATCH 'refund OR cancel' ORDER BY id"
                ),
                try String.fetchAll(
                    db,
                    sql: "SELECT conversation_id FROM messages_fts WHERE messages_fts MATCH 'cancel*' ORDER BY 1"
                )
            )
        }
        #expect(near == ["n1"])
        #expect(either == ["m1", "m2", "n1"])
        #expect(prefix == ["c1", "c2", "c2"])
    }

    @Test func refreshPicksUpRowsLoadedAfterTheLastRefresh() throws {
        let queue = try AnalyticsFixture.makeDatabase()
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO messages (id, conversation_id, timestamp, direction, text, attachment_count, source,
                        raw_json, run_id)
                    VALUES ('z1', 'c3', '2026-11-02T08:05:00.000Z', 'inbound', 'Zebra crossing', 0, 'bulk', '{}', 2)
                    """
            )
            try db.execute(sql: "UPDATE messages SET text = 'no longer about money' WHERE id = 'm1'")
        }
        let before = try queue.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM messages_fts WHERE messages_fts MATCH 'zebra'")
        }
        #expect(before.isEmpty)
        try queue.write { db in try AnalystSchema.refreshFullTextIndex(db) }
        let (after, refund) = try queue.read { db in
            (
                try String.fetchAll(db, sql: "SELECT id FROM messages_fts WHERE messages_fts MATCH 'zebra'"),
                try String.fetchAll(
                    db,
                    sql: "SELECT id FROM messages_fts WHERE messages_fts MATCH 'refund' ORDER BY id"
                )
            )
        }
        #expect(after == ["z1"])
        #expect(refund == ["n1"])
    }

    @Test func migrationsAreNamedAndRunOnce() throws {
        let queue = try AnalyticsFixture.makeDatabase()
        var migrator = DatabaseMigrator()
        AnalystSchema.registerAnalystMigrations(&migrator)
        try migrator.migrate(queue)  // already applied: a no-op, not a "view exists" error
        let applied = try queue.read { db in try migrator.appliedIdentifiers(db) }
        #expect(applied == Set(AnalystSchema.migrationNames))
    }
}
