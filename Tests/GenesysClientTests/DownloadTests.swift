import Foundation
import GenesysClient
import TestSupport
import Testing

struct DownloadTests {
    @Test(.timeLimit(.minutes(5)))
    func mediaOnTheAPIHostGetsTheTokenAndStorageURLsDoNot() async throws {
        let bytes = Data((0..<2048).map { UInt8($0 % 251) })
        try await withClient { request in
            if request.path == "/oauth/token" { return .token(Secrets.firstToken) }
            if request.path.hasPrefix("/media/") { return ScriptedResponse(status: 200, body: bytes) }
            return .error(status: 404, code: "not.found", message: "no")
        } body: { client, server in
            let onAPIHost = try #require(URL(string: server.baseURL.absoluteString + "/media/a.png"))
            #expect(try await client.downloadMedia(from: onAPIHost) == bytes)
            let apiRequest = try #require(server.requests(to: "/media/a.png").first)
            #expect(apiRequest.header("authorization") == "Bearer \(Secrets.firstToken)")

            // The same server reached through another host name stands for a pre-signed storage URL.
            let port = try #require(server.baseURL.port)
            let storage = try #require(URL(string: "http://localhost:\(port)/media/b.png?X-Amz-Signature=abc"))
            #expect(try await client.downloadMedia(from: storage) == bytes)
            let storageRequest = try #require(server.requests(to: "/media/b.png").first)
            #expect(storageRequest.header("authorization") == nil)
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func serverErrorsAreRetriedAndA404NamesTheHostNotTheSignedQuery() async throws {
        let failures = ResponseQueue([
            ScriptedResponse(status: 503), ScriptedResponse(status: 200, body: Data("ok".utf8)),
        ])
        try await withClient { request in
            if request.path == "/oauth/token" { return .token(Secrets.firstToken) }
            if request.path == "/media/flaky" { return failures.next() }
            return ScriptedResponse(status: 404)
        } body: { client, server in
            let flaky = try #require(URL(string: server.baseURL.absoluteString + "/media/flaky"))
            #expect(try await client.downloadMedia(from: flaky) == Data("ok".utf8))
            #expect(failures.served == 2)

            let missing = try #require(URL(string: server.baseURL.absoluteString + "/media/gone?sig=SECRETSIG"))
            let error = await #expect(throws: GenesysAPIError.self) { try await client.downloadMedia(from: missing) }
            #expect(error?.status == 404)
            #expect(error.map { "\($0)".contains("SECRETSIG") } == false)
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func downloadsReadRetryAfterDatesOnTheInjectedClocksAndCountInTheStatistics() async throws {
        let clock = FakeClock()
        let now = try #require(RetryAfter.httpDate("Wed, 25 Nov 2026 23:00:00 GMT"))
        let date = RetryAfter.formatHTTPDate(now.addingTimeInterval(20))
        let replies = ResponseQueue([
            ScriptedResponse(status: 429, headers: [("Retry-After", date)]),
            ScriptedResponse(status: 200, body: Data("ok".utf8)),
        ])
        try await withClient(clock: clock, wallClock: { now }) { request in
            request.path == "/oauth/token" ? .token(Secrets.firstToken) : replies.next()
        } body: { client, server in
            let port = try #require(server.baseURL.port)
            let storage = try #require(URL(string: "http://localhost:\(port)/media/c.png?sig=abc"))
            #expect(try await client.downloadMedia(from: storage) == Data("ok".utf8))
            #expect(clock.sleeps == [.seconds(20)])
            #expect(client.statistics.requests == 2)
            #expect(client.statistics.retries == 1)
            #expect(client.statistics.rateLimited == 1)
            #expect(client.statistics.waited == .seconds(20))
            #expect(client.statistics.tokenRequests == 0)
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func aDownloadFromTheAPIHostRenewsARejectedToken() async throws {
        let issued = Counter()
        try await withClient { request in
            if request.path == "/oauth/token" {
                return .token(issued.increment() == 1 ? Secrets.firstToken : Secrets.secondToken)
            }
            return isAuthorized(request, with: Secrets.secondToken)
                ? ScriptedResponse(status: 200, body: Data("img".utf8))
                : .error(status: 401, code: "authentication.required", message: "revoked")
        } body: { client, server in
            let url = try #require(URL(string: server.baseURL.absoluteString + "/media/d.png"))
            #expect(try await client.downloadMedia(from: url) == Data("img".utf8))
            let authorizations = server.requests(to: "/media/d.png").map { $0.header("authorization") }
            #expect(authorizations == ["Bearer \(Secrets.firstToken)", "Bearer \(Secrets.secondToken)"])
        }
    }

    @Test func plainHTTPToANonLoopbackHostIsRefused() async throws {
        try await withClient { _ in .token(Secrets.firstToken) } body: { client, _ in
            let url = try #require(URL(string: "http://media.example.com/a.png"))
            let error = await #expect(throws: GenesysAPIError.self) { try await client.downloadMedia(from: url) }
            #expect(error?.kind == .configuration)
        }
    }
}
