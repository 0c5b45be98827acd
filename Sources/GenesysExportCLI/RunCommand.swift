import ArgumentParser
import ExportPipeline
import Foundation
import GenesysClient
import Logging

/// `genesys-export run JOB`: the export.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an export job; resumes an interrupted run of the job by default.",
        discussion: """
            Reads GENESYSCLOUD_OAUTHCLIENT_ID, GENESYSCLOUD_OAUTHCLIENT_SECRET and GENESYSCLOUD_REGION (or \
            GENESYSCLOUD_API_URL / GENESYSCLOUD_LOGIN_URL). Ctrl-C or SIGTERM finishes the current commit and exits 75; \
            run again to resume. A second run of the same job while one is running is refused (exit 75).

            \(ExitCodes.helpText)
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job file (YAML).")
    var job: String

    @Flag(help: "Print the plan (source, windows, estimated requests and duration) without fetching anything.")
    var dryRun = false

    @Flag(help: "Discard the job's checkpoint and start over (asks first unless --yes).")
    var restart = false

    @Flag(help: "Answer yes to the --restart question.")
    var yes = false

    @Option(
        help: """
            Export only shard K of N (K from 0 to N-1, e.g. $JOB_COMPLETION_INDEX/4): the conversations whose id             hashes to K (FNV-1a 64 of the lowercase id, mod N), into <name>.shard-K-of-N.sqlite beside output.sqlite.
            """
    )
    var shard: String?

    func validate() throws {
        if yes && !restart { throw ValidationError("--yes only goes with --restart") }
        if dryRun && restart { throw ValidationError("--dry-run and --restart do not go together") }
        if let shard {
            do {
                _ = try ShardSpec(parsing: shard)
            } catch {
                throw ValidationError("\(error)")
            }
        }
    }

    func run() async throws {
        let logger = global.bootstrapLogging()
        let spec = try loadJob(job)
        let environment = ClientEnvironment()
        let configuration: GenesysClient.Configuration
        do {
            configuration = try environment.clientConfiguration(requestsPerMinute: spec.fetch.requestsPerMinute)
        } catch {
            if dryRun {
                let plan = try await ExportPlan.make(job: spec, source: nil)
                print(plan.renderText())
                return
            }
            printError("job '\(spec.name)': \(error)")
            throw ExitCodes.usage
        }
        let client = GenesysClient(configuration: configuration, logger: logger)
        do {
            let code = try await execute(spec, client: client, environment: environment, logger: logger)
            try await client.shutdown()
            if code != ExitCodes.complete { throw code }
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func execute(
        _ spec: JobSpec,
        client: GenesysClient,
        environment: ClientEnvironment,
        logger: Logger
    ) async throws -> ExitCode {
        if dryRun {
            do {
                let plan = try await ExportPlan.make(job: spec, source: client)
                print(plan.renderText())
                return ExitCodes.complete
            } catch {
                logger.error("planning failed", metadata: ["job.name": "\(spec.name)", "error": "\(error)"])
                printError("job '\(spec.name)': planning failed: \(error)")
                return ExitCodes.failure
            }
        }
        if restart && !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                printError("--restart discards the checkpoint of job '\(spec.name)': confirm with --yes when not on a terminal")
                return ExitCodes.usage
            }
            FileHandle.standardError.write(
                Data("Discard the checkpoint of job '\(spec.name)' and start over? [y/N] ".utf8)
            )
            let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard answer == "y" || answer == "yes" else {
                printError("not restarted")
                return ExitCodes.usage
            }
        }
        let session = ExportSession(
            job: spec,
            logger: logger,
            quiet: global.quiet,
            restart: restart,
            hashKey: environment.hashKey,
            shard: try shard.map(ShardSpec.init(parsing:))
        )
        let summary: RunSummary
        do {
            summary = try await session.run(source: client)
        } catch {
            // Errors before the run could start (lock held, database or folder unusable): stderr, log and exit code.
            let storage = ExportDatabase.storageError(error, path: spec.output.sqlite.path)
            let described = (storage ?? error as? ExportError)?.description ?? "\(error)"
            let message = described.hasPrefix("job '") ? described : "job '\(spec.name)': \(described)"
            let metadata: Logger.Metadata = ["job.name": "\(spec.name)", "error": "\(message)"]
            if let refusal = error as? ShardError {
                logger.warning("run refused", metadata: metadata)
                printError(message)
                return ExitCodes.shardLayout(refusal)
            }
            if (error as? ExportError)?.kind == .alreadyRunning {
                logger.warning("run refused", metadata: metadata)
                printError(message)
                return ExitCodes.interrupted
            }
            logger.error("run failed", metadata: metadata)
            printError(message)
            return ExitCodes.failure
        }
        ExportSession.report(summary)
        return ExportSession.exitCode(for: summary)
    }
}
