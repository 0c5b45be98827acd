import Foundation
import GenesysModels
import GenesysSimulator
import HTTPTypes
import HummingbirdTesting
import Testing

struct SmokeTests {
    @Test func conversationSnapshotIsServed() async throws {
        let harness = RouterHarness()
        let first = try #require(harness.store.org.conversations.first)
        try await harness.run { client, token in
            let response = try await client.api(.get, "/api/v2/conversations/messages/\(first.id)", token: token)
            #expect(response.status == .ok)
            let conversation = try response.decode(MessageConversation.self)
            #expect(conversation.id == first.id)
            print(String(decoding: response.data.prefix(3000), as: UTF8.self))
        }
    }
}
