import Foundation
import GenesysModels

// Endpoints 1, 2, 12, 13, 14 and 42: conversations.

private let conversationsMessages = "/api/v2/conversations/messages"

extension Endpoint where Value == MessageConversationEntityListing {
    /// Endpoint 1: `GET /api/v2/conversations/messages` — the logged-in user's active message conversations.
    package static func activeConversations() -> Self {
        .init(.get, conversationsMessages)
    }
}

extension Endpoint where Value == CreateOutboundMessagingConversationResponse {
    /// Endpoint 2: `POST /api/v2/conversations/messages` — create an outbound messaging conversation.
    package static func createOutboundConversation(_ request: CreateOutboundMessagingConversationRequest) throws -> Self
    {
        try .init(.post, conversationsMessages, json: request)
    }
}

extension Endpoint where Value == MessageConversation {
    /// Endpoint 12: `GET /api/v2/conversations/messages/{conversationId}` — a message conversation snapshot.
    package static func messageConversation(id: String) -> Self {
        .init(.get, "/api/v2/conversations/messages/{conversationId}", ids: [id])
    }
}

extension Endpoint where Value == Conversation {
    /// Endpoint 13: `PATCH /api/v2/conversations/messages/{conversationId}` — update (disconnect) a conversation.
    package static func updateMessageConversation(id: String, with conversation: Conversation) throws -> Self {
        try .init(.patch, "/api/v2/conversations/messages/{conversationId}", ids: [id], json: conversation)
    }

    /// Endpoint 42: `GET /api/v2/conversations/{conversationId}` — the generic conversation (communication ids).
    package static func conversation(id: String) -> Self {
        .init(.get, "/api/v2/conversations/{conversationId}", ids: [id])
    }
}

private let recordingStateTemplate = "/api/v2/conversations/messages/{conversationId}/recordingstate"

extension Endpoint where Value == String {
    /// Endpoint 14: `PUT /api/v2/conversations/messages/{conversationId}/recordingstate` — set the recording state.
    package static func setRecordingState(_ state: SetRecordingState, conversationID: String) throws -> Self {
        .init(
            .put,
            recordingStateTemplate,
            path: PathEncoding.fill(recordingStateTemplate, with: [conversationID]),
            body: try PathEncoding.body(state)
        ) { data in
            // The SDK documents a bare string; accept a JSON string or plain text.
            if let text = try? JSONDecoder().decode(String.self, from: data) { return text }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
