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
        budget.observe(count: 10, allowed: 180, reset: .seconds(50))
        #expect(budget.reserve() == .zero)
        #expect(budget.reserve() == .milliseconds(100))
    }

    @Test(.timeLimit(.minutes(1)))
    func clientRequestsWaitForTheBudget() async throws {
        let clock = FakeClock()
        try await withClient(clock: clock, configure: { $0.requestsPerMinute = 60 }) { request in
            request.path == "/oauth/token" ? .token(Secrets.firstToken) : .json("{}")
        } body: { client, server in
            for _ in 0..<10 {
                _ = try await client.messageConversation(id: "c1")
            }
            #expect(server.requests(to: "/api/v2/conversations/messages/c1").count == 10)
            // 10 requests at 1/s: the first starts at once, the tenth 9 s later.
            #expect(clock.now == .seconds(9))
            #expect(client.statistics.waited == .seconds(9))
        }
    }

    @Test(.timeLimit(.minutes(1)))
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
            _ = try await client.messageConversation(id: "c1")
            _ = try await client.messageConversation(id: "c1")
            _ = try await client.messageConversation(id: "c1")
            // One request left in a 20 s window: the next ones are 20 s apart, not 0.1 s.
            #expect(clock.now >= .seconds(20))
        }
    }
}
