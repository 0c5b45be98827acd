import Foundation
import GenesysModels

/// One participant of a simulated conversation, with the state write endpoints change.
package struct SimParticipant: Sendable, Equatable {
    /// The participant id (`MessageMediaParticipant.id`, analytics `participantId`).
    package var id: String
    /// The communication id (generic conversation `participants[].messages[].id`, analytics `sessionId`).
    package var communicationID: String
    /// `customer`, `agent` or `workflow`.
    package var purpose: String
    /// Display name.
    package var name: String
    /// The participant's own address (phone number, PSID, web messaging id, …).
    package var address: String
    /// The user behind an agent participant.
    package var userID: String?
    /// The queue an agent participant was routed from.
    package var queueID: String?
    /// `connected` or `disconnected` (or another `MessageMediaParticipant.state`).
    package var state: String
    /// When the participant joined.
    package var startTime: Date
    /// When the participant connected.
    package var connectedTime: Date?
    /// When the participant left, if it has.
    package var endTime: Date?
    /// How the participant left.
    package var disconnectType: String?
    /// The participant-level wrap-up, if one was applied.
    package var wrapup: SimWrapup?
    /// Ad-hoc attributes (endpoint 26).
    package var attributes: [String: String]
    /// Media roles, such as `monitor`.
    package var mediaRoles: [String]
    /// The participant this one monitors (endpoint 28).
    package var monitoredParticipantID: String?
    /// Whether a recording is running for this participant.
    package var recording: Bool

    /// A participant that joins, connected, at `now`, without a user, queue, attributes, roles or a recording.
    package static func joining(
        id: String,
        communicationID: String,
        purpose: String,
        name: String,
        address: String,
        at now: Date
    ) -> SimParticipant {
        SimParticipant(
            id: id, communicationID: communicationID, purpose: purpose, name: name, address: address, state: "connected",
            startTime: now, connectedTime: now, attributes: [:], mediaRoles: [], recording: false)
    }

    /// Whether wrap-ups can exist for this participant (customers never have one).
    package var canHaveWrapup: Bool { purpose == "agent" }

    /// The wrap-up analytics shows as a `wrapup` segment: a saved (not provisional) one of a participant
    /// that has left; the segment starts at `endTime`.
    package var analyticsWrapup: SimWrapup? {
        guard let wrapup, !wrapup.provisional, endTime != nil else { return nil }
        return wrapup
    }
}

/// A wrap-up as the simulator stores it.
package struct SimWrapup: Sendable, Equatable {
    /// Wrap-up code id.
    package var code: String
    /// Wrap-up code name.
    package var name: String?
    /// Agent notes.
    package var notes: String?
    /// Tags.
    package var tags: [String]
    /// After-call-work seconds.
    package var durationSeconds: Int
    /// When the wrap-up ended.
    package var endTime: Date
    /// Whether this is a provisional (unsaved) wrap-up.
    package var provisional: Bool
}

/// One conversation: its seeded shape plus the mutations write endpoints made.
///
/// Seeded messages are never stored; `SyntheticOrg.message(in:at:baseURL:)` renders message `i`
/// from `(seed, index, i)` on demand. Only `appended` messages (sent through the API) live in memory.
package struct SimConversation: Sendable {
    /// Position in the org (seeded conversations first, then API-created ones).
    package var index: Int
    /// The conversation id.
    package var id: String
    /// The messenger type (`sms`, `whatsapp`, `webmessaging`, …).
    package var messengerType: String
    /// The Open Messaging integration id (or the channel id for other platforms).
    package var integrationID: String
    /// The org's own address on this channel.
    package var orgAddress: String
    /// When the conversation started.
    package var start: Date
    /// When the conversation ended; `nil` while it is ongoing.
    package var end: Date?
    /// How many seeded messages the conversation has.
    package var seededMessages: Int
    /// Seconds between consecutive seeded messages.
    package var seededGap: Double
    /// How many leading seeded messages a workflow (bot) participant answers.
    package var botMessages: Int
    /// Participants in join order; the customer is first.
    package var participants: [SimParticipant]
    /// Messages added through the API, in order.
    package var appended: [MessageData]
    /// Which participant sent each appended message.
    package var appendedSenders: [String]
    /// `ACTIVE`, `PAUSED` or `NONE`.
    package var recordingState: String
    /// The division the conversation belongs to.
    package var divisionID: String
    /// `inbound` (customer-initiated) or `outbound` (created through endpoint 2 or 3).
    package var originatingDirection: String = "inbound"

    /// Total number of messages (seeded plus appended).
    package var messageCount: Int { seededMessages + appended.count }

    /// The customer participant.
    package var customer: SimParticipant? { participants.first { $0.purpose == "customer" } }

    /// Index of the participant with `id`.
    package func participantIndex(_ id: String) -> Int? {
        participants.firstIndex { $0.id == id }
    }

    /// Index of the participant owning communication `id`.
    package func participantIndex(communication id: String) -> Int? {
        participants.firstIndex { $0.communicationID == id }
    }
}
