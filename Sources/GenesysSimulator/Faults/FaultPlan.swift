import Foundation

/// Failures and delays the simulator injects into `/api/v2` responses, at seeded rates.
///
/// ```swift
/// var faults = FaultPlan.none
/// faults.rate429 = 0.1          // one API call in ten answers 429 with Retry-After
/// faults.rateReset = 0.02       // and one in fifty has its connection closed without a response
/// ```
package struct FaultPlan: Sendable, Equatable {
    /// Share (0…1) of API calls answered with an injected 429 (with `Retry-After`).
    package var rate429: Double
    /// Share (0…1) of API calls answered with an injected 500, 502 or 503.
    package var rate5xx: Double
    /// Share (0…1) of API calls whose connection is closed without any response.
    package var rateReset: Double
    /// Extra delay added before every API response.
    package var latency: Duration
    /// The `Retry-After` (seconds) injected 429s carry.
    package var retryAfterSeconds: Int
    /// Conversations whose snapshot (endpoint 12) and bulk messages (18) come back as truncated JSON.
    package var malformedConversationIDs: Set<String>
    /// Conversations the token may not see (a division outside the OAuth client's role): 403 on 12 and 42.
    package var forbiddenConversationIDs: Set<String> = []
    /// Conversations whose bulk responses (18) contain one message object without its `id`.
    package var bulkMissingIDConversationIDs: Set<String>
    /// Seed for the fault dice; the same seed gives the same sequence of faults for the same request order.
    package var seed: UInt64

    /// Creates a fault plan; everything defaults to "no faults".
    package init(
        rate429: Double = 0,
        rate5xx: Double = 0,
        rateReset: Double = 0,
        latency: Duration = .zero,
        retryAfterSeconds: Int = 1,
        malformedConversationIDs: Set<String> = [],
        bulkMissingIDConversationIDs: Set<String> = [],
        seed: UInt64 = 7
    ) {
        self.rate429 = rate429
        self.rate5xx = rate5xx
        self.rateReset = rateReset
        self.latency = latency
        self.retryAfterSeconds = retryAfterSeconds
        self.malformedConversationIDs = malformedConversationIDs
        self.bulkMissingIDConversationIDs = bulkMissingIDConversationIDs
        self.seed = seed
    }

    /// No injected faults and no added latency.
    package static let none = FaultPlan()

    /// Whether any random fault can fire.
    package var injectsRandomFaults: Bool { rate429 > 0 || rate5xx > 0 || rateReset > 0 }
}

/// What the fault dice decided for one API call.
package enum InjectedFault: Sendable, Equatable {
    /// Answer 429 with `Retry-After`.
    case tooManyRequests
    /// Answer with this 5xx status.
    case serverError(Int)
    /// Close the connection without a response.
    case connectionReset
}
