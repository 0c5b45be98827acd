import Foundation

/// Counters and a request log the simulator keeps, readable by tests and over `GET /sim/stats`.
package struct SimulatorStats: Codable, Sendable, Equatable {
    /// All requests answered (any path, including OAuth and `/sim`).
    package var totalRequests = 0
    /// Per route template, keyed `"GET /api/v2/conversations/messages/{conversationId}"`.
    package var routes: [String: RouteStats] = [:]
    /// Responses per HTTP status (`"200"`, `"429"`; resets count as `"reset"`).
    package var statuses: [String: Int] = [:]
    /// Bearer tokens issued by `POST /oauth/token`.
    package var tokensIssued = 0
    /// Bearer tokens issued per OAuth client id.
    package var tokensIssuedByClient: [String: Int] = [:]
    /// Token requests refused (bad credentials or grant type).
    package var tokenRequestsRejected = 0
    /// Calls to the bulk messages endpoint (18).
    package var bulkRequests = 0
    /// Message ids requested through bulk calls.
    package var bulkIDsRequested = 0
    /// Messages returned by bulk calls.
    package var bulkIDsReturned = 0
    /// 429s from the per-token fixed-window rate limit.
    package var rateLimited = 0
    /// Injected 429s.
    package var injected429 = 0
    /// Injected 5xx responses.
    package var injected5xx = 0
    /// Connections closed without a response.
    package var injectedResets = 0
    /// Requests rejected for a missing, unknown or expired bearer token.
    package var unauthorized = 0
    /// The request log, oldest first (capped at the most recent 100,000 entries).
    package var requests: [RequestLogEntry] = []

    /// Creates empty statistics.
    package init() {}

    /// How many requests hit `route` (`"METHOD template"`), whatever their status.
    package func count(_ route: String) -> Int {
        routes[route]?.requests ?? 0
    }

    /// How many requests hit `route` and got `status`.
    package func count(_ route: String, status: Int) -> Int {
        routes[route]?.statuses[String(status)] ?? 0
    }
}

/// Counters for one route template.
package struct RouteStats: Codable, Sendable, Equatable {
    /// Requests routed here.
    package var requests = 0
    /// Responses per status (`"reset"` for closed connections).
    package var statuses: [String: Int] = [:]
}

/// One answered request.
package struct RequestLogEntry: Codable, Sendable, Equatable {
    /// When it was answered (simulator clock).
    package var time: Date
    /// HTTP method.
    package var method: String
    /// Path without the query string.
    package var path: String
    /// The matched route template (`"METHOD template"`), or the path when no route matched.
    package var route: String
    /// Response status; 0 when the connection was reset.
    package var status: Int
}
