import Foundation
import GenesysModels

/// A conversation of an exact shape, added to the org for tests and demos that need one: participants in join order
/// (the customer first), how many messages, open or ended.
///
/// Messages alternate between the customer and the handlers; a conversation handed from one handler to the next
/// (a transfer) splits the outbound messages between them in join order. Each handler is connected for its share
/// of the conversation; an agent's wrap-up uses one of the org's codes.
package struct ScriptedConversation: Sendable {
    /// One participant.
    package struct Participant: Sendable {
        /// `customer`, `agent` or `workflow`.
        package var purpose: String
        /// Index into the org's wrap-up codes for an agent's wrap-up; nil for none.
        package var wrapupCode: Int?

        /// Creates a participant.
        package init(purpose: String, wrapupCode: Int? = nil) {
            self.purpose = purpose
            self.wrapupCode = wrapupCode
        }
    }

    /// When the conversation started.
    package var start: Date
    /// Participants in join order; the first is the customer.
    package var participants: [Participant]
    /// Number of messages.
    package var messages: Int
    /// Whether the conversation is still going on (no participant has ended).
    package var isOpen: Bool
    /// The messenger type.
    package var messengerType: String

    /// Creates a script.
    package init(
        start: Date,
        participants: [Participant],
        messages: Int,
        isOpen: Bool = false,
        messengerType: String = "webmessaging"
    ) {
        self.start = start
        self.participants = participants
        self.messages = messages
        self.isOpen = isOpen
        self.messengerType = messengerType
    }

    /// Seconds between consecutive messages.
    static let gap: TimeInterval = 1
}

extension SimulatorStore {
    /// Adds a conversation of the scripted shape and returns it as stored.
    package func add(_ script: ScriptedConversation) -> SimConversation {
        let org = self.org
        let conversation = createConversation { index, rng in
            let end = script.isOpen ? nil : script.start.addingTimeInterval(Double(script.messages + 1) * ScriptedConversation.gap)
            var participants: [SimParticipant] = []
            let handlers = script.participants.count - 1
            for (position, participant) in script.participants.enumerated() {
                participants.append(
                    Self.scriptedParticipant(participant, position: position, handlers: handlers, end: end, script: script, org: org, rng: &rng)
                )
            }
            return SimConversation(
                index: index,
                id: rng.uuid(),
                messengerType: script.messengerType,
                integrationID: rng.uuid(),
                orgAddress: "scripted-org",
                start: script.start,
                end: end,
                seededMessages: 0,
                seededGap: 0,
                botMessages: 0,
                participants: participants,
                appended: [],
                appendedSenders: [],
                recordingState: "NONE",
                divisionID: org.divisionID
            )
        }
        for position in 0..<script.messages {
            appendScripted(message: position, of: script, to: conversation)
        }
        return self.conversation(conversation.id) ?? conversation
    }

    private static func scriptedParticipant(
        _ participant: ScriptedConversation.Participant,
        position: Int,
        handlers: Int,
        end: Date?,
        script: ScriptedConversation,
        org: SyntheticOrg,
        rng: inout SplitMix64
    ) -> SimParticipant {
        let span = Double(script.messages + 1) * ScriptedConversation.gap
        let share = span / Double(max(1, handlers))
        let joined = position == 0 ? script.start : script.start.addingTimeInterval(Double(position - 1) * share)
        let isLast = position == 0 || position == handlers
        let left: Date? = script.isOpen ? nil : (isLast ? end : joined.addingTimeInterval(share))
        let agent = org.agents[position % org.agents.count]
        var wrapup: SimWrapup?
        if participant.purpose == "agent", let codeIndex = participant.wrapupCode, let left {
            let code = org.wrapupCodes[codeIndex % org.wrapupCodes.count]
            wrapup = SimWrapup(
                code: code.id ?? "",
                name: code.name,
                notes: "scripted wrap-up \(position)",
                tags: ["scripted"],
                durationSeconds: 30,
                endTime: left.addingTimeInterval(30),
                provisional: false
            )
        }
        return SimParticipant(
            id: rng.uuid(),
            communicationID: rng.uuid(),
            purpose: participant.purpose,
            name: participant.purpose == "customer" ? "Scripted Customer" : (participant.purpose == "agent" ? agent.name : "Bot Flow"),
            address: participant.purpose == "customer" ? "scripted-customer-\(position)" : "scripted-org",
            userID: participant.purpose == "agent" ? agent.id : nil,
            queueID: participant.purpose == "agent" ? org.queueIDs[0] : nil,
            state: left == nil ? "connected" : "disconnected",
            startTime: joined,
            connectedTime: joined,
            endTime: left,
            disconnectType: left == nil ? nil : (isLast ? "client" : "transfer"),
            wrapup: wrapup,
            attributes: [:],
            mediaRoles: [],
            recording: false
        )
    }

    private func appendScripted(message position: Int, of script: ScriptedConversation, to conversation: SimConversation) {
        let handlers = script.participants.count - 1
        let inbound = position % 2 == 0 || handlers == 0
        let outbound = position / 2
        let perHandler = max(1, (script.messages / 2 + handlers - 1) / max(1, handlers))
        let senderIndex = inbound ? 0 : 1 + min(handlers - 1, outbound / perHandler)
        let time = script.start.addingTimeInterval(Double(position) * ScriptedConversation.gap)
        let message = org.appendedMessage(
            id: makeID(),
            in: conversation,
            senderIndex: senderIndex,
            time: time,
            content: SyntheticOrg.AppendedContent(text: "scripted message \(position)")
        )
        append(message, sender: conversation.participants[senderIndex].id, toConversationAt: conversation.index)
    }
}
