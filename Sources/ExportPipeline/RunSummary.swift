import Foundation

/// How a run ended; maps one-to-one to the CLI's exit codes (0, 3, 75, 1).
package enum RunStatus: String, Sendable, Equatable {
    /// Everything exported.
    case complete
    /// Everything exported except the objects stored in `rejects`.
    case completeWithRejects = "complete_with_rejects"
    /// Stopped by cancellation after the last commit; run again to resume.
    case interrupted
    /// Stopped by an error.
    case failed
    /// The run is in progress (only ever seen in the `runs` table).
    case running
}

/// What one `run` did.
package struct RunSummary: Sendable, Equatable {
    /// The `runs.id` (reused when the run resumed an interrupted one).
    package var runID: Int64
    /// The job's name.
    package var jobName: String
    /// How the run ended.
    package var status: RunStatus
    /// Whether this run resumed an interrupted run.
    package var resumed: Bool
    /// Conversations in the run's work list.
    package var conversationsTotal: Int
    /// Conversations committed by this invocation.
    package var conversations: Int
    /// Conversations enumerated but skipped because they were already exported unchanged.
    package var conversationsSkipped: Int
    /// Messages committed by this invocation.
    package var messages: Int
    /// Wrap-ups committed by this invocation.
    package var wrapups: Int
    /// Communication media items committed by this invocation.
    package var media: Int
    /// Cached media items committed by this invocation.
    package var cachedMedia: Int
    /// Rejects recorded by this invocation.
    package var rejects: Int
    /// HTTP requests sent by this invocation.
    package var requests: Int
    /// 429 responses seen by this invocation.
    package var rateLimited: Int
    /// Transactions committed.
    package var commits: Int
    /// Wall-clock duration.
    package var duration: Duration
    /// The SQLite file.
    package var sqlitePath: String
    /// The NDJSON folder, when the job writes one.
    package var ndjsonPath: String?
    /// The archive manifest written at completion, if any.
    package var manifestPath: String?
    /// The error that stopped a failed run.
    package var error: String?
}

/// A snapshot of a run's progress, delivered to the progress callback after every commit.
package struct ExportProgress: Sendable, Equatable {
    /// Conversations committed (including those committed before a resume).
    package var conversationsDone: Int
    /// Conversations in the work list.
    package var conversationsTotal: Int
    /// Messages committed by this invocation.
    package var messages: Int
    /// Requests sent by this invocation.
    package var requests: Int
    /// 429 responses seen by this invocation.
    package var rateLimited: Int
    /// Transactions committed by this invocation.
    package var commits: Int
    /// Time since the run started.
    package var elapsed: Duration
}
