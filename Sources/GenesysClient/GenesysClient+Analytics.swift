import Foundation
import GenesysModels

// MARK: - Analytics (endpoints 34–41)

extension GenesysClient {
    /// Endpoint 34: one page of a synchronous conversation-detail query (paging as set in `query.paging`).
    package func conversationDetails(query: ConversationQuery) async throws -> AnalyticsConversationQueryResponse {
        try await send(try .conversationDetails(query: query)).value
    }

    /// Endpoint 34, all pages: iterates `query` with `pageSize` per page (the API caps pages at 100k results).
    package func conversationDetailsPages(query: ConversationQuery, pageSize: Int = 100)
        -> ConversationDetailsPageSequence<APIResponse<AnalyticsConversationQueryResponse>>
    {
        ConversationDetailsPageSequence(
            pageSize: pageSize,
            measure: { ($0.value.conversations?.count ?? 0, $0.value.totalHits) }
        ) { number in
            var paged = query
            paged.paging = PagingSpec(pageSize: pageSize, pageNumber: number)
            return try await self.send(try .conversationDetails(query: paged))
        }
    }

    /// Endpoint 35: starts an asynchronous conversation-detail job.
    package func createConversationDetailsJob(_ query: AsyncConversationQuery) async throws -> AsyncQueryResponse {
        try await send(try .createConversationDetailsJob(query)).value
    }

    /// Endpoint 36: the state of an asynchronous job.
    package func conversationDetailsJob(id: String) async throws -> AsyncQueryStatus {
        try await send(.conversationDetailsJob(id: id)).value
    }

    /// Endpoint 37: one page of an asynchronous job's results (`cursor` nil for the first page).
    package func conversationDetailsJobResults(
        id: String,
        cursor: String? = nil,
        pageSize: Int? = nil
    ) async throws -> AnalyticsConversationAsyncQueryResponse {
        try await self.send(.conversationDetailsJobResults(id: id, cursor: cursor, pageSize: pageSize)).value
    }

    /// Endpoint 37, all pages: follows `cursor` until a page comes without one.
    package func conversationDetailsJobResultPages(
        id: String,
        pageSize: Int? = nil,
        startingAt cursor: String? = nil
    ) -> CursorPageSequence<APIResponse<AnalyticsConversationAsyncQueryResponse>> {
        CursorPageSequence(firstCursor: cursor, cursorOf: { $0.value.cursor }) { cursor in
            try await self.send(.conversationDetailsJobResults(id: id, cursor: cursor, pageSize: pageSize))
        }
    }

    /// Endpoint 38: cancels or deletes an asynchronous job.
    package func deleteConversationDetailsJob(id: String) async throws {
        _ = try await send(.deleteConversationDetailsJob(id: id))
    }

    /// Endpoint 39: the date before which the datalake (and so async jobs) has all data.
    package func conversationDetailsJobsAvailability() async throws -> DataAvailabilityResponse {
        try await send(.conversationDetailsJobsAvailability()).value
    }

    /// The most conversation ids one endpoint-40 request carries.
    ///
    /// The reference documents no cap; 100 ids (about 3.7 kB of UUIDs) keep the URL well inside what
    /// proxies and servers accept. This is the only place the number is written.
    package static let analyticsMultiGetLimit = 100

    /// Endpoint 40, any number of ids: conversation details in requests of at most `analyticsMultiGetLimit` ids.
    ///
    /// Ids are deduplicated first (keeping the first occurrence) and sent comma-joined (`?id=a,b,c`). Each
    /// conversation keeps its exact JSON; results are re-keyed by `conversationId`, so the API's order does
    /// not matter, and requested ids it did not return are listed in `missingIDs`. A returned element that
    /// does not decode is listed in `undecodable` (with its id, if readable) and not in `missingIDs`.
    package func analyticsConversations(ids: [String]) async throws -> AnalyticsConversationBatch {
        let batches = IDBatches<AnalyticsConversationWithoutAttributes>(
            limit: Self.analyticsMultiGetLimit,
            id: { $0.conversationID },
            noIDReason: "the conversation has no conversationId"
        )
        let merged = try await batches.fetch(ids) { chunk in
            let page = try await send(.analyticsConversationElements(ids: chunk)).value
            return .init(values: page.conversations, undecodable: page.undecodable)
        }
        return AnalyticsConversationBatch(
            conversations: merged.values,
            missingIDs: merged.missingIDs,
            undecodable: merged.undecodable,
            requestCount: merged.requestCount
        )
    }

    /// Endpoint 41: one conversation's analytics details.
    package func analyticsConversation(id: String) async throws -> AnalyticsConversationWithoutAttributes {
        try await send(.analyticsConversation(id: id)).value
    }
}
