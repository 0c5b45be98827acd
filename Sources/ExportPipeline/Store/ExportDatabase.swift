import Foundation
import GRDB

/// The export's SQLite database: opening, pragmas and the schema (see `schemas/sqlite.sql`).
///
/// One `DatabaseQueue` per export database, kept for the whole run and touched only by the run's single writer.
package enum ExportDatabase {
    /// Opens (creating if needed) the database at `url` in WAL mode and brings its schema up to date.
    ///
    /// - Throws: `ExportError.io` when the folder cannot be created; `DatabaseError` from SQLite.
    package static func open(at url: URL, cacheSizeMiB: Int = 64) throws -> DatabaseQueue {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ExportError.io(path: folder.path, operation: "create folder", reason: "\(error)")
        }
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -\(cacheSizeMiB * 1024)")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        configuration.busyMode = .timeout(5)
        let queue = try DatabaseQueue(path: url.path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        try makeMigrator().migrate(queue)
        return queue
    }
}
