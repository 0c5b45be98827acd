import Foundation
import GenesysClient
import GenesysModels
import GenesysSimulator
import Logging
import TestSupport
import Testing

/// Our own `GenesysClient` against the simulator over real loopback HTTP.
struct ClientLoopbackTests {
    static let logger = Logger(label: "test.client", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Runs `body` with a client for the simulator (a budget that never binds) and shuts the client down however
    /// `body` ends (a test cut off by its time limit must not leave a live HTTP client).
    static func withClient(
        _ sim: RunningSimulator,
        maxAttempts: Int = 5,
        tokenRefreshMargin: Duration = .seconds(300),
        secret: String = "sim-secret",
        sleep: @escaping @Sendable (Duration) async throws -> Void = { _ in },
        now: (@Sendable () -> Duration)? = nil,
        _ body: (GenesysClient) async throws -> Void
    ) async throws {
        var configuration = try GenesysClient.Configuration(
            apiBaseURL: sim.baseURL,
            loginBaseURL: sim.baseURL,
            clientID: "sim-client",
            clientSecret: secret
        )
        configuration.maxAttempts = maxAttempts
        configuration.tokenRefreshMargin = tokenRefreshMargin
        configuration.requestsPerMinute = 100_000
        let client = GenesysClient(configuration: configuration, logger: logger, sleep: sleep, now: now)
        do {
            try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// Fetches every message of `conversation` the way an export does; returns the message count.
    static func export(_ client: GenesysClient, _ conversation: SimConversation) async throws -> Int {
        let snapshot = try await client.send(.messageConversation(id: conversation.id)).value
        let ids = (snapshot.participants ?? []).flatMap { ($0.messages ?? []).compactMap(\.messageID) }
        let bulk = try await client.messages(ids: ids, inConversation: conversation.id)
        #expect(bulk.missingIDs.isEmpty)
        #expect(bulk.undecodable.isEmpty)
        return bulk.values.count
    }

    @Test(.timeLimit(.minutes(5))) func clientExportsEveryMessageOfASmallOrg() async throws {
        try await withSimulator(SimulatorConfiguration(conversations: 15)) { sim in
            try await Self.withClient(sim) { client in
                let conversations = await sim.store.allConversations()
                var total = 0
                for conversation in conversations {
                    total += try await Self.export(client, conversation)
                }
                #expect(total == conversations.reduce(0) { $0 + $1.seededMessages })
                let generic = try await client.send(.conversation(id: conversations[0].id)).value
                #expect(generic.participants?.count == conversations[0].participants.count)
                let stats = await sim.stats()
                #expect(stats.tokensIssued == 1)
                #expect(stats.count("GET /api/v2/conversations/messages/{conversationId}") == conversations.count)
                #expect(stats.bulkIDsReturned == total)
            }
        }
    }

    @Test(.timeLimit(.minutes(5))) func clientSurvivesInjected429s5xxsAndResets() async throws {
        let faults = FaultPlan(rate429: 0.15, rate5xx: 0.1, rateReset: 0.05, seed: 3)
        try await withSimulator(SimulatorConfiguration(conversations: 12, faults: faults)) { sim in
            try await Self.withClient(sim, maxAttempts: 12) { client in
                let conversations = await sim.store.allConversations()
                var total = 0
                for conversation in conversations {
                    total += try await Self.export(client, conversation)
                }
                #expect(total == conversations.reduce(0) { $0 + $1.seededMessages })
                let stats = await sim.stats()
                #expect(stats.injected429 + stats.injected5xx + stats.injectedResets > 0)
                #expect(client.statistics.retries == stats.injected429 + stats.injected5xx + stats.injectedResets)
            }
        }
    }

    @Test(.timeLimit(.minutes(5))) func clientRenewsAFiveSecondToken() async throws {
        let clock = ManualSimulatorClock()
        let configuration = SimulatorConfiguration(
            conversations: 3,
            tokenLifetime: .seconds(5),
            clock: clock.simulatorClock
        )
        try await withSimulator(configuration) { sim in
            // The client's own clock stands still, so only the simulator sees the token expire: the client learns
            // it from the 401, however long the machine takes between the two requests.
            try await Self.withClient(sim, tokenRefreshMargin: .zero, now: { .zero }) { client in
                let id = await sim.store.allConversations()[0].id
                _ = try await client.send(.messageConversation(id: id)).value
                clock.advance(by: 6)
                _ = try await client.send(.messageConversation(id: id)).value
                let stats = await sim.stats()
                #expect(stats.tokensIssued == 2)
                #expect(stats.unauthorized == 1)
            }
        }
    }

    @Test(.timeLimit(.minutes(5))) func clientPacesItselfByTheRateLimitHeaders() async throws {
        let clock = ManualSimulatorClock()
        let configuration = SimulatorConfiguration(conversations: 3, rateLimitPerMinute: 3, clock: clock.simulatorClock)
        try await withSimulator(configuration) { sim in
            try await Self.withClient(sim, sleep: { clock.advance(by: $0.timeInterval) }) { client in
                let id = await sim.store.allConversations()[0].id
                let started = clock.now
                for _ in 0..<6 {
                    _ = try await client.send(.messageConversation(id: id)).value
                }
                let stats = await sim.stats()
                // Each token may make 3 requests per fixed 60 s window: the client must have waited for the
                // window's end the inin-ratelimit-* headers announced instead of running into 429s.
                #expect(stats.rateLimited == 0)
                #expect(stats.count("GET /api/v2/conversations/messages/{conversationId}", status: 200) == 6)
                #expect(clock.now.timeIntervalSince(started) >= 20)
            }
        }
    }

    @Test(.timeLimit(.minutes(5))) func clientReportsBadCredentialsAndMalformedBodies() async throws {
        let probe = SyntheticOrg(configuration: SimulatorConfiguration(conversations: 2))
        let broken = probe.conversations[0].id
        let configuration = SimulatorConfiguration(
            conversations: 2,
            faults: FaultPlan(malformedConversationIDs: [broken])
        )
        try await withSimulator(configuration) { sim in
            try await Self.withClient(sim, secret: "wrong") { wrong in
                await #expect {
                    _ = try await wrong.send(.messageConversation(id: broken)).value
                } throws: { error in
                    (error as? GenesysAPIError)?.kind == .unauthorized
                }
            }
            try await Self.withClient(sim) { client in
                await #expect {
                    _ = try await client.send(.messageConversation(id: broken)).value
                } throws: { error in
                    (error as? GenesysAPIError)?.kind == .decoding
                }
                await #expect {
                    _ = try await client.send(.messageConversation(id: "missing")).value
                } throws: { error in
                    (error as? GenesysAPIError)?.kind == .notFound
                }
            }
        }
    }
}
