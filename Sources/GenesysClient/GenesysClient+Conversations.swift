import Foundation
import GenesysModels

// MARK: - Conversations (endpoints 1, 2, 12, 13, 14, 42)

extension GenesysClient {
    /// Endpoint 1: the logged-in user's active message conversations (needs a user token; empty for client credentials).
    package func activeConversations() async throws -> MessageConversationEntityListing {
        try await send(.activeConversations()).value
    }

    /// Endpoint 2: creates an outbound messaging conversation.
    package func createOutboundConversation(
        _ request: CreateOutboundMessagingConversationRequest
    ) async throws -> CreateOutboundMessagingConversationResponse {
        try await send(.createOutboundConversation(request)).value
    }

    /// Endpoint 12: a message conversation snapshot (participants and their message ids).
    package func messageConversation(id: String) async throws -> MessageConversation {
        try await send(.messageConversation(id: id)).value
    }

    /// Endpoint 13: updates a message conversation (to disconnect all participants).
    package func updateMessageConversation(id: String, with conversation: Conversation) async throws -> Conversation {
        try await send(.updateMessageConversation(id: id, with: conversation)).value
    }

    /// Endpoint 14: sets the conversation's recording state; returns the API's bare string reply.
    @discardableResult
    package func setRecordingState(_ state: SetRecordingState, conversationID: String) async throws -> String {
        try await send(.setRecordingState(state, conversationID: conversationID)).value
    }

    /// Endpoint 42: the generic conversation, whose `participants[].messages[].id` are communication ids.
    package func conversation(id: String) async throws -> Conversation {
        try await send(.conversation(id: id)).value
    }
}
