import Foundation
import GenesysClient
import GenesysModels

/// `GenesysClient` as the pipeline's ``ConversationSource``: raw bodies kept, 404 mapped to nil, undecodable bodies
/// mapped to ``ConversationSourceError/malformed(endpoint:payload:reason:)``.
extension GenesysClient: ConversationSource {
    /// Endpoint 34, each record with its bytes.
    package func conversationDetails(query: ConversationQuery) async throws -> AnalyticsPage {
        let response = try await send(.conversationDetails(query: query))
        return try Self.page(response.body, totalHits: response.value.totalHits, cursor: nil, endpoint: SourceEndpoint.detailsQuery)
    }

    /// Endpoint 35, returning the job id.
    package func createConversationDetailsJob(_ query: AsyncConversationQuery) async throws -> String {
        let response: AsyncQueryResponse = try await send(.createConversationDetailsJob(query)).value
        guard let id = response.jobID, !id.isEmpty else {
            throw ConversationSourceError.malformed(
                endpoint: SourceEndpoint.detailsJobs,
                payload: nil,
                reason: "the job was created without a jobId"
            )
        }
        return id
    }

    /// Endpoint 36.
    package func conversationDetailsJobStatus(id: String) async throws -> AsyncQueryStatus {
        try await conversationDetailsJob(id: id)
    }

    /// Endpoint 37.
    package func conversationDetailsJobResults(id: String, cursor: String?, pageSize: Int) async throws -> AnalyticsPage {
        let response = try await send(.conversationDetailsJobResults(id: id, cursor: cursor, pageSize: pageSize))
        let next = response.value.cursor.flatMap { $0.isEmpty ? nil : $0 }
        return try Self.page(response.body, totalHits: nil, cursor: next, endpoint: SourceEndpoint.detailsJobs)
    }

    /// Endpoint 40; the enumerator asks for at most `analyticsMultiGetLimit` ids at a time (one request).
    package func analyticsConversations(ids: [String]) async throws -> AnalyticsPage {
        let batch: AnalyticsConversationBatch = try await analyticsConversations(ids: ids)
        return AnalyticsPage(records: batch.conversations.compactMap { AnalyticsRecord(json: $0.json) })
    }

    /// Endpoint 39.
    package func conversationDetailsAvailability() async throws -> Date? {
        try await conversationDetailsJobsAvailability().dataAvailabilityDate
    }

    /// Endpoint 1.
    package func activeConversationIDs() async throws -> [String] {
        try await activeConversations().entities?.compactMap(\.id).filter { !$0.isEmpty } ?? []
    }

    /// Endpoint 12 with its raw body.
    package func rawMessageConversation(id: String) async throws -> Raw<MessageConversation>? {
        try await raw(.messageConversation(id: id))
    }

    /// Endpoint 18 in chunks of ≤1,000 ids.
    package func bulkMessages(ids: [String], inConversation conversationID: String) async throws -> BulkMessagePayload {
        let bulk: BulkMessages = try await Self.perObject { try await messages(ids: ids, inConversation: conversationID) }
        return BulkMessagePayload(
            messages: bulk.messages,
            missingIDs: bulk.missingIDs,
            undecodable: bulk.undecodable.map { UndecodablePayload(json: $0.json, reason: $0.reason) },
            requestCount: bulk.requestCount
        )
    }

    /// Endpoint 20 with its raw body.
    package func rawMessageDetails(id: String) async throws -> Raw<MessageData>? {
        try await raw(.messageDetails(id: id))
    }

    /// Endpoint 30 with its raw body; nil when there is no wrap-up.
    package func rawWrapup(
        conversationID: String,
        participantID: String,
        communicationID: String
    ) async throws -> Raw<AssignedWrapupCode>? {
        try await raw(
            .wrapup(
                conversationID: conversationID,
                participantID: participantID,
                communicationID: communicationID,
                provisional: nil
            )
        )
    }

    /// Endpoint 33, each code with its raw bytes.
    package func rawWrapupCodes(conversationID: String, participantID: String) async throws -> [Raw<WrapupCode>] {
        let body: Data
        do {
            body = try await send(.wrapupCodes(conversationID: conversationID, participantID: participantID)).body
        } catch let error as GenesysAPIError where error.kind == .notFound {
            return []
        } catch let error as GenesysAPIError {
            throw Self.perObject(error)
        }
        do {
            let (values, failures) = try RawJSON.decodeElements(WrapupCode.self, ofMember: nil, in: body, decoder: .genesys())
            if let failure = failures.first {
                throw ConversationSourceError.malformed(
                    endpoint: SourceEndpoint.wrapupCodes,
                    payload: failure.json,
                    reason: "\(failure.error)"
                )
            }
            return values
        } catch let error as RawJSON.SliceError {
            throw ConversationSourceError.malformed(endpoint: SourceEndpoint.wrapupCodes, payload: body, reason: error.description)
        }
    }

