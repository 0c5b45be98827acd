import Foundation
import GenesysModels

/// The one error type of the Genesys Cloud client; safe to print and to log.
///
/// Its `description` names the kind, the operation's route template, the HTTP status, the API's
/// error code and message and the `ININ-Correlation-Id`. It never contains a bearer token, the
/// client secret, a filled-in URL or query string, or a request or response body: the response
/// body is kept in `responseBody` for callers that store rejects, and is never printed.
///
/// As async-http-client does, the error keeps what caused it (an `HTTPTransportError`, a `DecodingError`, …)
/// in `underlying` for code to inspect, while `description` stays short and secret-free.
package struct GenesysAPIError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, without associated values.
    package enum Kind: String, Sendable, Equatable, CaseIterable {
        /// HTTP 401, or the token exchange refused the client credentials.
        case unauthorized
        /// HTTP 403: the OAuth client's roles lack a permission.
        case forbidden
        /// HTTP 404.
        case notFound
        /// HTTP 400 and other 4xx responses the client cannot fix by retrying.
        case badRequest
        /// HTTP 429 after the retries were used up.
        case rateLimited
        /// HTTP 5xx after the retries were used up.
        case server
        /// The connection failed, was reset, timed out, or the response was too large.
        case transport
        /// A 2xx response body did not decode as the documented model.
        case decoding
        /// The client configuration is invalid (unknown region, plain http to a remote host, …).
        case configuration
    }

    /// What went wrong.
    package var kind: Kind
    /// The route template, such as `GET /api/v2/conversations/messages/{conversationId}`; never the filled-in URL.
    package var operation: String
    /// The HTTP status, when a response arrived.
    package var status: Int?
    /// The `code` of the API's error body (or the OAuth `error`).
    package var code: String?
    /// The `message` of the API's error body, or a description of the local failure.
    package var message: String?
    /// The `ININ-Correlation-Id` of the response, for support tickets.
    package var correlationID: String?
    /// How long the server asked to wait (`Retry-After` or `inin-ratelimit-reset`).
    package var retryAfter: Duration?
    /// How many attempts were made before giving up.
    package var attempts: Int
    /// The response body as received (kept for reject tables; never printed).
    package var responseBody: Data?
    /// The error that caused this one, such as the `HTTPTransportError` or `DecodingError` (never printed).
    package var underlying: (any Error)?

    /// Creates an error.
    package init(
        kind: Kind,
        operation: String,
        status: Int? = nil,
        code: String? = nil,
        message: String? = nil,
        correlationID: String? = nil,
        retryAfter: Duration? = nil,
        attempts: Int = 1,
        responseBody: Data? = nil,
        underlying: (any Error)? = nil
    ) {
        self.kind = kind
        self.operation = operation
        self.status = status
        self.code = code
        self.message = message
        self.correlationID = correlationID
        self.retryAfter = retryAfter
        self.attempts = attempts
        self.responseBody = responseBody
        self.underlying = underlying
    }

    /// Whether trying the same request again later may succeed.
    package var isRetryable: Bool { kind == .rateLimited || kind == .server || kind == .transport }

    /// A label without associated values, for log and metric labels (`genesys.rateLimited`).
    package var shortDescription: String { "genesys.\(kind.rawValue)" }

    /// A one-line explanation for a person reading a terminal.
    package var description: String {
        var parts = ["Genesys Cloud \(kind.rawValue) error in \(operation)"]
        if let status { parts.append("HTTP \(status)") }
        if let code, !code.isEmpty { parts.append("code \(code)") }
        if let message, !message.isEmpty { parts.append(Self.clip(message)) }
        if let retryAfter { parts.append("retry after \(Self.seconds(retryAfter))") }
        if attempts > 1 { parts.append("after \(attempts) attempts") }
        if let correlationID, !correlationID.isEmpty { parts.append("correlation id \(correlationID)") }
        return parts.joined(separator: "; ")
    }

    // MARK: - Mapping responses

    /// The kind for an HTTP status outside 2xx.
    package static func kind(forStatus status: Int) -> Kind {
        switch status {
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 429: .rateLimited
        case 500...599: .server
        default: .badRequest
        }
    }

    /// Builds the error for a non-2xx response, reading the API's `ErrorBody` (or an OAuth error) when present.
    package static func from(
        status: Int,
        body: Data,
        operation: String,
        correlationID: String?,
        retryAfter: Duration? = nil,
        attempts: Int = 1
    ) -> GenesysAPIError {
        var error = GenesysAPIError(
            kind: kind(forStatus: status),
            operation: operation,
            status: status,
            correlationID: correlationID,
            retryAfter: retryAfter,
            attempts: attempts,
            responseBody: body.isEmpty ? nil : body
        )
        if let errorBody = try? JSONDecoder.genesys().decode(ErrorBody.self, from: body) {
            error.code = errorBody.code
            error.message = errorBody.message
            if error.correlationID == nil { error.correlationID = errorBody.contextID }
        }
        if error.code == nil, error.message == nil,
            let oauth = try? JSONDecoder().decode(OAuthErrorBody.self, from: body)
        {
            error.code = oauth.error
            error.message = oauth.errorDescription ?? oauth.description
        }
        return error
    }

    // MARK: - Private

    private static func clip(_ text: String) -> String {
        let line = text.replacingOccurrences(of: "\n", with: " ")
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }

    private static func seconds(_ duration: Duration) -> String {
        let millis = (duration.timeInterval * 1000).rounded(.down)
        return millis.truncatingRemainder(dividingBy: 1000) == 0 ? "\(Int(millis) / 1000)s" : "\(millis / 1000)s"
    }
}

/// The error reply of the OAuth token endpoint (`{"error":"unauthorized_client","error_description":"…"}`).
private struct OAuthErrorBody: Decodable {
    var error: String?
    var description: String?
    var errorDescription: String?

    enum CodingKeys: String, CodingKey {
        case error
        case description
        case errorDescription = "error_description"
    }
}
