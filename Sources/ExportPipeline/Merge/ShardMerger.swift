import Foundation
import GRDB

/// What `merge` built.
package struct MergeSummary: Sendable, Equatable {
    /// The merged database (`output.sqlite`).
    package var path: String
    /// The shard count merged.
    package var shards: Int
    /// Rows of `conversations` in the merged database.
    package var conversations: Int
    /// Rows of `messages` in the merged database.
    package var messages: Int
}

/// Builds a job's `output.sqlite` from its N shard files (`<name>.shard-K-of-N.sqlite`): every data table, the
/// change tracking, the rejects and the runs of all shards, then the analyst views and the full-text index.
///
/// Every merge builds a new file from the shards and renames it over `output.sqlite`, so merging twice gives the
/// same database. The shards' runs are numbered anew in the merged `runs` table (in shard order), and `merged_runs`
/// maps each to its shard and its id there; every `run_id` column (`conversations`, `messages`,
/// `conversation_state`, `rejects`, `media_files`) points at the new numbers. Resume state (`checkpoints`,
/// `run_work`) stays in the shard files. While merging, the job's lock and every shard's lock are held, so no run of
/// the job or of a shard changes a file being read.
///
/// ```swift
/// // out/nightly.sqlite from out/nightly.shard-0-of-4.sqlite … out/nightly.shard-3-of-4.sqlite
/// let summary = try ShardMerger(job: job, shards: 4).merge()
/// ```
package struct ShardMerger {
    /// The job (its `output.sqlite` is where the merged file goes).
    package var job: JobSpec
    /// N.
    package var shards: Int

    /// Creates a merger of `shards` shard files of `job`.
    package init(job: JobSpec, shards: Int) {
        self.job = job
        self.shards = shards
    }

    /// The tables copied as they are, in this order (objects of one conversation are in exactly one shard; the
    /// org-wide lists `wrapup_codes` and `cached_media` keep the first shard's row of an id).
    static let dataTables = [
        "participants", "message_attachments", "wrapups", "wrapup_codes", "cached_media", "communication_media",
    ]

    /// Tables whose `run_id` is renumbered to the merged run ids.
    static let runTables = ["conversations", "messages", "conversation_state", "rejects", "media_files"]

    /// Whether `sqlite` was built by `merge` (it has the `merged_runs` table).
    package static func isMergedDatabase(_ sqlite: URL) -> Bool {
        guard let queue = try? DatabaseQueue(path: sqlite.path, configuration: readOnly()) else { return false }
        return (try? queue.read { try $0.tableExists("merged_runs") }) ?? false
    }

    /// Checks every shard and builds `output.sqlite`.
    ///
    /// - Throws: ``ShardError/layoutChanged(job:recorded:requested:layoutPath:)`` when the job was sharded with
    ///   another N, ``ShardError/shardMissing(job:shard:path:)``,
    ///   ``ShardError/shardUnfinished(job:shard:runID:status:path:)`` naming the first shard whose last run has not completed (or that is running now),
    ///   ``ExportError/alreadyRunning(job:lockPath:)`` while an unsharded run or another merge holds the job's lock,
    ///   and ``ShardError/mergeFailed(job:path:underlying:)``.
    package func merge() throws -> MergeSummary {
        let layout = ShardLayout.url(base: job.output.sqlite)
        if FileManager.default.fileExists(atPath: layout.path) {
            let recorded = try ShardLayout.recordedCount(base: job.output.sqlite)
            guard recorded == shards else {
                throw ShardError.layoutChanged(job: job.name, recorded: recorded, requested: shards, layoutPath: layout.path)
            }
        }
        let lock = try RunLock(path: job.output.sqlite.path + ".lock", jobName: job.name)
        defer { lock.release() }
        let specs = try (0..<shards).map { try ShardSpec(index: $0, count: shards) }
        let shardLocks = try specs.map(checkFinished)
        defer { shardLocks.forEach { $0.release() } }
        try removeLeftoverPartials()
        return try build(from: specs)
    }

    /// Removes the `.partial` files a killed shard left in the NDJSON tree. A shard cleans only its own manifests'
    /// (others may be writing theirs), so a media file's temporary copy is removed here, where every shard's lock is
    /// held and none can be writing.
    private func removeLeftoverPartials() throws {
        guard let root = job.output.ndjson else { return }
        for path in ArchiveFiles.relativeFiles(under: root) where path.hasSuffix(".partial") {
            try NDJSONGzipWriter.truncate(root.appendingPathComponent(path), to: 0)
        }
    }

    /// Takes shard `spec`'s lock and checks that its last run completed; returns the lock, held while merging.
    private func checkFinished(_ spec: ShardSpec) throws -> RunLock {
        let url = spec.databaseURL(base: job.output.sqlite)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ShardError.shardMissing(job: job.name, shard: spec.description, path: url.path)
        }
        let lock: RunLock
        do {
            lock = try RunLock(path: url.path + ".lock", jobName: job.name)
        } catch let error as ExportError where error.kind == .alreadyRunning {
            throw unfinished(spec, runID: 0, status: "running", path: url.path)
        }
        let last: (Int64, String)? = try read(url) { db in
            try Row.fetchOne(db, sql: "SELECT id, status FROM runs ORDER BY id DESC LIMIT 1")
                .map { ($0["id"], $0["status"]) }
        }
        let finished = [RunStatus.complete.rawValue, RunStatus.completeWithRejects.rawValue]
        guard let last, finished.contains(last.1) else {
            lock.release()
            let (runID, status) = last ?? (0, "missing (no run recorded)")
            throw unfinished(spec, runID: runID, status: status, path: url.path)
        }
        return lock
    }

    private func unfinished(_ spec: ShardSpec, runID: Int64, status: String, path: String) -> ShardError {
        ShardError.shardUnfinished(job: job.name, shard: spec.description, runID: runID, status: status, path: path)
    }

    /// Builds the merged file beside `output.sqlite` and renames it into place.
    private func build(from specs: [ShardSpec]) throws -> MergeSummary {
        let target = job.output.sqlite
        let building = URL(fileURLWithPath: target.path + ".merging")
        try removeDatabaseFiles(building)
        do {
            let queue = try ExportDatabase.open(at: building)
            let summary = try queue.writeWithoutTransaction { db in
                try db.execute(sql: MergeSQL.createMergedRuns)
                for spec in specs {
                    // ATTACH and DETACH happen outside a transaction, the copy of each shard inside one.
                    try db.execute(sql: "ATTACH DATABASE ? AS shard", arguments: [spec.databaseURL(base: target).path])
                    try db.inTransaction { try copy(spec, into: db) }
                    try db.execute(sql: "DETACH DATABASE shard")
                }
                try AnalystSchema.refreshFullTextIndex(db)
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
                return MergeSummary(
                    path: target.path,
                    shards: specs.count,
                    conversations: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conversations") ?? 0,
                    messages: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages") ?? 0
                )
            }
            try queue.close()
            try removeDatabaseFiles(target, keepingMain: true)
            guard rename(building.path, target.path) == 0 else {
                throw DurableFile.error(target.path, "rename the merged database to", errno)
            }
            try DurableFile.syncFolder(target.deletingLastPathComponent())
            return summary
        } catch let error as ShardError {
            throw error
        } catch {
            try? removeDatabaseFiles(building)
            throw ShardError.mergeFailed(job: job.name, path: target.path, underlying: error)
        }
    }

    /// Copies one shard's rows into the merged database (attached as `shard`), renumbering its runs.
    private func copy(_ spec: ShardSpec, into db: Database) throws -> Database.TransactionCompletion {
        try MergeSQL.copyRuns(shard: spec, db: db)
        for table in Self.dataTables {
            try MergeSQL.copyTable(table, db: db)
        }
        for table in Self.runTables {
            try MergeSQL.copyRenumbering(table, shard: spec.index, db: db)
        }
        return .commit
    }

    private func read<T>(_ url: URL, _ body: (Database) throws -> T) throws -> T {
        do {
            return try DatabaseQueue(path: url.path, configuration: Self.readOnly()).read(body)
        } catch {
            throw ShardError.mergeFailed(job: job.name, path: url.path, underlying: error)
        }
    }

    /// Removes a database file and its `-wal`/`-shm` companions (`keepingMain`: only the companions, so a stale
    /// WAL is never replayed into the renamed file).
    private func removeDatabaseFiles(_ url: URL, keepingMain: Bool = false) throws {
        let paths = (keepingMain ? [] : [url.path]) + [url.path + "-wal", url.path + "-shm", url.path + "-journal"]
        for path in paths where FileManager.default.fileExists(atPath: path) {
            do {
                try FileManager.default.removeItem(atPath: path)
            } catch {
                throw ExportError.io(path: path, operation: "remove", underlying: error)
            }
        }
    }

    static func readOnly() -> Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        return configuration
    }
}
