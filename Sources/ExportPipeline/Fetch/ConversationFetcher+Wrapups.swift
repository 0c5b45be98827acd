import Foundation
import GenesysClient
import GenesysModels

extension ConversationFetcher {
    // MARK: - Wrap-ups

    /// What the wrap-ups of one conversation are derived from.
    struct WrapupContext {
        /// The conversation (12).
        var conversation: ConversationFields
        /// Its analytics record.
        var analytics: AnalyticsRecord?
        /// The conversation's partition day.
        var day: String
    }

    /// The wrap-ups of one agent participant: the one in `participants[].wrapup` (12), on the communication whose
    /// analytics wrap-up segment has the same code; then each other communication's wrap-up segment; a
    /// communication whose wrap-up segment carries no code is asked for (30).
    func fetchWrapups(participantAt index: Int, _ context: WrapupContext, into export: inout ConversationExport)
        async throws
    {
        let conversationID = export.conversationID
        let participant = context.conversation.participants[index]
        let participantID = participant.id ?? ""
        let sessions = context.analytics?.sessions(of: participantID) ?? []
        var found = WrapupDerivation.wrapups(
            participant: participant,
            sessions: sessions,
            analyticsJSON: context.analytics?.json
        )
        for communicationID in WrapupDerivation.uncodedCommunications(sessions: sessions, covered: found) {
            if let wrapup = try await communicationWrapup(conversationID, participantID, communicationID, into: &export) {
                found.append(wrapup)
            }
        }
        for wrapup in found {
            let name = try await codeName(wrapup, conversationID: conversationID, participantID: participantID, into: &export)
            try normalizer.wrapup(
                wrapup,
                conversationID: conversationID,
                participantID: participantID,
                name: name,
                conversationDay: context.day,
                into: &export
            )
        }
    }

    private func communicationWrapup(
        _ conversationID: String,
        _ participantID: String,
        _ communicationID: String,
        into export: inout ConversationExport
    ) async throws -> DerivedWrapup? {
        do {
            let raw = try await call(SourceEndpoint.communicationWrapup, conversationID) {
                try await source.rawWrapup(
                    conversationID: conversationID,
                    participantID: participantID,
                    communicationID: communicationID
                )
            }
            return raw.map { DerivedWrapup(assigned: $0, communicationID: communicationID) }
        } catch let ConversationSourceError.malformed(endpoint, payload, reason) {
            export.rejects.append(reject(conversationID, "wrapup", participantID, endpoint, reason, payload))
            return nil
        }
    }

    /// `wrapup.name`, else the run's known name, else the wrap-up code list (33), asked once per unknown code.
    private func codeName(
        _ wrapup: DerivedWrapup,
        conversationID: String,
        participantID: String,
        into export: inout ConversationExport
    ) async throws -> String? {
        guard let code = wrapup.code, !code.isEmpty else { return wrapup.name }
        if let name = wrapup.name, !name.isEmpty {
            codes.learn(code, name: name)
            return name
        }
        if let known = codes.name(of: code) { return known }
        do {
            let (name, learned) = try await codes.resolve(code) {
                try await call(SourceEndpoint.wrapupCodes, conversationID) {
                    try await source.rawWrapupCodes(conversationID: conversationID, participantID: participantID)
                }
            }
            addCodes(learned, conversationID: conversationID, into: &export)
            return name
        } catch let ConversationSourceError.malformed(endpoint, payload, reason) {
            export.rejects.append(reject(conversationID, "wrapup_code", nil, endpoint, reason, payload))
            return nil
        }
    }

    private func addCodes(_ list: [Raw<WrapupCode>], conversationID: String, into export: inout ConversationExport) {
        let kind = RejectedKind(entity: "wrapup_code", endpoint: SourceEndpoint.wrapupCodes, noun: "wrap-up code")
        for (codeID, code) in identified(list, id: \.id, as: kind, conversationID: conversationID, into: &export) {
            let (row, record) = normalizer.wrapupCode(code, id: codeID)
            export.wrapupCodes.append(row)
            export.records.append(record)
        }
    }

    // MARK: - Media

    func fetchMedia(
        conversationID: String,
        communicationID: String,
        day: String,
        into export: inout ConversationExport
    ) async throws {
        let listing: ElementPage<MessageMediaData>
        do {
            listing = try await call(SourceEndpoint.communicationMedia, conversationID) {
                try await source.allCommunicationMedia(conversationID: conversationID, communicationID: communicationID)
            }
        } catch let ConversationSourceError.malformed(endpoint, payload, reason) {
            export.rejects.append(reject(conversationID, "communication_media", nil, endpoint, reason, payload))
            return
        }
        let media = identified(
            listing.values, undecodable: listing.undecodable, id: \.id,
            as: .init(entity: "communication_media", endpoint: SourceEndpoint.communicationMedia, noun: "media item"),
            conversationID: conversationID, into: &export
        )
        for (mediaID, media) in media {
            try normalizer.communicationMedia(
                media,
                id: mediaID,
                conversationID: conversationID,
                communicationID: communicationID,
                conversationDay: day,
                into: &export
            )
        }
    }
}
