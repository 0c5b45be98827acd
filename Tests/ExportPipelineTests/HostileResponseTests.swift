import ExportPipeline
import Foundation
import GRDB
import GenesysClient
import Testing
import TestSupport

/// Hostile JSON from the API, served over loopback to the real client: each conversation is either exported verbatim
/// or rejected with a reason, and the process lives.
@Suite(.timeLimit(.minutes(5)))
struct HostileResponseTests {
    enum Outcome: Equatable {
        /// The conversation is exported byte for byte, with no reject.
        case exported
        /// The conversation is one reject, with a reason.
        case rejected
        /// The conversation is exported and its message rejected, with a reason.
        case messageRejected
        /// Exported or rejected, as long as it is one of them.
        case either
    }

    struct Case: Sendable {
        var id: String
        var conversation: Data
        var bulk: Data
        var expected: Outcome
    }

    static func conversation(_ id: String, participants: String) -> Data {
        Data(#"{"id":"\#(id)","participants":\#(participants)}"#.utf8)
    }

    static func participants(_ id: String, extra: String = "") -> String {
        #"[{"id":"\#(id)-p1","purpose":"customer"\#(extra),"messages":[{"messageId":"\#(id)-m1"}]}]"#
    }

    static func bulk(_ id: String, text: String = "hello") -> Data {
        Data(#"{"entities":[{"id":"\#(id)-m1","timestamp":"2026-11-01T10:00:00.000Z","normalizedMessage":{"text":"\#(text)"}}]}"#.utf8)
    }

    static let cases: [Case] = {
        var invalidUTF8 = Data(#"{"entities":[{"id":"c-utf8-m1","normalizedMessage":{"text":"bad "#.utf8)
        invalidUTF8.append(contentsOf: [0xC3, 0x28, 0xFF, 0xFE])
        invalidUTF8.append(contentsOf: Data(#""}}]}"#.utf8))
        let deep = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
        return [
            Case(id: "c-html", conversation: Data("<html><body>502 Bad Gateway</body></html>".utf8), bulk: bulk("c-html"), expected: .rejected),
            Case(id: "c-empty", conversation: Data(), bulk: bulk("c-empty"), expected: .rejected),
            Case(id: "c-string", conversation: conversation("c-string", participants: #""not a list""#), bulk: bulk("c-string"), expected: .exported),
            Case(
                id: "c-numbers",
                conversation: conversation("c-numbers", participants: participants("c-numbers", extra: #","wrapupTimeoutMs":"60000","wrapupRequired":"no""#)),
                bulk: bulk("c-numbers"),
                expected: .exported
            ),
            Case(
                id: "c-nulls",
                conversation: conversation("c-nulls", participants: #"[{"id":"c-nulls-p1","purpose":"customer","messages":null,"divisions":null}]"#),
                bulk: bulk("c-nulls"),
                expected: .exported
            ),
            Case(
                id: "c-huge",
                conversation: conversation("c-huge", participants: participants("c-huge")),
                bulk: bulk("c-huge", text: String(repeating: "x", count: 5 << 20)),
                expected: .exported
            ),
            Case(id: "c-deep", conversation: conversation("c-deep", participants: participants("c-deep", extra: #","attributes":"# + deep)), bulk: bulk("c-deep"), expected: .either),
            Case(id: "c-utf8", conversation: conversation("c-utf8", participants: participants("c-utf8")), bulk: invalidUTF8, expected: .messageRejected),
        ]
    }()

    static func reply(_ request: ScriptedRequest) -> ScriptedResponse {
        if request.path == "/oauth/token" { return .token("hostile-token") }
        if request.path == "/api/v2/analytics/conversations/details" { return .json(#"{"conversations":[]}"#) }
        let parts = request.path.split(separator: "/").map(String.init)
        guard parts.count >= 5, let found = cases.first(where: { $0.id == parts[4] }) else {
            return .error(status: 404, code: "not.found", message: "no such thing")
        }
        let body = request.path.hasSuffix("/messages/bulk") ? found.bulk : found.conversation
        return ScriptedResponse(status: 200, headers: [("Content-Type", "application/json")], body: body)
    }

    @Test func everyHostileResponseIsExportedVerbatimOrRejectedWithAReason() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        try await ScriptedHTTPServer.withRunning(handler: { Self.reply($0) }) { server in
            var configuration = try GenesysClient.Configuration(
                apiBaseURL: server.baseURL,
                loginBaseURL: server.baseURL,
                clientID: "hostile",
                clientSecret: "hostile-secret"
            )
            configuration.requestsPerMinute = 100_000
            configuration.maxAttempts = 1
            let client = GenesysClient(configuration: configuration, logger: testLogger(), sleep: { _ in })
            defer { Task { try? await client.shutdown() } }
            var job = makeJob(folder.url, source: .conversationIDs(Self.cases.map(\.id)))
            job.fetch.cachedMedia = false
            let summary = try await runner(job, client).run()
            #expect(summary.status == .completeWithRejects)
            let (exported, rejected) = try await openDatabase(job).read { db in
                (
                    try Dictionary(
                        uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, raw_json FROM conversations").map {
                            ($0["id"] as String, $0["raw_json"] as String)
                        }
                    ),
                    try Dictionary(
                        Row.fetchAll(db, sql: "SELECT conversation_id, entity, reason FROM rejects").map {
                            ($0["conversation_id"] as String, ($0["entity"] as String, $0["reason"] as String))
                        },
                        uniquingKeysWith: { first, _ in first }
                    )
                )
            }
            for found in Self.cases {
                let verbatim = exported[found.id] == String(decoding: found.conversation, as: UTF8.self)
                let reject = rejected[found.id]
                switch found.expected {
                case .exported:
                    #expect(verbatim && reject == nil, "\(found.id): \(reject?.1 ?? "no reject")")
                case .rejected:
                    #expect(exported[found.id] == nil && reject?.0 == "conversation" && reject?.1.isEmpty == false, "\(found.id)")
                case .messageRejected:
                    #expect(verbatim && reject?.0 == "message" && reject?.1.isEmpty == false, "\(found.id)")
                case .either:
                    #expect(verbatim != (reject?.0 == "conversation"), "\(found.id): \(reject?.1 ?? "no reject")")
                }
            }
            let huge = try await openDatabase(job).read { db in
                try Int.fetchOne(db, sql: "SELECT length(text) FROM messages WHERE id = 'c-huge-m1'")
            }
            #expect(huge == 5 << 20)
        }
    }
}
