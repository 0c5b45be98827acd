import Foundation
import GenesysSimulator
import TestSupport
import Testing

/// Runs Genesys's own Python SDK (PureCloudPlatformClientV2 269.0.0, installed into the repo's `.venv`
/// by `.ci/run`) against a live simulator: `Tests/Conformance/sdk_conformance.py`.
struct SDKConformanceTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
    static let python = repositoryRoot.appendingPathComponent(".venv/bin/python")
    static let script = repositoryRoot.appendingPathComponent("Tests/Conformance/sdk_conformance.py")
    static let isCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false
    static let hasPython = FileManager.default.isExecutableFile(atPath: python.path)

    @Test(
        .enabled(if: hasPython || isCI, "no .venv/bin/python in the repository root; .ci/run creates it"),
        .timeLimit(.minutes(2))
    )
    func pythonSDKDeserializesEveryResponse() async throws {
        try #require(Self.hasPython, "CI is set but \(Self.python.path) is missing: run .ci/run to create the venv")
        let folder = try makeTemporaryDirectory(prefix: "sdk-conformance")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputURL = folder.appendingPathComponent("output.txt")
        let (status, output) = try await withSimulator(SimulatorConfiguration(conversations: 40)) { sim in
            try await Self.run(
                arguments: [Self.script.path, sim.baseURL.absoluteString, "sim-client", "sim-secret"],
                output: outputURL
            )
        }
        #expect(status == 0, "sdk_conformance.py failed:\n\(output)")
        #expect(output.contains(" 0 failed"), "\(output)")
    }

    /// Runs the venv's python with `arguments`, collecting stdout and stderr into `output`.
    static func run(arguments: [String], output: URL) async throws -> (Int32, String) {
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = python
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONIOENCODING"] = "utf-8"
        process.environment = environment
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                continuation.resume(returning: finished.terminationStatus)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return (status, text)
    }
}
