import Foundation
import GenesysSimulator
import Logging
import Synchronization

/// Starts a simulator on an ephemeral loopback port, runs `body`, and shuts the simulator down
/// gracefully whether `body` succeeds or throws.
///
/// ```swift
/// try await withSimulator(SimulatorConfiguration(conversations: 20)) { sim in
///     // sim.baseURL is both the API and the login URL; credentials "sim-client" / "sim-secret"
/// }
/// ```
package func withSimulator<T>(
    _ configuration: SimulatorConfiguration = SimulatorConfiguration(),
    logger: Logger = Logger(label: "test.simulator", factory: { _ in SwiftLogNoOpLogHandler() }),
    _ body: (RunningSimulator) async throws -> T
) async throws -> T {
    try await GenesysSimulator.withRunning(configuration, host: "127.0.0.1", port: 0, logger: logger, body)
}

/// A clock a test can move forward by hand (for token expiry and rate-limit refill without sleeping).
package final class ManualSimulatorClock: Sendable {
    private let current: Mutex<Date>

    /// Creates a clock reading `start`.
    package init(start: Date = SimulatorConfiguration.defaultEnd.addingTimeInterval(86_400)) {
        current = Mutex(start)
    }

    /// The `SimulatorClock` to put into a `SimulatorConfiguration`.
    package var simulatorClock: SimulatorClock {
        SimulatorClock { [self] in self.now }
    }

    /// The current reading.
    package var now: Date { current.withLock { $0 } }

    /// Moves the clock forward by `seconds`.
    package func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
