import Foundation
import GRDB

/// The export's SQLite database: opening, pragmas and the schema (see `schemas/sqlite.sql`).
///
/// One `DatabaseQueue` per export database, kept for the whole run and touched only by the run's single writer.
package enum ExportDatabase {
    /// Opens (creating if needed) the database at `url` in WAL mode and brings its schema up to date.
    ///
    /// - Throws: `ExportError.io` when the folder cannot be created or the file cannot be written (read-only file
    ///   system, permission denied, no space left; see ``storageError(_:path:operation:)``); `DatabaseError` from
    ///   SQLite otherwise.
    package static func open(at url: URL, cacheSizeMiB: Int = 64) throws -> DatabaseQueue {
        let folder = url.deletingLastPathComponent()
        try DurableFile.makeFolder(folder)
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -\(cacheSizeMiB * 1024)")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        configuration.busyMode = .timeout(5)
        do {
            let queue = try DatabaseQueue(path: url.path, configuration: configuration)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            try makeMigrator().migrate(queue)
            return queue
        } catch {
            throw storageError(error, path: url.path, operation: "open") ?? error
        }
    }
}
