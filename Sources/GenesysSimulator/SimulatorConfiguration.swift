import Foundation

/// Everything that shapes a simulated Genesys Cloud org and how its API behaves.
///
/// The `sim` command maps its flags one to one onto these fields:
///
/// | flag | field | default |
/// |---|---|---|
/// | `--seed` | `seed` | 42 |
/// | `--conversations` | `conversations` | 200 |
/// | `--start`, `--end` | `start`, `end` | the 30 days before 2026-11-01T00:00:00Z |
/// | `--client-id` | `clientID` | `sim-client` |
/// | `--client-secret` | `clientSecret` | `sim-secret` |
/// | `--client ID:SECRET` (repeatable) | `clients` | none |
/// | `--token-lifetime` (seconds) | `tokenLifetime` | 86,399 s |
/// | `--rate-limit` (requests per token per fixed 60 s window, 0 = off) | `rateLimitPerMinute` | 300 |
/// | `--legacy-share` | `legacyMessageShare` | 0.05 |
/// | `--cached-media` | `cachedMediaItems` | 60 |
/// | `--fault-429-rate` | `faults.rate429` | 0 |
/// | `--fault-5xx-rate` | `faults.rate5xx` | 0 |
/// | `--fault-reset-rate` | `faults.rateReset` | 0 |
/// | `--latency-ms` | `faults.latency` | 0 |
/// | `--malformed-conversation` (repeatable) | `faults.malformedConversationIDs` | none |
/// | `--bulk-missing-id-conversation` (repeatable) | `faults.bulkMissingIDConversationIDs` | none |
/// | `--forbidden-conversation` (repeatable) | `faults.forbiddenConversationIDs` | none |
/// | `--port` | `GenesysSimulator.run(port:)` | 8080 in the CLI, 0 (ephemeral) in tests |
package struct SimulatorConfiguration: Sendable {
    /// The seed every synthetic value is derived from.
    package var seed: UInt64
    /// How many seeded conversations the org starts with.
    package var conversations: Int
    /// Start of the time range the seeded conversations start in.
    package var start: Date
    /// End (exclusive) of the time range the seeded conversations start in.
    package var end: Date
    /// The OAuth client id `POST /oauth/token` accepts.
    package var clientID: String
    /// The OAuth client secret `POST /oauth/token` accepts (never logged).
    package var clientSecret: String
    /// Further OAuth clients `POST /oauth/token` accepts besides `clientID`/`clientSecret`.
    package var clients: [ClientCredential]
    /// How long an issued bearer token stays valid.
    package var tokenLifetime: Duration
    /// Requests each bearer token may make per fixed 60-second window; 0 turns rate limiting off.
    ///
    /// A token's window starts at its first request once the previous window has ended, and the count
    /// restarts at the window's end (see `RateLimitWindow`). "Off" announces `RateLimitWindow.unlimited`.
    package var rateLimitPerMinute: Int
    /// Share (0…1) of seeded messages rendered in the legacy shape (`textBody`/`media`, no `normalizedMessage`).
    package var legacyMessageShare: Double
    /// How many cached media items the org starts with.
    package var cachedMediaItems: Int
    /// The datalake availability instant (endpoint 39); `nil` means the simulator clock's "now".
    ///
    /// Async jobs only see conversations that started at or before it.
    package var dataAvailabilityDate: Date?
    /// Injected failures and latency.
    package var faults: FaultPlan
    /// The clock tokens, rate limits and new messages use; tests can substitute a manual one.
    package var clock: SimulatorClock

    /// Every accepted OAuth client: `clientID`/`clientSecret` first, then `clients` (a repeated id keeps the first).
    package var acceptedClients: [ClientCredential] {
        var seen = Set<String>()
        return ([ClientCredential(id: clientID, secret: clientSecret)] + clients).filter { seen.insert($0.id).inserted }
    }

    /// The default end of the org's time range, 2026-11-01T00:00:00Z.
    package static let defaultEnd = Date(timeIntervalSince1970: 1_793_491_200)

    /// Creates a configuration; every field has a documented default.
    package init(
        seed: UInt64 = 42,
        conversations: Int = 200,
        start: Date? = nil,
        end: Date = SimulatorConfiguration.defaultEnd,
        clientID: String = "sim-client",
        clientSecret: String = "sim-secret",
        clients: [ClientCredential] = [],
        tokenLifetime: Duration = .seconds(86_399),
        rateLimitPerMinute: Int = 300,
        legacyMessageShare: Double = 0.05,
        cachedMediaItems: Int = 60,
        dataAvailabilityDate: Date? = nil,
        faults: FaultPlan = .none,
        clock: SimulatorClock = .system
    ) {
        self.seed = seed
        self.conversations = max(0, conversations)
        self.end = end
        self.start = start ?? end.addingTimeInterval(-30 * 86_400)
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.clients = clients
        self.tokenLifetime = tokenLifetime
        self.rateLimitPerMinute = max(0, rateLimitPerMinute)
        self.legacyMessageShare = min(1, max(0, legacyMessageShare))
        self.cachedMediaItems = max(0, cachedMediaItems)
        self.dataAvailabilityDate = dataAvailabilityDate
        self.faults = faults
        self.clock = clock
    }
}

/// The source of "now" for the simulator: the system clock, or a manual clock a test advances.
package struct SimulatorClock: Sendable {
    /// Returns the current instant.
    package var now: @Sendable () -> Date

    /// Creates a clock from a closure.
    package init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// The system wall clock.
    package static let system = SimulatorClock { Date() }
}
