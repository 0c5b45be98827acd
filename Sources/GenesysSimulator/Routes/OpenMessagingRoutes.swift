import Foundation
import GenesysModels
import Hummingbird

/// Open Messaging inbound routes (7–11): an inbound message creates a conversation for a new sender or
/// extends the sender's conversation while it is connected.
extension SimulatorRoutes {
    func addOpenMessagingRoutes(to router: Router<SimulatorRequestContext>) {
        let store = store
        let base = "/api/v2/conversations/messages/{integrationId}/inbound/open"
        // The router shares one parameter name per path position; `{integrationId}` is read from `conversationId`.
        let routed = "/api/v2/conversations/messages/{conversationId}/inbound/open"

        api(router, .post, "/api/v2/conversations/messages/inbound/open") { request, _ in
            let body = try await SimulatorRoutes.decode(OpenNormalizedMessage.self, from: request)
            let channel = try WireDatetime.canonicalChannel(body.channel)
            let integrationID = channel?["id"]?.stringValue ?? "open-messaging"
            let message = try await SimulatorRoutes.inbound(
                store: store, integrationID: integrationID, channel: channel,
                text: body.text, content: body.content ?? []
            )
            var response = body
            (response.id, response.channel) = (message.id, channel)
            (response.type, response.direction) = (.init(rawValue: "Text"), .init(rawValue: "Inbound"))
            return try SimulatorRoutes.json(response)
        }

        api(router, .post, base + "/message", path: routed + "/message") { request, context in
            let integrationID = try SimulatorRoutes.parameter("conversationId", context)
            let body = try await SimulatorRoutes.decode(OpenInboundNormalizedMessage.self, from: request)
            let channel = try WireDatetime.canonicalChannel(body.channel)
            let message = try await SimulatorRoutes.inbound(
                store: store, integrationID: integrationID, channel: channel,
                text: body.text, content: body.content ?? []
            )
            var response = OpenMessageNormalizedMessage(
                id: message.id, channel: channel, type: .init(rawValue: "Text"),
                text: body.text, content: body.content, metadata: body.metadata
            )
            if SimulatorRoutes.query("prefetchConversationId", request)?.lowercased() == "true" {
                response.conversationID = message.conversationID
            }
            return try SimulatorRoutes.json(response)
        }

        api(router, .post, base + "/event", path: routed + "/event") { request, context in
            let integrationID = try SimulatorRoutes.parameter("conversationId", context)
            let body = try await SimulatorRoutes.decode(OpenInboundNormalizedEvent.self, from: request)
            let channel = try WireDatetime.canonicalChannel(body.channel)
            guard let rawEvents = body.events, !rawEvents.isEmpty else {
                throw SimulatorError.badRequest("events must contain at least one event")
            }
            let events = try SimulatorRoutes.convert(rawEvents, to: [ConversationMessageEvent].self)
            let message = try await SimulatorRoutes.inbound(
                store: store, integrationID: integrationID, channel: channel,
                text: nil, content: [], type: "Event", events: events
            )
            let response = OpenEventNormalizedMessage(
                id: message.id, channel: channel, type: .init(rawValue: "Event"), events: body.events
            )
            return try SimulatorRoutes.json(response)
        }

        api(router, .post, base + "/receipt", path: routed + "/receipt") { request, _ in
            let body = try await SimulatorRoutes.decode(OpenInboundNormalizedReceipt.self, from: request)
            let channel = try WireDatetime.canonicalChannel(body.channel)
            guard let id = body.id, let status = body.status else {
                throw SimulatorError.badRequest("id and status are required on a receipt")
            }
            _ = await store.applyReceipt(messageID: id, status: status.rawValue)
            let response = OpenReceiptNormalizedMessage(
                id: id, channel: channel, type: .init(rawValue: "Receipt"), status: .init(rawValue: status.rawValue),
                reasons: body.reasons, isFinalReceipt: body.isFinalReceipt, direction: .init(rawValue: "Outbound")
            )
            return try SimulatorRoutes.json(response)
        }

        api(router, .post, base + "/structured/response", path: routed + "/structured/response") { request, context in
            let integrationID = try SimulatorRoutes.parameter("conversationId", context)
            let body = try await SimulatorRoutes.decode(OpenInboundStructuredResponseMessage.self, from: request)
            let channel = try WireDatetime.canonicalChannel(body.channel)
            guard let senderID = channel?["from"]?["id"]?.stringValue,
                await store.openConversation(integrationID: integrationID, senderID: senderID) != nil
            else {
                throw SimulatorError.badRequest("A structured response must belong to an existing open conversation")
            }
            guard let rawButton = body.buttonResponse else {
                throw SimulatorError.badRequest("buttonResponse is required")
            }
            let button = try SimulatorRoutes.convert(rawButton, to: ConversationContentButtonResponse.self)
            var content = ConversationMessageContent()
            content.contentType = .init(rawValue: "ButtonResponse")
            content.buttonResponse = button
            let jsonContent = try SimulatorRoutes.convert(content, to: JSONValue.self)
            let message = try await SimulatorRoutes.inbound(
                store: store, integrationID: integrationID, channel: channel,
                text: button.text, content: [jsonContent], type: "Structured"
            )
            let response = OpenStructuredResponseNormalizedMessage(
                id: message.id, channel: channel, type: .init(rawValue: "Structured"),
                direction: .init(rawValue: "Inbound"), content: [jsonContent]
            )
            return try SimulatorRoutes.json(response)
        }
    }

    /// Re-types a JSON value (400 when it does not fit).
    static func convert<From: Encodable, To: Decodable>(_ value: From, to type: To.Type) throws -> To {
        do {
            return try JSONDecoder.genesys().decode(To.self, from: JSONEncoder.genesys(sortedKeys: true).encode(value))
        } catch {
            throw SimulatorError.badRequest("The request body does not match \(To.self)")
        }
    }

    /// Appends an inbound Open message from `channel.from.id`, creating its conversation if needed.
    static func inbound(
        store: SimulatorStore,
        integrationID: String,
        channel: JSONValue?,
        text: String?,
        content: [JSONValue],
        type: String = "Text",
        events: [ConversationMessageEvent]? = nil
    ) async throws -> MessageData {
        guard let from = channel?["from"], let senderID = from["id"]?.stringValue, !senderID.isEmpty else {
            throw SimulatorError.badRequest("channel.from.id is required")
        }
        let contents = try convert(content, to: [ConversationMessageContent].self)
        let conversation: SimConversation
        if let open = await store.openConversation(integrationID: integrationID, senderID: senderID) {
            conversation = open
        } else {
            let name = from["nickname"]?.stringValue ?? from["firstName"]?.stringValue ?? senderID
            conversation = await create(
                in: store,
                messengerType: "open",
                customerAddress: senderID,
                customerName: name,
                handlerPurpose: "agent",
                orgAddress: channel?["to"]?["id"]?.stringValue ?? integrationID,
                integrationID: integrationID,
                direction: "inbound"
            )
            await store.setOpenConversation(integrationID: integrationID, senderID: senderID, index: conversation.index)
        }
        guard let customer = conversation.customer else { throw SimulatorError.notFound("Customer participant") }
        return try await appendMessage(
            in: store,
            conversationID: conversation.id,
            senderID: customer.id,
            text: text,
            mediaIDs: [],
            type: type,
            events: events,
            content: contents,
            providerMessageID: channel?["messageId"]?.stringValue
        )
    }
}
