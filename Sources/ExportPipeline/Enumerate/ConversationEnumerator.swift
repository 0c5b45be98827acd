import Foundation
import GenesysClient
import GenesysModels

/// A conversation found by enumeration.
package struct EnumeratedConversation: Sendable, Equatable {
    /// Conversation id.
    package var id: String
    /// The analytics record, when analytics knows the conversation.
    package var analytics: AnalyticsRecord?

    /// `conversationEnd` from analytics; nil when still open or not known.
    package var conversationEnd: Date? { analytics?.conversationEnd }

    /// Creates an enumerated conversation.
    package init(id: String, analytics: AnalyticsRecord? = nil) {
        self.id = id
        self.analytics = analytics
    }

    /// The conversation of an analytics record.
    package init(_ record: AnalyticsRecord) {
        self.init(id: record.conversationID, analytics: record)
    }
}

/// Lists the conversations of a time window through the analytics conversation-detail query.
///
/// Windows longer than 31 days are split; a window whose `totalHits` reaches the 100,000-result paging cap is halved
/// until each part fits. The synchronous query (34) pages by page number; asynchronous jobs (35–37) are polled with
/// the injected `sleep` and paged by cursor. Results are filtered to `mediaType = message` and de-duplicated.
package struct ConversationEnumerator: Sendable {
    /// The API.
    package var source: any ConversationSource
    /// The job's name, for errors.
    package var jobName: String
    /// Analytics page size (1...100).
    package var pageSize: Int
    /// Whether to use async jobs.
    package var useAsyncJobs: Bool
    /// Sleeps between job status polls; injected so tests never sleep.
    package var sleep: @Sendable (Duration) async throws -> Void
    /// Time between job status polls.
    package var pollInterval: Duration
    /// Largest window one query may cover (the API's 31-day interval cap).
    package var maxWindow: TimeInterval = RunWindow.maxQueryLength
    /// Results one sync query may page through (the API's paging cap).
    package var pagingCap = 100_000

    /// Creates an enumerator.
    package init(
        source: any ConversationSource,
        jobName: String,
        pageSize: Int,
        useAsyncJobs: Bool,
        sleep: @escaping @Sendable (Duration) async throws -> Void,
        pollInterval: Duration = .seconds(2)
    ) {
        self.source = source
        self.jobName = jobName
        self.pageSize = max(1, min(pageSize, 100))
        self.useAsyncJobs = useAsyncJobs
        self.sleep = sleep
        self.pollInterval = pollInterval
    }

    /// The message conversations of `[start, end)`, in analytics order, without duplicates.
    package func conversations(from start: Date, to end: Date) async throws -> [EnumeratedConversation] {
        guard end > start else { return [] }
        var seen: [String: Int] = [:]
        var result: [EnumeratedConversation] = []
        for part in RunWindow.parts(start, end, maxLength: maxWindow) {
            let found =
                useAsyncJobs
                ? try await asyncWindow(part.start, part.end)
                : try await syncWindow(part.start, part.end)
            for conversation in found {
                if let index = seen[conversation.id] {
                    // Listed twice (paging while the org changes): the later record is the newer one.
                    result[index] = conversation
                } else {
                    seen[conversation.id] = result.count
                    result.append(conversation)
                }
            }
        }
        return result
    }

    // MARK: - Sync query (34)

    private func syncWindow(_ start: Date, _ end: Date) async throws -> [EnumeratedConversation] {
        let pages = ConversationDetailsPageSequence<AnalyticsPage>(
            pageSize: pageSize,
            measure: { ($0.elementCount, $0.totalHits) }
        ) { number in
            try await page(start, end, number: number)
        }
        var iterator = pages.makeAsyncIterator()
        guard let first = try await iterator.next() else { return [] }
        if (first.totalHits ?? 0) >= pagingCap, end.timeIntervalSince(start) > 1 {
            let middle = start.addingTimeInterval(end.timeIntervalSince(start) / 2)
            return try await syncWindow(start, middle) + syncWindow(middle, end)
        }
        var found = first.records.map(EnumeratedConversation.init)
        while let next = try await iterator.next() {
            found += next.records.map(EnumeratedConversation.init)
        }
        return found
    }

    private func page(_ start: Date, _ end: Date, number: Int) async throws -> AnalyticsPage {
        let query = ConversationQuery(
            segmentFilters: [Self.messageFilter],
            order: .asc,
            orderBy: .conversationStart,
            interval: Self.interval(start, end),
            paging: PagingSpec(pageSize: pageSize, pageNumber: number)
        )
        return try await call(SourceEndpoint.detailsQuery) { try await source.conversationDetails(query: query) }
    }

    // MARK: - Async jobs (35–38)

    private func asyncWindow(_ start: Date, _ end: Date) async throws -> [EnumeratedConversation] {
        let query = AsyncConversationQuery(
            segmentFilters: [Self.messageFilter],
            order: .asc,
            orderBy: .conversationStart,
            interval: Self.interval(start, end)
        )
        let jobID = try await call(SourceEndpoint.detailsJobs) { try await source.createConversationDetailsJob(query) }
        while true {
            let status = try await call(SourceEndpoint.detailsJobs) {
                try await source.conversationDetailsJobStatus(id: jobID)
            }
            switch status.state {
            case .fulfilled?:
                break
            case .failed?, .cancelled?, .expired?:
                throw ExportError.analyticsJobFailed(
                    job: jobName,
                    jobID: jobID,
                    state: status.state?.rawValue ?? "unknown",
                    message: status.errorMessage
                )
            default:
                try await sleep(pollInterval)
                continue
            }
            break
        }
        let pages = CursorPageSequence<AnalyticsPage>(cursorOf: { $0.cursor }) { cursor in
            try await call(SourceEndpoint.detailsJobs) {
                try await source.conversationDetailsJobResults(id: jobID, cursor: cursor, pageSize: pageSize)
            }
        }
        var found: [EnumeratedConversation] = []
        for try await results in pages {
            found += results.records.map(EnumeratedConversation.init)
        }
        try? await source.deleteConversationDetailsJob(id: jobID)
        return found
    }

    // MARK: - Multi-get (40)

    /// The given conversations with their analytics records (40, `GenesysClient.analyticsMultiGetLimit` ids a
    /// request), in the given order, de-duplicated; a conversation analytics does not know has no record.
    package func conversations(ids: [String]) async throws -> [EnumeratedConversation] {
        var seen: Set<String> = []
        let unique = ids.filter { seen.insert($0).inserted }
        var records: [String: AnalyticsRecord] = [:]
        var start = 0
        while start < unique.count {
            try Task.checkCancellation()
            let chunk = Array(unique[start..<min(unique.count, start + GenesysClient.analyticsMultiGetLimit)])
            let page = try await call(SourceEndpoint.analyticsMultiGet) { try await source.analyticsConversations(ids: chunk) }
            for record in page.records { records[record.conversationID] = record }
            start += chunk.count
        }
        return unique.map { EnumeratedConversation(id: $0, analytics: records[$0]) }
    }

    // MARK: - Helpers

    /// The segment filter `mediaType = message`.
    package static let messageFilter = SegmentDetailQueryFilter(
        type: .and,
        predicates: [
            SegmentDetailQueryPredicate(type: .dimension, dimension: .mediaType, operator: .matches, value: "message")
        ]
    )

    /// An ISO-8601 analytics interval `start/end`.
    package static func interval(_ start: Date, _ end: Date) -> String {
        GenesysDate.format(start) + "/" + GenesysDate.format(end)
    }

    private func call<T>(_ endpoint: String, _ body: () async throws -> T) async throws -> T {
        try await ExportError.listing(job: jobName, endpoint: endpoint, body)
    }
}
