import Foundation
import GenesysModels

/// When and how long to wait before trying a request again.
///
/// - 429 and 503 mean the server refused the request, so every method may be retried; the wait is the
///   server's `Retry-After` (seconds or HTTP-date) or `inin-ratelimit-reset`, else the backoff.
/// - Other 5xx, connection resets and timeouts are ambiguous: the server may have acted. They are
///   retried with backoff only for idempotent requests (reads, bulk fetches, queries).
/// - A connection that was never made is retried for every method.
package struct RetryPolicy: Sendable {
    /// The attempts one request may take, the first included.
    package var maxAttempts: Int
    /// The exponential backoff with full jitter.
    package var backoff: Backoff
    /// The longest server-requested wait honoured; a longer one ends the retries.
    package var maxRetryAfter: Duration

    /// Creates a policy.
    package init(maxAttempts: Int, backoff: Backoff, maxRetryAfter: Duration = .seconds(300)) {
        self.maxAttempts = max(1, maxAttempts)
        self.backoff = backoff
        self.maxRetryAfter = maxRetryAfter
    }

    /// The outcome of one attempt, as far as retrying is concerned.
    package enum Outcome: Sendable {
        /// An HTTP response with a non-2xx status and the server's requested wait, if any.
        case status(Int, retryAfter: Duration?)
        /// A failure below HTTP.
        case transport(HTTPTransportError)
    }

    /// The wait before the next attempt, or `nil` when the request must not be retried.
    ///
    /// - Parameters:
    ///   - outcome: what the attempt produced.
    ///   - attempt: the attempt's number, 1-based.
    ///   - isIdempotent: whether repeating the request is harmless.
    /// - Returns: the wait, or `nil` to give up.
    package func delay(after outcome: Outcome, attempt: Int, isIdempotent: Bool) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        switch outcome {
        case .status(let status, let retryAfter):
            switch status {
            case 429, 503:
                if let retryAfter {
                    return retryAfter <= maxRetryAfter ? max(retryAfter, .zero) : nil
                }
                return backoff.delay(forRetry: attempt)
            case 500...599:
                return isIdempotent ? backoff.delay(forRetry: attempt) : nil
            default:
                return nil
            }
        case .transport(let error):
            switch error.kind {
            case .connectFailed:
                return backoff.delay(forRetry: attempt)
            case .timeout, .connectionReset, .other:
                return isIdempotent ? backoff.delay(forRetry: attempt) : nil
            case .responseTooLarge:
                return nil
            }
        }
    }
}

/// Exponential backoff with full jitter: retry *n* waits a uniform random time in `0...min(cap, base·2ⁿ⁻¹)`.
package struct Backoff: Sendable {
    /// The first step's upper bound.
    package var base: Duration
    /// The largest upper bound.
    package var cap: Duration
    /// Picks a duration in `0...bound`; the default is uniform random, tests pass a fixed choice.
    package var jitter: @Sendable (_ bound: Duration) -> Duration

    /// Creates a backoff.
    package init(
        base: Duration = .milliseconds(500),
        cap: Duration = .seconds(30),
        jitter: @escaping @Sendable (_ bound: Duration) -> Duration = Backoff.uniformJitter
    ) {
        self.base = base
        self.cap = cap
        self.jitter = jitter
    }

    /// The upper bound of the wait before retry `retry` (1-based): `min(cap, base·2^(retry-1))`.
    package func bound(forRetry retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 40)
        let scaled = base * Double(1 << exponent)
        return min(scaled, cap)
    }

    /// The wait before retry `retry`, jittered and clamped to `0...bound(forRetry:)`.
    package func delay(forRetry retry: Int) -> Duration {
        let bound = bound(forRetry: retry)
        return min(max(jitter(bound), .zero), bound)
    }

    /// A uniform random duration in `0...bound`.
    package static let uniformJitter: @Sendable (Duration) -> Duration = { bound in
        let nanos = bound.nanoseconds
        guard nanos > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...nanos))
    }
}

/// Parses the server's "wait this long" headers.
package enum RetryAfter {
    /// The wait `Retry-After` asks for: delay-seconds (`"3"`) or an HTTP-date relative to `now`.
    package static func parse(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(text), seconds.isFinite, seconds >= 0 {
            return .milliseconds(Int64((seconds * 1000).rounded()))
        }
        guard let date = httpDate(text) else { return nil }
        let seconds = date.timeIntervalSince(now)
        return seconds > 0 ? .milliseconds(Int64((seconds * 1000).rounded(.up))) : .zero
    }

    /// The wait of a response: `Retry-After` first, then `inin-ratelimit-reset` (seconds).
    package static func wait(in response: HTTPTransportResponse, now: Date) -> Duration? {
        if let value = response.header("Retry-After"), let wait = parse(value, now: now) {
            return wait
        }
        if let value = response.header("inin-ratelimit-reset"),
            let seconds = Double(value.trimmingCharacters(in: .whitespaces)),
            seconds.isFinite, seconds >= 0
        {
            return .milliseconds(Int64((seconds * 1000).rounded()))
        }
        return nil
    }

    /// Parses an HTTP-date in IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 or asctime form.
    package static func httpDate(_ text: String) -> Date? {
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    /// Formats `date` as an IMF-fixdate, the form servers send.
    package static func formatHTTPDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
