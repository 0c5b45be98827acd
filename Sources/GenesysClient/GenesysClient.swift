import Foundation
import GenesysModels
import Logging

/// A Genesys Cloud Platform API client for messaging conversations and conversation analytics.
///
/// One client holds one OAuth token (client credentials, refreshed single-flight), one request
/// budget and one HTTP transport, all shared by every task that uses it. API calls, media downloads
/// and the token exchange all run through one `RequestLoop`, which retries 429s (honouring
/// `Retry-After`), 5xx responses, resets and timeouts within `maxAttempts`, except that a
/// non-idempotent write is never repeated after a failure that may have reached the server.
///
/// Each of the 33 messaging endpoints and the analytics endpoints is a typed `Endpoint` value
/// (`Endpoints/`), sent with `send(_:)`. The client adds only what one request cannot do: all
/// pages of a paged endpoint (`GenesysClient+Paging`), any number of ids in capped batches
/// (`GenesysClient+Batching`) and media downloads.
///
/// ```swift
/// let client = GenesysClient(
///     configuration: .init(region: try GenesysRegion.resolve("eu-west-1"), clientID: id, clientSecret: secret),
///     logger: logger)
/// let conversation = try await client.send(.messageConversation(id: conversationID)).value
/// let bulk = try await client.messages(ids: messageIDs, inConversation: conversationID)
/// let details = try await client.analyticsConversations(ids: conversationIDs)  // 100 ids a request
/// try await client.shutdown()
/// ```
package final class GenesysClient: Sendable {
    /// The configuration the client was created with.
    package let configuration: Configuration
    /// The retry rules derived from the configuration.
    package let retryPolicy: RetryPolicy
    /// The client-side request budget shared by all callers.
    package let budget: RequestBudget

    let transport: any HTTPTransport
    let tokens: any TokenProvider
    let logger: Logger
    let counters: StatisticsRecorder
    /// The one request loop every API call and media download goes through.
    let loop: RequestLoop

    // MARK: - Initialization

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - configuration: where and as whom to connect, and the limits.
    ///   - logger: the logger for `debug`/`trace` lines (never tokens, secrets or bodies).
    ///   - transport: the HTTP transport; by default an `AsyncHTTPClientTransport`.
    ///   - sleep: waits a duration (retries and the budget); tests pass a fake that never sleeps.
    ///   - now: a monotonic clock reading (token expiry, the budget); tests pass a fake clock.
    ///   - wallClock: the current date, to read `Retry-After` HTTP-dates.
    ///   - jitter: picks a backoff delay in `0...bound`; uniform random by default.
    ///   - tokenProvider: supplies bearer tokens; by default client credentials from `configuration`.
    package init(
        configuration: Configuration,
        logger: Logger,
        transport: (any HTTPTransport)? = nil,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: (@Sendable () -> Duration)? = nil,
        wallClock: @escaping @Sendable () -> Date = { Date() },
        jitter: @escaping @Sendable (Duration) -> Duration = Backoff.uniformJitter,
        tokenProvider: (any TokenProvider)? = nil
    ) {
        let now = now ?? Self.continuousNow()
        let transport = transport ?? AsyncHTTPClientTransport(connectTimeout: min(.seconds(10), configuration.timeout))
        let counters = StatisticsRecorder()
        let retryPolicy = RetryPolicy(
            maxAttempts: configuration.maxAttempts,
            backoff: Backoff(base: configuration.retryBaseDelay, cap: configuration.retryMaxDelay, jitter: jitter),
            maxRetryAfter: configuration.maxRetryAfter
        )
        let budget = RequestBudget(requestsPerMinute: configuration.requestsPerMinute, now: now, sleep: sleep)
        // The token exchange runs through the same loop, without a bearer token or the API budget.
        let tokenLoop = RequestLoop(
            transport: transport,
            tokens: nil,
            budget: nil,
            retryPolicy: retryPolicy,
            sleep: sleep,
            now: now,
            wallClock: wallClock,
            counters: counters
        )
        let tokens =
            tokenProvider
            ?? ClientCredentialsTokenProvider(configuration: configuration, loop: tokenLoop, logger: logger, now: now)
        self.configuration = configuration
        self.retryPolicy = retryPolicy
        self.budget = budget
        self.transport = transport
        self.tokens = tokens
        self.logger = logger
        self.counters = counters
        self.loop = RequestLoop(
            transport: transport,
            tokens: tokens,
            budget: budget,
            retryPolicy: retryPolicy,
            sleep: sleep,
            now: now,
            wallClock: wallClock,
            counters: counters
        )
    }

    /// Shuts the transport down; call once when done.
    package func shutdown() async throws {
        try await transport.shutdown()
    }

    /// What the client has done so far.
    package var statistics: ClientStatistics {
        counters.withLock { $0 }
    }

    // MARK: - Sending

    /// Sends `endpoint` with authentication, the request budget and retries, and decodes the response.
    ///
    /// - Throws: `GenesysAPIError` (any failure, including decoding) or `CancellationError`.
    @discardableResult
    package func send<Value>(_ endpoint: Endpoint<Value>) async throws -> APIResponse<Value> {
        var logger = self.logger
        logger[metadataKey: "http.method"] = "\(endpoint.method.rawValue)"
        logger[metadataKey: "http.route"] = "\(endpoint.routeTemplate)"
        let exchange = try await loop.run(try makeRequest(endpoint), logger: logger)
        return APIResponse(
            value: try decode(endpoint, exchange),
            body: exchange.response.body,
            status: exchange.response.status,
            correlationID: exchange.correlationID
        )
    }

    // MARK: - Private

    private func makeRequest<Value>(_ endpoint: Endpoint<Value>) throws -> OutgoingRequest {
        var base = configuration.apiBaseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        var text = base + endpoint.path
        if !endpoint.query.isEmpty {
            text +=
                "?"
                + endpoint.query.map {
                    "\(PathEncoding.queryComponent($0.name))=\(PathEncoding.queryComponent($0.value))"
                }
                .joined(separator: "&")
        }
        guard let url = URL(string: text) else {
            throw GenesysAPIError(
                kind: .configuration,
                operation: endpoint.pathTemplate,
                message: "could not build a URL from the API base URL and the path"
            )
        }
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if endpoint.body != nil {
            headers.append(("Content-Type", "application/json"))
        }
        let http = HTTPTransportRequest(
            method: endpoint.method.rawValue,
            url: url,
            headers: headers,
            body: endpoint.body,
            timeout: configuration.timeout,
            maxResponseBytes: configuration.maxResponseBytes
        )
        return OutgoingRequest(
            http,
            isIdempotent: endpoint.isIdempotent,
            operation: endpoint.pathTemplate,
            destination: .api
        )
    }

    private func decode<Value>(_ endpoint: Endpoint<Value>, _ exchange: RequestLoop.Exchange) throws -> Value {
        do {
            return try endpoint.decode(exchange.response.body)
        } catch let error as GenesysAPIError {
            throw error
        } catch {
            let message = "the response does not decode as \(Value.self): \(Self.summary(of: error))"
            throw exchange.undecodable(endpoint.pathTemplate, message, underlying: error)
        }
    }

    /// Describes a decoding error by path and kind, without the values it saw.
    package static func summary(of error: any Error) -> String {
        guard let error = error as? DecodingError else {
            if let error = error as? RawJSON.SliceError { return error.description }
            return "\(type(of: error))"
        }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the top level" : String(keys.drop { $0 == "." })
        }
        switch error {
        case .typeMismatch(let type, let context): return "\(path(context)) is not \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)) is null, expected \(type)"
        case .keyNotFound(let key, let context): return "\(path(context)) lacks \(key.stringValue)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "the body is not valid JSON" : "\(path(context)) is malformed"
        @unknown default: return "decoding failed"
        }
    }

    private static func continuousNow() -> @Sendable () -> Duration {
        let origin = ContinuousClock.now
        return { ContinuousClock.now - origin }
    }
}
