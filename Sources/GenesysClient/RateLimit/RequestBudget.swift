import Foundation
import Synchronization

/// The client-side request budget: a token bucket shared by every task using one client.
///
/// Requests are spaced `60 s / requestsPerMinute` apart once the bucket's `burst` is spent, so a
/// client never provokes a 429 by itself. When the server's `inin-ratelimit-count` /
/// `inin-ratelimit-allowed` headers say its budget is nearly spent, the remaining requests are
/// spread over the `inin-ratelimit-reset` window; when it is spent, requests wait for the reset.
///
/// Implemented as a virtual-scheduling (GCRA) bucket: each permit reserves the next free slot
/// under a lock and the caller sleeps until its slot, so waiting callers are served in order
/// without an actor hop.
package final class RequestBudget: Sendable {
    private struct State {
        /// The earliest time the next request may start, before burst credit.
        var nextSlot: Duration
        /// Until when the server asked to slow down.
        var slowUntil: Duration = .zero
        /// The spacing to keep until `slowUntil`.
        var slowInterval: Duration = .zero
    }

    /// The spacing at the configured rate.
    package let interval: Duration
    /// How many requests may start back to back after idling.
    package let burst: Int
    /// The share of the server's budget after which the client slows down (0.8 = 80 % spent).
    package let serverThreshold: Double
    private let now: @Sendable () -> Duration
    private let sleep: @Sendable (Duration) async throws -> Void
    private let state: Mutex<State>

    /// Creates a budget of `requestsPerMinute` (0 or less turns it off).
    ///
    /// - Parameters:
    ///   - requestsPerMinute: the steady rate.
    ///   - burst: how many requests may start back to back after idling.
    ///   - serverThreshold: the share of the server budget after which to slow down.
    ///   - now: a monotonic clock reading.
    ///   - sleep: waits a duration (tests pass a fake that advances `now`).
    package init(
        requestsPerMinute: Int,
        burst: Int = 1,
        serverThreshold: Double = 0.8,
        now: @escaping @Sendable () -> Duration,
        sleep: @escaping @Sendable (Duration) async throws -> Void
    ) {
        self.interval = requestsPerMinute > 0 ? .seconds(60) / requestsPerMinute : .zero
        self.burst = max(1, burst)
        self.serverThreshold = serverThreshold
        self.now = now
        self.sleep = sleep
        self.state = Mutex(State(nextSlot: now()))
    }

    /// Waits until the budget allows one more request; returns how long it waited.
    @discardableResult
    package func acquire() async throws -> Duration {
        let wait = reserve()
        if wait > .zero {
            try await sleep(wait)
        }
        return wait
    }

    /// Reserves the next slot and returns the wait until it (zero when a request may start now).
    package func reserve() -> Duration {
        let current = now()
        return state.withLock { state in
            var spacing = interval
            if current < state.slowUntil { spacing = max(spacing, state.slowInterval) }
            let credit = spacing * (burst - 1)
            let slot = max(state.nextSlot, current - credit)
            state.nextSlot = slot + spacing
            return max(slot - current, .zero)
        }
    }

    /// Reads the `inin-ratelimit-*` headers of a response and slows down when the server budget is nearly spent.
    package func observe(count: Int?, allowed: Int?, reset: Duration?) {
        guard let count, let allowed, allowed > 0 else { return }
        let used = Double(count) / Double(allowed)
        guard used >= serverThreshold else { return }
        let window = reset ?? .seconds(60)
        let current = now()
        let remaining = allowed - count
        state.withLock { state in
            if current >= state.slowUntil { state.slowInterval = .zero }
            state.slowUntil = max(state.slowUntil, current + window)
            if remaining <= 0 {
                // Spent: nothing may start before the window resets.
                state.nextSlot = max(state.nextSlot, current + window)
                state.slowInterval = max(state.slowInterval, interval)
            } else {
                state.slowInterval = max(interval, window / remaining)
            }
        }
    }

    /// Holds every request of this client for `duration` (after a 429 with `Retry-After`).
    package func pause(for duration: Duration) {
        let until = now() + duration
        state.withLock { state in
            state.nextSlot = max(state.nextSlot, until)
        }
    }

    /// Reads the rate-limit headers of a transport response.
    package func observe(_ response: HTTPTransportResponse) {
        func int(_ name: String) -> Int? {
            response.header(name).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        observe(
            count: int("inin-ratelimit-count"),
            allowed: int("inin-ratelimit-allowed"),
            reset: int("inin-ratelimit-reset").map { .seconds($0) }
        )
    }
}
