import ExportPipeline
import Foundation
import GRDB
import GenesysClient
import GenesysModels
import GenesysSimulator
import Testing
import TestSupport

/// The request plan, counted by route on the simulator: a conversation costs the conversation (12) and ⌈m/1000⌉
/// bulk calls (18); enumeration costs its analytics pages (34) or multi-gets (40, 100 ids each); nothing else.
@Suite(.timeLimit(.minutes(5)))
struct RequestPlanTests {
    /// One agent, a transfer between two agents, a bot-only conversation, an empty one, a 2,345-message one and an
    /// open one, in the first hours of the simulator's window.
    static let scripts: [ScriptedConversation] = {
        let start = SimulatorConfiguration().start.addingTimeInterval(3_600)
        func at(_ hours: Double) -> Date { start.addingTimeInterval(hours * 3_600) }
        return [
            ScriptedConversation(start: at(0), participants: [.init(purpose: "customer"), .init(purpose: "agent", wrapupCode: 0)], messages: 6),
            ScriptedConversation(
                start: at(1),
                participants: [.init(purpose: "customer"), .init(purpose: "agent", wrapupCode: 1), .init(purpose: "agent", wrapupCode: 2)],
                messages: 8
            ),
            ScriptedConversation(start: at(2), participants: [.init(purpose: "customer"), .init(purpose: "workflow")], messages: 4),
            ScriptedConversation(start: at(3), participants: [.init(purpose: "customer"), .init(purpose: "agent")], messages: 0),
            ScriptedConversation(start: at(4), participants: [.init(purpose: "customer"), .init(purpose: "agent", wrapupCode: 3)], messages: 2_345),
            ScriptedConversation(
                start: at(5),
                participants: [.init(purpose: "customer"), .init(purpose: "agent")],
                messages: 3,
                isOpen: true
            ),
        ]
    }()

    /// Bulk calls the scripted org needs: ⌈m/1000⌉ for each conversation with messages.
    static let bulkCalls = 1 + 1 + 1 + 0 + 3 + 1

    enum Kind: String, CaseIterable, Sendable {
        case interval, since, conversationIDs, active
    }

    @Test(arguments: Kind.allCases)
    func eachSourceKindCostsTheConversationAndItsBulkCallsOnly(kind: Kind) async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let configuration = SimulatorConfiguration(conversations: 0, rateLimitPerMinute: 0)
        try await withSimulator(configuration) { sim in
            var conversations: [SimConversation] = []
            for script in Self.scripts { conversations.append(await sim.store.add(script)) }
            let ids = conversations.map(\.id)
            let source: JobSpec.Source
            var expectedEnumeration: [String: Int]
            var exported = conversations
            switch kind {
            case .interval:
                source = orgInterval(configuration)
                expectedEnumeration = ["POST /api/v2/analytics/conversations/details/query": 1]
            case .since:
                source = .since(start: configuration.start, lookback: .seconds(3_600), settleDelay: .seconds(0))
                expectedEnumeration = ["POST /api/v2/analytics/conversations/details/query": 1]
            case .conversationIDs:
                source = .conversationIDs(ids)
                expectedEnumeration = ["GET /api/v2/analytics/conversations/details": 1]
            case .active:
                source = .active
                exported = conversations.filter { $0.end == nil }
                expectedEnumeration = ["GET /api/v2/conversations/messages": 1, "GET /api/v2/analytics/conversations/details": 1]
            }
            try await withClient(sim) { client in
                var job = simulatorJob(folder.url, source: source)
                job.fetch.cachedMedia = false
                let now = configuration.end.addingTimeInterval(86_400)  // 31 days after the start: one window
                let summary = try await runner(job, client, now: now).run()
                #expect(summary.status == .complete)
                #expect(summary.conversations == exported.count)

                let stats = await sim.stats()
                var expected = expectedEnumeration
                expected["GET /api/v2/conversations/messages/{conversationId}"] = exported.count
                let bulk = exported.reduce(0) { $0 + ($1.messageCount + 999) / 1000 }
                expected["POST /api/v2/conversations/messages/{conversationId}/messages/bulk"] = bulk
                let apiRoutes = stats.routes.filter { $0.key.contains("/api/v2/") && !$0.key.contains("oauth") }
                #expect(apiRoutes.mapValues(\.requests) == expected)
                let total = apiRoutes.values.reduce(0) { $0 + $1.requests }
                // The floor N + Σ⌈m/1000⌉ + ⌈N/100⌉, plus the active listing (1) for `active`.
                let floor = exported.count + bulk + (exported.count + 99) / 100 + (kind == .active ? 1 : 0)
                #expect(Double(total) <= 1.15 * Double(floor))
                if kind != .active { #expect(bulk == Self.bulkCalls) }

                let rows = try await wrapupRows(job)
                #expect(rows == Self.expectedWrapups(exported))
            }
        }
    }

    /// The wrap-ups as the simulator holds them: one per agent with a wrap-up, on the agent's communication.
    static func expectedWrapups(_ conversations: [SimConversation]) -> [WrapupFacts] {
        conversations.flatMap { conversation in
            conversation.participants.compactMap { participant -> WrapupFacts? in
                guard participant.purpose == "agent", let wrapup = participant.wrapup else { return nil }
                return WrapupFacts(
                    conversationID: conversation.id,
                    participantID: participant.id,
                    communicationID: participant.communicationID,
                    code: wrapup.code,
                    name: wrapup.name,
                    notes: wrapup.notes,
                    tags: "[\"scripted\"]",
                    durationSeconds: wrapup.durationSeconds,
                    endTime: GenesysDate.format(wrapup.endTime)
                )
            }
        }.sorted()
    }

    func wrapupRows(_ job: JobSpec) async throws -> [WrapupFacts] {
        try await openDatabase(job).read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM wrapups").map { row in
                WrapupFacts(
                    conversationID: row["conversation_id"],
                    participantID: row["participant_id"],
                    communicationID: row["communication_id"],
                    code: row["code"],
                    name: row["name"],
                    notes: row["notes"],
                    tags: row["tags"],
                    durationSeconds: row["duration_seconds"],
                    endTime: row["end_time"]
                )
            }.sorted()
        }
    }
}

/// The columns of one `wrapups` row that carry facts.
struct WrapupFacts: Equatable, Comparable, Sendable {
    var conversationID: String
    var participantID: String
    var communicationID: String
    var code: String?
    var name: String?
    var notes: String?
    var tags: String?
    var durationSeconds: Int?
    var endTime: String?

    static func < (lhs: WrapupFacts, rhs: WrapupFacts) -> Bool {
        (lhs.conversationID, lhs.participantID) < (rhs.conversationID, rhs.participantID)
    }
}
