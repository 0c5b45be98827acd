import Foundation
import GenesysClient
import GenesysModels
import TestSupport
import Testing

struct TokenRenewalTests {
    @Test(.timeLimit(.minutes(5)))
    func aTokenThatRunsOutDuringRetriesIsRenewedAgain() async throws {
        let issued = Counter()
        let calls = Counter()
        try await withClient { request in
            if request.path == "/oauth/token" {
                return .token("token-\(issued.increment())")
            }
            // 1: the first token was revoked; 2: a 503 makes the request wait; 3: meanwhile the second token ran out.
            switch calls.increment() {
            case 1, 3: return .error(status: 401, code: "authentication.required", message: "expired")
            case 2: return ScriptedResponse(status: 503)
            default: return .json(#"{"id":"c1"}"#)
            }
        } body: { client, server in
            let conversation = try await client.send(.messageConversation(id: "c1")).value
            #expect(conversation.id == "c1")
            #expect(server.requests(to: "/oauth/token").count == 3)
            let authorizations = server.requests(to: "/api/v2/conversations/messages/c1").map { $0.header("authorization") }
            #expect(authorizations == ["Bearer token-1", "Bearer token-2", "Bearer token-2", "Bearer token-3"])
        }
    }
}
