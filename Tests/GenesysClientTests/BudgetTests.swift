import Foundation
import GenesysClient
import Synchronization
import TestSupport
import Testing

struct BudgetTests {
    /// The largest number of starts inside any window of `width`.
    private func busiestWindow(_ starts: [Duration], width: Duration) -> Int {
        let sorted = starts.sorted()
        var best = 0
        var low = 0
        for high in sorted.indices {
            while sorted[high] - sorted[low] >= width { low += 1 }
            best = max(best, high - low + 1)
        }
        return best
    }

    @Test func holdsTheConfiguredRateAcrossConcurrentTasks() async throws {
        // Time stands still: every task reserves at t = 0, so each wait is its slot's start time.
        let budget = RequestBudget(requestsPerMinute: 300, now: { .zero }, sleep: { _ in await Task.yield() })
        let starts = Recorder<Duration>()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<75 {
                        let start = try await budget.acquire()
                        starts.append(start)
                    }
                }
            }
            try await group.waitForAll()
        }
        let recorded = starts.elements.sorted()
        // 600 requests from 8 tasks got 600 distinct slots 0.2 s apart …
        #expect(recorded == (0..<600).map { Duration.milliseconds(200) * $0 })
        // … so no minute holds more than the 300 configured.
        #expect(busiestWindow(recorded, width: .seconds(60)) == 300)
    }

    @Test func reservationsAreSpacedByTheInterval() {
        let clock = FakeClock()
        let budget = RequestBudget(requestsPerMinute: 120, now: { clock.now }, sleep: { _ in })
        // Reserve 240 slots at t = 0 without waiting: slot k starts at k × 0.5 s.
        let waits = (0..<240).map { _ in budget.reserve() }
        #expect(waits.first == .zero)
        #expect(waits[1] == .milliseconds(500))
        #expect(waits.last == .milliseconds(500) * 239)
        // … so no 60-second window holds more than the 120 allowed.
        #expect(busiestWindow(waits, width: .seconds(60)) == 120)
    }

    @Test func burstAllowsBackToBackStartsAfterIdling() {
        let clock = FakeClock()
        let budget = RequestBudget(requestsPerMinute: 60, burst: 3, now: { clock.now }, sleep: { _ in })
        clock.advance(by: .seconds(100))
        #expect((0..<3).map { _ in budget.reserve() } == [.zero, .zero, .zero])
        #expect(budget.reserve() == .seconds(1))
    }

    @Test func slowsDownWhenTheServerBudgetIsNearlySpent() {
        let clock = FakeClock()
        let budget = RequestBudget(requestsPerMinute: 300, now: { clock.now }, sleep: { _ in })
        _ = budget.reserve()
        clock.advance(by: .seconds(1))
        // 170 of 180 used, 50 s to the reset: 10 left, spread over 50 s → one every 5 s.
        budget.observe(count: 170, allowed: 180, reset: .seconds(50))
        #expect(budget.reserve() == .zero)
        #expect(budget.reserve() == .seconds(5))
        // Spent: nothing before the reset.
        budget.observe(count: 180, allowed: 180, reset: .seconds(30))
        #expect(budget.reserve() >= .seconds(30))
    }

    @Test func ignoresServerHeadersWithPlentyLeft() {
        let clock = FakeClock()
        let budget = RequestBudget(requestsPerMinute: 600, now: { clock.now }, sleep: { _ in })
        // An allowance above ours (a lower one is adopted: see adoptsALowerServerAllowance).
        budget.observe(count: 10, allowed: 1800, reset: .seconds(50))
        #expect(budget.reserve() == .zero)
        #expect(budget.reserve() == .milliseconds(100))
    }

    @Test func adoptsALowerServerAllowance() {
        let clock = FakeClock()
        let budget = RequestBudget(requestsPerMinute: 600, now: { clock.now }, sleep: { _ in })
        budget.observe(count: 10, allowed: 240, reset: .seconds(50))
        // 240 a minute is one every 0.25 s, slower than our 0.1 s.
        #expect(budget.reserve() == .zero)
        #expect(budget.reserve() == .milliseconds(250))
        #expect(budget.reserve() == .milliseconds(500))
    }

    @Test func holdsWhenTheRequestsUnderWaySpendWhatIsLeft() async throws {
        let clock = FakeClock()
        let budget = RequestBudget(requestsPerMinute: 0, now: { clock.now }, sleep: { _ in })
        for _ in 0..<3 { try await budget.acquire() }
        // The first answer: 298 of 300 used, 7 s to the reset; the two requests still under way take the rest.
        budget.complete(observing: Self.response(count: 298, allowed: 300, reset: "7"))
        #expect(budget.reserve() == .seconds(7))
    }

    @Test func keepsGoingWhileRequestsAreLeftBeyondThoseUnderWay() async throws {
        let clock = FakeClock()
        let budget = RequestBudget(requestsPerMinute: 0, now: { clock.now }, sleep: { _ in })
        for _ in 0..<2 { try await budget.acquire() }
        // 298 of 300 used and one request under way: one more may start now, and, the window being as
        // good as spent, the one after that is spread to the reset 7 s away.
        budget.complete(observing: Self.response(count: 298, allowed: 300, reset: "7"))
        #expect(budget.reserve() == .zero)
        #expect(budget.reserve() == .seconds(7))
    }

    @Test func aCallerWaitingForItsSlotMovesBehindAHoldSetMeanwhile() async throws {
        let clock = FakeClock()
        let budgets = Recorder<RequestBudget>()
        let budget = RequestBudget(requestsPerMinute: 60, now: { clock.now }) { duration in
            // While the first wait runs, another request gets a 429 with Retry-After: 10.
            if clock.sleeps.isEmpty { budgets.elements.first?.pause(for: .seconds(10)) }
            try await clock.sleep(duration)
        }
        budgets.append(budget)
        #expect(try await budget.acquire() == .zero)
        // Its slot was 1 s; the hold ends at 10 s, so it waits 1 s and then 9 s more.
        #expect(try await budget.acquire() == .seconds(10))
        #expect(clock.sleeps == [.seconds(1), .seconds(9)])
    }

    @Test func readsRateLimitHeadersInWholeOrFractionalSeconds() {
        let whole = RateLimitHeaders(Self.response(count: 5, allowed: 300, reset: " 7 "))
        #expect(whole == RateLimitHeaders(count: 5, allowed: 300, reset: .seconds(7)))
        #expect(RateLimitHeaders(Self.response(count: 5, allowed: 300, reset: "0.25")).reset == .milliseconds(250))
        #expect(RateLimitHeaders(Self.response(count: 5, allowed: 300, reset: "soon")).reset == nil)
        let none = RateLimitHeaders(HTTPTransportResponse(status: 200))
        #expect(none == RateLimitHeaders(count: nil, allowed: nil, reset: nil))
    }

    private static func response(count: Int, allowed: Int, reset: String) -> HTTPTransportResponse {
        HTTPTransportResponse(
            status: 200,
            headers: [
                ("inin-ratelimit-count", "\(count)"), ("inin-ratelimit-allowed", "\(allowed)"),
                ("inin-ratelimit-reset", reset),
            ]
        )
    }

    @Test(.timeLimit(.minutes(5)))
    func clientRequestsWaitForTheBudget() async throws {
        let clock = FakeClock()
        try await withClient(clock: clock, configure: { $0.requestsPerMinute = 60 }) { request in
            request.path == "/oauth/token" ? .token(Secrets.firstToken) : .json("{}")
        } body: { client, server in
            for _ in 0..<10 {
                _ = try await client.send(.messageConversation(id: "c1")).value
            }
            #expect(server.requests(to: "/api/v2/conversations/messages/c1").count == 10)
            // 10 requests at 1/s: the first starts at once, the tenth 9 s later.
            #expect(clock.now == .seconds(9))
            #expect(client.statistics.waited == .seconds(9))
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func clientSlowsDownOnRateLimitHeaders() async throws {
        let clock = FakeClock()
        try await withClient(clock: clock, configure: { $0.requestsPerMinute = 600 }) { request in
            if request.path == "/oauth/token" { return .token(Secrets.firstToken) }
            return .json(
                "{}",
                headers: [
                    ("inin-ratelimit-count", "179"), ("inin-ratelimit-allowed", "180"), ("inin-ratelimit-reset", "20"),
                ]
            )
        } body: { client, _ in
            _ = try await client.send(.messageConversation(id: "c1")).value
            _ = try await client.send(.messageConversation(id: "c1")).value
            _ = try await client.send(.messageConversation(id: "c1")).value
            // One request left in a 20 s window: the next ones are 20 s apart, not 0.1 s.
            #expect(clock.now >= .seconds(20))
        }
    }
}
