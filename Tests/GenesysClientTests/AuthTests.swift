import Foundation
import GenesysClient
import GenesysModels
import Synchronization
import TestSupport
import Testing

struct AuthTests {
    @Test(.timeLimit(.minutes(5)))
    func fiftyConcurrentCallsShareOneTokenRequest() async throws {
        try await withClient { request in
            if request.path == "/oauth/token" {
                return .token(Secrets.firstToken)
            }
            guard isAuthorized(request, with: Secrets.firstToken) else {
                return .error(status: 401, code: "bad", message: "x")
            }
            return .json(#"{"id":"c1"}"#)
        } body: { client, server in
            try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<50 {
                    group.addTask { try await client.send(.messageConversation(id: "c1")).value.id }
                }
                for try await id in group {
                    #expect(id == "c1")
                }
            }
            let tokenRequests = server.requests(to: "/oauth/token")
            #expect(tokenRequests.count == 1)
            #expect(client.statistics.tokenRequests == 1)
            // Every attempt is counted; on a loaded machine a connection may time out and be retried.
            #expect(client.statistics.requests == 50 + client.statistics.retries)
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func tokenRequestUsesBasicAuthAndClientCredentialsForm() async throws {
        try await withClient { request in
            request.path == "/oauth/token" ? .token(Secrets.firstToken) : .json("{}")
        } body: { client, server in
            _ = try await client.send(.messageConversation(id: "c1")).value
            let tokenRequest = try #require(server.requests(to: "/oauth/token").first)
            #expect(tokenRequest.method == "POST")
            #expect(tokenRequest.text == "grant_type=client_credentials")
            #expect(tokenRequest.header("content-type") == "application/x-www-form-urlencoded")
            let expected = Data("\(Secrets.clientID):\(Secrets.clientSecret)".utf8).base64EncodedString()
            #expect(tokenRequest.header("authorization") == "Basic \(expected)")
            let apiRequest = try #require(server.requests(to: "/api/v2/conversations/messages/c1").first)
            #expect(apiRequest.header("authorization") == "Bearer \(Secrets.firstToken)")
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func rejectedTokenIsRefreshedOnceAndTheRequestRepeated() async throws {
        let issued = Counter()
        try await withClient { request in
            if request.path == "/oauth/token" {
                let count = issued.increment()
                return .token(count == 1 ? Secrets.firstToken : Secrets.secondToken)
            }
            // The first token was revoked server-side.
            guard isAuthorized(request, with: Secrets.secondToken) else {
                return .error(status: 401, code: "authentication.required", message: "token revoked")
            }
            return .json(#"{"id":"c1"}"#)
        } body: { client, server in
            let conversation = try await client.send(.messageConversation(id: "c1")).value
            #expect(conversation.id == "c1")
            #expect(server.requests(to: "/oauth/token").count == 2)
            let apiRequests = server.requests(to: "/api/v2/conversations/messages/c1")
            #expect(
                apiRequests.map { $0.header("authorization") ?? "" } == [
                    "Bearer \(Secrets.firstToken)", "Bearer \(Secrets.secondToken)",
                ]
            )
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func secondUnauthorizedResponseFailsWithoutLooping() async throws {
        try await withClient { request in
            if request.path == "/oauth/token" { return .token(Secrets.firstToken) }
            return .error(status: 401, code: "authentication.required", message: "no")
        } body: { client, server in
            do {
                _ = try await client.send(.messageConversation(id: "c1")).value
                Issue.record("expected an unauthorized error")
            } catch let error as GenesysAPIError {
                #expect(error.kind == .unauthorized)
                #expect(error.status == 401)
                #expect(error.operation == "GET /api/v2/conversations/messages/{conversationId}")
            }
            #expect(server.requests(to: "/api/v2/conversations/messages/c1").count == 2)
            #expect(server.requests(to: "/oauth/token").count == 2)
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func tokenIsReplacedBeforeExpiresInRunsOut() async throws {
        let clock = FakeClock()
        let issued = Counter()
        try await withClient(clock: clock) { request in
            if request.path == "/oauth/token" {
                let count = issued.increment()
                return .token(count == 1 ? Secrets.firstToken : Secrets.secondToken, expiresIn: 3600)
            }
            return .json("{}")
        } body: { client, server in
            _ = try await client.send(.messageConversation(id: "c1")).value
            clock.advance(by: .seconds(3000))  // 10 minutes left: still outside the 5-minute margin
            _ = try await client.send(.messageConversation(id: "c1")).value
            #expect(server.requests(to: "/oauth/token").count == 1)
            clock.advance(by: .seconds(400))  // 200 s left: inside the margin
            _ = try await client.send(.messageConversation(id: "c1")).value
            #expect(server.requests(to: "/oauth/token").count == 2)
            let last = try #require(server.requests(to: "/api/v2/conversations/messages/c1").last)
            #expect(isAuthorized(last, with: Secrets.secondToken))
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func refusedCredentialsFailAsUnauthorizedWithoutTheSecret() async throws {
        try await withClient { request in
            .json(
                #"{"error":"unauthorized_client","description":"client not found","error_description":"client not found"}"#,
                status: 400
            )
        } body: { client, _ in
            do {
                _ = try await client.send(.messageConversation(id: "c1")).value
                Issue.record("expected an error")
            } catch let error as GenesysAPIError {
                #expect(error.kind == .unauthorized)
                #expect(error.operation == "POST /oauth/token")
                #expect(error.code == "unauthorized_client")
                #expect(!error.description.contains(Secrets.clientSecret))
                #expect(!error.description.contains(Secrets.clientID + ":"))
            }
        }
    }
}
