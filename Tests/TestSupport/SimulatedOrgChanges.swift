import Foundation
import GenesysClient
import GenesysModels
import GenesysSimulator
import Logging

/// Changes a change-tracking test makes to a running simulator's org between two export runs, through the
/// real Genesys write endpoints, so the next export sees them exactly as it would see them in a Genesys org.
///
/// ```swift
/// let clock = ManualSimulatorClock()
/// try await withSimulator(SimulatorConfiguration(conversations: 20, clock: clock.simulatorClock)) { sim in
///     try await SimulatedOrgChanges.with(sim) { changes in
///         let open = try await changes.openConversation(sender: "new-customer", text: "hello")  // 9, then 42
///         clock.advance(by: 5)
///         _ = try await changes.sendAgentMessage(in: open, text: "Hi, how can I help?")       // 15
///         clock.advance(by: 25)
///         _ = try await changes.disconnect(open)                                               // 13
///         _ = try await changes.wrapUp(open, notes: "resolved", durationSeconds: 42)           // 33, 31
///     }
/// }
/// ```
package struct SimulatedOrgChanges: Sendable {
    /// The client the changes are sent with (its own token, hence its own rate-limit window).
    package let client: GenesysClient

    /// Creates a client for `sim` with the given OAuth client (the simulator's default one unless told).
    package init(_ sim: RunningSimulator, clientID: String = "sim-client", clientSecret: String = "sim-secret") throws {
        var configuration = try GenesysClient.Configuration(
            apiBaseURL: sim.baseURL,
            loginBaseURL: sim.baseURL,
            clientID: clientID,
            clientSecret: clientSecret
        )
        configuration.requestsPerMinute = 0
        client = GenesysClient(
            configuration: configuration,
            logger: Logger(label: "test.org-changes", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }

    /// Shuts the client down; call it before the simulator stops.
    package func shutdown() async throws {
        try await client.shutdown()
    }

    /// Runs `body` with changes for `sim`, shutting their client down whether `body` succeeds or throws.
    package static func with<T>(
        _ sim: RunningSimulator,
        clientID: String = "sim-client",
        clientSecret: String = "sim-secret",
        _ body: (SimulatedOrgChanges) async throws -> T
    ) async throws -> T {
        let changes = try SimulatedOrgChanges(sim, clientID: clientID, clientSecret: clientSecret)
        do {
            let value = try await body(changes)
            try await changes.shutdown()
            return value
        } catch {
            try? await changes.shutdown()
            throw error
        }
    }

    /// Endpoint 9 (`prefetchConversationId=true`) from a new `sender`, then 42 for the participant and
    /// communication ids: a new, open conversation with one inbound message.
    package func openConversation(
        integrationID: String = "change-tracking",
        sender: String,
        text: String
    ) async throws -> SimulatedConversation {
        let message = try await sendCustomerMessage(integrationID: integrationID, sender: sender, text: text)
        guard let conversationID = message.conversationID, let messageID = message.id else {
            throw SimulatedOrgChangeError(step: "9 inbound open message", missing: "id/conversationId")
        }
        let generic = try await client.send(.conversation(id: conversationID)).value
        let participants = generic.participants ?? []
        guard let customer = participants.first(where: { $0.purpose == "customer" }),
            let agent = participants.first(where: { $0.purpose == "agent" }),
            let customerID = customer.id, let customerCommunicationID = customer.messages?.first?.id,
            let agentID = agent.id, let agentCommunicationID = agent.messages?.first?.id
        else { throw SimulatedOrgChangeError(step: "42 conversation", missing: "customer/agent communication") }
        return SimulatedConversation(
            conversationID: conversationID,
            integrationID: integrationID,
            sender: sender,
            firstMessageID: messageID,
            customerID: customerID,
            customerCommunicationID: customerCommunicationID,
            agentID: agentID,
            agentCommunicationID: agentCommunicationID
        )
    }

    /// Endpoint 9 again from the conversation's sender: one more inbound message while it is open; returns its id.
    package func sendCustomerMessage(in conversation: SimulatedConversation, text: String) async throws -> String {
        let message = try await sendCustomerMessage(
            integrationID: conversation.integrationID,
            sender: conversation.sender,
            text: text
        )
        guard let id = message.id else { throw SimulatedOrgChangeError(step: "9 inbound open message", missing: "id") }
        return id
    }

    /// Endpoint 15 on the agent's communication: one outbound message; returns it.
    package func sendAgentMessage(in conversation: SimulatedConversation, text: String) async throws -> MessageData {
        try await client.send(.sendMessage(
            AdditionalMessage(textBody: text),
            conversationID: conversation.conversationID,
            communicationID: conversation.agentCommunicationID
        )).value
    }

    /// Endpoint 13 with `state: disconnected`: ends the conversation and every participant at the simulator's now.
    package func disconnect(_ conversation: SimulatedConversation) async throws -> Conversation {
        try await client.send(.updateMessageConversation(
            id: conversation.conversationID,
            with: Conversation(state: .init(rawValue: "disconnected"))
        )).value
    }

    /// Endpoint 27 with `state: disconnected` for one participant's communication; the conversation ends when
    /// the last connected participant leaves.
    package func disconnect(
        participant participantID: String,
        communication communicationID: String,
        in conversation: SimulatedConversation
    ) async throws {
        try await client.send(.updateCommunication(
            MediaParticipantRequest(state: .init(rawValue: "disconnected")),
            conversationID: conversation.conversationID,
            participantID: participantID,
            communicationID: communicationID
        ))
    }

    /// Endpoints 33 then 31: applies the agent's first wrap-up code (or `codeID`); returns the code id used.
    package func wrapUp(
        _ conversation: SimulatedConversation,
        codeID: String? = nil,
        notes: String? = nil,
        tags: [String] = [],
        durationSeconds: Int = 0
    ) async throws -> String {
        var code = codeID
        if code == nil {
            let codes = try await client.send(.wrapupCodes(
                conversationID: conversation.conversationID,
                participantID: conversation.agentID
            )).value
            code = codes.first?.id
        }
        guard let code else { throw SimulatedOrgChangeError(step: "33 wrap-up codes", missing: "a code") }
        try await client.send(.applyWrapup(
            WrapupInput(code: code, notes: notes, tags: tags, durationSeconds: durationSeconds),
            conversationID: conversation.conversationID,
            participantID: conversation.agentID,
            communicationID: conversation.agentCommunicationID
        ))
        return code
    }

    /// Endpoint 2: a new outbound conversation (customer `toAddress` plus a connected agent); returns its id.
    package func createOutboundConversation(toAddress: String, messengerType: String = "sms") async throws -> String {
        let response = try await client.send(.createOutboundConversation(
            CreateOutboundMessagingConversationRequest(
                toAddress: toAddress,
                toAddressMessengerType: .init(rawValue: messengerType)
            )
        )).value
        guard let id = response.id else {
            throw SimulatedOrgChangeError(step: "2 outbound conversation", missing: "id")
        }
        return id
    }

    private func sendCustomerMessage(
        integrationID: String,
        sender: String,
        text: String
    ) async throws -> OpenMessageNormalizedMessage {
        let channel: JSONValue = .object([
            "messageId": .string("\(sender)-\(UUID().uuidString)"),
            "from": .object(["id": .string(sender), "idType": .string("Opaque"), "nickname": .string(sender)]),
        ])
        return try await client.send(.sendInboundOpenMessage(
            OpenInboundNormalizedMessage(channel: channel, text: text),
            integrationID: integrationID,
            prefetchConversationID: true
        )).value
    }
}

/// A conversation `SimulatedOrgChanges.openConversation` created, with every id the other changes need.
package struct SimulatedConversation: Sendable, Equatable {
    /// The conversation id.
    package var conversationID: String
    /// The Open Messaging integration it came in on.
    package var integrationID: String
    /// The customer's Open Messaging id (`channel.from.id`).
    package var sender: String
    /// The id of the inbound message that opened it.
    package var firstMessageID: String
    /// The customer participant id.
    package var customerID: String
    /// The customer's communication id (analytics `sessionId`).
    package var customerCommunicationID: String
    /// The agent participant id.
    package var agentID: String
    /// The agent's communication id (analytics `sessionId`; endpoints 15 and 31 take it).
    package var agentCommunicationID: String
}

/// A write endpoint answered without an id a later change needs.
package struct SimulatedOrgChangeError: Error, CustomStringConvertible {
    /// The endpoint that answered.
    package var step: String
    /// What was missing.
    package var missing: String

    /// Names the endpoint and the missing field.
    package var description: String { "Simulated org change \(step) answered without \(missing)" }
}
