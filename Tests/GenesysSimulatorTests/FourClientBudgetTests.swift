import Foundation
import GenesysSimulator
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// Four OAuth clients, as four shards use them: each gets its own token and its own fixed-window budget, so one
/// client spending its budget leaves the other three untouched.
struct FourClientBudgetTests {
    static let shards = (0..<4).map { ClientCredential(id: "shard-\($0)", secret: "shard-secret-\($0)") }

    @Test func fourClientsSpendFourSeparateBudgets() async throws {
        let harness = RouterHarness(
            SimulatorConfiguration(
                conversations: 3,
                clients: Self.shards,
                rateLimitPerMinute: 3,
                clock: ManualSimulatorClock().simulatorClock
            )
        )
        let path = "/api/v2/conversations/messages/\(harness.store.org.conversations[0].id)"
        try await harness.run { client, _ in
            for credential in Self.shards {
                let token = try await RouterHarness.token(client, id: credential.id, secret: credential.secret)
                var statuses: [Int] = []
                var counts: [String?] = []
                for _ in 0..<4 {
                    let response = try await client.api(.get, path, token: token)
                    statuses.append(response.status.code)
                    counts.append(response.rateLimitHeaders[0])
                }
                // Every client starts a window of its own at 1 and is refused only at its own 4th request.
                #expect(statuses == [200, 200, 200, 429], "\(credential)")
                #expect(counts == ["1", "2", "3", "4"], "\(credential)")
            }
        }
        let stats = await harness.store.snapshot()
        #expect(stats.tokensIssuedByClient == ["sim-client": 1, "shard-0": 1, "shard-1": 1, "shard-2": 1, "shard-3": 1])
        #expect(stats.rateLimited == 4)
    }
}
