import Foundation
import GenesysModels
import HTTPTypes
import Hummingbird

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

    /// Checks client credentials (Basic auth, or `client_id`/`client_secret` form fields) against every
    /// accepted client and issues a token for the matching one.
    ///
    /// A wrong secret or unknown client id is refused as Genesys does: 401 `invalid_client`.
    package func issueToken(authorization: String?, form: [String: String]) -> TokenIssue {
        guard form["grant_type"] == "client_credentials" else {
            stats.tokenRequestsRejected += 1
            return .rejected(
                status: .badRequest,
                error: "unsupported_grant_type",
                description: "grant_type must be client_credentials"
            )
        }
        guard let credentials = Self.credentials(authorization: authorization, form: form) else {
            stats.tokenRequestsRejected += 1
            return .rejected(
                status: .unauthorized,
                error: "invalid_client",
                description: "client authentication failed: missing Basic credentials"
            )
        }
        guard configuration.acceptedClients.contains(credentials) else {
            stats.tokenRequestsRejected += 1
            return .rejected(
                status: .unauthorized,
                error: "invalid_client",
                description: "client authentication failed: unknown client id or wrong secret"
            )
        }
        let token = "sim_" + SplitMix64.hex16(rng.next()) + SplitMix64.hex16(rng.next())
        let seconds = configuration.tokenLifetime.timeInterval
        tokens[token] = now().addingTimeInterval(seconds)
        stats.tokensIssued += 1
        stats.tokensIssuedByClient[credentials.id, default: 0] += 1
        return .issued(token: token, expiresIn: Int(seconds.rounded()))
    }

    private static func credentials(authorization: String?, form: [String: String]) -> ClientCredential? {
        if let authorization, authorization.lowercased().hasPrefix("basic ") {
            let encoded = authorization.dropFirst(6).trimmingCharacters(in: .whitespaces)
            guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8),
                let colon = text.firstIndex(of: ":")
            else { return nil }
            return ClientCredential(id: String(text[..<colon]), secret: String(text[text.index(after: colon)...]))
        }
        guard let id = form["client_id"], let secret = form["client_secret"] else { return nil }
        return ClientCredential(id: id, secret: secret)
    }

    // MARK: - Admission

    /// Authenticates, rate-limits (fixed 60 s window per token, see `RateLimitWindow`) and rolls the fault
    /// dice for one `/api/v2` request.
    package func admit(bearer: String?) -> Admission {
        let now = now()
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
            windows[bearer] = nil
            return .rejected(withHeaders(.unauthorized("Authentication token has expired."), defaultRateHeaders()))
        }
        let decision = RateLimitWindow.count(&windows[bearer], at: now, allowed: allowedPerWindow)
        var headers = decision.headers
        guard decision.isAdmitted else {
            stats.rateLimited += 1
            headers[.retryAfter] = String(decision.resetSeconds)
            return .rejected(Self.tooManyRequests(retryAfter: decision.resetSeconds, headers: headers))
        }
        if let fault = rollFault() {
            switch fault {
            case .connectionReset:
                return .reset
            case .tooManyRequests:
                let retryAfter = configuration.faults.retryAfterSeconds
                headers[.retryAfter] = String(retryAfter)
                return .rejected(Self.tooManyRequests(retryAfter: retryAfter, headers: headers))
            case .serverError(let status):
                if status == 503 { headers[.retryAfter] = String(configuration.faults.retryAfterSeconds) }
                return .rejected(
                    SimulatorError(
                        HTTPResponse.Status(code: status),
                        code: status == 503 ? "service.unavailable" : "internal.server.error",
                        message: "The simulator injected a server error",
                        headers: headers
                    )
                )
            }
        }
        return .admitted(headers)
    }

    /// The `inin-ratelimit-allowed` value: the configured limit, or `RateLimitWindow.unlimited` when it is off.
    package nonisolated var allowedPerWindow: Int {
        configuration.rateLimitPerMinute > 0 ? configuration.rateLimitPerMinute : RateLimitWindow.unlimited
    }

    /// Rate-limit headers for a response no token window counted (no valid token, OAuth, `/sim`, unknown paths).
    package nonisolated func defaultRateHeaders() -> HTTPFields {
        RateLimitDecision.uncounted(allowed: allowedPerWindow).headers
    }

    /// Rolls the seeded fault dice once, counting what fired.
    private func rollFault() -> InjectedFault? {
        let faults = configuration.faults
        guard faults.injectsRandomFaults else { return nil }
        let roll = faultRNG.unit()
        if roll < faults.rateReset {
            stats.injectedResets += 1
            return .connectionReset
        }
        if roll < faults.rateReset + faults.rate429 {
            stats.injected429 += 1
            return .tooManyRequests
        }
        if roll < faults.rateReset + faults.rate429 + faults.rate5xx {
            stats.injected5xx += 1
            return .serverError(faultRNG.pick([500, 502, 503]))
        }
        return nil
    }

    private static func tooManyRequests(retryAfter: Int, headers: HTTPFields) -> SimulatorError {
        SimulatorError(
            .tooManyRequests,
            code: "too.many.requests",
            message: "Rate limit exceeded the maximum. Retry the request in [\(retryAfter)] seconds",
            headers: headers
        )
    }

    private func withHeaders(_ error: SimulatorError, _ headers: HTTPFields) -> SimulatorError {
        var error = error
        for field in headers where error.headers[field.name] == nil {
            error.headers.append(field)
        }
        return error
    }
}
