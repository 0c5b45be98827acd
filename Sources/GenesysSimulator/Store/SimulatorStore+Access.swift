import Foundation
import HTTPTypes
import Hummingbird

/// A per-token token bucket: `capacity` requests, refilled continuously at `capacity` per minute.
struct TokenBucket: Sendable {
    var tokens: Double
    var updated: Date
}

/// The outcome of `SimulatorStore.admit(bearer:)`.
package enum Admission: Sendable {
    /// Serve the request; add these headers to the response.
    case admitted(HTTPFields)
    /// Answer with this error.
    case rejected(SimulatorError)
    /// Close the connection without a response.
    case reset
}

/// The outcome of `POST /oauth/token`.
package enum TokenIssue: Sendable {
    /// A new bearer token valid for `expiresIn` seconds.
    case issued(token: String, expiresIn: Int)
    /// An OAuth error (`error`, `description`) with this status.
    case rejected(status: HTTPResponse.Status, error: String, description: String)
}

extension HTTPField.Name {
    /// `inin-ratelimit-allowed`.
    package static let ininRateLimitAllowed = HTTPField.Name("inin-ratelimit-allowed") ?? .via
    /// `inin-ratelimit-count`.
    package static let ininRateLimitCount = HTTPField.Name("inin-ratelimit-count") ?? .via
    /// `inin-ratelimit-reset`.
    package static let ininRateLimitReset = HTTPField.Name("inin-ratelimit-reset") ?? .via
    /// `ININ-Correlation-Id`.
    package static let ininCorrelationID = HTTPField.Name("ININ-Correlation-Id") ?? .via
}

extension SimulatorStore {
    // MARK: - OAuth

    /// Checks client credentials (Basic auth, or `client_id`/`client_secret` form fields) and issues a token.
    package func issueToken(authorization: String?, form: [String: String]) -> TokenIssue {
        guard form["grant_type"] == "client_credentials" else {
            stats.tokenRequestsRejected += 1
            return .rejected(
                status: .badRequest,
                error: "unsupported_grant_type",
                description: "grant_type must be client_credentials"
            )
        }
        var credentials: (id: String, secret: String)?
        if let authorization, authorization.lowercased().hasPrefix("basic ") {
            let encoded = authorization.dropFirst(6).trimmingCharacters(in: .whitespaces)
            if let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8),
                let colon = text.firstIndex(of: ":")
            {
                credentials = (String(text[..<colon]), String(text[text.index(after: colon)...]))
            }
        } else if let id = form["client_id"], let secret = form["client_secret"] {
            credentials = (id, secret)
        }
        guard let credentials else {
            stats.tokenRequestsRejected += 1
            return .rejected(
                status: .unauthorized,
                error: "invalid_client",
                description: "client authentication failed: missing Basic credentials"
            )
        }
        guard credentials.id == configuration.clientID, credentials.secret == configuration.clientSecret else {
            stats.tokenRequestsRejected += 1
            return .rejected(
                status: .badRequest,
                error: "unauthorized_client",
                description: "client is not authorized (unknown client id or wrong secret)"
            )
        }
        let token = "sim_" + SplitMix64.hex16(rng.next()) + SplitMix64.hex16(rng.next())
        let lifetime = configuration.tokenLifetime.components
        let seconds = Double(lifetime.seconds) + Double(lifetime.attoseconds) / 1e18
        tokens[token] = now().addingTimeInterval(seconds)
        stats.tokensIssued += 1
        return .issued(token: token, expiresIn: Int(seconds.rounded()))
    }

    // MARK: - Admission

    /// Authenticates, rate-limits and rolls the fault dice for one `/api/v2` request.
    package func admit(bearer: String?) -> Admission {
        let now = now()
        let limit = configuration.rateLimitPerMinute
        guard let bearer, let expiry = tokens[bearer] else {
            return .rejected(
                withHeaders(
                    .unauthorized("No authentication bearer token specified in authorization header."),
                    defaultRateHeaders()
                )
            )
        }
        guard expiry > now else {
            tokens[bearer] = nil
            buckets[bearer] = nil
            return .rejected(withHeaders(.unauthorized("Authentication token has expired."), defaultRateHeaders()))
        }
        var headers = defaultRateHeaders()
        if limit > 0 {
            let capacity = Double(limit)
            let perSecond = capacity / 60
            var bucket = buckets[bearer] ?? TokenBucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + max(0, now.timeIntervalSince(bucket.updated)) * perSecond)
            bucket.updated = now
            if bucket.tokens < 1 {
                buckets[bearer] = bucket
                stats.rateLimited += 1
                let retryAfter = max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
                headers = rateHeaders(limit: limit, bucket: bucket, perSecond: perSecond)
                headers[.retryAfter] = String(retryAfter)
                return .rejected(
                    SimulatorError(
                        .tooManyRequests,
                        code: "too.many.requests",
                        message: "Rate limit exceeded the maximum. Retry the request in [\(retryAfter)] seconds",
                        headers: headers
                    )
                )
            }
            bucket.tokens -= 1
            buckets[bearer] = bucket
            headers = rateHeaders(limit: limit, bucket: bucket, perSecond: perSecond)
        }
        let faults = configuration.faults
        if faults.injectsRandomFaults {
            let roll = faultRNG.unit()
            if roll < faults.rateReset {
                stats.injectedResets += 1
                return .reset
            }
            if roll < faults.rateReset + faults.rate429 {
                stats.injected429 += 1
                var rejected = headers
                rejected[.retryAfter] = String(faults.retryAfterSeconds)
                return .rejected(
                    SimulatorError(
                        .tooManyRequests,
                        code: "too.many.requests",
                        message:
                            "Rate limit exceeded the maximum. Retry the request in [\(faults.retryAfterSeconds)] seconds",
                        headers: rejected
                    )
                )
            }
            if roll < faults.rateReset + faults.rate429 + faults.rate5xx {
                stats.injected5xx += 1
                let status = faultRNG.pick([500, 502, 503])
                var rejected = headers
                if status == 503 { rejected[.retryAfter] = String(faults.retryAfterSeconds) }
                return .rejected(
                    SimulatorError(
                        HTTPResponse.Status(code: status),
                        code: status == 503 ? "service.unavailable" : "internal.server.error",
                        message: "The simulator injected a server error",
                        headers: rejected
                    )
                )
            }
        }
        return .admitted(headers)
    }

    /// Rate-limit headers for a request that has no bucket (unauthenticated or unlimited).
    package nonisolated func defaultRateHeaders() -> HTTPFields {
        var headers = HTTPFields()
        let limit = configuration.rateLimitPerMinute
        headers[.ininRateLimitAllowed] = String(limit > 0 ? limit : 1_000_000)
        headers[.ininRateLimitCount] = "0"
        headers[.ininRateLimitReset] = "60"
        return headers
    }

    private func rateHeaders(limit: Int, bucket: TokenBucket, perSecond: Double) -> HTTPFields {
        var headers = HTTPFields()
        let used = max(0, Double(limit) - bucket.tokens)
        headers[.ininRateLimitAllowed] = String(limit)
        headers[.ininRateLimitCount] = String(Int(used.rounded(.up)))
        headers[.ininRateLimitReset] = String(max(0, Int((used / perSecond).rounded(.up))))
        return headers
    }

    private func withHeaders(_ error: SimulatorError, _ headers: HTTPFields) -> SimulatorError {
        var error = error
        for field in headers where error.headers[field.name] == nil {
            error.headers.append(field)
        }
        return error
    }
}
