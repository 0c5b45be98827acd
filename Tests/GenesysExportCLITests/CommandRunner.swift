import Foundation
import Testing

/// Runs the built `genesys-export` binary, as argument-parser's `AssertExecuteCommand` does.
struct CommandRunner {
    /// What a finished process left behind.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var wasKilled: Bool
    }

    /// The built executable, found beside the test bundle in the build-products directory.
    static func executableURL() throws -> URL {
        var candidates: [URL] = [Bundle.main.bundleURL.appendingPathComponent("genesys-export")]
        for bundle in Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("genesys-export"))
        }
        let products = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/genesys-export")
        candidates.append(products)
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw CommandRunnerError(description: "genesys-export binary not found in \(candidates.map(\.path))")
        }
        return found
    }

    /// The repository root (for jobs/ and schemas/).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    var environment: [String: String] = [:]
    var workingDirectory: URL?
    /// Another program to run instead of `genesys-export` (`/bin/sh` for commands copied from the README).
    var executable: URL?

    /// Runs to completion.
    func run(
        _ arguments: [String],
        killAfter: Duration? = nil,
        signalAfter: (Duration, Int32)? = nil,
        signalWhen: (condition: @Sendable () -> Bool, signal: Int32)? = nil,
        killWhen: (condition: @Sendable () -> Bool, delay: Duration)? = nil
    ) async throws -> Result {
        let process = Process()
        process.executableURL = try executable ?? Self.executableURL()
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GENESYSCLOUD_") }
        env.merge(environment) { _, new in new }
        process.environment = env
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain both pipes while the process runs so a chatty child never blocks on a full pipe.
        async let stdoutData = Self.readAll(out.fileHandleForReading)
        async let stderrData = Self.readAll(err.fileHandleForReading)
        var killed = false
        if let (condition, signal) = signalWhen {
            // Poll until the condition holds (e.g. a first commit is visible), then signal.
            while process.isRunning, !condition() {
                try await Task.sleep(for: .milliseconds(20))
            }
            if process.isRunning { kill(process.processIdentifier, signal) }
        }
        if let (condition, delay) = killWhen {
            // Poll until the condition holds, wait `delay`, then SIGKILL (if the process is still running).
            while process.isRunning, !condition() {
                try await Task.sleep(for: .milliseconds(5))
            }
            if delay > .zero { try await Task.sleep(for: delay) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
        }
        if let (delay, signal) = signalAfter {
            try await Task.sleep(for: delay)
            if process.isRunning { kill(process.processIdentifier, signal) }
        }
        if let killAfter {
            try await Task.sleep(for: killAfter)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
        }
        let (o, e) = await (stdoutData, stderrData)
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self),
            wasKilled: killed && process.terminationReason == .uncaughtSignal
        )
    }

    private static func readAll(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: handle.readDataToEndOfFile())
            }
            thread.start()
        }
    }
}

struct CommandRunnerError: Error, CustomStringConvertible {
    var description: String
}
