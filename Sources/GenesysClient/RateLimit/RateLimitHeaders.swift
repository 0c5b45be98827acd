import Foundation

/// The `inin-ratelimit-*` headers of one response.
package struct RateLimitHeaders: Sendable, Equatable {
    /// `inin-ratelimit-count`: requests counted in the current window, this one included.
    package var count: Int?
    /// `inin-ratelimit-allowed`: requests allowed per window.
    package var allowed: Int?
    /// `inin-ratelimit-reset`: the time to the window's end (whole or fractional seconds).
    package var reset: Duration?

    /// Creates the headers from their values.
    package init(count: Int?, allowed: Int?, reset: Duration?) {
        self.count = count
        self.allowed = allowed
        self.reset = reset
    }

    /// Reads the headers of `response`; absent or malformed ones are nil.
    package init(_ response: HTTPTransportResponse) {
        func number(_ name: String) -> Double? {
            guard let value = response.header(name).flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }),
                value.isFinite, value >= 0, value < 1e12
            else { return nil }
            return value
        }
        count = number("inin-ratelimit-count").map { Int($0) }
        allowed = number("inin-ratelimit-allowed").map { Int($0) }
        reset = number("inin-ratelimit-reset").map { .milliseconds(Int64(($0 * 1000).rounded(.up))) }
    }
}
