import Foundation

/// Errors of the export pipeline, written for the person reading them in a terminal; never contain secrets.
package enum ExportError: Error, Sendable, CustomStringConvertible {
    /// Another `run` of the same job holds the lock file.
    case alreadyRunning(job: String, lockPath: String)
    /// A file or folder could not be read or written (disk full, permissions, …).
    case io(path: String, operation: String, reason: String)
    /// Fetching a conversation failed after the client's retries.
    case conversationFailed(job: String, conversation: String, endpoint: String, underlying: String)
    /// Enumerating the conversations to export failed.
    case enumerationFailed(job: String, endpoint: String, underlying: String)
    /// An asynchronous analytics job ended without results.
    case analyticsJobFailed(job: String, jobID: String, state: String, message: String?)
    /// Most recent per-conversation calls failed with 5xx or transport errors: the API is down, so the run stops
    /// (resumably) instead of rejecting every conversation.
    case outage(job: String, endpoint: String, status: Int?, reason: String)
    /// Writing to the export database failed.
    case databaseFailed(job: String, underlying: String)

    /// A one-line explanation naming the job, conversation and endpoint involved.
    package var description: String {
        switch self {
        case let .alreadyRunning(job, lockPath):
            "job '\(job)' is already running (lock held on \(lockPath)); wait for it to finish"
        case let .io(path, operation, reason):
            "cannot \(operation) \(path): \(reason)"
        case let .conversationFailed(job, conversation, endpoint, underlying):
            "job '\(job)': conversation \(conversation) failed at \(endpoint): \(underlying)"
        case let .enumerationFailed(job, endpoint, underlying):
            "job '\(job)': listing conversations failed at \(endpoint): \(underlying)"
        case let .analyticsJobFailed(job, jobID, state, message):
            "job '\(job)': analytics job \(jobID) ended \(state)" + (message.map { ": \($0)" } ?? "")
        case let .outage(job, endpoint, status, reason):
            "job '\(job)': the API looks down — most recent requests failed, last at \(endpoint)"
                + (status.map { " (HTTP \($0))" } ?? "") + ": \(reason); run again to resume"
        case let .databaseFailed(job, underlying):
            "job '\(job)': export database error: \(underlying)"
        }
    }
}
