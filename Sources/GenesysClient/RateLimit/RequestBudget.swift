import Foundation
import Synchronization

/// The client-side request budget: a request pacer shared by every task using one client, which also
/// adopts the server's view of its per-token budget.
///
/// Genesys counts requests per token in fixed windows (60 s from a window's first request) and reports
/// `inin-ratelimit-count` (used), `inin-ratelimit-allowed` and `inin-ratelimit-reset` (seconds to the
/// window's end) on every response. The budget keeps four rules:
/// 1. **Own pace.** Requests start `60 s / requestsPerMinute` apart once `burst` is spent.
/// 2. **The server's allowance.** When `allowed` is lower than our rate, requests start `60 s / allowed` apart.
/// 3. **Spent window.** When the requests left (`allowed − count`) are no more than the requests of this
///    client still under way, nothing more starts until the reset; callers already waiting for a slot
///    before it are moved behind it.
/// 4. **Running ahead.** When at least `serverThreshold` of the window is used and the requests left, at
///    the pace of rules 1–2, would be spent more than `resetTolerance` before the reset (someone else uses
///    the token too), the requests left are spread over the time to the reset.
///
/// A 429 with `Retry-After` holds every request like rule 3 (`pause(for:)`). Pacing exactly at the
/// server's rate never trips rule 4 (the whole-second rounding of `reset` is what `resetTolerance`
/// absorbs), so a window is used to its last request, and only the rest of the last second is lost.
///
/// Implemented as a virtual-scheduling (GCRA) pacer: each permit reserves the next free slot under a
/// lock and the caller sleeps until it, so waiting callers are served in order without an actor hop.
package final class RequestBudget: Sendable {
    private struct State {
        /// The earliest time the next request may start, before burst credit.
        var nextSlot: Duration
        /// Nothing starts before this (a spent server window or a 429).
        var holdUntil: Duration = .zero
        /// The spacing the server's `allowed` implies (zero until a response reported one).
        var serverInterval: Duration = .zero
        /// Until when the server's window is being spread out (rule 4).
        var slowUntil: Duration = .zero
        /// The spacing to keep until `slowUntil`.
        var slowInterval: Duration = .zero
        /// Requests admitted by `acquire()` and not yet `complete(observing:)`d.
        var inFlight = 0
    }

    /// How much shorter than our pace the server's window may look before the budget spreads requests out:
    /// `inin-ratelimit-reset` is whole seconds counted from when the server saw the request.
    package static let resetTolerance: Duration = .seconds(2)

    /// The spacing at the configured rate.
    package let interval: Duration
    /// How many requests may start back to back after idling.
    package let burst: Int
    /// The share of the server's window after which running ahead spreads requests out (0.8 = 80 % used).
    package let serverThreshold: Double
    private let now: @Sendable () -> Duration
    private let sleep: @Sendable (Duration) async throws -> Void
    private let state: Mutex<State>

    /// Creates a budget of `requestsPerMinute` (0 or less turns the own pace off; the server's view still counts).
    ///
    /// - Parameters:
    ///   - requestsPerMinute: the steady rate.
    ///   - burst: how many requests may start back to back after idling.
    ///   - serverThreshold: the share of the server's window after which running ahead spreads requests out.
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

    // MARK: - Permits

    /// Waits until the budget allows one more request and counts it as under way; returns how long it waited.
    ///
    /// Balance every call with one `complete(observing:)` once the request is over.
    @discardableResult
    package func acquire() async throws -> Duration {
        var waited = Duration.zero
        var slot = reserveSlot()
        while true {
            if slot.wait > .zero {
                try await sleep(slot.wait)
                waited += slot.wait
            }
            guard let later = admit(slot.start) else { return waited }
            slot = later
        }
    }

    /// Reserves the next slot and returns the wait until it (zero when a request may start now).
    package func reserve() -> Duration {
        reserveSlot().wait
    }

    /// Ends a request from `acquire()`, reading the rate-limit headers of its response (nil: no response).
    package func complete(observing response: HTTPTransportResponse?) {
        let othersInFlight = state.withLock { state in
            state.inFlight = max(0, state.inFlight - 1)
            return state.inFlight
        }
        guard let response else { return }
        let headers = RateLimitHeaders(response)
        observe(count: headers.count, allowed: headers.allowed, reset: headers.reset, othersInFlight: othersInFlight)
    }

    // MARK: - The server's view

    /// Adopts the server's view of its window: `count` of `allowed` used, `reset` to its end.
    ///
    /// - Parameters:
    ///   - count: `inin-ratelimit-count`, this request included.
    ///   - allowed: `inin-ratelimit-allowed`.
    ///   - reset: `inin-ratelimit-reset`; 60 s when absent.
    ///   - othersInFlight: requests of this client that may not be counted yet; by default the requests
    ///     now under way.
    package func observe(count: Int?, allowed: Int?, reset: Duration?, othersInFlight: Int? = nil) {
        guard let allowed, allowed > 0 else { return }
        let window = reset ?? .seconds(60)
        let current = now()
        state.withLock { state in
            state.serverInterval = .seconds(60) / allowed
            guard let count else { return }
            let unclaimed = allowed - count - (othersInFlight ?? state.inFlight)
            if unclaimed <= 0 {
                // Rule 3: spent, or spent by the requests under way; nothing starts before the reset.
                state.holdUntil = max(state.holdUntil, current + window)
                return
            }
            guard Double(count) / Double(allowed) >= serverThreshold else { return }
            let spacing = max(interval, state.serverInterval)
            guard spacing * unclaimed < window - Self.resetTolerance else { return }
            // Rule 4: the window would run out well before its reset; spread what is left over it.
            if current >= state.slowUntil { state.slowInterval = .zero }
            state.slowUntil = max(state.slowUntil, current + window)
            state.slowInterval = max(state.slowInterval, window / unclaimed)
        }
    }

    /// Reads the rate-limit headers of a response (for a response not obtained through `acquire()`).
    package func observe(_ response: HTTPTransportResponse) {
        let headers = RateLimitHeaders(response)
        observe(count: headers.count, allowed: headers.allowed, reset: headers.reset)
    }

    /// Holds every request of this client for `duration` (after a 429 with `Retry-After`).
    package func pause(for duration: Duration) {
        let until = now() + duration
        state.withLock { state in
            state.holdUntil = max(state.holdUntil, until)
        }
    }

    // MARK: - Private

    private func reserveSlot() -> (start: Duration, wait: Duration) {
        let current = now()
        return state.withLock { nextSlot(in: &$0, at: current) }
    }

    /// Counts a caller whose slot has come as under way, or, when a hold set while it waited covers its
    /// slot, reserves it a slot after the hold.
    private func admit(_ start: Duration) -> (start: Duration, wait: Duration)? {
        let current = now()
        return state.withLock { state in
            if start < state.holdUntil { return nextSlot(in: &state, at: current) }
            state.inFlight += 1
            return nil
        }
    }

    private func nextSlot(in state: inout State, at current: Duration) -> (start: Duration, wait: Duration) {
        var spacing = max(interval, state.serverInterval)
        if current < state.slowUntil { spacing = max(spacing, state.slowInterval) }
        let credit = spacing * (burst - 1)
        let slot = max(state.nextSlot, current - credit, state.holdUntil)
        state.nextSlot = slot + spacing
        return (slot, max(slot - current, .zero))
    }
}
