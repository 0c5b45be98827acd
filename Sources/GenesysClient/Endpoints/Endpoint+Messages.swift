import Foundation
import GenesysModels

// Endpoints 15–20: messages.

private let communicationTemplate = "/api/v2/conversations/messages/{conversationId}/communications/{communicationId}"

extension Endpoint where Value == MessageData {
    /// Endpoint 15: `POST …/communications/{communicationId}/messages` — send a message on a communication.
    package static func sendMessage(
        _ message: AdditionalMessage,
        conversationID: String,
        communicationID: String
    ) throws -> Self {
        try .init(.post, "\(communicationTemplate)/messages", ids: [conversationID, communicationID], json: message)
    }

    /// Endpoint 19: `GET /api/v2/conversations/messages/{conversationId}/messages/{messageId}` — one message.
    package static func message(id: String, inConversation conversationID: String) -> Self {
        .init(.get, "/api/v2/conversations/messages/{conversationId}/messages/{messageId}", ids: [conversationID, id])
    }

    /// Endpoint 20: `GET /api/v2/conversations/messages/{messageId}/details` — one message by id alone.
    package static func messageDetails(id: String) -> Self {
        .init(.get, "/api/v2/conversations/messages/{messageId}/details", ids: [id])
    }
}

extension Endpoint where Value == SocialMediaMessageData {
    /// Endpoint 16: `POST …/communications/{communicationId}/socialmedia/messages` — send a social media message.
    package static func sendSocialMediaMessage(
        _ message: AdditionalSocialMediaMessage,
        conversationID: String,
        communicationID: String
    ) throws -> Self {
        try .init(
            .post,
            "\(communicationTemplate)/socialmedia/messages",
            ids: [conversationID, communicationID],
            json: message
        )
    }
}

extension Endpoint where Value == EmptyResponse {
    /// Endpoint 17: `POST …/communications/{communicationId}/typing` — send a typing event.
    package static func sendTypingEvent(
        _ event: MessageTypingEventRequest,
        conversationID: String,
        communicationID: String
    ) throws -> Self {
        try .init(
            .post,
            "\(communicationTemplate)/typing",
            ids: [conversationID, communicationID],
            json: event,
            isIdempotent: true  // a repeated typing indicator is harmless
        )
    }
}

extension Endpoint where Value == TextMessageListing {
    /// Endpoint 18: `POST /api/v2/conversations/messages/{conversationId}/messages/bulk` — up to 1,000 messages.
    ///
    /// A read despite the POST, so it is retried like a GET. `GenesysClient.messages(ids:inConversation:)`
    /// splits larger sets and keeps each message's JSON.
    package static func messagesBulk(ids: [String], inConversation conversationID: String) throws -> Self {
        .init(
            .post,
            "/api/v2/conversations/messages/{conversationId}/messages/bulk",
            ids: [conversationID],
            body: JSONStrings.encodeArray(ids),
            isIdempotent: true
        )
    }
}
