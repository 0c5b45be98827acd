import Foundation
import Logging

/// The one retry loop every HTTP exchange of a client goes through: API calls, media downloads and the
/// OAuth token exchange.
///
/// Each attempt waits for the request budget and takes a bearer token (both only for requests that carry
/// the token), sends, and hands the response's `inin-ratelimit-*` headers to the budget. Then:
/// - 2xx: the exchange is returned.
/// - 401 to a bearer-token request: the token is dropped and the request repeated, once for free, and once
///   more (as an attempt) when a token obtained during the retries ran out as well.
/// - 429 and 503: the wait is the server's `Retry-After` (delay-seconds or an HTTP-date read against
///   `wallClock`) or `inin-ratelimit-reset`, else the backoff; a 429 also holds the whole budget.
/// - other 5xx and transport failures: exponential backoff, for idempotent requests (a refused connection
///   for any request).
/// - anything else, or the attempts used up: a `GenesysAPIError` that keeps its cause.
///
/// Time passes only through `sleep` and is read only through `now` and `wallClock`, so tests run it on a
/// fake clock. Every attempt and wait is counted in the client's `ClientStatistics`.
struct RequestLoop: Sendable {
    /// A 2xx response with what the caller needs besides the body.
    struct Exchange: Sendable {
        /// The response.
        var response: HTTPTransportResponse
        /// The attempts made, the successful one included.
        var attempts: Int
        /// When the successful attempt was sent (on `now`'s clock).
        var sentAt: Duration
        /// The `ININ-Correlation-Id` of the response.
        var correlationID: String?

        /// The error for a 2xx response to `operation` whose body is not what was expected; it keeps
        /// `underlying` as its cause, and the body (for rejects, never printed) unless it may hold a secret.
        func undecodable(
            _ operation: String,
            _ message: String,
            underlying: (any Error)? = nil,
            keepsBody: Bool = true
        ) -> GenesysAPIError {
            GenesysAPIError(
                kind: .decoding,
                operation: operation,
                status: response.status,
                message: message,
                correlationID: correlationID,
                attempts: attempts,
                responseBody: keepsBody ? response.body : nil,
                underlying: underlying
            )
        }
    }

    /// What to do after one attempt.
    enum Step {
        case done(HTTPTransportResponse)
        case renewToken(counted: Bool)
        case retry(after: Duration)
        case fail(GenesysAPIError)
    }

    let transport: any HTTPTransport
    let tokens: (any TokenProvider)?
    let budget: RequestBudget?
    let retryPolicy: RetryPolicy
    let sleep: @Sendable (Duration) async throws -> Void
    let now: @Sendable () -> Duration
    let wallClock: @Sendable () -> Date
    let counters: StatisticsRecorder

    // MARK: - Running

    /// Sends `request` until it succeeds, may not be retried, or the attempts are used up.
    ///
    /// - Throws: `GenesysAPIError` (it keeps the transport error it stands for) or `CancellationError`.
    func run(_ request: OutgoingRequest, logger: Logger) async throws -> Exchange {
        var attempt = 0
        var sent = 0
        var renewedToken: String?
        while true {
            attempt += 1
            try Task.checkCancellation()
            let token = try await begin(request, isRetry: sent > 0)
            sent += 1
            logger.trace("sending request", metadata: ["http.attempt": "\(attempt)"])
            let sentAt = now()
            let outcome = try await exchange(request, token: token)
            let step = decide(outcome, request, attempt: attempt, token: token, renewedToken: renewedToken, logger)
            switch step {
            case .done(let response):
                let correlationID = response.header("ININ-Correlation-Id")
                return Exchange(response: response, attempts: attempt, sentAt: sentAt, correlationID: correlationID)
            case .renewToken(let counted):
                // The token may have been revoked or have run out early: replace it and repeat.
                if !counted { attempt -= 1 }
                renewedToken = token
                if let token { await tokens?.invalidate(token) }
            case .retry(let delay):
                try await wait(delay)
            case .fail(let error):
                throw error
            }
        }
    }

    /// Sleeps `delay` (counted as waited); nothing for a zero delay.
    func wait(_ delay: Duration) async throws {
        guard delay > .zero else { return }
        counters.withLock { $0.waited += delay }
        try await sleep(delay)
    }

    // MARK: - One attempt

    /// Waits for the budget and takes a token when the request carries one, and counts the attempt.
    private func begin(_ request: OutgoingRequest, isRetry: Bool) async throws -> String? {
        let budget = request.usesBearerToken ? self.budget : nil
        let waited = try await budget?.acquire() ?? .zero
        let token: String?
        do {
            token = request.usesBearerToken ? try await tokens?.token() : nil
        } catch {
            budget?.complete(observing: nil)
            throw error
        }
        counters.withLock {
            $0.waited += waited
            if request.destination == .tokenEndpoint {
                $0.tokenRequests += 1
                return
            }
            $0.requests += 1
            if isRetry { $0.retries += 1 }
        }
        return token
    }

    /// Performs one exchange and gives its response (or its absence) back to the budget.
    private func exchange(
        _ request: OutgoingRequest,
        token: String?
    ) async throws -> Result<HTTPTransportResponse, HTTPTransportError> {
        let budget = request.usesBearerToken ? self.budget : nil
        let result: Result<HTTPTransportResponse, HTTPTransportError>
        do {
            result = .success(try await transport.execute(request.transportRequest(token: token)))
        } catch let error as HTTPTransportError {
            result = .failure(error)
        } catch is CancellationError {
            budget?.complete(observing: nil)
            throw CancellationError()
        } catch {
            result = .failure(HTTPTransportError(.other, detail: "\(type(of: error))", underlying: error))
        }
        budget?.complete(observing: try? result.get())
        if request.destination != .tokenEndpoint {
            counters.withLock {
                switch result {
                case .success(let response):
                    $0.bytesReceived += response.body.count
                    if response.status == 429 { $0.rateLimited += 1 }
                    if response.status >= 500 { $0.serverErrors += 1 }
                case .failure:
                    $0.transportErrors += 1
                }
            }
        }
        return result
    }
}
