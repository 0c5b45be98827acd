import Foundation
import GenesysClient
import GenesysModels
import Logging
import Synchronization
import TestSupport
import Testing

struct RetryTests {
    private static func tokenOr(
        _ api: @escaping @Sendable (ScriptedRequest) -> ScriptedResponse
    ) -> ScriptedHTTPServer.Handler {
        { request in request.path == "/oauth/token" ? .token(Secrets.firstToken) : api(request) }
    }

    @Test(.timeLimit(.minutes(5)))
    func tooManyRequestsHonoursRetryAfterSeconds() async throws {
        let clock = FakeClock()
        let replies = ResponseQueue([
            .error(status: 429, code: "too.many.requests", message: "slow down", headers: [("Retry-After", "7")]),
            .json(#"{"id":"c1"}"#),
        ])
        try await withClient(clock: clock, handler: Self.tokenOr { _ in replies.next() }) { client, server in
            let conversation = try await client.send(.messageConversation(id: "c1")).value
            #expect(conversation.id == "c1")
            #expect(clock.sleeps.contains(.seconds(7)))
            #expect(client.statistics.rateLimited == 1)
            #expect(client.statistics.retries == 1)
            #expect(server.requests(to: "/api/v2/conversations/messages/c1").count == 2)
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func tooManyRequestsHonoursRetryAfterHTTPDate() async throws {
        let clock = FakeClock()
        // The client reads the date against an injected wall clock, so the wait is exact.
        let now = try #require(RetryAfter.httpDate("Wed, 25 Nov 2026 23:00:00 GMT"))
        let date = RetryAfter.formatHTTPDate(now.addingTimeInterval(20))
        let replies = ResponseQueue([
            .error(status: 429, code: "too.many.requests", message: "slow down", headers: [("Retry-After", date)]),
            .json(#"{"id":"c1"}"#),
        ])
        try await withClient(clock: clock, wallClock: { now }, handler: Self.tokenOr { _ in replies.next() }) {
            client,
            _ in
            _ = try await client.send(.messageConversation(id: "c1")).value
            #expect(clock.sleeps == [.seconds(20)])
        }
    }

    @Test func retryAfterParsesSecondsAndAllHTTPDateForms() throws {
        let now = try #require(RetryAfter.httpDate("Sun, 06 Nov 1994 08:49:37 GMT"))
        #expect(RetryAfter.parse("3", now: now) == .seconds(3))
        #expect(RetryAfter.parse("0.5", now: now) == .milliseconds(500))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:50:07 GMT", now: now) == .seconds(30))
        #expect(RetryAfter.parse("Sunday, 06-Nov-94 08:50:07 GMT", now: now) == .seconds(30))
        #expect(RetryAfter.parse("Sun Nov  6 08:50:07 1994", now: now) == .seconds(30))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == .zero)
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse("-1", now: now) == nil)
    }

    @Test(.timeLimit(.minutes(5)))
    func tooManyRequestsFallsBackToRateLimitReset() async throws {
        let clock = FakeClock()
        let replies = ResponseQueue([
            .error(status: 429, code: "too.many.requests", message: "x", headers: [("inin-ratelimit-reset", "11")]),
            .json("{}"),
        ])
        try await withClient(clock: clock, handler: Self.tokenOr { _ in replies.next() }) { client, _ in
            _ = try await client.send(.messageConversation(id: "c1")).value
            #expect(clock.sleeps.contains(.seconds(11)))
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func serverErrorsBackOffExponentiallyUpToMaxAttempts() async throws {
        let clock = FakeClock()
        try await withClient(
            clock: clock,
            configure: { $0.maxAttempts = 4 },
            handler: Self.tokenOr { _ in .error(status: 502, code: "bad.gateway", message: "upstream") }
        ) { client, server in
            do {
                _ = try await client.send(.messageConversation(id: "c1")).value
                Issue.record("expected a server error")
            } catch let error as GenesysAPIError {
                #expect(error.kind == .server)
                #expect(error.status == 502)
                #expect(error.attempts == 4)
                #expect(error.code == "bad.gateway")
                #expect(error.isRetryable)
            }
            #expect(server.requests(to: "/api/v2/conversations/messages/c1").count == 4)
            // jitter returns the bound: 0.5 s, 1 s, 2 s.
            #expect(clock.sleeps == [.milliseconds(500), .seconds(1), .seconds(2)])
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func postIsNotRepeatedAfterAnAmbiguousServerError() async throws {
        try await withClient(handler: Self.tokenOr { _ in .error(status: 500, code: "internal", message: "x") }) {
            client,
            server in
            let message = AdditionalMessage(textBody: "hello")
            await #expect(throws: GenesysAPIError.self) {
                _ = try await client.send(.sendMessage(message, conversationID: "c1", communicationID: "m1")).value
            }
            #expect(server.requests.filter { $0.method == "POST" && $0.path != "/oauth/token" }.count == 1)
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func postIsRetriedWhenTheServerRefusedIt() async throws {
        let replies = ResponseQueue([
            .error(status: 503, code: "service.unavailable", message: "x", headers: [("Retry-After", "1")]),
            .error(status: 429, code: "too.many.requests", message: "x", headers: [("Retry-After", "1")]),
            .json(#"{"id":"m-new"}"#),
        ])
        try await withClient(handler: Self.tokenOr { _ in replies.next() }) { client, _ in
            let sent = try await client.send(.sendMessage(
                AdditionalMessage(textBody: "hi"),
                conversationID: "c1",
                communicationID: "m1"
            )).value
            #expect(sent.id == "m-new")
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func bulkFetchIsRetriedLikeARead() async throws {
        let replies = ResponseQueue([
            .error(status: 500, code: "internal", message: "x"),
            .json(#"{"entities":[{"id":"a"}]}"#),
        ])
        try await withClient(handler: Self.tokenOr { _ in replies.next() }) { client, _ in
            let result = try await client.messages(ids: ["a"], inConversation: "c1")
            #expect(result.values.map(\.value.id) == ["a"])
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func clientErrorsAreNotRetried() async throws {
        try await withClient(
            handler: Self.tokenOr { _ in .error(status: 404, code: "not.found", message: "no such conversation") }
        ) {
            client,
            server in
            do {
                _ = try await client.send(.messageConversation(id: "nope")).value
                Issue.record("expected notFound")
            } catch let error as GenesysAPIError {
                #expect(error.kind == .notFound)
                #expect(!error.isRetryable)
                #expect(error.message == "no such conversation")
            }
            #expect(server.requests(to: "/api/v2/conversations/messages/nope").count == 1)
        }
    }

    @Test func backoffStaysWithinItsBounds() {
        let backoff = Backoff(base: .milliseconds(200), cap: .seconds(5))
        for retry in 1...12 {
            let bound = backoff.bound(forRetry: retry)
            let expected = min(Duration.milliseconds(200) * (1 << (retry - 1)), .seconds(5))
            #expect(bound == expected)
            for _ in 0..<200 {
                let delay = backoff.delay(forRetry: retry)
                #expect(delay >= .zero && delay <= bound)
            }
        }
        let wild = Backoff(base: .seconds(1), cap: .seconds(4), jitter: { _ in .seconds(100) })
        #expect(wild.delay(forRetry: 9) == .seconds(4))
        let negative = Backoff(base: .seconds(1), cap: .seconds(4), jitter: { _ in .seconds(-3) })
        #expect(negative.delay(forRetry: 2) == .zero)
    }

    @Test func policyRetriesOnlyWhatIsSafe() {
        let policy = RetryPolicy(maxAttempts: 3, backoff: Backoff(jitter: { $0 }), maxRetryAfter: .seconds(60))
        let timeout = RetryPolicy.Outcome.transport(HTTPTransportError(.timeout, detail: "t"))
        let reset = RetryPolicy.Outcome.transport(HTTPTransportError(.connectionReset, detail: "r"))
        let refused = RetryPolicy.Outcome.transport(HTTPTransportError(.connectFailed, detail: "c"))
        let tooLarge = RetryPolicy.Outcome.transport(HTTPTransportError(.responseTooLarge, detail: "l"))
        #expect(policy.delay(after: timeout, attempt: 1, isIdempotent: true) != nil)
        #expect(policy.delay(after: timeout, attempt: 1, isIdempotent: false) == nil)
        #expect(policy.delay(after: reset, attempt: 1, isIdempotent: false) == nil)
        #expect(policy.delay(after: refused, attempt: 1, isIdempotent: false) != nil)
        #expect(policy.delay(after: tooLarge, attempt: 1, isIdempotent: true) == nil)
        #expect(
            policy.delay(after: .status(429, retryAfter: .seconds(9)), attempt: 2, isIdempotent: false) == .seconds(9)
        )
        #expect(policy.delay(after: .status(429, retryAfter: .seconds(61)), attempt: 1, isIdempotent: true) == nil)
        #expect(
            policy.delay(after: .status(503, retryAfter: nil), attempt: 1, isIdempotent: false) == .milliseconds(500)
        )
        #expect(policy.delay(after: .status(500, retryAfter: nil), attempt: 1, isIdempotent: false) == nil)
        #expect(policy.delay(after: .status(400, retryAfter: nil), attempt: 1, isIdempotent: true) == nil)
        #expect(policy.delay(after: .status(500, retryAfter: nil), attempt: 3, isIdempotent: true) == nil)
    }

    @Test(.timeLimit(.minutes(5)))
    func connectionFailureIsRetriedThenReportedAsTransport() async throws {
        // A port nobody listens on: find one by starting and stopping a server.
        let deadURL = try await ScriptedHTTPServer.withRunning(handler: { _ in .json("{}") }) { $0.baseURL }
        let clock = FakeClock()
        var configuration = try GenesysClient.Configuration(
            apiBaseURL: deadURL,
            loginBaseURL: deadURL,
            clientID: Secrets.clientID,
            clientSecret: Secrets.clientSecret
        )
        configuration.requestsPerMinute = 0
        configuration.timeout = .milliseconds(300)
        let tokens = FixedTokenProvider()
        let client = GenesysClient(
            configuration: configuration,
            logger: .init(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }),
            sleep: { try await clock.sleep($0) },
            now: { clock.now },
            tokenProvider: tokens
        )
        do {
            // A POST: retried only because the connection was never made.
            _ = try await client.send(.sendMessage(
                AdditionalMessage(textBody: "x"),
                conversationID: "c1",
                communicationID: "m1"
            )).value
            Issue.record("expected a transport error")
        } catch let error as GenesysAPIError {
            #expect(error.kind == .transport)
            #expect(error.attempts == 5)
            #expect(error.message?.hasPrefix("connectFailed") == true)
            #expect(!error.description.contains(Secrets.firstToken))
        }
        #expect(client.statistics.transportErrors == 5)
        try await client.shutdown()
    }
}

/// A token provider that always returns the first test token.
struct FixedTokenProvider: TokenProvider {
    func token() async throws -> String { Secrets.firstToken }
    func invalidate(_ token: String) async {}
}
