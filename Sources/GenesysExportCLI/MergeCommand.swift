import ArgumentParser
import ExportPipeline
import Foundation
import Logging

/// `genesys-export merge JOB --shards N`: builds `output.sqlite` from the job's N shard files.
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Build a sharded job's output.sqlite (tables, views, full-text index) from its shard files.",
        discussion: """
            Reads <name>.shard-K-of-N.sqlite for K = 0…N-1 beside the job's output.sqlite and writes output.sqlite \
            anew (merging again gives the same file). Refused, naming the shard, while a shard has not run, is \
            running, or its last run did not complete (exit 75: run that shard again, then merge); refused with \
            exit 65 when the job was run with another shard count.

            \(ExitCodes.helpText)
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job file (YAML).")
    var job: String

    @Option(help: "N, the shard count the job was run with.")
    var shards: Int

    func validate() throws {
        guard (1...ShardSpec.maximumCount).contains(shards) else {
            throw ValidationError("--shards must be between 1 and \(ShardSpec.maximumCount)")
        }
    }

    func run() async throws {
        let logger = global.bootstrapLogging()
        let spec = try loadJob(job)
        do {
            let summary = try ShardMerger(job: spec, shards: shards).merge()
            logger.info("merge finished", metadata: ["job.name": "\(spec.name)", "merge.shards": "\(summary.shards)"])
            print(
                "job \(spec.name): merged \(summary.shards) shards into \(summary.path) — "
                    + "\(summary.conversations) conversations, \(summary.messages) messages"
            )
        } catch let error as ShardError {
            logger.error("merge refused", metadata: ["job.name": "\(spec.name)", "error": "\(error)"])
            printError("\(error)")
            throw ExitCodes.shardLayout(error)
        } catch let error as ExportError {
            logger.error("merge refused", metadata: ["job.name": "\(spec.name)", "error": "\(error)"])
            printError("\(error)")
            if error.kind == .alreadyRunning { throw ExitCodes.interrupted }
            throw ExitCodes.failure
        }
    }
}
