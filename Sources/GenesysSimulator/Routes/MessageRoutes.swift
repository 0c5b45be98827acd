import Foundation
import GenesysModels
import Hummingbird

/// Message routes: send (15), social media (16), typing (17), bulk (18), single message (19, 20).
extension SimulatorRoutes {
    func addMessageRoutes(to router: Router<SimulatorRequestContext>) {
        let store = store
        let org = org
        let communicationBase = "/api/v2/conversations/messages/{conversationId}/communications/{communicationId}"

        api(router, .post, communicationBase + "/messages") { request, context in
            let body = try await SimulatorRoutes.decode(AdditionalMessage.self, from: request)
            let (conversationID, sender) = try await SimulatorRoutes.communicationSender(in: store, context)
            return try SimulatorRoutes.json(
                try await SimulatorRoutes.appendMessage(
                    in: store, conversationID: conversationID, senderID: sender, text: body.textBody,
                    mediaIDs: body.mediaIDs ?? [])
            )
        }

        api(router, .post, communicationBase + "/socialmedia/messages") { request, context in
            let body = try await SimulatorRoutes.decode(AdditionalSocialMediaMessage.self, from: request)
            let (conversationID, sender) = try await SimulatorRoutes.communicationSender(in: store, context)
            let message = try await SimulatorRoutes.appendMessage(
                in: store, conversationID: conversationID, senderID: sender, text: body.textBody,
                mediaIDs: body.mediaIDs ?? [])
            let social = try JSONDecoder.genesys().decode(
                SocialMediaMessageData.self,
                from: JSONEncoder.genesys(sortedKeys: true).encode(message)
            )
            return try SimulatorRoutes.json(social)
        }

        api(router, .post, communicationBase + "/typing") { request, context in
            let body = try await SimulatorRoutes.decode(MessageTypingEventRequest.self, from: request)
            let (conversationID, sender) = try await SimulatorRoutes.communicationSender(in: store, context)
            var event = ConversationMessageEvent()
            event.eventType = .init(rawValue: "Typing")
            var typing = ConversationEventTyping()
            typing.type = .init(rawValue: body.typing?.type?.rawValue ?? "On")
            typing.duration = body.typing?.duration ?? 5_000
            event.typing = typing
            _ = try await SimulatorRoutes.appendMessage(
                in: store,
                conversationID: conversationID,
                senderID: sender,
                text: nil,
                mediaIDs: [],
                type: "Event",
                events: [event]
            )
            return SimulatorRoutes.empty(.accepted)
        }

        api(router, .post, "/api/v2/conversations/messages/{conversationId}/messages/bulk") { request, context in
            let conversationID = try SimulatorRoutes.parameter("conversationId", context)
            let ids = try await SimulatorRoutes.decodeOptional([String].self, from: request) ?? []
            guard ids.count <= 1_000 else {
                throw SimulatorError.badRequest("The request may contain at most 1000 message ids; it had \(ids.count)")
            }
            guard let (conversation, positions) = await store.locateMessages(ids, inConversation: conversationID) else {
                throw SimulatorError.notFound("Conversation \(conversationID)")
            }
            let baseURL = await store.baseURL
            var entities = positions.compactMap { org.message(conversation, at: $0, baseURL: baseURL) }
            await store.recordBulk(requested: ids.count, returned: entities.count)
            let faults = store.configuration.faults
            if faults.bulkMissingIDConversationIDs.contains(conversationID), !entities.isEmpty {
                entities[0].id = nil
            }
            var listing = TextMessageListing()
            listing.entities = entities
            let data = try JSONEncoder.genesys(sortedKeys: true).encode(listing)
            if faults.malformedConversationIDs.contains(conversationID) {
                return SimulatorRoutes.raw(data.prefix(max(1, data.count / 2)))
            }
            return SimulatorRoutes.raw(data)
        }

        api(router, .get, "/api/v2/conversations/messages/{conversationId}/messages/{messageId}") { _, context in
            let conversationID = try SimulatorRoutes.parameter("conversationId", context)
            let messageID = try SimulatorRoutes.parameter("messageId", context)
            guard let located = await store.locateMessage(messageID), located.conversation.id == conversationID,
                let message = org.message(located.conversation, at: located.index, baseURL: await store.baseURL)
            else { throw SimulatorError.notFound("Message \(messageID) in conversation \(conversationID)") }
            return try SimulatorRoutes.json(message)
        }

        api(
            router,
            .get,
            "/api/v2/conversations/messages/{messageId}/details",
            path: "/api/v2/conversations/messages/{conversationId}/details"
        ) { _, context in
            let messageID = try SimulatorRoutes.parameter("conversationId", context)
            guard let located = await store.locateMessage(messageID),
                let message = org.message(located.conversation, at: located.index, baseURL: await store.baseURL)
            else { throw SimulatorError.notFound("Message \(messageID)") }
            return try SimulatorRoutes.json(message)
        }
    }

