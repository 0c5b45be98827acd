import Foundation
import GenesysModels
import Logging
import Synchronization

/// A Genesys Cloud Platform API client for messaging conversations and conversation analytics.
///
/// One client holds one OAuth token (client credentials, refreshed single-flight), one request
/// budget and one HTTP transport, all shared by every task that uses it. Each call retries 429s
/// (honouring `Retry-After`), 5xx responses, resets and timeouts within `maxAttempts`, except that
/// a non-idempotent write is never repeated after a failure that may have reached the server.
///
/// ```swift
/// let client = GenesysClient(
///     configuration: .init(region: try GenesysRegion.resolve("eu-west-1"), clientID: id, clientSecret: secret),
///     logger: logger)
/// let conversation = try await client.messageConversation(id: conversationID)
/// let bulk = try await client.messages(ids: messageIDs, inConversation: conversationID)
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
    private let sleep: @Sendable (Duration) async throws -> Void
    private let wallClock: @Sendable () -> Date
    let logger: Logger
    let counters: StatisticsRecorder

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
        self.configuration = configuration
        self.transport = transport
        self.sleep = sleep
        self.wallClock = wallClock
        self.logger = logger
        self.counters = counters
        let retryPolicy = RetryPolicy(
            maxAttempts: configuration.maxAttempts,
            backoff: Backoff(base: configuration.retryBaseDelay, cap: configuration.retryMaxDelay, jitter: jitter),
            maxRetryAfter: configuration.maxRetryAfter
        )
        self.retryPolicy = retryPolicy
        self.budget = RequestBudget(requestsPerMinute: configuration.requestsPerMinute, now: now, sleep: sleep)
        self.tokens =
            tokenProvider
            ?? ClientCredentialsTokenProvider(
                configuration: configuration,
                transport: transport,
                logger: logger,
                now: now,
                onTokenRequest: { counters.withLock { $0.tokenRequests += 1 } },
                retryPolicy: retryPolicy,
                sleep: sleep,
                wallClock: wallClock
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
    package func send<Value>(_ endpoint: Endpoint<Value>) async throws -> APIResponse<Value> {
        let url = try makeURL(for: endpoint)
        var logger = self.logger
        logger[metadataKey: "http.method"] = "\(endpoint.method.rawValue)"
        logger[metadataKey: "http.route"] = "\(endpoint.routeTemplate)"
        var attempt = 0
        var isRetry = false
        var refreshedToken: String?
        while true {
            attempt += 1
            try Task.checkCancellation()
            let waited = try await budget.acquire()
            let token = try await tokens.token()
            counters.withLock {
                $0.requests += 1
                if isRetry { $0.retries += 1 }
                $0.waited += waited
            }
            isRetry = true
            logger.trace("sending request", metadata: ["http.attempt": "\(attempt)"])

            let response: HTTPTransportResponse
            do {
                response = try await transport.execute(makeRequest(endpoint, url: url, token: token))
            } catch let error as HTTPTransportError {
                counters.withLock { $0.transportErrors += 1 }
                let delay = retryPolicy.delay(
                    after: .transport(error),
                    attempt: attempt,
                    isIdempotent: endpoint.isIdempotent
                )
                logger.debug(
                    "transport failure",
                    metadata: [
                        "http.attempt": "\(attempt)",
                        "error.kind": "\(error.kind.rawValue)",
                        "retry.delay": "\(delay.map { "\($0)" } ?? "none")",
                    ]
                )
                guard let delay else {
                    throw GenesysAPIError(
                        kind: .transport,
                        operation: endpoint.pathTemplate,
                        message: error.description,
                        attempts: attempt
                    )
                }
                try await wait(delay)
                continue
            }

            budget.observe(response)
            let correlationID = response.header("ININ-Correlation-Id")
            counters.withLock {
                $0.bytesReceived += response.body.count
                if response.status == 429 { $0.rateLimited += 1 }
                if response.status >= 500 { $0.serverErrors += 1 }
            }
            logger.debug(
                "response received",
                metadata: [
                    "http.status": "\(response.status)",
                    "http.attempt": "\(attempt)",
                    "http.response.bytes": "\(response.body.count)",
                    "genesys.correlation.id": "\(correlationID ?? "")",
                ]
            )

            if (200..<300).contains(response.status) {
                return APIResponse(
                    value: try decode(endpoint, response: response, correlationID: correlationID, attempts: attempt),
                    body: response.body,
                    status: response.status,
                    correlationID: correlationID
                )
            }
            if response.status == 401 {
                if refreshedToken == nil {
                    // The token may have been revoked or expired early: replace it and repeat, for free.
                    refreshedToken = token
                    attempt -= 1
                    await tokens.invalidate(token)
                    continue
                }
                if token != refreshedToken, attempt < retryPolicy.maxAttempts {
                    // A token obtained during this request's retries ran out too (long Retry-After waits):
                    // replace it again, counted as an attempt so a credential the server keeps refusing ends.
                    refreshedToken = token
                    await tokens.invalidate(token)
                    continue
                }
            }
            let serverWait =
                response.status == 429 || response.status == 503
                ? RetryAfter.wait(in: response, now: wallClock()) : nil
            let delay = retryPolicy.delay(
                after: .status(response.status, retryAfter: serverWait),
                attempt: attempt,
                isIdempotent: endpoint.isIdempotent
            )
            guard let delay else {
                let error = GenesysAPIError.from(
                    status: response.status,
                    body: response.body,
                    operation: endpoint.pathTemplate,
                    correlationID: correlationID,
                    retryAfter: serverWait,
                    attempts: attempt
                )
                logger.debug(
                    "request failed",
                    metadata: [
                        "http.status": "\(response.status)",
                        "error.kind": "\(error.kind.rawValue)",
                        "genesys.correlation.id": "\(correlationID ?? "")",
                    ]
                )
                throw error
            }
            if response.status == 429, let serverWait {
                budget.pause(for: serverWait)
            }
            logger.debug(
                "retrying request",
                metadata: [
                    "http.status": "\(response.status)",
                    "http.attempt": "\(attempt)",
                    "retry.delay": "\(delay)",
                    "genesys.correlation.id": "\(correlationID ?? "")",
                ]
            )
            try await wait(delay)
        }
    }

    // MARK: - Private

    func wait(_ delay: Duration) async throws {
        guard delay > .zero else { return }
        counters.withLock { $0.waited += delay }
        try await sleep(delay)
    }

    private func makeURL<Value>(for endpoint: Endpoint<Value>) throws -> URL {
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
        return url
    }

    private func makeRequest<Value>(_ endpoint: Endpoint<Value>, url: URL, token: String) -> HTTPTransportRequest {
        var headers: [(name: String, value: String)] = [
            ("Authorization", "Bearer \(token)"),
            ("Accept", "application/json"),
        ]
        if endpoint.body != nil {
            headers.append(("Content-Type", "application/json"))
        }
        return HTTPTransportRequest(
            method: endpoint.method.rawValue,
            url: url,
            headers: headers,
            body: endpoint.body,
            timeout: configuration.timeout,
            maxResponseBytes: configuration.maxResponseBytes
        )
    }

    private func decode<Value>(
        _ endpoint: Endpoint<Value>,
        response: HTTPTransportResponse,
        correlationID: String?,
        attempts: Int
    ) throws -> Value {
        do {
            return try endpoint.decode(response.body)
        } catch let error as GenesysAPIError {
            throw error
        } catch {
            throw GenesysAPIError(
                kind: .decoding,
                operation: endpoint.pathTemplate,
                status: response.status,
                message: "the response does not decode as \(Value.self): \(Self.summary(of: error))",
                correlationID: correlationID,
                attempts: attempts,
                responseBody: response.body
            )
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
