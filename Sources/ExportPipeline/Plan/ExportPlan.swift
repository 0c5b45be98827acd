import Foundation
import GRDB
import GenesysClient
import GenesysModels

/// What `run --dry-run` shows: the windows a run would query and an estimate of its cost.
///
/// Planning asks analytics only for hit counts (one page of size 1 per window) and reads the
/// stored watermark; it fetches no conversation and no message.
package struct ExportPlan: Sendable, Equatable {
    /// One analytics window the run would enumerate.
    package struct Window: Sendable, Equatable {
        /// Inclusive start.
        package var start: Date
        /// Exclusive end.
        package var end: Date
        /// Conversations analytics reports for the window (approximate, as `totalHits` is).
        package var conversations: Int?
    }

    /// The job's name.
    package var jobName: String
    /// The job's source, in words.
    package var source: String
    /// The windows, in order (empty for id lists and active snapshots).
    package var windows: [Window]
    /// Conversations the run would consider (before skipping unchanged ones), when known.
    package var conversations: Int?
    /// Requests the run would make, roughly.
    package var estimatedRequests: Int?
    /// The job's request budget.
    package var requestsPerMinute: Int
    /// `estimatedRequests` at the budget.
    package var estimatedDuration: Duration?
    /// Facts worth knowing (resume pending, watermark, …).
    package var notes: [String]

    /// Builds the plan for `job` as a run started at `now` would see it.
    package static func make(
        job: JobSpec,
        source: (any ConversationSource)?,
        now: Date = Date()
    ) async throws -> ExportPlan {
        var notes: [String] = []
        var windows: [Window] = []
        var conversations: Int?
        let (watermark, pending) = try readState(job: job)
        if let pending, pending > 0 {
            notes.append("an interrupted run has \(pending) conversation(s) pending; `run` resumes it first")
        }
        switch job.source {
        case let .since(start, lookback, settleDelay):
            if let watermark {
                notes.append("stored watermark \(GenesysDate.format(watermark)), lookback \(lookback)")
            } else {
                notes.append("first run: no watermark stored yet")
            }
            let window = RunWindow.since(
                start: start,
                lookback: lookback,
                settleDelay: settleDelay,
                watermark: watermark,
                now: now
            )
            windows = split(window.start ?? start, window.end ?? now)
        case let .interval(start, end):
            windows = split(start, end)
        case let .conversationIDs(ids):
            conversations = ids.count
        case .active:
            notes.append("active snapshot: the conversation count is known only when the run lists them")
        }
        if !windows.isEmpty, let source {
            var total = 0
            for index in windows.indices {
                let query = ConversationQuery(
                    segmentFilters: [ConversationEnumerator.messageFilter],
                    interval: ConversationEnumerator.interval(windows[index].start, windows[index].end),
                    paging: PagingSpec(pageSize: 1, pageNumber: 1)
                )
                let hits = try await source.conversationDetails(query: query).totalHits ?? 0
                windows[index].conversations = hits
                total += hits
            }
            conversations = total
        } else if !windows.isEmpty {
            notes.append("no credentials: conversation counts not queried")
        }
        var requests: Int?
        if let conversations {
            // 12 and at least one bulk call (18) each; wrap-ups come from 12 and analytics, not from 30.
            let perConversation = 2 + (job.fetch.communicationMedia ? 1 : 0)  // communication media (21)
            // Windows are listed page by page (34); an id list is read through the multi-get (40).
            let enumeration =
                windows.isEmpty
                ? Self.pages(conversations, of: GenesysClient.analyticsMultiGetLimit)
                : windows.reduce(0) { $0 + max(1, Self.pages($1.conversations ?? 0, of: job.fetch.pageSize)) }
            requests = conversations * perConversation + enumeration + (job.fetch.cachedMedia ? 1 : 0) + 1
        }
        let duration = requests.map { Duration.seconds(Double($0) * 60 / Double(max(1, job.fetch.requestsPerMinute))) }
        return ExportPlan(
            jobName: job.name,
            source: job.source.summary,
            windows: windows,
            conversations: conversations,
            estimatedRequests: requests,
            requestsPerMinute: job.fetch.requestsPerMinute,
            estimatedDuration: duration,
            notes: notes
        )
    }

    /// The plan as lines for a terminal.
    package func renderText() -> String {
        var lines = ["job \(jobName): \(source)"]
        for window in windows {
            let count = window.conversations.map { "\($0) conversation(s)" } ?? "count unknown"
            lines.append("  window \(GenesysDate.format(window.start)) → \(GenesysDate.format(window.end)): \(count)")
        }
        if let conversations { lines.append("conversations: \(conversations)") }
        if let estimatedRequests, let estimatedDuration {
            lines.append(
                "estimated requests: ~\(estimatedRequests) at \(requestsPerMinute)/min ≈ \(Self.describe(estimatedDuration))"
            )
        }
        for note in notes { lines.append("note: \(note)") }
        lines.append("dry run: nothing fetched, nothing written")
        return lines.joined(separator: "\n")
    }

    // MARK: - Private

    private static func readState(job: JobSpec) throws -> (watermark: Date?, pending: Int?) {
        guard FileManager.default.fileExists(atPath: job.output.sqlite.path) else { return (nil, nil) }
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: job.output.sqlite.path, configuration: configuration)
        return try queue.read { db in
            guard try db.tableExists("checkpoints") else { return (nil, nil) }
            let mark = try String.fetchOne(
                db,
                sql: "SELECT value FROM checkpoints WHERE job_name = ? AND key = ?",
                arguments: [job.name, CheckpointKey.watermark.rawValue]
            ).flatMap(GenesysDate.parse)
            var pending: Int?
            if try db.tableExists("runs"), try db.tableExists("run_work") {
                pending = try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM run_work w JOIN runs r ON r.id = w.run_id
                        WHERE r.job_name = ? AND r.status IN ('running', 'interrupted') AND w.done = 0
                        """,
                    arguments: [job.name]
                )
            }
            return (mark, pending)
        }
    }

    private static func split(_ start: Date, _ end: Date) -> [Window] {
        RunWindow.parts(start, end).map { Window(start: $0.start, end: $0.end) }
    }

    private static func pages(_ count: Int, of size: Int) -> Int {
        (count + max(1, size) - 1) / max(1, size)
    }

    private static func describe(_ duration: Duration) -> String {
        let s = Int(duration.timeInterval.rounded(.up))
        if s >= 3600 { return "\(s / 3600)h \(s / 60 % 60)m" }
        if s >= 60 { return "\(s / 60)m \(s % 60)s" }
        return "\(s)s"
    }
}