    // MARK: - Shared

    /// The path's `{conversationId}` and the connected participant owning its `{communicationId}`.
    static func communicationSender(in store: SimulatorStore, _ context: SimulatorRequestContext) async throws
        -> (conversationID: String, senderID: String)
    {
        let conversationID = try parameter("conversationId", context)
        let communicationID = try parameter("communicationId", context)
        return (conversationID, try await sender(in: store, conversationID, communicationID))
    }

    /// The participant owning `communicationID`, checked to be connected.
    static func sender(in store: SimulatorStore, _ conversationID: String, _ communicationID: String) async throws
        -> String
    {
        guard let conversation = await store.conversation(conversationID) else {
            throw SimulatorError.notFound("Conversation \(conversationID)")
        }
        guard let index = conversation.participantIndex(communication: communicationID) else {
            throw SimulatorError.notFound("Communication \(communicationID) in conversation \(conversationID)")
        }
        guard conversation.end == nil, conversation.participants[index].state != "disconnected" else {
            throw SimulatorError(
                .badRequest,
                code: "conversation.disconnected",
                message: "Communication \(communicationID) is disconnected"
            )
        }
        return conversation.participants[index].id
    }

    /// Appends a message sent by `senderID` and returns it as `MessageData`.
    static func appendMessage(
        in store: SimulatorStore,
        conversationID: String,
        senderID: String,
        text: String?,
        mediaIDs: [String],
        type: String = "Text",
        events: [ConversationMessageEvent]? = nil,
        content: [ConversationMessageContent] = [],
        providerMessageID: String? = nil
    ) async throws -> MessageData {
        guard let conversation = await store.conversation(conversationID),
            let senderIndex = conversation.participantIndex(senderID)
        else { throw SimulatorError.notFound("Conversation \(conversationID)") }
        if type == "Text", (text ?? "").isEmpty, mediaIDs.isEmpty, content.isEmpty {
            throw SimulatorError.badRequest("One of textBody or mediaIds is required")
        }
        if let text, text.count > 2_000 {
            throw SimulatorError.badRequest("textBody may be at most 2000 characters")
        }
        let baseURL = await store.baseURL
        var attachment: SyntheticOrg.Attachment?
        for mediaID in mediaIDs {
            guard let upload = await store.upload(mediaID), upload.status == "valid", let bytes = upload.bytes else {
                throw SimulatorError.badRequest("Media \(mediaID) has not been uploaded")
            }
            let mime = upload.mediaType ?? "application/octet-stream"
            attachment = SyntheticOrg.Attachment(
                id: mediaID,
                mediaType: mime.hasPrefix("image/") ? "Image" : mime.hasPrefix("video/") ? "Video" : "File",
                mime: mime,
                filename: upload.name,
                size: bytes.count,
                sha256: SHA256Digest.hex(bytes),
                url: "\(baseURL)/sim/media/uploads/\(mediaID)"
            )
        }
        var message = store.org.appendedMessage(
            id: await store.makeID(),
            in: conversation,
            senderIndex: senderIndex,
            time: store.now(),
            content: SyntheticOrg.AppendedContent(
                text: text,
                attachment: attachment,
                type: type,
                events: events,
                providerMessageID: providerMessageID
            )
        )
        if !content.isEmpty {
            let existing = message.normalizedMessage?.content ?? []
            message.normalizedMessage?.content = existing + content
        }
        await store.append(message, sender: senderID, toConversationAt: conversation.index)
        return message
    }
}
