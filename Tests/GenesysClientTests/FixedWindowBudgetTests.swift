import Foundation
import GenesysClient
import GenesysModels
import Logging
import Testing

/// The client against a Genesys-like fixed-window limit, on virtual time: exact counts, no timing.
struct FixedWindowBudgetTests {
    /// Sends `total` requests from `workers` concurrent tasks through a client pacing at `requestsPerMinute`
    /// against a server allowing `limit` per 60 s window, each request taking `latency`.
    private func run(
        limit: Int,
        requestsPerMinute: Int,
        workers: Int = 4,
        latency: Duration = .milliseconds(100),
        total: Int
    ) async throws -> (windows: [FixedWindowServer.Window], statistics: ClientStatistics, end: Duration) {
        let clock = VirtualClock(participants: workers)
        let server = FixedWindowServer(clock: clock, limit: limit, latency: latency)
        var configuration = GenesysClient.Configuration(
            region: try GenesysRegion.resolve("us-east-1"),
            clientID: Secrets.clientID,
            clientSecret: Secrets.clientSecret
        )
        configuration.requestsPerMinute = requestsPerMinute
        let client = GenesysClient(
            configuration: configuration,
            logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }),
            transport: server,
            sleep: { await clock.sleep($0) },
            now: { clock.now },
            jitter: { $0 },
            tokenProvider: FixedTokenProvider()
        )
        let issued = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    defer { clock.leave() }
                    while issued.increment() <= total {
                        _ = try await client.send(.messageConversation(id: "c1")).value
                    }
                }
            }
            try await group.waitForAll()
        }
        return (server.windows, client.statistics, clock.now)
    }

    @Test func fillsEveryWindowOfAnEqualServerLimitWithoutA429() async throws {
        let result = try await run(limit: 300, requestsPerMinute: 300, total: 900)
        // Requests start 0.2 s apart from t = 0 and reach the server 50 ms later. The 300th of a window
        // (sent 59.8 s after its first) is answered with count 300 and reset 1 (0.2 s rounded up) 0.1 s later,
        // so the next starts 1 s after that answer: windows begin at 0.05 s, 60.95 s and 121.85 s.
        #expect(
            result.windows == [
                .init(start: .milliseconds(50), admitted: 300),
                .init(start: .milliseconds(60_950), admitted: 300),
                .init(start: .milliseconds(121_850), admitted: 300),
            ]
        )
        #expect(result.statistics.rateLimited == 0)
        #expect(result.statistics.requests == 900)
        #expect(result.statistics.retries == 0)
        // The 900th request starts at 121.8 s + 59.8 s and is answered 0.1 s later: 300 per 60.9 s (295.6/min).
        #expect(result.end == .milliseconds(181_700))
    }

    @Test func adoptsALowerServerLimitAndFillsItsWindows() async throws {
        let result = try await run(limit: 240, requestsPerMinute: 300, total: 480)
        // The first four requests start at our 0.2 s spacing; from the first answer on (allowed 240) the
        // spacing is 0.25 s. The 240th starts at 0.8 s + 235 × 0.25 s = 59.55 s, its answer (59.65 s) says
        // count 240, reset 1: the second window's first request starts at 60.65 s and arrives at 60.7 s.
        #expect(
            result.windows == [
                .init(start: .milliseconds(50), admitted: 240),
                .init(start: .milliseconds(60_700), admitted: 240),
            ]
        )
        #expect(result.statistics.rateLimited == 0)
        #expect(result.statistics.requests == 480)
        // The 480th starts at 60.65 s + 239 × 0.25 s = 120.4 s and is answered 0.1 s later.
        #expect(result.end == .milliseconds(120_500))
    }

    @Test func countsTheRequestsStillUnderWayWhenRequestsTakeLongerThanTheSpacing() async throws {
        let result = try await run(limit: 300, requestsPerMinute: 300, latency: .milliseconds(300), total: 600)
        // Requests start 0.2 s apart and take 0.3 s, so one more is always under way. The answer to the
        // 299th (59.9 s: count 299, reset 1) holds new starts, as the 300th, still under way, takes the last
        // place; its answer (60.1 s: count 300, reset 1) moves the hold to 61.1 s, when window 2's first
        // request starts (arriving at 61.25 s).
        #expect(
            result.windows == [
                .init(start: .milliseconds(150), admitted: 300),
                .init(start: .milliseconds(61_250), admitted: 300),
            ]
        )
        #expect(result.statistics.rateLimited == 0)
        // The 600th starts at 61.1 s + 299 × 0.2 s = 120.9 s and is answered 0.3 s later.
        #expect(result.end == .milliseconds(121_200))
    }

    @Test func aBudgetFarAboveATinyServerLimitGetsNo429() async throws {
        // 6,000/min against 3 per window: two requests start before any answer, the third right after the
        // first answer; the second answer (count 2, one request under way) holds both workers to the reset.
        let result = try await run(limit: 3, requestsPerMinute: 6000, workers: 2, total: 6)
        #expect(result.statistics.rateLimited == 0)
        #expect(result.windows.map(\.admitted) == [3, 3])
        #expect(result.windows.map(\.refused) == [0, 0])
    }
}
