import Foundation
import GenesysModels

// Endpoints 34–41: analytics conversation details.

private let details = "/api/v2/analytics/conversations/details"

extension Endpoint where Value == AnalyticsConversationQueryResponse {
    /// Endpoint 34: `POST /api/v2/analytics/conversations/details/query` — a synchronous detail query (a read).
    package static func conversationDetails(query: ConversationQuery) throws -> Self {
        try .init(.post, "\(details)/query", json: query, isIdempotent: true)
    }
}

extension Endpoint where Value == AsyncQueryResponse {
    /// Endpoint 35: `POST /api/v2/analytics/conversations/details/jobs` — start an asynchronous detail job.
    ///
    /// Treated as idempotent: a job created twice after an ambiguous failure only leaves an orphan that expires.
    package static func createConversationDetailsJob(_ query: AsyncConversationQuery) throws -> Self {
        try .init(.post, "\(details)/jobs", json: query, isIdempotent: true)
    }
}

extension Endpoint where Value == AsyncQueryStatus {
    /// Endpoint 36: `GET /api/v2/analytics/conversations/details/jobs/{jobId}` — a job's state.
    package static func conversationDetailsJob(id: String) -> Self {
        .init(.get, "\(details)/jobs/{jobId}", ids: [id])
    }
}

extension Endpoint where Value == AnalyticsConversationAsyncQueryResponse {
    /// Endpoint 37: `GET /api/v2/analytics/conversations/details/jobs/{jobId}/results` — one page of results.
    package static func conversationDetailsJobResults(id: String, cursor: String? = nil, pageSize: Int? = nil) -> Self {
        var query: [(name: String, value: String)] = []
        if let cursor { query.append(("cursor", cursor)) }
        if let pageSize { query.append(("pageSize", String(pageSize))) }
        return .init(.get, "\(details)/jobs/{jobId}/results", ids: [id], query: query)
    }
}

extension Endpoint where Value == EmptyResponse {
    /// Endpoint 38: `DELETE /api/v2/analytics/conversations/details/jobs/{jobId}` — cancel or delete a job.
    package static func deleteConversationDetailsJob(id: String) -> Self {
        .init(.delete, "\(details)/jobs/{jobId}", ids: [id])
    }
}

extension Endpoint where Value == DataAvailabilityResponse {
    /// Endpoint 39: `GET /api/v2/analytics/conversations/details/jobs/availability` — the datalake availability date.
    package static func conversationDetailsJobsAvailability() -> Self {
        .init(.get, "\(details)/jobs/availability")
    }
}

extension Endpoint where Value == AnalyticsConversationWithoutAttributesMultiGetResponse {
    /// Endpoint 40: `GET /api/v2/analytics/conversations/details?id=a,b,c` — several conversations by id.
    package static func analyticsConversations(ids: [String]) -> Self {
        .init(.get, details, query: [("id", PathEncoding.list(ids))])
    }
}

extension Endpoint where Value == AnalyticsConversationWithoutAttributes {
    /// Endpoint 41: `GET /api/v2/analytics/conversations/{conversationId}/details` — one conversation's details.
    package static func analyticsConversation(id: String) -> Self {
        .init(.get, "/api/v2/analytics/conversations/{conversationId}/details", ids: [id])
    }
}