    /// Endpoint 21, all pages, elements with their raw bytes.
    package func allCommunicationMedia(
        conversationID: String,
        communicationID: String
    ) async throws -> SourceElements<MessageMediaData> {
        try await elements(
            communicationMediaPages(conversationID: conversationID, communicationID: communicationID),
            as: MessageMediaData.self
        )
    }

    /// Endpoint 4, all pages, elements with their raw bytes.
    package func allCachedMedia() async throws -> SourceElements<CachedMediaItem> {
        try await elements(cachedMediaPages(), as: CachedMediaItem.self)
    }

    /// Attachment and cached-media bytes; the bearer token goes only to the API host.
    package func downloadMedia(from url: URL) async throws -> Data {
        try await downloadMedia(from: url, maxBytes: nil)
    }

    /// The client's counters.
    package func requestStatistics() async -> ClientStatistics { statistics }

    // MARK: - Private

    private static func page(_ body: Data, totalHits: Int?, cursor: String?, endpoint: String) throws -> AnalyticsPage {
        do {
            return try AnalyticsPage(body: body, totalHits: totalHits, cursor: cursor)
        } catch let error as RawJSON.SliceError {
            throw GenesysAPIError(
                kind: .decoding,
                operation: endpoint,
                message: error.description,
                responseBody: body
            )
        }
    }

    private func raw<Value: Decodable & Sendable>(_ endpoint: Endpoint<Value>) async throws -> Raw<Value>? {
        do {
            let response = try await send(endpoint)
            return Raw(value: response.value, json: response.body)
        } catch let error as GenesysAPIError where error.kind == .notFound {
            return nil
        } catch let error as GenesysAPIError {
            throw Self.perObject(error)
        }
    }

    /// Runs a per-conversation call, reporting API failures in the pipeline's terms.
    private static func perObject<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as GenesysAPIError {
            throw perObject(error)
        }
    }

    /// A failure of a per-conversation call, as the pipeline handles it:
    /// - an undecodable body, or a 400/403/404 refusal of this one object (a division the client may not see, an
    ///   id the API rejects), is ``ConversationSourceError/malformed(endpoint:payload:reason:)``: a reject;
    /// - a 5xx, 429 or transport failure that outlasted the retries is
    ///   ``ConversationSourceError/unavailable(endpoint:status:reason:payload:)``: a reject, unless the API is down;
    /// - anything else (401 after a token refresh, a configuration error) stays as it is and stops the run.
    private static func perObject(_ error: GenesysAPIError) -> any Error {
        let status = error.status.map { "HTTP \($0)" }
        let detail = [error.code, error.message].compactMap { $0 }.joined(separator: ": ")
        switch error.kind {
        case .decoding:
            let reason = error.message ?? "the response could not be decoded"
            return ConversationSourceError.malformed(endpoint: error.operation, payload: error.responseBody, reason: reason)
        case .forbidden, .badRequest, .notFound:
            let reason = "refused by the API (\(status ?? "refused"))" + (detail.isEmpty ? "" : ": \(detail)")
            return ConversationSourceError.malformed(endpoint: error.operation, payload: error.responseBody, reason: reason)
        case .server, .transport, .rateLimited:
            return ConversationSourceError.unavailable(
                endpoint: error.operation,
                status: error.status,
                reason: "\(error)",
                payload: error.responseBody
            )
        default:
            return error
        }
    }

    private func elements<Listing: EntityListing, Element: Decodable & Sendable>(
        _ pages: PageSequence<Listing>,
        as type: Element.Type
    ) async throws -> SourceElements<Element> {
        var result = SourceElements<Element>()
        do {
            for try await page in pages {
                let (values, failures) = try RawJSON.decodeElements(
                    Element.self,
                    ofMember: "entities",
                    in: page.body,
                    decoder: .genesys()
                )
                result.values += values
                result.undecodable += failures.map { UndecodablePayload(json: $0.json, reason: "\($0.error)") }
            }
        } catch let error as GenesysAPIError where error.kind == .notFound {
            return result
        } catch let error as GenesysAPIError {
            throw Self.perObject(error)
        }
        return result
    }
}
