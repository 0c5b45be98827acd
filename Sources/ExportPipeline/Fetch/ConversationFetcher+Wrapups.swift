import Foundation
import GenesysModels

extension ConversationFetcher {
    // MARK: - Wrap-ups

    func fetchWrapups(
        _ agents: [MessageMediaParticipant],
        communications: [String: [String]],
        conversationID: String,
        day: String,
        into export: inout ConversationExport
    ) async throws {
        for participant in agents {
            guard let participantID = participant.id else { continue }
            let communicationIDs = communications[participantID] ?? []
            var found: [(communicationID: String, raw: Raw<AssignedWrapupCode>, endpoint: String)] = []
            do {
                if communicationIDs.isEmpty {
                    if let raw = try await call(SourceEndpoint.participantWrapup, conversationID, {
                        try await source.rawWrapup(conversationID: conversationID, participantID: participantID)
                    }) {
                        found.append(("", raw, SourceEndpoint.participantWrapup))
                    }
                } else {
                    for communicationID in communicationIDs {
                        if let raw = try await call(SourceEndpoint.communicationWrapup, conversationID, {
                            try await source.rawWrapup(
                                conversationID: conversationID,
                                participantID: participantID,
                                communicationID: communicationID
                            )
                        }) {
                            found.append((communicationID, raw, SourceEndpoint.communicationWrapup))
                        }
                    }
                }
            } catch let ConversationSourceError.malformed(endpoint, payload, reason) {
                export.rejects.append(reject(conversationID, "wrapup", participantID, endpoint, reason, payload))
            }
            for wrapup in found {
                var name: String? = participant.wrapup?.name
                if let code = wrapup.raw.value.code, !code.isEmpty {
                    if let known = codes.name(of: code) {
                        name = known ?? name
                    } else {
                        try await learnCodes(conversationID: conversationID, participantID: participantID, into: &export)
                        if let known = codes.name(of: code) { name = known ?? name }
                    }
                }
                try normalizer.wrapup(
                    wrapup.raw,
                    conversationID: conversationID,
                    participantID: participantID,
                    communicationID: wrapup.communicationID,
                    name: name,
                    conversationDay: day,
                    into: &export
                )
            }
        }
    }

    func learnCodes(conversationID: String, participantID: String, into export: inout ConversationExport) async throws {
        let list: [Raw<WrapupCode>]
        do {
            list = try await call(SourceEndpoint.wrapupCodes, conversationID) {
                try await source.rawWrapupCodes(conversationID: conversationID, participantID: participantID)
            }
        } catch let ConversationSourceError.malformed(endpoint, payload, reason) {
            export.rejects.append(reject(conversationID, "wrapup_code", nil, endpoint, reason, payload))
            return
        }
        var valid: [(Raw<WrapupCode>, String)] = []
        for code in list {
            guard let codeID = code.value.id, !codeID.isEmpty else {
                export.rejects.append(
                    reject(conversationID, "wrapup_code", nil, SourceEndpoint.wrapupCodes, "wrap-up code without an id", code.json)
                )
                continue
            }
            valid.append((code, codeID))
        }
        let added = codes.insert(valid.map { ($0.1, $0.0.value.name) })
        for (code, codeID) in valid where added.contains(codeID) {
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
        let listing: SourceElements<MessageMediaData>
        do {
            listing = try await call(SourceEndpoint.communicationMedia, conversationID) {
                try await source.allCommunicationMedia(conversationID: conversationID, communicationID: communicationID)
            }
        } catch let ConversationSourceError.malformed(endpoint, payload, reason) {
            export.rejects.append(reject(conversationID, "communication_media", nil, endpoint, reason, payload))
            return
        }
        for failure in listing.undecodable {
            export.rejects.append(
                reject(conversationID, "communication_media", nil, SourceEndpoint.communicationMedia, failure.reason, failure.json)
            )
        }
        for media in listing.values {
            guard let mediaID = media.value.id, !mediaID.isEmpty else {
                export.rejects.append(
                    reject(
                        conversationID,
                        "communication_media",
                        nil,
                        SourceEndpoint.communicationMedia,
                        "media item without an id",
                        media.json
                    )
                )
                continue
            }
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
