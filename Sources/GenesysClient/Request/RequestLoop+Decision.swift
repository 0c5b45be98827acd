import Foundation
import Logging

extension RequestLoop {
    /// Decides what follows one attempt's outcome: done, a new token, a retry after a wait, or a failure.
    ///
    /// - Parameters:
    ///   - outcome: the response, or the failure below HTTP.
    ///   - request: the request, for its idempotency, destination and error rules.
    ///   - attempt: the attempt's number, 1-based.
    ///   - token: the bearer token the attempt carried.
    ///   - renewedToken: the token last replaced after a 401 during this request, if any.
    ///   - logger: the request's logger.
    /// - Returns: the next step.
    func decide(
        _ outcome: Result<HTTPTransportResponse, HTTPTransportError>,
        _ request: OutgoingRequest,
        attempt: Int,
        token: String?,
        renewedToken: String?,
        _ logger: Logger
    ) -> Step {
        let response: HTTPTransportResponse
        switch outcome {
        case .success(let value):
            response = value
        case .failure(let error):
            let delay = retryPolicy.delay(
                after: .transport(error),
                attempt: attempt,
                isIdempotent: request.isIdempotent
            )
            logger.debug(
                "transport failure",
                metadata: [
                    "http.attempt": "\(attempt)",
                    "error.kind": "\(error.kind.rawValue)",
                    "retry.delay": "\(delay.map { "\($0)" } ?? "none")",
                ]
            )
            guard let delay else { return .fail(request.failure(error, attempts: attempt)) }
            return .retry(after: delay)
        }
        let correlationID = response.header("ININ-Correlation-Id")
        logger.debug(
            "response received",
            metadata: [
                "http.status": "\(response.status)",
                "http.attempt": "\(attempt)",
                "http.response.bytes": "\(response.body.count)",
                "genesys.correlation.id": "\(correlationID ?? "")",
            ]
        )
        if (200..<300).contains(response.status) { return .done(response) }
        if response.status == 401, request.usesBearerToken, tokens != nil, let token {
            if renewedToken == nil { return .renewToken(counted: false) }
            // A token obtained during this request's retries ran out too (long Retry-After waits): replace it
            // again, counted as an attempt so that a credential the server keeps refusing ends.
            if token != renewedToken, attempt < retryPolicy.maxAttempts { return .renewToken(counted: true) }
        }
        return retryOrFail(response, request, attempt: attempt, correlationID: correlationID, logger)
    }

    /// The retry after a non-2xx response, or the error when there is none.
    private func retryOrFail(
        _ response: HTTPTransportResponse,
        _ request: OutgoingRequest,
        attempt: Int,
        correlationID: String?,
        _ logger: Logger
    ) -> Step {
        let serverWait =
            response.status == 429 || response.status == 503
            ? RetryAfter.wait(in: response, now: wallClock()) : nil
        let delay = retryPolicy.delay(
            after: .status(response.status, retryAfter: serverWait),
            attempt: attempt,
            isIdempotent: request.isIdempotent
        )
        guard let delay else {
            let error = request.failure(
                response,
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
            return .fail(error)
        }
        if response.status == 429, let serverWait, request.usesBearerToken {
            // The server's budget is spent for everyone using this client, not only for this request.
            budget?.pause(for: serverWait)
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
        return .retry(after: delay)
    }
}
