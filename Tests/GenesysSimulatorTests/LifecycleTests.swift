import Foundation
import GenesysSimulator
import Logging
import TestSupport
import Testing

/// Starting and stopping embedded simulators.
struct LifecycleTests {
    struct Marker: Error {}

    @Test(.timeLimit(.minutes(5))) func withRunningReportsAnOccupiedPort() async throws {
        try await withSimulator(SimulatorConfiguration(conversations: 1)) { sim in
            #expect(sim.port > 0)
            #expect(sim.baseURL.absoluteString == "http://127.0.0.1:\(sim.port)")
            await #expect(throws: (any Error).self) {
                try await GenesysSimulator.withRunning(
                    SimulatorConfiguration(conversations: 1),
                    port: sim.port,
                    logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
                ) { _ in }
            }
        }
    }

    @Test(.timeLimit(.minutes(5))) func withRunningRethrowsTheBodysErrorAfterShuttingDown() async throws {
        await #expect(throws: Marker.self) {
            try await withSimulator(SimulatorConfiguration(conversations: 1)) { _ in
                throw Marker()
            }
        }
    }

    @Test(.timeLimit(.minutes(5))) func attachmentURLsUseTheBoundPort() async throws {
        try await withSimulator(SimulatorConfiguration(conversations: 30)) { sim in
            let baseURL = await sim.store.baseURL
            #expect(baseURL == sim.baseURL.absoluteString)
        }
    }
}
