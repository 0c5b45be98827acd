import Foundation
import GRDB

/// The parts of a conversation a run fetches, as recorded in `conversation_state.fetched`.
package struct FetchedParts: OptionSet, Sendable, Hashable {
    package let rawValue: Int

    package init(rawValue: Int) { self.rawValue = rawValue }

    /// Message bodies (`fetch.messageDetails`).
    package static let messages = FetchedParts(rawValue: 1 << 0)
    /// Wrap-ups (`fetch.wrapups`).
    package static let wrapups = FetchedParts(rawValue: 1 << 1)
    /// Communication media listings (`fetch.communicationMedia`).
    package static let communicationMedia = FetchedParts(rawValue: 1 << 2)
    /// Attachment bytes (`fetch.media: download`).
    package static let download = FetchedParts(rawValue: 1 << 3)

    private static let names: [(FetchedParts, String)] = [
        (.messages, "messages"), (.wrapups, "wrapups"), (.communicationMedia, "communicationMedia"),
        (.download, "download"),
    ]

    /// The parts a job's fetch options ask for.
    package init(_ fetch: JobSpec.Fetch) {
        var parts: FetchedParts = []
        if fetch.messageDetails { parts.insert(.messages) }
        if fetch.wrapups { parts.insert(.wrapups) }
        if fetch.communicationMedia { parts.insert(.communicationMedia) }
        if fetch.media == .download { parts.insert(.download) }
        self = parts
    }

    /// Parses the stored comma list; unknown names are ignored.
    package init(text: String) {
        let words = Set(text.split(separator: ",").map(String.init))
        self = FetchedParts(Self.names.filter { words.contains($0.1) }.map(\.0))
    }

    /// The comma list stored in `conversation_state.fetched`.
    package var text: String {
        Self.names.filter { contains($0.0) }.map(\.1).joined(separator: ",")
    }
}

/// What the job last exported of one conversation (`conversation_state`).
package struct ConversationState: Sendable, Equatable {
    /// The analytics record it was exported with, nil when analytics did not know it.
    package var analyticsJSON: String?
    /// Whether it was exported without `conversationEnd`.
    package var isOpen: Bool
    /// The parts fetched so far.
    package var fetched: FetchedParts

    /// Whether a conversation enumerated with `analytics` must be fetched again by a run that fetches `parts`.
    package func isDue(analytics: AnalyticsRecord?, fetching parts: FetchedParts) -> Bool {
        guard !isOpen, fetched.isSuperset(of: parts), let analytics else { return true }
        return !JSONIdentity.same(analyticsJSON, analytics.json)
    }

    /// The stored state of each of `ids` that has one.
    static func load(_ ids: [String], db: Database) throws -> [String: ConversationState] {
        let statement = try db.cachedStatement(
            sql: "SELECT analytics_json, open, fetched FROM conversation_state WHERE conversation_id = ?"
        )
        var states: [String: ConversationState] = [:]
        for id in ids {
            guard let row = try Row.fetchOne(statement, arguments: [id]) else { continue }
            states[id] = ConversationState(
                analyticsJSON: row["analytics_json"],
                isOpen: row["open"],
                fetched: FetchedParts(text: row["fetched"])
            )
        }
        return states
    }

    /// The conversations exported while open, oldest first.
    static func openConversationIDs(db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT conversation_id FROM conversation_state WHERE open = 1 ORDER BY rowid")
    }

    /// The conversations every run fetches whatever its window: the open ones, and those whose last attempt ended in
    /// rejects (no analytics record kept).
    static func dueOnEveryRun(db: Database) throws -> [String] {
        try String.fetchAll(
            db,
            sql: "SELECT conversation_id FROM conversation_state WHERE open = 1 OR analytics_json IS NULL ORDER BY rowid"
        )
    }

    /// Records that a run could not export a conversation: it stays due until a run exports it.
    static func saveRejected(conversationID: String, runID: Int64, now: String, db: Database) throws {
        try db.cachedStatement(sql: rejected).execute(arguments: [conversationID, runID, now])
    }

    private static let rejected = """
        INSERT INTO conversation_state (conversation_id, analytics_json, open, fetched, run_id, exported_at)
        VALUES (?, NULL, 0, '', ?, ?)
        ON CONFLICT(conversation_id) DO UPDATE SET analytics_json = NULL
        """

    /// Records what run `runID` exported of a conversation; the fetched parts accumulate.
    static func save(
        conversationID: String,
        analytics: AnalyticsRecord?,
        isOpen: Bool,
        fetched: FetchedParts,
        runID: Int64,
        now: String,
        db: Database
    ) throws {
        let previous = try String.fetchOne(
            db.cachedStatement(sql: "SELECT fetched FROM conversation_state WHERE conversation_id = ?"),
            arguments: [conversationID]
        ).map(FetchedParts.init(text:)) ?? []
        try db.cachedStatement(sql: upsert).execute(arguments: [
            conversationID, analytics.map { String(decoding: $0.json, as: UTF8.self) }, isOpen,
            previous.union(fetched).text, runID, now,
        ])
    }

    private static let upsert = """
        INSERT INTO conversation_state (conversation_id, analytics_json, open, fetched, run_id, exported_at)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(conversation_id) DO UPDATE SET analytics_json = excluded.analytics_json, open = excluded.open,
            fetched = excluded.fetched, rewrite = 0, run_id = excluded.run_id, exported_at = excluded.exported_at
        """
}
