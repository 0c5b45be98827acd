import Foundation
import GenesysModels

/// One conversation to export, in the order of the run's persisted work list.
package struct WorkItem: Sendable, Equatable {
    /// Position in the work list.
    package var position: Int
    /// Conversation id.
    package var conversationID: String
    /// `conversationEnd` as enumerated (analytics), nil when unknown or still active.
    package var conversationEnd: Date?

    /// Creates a work item.
    package init(position: Int, conversationID: String, conversationEnd: Date?) {
        self.position = position
        self.conversationID = conversationID
        self.conversationEnd = conversationEnd
    }
}

/// Fetches everything one conversation contributes and normalizes it; runs concurrently, off the writer.
///
/// Per conversation: the conversation (12, raw kept); the generic conversation (42) when communication ids are
/// needed (wrap-ups, media); the union of message ids across all participants, de-duplicated; bulk (18, ≤1,000 ids a
/// request); details (20) only for ids bulk did not return; wrap-ups per agent communication (30), or per
/// participant (32) where no communication id is known, 404 meaning none; code names from 33, cached per run;
/// communication media (21) per agent communication; with `media: download`, the attachments' bytes, stored in the
/// archive before the conversation is handed to the writer.
package struct ConversationFetcher: Sendable {
    /// The API.
    package var source: any ConversationSource
    /// What to fetch.
    package var options: JobSpec.Fetch
    /// Rows and lines from API objects.
    package var normalizer: ExportNormalizer
    /// Wrap-up code names of this run.
    package var codes: WrapupCodeCache
    /// The job's name, for errors.
    package var jobName: String
    /// Stores attachment bytes in the archive; set only for `media: download`.
    package var mediaArchiver: MediaArchiver?

    /// Creates a fetcher.
    package init(
        source: any ConversationSource,
        options: JobSpec.Fetch,
        normalizer: ExportNormalizer,
        codes: WrapupCodeCache,
        jobName: String,
        mediaArchiver: MediaArchiver? = nil
    ) {
        self.source = source
        self.options = options
        self.normalizer = normalizer
        self.codes = codes
        self.jobName = jobName
        self.mediaArchiver = mediaArchiver
    }

    /// Fetches and normalizes one conversation.
    ///
    /// - Throws: `ExportError.conversationFailed` naming the conversation and endpoint when the API fails after the
    ///   client's retries; `CancellationError` when cancelled. Malformed objects do not throw: they become rejects.
    package func fetch(_ item: WorkItem) async throws -> ConversationExport {
        let id = item.conversationID
        var export = ConversationExport(conversationID: id)
        let fetched: Raw<MessageConversation>?
        do {
            fetched = try await call(SourceEndpoint.messageConversation, id) {
                try await source.rawMessageConversation(id: id)
            }
        } catch let ConversationSourceError.malformed(endpoint, payload, reason) {
            export.rejects.append(reject(id, "conversation", id, endpoint, reason, payload))
            return export
        }
        guard let raw = fetched else {
            export.rejects.append(
                reject(id, "conversation", id, SourceEndpoint.messageConversation, "conversation not found (404)", nil)
            )
            return export
        }
        guard let returnedID = raw.value.id, !returnedID.isEmpty else {
            export.rejects.append(
                reject(id, "conversation", id, SourceEndpoint.messageConversation, "conversation without an id", raw.json)
            )
            return export
        }
        let participants = raw.value.participants ?? []

        // Communication ids (42) when wrap-ups or media need them.
        var communications: [String: [String]] = [:]
        let agents = participants.filter { Self.isAgent($0.purpose) && !($0.id ?? "").isEmpty }
        if !agents.isEmpty, options.wrapups || options.media != .none {
            do {
                let generic = try await call(SourceEndpoint.conversation, id) {
                    try await source.rawConversation(id: id)
                }
                if let generic {
                    for participant in generic.value.participants ?? [] {
                        guard let participantID = participant.id else { continue }
                        let ids = (participant.messages ?? []).compactMap(\.id).filter { !$0.isEmpty }
                        if !ids.isEmpty { communications[participantID] = ids }
                    }
                }
            } catch let ConversationSourceError.malformed(endpoint, payload, reason) {
                export.rejects.append(reject(id, "conversation", id, endpoint, reason, payload))
            }
        }

        // Message ids across all participants, first listing participant wins.
        var messageOwners: [String: String] = [:]
        var messageIDs: [String] = []
        for participant in participants {
            for details in participant.messages ?? [] {
                guard let messageID = details.messageID, !messageID.isEmpty, messageOwners[messageID] == nil else {
                    continue
                }
                messageOwners[messageID] = participant.id ?? ""
                messageIDs.append(messageID)
            }
        }

        try normalizer.conversation(
            raw,
            conversationID: id,
            analyticsConversationEnd: item.conversationEnd,
            communicationIDs: communications,
            messageCount: messageIDs.count,
            into: &export
        )
        let day = ExportNormalizer.day(of: participants.compactMap(\.startTime).min())

        if options.messageDetails, !messageIDs.isEmpty {
            try await fetchMessages(messageIDs, owners: messageOwners, conversationID: id, day: day, into: &export)
        }
        if options.media == .download, let mediaArchiver, !export.attachments.isEmpty {
            try await downloadAttachments(using: mediaArchiver, into: &export)
        }
        if options.wrapups {
            try await fetchWrapups(agents, communications: communications, conversationID: id, day: day, into: &export)
        }
        if options.media != .none {
            for participant in agents {
                for communicationID in communications[participant.id ?? ""] ?? [] {
                    try await fetchMedia(conversationID: id, communicationID: communicationID, day: day, into: &export)
                }
            }
        }
        return export
    }

    // MARK: - Messages

    private func fetchMessages(
        _ ids: [String],
        owners: [String: String],
        conversationID: String,
        day: String,
        into export: inout ConversationExport
    ) async throws {
        let bulk = try await call(SourceEndpoint.bulkMessages, conversationID) {
            try await source.bulkMessages(ids: ids, inConversation: conversationID)
        }
        var written: Set<String> = []
        for failure in bulk.undecodable {
            export.rejects.append(
                reject(conversationID, "message", nil, SourceEndpoint.bulkMessages, failure.reason, failure.json)
            )
        }
        for message in bulk.messages {
            guard let messageID = message.value.id, !messageID.isEmpty else {
                export.rejects.append(
                    reject(conversationID, "message", nil, SourceEndpoint.bulkMessages, "message without an id", message.json)
                )
                continue
            }
            guard owners[messageID] != nil, written.insert(messageID).inserted else { continue }
            try normalizer.message(
                message,
                id: messageID,
                conversationID: conversationID,
                participantID: owners[messageID],
                source: "bulk",
                conversationDay: day,
                into: &export
            )
        }
        // Details only for ids bulk did not return at all; a malformed copy stays a reject.
        let missing = bulk.missingIDs.filter { owners[$0] != nil && !written.contains($0) }
        for messageID in missing {
            let details: Raw<MessageData>?
            do {
                details = try await call(SourceEndpoint.messageDetails, conversationID) {
                    try await source.rawMessageDetails(id: messageID)
                }
            } catch let ConversationSourceError.malformed(endpoint, payload, reason) {
                export.rejects.append(reject(conversationID, "message", messageID, endpoint, reason, payload))
                continue
            }
            guard let details else {
                export.rejects.append(
                    reject(
                        conversationID,
                        "message",
                        messageID,
                        SourceEndpoint.messageDetails,
                        "message listed by the conversation but not returned by bulk or details (404)",
                        nil
                    )
                )
                continue
            }
            if let returned = details.value.id, !returned.isEmpty, returned != messageID {
                export.rejects.append(
                    reject(
                        conversationID,
                        "message",
                        messageID,
                        SourceEndpoint.messageDetails,
                        "details returned message \(returned) instead",
                        details.json
                    )
                )
                continue
            }
            written.insert(messageID)
            try normalizer.message(
                details,
                id: messageID,
                conversationID: conversationID,
                participantID: owners[messageID],
                source: "details",
                conversationDay: day,
                into: &export
            )
        }
    }

    // MARK: - Helpers

    /// Whether a participant purpose carries agent communications (wrap-ups, uploaded media).
    package static func isAgent(_ purpose: String?) -> Bool {
        guard let purpose = purpose?.lowercased() else { return false }
        return purpose == "agent" || purpose == "user"
    }

    func reject(
        _ conversationID: String?,
        _ entity: String,
        _ entityID: String?,
        _ endpoint: String,
        _ reason: String,
        _ payload: Data?
    ) -> RejectRow {
        RejectRow(
            conversationID: conversationID,
            entity: entity,
            entityID: entityID,
            endpoint: endpoint,
            reason: reason,
            rawPayload: payload.map(ExportNormalizer.text)
        )
    }

    /// Runs one API call, turning failures other than malformed payloads and cancellation into an error naming the
    /// job, conversation and endpoint.
    func call<T>(
        _ endpoint: String,
        _ conversationID: String,
        _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch let error as ConversationSourceError {
            throw error
        } catch let error as CancellationError {
            throw error
        } catch let error as ExportError {
            throw error
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw ExportError.conversationFailed(
                job: jobName,
                conversation: conversationID,
                endpoint: endpoint,
                underlying: "\(error)"
            )
        }
    }
}
