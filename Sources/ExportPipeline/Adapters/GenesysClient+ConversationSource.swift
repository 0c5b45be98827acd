import Foundation
import GenesysClient
import GenesysModels

/// `GenesysClient` as the pipeline's ``ConversationSource``: raw bodies kept, 404 mapped to nil, undecodable bodies
/// mapped to ``ConversationSourceError/malformed(endpoint:payload:reason:)``.
extension GenesysClient: ConversationSource {
    /// Endpoint 34, each record with its bytes.
    package func conversationDetails(query: ConversationQuery) async throws -> AnalyticsPage {
        // The records and `totalHits` are read from the bytes; the typed response is never decoded.
        let endpoint = try Endpoint<AnalyticsConversationQueryResponse>.conversationDetails(query: query).reading { body in
            try AnalyticsPage(body: body, totalHits: Self.integer("totalHits", in: body), cursor: nil)
        }
        return try await send(endpoint).value
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
        try await send(.conversationDetailsJob(id: id)).value
    }

    /// Endpoint 37.
    package func conversationDetailsJobResults(id: String, cursor: String?, pageSize: Int) async throws -> AnalyticsPage {
        let endpoint = Endpoint<AnalyticsConversationAsyncQueryResponse>
            .conversationDetailsJobResults(id: id, cursor: cursor, pageSize: pageSize)
            .reading { body in
                let next = RawJSON.member("cursor", in: body).flatMap { try? JSONDecoder().decode(String.self, from: $0) }
                return try AnalyticsPage(body: body, totalHits: nil, cursor: next.flatMap { $0.isEmpty ? nil : $0 })
            }
        return try await send(endpoint).value
    }

    /// Endpoint 40; the enumerator asks for at most `analyticsMultiGetLimit` ids at a time (one request).
    package func analyticsConversations(ids: [String]) async throws -> AnalyticsPage {
        let batch: FetchedByID<AnalyticsConversationWithoutAttributes> = try await analyticsConversations(ids: ids)
        return AnalyticsPage(records: batch.values.compactMap { AnalyticsRecord(json: $0.json) })
    }

    /// Endpoint 38.
    package func deleteConversationDetailsJob(id: String) async throws {
        try await send(.deleteConversationDetailsJob(id: id))
    }

    /// Endpoint 39.
    package func conversationDetailsAvailability() async throws -> Date? {
        try await send(.conversationDetailsJobsAvailability()).value.dataAvailabilityDate
    }

    /// Endpoint 1.
    package func activeConversationIDs() async throws -> [String] {
        try await send(.activeConversations()).value.entities?.compactMap(\.id).filter { !$0.isEmpty } ?? []
    }

    /// Endpoint 12 with its raw body, read by `decoding`.
    package func rawMessageConversation(id: String, decoding: FieldDecoding) async throws -> Raw<ConversationFields>? {
        try await raw(
            Endpoint<MessageConversation>.messageConversation(id: id).reading { try decoding.conversation($0) }
        )
    }

    /// Endpoint 18 in chunks of ≤1,000 ids, read by `decoding`.
    package func bulkMessages(
        ids: [String],
        inConversation conversationID: String,
        decoding: FieldDecoding
    ) async throws -> FetchedByID<MessageFields> {
        try await Self.perObject {
            try await messages(
                ids: ids,
                inConversation: conversationID,
                id: { $0.id },
                reading: { try decoding.bulkPage($0) }
            )
        }
    }

    /// Endpoint 20 with its raw body, read by `decoding`.
    package func rawMessageDetails(id: String, decoding: FieldDecoding) async throws -> Raw<MessageFields>? {
        try await raw(Endpoint<MessageData>.messageDetails(id: id).reading { try decoding.message($0) })
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
    ) async throws -> ElementPage<MessageMediaData> {
        try await elements(
            communicationMediaPages(conversationID: conversationID, communicationID: communicationID),
            as: MessageMediaData.self
        )
    }

    /// Endpoint 4, all pages, elements with their raw bytes.
    package func allCachedMedia() async throws -> ElementPage<CachedMediaItem> {
        try await elements(cachedMediaPages(), as: CachedMediaItem.self)
    }

    /// Attachment and cached-media bytes; the bearer token goes only to the API host.
    package func downloadMedia(from url: URL) async throws -> Data {
        try await downloadMedia(from: url, maxBytes: nil)
    }

    /// The client's counters.
    package func requestStatistics() async -> ClientStatistics { statistics }

    // MARK: - Private

    /// The integer top-level member `key` of a JSON object; nil when absent or not an integer.
    private static func integer(_ key: String, in body: Data) -> Int? {
        RawJSON.member(key, in: body).flatMap { Int(String(decoding: $0, as: UTF8.self)) }
    }

    private func raw<Value: Sendable>(_ endpoint: Endpoint<Value>) async throws -> Raw<Value>? {
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
    ) async throws -> ElementPage<Element> {
        var result = ElementPage<Element>()
        do {
            for try await page in pages {
                let (values, failures) = try RawJSON.decodeElements(
                    Element.self,
                    ofMember: "entities",
                    in: page.body,
                    decoder: .genesys()
                )
                result.values += values
                result.undecodable += failures.map { UndecodableObject(json: $0.json, reason: "\($0.error)") }
            }
        } catch let error as GenesysAPIError where error.kind == .notFound {
            return result
        } catch let error as GenesysAPIError {
            throw Self.perObject(error)
        }
        return result
    }
}

extension Endpoint {
    /// The same request, its body read by `read` instead of the typed decoder; a body `read` rejects is reported as
    /// the typed endpoint's would be (a decoding error naming the API object).
    fileprivate func reading<Other: Sendable>(_ read: @escaping @Sendable (Data) throws -> Other) -> Endpoint<Other> {
        let operation = pathTemplate
        return Endpoint<Other>(method, routeTemplate, path: path, query: query, body: body, isIdempotent: isIdempotent) {
            data in
            do {
                return try read(data)
            } catch {
                throw GenesysAPIError(
                    kind: .decoding,
                    operation: operation,
                    message: "the response does not decode as \(Value.self): \(GenesysClient.summary(of: error))",
                    responseBody: data,
                    underlying: error
                )
            }
        }
    }
}
