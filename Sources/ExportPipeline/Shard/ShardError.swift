import Foundation

/// Errors of sharded runs and of `merge`, written for the person reading them; they name the job, the shard and
/// the file concerned.
package enum ShardError: Error, Sendable, CustomStringConvertible {
    /// `--shard` is not `K/N` with 0 ≤ K < N ≤ 1024.
    case invalidSpec(String)
    /// The job's output was written with another shard count; `--restart` starts over with the new one.
    case layoutChanged(job: String, recorded: Int, requested: Int, layoutPath: String)
    /// A shard's SQLite file is missing (the shard never ran).
    case shardMissing(job: String, shard: String, path: String)
    /// A shard's last run has not completed (running, interrupted or failed).
    case shardUnfinished(job: String, shard: String, runID: Int64, status: String, path: String)
    /// Building the merged database failed.
    case mergeFailed(job: String, path: String, underlying: any Error)

    /// A one-line explanation.
    package var description: String {
        switch self {
        case let .invalidSpec(text):
            "--shard must be K/N with N between 1 and \(ShardSpec.maximumCount) and K between 0 and N-1 (got '\(text)')"
        case let .layoutChanged(job, recorded, requested, layoutPath):
            "job '\(job)': its output was written with \(Self.shards(recorded)) (\(layoutPath)), not "
                + "\(Self.shards(requested)); run with the same shard count, or add --restart to start the job over "
                + "with \(Self.shards(requested))"
        case let .shardMissing(job, shard, path):
            "job '\(job)': shard \(shard) has not run yet (no \(path)); run it before merging"
        case let .shardUnfinished(job, shard, runID, status, path):
            "job '\(job)': shard \(shard) has not finished: its last run #\(runID) is \(status) (\(path)); "
                + "run the shard again, then merge"
        case let .mergeFailed(job, path, underlying):
            "job '\(job)': cannot build \(path): \(underlying)"
        }
    }

    private static func shards(_ count: Int) -> String {
        count == 1 ? "no shards" : "\(count) shards"
    }
}
