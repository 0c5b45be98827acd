import ArgumentParser
import ExportPipeline

/// The documented process exit codes of `genesys-export`.
///
/// | code | meaning |
/// |---|---|
/// | 0 | complete |
/// | 1 | failed |
/// | 3 | complete, but some records were rejected (see the `rejects` table) |
/// | 64 | usage error or invalid job file |
/// | 65 | the job's output was written with another shard count (`--shard K/N` changed); nothing was done |
/// | 75 | interrupted; the checkpoint was saved, run again to resume |
enum ExitCodes {
    /// Everything exported.
    static let complete = ExitCode(0)
    /// The command failed.
    static let failure = ExitCode(1)
    /// Complete, but some records were rejected.
    static let completeWithRejects = ExitCode(3)
    /// Usage error or invalid job file.
    static let usage = ExitCode(64)
    /// Interrupted; resumable.
    static let interrupted = ExitCode(75)
    /// The job's output has another shard count than `--shard`/`--shards` asks for.
    static let shardCountChanged = ExitCode(65)

    /// The exit code of a sharded run or merge refused: 65 for a changed shard count; 75 for a shard that has not
    /// finished (run it again, then merge); 64 for a bad `--shard`; 1 when building the merged file failed.
    static func shardLayout(_ error: ShardError) -> ExitCode {
        switch error {
        case .layoutChanged: shardCountChanged
        case .shardMissing, .shardUnfinished: interrupted
        case .invalidSpec: usage
        case .mergeFailed: failure
        }
    }

    /// The text shown in `--help` and the README.
    static let helpText = """
        Exit codes:
          0   complete
          3   complete, but some records were rejected (see the rejects table)
          64  usage error or invalid job file
          65  the job's output was written with another shard count (--shard K/N changed; --restart starts over)
          75  interrupted; the checkpoint is saved, run again to resume
          1   failure
        """
}
