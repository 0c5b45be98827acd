import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A Genesys Cloud messaging API simulator on loopback: OAuth, the 33 messaging endpoints, analytics
/// details (34–41) and the generic conversation (42), over a seeded synthetic org.
///
/// ```swift
/// try await GenesysSimulator.withRunning(SimulatorConfiguration(seed: 7), logger: logger) { sim in
///     // point a GenesysClient at sim.baseURL (both API and login URL), id "sim-client", secret "sim-secret"
///     let stats = await sim.stats()
/// }
/// ```
package enum GenesysSimulator {
    /// Builds the router serving every simulator route over `store`.
    package static func makeRouter(store: SimulatorStore) -> Router<SimulatorRequestContext> {
        let router = Router(context: SimulatorRequestContext.self)
        router.add(middleware: SimulatorMiddleware(store: store))
        let routes = SimulatorRoutes(store: store)
        routes.addOAuthAndSimRoutes(to: router)
        routes.addConversationRoutes(to: router)
        routes.addMessageRoutes(to: router)
        routes.addParticipantRoutes(to: router)
        routes.addMediaRoutes(to: router)
        routes.addOpenMessagingRoutes(to: router)
        routes.addAnalyticsRoutes(to: router)
        return router
    }

    /// Builds the Hummingbird application; `onServerRunning` receives the bound port.
    package static func makeApplication(
        store: SimulatorStore,
        host: String = "127.0.0.1",
        port: Int = 0,
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: makeRouter(store: store),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port),
                serverName: "genesys-simulator"
            ),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                await store.setBaseURL(baseURLString(host: host, port: bound))
                await onServerRunning(bound)
            },
            logger: logger
        )
    }

    /// Starts a simulator, runs `body` with it, and shuts it down gracefully whether `body` succeeds or throws.
    ///
    /// - Parameters:
    ///   - configuration: the org and behaviour to simulate.
    ///   - host: the address to listen on.
    ///   - port: 0 (the default) picks a free ephemeral port.
    ///   - logger: the server's logger.
    ///   - body: runs while the simulator is up.
    /// - Returns: what `body` returns.
    /// - Throws: `SimulatorStartError` when the server cannot start, or whatever `body` throws.
    package static func withRunning<T>(
        _ configuration: SimulatorConfiguration,
        host: String = "127.0.0.1",
        port: Int = 0,
        logger: Logger,
        _ body: (RunningSimulator) async throws -> T
    ) async throws -> T {
        let store = SimulatorStore(configuration: configuration)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = makeApplication(store: store, host: host, port: port, logger: logger) { bound in
            continuation.yield(bound)
            continuation.finish()
        }
        let serviceGroup = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger)
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await serviceGroup.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let bound = await iterator.next(), let url = URL(string: baseURLString(host: host, port: bound))
            else {
                await serviceGroup.triggerGracefulShutdown()
                try await group.waitForAll()
                throw SimulatorStartError(host: host, port: port)
            }
            let running = RunningSimulator(baseURL: url, port: bound, store: store)
            do {
                let value = try await body(running)
                await serviceGroup.triggerGracefulShutdown()
                try await group.waitForAll()
                return value
            } catch {
                await serviceGroup.triggerGracefulShutdown()
                try? await group.waitForAll()
                throw error
            }
        }
    }

    /// Runs a simulator until SIGINT or SIGTERM (the `sim` command); `onStart` receives the base URL.
    package static func run(
        _ configuration: SimulatorConfiguration,
        host: String,
        port: Int,
        logger: Logger,
        onStart: @escaping @Sendable (URL) -> Void
    ) async throws {
        let store = SimulatorStore(configuration: configuration)
        let app = makeApplication(store: store, host: host, port: port, logger: logger) { bound in
            if let url = URL(string: baseURLString(host: host, port: bound)) {
                onStart(url)
            }
        }
        try await app.runService()
    }

    /// `http://host:port`, with wildcard hosts shown as `127.0.0.1`.
    static func baseURLString(host: String, port: Int) -> String {
        let shown = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        return shown.contains(":") ? "http://[\(shown)]:\(port)" : "http://\(shown):\(port)"
    }
}

/// A running simulator handed to `GenesysSimulator.withRunning`'s body.
package struct RunningSimulator: Sendable {
    /// `http://127.0.0.1:<port>`: use it as both the API and the login base URL.
    package var baseURL: URL
    /// The bound port.
    package var port: Int
    /// The simulator's state, for assertions and direct manipulation in tests.
    package var store: SimulatorStore

    /// The counters and request log so far.
    package func stats() async -> SimulatorStats {
        await store.snapshot()
    }
}

/// The simulator's server stopped before it started listening (for example, the port was taken).
package struct SimulatorStartError: Error, CustomStringConvertible {
    /// Requested host.
    package var host: String
    /// Requested port.
    package var port: Int

    /// Names the address that could not be served.
    package var description: String {
        "The Genesys simulator could not start listening on \(host):\(port)"
    }
}
