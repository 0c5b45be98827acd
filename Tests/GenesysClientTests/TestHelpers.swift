import Foundation
import GenesysClient
import GenesysModels
import InMemoryLogging
import Logging
import Synchronization
import TestSupport

/// A fake monotonic clock whose `sleep` advances time instantly and records the durations.
final class FakeClock: Sendable {
    private let state = Mutex<(now: Duration, sleeps: [Duration])>((.zero, []))

    /// The current reading.
    var now: Duration { state.withLock { $0.now } }
    /// Every sleep requested, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// Sleeps by advancing the clock.
    func sleep(_ duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.now += duration
            $0.sleeps.append(duration)
        }
        await Task.yield()
    }

    /// Moves time forward without recording a sleep.
    func advance(by duration: Duration) {
        state.withLock { $0.now += duration }
    }
}

/// The secret and tokens every test uses, so leak checks can look for them.
enum Secrets {
    static let clientID = "test-client-id"
    static let clientSecret = "s3cr3t-CLIENT-secret-value"
    static let firstToken = "tok-FIRST-abcdef0123456789"
    static let secondToken = "tok-SECOND-fedcba9876543210"
}

/// A logger that records every line at trace level.
func makeRecordingLogger() -> (Logger, InMemoryLogHandler) {
    let handler = InMemoryLogHandler()
    var logger = Logger(label: "genesys-client-tests", factory: { _ in handler })
    logger.logLevel = .trace
    return (logger, handler)
}

/// A client pointed at `server` (API and login on the same loopback host) with a fake clock.
func makeClient(
    server: ScriptedHTTPServer,
    clock: FakeClock,
    logger: Logger? = nil,
    jitter: @escaping @Sendable (Duration) -> Duration = { $0 },
    wallClock: @escaping @Sendable () -> Date = { Date() },
    configure: (inout GenesysClient.Configuration) -> Void = { _ in }
) throws -> GenesysClient {
    var configuration = try GenesysClient.Configuration(
        apiBaseURL: server.baseURL,
        loginBaseURL: server.baseURL,
        clientID: Secrets.clientID,
        clientSecret: Secrets.clientSecret
    )
    configuration.requestsPerMinute = 0
    configure(&configuration)
    return GenesysClient(
        configuration: configuration,
        logger: logger ?? Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
        sleep: { try await clock.sleep($0) },
        now: { clock.now },
        wallClock: wallClock,
        jitter: jitter
    )
}

/// Runs `body` with a client against a scripted server, shutting the client down afterwards.
func withClient<T: Sendable>(
    clock: FakeClock = FakeClock(),
    logger: Logger? = nil,
    jitter: @escaping @Sendable (Duration) -> Duration = { $0 },
    wallClock: @escaping @Sendable () -> Date = { Date() },
    configure: @escaping @Sendable (inout GenesysClient.Configuration) -> Void = { _ in },
    handler: @escaping ScriptedHTTPServer.Handler,
    body: @Sendable (GenesysClient, ScriptedHTTPServer) async throws -> T
) async throws -> T {
    try await ScriptedHTTPServer.withRunning(handler: handler) { server in
        let client = try makeClient(
            server: server,
            clock: clock,
            logger: logger,
            jitter: jitter,
            wallClock: wallClock,
            configure: configure
        )
        do {
            let value = try await body(client, server)
            try await client.shutdown()
            return value
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}

/// Whether `request` carries the bearer token `token`.
func isAuthorized(_ request: ScriptedRequest, with token: String) -> Bool {
    request.header("authorization") == "Bearer \(token)"
}

/// A lock-protected list that escaping closures can share.
final class Recorder<Element: Sendable>: Sendable {
    private let state = Mutex<[Element]>([])

    /// Appends `element`.
    func append(_ element: Element) { state.withLock { $0.append(element) } }
    /// Everything appended so far.
    var elements: [Element] { state.withLock { $0 } }
}

/// A lock-protected counter that escaping closures can share.
final class Counter: Sendable {
    private let state = Mutex(0)

    /// Adds one and returns the new value.
    func increment() -> Int {
        state.withLock {
            $0 += 1
            return $0
        }
    }
}
