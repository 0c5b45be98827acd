import Foundation
import GenesysClient
import Synchronization

/// A clock for concurrent tests that moves only when every participant sleeps.
///
/// Time stands still while any participant runs, and jumps to the earliest wake-up once every
/// participant sleeps. A run is then exact and repeatable, whatever the scheduling.
final class VirtualClock: Sendable {
    private struct Sleeper {
        var deadline: Duration
        var order: Int
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var now: Duration = .zero
        var participants: Int
        var sleepers: [Sleeper] = []
        var order = 0
    }

    private let state: Mutex<State>

    /// Creates a clock for `participants` tasks, each of which calls `leave()` when done.
    init(participants: Int) {
        state = Mutex(State(participants: participants))
    }

    /// The current reading.
    var now: Duration { state.withLock { $0.now } }

    /// Suspends until the clock reaches now + `duration`.
    func sleep(_ duration: Duration) async {
        guard duration > .zero else { return }
        await withCheckedContinuation { continuation in
            let due = state.withLock { state in
                state.order += 1
                state.sleepers.append(
                    Sleeper(deadline: state.now + duration, order: state.order, continuation: continuation)
                )
                return Self.advanceIfIdle(&state)
            }
            for waiter in due { waiter.resume() }
        }
    }

    /// Ends one participant; the others go on.
    func leave() {
        let due = state.withLock { state in
            state.participants -= 1
            return Self.advanceIfIdle(&state)
        }
        for waiter in due { waiter.resume() }
    }

    private static func advanceIfIdle(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        guard state.participants > 0, state.sleepers.count >= state.participants,
            let earliest = state.sleepers.map(\.deadline).min()
        else { return [] }
        state.now = earliest
        let due = state.sleepers.filter { $0.deadline == earliest }.sorted { $0.order < $1.order }
        state.sleepers.removeAll { $0.deadline == earliest }
        return due.map(\.continuation)
    }
}

/// An in-process Genesys-like API that allows `limit` requests per token in fixed 60 s windows.
///
/// A window begins with the first request after the previous one ended. Each request takes
/// `latency` on the virtual clock, half before the server counts it and half after. Every response
/// carries `inin-ratelimit-count/allowed/reset` (reset: whole seconds to the window's end, rounded
/// up); a request over the limit gets a 429 with `Retry-After` = those seconds.
final class FixedWindowServer: HTTPTransport {
    /// One window: when it began, what it admitted and what it refused.
    struct Window: Equatable {
        var start: Duration
        var admitted = 0
        var refused = 0
    }

    private let clock: VirtualClock
    private let limit: Int
    private let latency: Duration
    private let state = Mutex<[Window]>([])

    init(clock: VirtualClock, limit: Int, latency: Duration) {
        self.clock = clock
        self.limit = limit
        self.latency = latency
    }

    /// The windows so far.
    var windows: [Window] { state.withLock { $0 } }

    func execute(_ request: HTTPTransportRequest) async throws -> HTTPTransportResponse {
        await clock.sleep(latency / 2)
        let response = admit(at: clock.now)
        await clock.sleep(latency / 2)
        return response
    }

    func shutdown() async throws {}

    private func admit(at now: Duration) -> HTTPTransportResponse {
        state.withLock { windows in
            if windows.last.map({ now >= $0.start + .seconds(60) }) ?? true {
                windows.append(Window(start: now))
            }
            let index = windows.count - 1
            let remaining = windows[index].start + .seconds(60) - now
            let reset = remaining.components.seconds + (remaining.components.attoseconds > 0 ? 1 : 0)
            var headers: [(name: String, value: String)] = [
                ("inin-ratelimit-allowed", "\(limit)"), ("inin-ratelimit-reset", "\(reset)"),
            ]
            guard windows[index].admitted < limit else {
                windows[index].refused += 1
                headers += [("inin-ratelimit-count", "\(limit)"), ("Retry-After", "\(reset)")]
                return HTTPTransportResponse(status: 429, headers: headers, body: Data("{}".utf8))
            }
            windows[index].admitted += 1
            headers.append(("inin-ratelimit-count", "\(windows[index].admitted)"))
            return HTTPTransportResponse(status: 200, headers: headers, body: Data("{}".utf8))
        }
    }
}
