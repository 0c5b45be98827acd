import Synchronization

/// A snapshot of what one client has done so far: the single source of the client's counters.
///
/// Every counter is kept by the client's request loop, so API calls and media downloads count alike
/// (`requests`, `retries`, `rateLimited`, …) and token requests only in `tokenRequests`. Callers that
/// report one run take `statistics.since(atStart)`.
package struct ClientStatistics: Sendable, Equatable, CustomStringConvertible {
    /// API requests and media downloads sent (every attempt, retries included; token requests excluded).
    package var requests = 0
    /// Attempts that were retries of an earlier attempt.
    package var retries = 0
    /// 429 responses seen.
    package var rateLimited = 0
    /// 5xx responses seen.
    package var serverErrors = 0
    /// Failures below HTTP (connect, reset, timeout).
    package var transportErrors = 0
    /// OAuth token requests sent.
    package var tokenRequests = 0
    /// Response body bytes received from API requests and media downloads.
    package var bytesReceived = 0
    /// Total time spent waiting for the request budget or a retry delay.
    package var waited: Duration = .zero

    /// Creates zeroed statistics.
    package init() {}

    /// What happened after `earlier`, a snapshot taken before this one.
    package func since(_ earlier: ClientStatistics) -> ClientStatistics {
        var delta = self
        for counter in Self.counters { delta[keyPath: counter] -= earlier[keyPath: counter] }
        delta.waited = waited - earlier.waited
        return delta
    }

    /// Every integer counter.
    package static var counters: [WritableKeyPath<ClientStatistics, Int>] {
        [\.requests, \.retries, \.rateLimited, \.serverErrors, \.transportErrors, \.tokenRequests, \.bytesReceived]
    }

    /// A one-line summary.
    package var description: String {
        "requests=\(requests) retries=\(retries) rateLimited=\(rateLimited) serverErrors=\(serverErrors) "
            + "transportErrors=\(transportErrors) tokenRequests=\(tokenRequests) bytesReceived=\(bytesReceived)"
    }
}

/// The lock-protected statistics of one client, shared with its token provider.
final class StatisticsRecorder: Sendable {
    private let state = Mutex(ClientStatistics())

    /// Runs `body` with exclusive access to the statistics.
    func withLock<T>(_ body: (inout ClientStatistics) -> T) -> T {
        state.withLock { body(&$0) }
    }
}
