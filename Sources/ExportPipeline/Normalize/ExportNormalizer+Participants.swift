import Foundation
import GenesysModels

extension ExportNormalizer {
    /// A row and a line for one participant of a conversation (12); a participant without an id becomes a reject.
    func participant(
        _ participant: ParticipantFields,
        conversationID: String,
        day: String,
        communicationIDs: [String: [String]],
        into export: inout ConversationExport
    ) throws {
        guard let participantID = participant.id, !participantID.isEmpty else {
            export.rejects.append(
                RejectRow(
                    conversationID: conversationID,
                    entity: "participant",
                    entityID: nil,
                    endpoint: SourceEndpoint.messageConversation,
                    reason: "participant without an id",
                    payload: participant.json
                )
            )
            return
        }
        let participantJSON = participant.json ?? Data("{}".utf8)
        let redactedJSON = try redacted(participantJSON, counting: false, into: &export)
        let rawText = Self.text(redactedJSON)
        var name = participant.name
        var address = participant.address
        var from = participant.fromAddress
        var to = participant.toAddress
        if let redactor {
            name = count(redactor.redactParticipantName(name, purpose: participant.purpose), into: &export)
            address = count(redactor.redactAddress(address), into: &export)
            from = count(redactor.redactAddress(from), into: &export)
            to = count(redactor.redactAddress(to), into: &export)
        }
        export.participants.append(
            ParticipantRow(
                conversationID: conversationID,
                id: participantID,
                purpose: participant.purpose,
                name: name,
                address: address,
                userID: participant.userID,
                userName: participant.userName,
                queueID: participant.queueID,
                queueName: participant.queueName,
                state: participant.state,
                direction: participant.direction,
                messengerType: participant.messengerType,
                fromAddress: from,
                toAddress: to,
                startTime: participant.startTime.map(GenesysDate.format),
                connectedTime: participant.connectedTime.map(GenesysDate.format),
                endTime: participant.endTime.map(GenesysDate.format),
                disconnectType: participant.disconnectType,
                communicationID: communicationIDs[participantID]?.first,
                wrapupRequired: participant.wrapupRequired,
                rawJSON: rawText
            )
        )
        export.records.append(
            NDJSONRecord(
                entity: "participants",
                day: day,
                content: Self.line(
                    [("conversationId", conversationID)], member: "participant", raw: redactedJSON, text: rawText
                ),
                timestamp: participant.startTime,
                key: NDJSONRecord.key(conversationID, participantID)
            )
        )
    }
}
