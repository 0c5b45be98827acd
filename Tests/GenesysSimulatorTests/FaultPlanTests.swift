import Foundation
import GenesysModels
import GenesysSimulator
import HTTPTypes
import HummingbirdTesting
import Logging
import TestSupport
import Testing

/// Injected faults (the rate limit itself is in `RateLimitTests`).
struct FaultPlanTests {
    @Test func injected429sAnd5xxsFollowTheirRates() async throws {
        let harness429 = RouterHarness(
            SimulatorConfiguration(conversations: 3, faults: FaultPlan(rate429: 1, retryAfterSeconds: 3))
        )
        let id = harness429.store.org.conversations[0].id
        try await harness429.run { client, token in
            let response = try await client.api(.get, "/api/v2/conversations/messages/\(id)", token: token)
            #expect(response.status == .tooManyRequests)
            #expect(response.headers[.retryAfter] == "3")
        }
        let harness5xx = RouterHarness(SimulatorConfiguration(conversations: 3, faults: FaultPlan(rate5xx: 1)))
        try await harness5xx.run { client, token in
            for _ in 0..<5 {
                let response = try await client.api(.get, "/api/v2/conversations/messages/\(id)", token: token)
                #expect([500, 502, 503].contains(response.status.code))
                #expect(try response.errorBody().status == response.status.code)
            }
        }
        #expect(await harness5xx.store.snapshot().injected5xx == 5)
    }

    @Test func theSameFaultSeedGivesTheSameFaultSequence() async throws {
        func statuses() async throws -> [Int] {
            let harness = RouterHarness(
                SimulatorConfiguration(conversations: 2, faults: FaultPlan(rate429: 0.3, rate5xx: 0.3, seed: 99))
            )
            let id = harness.store.org.conversations[0].id
            return try await harness.run { client, token in
                var result: [Int] = []
                for _ in 0..<30 {
                    result.append(
                        Int(
                            try await client.api(.get, "/api/v2/conversations/messages/\(id)", token: token).status.code
                        )
                    )
                }
                return result
            }
        }
        let first = try await statuses()
        #expect(first == (try await statuses()))
        #expect(first.contains(200))
        #expect(first.contains(429))
        #expect(first.contains { $0 >= 500 })
    }

    @Test func malformedConversationsReturnTruncatedJSON() async throws {
        let probe = SyntheticOrg(configuration: SimulatorConfiguration(conversations: 3))
        let id = probe.conversations[0].id
        let messageID = probe.messageID(conversation: 0, message: 0)
        let harness = RouterHarness(
            SimulatorConfiguration(conversations: 3, faults: FaultPlan(malformedConversationIDs: [id]))
        )
        try await harness.run { client, token in
            let snapshot = try await client.api(.get, "/api/v2/conversations/messages/\(id)", token: token)
            #expect(snapshot.status == .ok)
            #expect((try? JSONSerialization.jsonObject(with: snapshot.data)) == nil)
            let bulk = try await client.api(
                .post,
                "/api/v2/conversations/messages/\(id)/messages/bulk",
                token: token,
                json: [messageID]
            )
            #expect((try? JSONSerialization.jsonObject(with: bulk.data)) == nil)
            let other = try await client.api(
                .get,
                "/api/v2/conversations/messages/\(probe.conversations[1].id)",
                token: token
            )
            #expect((try? JSONSerialization.jsonObject(with: other.data)) != nil)
        }
    }

    @Test func bulkCanReturnOneMessageWithoutItsID() async throws {
        let probe = SyntheticOrg(configuration: SimulatorConfiguration(conversations: 3))
        let conversation = probe.conversations[0]
        let ids = (0..<min(3, conversation.seededMessages)).map { probe.messageID(conversation: 0, message: $0) }
        let harness = RouterHarness(
            SimulatorConfiguration(conversations: 3, faults: FaultPlan(bulkMissingIDConversationIDs: [conversation.id]))
        )
        try await harness.run { client, token in
            let bulk = try await client.api(
                .post,
                "/api/v2/conversations/messages/\(conversation.id)/messages/bulk",
                token: token,
                json: ids
            )
            let entities = try #require(try bulk.decode(TextMessageListing.self).entities)
            #expect(entities.count == ids.count)
            #expect(entities[0].id == nil)
            #expect(entities.dropFirst().allSatisfy { $0.id != nil })
        }
    }

    @Test(.timeLimit(.minutes(5))) func connectionResetsCloseTheConnectionWithoutAResponse() async throws {
        let configuration = SimulatorConfiguration(conversations: 2, faults: FaultPlan(rateReset: 1))
        let store = SimulatorStore(configuration: configuration)
        let app = GenesysSimulator.makeApplication(
            store: store,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let id = store.org.conversations[0].id
        try await app.test(.live) { client in
            let token = try await RouterHarness.token(client, id: "sim-client", secret: "sim-secret")
            await #expect(throws: (any Error).self) {
                _ = try await client.api(.get, "/api/v2/conversations/messages/\(id)", token: token)
            }
        }
        let stats = await store.snapshot()
        #expect(stats.injectedResets == 1)
        #expect(stats.statuses["reset"] == 1)
    }
}
