import Foundation
import HTTPTypes

/// The fixed 60-second rate-limit window of one bearer token, the model Genesys Cloud uses for
/// `client.credentials.token.rate.per.minute`.
///
/// The rule, on the simulator clock with millisecond resolution:
/// - a token's window opens at its first request when it has no open window, and lasts `length`
///   (requests at `start + length` or later open the next window);
/// - every request inside the window is counted, rejected ones included, so `count` is this
///   request's position in the window;
/// - a request is served when `count <= allowed` and answered 429 otherwise;
/// - `resetSeconds` is the whole seconds from the request to the window's end, rounded up (1…60).
///
/// ```swift
/// var window: RateLimitWindow?
/// let decision = RateLimitWindow.count(&window, at: now, allowed: 300)
/// if !decision.isAdmitted { /* 429, Retry-After: decision.resetSeconds */ }
/// ```
package struct RateLimitWindow: Sendable, Equatable {
    /// The window length.
    package static let length: Int64 = 60_000
    /// The `inin-ratelimit-allowed` value announced when rate limiting is off.
    package static let unlimited = 1_000_000

    /// When the window opened, in milliseconds since 1970.
    package var startMillis: Int64
    /// Requests counted in the window so far.
    package var count: Int

    /// Creates a window that opened at `startMillis` and has counted `count` requests.
    package init(startMillis: Int64, count: Int) {
        self.startMillis = startMillis
        self.count = count
    }

    /// Counts one request at `now` into `window` (opening a new window when there is none or it has ended).
    ///
    /// - Parameters:
    ///   - window: the token's current window; replaced when a new one opens.
    ///   - now: the request's instant.
    ///   - allowed: requests allowed per window.
    /// - Returns: the request's count, the limit and the seconds until the window ends.
    package static func count(_ window: inout RateLimitWindow?, at now: Date, allowed: Int) -> RateLimitDecision {
        let nowMillis = millis(now)
        var current = window ?? RateLimitWindow(startMillis: nowMillis, count: 0)
        if nowMillis >= current.startMillis + length || nowMillis < current.startMillis {
            current = RateLimitWindow(startMillis: nowMillis, count: 0)
        }
        current.count += 1
        window = current
        let remaining = current.startMillis + length - nowMillis
        return RateLimitDecision(
            count: current.count,
            allowed: allowed,
            resetSeconds: Int((remaining + 999) / 1000)
        )
    }

    /// An instant as whole milliseconds since 1970 (rounded to the nearest, as the wire format prints it).
    static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}

/// What the rate limiter decided for one request, and the `inin-ratelimit-*` headers that say so.
package struct RateLimitDecision: Sendable, Equatable {
    /// Requests counted in the current window, including this one (`inin-ratelimit-count`).
    package var count: Int
    /// Requests allowed per window (`inin-ratelimit-allowed`).
    package var allowed: Int
    /// Whole seconds until the window ends, rounded up (`inin-ratelimit-reset`; also `Retry-After` on a 429).
    package var resetSeconds: Int

    /// Whether the request is within the limit.
    package var isAdmitted: Bool { count <= allowed }

    /// The headers for a request that opened no window (no valid token): nothing counted, a full window ahead.
    package static func uncounted(allowed: Int) -> RateLimitDecision {
        RateLimitDecision(count: 0, allowed: allowed, resetSeconds: Int(RateLimitWindow.length / 1000))
    }

    /// `inin-ratelimit-count`, `inin-ratelimit-allowed` and `inin-ratelimit-reset`.
    package var headers: HTTPFields {
        var headers = HTTPFields()
        headers[.ininRateLimitCount] = String(count)
        headers[.ininRateLimitAllowed] = String(allowed)
        headers[.ininRateLimitReset] = String(resetSeconds)
        return headers
    }
}
