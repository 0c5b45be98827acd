import Foundation
import GenesysModels

/// The fields of a messaging conversation (12) the export reads, whether read by the fast ``JSONFieldReader`` or
/// taken from the typed `MessageConversation` (the oracle the fast path is pinned to).
package struct ConversationFields: Sendable, Equatable {
    /// `id`.
    package var id: String?
    /// `divisions[].division.id`, without the missing ones.
    package var divisionIDs: [String] = []
    /// `participants`.
    package var participants: [ParticipantFields] = []

    /// Creates empty fields.
    package init() {}

    /// The fields of a typed conversation; `json` is the body it was decoded from (for the participants' bytes).
    package init(_ conversation: MessageConversation, json: Data) {
        id = conversation.id
        divisionIDs = (conversation.divisions ?? []).compactMap { $0.division?.id }
        let slices = (try? RawJSON.arrayElements(ofMember: "participants", in: json)) ?? nil
        participants = (conversation.participants ?? []).enumerated().map { index, participant in
            let bytes = slices.flatMap { index < $0.count ? $0[index] : nil }.map {
                json[(json.startIndex + $0.lowerBound)..<(json.startIndex + $0.upperBound)]
            }
            return ParticipantFields(participant, json: bytes)
        }
    }
}

/// The fields of one participant of a messaging conversation (12).
package struct ParticipantFields: Sendable, Equatable {
    package var id: String?
    package var name: String?
    package var address: String?
    package var purpose: String?
    /// Enum fields hold the typed enum's `rawValue` (known values in their canonical spelling, unknown ones as sent).
    package var state: String?
    package var direction: String?
    package var disconnectType: String?
    /// `type`.
    package var messengerType: String?
    package var wrapupRequired: Bool?
    package var userID: String?
    package var userName: String?
    package var queueID: String?
    package var queueName: String?
    /// `fromAddress.addressNormalized`, else `fromAddress.addressRaw`.
    package var fromAddress: String?
    /// `toAddress.addressNormalized`, else `toAddress.addressRaw`.
    package var toAddress: String?
    package var startTime: Date?
    package var connectedTime: Date?
    package var endTime: Date?
    /// `messages[].messageId`, without the missing ones.
    package var messageIDs: [String] = []
    /// `wrapup`.
    package var wrapup: WrapupFields?
    /// The participant's bytes as received (nil only when the typed oracle could not cut them out).
    package var json: Data?

    /// Creates empty fields.
    package init() {}

    /// The fields of a typed participant.
    package init(_ participant: MessageMediaParticipant, json: Data?) {
        id = participant.id
        name = participant.name
        address = participant.address
        purpose = participant.purpose
        state = participant.state?.rawValue
        direction = participant.direction?.rawValue
        disconnectType = participant.disconnectType?.rawValue
        messengerType = participant.type?.rawValue
        wrapupRequired = participant.wrapupRequired
        userID = participant.user?.id
        userName = participant.user?.name
        queueID = participant.queue?.id
        queueName = participant.queue?.name
        fromAddress = participant.fromAddress.flatMap { $0.addressNormalized ?? $0.addressRaw }
        toAddress = participant.toAddress.flatMap { $0.addressNormalized ?? $0.addressRaw }
        startTime = participant.startTime
        connectedTime = participant.connectedTime
        endTime = participant.endTime
        messageIDs = (participant.messages ?? []).compactMap(\.messageID)
        wrapup = participant.wrapup.map { wrapup in
            WrapupFields(
                code: wrapup.code,
                name: wrapup.name,
                notes: wrapup.notes,
                tags: wrapup.tags,
                durationSeconds: wrapup.durationSeconds,
                endTime: wrapup.endTime,
                json: json.flatMap { RawJSON.member("wrapup", in: $0) }
                    ?? (try? JSONEncoder.genesys(sortedKeys: true).encode(wrapup)) ?? Data("{}".utf8)
            )
        }
        self.json = json
    }
}

/// A participant's `wrapup` (12).
package struct WrapupFields: Sendable, Equatable {
    package var code: String?
    package var name: String?
    package var notes: String?
    package var tags: [String]?
    package var durationSeconds: Int?
    package var endTime: Date?
    /// The `wrapup` member's bytes as received.
    package var json: Data
}
