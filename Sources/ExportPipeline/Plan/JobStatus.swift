import Foundation
import GRDB
import GenesysModels

/// What `genesys-export status JOB` reports, read from the job's SQLite file.
package struct JobStatus: Sendable, Equatable {
    /// One row of the `runs` table.
    package struct RunRow: Sendable, Equatable {
        package var id: Int64
        package var status: String
        package var startedAt: String
        package var finishedAt: String?
        package var conversations: Int
        package var messages: Int
        package var rejects: Int
        package var requests: Int
        package var error: String?
    }

    /// The job's name.
    package var jobName: String
    /// The SQLite file read.
    package var sqlitePath: String
    /// Whether the file exists (false: the job never ran).
    package var exists: Bool
    /// The most recent runs, newest first.
    package var runs: [RunRow]
    /// The stored `since` watermark.
    package var watermark: String?
    /// Conversations committed in the newest run's work list.
    package var workDone: Int
    /// Conversations still pending in the newest run's work list.
    package var workPending: Int
    /// Rows in the data tables.
    package var totals: [String: Int]
    /// Rejects across all runs.
    package var rejects: Int
    /// The most recent rejects (entity, id, endpoint, reason).
    package var recentRejects: [String]
    /// Conversations exported while still open (no `conversationEnd`): every run fetches them again.
    package var openConversations: [String] = []

    /// The tables whose row counts `totals` reports, in display order.
    package static let countedTables = [
        "conversations", "participants", "messages", "message_attachments", "wrapups", "cached_media",
        "communication_media", "media_files",
    ]

    /// Reads the status of `job`; a job that never ran gives `exists == false`.
    package static func load(job: JobSpec, runLimit: Int = 5) throws -> JobStatus {
        let path = job.output.sqlite.path
        var status = JobStatus(
            jobName: job.name,
            sqlitePath: path,
            exists: false,
            runs: [],
            watermark: nil,
            workDone: 0,
            workPending: 0,
            totals: [:],
            rejects: 0,
            recentRejects: []
        )
        guard FileManager.default.fileExists(atPath: path) else { return status }
        status.exists = true
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.read { db in
            guard try db.tableExists("runs") else { return }
            status.runs = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, status, started_at, finished_at, conversations, messages, rejects, requests, error
                    FROM runs WHERE job_name = ? ORDER BY id DESC LIMIT ?
                    """,
                arguments: [job.name, runLimit]
            ).map { row in
                RunRow(
                    id: row["id"],
                    status: row["status"],
                    startedAt: row["started_at"],
                    finishedAt: row["finished_at"],
                    conversations: row["conversations"],
                    messages: row["messages"],
                    rejects: row["rejects"],
                    requests: row["requests"],
                    error: row["error"]
                )
            }
            status.watermark = try String.fetchOne(
                db,
                sql: "SELECT value FROM checkpoints WHERE job_name = ? AND key = ?",
                arguments: [job.name, CheckpointKey.watermark.rawValue]
            )
            if let newest = status.runs.first, try db.tableExists("run_work") {
                status.workDone =
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM run_work WHERE run_id = ? AND done = 1", arguments: [newest.id])
                    ?? 0
                status.workPending =
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM run_work WHERE run_id = ? AND done = 0", arguments: [newest.id])
                    ?? 0
            }
            for table in Self.countedTables where try db.tableExists(table) {
                status.totals[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            if try db.tableExists("conversation_state") {
                status.openConversations = try ConversationState.openConversationIDs(db: db)
            }
            if try db.tableExists("rejects") {
                status.rejects = try Int.fetchOne(db, sql: "SELECT count(*) FROM rejects") ?? 0
                status.recentRejects = try Row.fetchAll(
                    db,
                    sql: "SELECT entity, entity_id, conversation_id, endpoint, reason FROM rejects ORDER BY id DESC LIMIT 5"
                ).map { row in
                    let entity: String = row["entity"]
                    let id: String = row["entity_id"] ?? row["conversation_id"] ?? "?"
                    let endpoint: String = row["endpoint"]
                    let reason: String = row["reason"]
                    return "\(entity) \(id) at \(endpoint): \(reason)"
                }
            }
        }
        return status
    }

    /// The status as lines for a terminal.
    package func renderText() -> String {
        guard exists else { return "job \(jobName): never ran (no \(sqlitePath))" }
        var lines = ["job \(jobName) — \(sqlitePath)"]
        if let watermark { lines.append("watermark: \(watermark)") }
        if let newest = runs.first {
            lines.append("latest run \(newest.id): \(newest.status), \(workDone) conversation(s) done, \(workPending) pending")
        }
        lines.append("runs:")
        for run in runs {
            var line = "  #\(run.id) \(run.status) started \(run.startedAt)"
            if let finished = run.finishedAt { line += " finished \(finished)" }
            line += " · \(run.conversations) conversations, \(run.messages) messages, \(run.rejects) rejects, \(run.requests) requests"
            if let error = run.error { line += " · error: \(error)" }
            lines.append(line)
        }
        lines.append("rows: " + Self.countedTables.compactMap { table in totals[table].map { "\(table) \($0)" } }.joined(separator: ", "))
        lines.append("open conversations (fetched again by every run until they end): \(openConversations.count)")
        for id in openConversations.prefix(10) { lines.append("  \(id)") }
        if openConversations.count > 10 { lines.append("  … and \(openConversations.count - 10) more") }
        lines.append("rejects: \(rejects)")
        for reject in recentRejects { lines.append("  \(reject)") }
        return lines.joined(separator: "\n")
    }
}
