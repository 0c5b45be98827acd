import Foundation
import GRDB
import TestSupport
import Testing

/// Runs `Tests/Interop/ndjson_interop.py` with the `.venv` that `.ci/run` creates, and computes from SQLite, by
/// plain SQL, the record counts per NDJSON entity and `dt` partition that the readers must find.
enum InteropSupport {
    /// `.venv/bin/python`.
    static let python = CommandRunner.repositoryRoot.appendingPathComponent(".venv/bin/python")

    /// Whether `.venv` has the Python modules `modules` (and, for Spark, a Java runtime).
    static func available(_ modules: [String]) async -> Bool {
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return false }
        let imports = modules.map { "import \($0)" }.joined(separator: "; ")
        let javaCheck = modules.contains("pyspark") ? "; import shutil, sys; sys.exit(0 if shutil.which('java') else 1)" : ""
        return (try? await run([python.path, "-c", imports + javaCheck])) != nil
    }

    /// Skips (with the reason printed) where `.venv` lacks the modules; in CI (`CI` set) that is a failure.
    static func require(_ modules: [String], for what: String) async -> Bool {
        if await available(modules) { return true }
        #expect(ProcessInfo.processInfo.environment["CI"] == nil, "CI must have \(modules) in .venv (see .ci/run)")
        print("note: \(what) skipped: \(python.path) is missing or lacks \(modules) (or Java); `bash .ci/run` installs them")
        return false
    }

    /// The script's JSON output for the NDJSON tree at `root`.
    static func read(_ root: URL, modes: [String]) async throws -> [String: Any] {
        let script = CommandRunner.repositoryRoot.appendingPathComponent("Tests/Interop/ndjson_interop.py")
        let schemas = CommandRunner.repositoryRoot.appendingPathComponent("schemas")
        let output = try await run([python.path, script.path, root.path, schemas.path, modes.joined(separator: ",")])
        let object = try JSONSerialization.jsonObject(with: Data(output.utf8))
        return try #require(object as? [String: Any])
    }

    /// Counts per entity and dt, as a reader of the tree must find them: the day (UTC, `YYYY-MM-DD`) of the
    /// conversation's start for its participants, wrap-ups and communication media, of each message's timestamp
    /// (else its conversation's), and of `dateCreated` for wrap-up codes and cached media; `unknown` without a date.
    static func expectedCounts(_ sqlite: URL) throws -> [String: [String: Int]] {
        let conversationDay = "coalesce(substr(c.start_time, 1, 10), 'unknown')"
        let queries = [
            "conversations": "SELECT \(conversationDay), count(*) FROM conversations c GROUP BY 1",
            "participants": "SELECT \(conversationDay), count(*) FROM participants p JOIN conversations c ON c.id = p.conversation_id GROUP BY 1",
            "messages": "SELECT coalesce(substr(m.timestamp, 1, 10), \(conversationDay)), count(*) FROM messages m "
                + "JOIN conversations c ON c.id = m.conversation_id GROUP BY 1",
            "wrapups": "SELECT \(conversationDay), count(*) FROM wrapups w JOIN conversations c ON c.id = w.conversation_id GROUP BY 1",
            "wrapup_codes": "SELECT coalesce(substr(json_extract(raw_json, '$.dateCreated'), 1, 10), 'unknown'), count(*) "
                + "FROM wrapup_codes GROUP BY 1",
            "cached_media": "SELECT coalesce(substr(date_created, 1, 10), 'unknown'), count(*) FROM cached_media GROUP BY 1",
            "communication_media": "SELECT \(conversationDay), count(*) FROM communication_media x "
                + "JOIN conversations c ON c.id = x.conversation_id GROUP BY 1",
        ]
        let queue = try DatabaseQueue(path: sqlite.path)
        return try queue.read { db in
            var counts: [String: [String: Int]] = [:]
            for (entity, sql) in queries {
                let rows = try Row.fetchAll(db, sql: sql)
                if !rows.isEmpty { counts[entity] = Dictionary(uniqueKeysWithValues: rows.map { ($0[0], $0[1]) }) }
            }
            return counts
        }
    }

    /// `[entity: [dt: count]]` from the script's JSON.
    static func counts(_ value: Any?) -> [String: [String: Int]] {
        guard let entities = value as? [String: [String: Any]] else { return [:] }
        return entities.mapValues { $0.compactMapValues { ($0 as? NSNumber)?.intValue } }
    }

    /// Runs a program to its end (output collected in files, so no pipe fills up); its standard output.
    private static func run(_ arguments: [String]) async throws -> String {
        let folder = try makeTemporaryDirectory(prefix: "interop-run")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        let launchError: (any Error)? = await withCheckedContinuation { continuation in
            process.terminationHandler = { _ in continuation.resume(returning: nil) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(returning: error)
            }
        }
        if let launchError { throw launchError }
        guard process.terminationStatus == 0 else {
            let tail = String(decoding: (try? Data(contentsOf: errURL))?.suffix(2_000) ?? Data(), as: UTF8.self)
            throw CommandRunnerError(description: "\(arguments.dropFirst().first ?? "") exited \(process.terminationStatus): \(tail)")
        }
        return String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
    }
}
