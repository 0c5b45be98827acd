import Foundation
import GenesysModels

// Endpoints 3 and 7–11: agentless outbound and Open Messaging inbound.

private let openTemplate = "/api/v2/conversations/messages/{integrationId}/inbound/open"

extension Endpoint where Value == SendAgentlessOutboundMessageResponse {
    /// Endpoint 3: `POST /api/v2/conversations/messages/agentless` — send an agentless outbound message.
    package static func sendAgentlessMessage(_ request: SendAgentlessOutboundMessageRequest) throws -> Self {
        try .init(.post, "/api/v2/conversations/messages/agentless", json: request)
    }
}

extension Endpoint where Value == OpenNormalizedMessage {
    /// Endpoint 7 (deprecated; use 8–10): `POST /api/v2/conversations/messages/inbound/open`.
    package static func sendInboundOpenMessage(_ message: OpenNormalizedMessage) throws -> Self {
        try .init(.post, "/api/v2/conversations/messages/inbound/open", json: message)
    }
}

extension Endpoint where Value == OpenEventNormalizedMessage {
    /// Endpoint 8: `POST /api/v2/conversations/messages/{integrationId}/inbound/open/event`.
    package static func sendInboundOpenEvent(_ event: OpenInboundNormalizedEvent, integrationID: String) throws -> Self
    {
        try .init(.post, "\(openTemplate)/event", ids: [integrationID], json: event)
    }
}

extension Endpoint where Value == OpenMessageNormalizedMessage {
    /// Endpoint 9: `POST /api/v2/conversations/messages/{integrationId}/inbound/open/message`.
    package static func sendInboundOpenMessage(
        _ message: OpenInboundNormalizedMessage,
        integrationID: String,
        prefetchConversationID: Bool? = nil
    ) throws -> Self {
        try .init(
            .post,
            "\(openTemplate)/message",
            ids: [integrationID],
            query: prefetchConversationID.map { [("prefetchConversationId", PathEncoding.bool($0))] } ?? [],
            json: message
        )
    }
}

extension Endpoint where Value == OpenReceiptNormalizedMessage {
    /// Endpoint 10: `POST /api/v2/conversations/messages/{integrationId}/inbound/open/receipt`.
    package static func sendInboundOpenReceipt(
        _ receipt: OpenInboundNormalizedReceipt,
        integrationID: String
    ) throws -> Self {
        try .init(.post, "\(openTemplate)/receipt", ids: [integrationID], json: receipt)
    }
}

extension Endpoint where Value == OpenStructuredResponseNormalizedMessage {
    /// Endpoint 11: `POST /api/v2/conversations/messages/{integrationId}/inbound/open/structured/response`.
    package static func sendInboundOpenStructuredResponse(
        _ response: OpenInboundStructuredResponseMessage,
        integrationID: String
    ) throws -> Self {
        try .init(.post, "\(openTemplate)/structured/response", ids: [integrationID], json: response)
    }
}
