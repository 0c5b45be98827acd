import Synchronization

/// A snapshot of what one client has done so far.
package struct ClientStatistics: Sendable, Equatable, CustomStringConvertible {
    /// API requests sent (every attempt, retries included; token requests excluded).
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
    /// Response body bytes received from API requests.
    package var bytesReceived = 0
    /// Total time spent waiting for the request budget or a retry delay.
    package var waited: Duration = .zero

    /// Creates zeroed statistics.
    package init() {}

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
