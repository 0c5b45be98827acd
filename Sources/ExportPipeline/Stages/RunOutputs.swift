import Foundation
import GRDB

/// Stage 1 of a run: the outputs opened for it — the output folder, the job's lock, the export database and the
/// redactor — before anything is asked of the API.
struct RunOutputs {
    /// Held for the whole run; another `run` of the job is refused while it is.
    var lock: RunLock
    /// The export database, migrated.
    var queue: DatabaseQueue
    /// The job's redaction.
    var redactor: Redactor

    /// Creates the output folder, takes the lock and opens the database.
    ///
    /// - Throws: ``ExportError/io(path:operation:reason:underlying:)`` naming the folder, ``ExportError/alreadyRunning(job:lockPath:)``,
    ///   and the database's errors.
    static func open(job: JobSpec, configuration: ExportRunner.Configuration) throws -> RunOutputs {
        let folder = job.output.sqlite.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ExportError.io(path: folder.path, operation: "create folder", underlying: error)
        }
        let lock = try RunLock(path: job.output.sqlite.path + ".lock", jobName: job.name)
        do {
            let queue = try ExportDatabase.open(at: job.output.sqlite, cacheSizeMiB: configuration.cacheSizeMiB)
            let redactor = try Redactor(policy: job.redact, hashKey: configuration.redactionHashKey)
            return RunOutputs(lock: lock, queue: queue, redactor: redactor)
        } catch {
            lock.release()
            throw error
        }
    }
}
