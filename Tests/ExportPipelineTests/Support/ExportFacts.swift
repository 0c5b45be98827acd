import ExportPipeline
import Foundation
import GRDB
import GenesysModels
import GenesysSimulator
import TestSupport

/// What a conversation is, reduced to the facts an export must get right.
struct ConversationFacts: Equatable, Sendable {
    /// The conversation's end (the latest participant end once every participant has ended).
    var endTime: String?
    /// Every message id, sorted.
    var messageIDs: [String]
    /// Agent participant id → wrap-up code.
    var wrapupCodes: [String: String]
}

/// The simulator's own state of some conversations.
enum SimulatorTruth {
    static func read(_ sim: RunningSimulator, ids: [String]) async throws -> [String: ConversationFacts] {
        var facts: [String: ConversationFacts] = [:]
        for id in ids {
            guard let conversation = await sim.store.conversation(id) else { continue }
            let ends = conversation.participants.map(\.endTime)
            let end = ends.contains { $0 == nil } ? nil : ends.compactMap { $0 }.max()
            var codes: [String: String] = [:]
            for participant in conversation.participants where participant.purpose == "agent" {
                if let wrapup = participant.wrapup { codes[participant.id] = wrapup.code }
            }
            facts[id] = ConversationFacts(
                endTime: end.map(GenesysDate.format),
                messageIDs: conversation.appended.compactMap(\.id).sorted(),
                wrapupCodes: codes
            )
        }
        return facts
    }
}

/// The same facts as an export database holds them.
enum StoredFacts {
    static func read(_ job: JobSpec) async throws -> [String: ConversationFacts] {
        try await openDatabase(job).read { db in
            var facts: [String: ConversationFacts] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, end_time FROM conversations") {
                let id: String = row["id"]
                let messages = try String.fetchAll(db, sql: "SELECT id FROM messages WHERE conversation_id = ? ORDER BY id", arguments: [id])
                let codes = try Row.fetchAll(
                    db,
                    sql: "SELECT participant_id, code FROM wrapups WHERE conversation_id = ? AND code IS NOT NULL",
                    arguments: [id]
                )
                facts[id] = ConversationFacts(
                    endTime: row["end_time"],
                    messageIDs: messages,
                    wrapupCodes: Dictionary(uniqueKeysWithValues: codes.map { ($0["participant_id"] as String, $0["code"] as String) })
                )
            }
            return facts
        }
    }
}

/// Every row of the export's data tables, to tell whether a run changed any.
struct TableSnapshot: Equatable, Sendable {
    static let tables = [
        "conversations", "participants", "messages", "message_attachments", "wrapups", "wrapup_codes",
        "communication_media", "cached_media", "rejects",
    ]

    var rows: [String: [String]]

    static func read(_ job: JobSpec) async throws -> TableSnapshot {
        try await openDatabase(job).read { db in
            var rows: [String: [String]] = [:]
            for table in tables {
                rows[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid").map(\.description)
            }
            return TableSnapshot(rows: rows)
        }
    }
}
