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
    /// The export database does not match what the run expects.
    case checkpointMismatch(job: String, expected: String, found: String)
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
        case let .checkpointMismatch(job, expected, found):
            "job '\(job)': checkpoint mismatch, expected \(expected), found \(found)"
        case let .databaseFailed(job, underlying):
            "job '\(job)': export database error: \(underlying)"
        }
    }
}
