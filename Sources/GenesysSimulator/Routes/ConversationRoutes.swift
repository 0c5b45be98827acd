import Foundation
import GenesysModels
import Hummingbird

/// Conversation-level routes: snapshots (1, 12, 42), creation (2, 3), disconnect (13) and recording state (14).
extension SimulatorRoutes {
    func addConversationRoutes(to router: Router<SimulatorRequestContext>) {
        let store = store
        let org = org

        api(router, .get, "/api/v2/conversations/messages") { _, _ in
            let active = await store.allConversations().filter { $0.end == nil }
            let page = SimulatorRoutes.page(active, pageSize: 25, pageNumber: 1, path: "/api/v2/conversations/messages")
            let listing = SimulatorRoutes.listing(
                MessageConversationEntityListing.self,
                page,
                entities: page.entities.map(org.messageConversation),
                pageSize: 25,
                pageNumber: 1
            )
            return try SimulatorRoutes.json(listing)
        }

        api(router, .post, "/api/v2/conversations/messages") { request, _ in
            let body = try await SimulatorRoutes.decode(CreateOutboundMessagingConversationRequest.self, from: request)
            guard let toAddress = body.toAddress, !toAddress.isEmpty, let type = body.toAddressMessengerType else {
                throw SimulatorError.badRequest("toAddress and toAddressMessengerType are required")
            }
            let conversation = await SimulatorRoutes.create(
                in: store,
                messengerType: type.rawValue,
                customerAddress: toAddress,
                customerName: toAddress,
                handlerPurpose: "agent",
                queueID: body.queueID,
                direction: "outbound"
            )
            var response = CreateOutboundMessagingConversationResponse()
            response.id = conversation.id
            response.selfURI = "/api/v2/conversations/messages/\(conversation.id)"
            return try SimulatorRoutes.json(response)
        }

        api(router, .post, "/api/v2/conversations/messages/agentless") { request, _ in
            let body = try await SimulatorRoutes.decode(SendAgentlessOutboundMessageRequest.self, from: request)
            guard let toAddress = body.toAddress, !toAddress.isEmpty, let type = body.toAddressMessengerType,
                let fromAddress = body.fromAddress
            else {
                throw SimulatorError.badRequest("fromAddress, toAddress and toAddressMessengerType are required")
            }
            guard body.textBody != nil || body.messagingTemplate != nil else {
                throw SimulatorError.badRequest("One of textBody or messagingTemplate is required")
            }
            var existing: SimConversation?
            if body.useExistingActiveConversation == true {
                existing = await store.allConversations().last {
                    $0.end == nil && $0.participants.first?.address == toAddress && $0.messengerType == type.rawValue
                }
            }
            let conversation: SimConversation
            if let existing {
                conversation = existing
            } else {
                conversation = await SimulatorRoutes.create(
                    in: store,
                    messengerType: type.rawValue,
                    customerAddress: toAddress,
                    customerName: toAddress,
                    handlerPurpose: "api",
                    orgAddress: fromAddress,
                    direction: "outbound"
                )
            }
            let sender =
                conversation.participants.last { $0.purpose != "customer" } ?? conversation.participants[0]
            let message = try await SimulatorRoutes.appendMessage(
                in: store,
                conversationID: conversation.id,
                senderID: sender.id,
                text: body.textBody ?? "[template]",
                mediaIDs: []
            )
            var response = SendAgentlessOutboundMessageResponse()
            response.id = message.id
            response.conversationID = conversation.id
            response.fromAddress = fromAddress
            response.toAddress = toAddress
            response.messengerType = .init(rawValue: type.rawValue)
            response.useExistingActiveConversation = body.useExistingActiveConversation
            response.message = message
            response.timestamp = message.timestamp
            response.selfURI = message.selfURI
            return try SimulatorRoutes.json(response)
        }

        api(router, .get, "/api/v2/conversations/messages/{conversationId}") { _, context in
            let (id, conversation) = try await SimulatorRoutes.readableConversation(in: store, context)
            let data = try JSONEncoder.genesys(sortedKeys: true).encode(org.messageConversation(conversation))
            if store.configuration.faults.malformedConversationIDs.contains(id) {
                return SimulatorRoutes.raw(data.prefix(max(1, data.count / 2)))
            }
            return SimulatorRoutes.raw(data)
        }

        api(router, .patch, "/api/v2/conversations/messages/{conversationId}") { request, context in
            let id = try SimulatorRoutes.parameter("conversationId", context)
            let body = try await SimulatorRoutes.decode(Conversation.self, from: request)
            let state = body.state?.rawValue.lowercased() ?? "disconnected"
            guard state == "disconnected" || state == "terminated" else {
                throw SimulatorError.badRequest("Only state=disconnected is supported on a message conversation")
            }
            let now = store.now()
            let updated = try await store.update(id) { conversation in
                SimulatorRoutes.disconnectAll(&conversation, at: now)
                return conversation
            }
            return try SimulatorRoutes.json(org.genericConversation(updated))
        }

        api(router, .put, "/api/v2/conversations/messages/{conversationId}/recordingstate") { request, context in
            let id = try SimulatorRoutes.parameter("conversationId", context)
            let body = try await SimulatorRoutes.decode(SetRecordingState.self, from: request)
            guard let state = body.recordingState, state.isKnown else {
                throw SimulatorError.badRequest("recordingState must be one of ACTIVE, PAUSED, NONE")
            }
            let value = state.rawValue.uppercased()
            try await store.update(id) { conversation in
                conversation.recordingState = value
            }
            return try SimulatorRoutes.json(value)
        }

        api(router, .get, "/api/v2/conversations/{conversationId}") { _, context in
            let (_, conversation) = try await SimulatorRoutes.readableConversation(in: store, context)
            return try SimulatorRoutes.json(org.genericConversation(conversation))
        }
    }

