import Foundation
import GRDB
import Testing

/// The scale-out tests of the built CLI (shards, merge, the README's shard commands, the NDJSON tree read by
/// DuckDB and Spark). They start several processes each and the demo export and Spark are CPU-heavy, so they run
/// one after another, never all at once beside the rest of the suite on a two-core machine, and in name order:
/// `ParallelShardsTests` first (its first two minutes are a paced run that needs little CPU, while the
/// time-limited loopback tests of the other targets run), `TreeInteropTests` (demo export, Spark) last.
@Suite(.serialized) struct ScaleOutCLITests {}

/// The `sim` binary in the background, with N OAuth clients `shard-K`/`secret-K` besides `sim-client`.
final class SimulatorProcess {
    let process = Process()
    let url: String

    /// Starts `genesys-export sim --port 0 …` and waits for its banner.
    init(conversations: Int, rateLimit: Int, clients: Int, extra: [String] = []) async throws {
        process.executableURL = try CommandRunner.executableURL()
        process.arguments = ["sim", "--port", "0", "--conversations", "\(conversations)", "--rate-limit", "\(rateLimit)"]
            + (0..<clients).flatMap { ["--client", "shard-\($0):secret-\($0)"] } + extra
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        guard let url = await ReadmeWalkthroughTests.listeningURL(from: out.fileHandleForReading) else {
            process.terminate()
            throw CommandRunnerError(description: "the simulator printed no URL")
        }
        self.url = url
    }

    /// The environment of a `run` with client `id`/`secret`.
    func environment(client id: String = "sim-client", secret: String = "sim-secret") -> [String: String] {
        [
            "GENESYSCLOUD_API_URL": url, "GENESYSCLOUD_LOGIN_URL": url,
            "GENESYSCLOUD_OAUTHCLIENT_ID": id, "GENESYSCLOUD_OAUTHCLIENT_SECRET": secret,
        ]
    }

    /// The environment of shard K's process: its own OAuth client.
    func environment(shard: Int) -> [String: String] {
        environment(client: "shard-\(shard)", secret: "secret-\(shard)")
    }

    /// SIGTERM, and wait.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// Jobs and comparisons for the sharded runs.
enum ShardFixtures {
    /// A job over the simulator's default window, SQLite and NDJSON under `out/`.
    static func writeJob(in folder: URL, name: String, requestsPerMinute: Int, extra: String = "") throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let yaml = """
            name: \(name)
            source:
              interval: "2026-10-02T00:00:00Z/2026-11-01T00:00:00Z"
            fetch:
              concurrency: 4
              requestsPerMinute: \(requestsPerMinute)
            \(extra)
            output:
              sqlite: out/\(name).sqlite
              ndjson: out/ndjson
            """
        let url = folder.appendingPathComponent("\(name).yaml")
        try Data(yaml.utf8).write(to: url)
        return url
    }

    /// Columns that name a run or the time it ran, which legitimately differ between a merged and an unsharded
    /// export; `runs`, `run_work`, `checkpoints` and `merged_runs` are bookkeeping and left out whole.
    static let bookkeeping: [String: Set<String>] = [
        "conversations": ["run_id", "exported_at"],
        "messages": ["run_id"],
        "conversation_state": ["run_id", "exported_at"],
        "rejects": ["id", "run_id", "created_at"],
        "media_files": ["run_id", "stored_at"],
    ]

    /// Every row of every table but the bookkeeping ones, sorted, plus the analyst views and full-text matches.
    static func comparableContents(of sqlite: URL) throws -> [String: [String]] {
        let queue = try DatabaseQueue(path: sqlite.path)
        return try queue.read { db in
            let skipped: Set<String> = ["runs", "run_work", "checkpoints", "merged_runs", "grdb_migrations"]
            let tables = try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' "
                    + "AND name NOT LIKE 'messages_fts%'"
            ).filter { !skipped.contains($0) }
            var contents: [String: [String]] = [:]
            for table in tables {
                let columns = try db.columns(in: table).map(\.name).filter { !(bookkeeping[table] ?? []).contains($0) }
                let list = columns.map { "quote(\"\($0)\")" }.joined(separator: " || '|' || ")
                contents[table] = try String.fetchAll(db, sql: "SELECT \(list) FROM \"\(table)\"").sorted()
            }
            for word in ["refund", "order", "thanks", "card*"] {
                contents["messages_fts MATCH \(word)"] = try String.fetchAll(
                    db,
                    sql: "SELECT m.id FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid WHERE messages_fts MATCH ?",
                    arguments: [word]
                ).sorted()
            }
            return contents
        }
    }

    /// Every table of a file as it is (for comparing two merges).
    static func everything(of sqlite: URL) throws -> [String: [String]] {
        let queue = try DatabaseQueue(path: sqlite.path)
        return try queue.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'messages_fts%'")
            var contents: [String: [String]] = [:]
            for table in tables {
                let list = try db.columns(in: table).map { "quote(\"\($0.name)\")" }.joined(separator: " || '|' || ")
                contents[table] = try String.fetchAll(db, sql: "SELECT \(list) FROM \"\(table)\"").sorted()
            }
            return contents
        }
    }

    /// The conversation ids of an export.
    static func conversationIDs(_ sqlite: URL) throws -> Set<String> {
        try Set(DatabaseQueue(path: sqlite.path).read { try String.fetchAll($0, sql: "SELECT id FROM conversations") })
    }

    /// Shard of each id by FNV-1a 64 mod `count`, computed by Python, independently of the Swift code under test.
    static func pythonShards(_ ids: [String], count: Int) throws -> [String: Int] {
        let code = """
            import sys
            for line in sys.stdin:
                i = line.strip(); h = 0xcbf29ce484222325
                for b in i.lower().encode(): h = ((h ^ b) * 0x100000001b3) % 2**64
                print(i, h % \(count))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(ids.joined(separator: "\n").utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var shards: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let shard = Int(parts[1]) { shards[String(parts[0])] = shard }
        }
        return shards
    }

    /// `run.requests` from a run's JSON log (`--log-format json`).
    static func requests(in stderr: String) -> Int? {
        guard let range = stderr.range(of: #""run.requests":"?[0-9]+"#, options: .regularExpression) else { return nil }
        return Int(stderr[range].filter(\.isNumber))
    }
}
