import Foundation
import GenesysClient
import GenesysModels

/// Fetches everything one conversation contributes and normalizes it; runs concurrently, off the writer.
///
/// The request plan, per conversation: the conversation (12) once; its message bodies in bulk (18), ⌈m/1000⌉
/// requests for the union of the message ids of all participants; details (20) only for ids bulk did not return.
/// Communication ids and wrap-ups come from what is already at hand: `participants[].wrapup` of 12 and the analytics
/// record the work item carries (`sessions[].sessionId`, the wrap-up segments). A communication's wrap-up (30) is
/// asked for only when analytics says it was wrapped up and neither source carries the code; a code's name comes from
/// `wrapup.name`, else from the wrap-up code list (33), asked once per unknown code per run. Communication media (21)
/// only with `fetch.communicationMedia`; with `media: download`, the attachments' bytes, stored in the archive before
/// the conversation is handed to the writer.
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
    /// Tells one failing conversation from an outage, across all fetch tasks of the run.
    package var outages = OutageMonitor()
    /// How API bodies are read (the fast reader, or the typed oracle).
    package var decoding: FieldDecoding = .fast

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
    /// A conversation the API refuses, answers with a malformed body or keeps failing for (after the client's
    /// retries) is exported as one reject and nothing else, so it is fetched whole by the next run.
    ///
    /// - Throws: ``ExportError/outage(job:endpoint:status:reason:underlying:)`` when most recent calls fail (the API is down);
    ///   `ExportError.conversationFailed` for failures that stop the whole run (credentials); `CancellationError`.
    package func fetch(_ item: WorkItem) async throws -> ConversationExport {
        do {
            return try await fetchAll(item)
        } catch let error as ConversationSourceError {
            var export = ConversationExport(conversationID: item.conversationID)
            export.analytics = item.analytics
            switch error {
            case let .malformed(endpoint, payload, reason), let .unavailable(endpoint, _, reason, payload):
                export.isRetryable = if case .unavailable = error { true } else { false }
                export.rejects = [reject(item.conversationID, "conversation", item.conversationID, endpoint, reason, payload)]
            }
            return export
        }
    }

    private func fetchAll(_ item: WorkItem) async throws -> ConversationExport {
        let id = item.conversationID
        var export = ConversationExport(conversationID: id)
        export.analytics = item.analytics
        guard let raw = try await messageConversation(id, into: &export) else { return export }
        let participants = raw.value.participants
        var communications: [String: [String]] = [:]
        for participant in participants {
            guard let participantID = participant.id, let analytics = item.analytics else { continue }
            let ids = analytics.communicationIDs(of: participantID)
            if !ids.isEmpty { communications[participantID] = ids }
        }
        let (messageIDs, owners) = Self.messageIDs(of: participants)
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
            try await fetchMessages(messageIDs, owners: owners, conversationID: id, day: day, into: &export)
        }
        if options.media == .download, let mediaArchiver, !export.attachments.isEmpty {
            try await downloadAttachments(using: mediaArchiver, into: &export)
        }
        let agents = participants.indices.filter {
            Self.isAgent(participants[$0].purpose) && !(participants[$0].id ?? "").isEmpty
        }
        if options.wrapups {
            let context = WrapupContext(conversation: raw.value, analytics: item.analytics, day: day)
            for index in agents { try await fetchWrapups(participantAt: index, context, into: &export) }
        }
        if options.communicationMedia {
            for index in agents {
                for communicationID in communications[participants[index].id ?? ""] ?? [] {
                    try await fetchMedia(conversationID: id, communicationID: communicationID, day: day, into: &export)
                }
            }
        }
        return export
    }

    /// The conversation (12), or nil with a reject when it is missing, malformed or has no id.
    private func messageConversation(
        _ id: String,
        into export: inout ConversationExport
    ) async throws -> Raw<ConversationFields>? {
        let endpoint = SourceEndpoint.messageConversation
        let fetched: Raw<ConversationFields>?
        do {
            fetched = try await call(endpoint, id) { try await source.rawMessageConversation(id: id, decoding: decoding) }
        } catch let ConversationSourceError.malformed(endpoint, payload, reason) {
            export.rejects.append(reject(id, "conversation", id, endpoint, reason, payload))
            return nil
        }
        guard let raw = fetched else {
            export.isGone = true
            export.rejects.append(reject(id, "conversation", id, endpoint, "conversation not found (404)", nil))
            return nil
        }
        guard let returnedID = raw.value.id, !returnedID.isEmpty else {
            export.rejects.append(reject(id, "conversation", id, endpoint, "conversation without an id", raw.json))
            return nil
        }
        return raw
    }

    /// The message ids across all participants, de-duplicated, each with the first participant listing it.
    static func messageIDs(of participants: [ParticipantFields]) -> (ids: [String], owners: [String: String]) {
        var owners: [String: String] = [:]
        var ids: [String] = []
        for participant in participants {
            for messageID in participant.messageIDs {
                guard !messageID.isEmpty, owners[messageID] == nil else { continue }
                owners[messageID] = participant.id ?? ""
                ids.append(messageID)
            }
        }
        return (ids, owners)
    }

    // MARK: - Messages

    private func fetchMessages(
        _ ids: [String],
        owners: [String: String],
        conversationID: String,
        day: String,
        into export: inout ConversationExport
    ) async throws {
        var bulk = try await call(SourceEndpoint.bulkMessages, conversationID) {
            try await source.bulkMessages(ids: ids, inConversation: conversationID, decoding: decoding)
        }
        var written: Set<String> = []
        var messages = identified(
            bulk.values, undecodable: bulk.undecodable, id: \.id,
            as: .init(entity: "message", endpoint: SourceEndpoint.bulkMessages, noun: "message"),
            conversationID: conversationID, into: &export
        )
        // Each message is let go once normalized, so each response body is freed once its last message is done
        // (values are in request order, page by page): a 20,000-message conversation never holds all its bodies
        // beside all its rows.
        bulk.values = []
        bulk.undecodable = []
        // Sized once: grown by doubling, the rows of a 20,000-message conversation left a third of the array empty.
        export.messages.reserveCapacity(export.messages.count + messages.count)
        export.records.reserveCapacity(export.records.count + messages.count)
        messages.reverse()
        while let (messageID, message) = messages.popLast() {
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
            let details: Raw<MessageFields>?
            do {
                details = try await call(SourceEndpoint.messageDetails, conversationID) {
                    try await source.rawMessageDetails(id: messageID, decoding: decoding)
                }
            } catch let ConversationSourceError.malformed(endpoint, payload, reason) {
                export.rejects.append(reject(conversationID, "message", messageID, endpoint, reason, payload))
                continue
            }
            guard let details else {
                let reason = "message listed by the conversation but not returned by bulk or details (404)"
                export.rejects.append(reject(conversationID, "message", messageID, SourceEndpoint.messageDetails, reason, nil))
                continue
            }
            if let returned = details.value.id, !returned.isEmpty, returned != messageID {
                let reason = "details returned message \(returned) instead"
                export.rejects.append(
                    reject(conversationID, "message", messageID, SourceEndpoint.messageDetails, reason, details.json))
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

    /// Runs one API call, turning failures other than malformed payloads and cancellation into an error naming the
    /// job, conversation and endpoint.
    func call<T>(
        _ endpoint: String,
        _ conversationID: String,
        _ body: () async throws -> T
    ) async throws -> T {
        do {
            let value = try await body()
            outages.succeeded(conversationID: conversationID)
            return value
        } catch let error as ConversationSourceError {
            if case let .unavailable(endpoint, status, reason, _) = error {
                if outages.failed(conversationID: conversationID) {
                    throw ExportError.outage(job: jobName, endpoint: endpoint, status: status, reason: reason, underlying: error)
                }
            } else {
                outages.succeeded(conversationID: conversationID)
            }
            throw error
        } catch {
            throw ExportError.wrapped(error) {
                ExportError.conversationFailed(job: jobName, conversation: conversationID, endpoint: endpoint, underlying: $0)
            }
        }
    }
}
