@testable import ExportPipeline
import Foundation
import GRDB
import GenesysClient
import GenesysSimulator
import Logging
import TestSupport

/// A client for the simulator that never really sleeps (retries and budget waits are immediate).
func simulatorClient(_ sim: RunningSimulator, maxAttempts: Int = 8, tokenRefreshMargin: Duration = .seconds(300)) throws
    -> GenesysClient
{
    var configuration = try GenesysClient.Configuration(
        apiBaseURL: sim.baseURL,
        loginBaseURL: sim.baseURL,
        clientID: "sim-client",
        clientSecret: "sim-secret"
    )
    configuration.requestsPerMinute = 100_000
    configuration.maxAttempts = maxAttempts
    configuration.tokenRefreshMargin = tokenRefreshMargin
    return GenesysClient(configuration: configuration, logger: testLogger(), sleep: { _ in })
}

/// Runs `body` with a client for the simulator and shuts the client down afterwards.
func withClient<T>(
    _ sim: RunningSimulator,
    maxAttempts: Int = 8,
    tokenRefreshMargin: Duration = .seconds(300),
    _ body: (GenesysClient) async throws -> T
) async throws -> T {
    let client = try simulatorClient(sim, maxAttempts: maxAttempts, tokenRefreshMargin: tokenRefreshMargin)
    do {
        let value = try await body(client)
        try await client.shutdown()
        return value
    } catch {
        try? await client.shutdown()
        throw error
    }
}

/// What an export contains, in a form two exports can be compared by.
struct ExportContents: Equatable {
    var messages: [String: String]  // id -> text ?? ""
    var messageRaw: [String: String]
    var participants: Int
    var conversations: [String]
    var wrapups: [String]
    var attachments: Int
    var communicationMedia: Int
    var cachedMedia: Int
    var ndjsonMessageLines: [String]
    var ndjsonOtherLines: [String: [String]]

    /// Reads an export; `baseURL` (the simulator's, which differs per port) is replaced by `BASE` in raw JSON.
    static func read(_ job: JobSpec, baseURL: URL? = nil) throws -> ExportContents {
        let base = baseURL.map { $0.absoluteString.hasSuffix("/") ? String($0.absoluteString.dropLast()) : $0.absoluteString }
        func clean(_ text: String) -> String {
            guard let base else { return text }
            return text.replacingOccurrences(of: base, with: "BASE")
                .replacingOccurrences(of: base.replacingOccurrences(of: "/", with: "\\/"), with: "BASE")
        }
        let db = try openDatabase(job)
        var contents = try db.read { db in
            ExportContents(
                messages: Dictionary(
                    uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, text FROM messages").map {
                        ($0["id"] as String, ($0["text"] as String?) ?? "")
                    }
                ),
                messageRaw: Dictionary(
                    uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, raw_json FROM messages").map {
                        ($0["id"] as String, clean($0["raw_json"] as String))
                    }
                ),
                participants: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM participants") ?? 0,
                conversations: try String.fetchAll(db, sql: "SELECT id FROM conversations ORDER BY id"),
                wrapups: try String.fetchAll(
                    db,
                    sql: "SELECT conversation_id || '/' || participant_id || '/' || communication_id || '/' || "
                        + "COALESCE(code, '') || '/' || COALESCE(name, '') FROM wrapups ORDER BY 1"
                ),
                attachments: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message_attachments") ?? 0,
                communicationMedia: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM communication_media") ?? 0,
                cachedMedia: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cached_media") ?? 0,
                ndjsonMessageLines: [],
                ndjsonOtherLines: [:]
            )
        }
        if let root = job.output.ndjson {
            contents.ndjsonMessageLines = try ndjsonLines(root, entity: "messages").map(clean).sorted()
            for entity in ["conversations", "participants", "wrapups", "wrapup_codes", "communication_media", "cached_media"] {
                contents.ndjsonOtherLines[entity] = try ndjsonLines(root, entity: entity).map(clean).sorted()
            }
        }
        return contents
    }
}

func simulatorJob(
    _ folder: URL,
    name: String = "sim",
    source: JobSpec.Source,
    concurrency: Int = 4,
    pageSize: Int = 100,
    analytics: JobSpec.AnalyticsMode = .sync
) -> JobSpec {
    makeJob(
        folder,
        name: name,
        source: source,
        fetch: JobSpec.Fetch(concurrency: concurrency, requestsPerMinute: 100_000, analytics: analytics, pageSize: pageSize)
    )
}

/// The org's full time range for a simulator configuration.
func orgInterval(_ configuration: SimulatorConfiguration) -> JobSpec.Source {
    .interval(start: configuration.start, end: configuration.end.addingTimeInterval(86_400))
}