    /// The path's `{conversationId}` and its conversation: 404 when unknown, 403 when the fault plan forbids it.
    static func readableConversation(in store: SimulatorStore, _ context: SimulatorRequestContext) async throws
        -> (id: String, conversation: SimConversation)
    {
        let id = try parameter("conversationId", context)
        guard let conversation = await store.conversation(id) else {
            throw SimulatorError.notFound("Conversation \(id)")
        }
        if store.configuration.faults.forbiddenConversationIDs.contains(id) {
            throw SimulatorError.forbidden("conversation \(id)")
        }
        return (id, conversation)
    }

    // MARK: - Shared mutations

    /// Disconnects every participant still connected and ends the conversation.
    static func disconnectAll(_ conversation: inout SimConversation, at now: Date) {
        for index in conversation.participants.indices where conversation.participants[index].state != "disconnected" {
            conversation.participants[index].state = "disconnected"
            conversation.participants[index].endTime = now
            conversation.participants[index].disconnectType = "client"
        }
        if conversation.end == nil { conversation.end = now }
    }

    /// Ends the conversation when no participant is connected any more.
    static func endIfAllDisconnected(_ conversation: inout SimConversation, at now: Date) {
        if conversation.end == nil, conversation.participants.allSatisfy({ $0.state == "disconnected" }) {
            conversation.end = now
        }
    }

    /// Creates a connected conversation between a new customer and a handling participant.
    static func create(
        in store: SimulatorStore,
        messengerType: String,
        customerAddress: String,
        customerName: String,
        handlerPurpose: String,
        queueID: String? = nil,
        orgAddress: String? = nil,
        integrationID: String? = nil,
        direction: String
    ) async -> SimConversation {
        let now = store.now()
        let org = store.org
        return await store.createConversation { index, rng in
            let agent = org.agents[index % org.agents.count]
            let integration = integrationID ?? rng.uuid()
            let customer = SimParticipant.joining(
                id: rng.uuid(),
                communicationID: rng.uuid(),
                purpose: "customer",
                name: customerName,
                address: customerAddress,
                at: now
            )
            let isAgent = handlerPurpose == "agent"
            var handler = SimParticipant.joining(
                id: rng.uuid(),
                communicationID: rng.uuid(),
                purpose: handlerPurpose,
                name: isAgent ? agent.name : "Agentless API",
                address: orgAddress ?? integration,
                at: now
            )
            if isAgent { (handler.userID, handler.queueID) = (agent.id, queueID ?? org.queueIDs[0]) }
            return SimConversation(
                index: index,
                id: rng.uuid(),
                messengerType: messengerType,
                integrationID: integration,
                orgAddress: orgAddress ?? integration,
                start: now,
                end: nil,
                seededMessages: 0,
                seededGap: 0,
                botMessages: 0,
                participants: [customer, handler],
                appended: [],
                appendedSenders: [],
                recordingState: "NONE",
                divisionID: org.divisionID,
                originatingDirection: direction
            )
        }
    }
}
