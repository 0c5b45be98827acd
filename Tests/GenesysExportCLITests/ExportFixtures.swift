import Foundation
import GRDB
import GenesysSimulator
import Testing

/// Job files, environments and output comparisons shared by the CLI end-to-end tests.
enum ExportFixtures {
    /// Writes a job file exporting the simulator's default org window into `folder`.
    static func writeJob(
        in folder: URL,
        name: String = "e2e",
        concurrency: Int = 4,
        extra: String = ""
    ) throws -> URL {
        let yaml = """
            name: \(name)
            source:
              interval: "2026-10-02T00:00:00Z/2026-11-01T00:00:00Z"
            fetch:
              concurrency: \(concurrency)
              requestsPerMinute: 100000
            output:
              sqlite: out/\(name).sqlite
              ndjson: out/ndjson
            \(extra)
            """
        let url = folder.appendingPathComponent("\(name).yaml")
        try Data(yaml.utf8).write(to: url)
        return url
    }

    /// The environment pointing the binary at a running simulator.
    static func environment(for simulator: RunningSimulator) -> [String: String] {
        [
            "GENESYSCLOUD_API_URL": simulator.baseURL.absoluteString,
            "GENESYSCLOUD_LOGIN_URL": simulator.baseURL.absoluteString,
            "GENESYSCLOUD_OAUTHCLIENT_ID": "sim-client",
            "GENESYSCLOUD_OAUTHCLIENT_SECRET": "sim-secret",
        ]
    }

    /// Every data row of the export database, per table, sorted, without the columns that name a run.
    static func tableContents(of sqlite: URL) throws -> [String: [String]] {
        let queue = try DatabaseQueue(path: sqlite.path)
        let tables = [
            "conversations", "participants", "messages", "message_attachments", "wrapups", "wrapup_codes",
            "cached_media", "communication_media",
        ]
        let runColumns: Set<String> = ["run_id", "exported_at"]
        return try queue.read { db in
            var contents: [String: [String]] = [:]
            for table in tables {
                let columns = try db.columns(in: table).map(\.name).filter { !runColumns.contains($0) }
                let list = columns.map { "quote(\($0))" }.joined(separator: " || '|' || ")
                contents[table] = try String.fetchAll(db, sql: "SELECT \(list) FROM \(table)").sorted()
            }
            return contents
        }
    }

    /// Every NDJSON line per entity folder, sorted (decompressed with `gzip -dc`, which reads multi-member files).
    static func ndjsonLines(under root: URL, excluding excluded: Set<String> = []) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        let fileManager = FileManager.default
        guard let walker = fileManager.enumerator(at: root, includingPropertiesForKeys: nil) else { return result }
        for case let file as URL in walker where file.lastPathComponent.hasSuffix(".ndjson.gz") {
            let relative = file.path.dropFirst(root.path.count + 1)
            if excluded.contains(String(relative)) { continue }
            let entity = String(relative.split(separator: "/").first ?? "")
            let text = try gunzip(file)
            result[entity, default: []] += text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        }
        return result.mapValues { $0.sorted() }
    }

    static func gunzip(_ file: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandRunnerError(description: "gzip -dc failed on \(file.path)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Counts rows of `table`.
    static func count(_ table: String, in sqlite: URL) throws -> Int {
        let queue = try DatabaseQueue(path: sqlite.path)
        return try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    /// Counts rows of `table` without creating or locking anything: 0 while the file or table does not exist yet.
    static func committedCount(_ table: String, in sqlite: URL) -> Int {
        guard FileManager.default.fileExists(atPath: sqlite.path) else { return 0 }
        var configuration = Configuration()
        configuration.readonly = true
        guard let queue = try? DatabaseQueue(path: sqlite.path, configuration: configuration) else { return 0 }
        return (try? queue.read { db in
            try db.tableExists(table) ? try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 : 0
        }) ?? 0
    }
}
