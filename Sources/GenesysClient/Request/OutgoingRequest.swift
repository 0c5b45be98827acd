import Foundation

/// One HTTP request as the request loop sends it, with the rules that differ between API calls, media
/// downloads and the token exchange.
///
/// The destination decides three things: whether the request carries the bearer token (and so goes
/// through the request budget and is repeated with a new token after a 401), how a failure is
/// reported, and which statistics it counts in.
package struct OutgoingRequest: Sendable {
    /// Where a request goes.
    package enum Destination: Sendable, Equatable {
        /// An API route: bearer token, request budget, the API's `ErrorBody` read into errors.
        case api
        /// The login host's `POST /oauth/token`: no bearer token or budget; 400 and 401 mean refused credentials.
        case tokenEndpoint
        /// A media URL: bearer token and budget only when `isAPIHost`; errors name the host, never the URL
        /// (a pre-signed query carries a signature) or the body.
        case media(host: String, isAPIHost: Bool)
    }

    /// The exchange itself; its headers carry no `Authorization` for bearer-token requests (the loop adds
    /// it per attempt). The URL is never printed.
    package var http: HTTPTransportRequest
    /// Whether repeating the request after an ambiguous failure is harmless.
    package var isIdempotent: Bool
    /// The route template reported in errors and logs, such as `GET /api/v2/conversations/{conversationId}`.
    package var operation: String
    /// Where the request goes.
    package var destination: Destination

    /// Creates a request.
    package init(_ http: HTTPTransportRequest, isIdempotent: Bool, operation: String, destination: Destination) {
        self.http = http
        self.isIdempotent = isIdempotent
        self.operation = operation
        self.destination = destination
    }

    /// Whether the request carries the API bearer token, and so goes through the request budget.
    package var usesBearerToken: Bool {
        switch destination {
        case .api: true
        case .tokenEndpoint: false
        case .media(_, let isAPIHost): isAPIHost
        }
    }

    /// The transport request for one attempt, with `token` as the bearer token when there is one.
    func transportRequest(token: String?) -> HTTPTransportRequest {
        var request = http
        if let token { request.headers.insert(("Authorization", "Bearer \(token)"), at: 0) }
        return request
    }

    /// The error for a transport failure after `attempts` attempts; it keeps `error` as its cause.
    func failure(_ error: HTTPTransportError, attempts: Int) -> GenesysAPIError {
        var message = error.description
        if case .media(let host, _) = destination { message = "downloading from \(host): \(message)" }
        return GenesysAPIError(
            kind: .transport,
            operation: operation,
            message: message,
            attempts: attempts,
            underlying: error
        )
    }

    /// The error for a non-2xx response after `attempts` attempts.
    func failure(
        _ response: HTTPTransportResponse,
        correlationID: String?,
        retryAfter: Duration?,
        attempts: Int
    ) -> GenesysAPIError {
        if case .media(let host, _) = destination {
            return GenesysAPIError(
                kind: GenesysAPIError.kind(forStatus: response.status),
                operation: operation,
                status: response.status,
                message: "downloading from \(host) failed with HTTP \(response.status)",
                correlationID: correlationID,
                retryAfter: retryAfter,
                attempts: attempts
            )
        }
        var error = GenesysAPIError.from(
            status: response.status,
            body: response.body,
            operation: operation,
            correlationID: correlationID,
            retryAfter: retryAfter,
            attempts: attempts
        )
        if destination == .tokenEndpoint, response.status == 400 || response.status == 401 {
            error.kind = .unauthorized
        }
        return error
    }
}
