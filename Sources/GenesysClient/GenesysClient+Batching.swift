import Foundation
import GenesysModels

// MARK: - Fetching by id in batches (endpoints 18 and 40)

extension GenesysClient {
    /// The most message ids one bulk request (18) carries, as the API documents.
    package static let bulkMessageLimit = 1000

    /// The most conversation ids one endpoint-40 request carries.
    ///
    /// The reference documents no cap; 100 ids (about 3.7 kB of UUIDs) keep the URL well inside what
    /// proxies and servers accept. This is the only place the number is written.
    package static let analyticsMultiGetLimit = 100

    /// Endpoint 18, any number of ids: fetches messages in requests of at most 1,000 ids.
    ///
    /// Ids are deduplicated first (keeping the first occurrence). Each message keeps its exact JSON;
    /// results are re-keyed by `MessageData.id`, so the API's order does not matter, and requested
    /// ids it did not return are listed in `missingIDs` (fetch them with endpoint 19).
    /// A returned element that does not decode is listed in `undecodable` (with its id, if readable)
    /// and not in `missingIDs`.
    package func messages(ids: [String], inConversation conversationID: String) async throws
        -> FetchedByID<MessageData>
    {
        try await messages(
            ids: ids,
            inConversation: conversationID,
            id: { $0.id },
            reading: { try ElementPage<MessageData>.cut(ofMember: "entities", in: $0) }
        )
    }

    /// Endpoint 18 as above, each response cut into elements by `read` (a caller's lean reader); `id` names an
    /// element for the merge.
    package func messages<Message: Sendable>(
        ids: [String],
        inConversation conversationID: String,
        id: @escaping @Sendable (Message) -> String?,
        reading read: @escaping @Sendable (Data) throws -> ElementPage<Message>
    ) async throws -> FetchedByID<Message> {
        let batches = IDBatches<Message>(limit: Self.bulkMessageLimit, id: id, noIDReason: "the message has no id")
        return try await batches.fetch(ids) { chunk in
            try await send(.messagesBulkElements(ids: chunk, inConversation: conversationID, reading: read)).value
        }
    }

    /// Endpoint 40, any number of ids: conversation details in requests of at most `analyticsMultiGetLimit` ids.
    ///
    /// Ids are deduplicated first (keeping the first occurrence) and sent comma-joined (`?id=a,b,c`). Each
    /// conversation keeps its exact JSON; results are re-keyed by `conversationId`, so the API's order does
    /// not matter, and requested ids it did not return are listed in `missingIDs`. A returned element that
    /// does not decode is listed in `undecodable` (with its id, if readable) and not in `missingIDs`.
    package func analyticsConversations(ids: [String]) async throws
        -> FetchedByID<AnalyticsConversationWithoutAttributes>
    {
        let batches = IDBatches<AnalyticsConversationWithoutAttributes>(
            limit: Self.analyticsMultiGetLimit,
            id: { $0.conversationID },
            noIDReason: "the conversation has no conversationId"
        )
        return try await batches.fetch(ids) { chunk in
            try await send(.analyticsConversationElements(ids: chunk)).value
        }
    }
}
