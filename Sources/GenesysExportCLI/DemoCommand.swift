import ArgumentParser
import ExportPipeline
import Foundation
import GenesysClient
import GenesysSimulator
import Logging

/// `genesys-export demo`: the whole export against the embedded simulator, no credentials needed.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Export a seeded simulator org with jobs/demo.yaml: no credentials, no network.",
        discussion: """
            Starts the Genesys Cloud simulator in-process on a free loopback port, runs the demo job against it \
            (writing under --output, replacing an earlier demo there) and prints what was exported and where.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Folder for the demo's SQLite file and NDJSON archive.")
    var output = "genesys-export-demo"

    @Option(help: "Number of conversations in the simulated org.")
    var conversations = 2_000

    @Option(help: "Seed of the simulated org.")
    var seed: UInt64 = 42

    func validate() throws {
        guard conversations > 0 else { throw ValidationError("--conversations must be positive") }
    }

    func run() async throws {
        let logger = global.bootstrapLogging()
        let folder = URL(fileURLWithPath: output, isDirectory: true).standardizedFileURL
        let job = try DemoJob.prepare(in: folder)
        var simulator = SimulatorConfiguration(seed: seed, conversations: conversations)
        simulator.rateLimitPerMinute = job.fetch.requestsPerMinute
        if !global.quiet {
            print("Starting the Genesys Cloud simulator (\(conversations) conversations, seed \(seed))…")
        }
        let outcome = try await DemoJob.run(
            job,
            simulator: simulator,
            logger: logger,
            quiet: global.quiet
        )
        let summary = outcome.summary
        ExportSession.report(summary)
        guard summary.status == .complete || summary.status == .completeWithRejects else {
            throw ExportSession.exitCode(for: summary)
        }
        if !global.quiet {
            print(DemoJob.describe(outcome, folder: folder))
        }
        let code = ExportSession.exitCode(for: summary)
        if code != ExitCodes.complete { throw code }
    }
}

/// The demo job and the in-process run shared by `demo` and `bench`.
enum DemoJob {
    /// What a demo run produced.
    struct Outcome {
        var summary: RunSummary
        var archivedMedia: Int?
        var simulatorRequests: Int
        var baseURL: URL
    }

    /// Loads the bundled demo job as if it were `folder/demo.yaml` (outputs under `folder/out/`; an earlier demo there
    /// is removed).
    static func prepare(in folder: URL) throws -> JobSpec {
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
            let jobFile = folder.appendingPathComponent("demo.yaml")
            // The job file is written beside its outputs, so `status`, `report` and `run` work on it afterwards.
            let job = try JobSpec.parse(yaml: yaml, fileURL: jobFile)
            for stale in [job.output.sqlite.path, job.output.sqlite.path + "-wal", job.output.sqlite.path + "-shm"] {
                if fileManager.fileExists(atPath: stale) { try fileManager.removeItem(atPath: stale) }
            }
            if let ndjson = job.output.ndjson, fileManager.fileExists(atPath: ndjson.path) {
                try removeTree(ndjson)
            }
            try Data(yaml.utf8).write(to: jobFile, options: .atomic)
            return job
        } catch let error as JobValidationError {
            printError("bundled demo job: \(error.description)")
            throw ExitCodes.failure
        } catch {
            printError("cannot prepare \(folder.path): \(error)")
            throw ExitCodes.failure
        }
    }

    /// Runs `job` against an in-process simulator.
    static func run(
        _ job: JobSpec,
        simulator: SimulatorConfiguration,
        logger: Logger,
        quiet: Bool
    ) async throws -> Outcome {
        var simulatorLogger = logger
        simulatorLogger.logLevel = max(logger.logLevel, .warning)
        return try await GenesysSimulator.withRunning(simulator, logger: simulatorLogger) { sim in
            var configuration = try GenesysClient.Configuration(
                apiBaseURL: sim.baseURL,
                loginBaseURL: sim.baseURL,
                clientID: simulator.clientID,
                clientSecret: simulator.clientSecret
            )
            configuration.requestsPerMinute = job.fetch.requestsPerMinute
            let client = GenesysClient(configuration: configuration, logger: logger)
            do {
                let session = ExportSession(job: job, logger: logger, quiet: quiet, restart: false, hashKey: nil)
                let summary = try await session.run(source: client)
                try await client.shutdown()
                let stats = await sim.stats()
                let archived = (try? JobStatus.load(job: job))?.totals["media_files"]
                return Outcome(
                    summary: summary,
                    archivedMedia: archived,
                    simulatorRequests: stats.totalRequests,
                    baseURL: sim.baseURL
                )
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }

    /// The closing text of `demo`: where things are and what to try.
    static func describe(_ outcome: Outcome, folder: URL) -> String {
        let summary = outcome.summary
        let sqlite = summary.sqlitePath
        let archived = outcome.archivedMedia.map { ", \($0) files archived by SHA-256" } ?? ""
        return """

            Exported from the simulator at \(outcome.baseURL.absoluteString):
              conversations  \(summary.conversations)
              messages       \(summary.messages)
              wrap-ups       \(summary.wrapups)
              media          \(summary.media) communication media, \(summary.cachedMedia) cached media\(archived)
              rejects        \(summary.rejects)
              requests       \(summary.requests) by the client (\(outcome.simulatorRequests) seen by the simulator, \(summary.rateLimited) answered 429)
              time           \(String(format: "%.1f", ExportSession.seconds(summary.duration))) s

            SQLite:  \(sqlite)
            NDJSON:  \(summary.ndjsonPath ?? "(none)")
            Job:     \(folder.appendingPathComponent("demo.yaml").path)

            Try:
              sqlite3 \(sqlite) "select messenger_type, count(*) from conversations group by 1 order by 2 desc"
              sqlite3 \(sqlite) "select conversation_id, timestamp, direction, text from messages where messages.rowid in (select rowid from messages_fts where messages_fts match 'refund') limit 5"
              sqlite3 \(sqlite) "select * from conversation_summary order by start_time limit 5"
            More: genesys-export report \(sqlite) --html report.html · genesys-export verify \(summary.ndjsonPath ?? folder.path)
            """
    }

    /// Removes a folder whose files may be read-only (archive files are written 0444).
    private static func removeTree(_ url: URL) throws {
        let fileManager = FileManager.default
        if let walker = fileManager.enumerator(atPath: url.path) {
            for case let relative as String in walker {
                let path = url.appendingPathComponent(relative).path
                try? fileManager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            }
        }
        try fileManager.removeItem(at: url)
    }
}
