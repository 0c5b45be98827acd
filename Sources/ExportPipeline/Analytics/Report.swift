import Foundation
import GRDB

/// A summary of one export database for the `report` command (terminal and HTML).
///
/// ```swift
/// let report = try Report.load(sqlite: URL(fileURLWithPath: "export.sqlite"))
/// print(report.renderText())
/// try report.renderHTML().write(to: htmlURL, atomically: true, encoding: .utf8)
/// ```
/// All times are UTC. Message counts exclude receipts and events (see ``AnalystSchema``).
package struct Report: Sendable, Equatable {
    /// Name of the SQLite file the report was computed from.
    package var source: String
    /// First and last day with messages (`YYYY-MM-DD`), nil for an empty export.
    package var firstDay: String?
    /// Last day with messages.
    package var lastDay: String?
    /// Overall counts.
    package var totals = Totals()
    /// Volume per channel (messenger type), busiest first.
    package var channels: [ChannelVolume] = []
    /// Messages per day and channel, ordered by day then channel.
    package var daily: [DailyVolume] = []
    /// First-response-time distribution over conversations.
    package var responseTimes = ResponseTimes()
    /// Most used wrap-up codes, most used first (at most ten).
    package var wrapupCodes: [NamedCount] = []
    /// Messages per weekday (0 = Monday) and hour of day (0–23), UTC.
    package var hourly: [[Int]] = Array(repeating: Array(repeating: 0, count: 24), count: 7)
    /// Rejected objects per entity and reason, most first.
    package var rejects: [RejectCount] = []
    /// The most recent runs, newest first (at most five).
    package var runs: [RunLine] = []

    /// Overall counts of the export.
    package struct Totals: Sendable, Equatable {
        /// Conversations exported.
        package var conversations = 0
        /// Messages (inbound + outbound).
        package var messages = 0
        /// Inbound messages.
        package var inbound = 0
        /// Outbound messages.
        package var outbound = 0
        /// Attachments.
        package var attachments = 0
        /// Distinct agents.
        package var agents = 0
        /// Conversations with a wrap-up.
        package var wrappedUp = 0
        /// Rejected objects.
        package var rejects = 0
    }

    /// One channel's volume.
    package struct ChannelVolume: Sendable, Equatable {
        /// Messenger type (`sms`, `whatsapp`, …; `unknown` when absent).
        package var channel: String
        /// Conversations on the channel.
        package var conversations: Int
        /// Inbound messages.
        package var inbound: Int
        /// Outbound messages.
        package var outbound: Int
    }

    /// Messages of one channel on one day.
    package struct DailyVolume: Sendable, Equatable {
        /// `YYYY-MM-DD`.
        package var day: String
        /// Messenger type.
        package var channel: String
        /// Messages, both directions.
        package var messages: Int
    }

    /// First-response-time statistics.
    package struct ResponseTimes: Sendable, Equatable {
        /// Conversations with a first response.
        package var answered = 0
        /// Conversations with inbound messages but no response.
        package var unanswered = 0
        /// Median seconds.
        package var median: Double?
        /// 90th percentile seconds (nearest rank).
        package var p90: Double?
        /// Mean seconds.
        package var mean: Double?
        /// Histogram: label and count per bucket, in bucket order.
        package var buckets: [NamedCount] = ResponseTimes.bucketBounds.map { NamedCount(name: $0.label, count: 0) }

        /// Bucket upper bounds in seconds (exclusive) and labels; the last bucket is open.
        package static let bucketBounds: [(upper: Double, label: String)] = [
            (60, "< 1 min"), (300, "1–5 min"), (900, "5–15 min"), (3600, "15–60 min"),
            (14_400, "1–4 h"), (86_400, "4–24 h"), (.infinity, "≥ 24 h"),
        ]
    }

    /// A label and a count.
    package struct NamedCount: Sendable, Equatable {
        /// Label.
        package var name: String
        /// Count.
        package var count: Int
    }

    /// Rejects of one kind.
    package struct RejectCount: Sendable, Equatable {
        /// Entity (`message`, `conversation`, …).
        package var entity: String
        /// Reason text.
        package var reason: String
        /// How many.
        package var count: Int
    }

    /// One run of the job.
    package struct RunLine: Sendable, Equatable {
        /// Run id.
        package var id: Int64
        /// Job name.
        package var job: String
        /// Final status.
        package var status: String
        /// Start (ISO-8601 UTC).
        package var startedAt: String
        /// Conversations written.
        package var conversations: Int
        /// Messages written.
        package var messages: Int
        /// Rejects.
        package var rejects: Int
    }

    /// Creates an empty report for `source`.
    package init(source: String) {
        self.source = source
    }

    // MARK: - Loading

    /// Computes the report from the export's SQLite file (opened read-only).
    ///
    /// - Throws: ``ReportError`` when the file is missing or is not an export database with the analyst views.
    package static func load(sqlite: URL) throws -> Report {
        guard FileManager.default.fileExists(atPath: sqlite.path) else {
            throw ReportError.fileNotFound(path: sqlite.path)
        }
        var configuration = Configuration()
        configuration.readonly = true
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: sqlite.path, configuration: configuration)
        } catch {
            throw ReportError.notAnExportDatabase(path: sqlite.path, reason: "\(error)")
        }
        return try queue.read { db in
            for view in ["conversation_summary", "daily_volume"] where try !db.viewExists(view) {
                throw ReportError.notAnExportDatabase(path: sqlite.path, reason: "it has no \(view) view")
            }
            return try load(db, source: sqlite.lastPathComponent)
        }
    }

    /// Computes the report from the SQLite file a job writes (`output.sqlite`).
    package static func load(job: JobSpec) throws -> Report {
        try load(sqlite: job.output.sqlite)
    }

    /// Computes the report from an open export database.
    package static func load(_ db: Database, source: String) throws -> Report {
        var report = Report(source: source)
        try loadTotals(db, into: &report)
        try loadVolumes(db, into: &report)
        try loadResponseTimes(db, into: &report)
        report.wrapupCodes = try Row.fetchAll(
            db,
            sql: """
                SELECT wrapup_code AS name, count(*) AS n FROM conversation_summary
                WHERE wrapup_code IS NOT NULL GROUP BY 1 ORDER BY n DESC, name LIMIT 10
                """
        ).map { NamedCount(name: $0["name"] ?? "", count: $0["n"] ?? 0) }
        report.rejects = try Row.fetchAll(
            db,
            sql:
                "SELECT entity, reason, count(*) AS n FROM rejects GROUP BY 1, 2 ORDER BY n DESC, entity, reason LIMIT 20"
        ).map { RejectCount(entity: $0["entity"] ?? "", reason: $0["reason"] ?? "", count: $0["n"] ?? 0) }
        report.runs = try Row.fetchAll(
            db,
            sql: """
                SELECT id, job_name, status, started_at, conversations, messages, rejects
                FROM runs ORDER BY id DESC LIMIT 5
                """
        ).map {
            RunLine(
                id: $0["id"] ?? 0,
                job: $0["job_name"] ?? "",
                status: $0["status"] ?? "",
                startedAt: $0["started_at"] ?? "",
                conversations: $0["conversations"] ?? 0,
                messages: $0["messages"] ?? 0,
                rejects: $0["rejects"] ?? 0
            )
        }
        return report
    }

    private static func loadTotals(_ db: Database, into report: inout Report) throws {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT count(*) AS conversations,
                       coalesce(sum(inbound_messages), 0) AS inbound,
                       coalesce(sum(outbound_messages), 0) AS outbound,
                       coalesce(sum(attachment_count), 0) AS attachments,
                       coalesce(sum(wrapup_code IS NOT NULL), 0) AS wrapped
                FROM conversation_summary
                """
        )
        report.totals.conversations = row?["conversations"] ?? 0
        report.totals.inbound = row?["inbound"] ?? 0
        report.totals.outbound = row?["outbound"] ?? 0
        report.totals.messages = report.totals.inbound + report.totals.outbound
        report.totals.attachments = row?["attachments"] ?? 0
        report.totals.wrappedUp = row?["wrapped"] ?? 0
        report.totals.agents =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(DISTINCT coalesce(user_id, user_name, name)) FROM participants WHERE purpose = 'agent'
                    """
            ) ?? 0
        report.totals.rejects = try Int.fetchOne(db, sql: "SELECT count(*) FROM rejects") ?? 0
    }

    private static func loadVolumes(_ db: Database, into report: inout Report) throws {
        report.channels = try Row.fetchAll(
            db,
            sql: """
                SELECT coalesce(messenger_type, 'unknown') AS channel, count(*) AS conversations,
                       sum(inbound_messages) AS inbound, sum(outbound_messages) AS outbound
                FROM conversation_summary GROUP BY 1
                ORDER BY sum(inbound_messages) + sum(outbound_messages) DESC, conversations DESC, channel
                """
        ).map {
            ChannelVolume(
                channel: $0["channel"] ?? "unknown",
                conversations: $0["conversations"] ?? 0,
                inbound: $0["inbound"] ?? 0,
                outbound: $0["outbound"] ?? 0
            )
        }
        report.daily = try Row.fetchAll(
            db,
            sql: """
                SELECT day, coalesce(messenger_type, 'unknown') AS channel, sum(messages) AS n
                FROM daily_volume GROUP BY 1, 2 ORDER BY 1, 2
                """
        ).map { DailyVolume(day: $0["day"] ?? "", channel: $0["channel"] ?? "unknown", messages: $0["n"] ?? 0) }
        report.firstDay = report.daily.first?.day
        report.lastDay = report.daily.last?.day
        // strftime('%w') is 0 = Sunday; shift so 0 = Monday.
        let hours = try Row.fetchAll(
            db,
            sql: """
                SELECT (CAST(strftime('%w', m.timestamp) AS INTEGER) + 6) % 7 AS weekday,
                       CAST(strftime('%H', m.timestamp) AS INTEGER) AS hour, count(*) AS n
                FROM messages m
                WHERE m.timestamp IS NOT NULL AND lower(coalesce(m.message_type, '')) NOT IN ('receipt', 'event')
                GROUP BY 1, 2
                """
        )
        for row in hours {
            let weekday: Int = row["weekday"] ?? -1
            let hour: Int = row["hour"] ?? -1
            guard (0..<7).contains(weekday), (0..<24).contains(hour) else { continue }
            report.hourly[weekday][hour] = row["n"] ?? 0
        }
    }

    private static func loadResponseTimes(_ db: Database, into report: inout Report) throws {
        let seconds = try Double.fetchAll(
            db,
            sql: """
                SELECT first_response_seconds FROM conversation_summary
                WHERE first_response_seconds IS NOT NULL ORDER BY 1
                """
        )
        var times = ResponseTimes()
        times.answered = seconds.count
        times.unanswered =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM conversation_summary
                    WHERE inbound_messages > 0 AND first_response_seconds IS NULL
                    """
            ) ?? 0
        if !seconds.isEmpty {
            let middle = seconds.count / 2
            times.median = seconds.count % 2 == 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2
            let rank = Int((0.9 * Double(seconds.count)).rounded(.up))
            times.p90 = seconds[max(0, min(seconds.count - 1, rank - 1))]
            times.mean = seconds.reduce(0, +) / Double(seconds.count)
        }
        for value in seconds {
            let index =
                ResponseTimes.bucketBounds.firstIndex { value < $0.upper } ?? ResponseTimes.bucketBounds.count - 1
            times.buckets[index].count += 1
        }
        report.responseTimes = times
    }
}

/// Why a report could not be computed.
package enum ReportError: Error, Equatable, CustomStringConvertible {
    /// The SQLite file does not exist.
    case fileNotFound(path: String)
    /// The file is not an export database with the analyst views.
    case notAnExportDatabase(path: String, reason: String)

    /// A message naming the file.
    package var description: String {
        switch self {
        case .fileNotFound(let path):
            "no export database at \(path)"
        case .notAnExportDatabase(let path, let reason):
            "\(path) is not a genesys-export database (\(reason)); run the job first"
        }
    }
}
