import Foundation
import GenesysModels

// MARK: - Agentless outbound (endpoint 3) and Open Messaging inbound (7–11)

extension GenesysClient {
    /// Endpoint 3: sends an agentless outbound message (client-credentials token with messaging scope).
    package func sendAgentlessMessage(
        _ request: SendAgentlessOutboundMessageRequest
    ) async throws -> SendAgentlessOutboundMessageResponse {
        try await send(.sendAgentlessMessage(request)).value
    }

    /// Endpoint 7: sends an inbound Open Message.
    @available(*, deprecated, message: "Genesys deprecated this endpoint; use sendInboundOpenMessage(_:integrationID:)")
    package func sendInboundOpenMessage(_ message: OpenNormalizedMessage) async throws -> OpenNormalizedMessage {
        try await send(.sendInboundOpenMessage(message)).value
    }

    /// Endpoint 8: sends an inbound Open Messaging event (typing, presence, …).
    package func sendInboundOpenEvent(
        _ event: OpenInboundNormalizedEvent,
        integrationID: String
    ) async throws -> OpenEventNormalizedMessage {
        try await send(.sendInboundOpenEvent(event, integrationID: integrationID)).value
    }

    /// Endpoint 9: sends an inbound Open Messaging message (creates or joins a conversation).
    package func sendInboundOpenMessage(
        _ message: OpenInboundNormalizedMessage,
        integrationID: String,
        prefetchConversationID: Bool? = nil
    ) async throws -> OpenMessageNormalizedMessage {
        try await send(
            .sendInboundOpenMessage(
                message,
                integrationID: integrationID,
                prefetchConversationID: prefetchConversationID
            )
        ).value
    }

    /// Endpoint 10: sends an inbound Open Messaging receipt.
    package func sendInboundOpenReceipt(
        _ receipt: OpenInboundNormalizedReceipt,
        integrationID: String
    ) async throws -> OpenReceiptNormalizedMessage {
        try await send(.sendInboundOpenReceipt(receipt, integrationID: integrationID)).value
    }

    /// Endpoint 11: sends an inbound Open Messaging structured response (part of an existing conversation).
    package func sendInboundOpenStructuredResponse(
        _ response: OpenInboundStructuredResponseMessage,
        integrationID: String
    ) async throws -> OpenStructuredResponseNormalizedMessage {
        try await send(.sendInboundOpenStructuredResponse(response, integrationID: integrationID)).value
    }
}
