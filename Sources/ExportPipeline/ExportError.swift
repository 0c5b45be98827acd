import Foundation

/// An error of the export pipeline: a kind to branch on, a one-line description for the person reading a
/// terminal, and the error that caused it.
///
/// Like async-http-client's errors, it keeps its cause in `underlying` and prints only its own short
/// `description`, which names the job, conversation, endpoint or file involved and never contains a secret.
package struct ExportError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    package enum Kind: Sendable, Equatable {
        /// Another `run` of the same job holds the lock file.
        case alreadyRunning
        /// A file or folder could not be read or written (disk full, permissions, …).
        case io
        /// Fetching a conversation failed in a way that stops the run (credentials, configuration).
        case conversationFailed
        /// Enumerating the conversations to export failed.
        case enumerationFailed
        /// An asynchronous analytics job ended without results.
        case analyticsJobFailed
        /// Most recent per-conversation calls failed with 5xx or transport errors: the API is down, so the run
        /// stops (resumably) instead of rejecting every conversation.
        case outage
        /// Writing to the export database failed.
        case databaseFailed
    }

    /// What went wrong.
    package var kind: Kind
    /// A one-line explanation naming the job, conversation, endpoint or file involved.
    package var description: String
    /// The error that caused this one, if any (inspect it; its own text may be long).
    package var underlying: (any Error)?

    /// Creates an error.
    package init(_ kind: Kind, _ description: String, underlying: (any Error)? = nil) {
        self.kind = kind
        self.description = description
        self.underlying = underlying
    }

    /// Another run of `job` holds the lock on `lockPath`.
    package static func alreadyRunning(job: String, lockPath: String) -> Self {
        Self(.alreadyRunning, "job '\(job)' is already running (lock held on \(lockPath)); wait for it to finish")
    }

    /// `operation` on `path` failed for `reason`, such as `no space left on device`.
    package static func io(path: String, operation: String, reason: String, underlying: (any Error)? = nil) -> Self {
        Self(.io, "cannot \(operation) \(path): \(reason)", underlying: underlying)
    }

    /// `operation` on `path` failed because of `underlying`.
    package static func io(path: String, operation: String, underlying: any Error) -> Self {
        io(path: path, operation: operation, reason: summary(of: underlying), underlying: underlying)
    }

    /// Fetching `conversation` at `endpoint` failed with `underlying`, which stops the run.
    package static func conversationFailed(
        job: String,
        conversation: String,
        endpoint: String,
        underlying: any Error
    ) -> Self {
        Self(
            .conversationFailed,
            "job '\(job)': conversation \(conversation) failed at \(endpoint): \(summary(of: underlying))",
            underlying: underlying
        )
    }

    /// Listing conversations at `endpoint` failed with `underlying`.
    package static func enumerationFailed(job: String, endpoint: String, underlying: any Error) -> Self {
        Self(
            .enumerationFailed,
            "job '\(job)': listing conversations failed at \(endpoint): \(summary(of: underlying))",
            underlying: underlying
        )
    }

    /// The analytics job `jobID` ended in `state` without results.
    package static func analyticsJobFailed(job: String, jobID: String, state: String, message: String?) -> Self {
        Self(.analyticsJobFailed, "job '\(job)': analytics job \(jobID) ended \(state)" + (message.map { ": \($0)" } ?? ""))
    }

    /// Most recent calls failed; the last at `endpoint` with `status` for `reason`, the text of `underlying`.
    package static func outage(
        job: String,
        endpoint: String,
        status: Int?,
        reason: String,
        underlying: any Error
    ) -> Self {
        Self(
            .outage,
            "job '\(job)': the API looks down — most recent requests failed, last at \(endpoint)"
                + (status.map { " (HTTP \($0))" } ?? "") + ": \(reason); run again to resume",
            underlying: underlying
        )
    }

    /// Writing to the export database failed with `underlying`.
    package static func databaseFailed(job: String, underlying: any Error) -> Self {
        Self(.databaseFailed, "job '\(job)': export database error: \(summary(of: underlying))", underlying: underlying)
    }

    /// Runs `body`; cancellation and export errors pass through, and any other error becomes `wrap(error)`.
    package static func wrapping<T>(
        _ wrap: (any Error) -> ExportError,
        _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch {
            throw wrapped(error, wrap)
        }
    }

    /// The error to throw for `error`: itself when it is a cancellation or an export error (a cancellation when
    /// the task is cancelled), else `wrap(error)`.
    package static func wrapped(_ error: any Error, _ wrap: (any Error) -> ExportError) -> any Error {
        if error is CancellationError || error is ExportError { return error }
        if Task.isCancelled { return CancellationError() }
        return wrap(error)
    }

    /// Listing at `endpoint` for `job`: ``wrapping(_:_:)`` with ``enumerationFailed(job:endpoint:underlying:)``.
    package static func listing<T>(job: String, endpoint: String, _ body: () async throws -> T) async throws -> T {
        try await wrapping({ enumerationFailed(job: job, endpoint: endpoint, underlying: $0) }, body)
    }

    /// The short text of an error, as it prints itself.
    private static func summary(of error: any Error) -> String {
        String(describing: error)
    }
}
