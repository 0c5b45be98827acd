import ArgumentParser
import ExportPipeline
import Foundation
import GenesysSimulator
import Logging

/// `genesys-export bench`: a release-build benchmark of the whole export against the in-process simulator.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark: export a simulated org in-process and print messages/s and peak memory.",
        shouldDisplay: false
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Conversations in the simulated org.")
    var conversations = 3_000

    @Option(help: "Seed of the simulated org.")
    var seed: UInt64 = 7

    @Option(help: "Folder for the outputs (a temporary folder by default).")
    var output: String?

    @Option(help: "Fetch concurrency.")
    var concurrency = 8

    @Flag(help: "Skip NDJSON output (SQLite only).")
    var noNdjson = false

    func run() async throws {
        var logger = global.bootstrapLogging()
        logger.logLevel = max(logger.logLevel, .warning)
        let folder =
            output.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("genesys-export-bench-\(UUID().uuidString)")
        var job = try DemoJob.prepare(in: folder)
        job.fetch.concurrency = concurrency
        job.fetch.requestsPerMinute = 1_000_000
        job.fetch.media = .metadata
        if noNdjson { job.output.ndjson = nil }
        var simulator = SimulatorConfiguration(seed: seed, conversations: conversations)
        simulator.rateLimitPerMinute = 0
        let outcome = try await DemoJob.run(job, simulator: simulator, logger: logger, quiet: true)
        let summary = outcome.summary
        let seconds = ExportSession.seconds(summary.duration)
        let sqliteBytes = (try? FileManager.default.attributesOfItem(atPath: summary.sqlitePath)[.size] as? Int) ?? 0
        print(
            """
            conversations      \(summary.conversations)
            messages           \(summary.messages)
            requests           \(summary.requests)
            seconds            \(String(format: "%.2f", seconds))
            messages/s         \(String(format: "%.0f", Double(summary.messages) / max(seconds, 0.001)))
            peak RSS (VmHWM)   \(Self.peakRSS() ?? "unknown")
            sqlite bytes       \(sqliteBytes)
            output             \(folder.path)
            """
        )
        if output == nil { try? FileManager.default.removeItem(at: folder) }
    }

    /// The process's peak resident set size, from /proc/self/status.
    static func peakRSS() -> String? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        return status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
            .map { $0.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces) }
    }
}
