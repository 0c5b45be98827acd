import Foundation
import GenesysClient
import GenesysModels

/// Everything the export pipeline reads from Genesys Cloud, one method per endpoint it uses.
///
/// `GenesysClient` conforms in `Adapters/GenesysClient+ConversationSource.swift`; tests may use the real client
/// against the simulator or a scripted fake. Methods return the decoded value with its exact JSON bytes where the
/// pipeline keeps the raw object. A response whose body cannot be decoded is reported as
/// ``ConversationSourceError/malformed(endpoint:payload:reason:)`` so the pipeline can store it as a reject.
package protocol ConversationSource: Sendable {
    /// One page of the synchronous analytics conversation-detail query (34), each record with its bytes.
    func conversationDetails(query: ConversationQuery) async throws -> AnalyticsPage
    /// Submits an asynchronous analytics conversation-detail job (35) and returns its id.
    func createConversationDetailsJob(_ query: AsyncConversationQuery) async throws -> String
    /// The state of an asynchronous analytics job (36).
    func conversationDetailsJobStatus(id: String) async throws -> AsyncQueryStatus
    /// One page of an asynchronous analytics job's results (37); `cursor` is nil for the first page.
    func conversationDetailsJobResults(id: String, cursor: String?, pageSize: Int) async throws -> AnalyticsPage
    /// The analytics records of the given conversations (40) in one request of at most
    /// `GenesysClient.analyticsMultiGetLimit` ids; conversations analytics does not know are absent from the page.
    func analyticsConversations(ids: [String]) async throws -> AnalyticsPage
    /// Deletes an asynchronous analytics job (38).
    func deleteConversationDetailsJob(id: String) async throws
    /// The analytics data-lake availability date (39): async jobs see only data before it.
    func conversationDetailsAvailability() async throws -> Date?
    /// The ids of active message conversations (1), all pages.
    func activeConversationIDs() async throws -> [String]
    /// The fields of the messaging conversation (12) with its raw JSON, or nil when it does not exist (404).
    func rawMessageConversation(id: String, decoding: FieldDecoding) async throws -> Raw<ConversationFields>?
    /// Message bodies in bulk (18), ≤1,000 ids a request, each element's fields with its bytes.
    func bulkMessages(
        ids: [String],
        inConversation conversationID: String,
        decoding: FieldDecoding
    ) async throws -> FetchedByID<MessageFields>
    /// One message by id (20), or nil when it does not exist (404).
    func rawMessageDetails(id: String, decoding: FieldDecoding) async throws -> Raw<MessageFields>?
    /// The wrap-up of one communication (30), or nil when there is none (404); only a fallback, for a communication
    /// analytics says was wrapped up when neither the conversation (12) nor analytics carries the code.
    func rawWrapup(
        conversationID: String,
        participantID: String,
        communicationID: String
    ) async throws -> Raw<AssignedWrapupCode>?
    /// The wrap-up codes available to a participant (33).
    func rawWrapupCodes(conversationID: String, participantID: String) async throws -> [Raw<WrapupCode>]
    /// Media uploaded on a communication (21), all pages.
    func allCommunicationMedia(
        conversationID: String,
        communicationID: String
    ) async throws -> ElementPage<MessageMediaData>
    /// The org's cached media items (4), all pages.
    func allCachedMedia() async throws -> ElementPage<CachedMediaItem>
    /// The bytes behind an attachment `url` or a cached-media `downloadUrl` (`media: download`).
    ///
    /// Errors must not carry the URL's query (pre-signed URLs hold a signature there).
    func downloadMedia(from url: URL) async throws -> Data
    /// The underlying client's counters so far (a run reports `statistics.since(atStart)`).
    func requestStatistics() async -> ClientStatistics
}

/// Failures a ``ConversationSource`` reports in a form the pipeline handles itself.
package enum ConversationSourceError: Error, Sendable, CustomStringConvertible {
    /// The object cannot be exported: its body could not be decoded, or the API refused this one object (400/403).
    /// The pipeline stores it in `rejects` with the payload and the reason, and the run goes on.
    case malformed(endpoint: String, payload: Data?, reason: String)
    /// The API kept failing for this object (5xx, 429 or transport errors after the client's retries). The
    /// conversation becomes a reject and is fetched again by the next run — unless most recent calls fail this way,
    /// which the pipeline takes for an outage (see ``OutageMonitor``).
    case unavailable(endpoint: String, status: Int?, reason: String, payload: Data?)

    /// A one-line description; never includes the payload.
    package var description: String {
        switch self {
        case let .malformed(endpoint, _, reason):
            "unexportable response from \(endpoint): \(reason)"
        case let .unavailable(endpoint, _, reason, _):
            "\(endpoint) kept failing: \(reason)"
        }
    }
}

/// Route templates of the endpoints the pipeline uses, for rejects and error messages.
package enum SourceEndpoint {
    /// 12
    package static let messageConversation = "GET /api/v2/conversations/messages/{conversationId}"
    /// 18
    package static let bulkMessages = "POST /api/v2/conversations/messages/{conversationId}/messages/bulk"
    /// 20
    package static let messageDetails = "GET /api/v2/conversations/messages/{messageId}/details"
    /// 30
    package static let communicationWrapup =
        "GET /api/v2/conversations/messages/{conversationId}/participants/{participantId}/communications/{communicationId}/wrapup"
    /// 33
    package static let wrapupCodes =
        "GET /api/v2/conversations/messages/{conversationId}/participants/{participantId}/wrapupcodes"
    /// 21
    package static let communicationMedia =
        "GET /api/v2/conversations/messages/{conversationId}/communications/{communicationId}/messages/media"
    /// 4
    package static let cachedMedia = "GET /api/v2/conversations/messages/cachedmedia"
    /// 34
    package static let detailsQuery = "POST /api/v2/analytics/conversations/details/query"
    /// 40
    package static let analyticsMultiGet = "GET /api/v2/analytics/conversations/details"
    /// 35–37
    package static let detailsJobs = "POST /api/v2/analytics/conversations/details/jobs"
    /// 39
    package static let detailsAvailability = "GET /api/v2/analytics/conversations/details/jobs/availability"
    /// 1
    package static let activeConversations = "GET /api/v2/conversations/messages"
    /// Attachment and cached-media downloads (no API route; the host is named in the reason).
    package static let mediaDownload = "GET {mediaURL}"
}
