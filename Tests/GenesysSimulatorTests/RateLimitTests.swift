import Foundation
import GenesysModels
@testable import GenesysSimulator
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// The Genesys-like fixed 60-second rate-limit window per bearer token, on a manual clock.
struct RateLimitTests {
    /// 2026-11-02T00:00:00Z, where `ManualSimulatorClock` starts.
    static let start = Date(timeIntervalSince1970: 1_793_577_600)

    static func harness(limit: Int, faults: FaultPlan = .none) -> (RouterHarness, ManualSimulatorClock) {
        let clock = ManualSimulatorClock(start: start)
        let configuration = SimulatorConfiguration(
            conversations: 3,
            rateLimitPerMinute: limit,
            faults: faults,
            clock: clock.simulatorClock
        )
        return (RouterHarness(configuration), clock)
    }

    @Test func fiveRequestsPassTheSixthIs429UntilTheWindowEnds() async throws {
        let (harness, clock) = Self.harness(limit: 5)
        let path = "/api/v2/conversations/messages/\(harness.store.org.conversations[0].id)"
        try await harness.run { client, token in
            // Requests at +0 s, +10.5 s, +20 s, +30.25 s and +59 s of the window.
            let steps: [(advance: Double, expected: [String?])] = [
                (0, ["1", "5", "60", nil]),
                (10.5, ["2", "5", "50", nil]),
                (9.5, ["3", "5", "40", nil]),
                (10.25, ["4", "5", "30", nil]),
                (28.75, ["5", "5", "1", nil]),
            ]
            for step in steps {
                clock.advance(by: step.advance)
                let response = try await client.api(.get, path, token: token)
                #expect(response.status == .ok)
                #expect(response.rateLimitHeaders == step.expected)
            }
            clock.advance(by: 0.5)  // +59.5 s
            let limited = try await client.api(.get, path, token: token)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.rateLimitHeaders == ["6", "5", "1", "1"])
            let error = try limited.errorBody()
            #expect(error.status == 429)
            #expect(error.code == "too.many.requests")
            #expect(error.message == "Rate limit exceeded the maximum. Retry the request in [1] seconds")
            #expect(error.contextID == limited.headers[.ininCorrelationID])

            clock.advance(by: 0.499)  // +59.999 s: still the same window
            let stillLimited = try await client.api(.get, path, token: token)
            #expect(stillLimited.rateLimitHeaders == ["7", "5", "1", "1"])

            clock.advance(by: 0.001)  // +60 s: the window has ended, the count restarts at 1
            let fresh = try await client.api(.get, path, token: token)
            #expect(fresh.status == .ok)
            #expect(fresh.rateLimitHeaders == ["1", "5", "60", nil])
        }
        #expect(await harness.store.snapshot().rateLimited == 2)
    }

    @Test func retryAfterCountsDownToTheWindowsEnd() async throws {
        let (harness, clock) = Self.harness(limit: 2)
        let path = "/api/v2/conversations/messages/\(harness.store.org.conversations[0].id)"
        try await harness.run { client, token in
            _ = try await client.api(.get, path, token: token)
            _ = try await client.api(.get, path, token: token)
            clock.advance(by: 12.3)
            let limited = try await client.api(.get, path, token: token)
            // 47.7 s are left in the window: both reset and Retry-After say 48.
            #expect(limited.rateLimitHeaders == ["3", "2", "48", "48"])
            clock.advance(by: 48)
            let next = try await client.api(.get, path, token: token)
            #expect(next.status == .ok)
            #expect(next.rateLimitHeaders == ["1", "2", "60", nil])
        }
    }

    @Test func aWindowOpensAtTheFirstRequestAfterAnIdlePeriod() async throws {
        let (harness, clock) = Self.harness(limit: 5)
        let path = "/api/v2/conversations/messages/\(harness.store.org.conversations[0].id)"
        try await harness.run { client, token in
            _ = try await client.api(.get, path, token: token)
            clock.advance(by: 200)
            let first = try await client.api(.get, path, token: token)
            #expect(first.rateLimitHeaders == ["1", "5", "60", nil])
            clock.advance(by: 45)
            let second = try await client.api(.get, path, token: token)
            #expect(second.rateLimitHeaders == ["2", "5", "15", nil])
        }
    }

    @Test func twoTokensHaveIndependentWindows() async throws {
        let (harness, clock) = Self.harness(limit: 3)
        let path = "/api/v2/conversations/messages/\(harness.store.org.conversations[0].id)"
        try await harness.run { client, first in
            for _ in 0..<3 {
                _ = try await client.api(.get, path, token: first)
            }
            #expect(try await client.api(.get, path, token: first).status == .tooManyRequests)
            clock.advance(by: 20)
            let second = try await RouterHarness.token(client, id: "sim-client", secret: "sim-secret")
            let other = try await client.api(.get, path, token: second)
            #expect(other.status == .ok)
            #expect(other.rateLimitHeaders == ["1", "3", "60", nil])
            let stillLimited = try await client.api(.get, path, token: first)
            #expect(stillLimited.rateLimitHeaders == ["5", "3", "40", "40"])
        }
    }

    @Test func everyAPIRouteCountsIntoTheSameWindow() async throws {
        let (harness, _) = Self.harness(limit: 10)
        let id = harness.store.org.conversations[0].id
        try await harness.run { client, token in
            let snapshot = try await client.api(.get, "/api/v2/conversations/messages/\(id)", token: token)
            let missing = try await client.api(.get, "/api/v2/conversations/messages/nope", token: token)
            let analytics = try await client.api(.get, "/api/v2/analytics/conversations/\(id)/details", token: token)
            #expect(snapshot.rateLimitHeaders == ["1", "10", "60", nil])
            #expect(missing.status == .notFound)
            #expect(missing.rateLimitHeaders == ["2", "10", "60", nil])
            #expect(analytics.rateLimitHeaders == ["3", "10", "60", nil])
        }
    }

    @Test func unauthenticatedAndNonAPIResponsesCarryUncountedHeaders() async throws {
        let (harness, _) = Self.harness(limit: 7)
        try await harness.run { client, _ in
            let anonymous = try await client.api(.get, "/api/v2/conversations/messages/x", token: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.rateLimitHeaders == ["0", "7", "60", nil])
            let stats = try await client.execute(uri: "/sim/stats", method: .get)
            #expect(stats.rateLimitHeaders == ["0", "7", "60", nil])
        }
    }

    @Test func noLimitAnnouncesAMillionAndStillCounts() async throws {
        let (harness, _) = Self.harness(limit: 0)
        let path = "/api/v2/conversations/messages/\(harness.store.org.conversations[0].id)"
        try await harness.run { client, token in
            for expected in 1...3 {
                let response = try await client.api(.get, path, token: token)
                #expect(response.rateLimitHeaders == [String(expected), "1000000", "60", nil])
            }
        }
    }

    @Test func injectedFaultsKeepTheWindowHeaders() async throws {
        let (harness429, _) = Self.harness(limit: 50, faults: FaultPlan(rate429: 1, retryAfterSeconds: 3))
        let path = "/api/v2/conversations/messages/\(harness429.store.org.conversations[0].id)"
        try await harness429.run { client, token in
            let first = try await client.api(.get, path, token: token)
            #expect(first.status == .tooManyRequests)
            #expect(first.rateLimitHeaders == ["1", "50", "60", "3"])
            let message = try first.errorBody().message
            #expect(message == "Rate limit exceeded the maximum. Retry the request in [3] seconds")
            let second = try await client.api(.get, path, token: token)
            #expect(second.rateLimitHeaders == ["2", "50", "60", "3"])
        }
        let stats = await harness429.store.snapshot()
        #expect(stats.injected429 == 2)
        #expect(stats.rateLimited == 0)
    }

    @Test func windowArithmeticIsExactAtTheMillisecond() {
        var window: RateLimitWindow?
        let start = Self.start
        let first = RateLimitWindow.count(&window, at: start, allowed: 2)
        #expect(first == RateLimitDecision(count: 1, allowed: 2, resetSeconds: 60))
        let later = RateLimitWindow.count(&window, at: start.addingTimeInterval(15), allowed: 2)
        #expect(later == RateLimitDecision(count: 2, allowed: 2, resetSeconds: 45))
        let last = RateLimitWindow.count(&window, at: start.addingTimeInterval(59.999), allowed: 2)
        #expect(last == RateLimitDecision(count: 3, allowed: 2, resetSeconds: 1))
        #expect(!last.isAdmitted)
        let next = RateLimitWindow.count(&window, at: start.addingTimeInterval(60), allowed: 2)
        #expect(next == RateLimitDecision(count: 1, allowed: 2, resetSeconds: 60))
        #expect(window == RateLimitWindow(startMillis: 1_793_577_660_000, count: 1))
    }
}
