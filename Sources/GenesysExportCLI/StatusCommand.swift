import ArgumentParser
import ExportPipeline
import Foundation

/// `genesys-export status JOB`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a job's last runs, watermark, conversations done/pending and rejects from its SQLite file."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job file (YAML).")
    var job: String

    @Option(help: "Show shard K/N's own file (<name>.shard-K-of-N.sqlite) instead of output.sqlite.")
    var shard: String?

    func run() async throws {
        var spec = try loadJob(job)
        if let shard {
            do {
                spec = try ShardSpec(parsing: shard).applied(to: spec)
            } catch {
                printError("\(error)")
                throw ExitCodes.usage
            }
        }
        do {
            print(try JobStatus.load(job: spec).renderText())
        } catch {
            printError("job '\(spec.name)': cannot read \(spec.output.sqlite.path): \(error)")
            throw ExitCodes.failure
        }
    }
}
