import Foundation

/// The shard count a job's output was written with, kept in `<name>.shards.json` beside `output.sqlite`
/// (`{"shards": N}`), so that changing N — which would move conversations between shards and leave each shard's
/// watermark and change tracking wrong — is refused unless the job starts over with `--restart`.
///
/// Only sharded runs write the file; an unsharded run only reads it (a job without the file was never sharded).
package enum ShardLayout {
    private struct Document: Codable {
        var shards: Int
    }

    /// The layout file of a job whose `output.sqlite` is `sqlite`.
    package static func url(base sqlite: URL) -> URL {
        ShardSpec.folder(of: sqlite).appendingPathComponent("\(ShardSpec.baseName(of: sqlite)).shards.json")
    }

    /// The recorded shard count; 1 when the job was never sharded.
    ///
    /// - Throws: ``ExportError/io(path:operation:reason:)`` when the file exists but cannot be read or parsed.
    package static func recordedCount(base sqlite: URL) throws -> Int {
        let file = url(base: sqlite)
        guard FileManager.default.fileExists(atPath: file.path) else { return 1 }
        do {
            return try JSONDecoder().decode(Document.self, from: Data(contentsOf: file)).shards
        } catch {
            throw ExportError.io(path: file.path, operation: "read the shard layout", underlying: error)
        }
    }

    /// Checks that a run with `count` shards (1: unsharded) fits the job's recorded layout, and records `count` when
    /// it is new or `restart` replaces it.
    ///
    /// An unsharded job that already has `output.sqlite` counts as one shard, so turning it into N shards is a
    /// change of N too.
    /// - Throws: ``ShardError/layoutChanged(job:recorded:requested:layoutPath:)`` unless the counts match or
    ///   `restart` is true.
    package static func claim(job: JobSpec, count: Int, restart: Bool) throws {
        let base = job.output.sqlite
        let file = url(base: base)
        let fileExists = FileManager.default.fileExists(atPath: file.path)
        var recorded = count
        if fileExists {
            recorded = try recordedCount(base: base)
        } else if count > 1, isUnshardedExport(base) {
            recorded = 1
        }
        guard recorded == count || restart else {
            throw ShardError.layoutChanged(job: job.name, recorded: recorded, requested: count, layoutPath: file.path)
        }
        if count == 1 {
            if fileExists { try remove(file) }
        } else if !fileExists || recorded != count {
            try FileManager.default.createDirectory(at: ShardSpec.folder(of: base), withIntermediateDirectories: true)
            try DurableFile.write(try JSONEncoder().encode(Document(shards: count)), to: file)
        }
    }

    private static func remove(_ file: URL) throws {
        do {
            try FileManager.default.removeItem(at: file)
        } catch {
            throw ExportError.io(path: file.path, operation: "remove the shard layout", underlying: error)
        }
    }

    /// Whether `output.sqlite` exists and was written by an unsharded run (not built by `merge`).
    private static func isUnshardedExport(_ sqlite: URL) -> Bool {
        FileManager.default.fileExists(atPath: sqlite.path) && !ShardMerger.isMergedDatabase(sqlite)
    }
}
