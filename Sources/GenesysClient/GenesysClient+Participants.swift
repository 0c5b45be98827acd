import Foundation
import GenesysModels

// MARK: - Participants (endpoints 25–29)

extension GenesysClient {
    /// Endpoint 25: updates a participant (state, wrap-up, hold, recording, …).
    package func updateParticipant(
        _ request: MediaParticipantRequest?,
        conversationID: String,
        participantID: String
    ) async throws {
        _ = try await send(.updateParticipant(request, conversationID: conversationID, participantID: participantID))
    }

    /// Endpoint 26: updates a participant's attributes; returns them as stored.
    package func updateParticipantAttributes(
        _ attributes: ParticipantAttributes?,
        conversationID: String,
        participantID: String
    ) async throws -> ParticipantAttributes {
        try await send(
            .updateParticipantAttributes(attributes, conversationID: conversationID, participantID: participantID)
        ).value
    }

    /// Endpoint 27: updates (disconnects) one communication of a participant; wrap-up is not touched.
    @discardableResult
    package func updateCommunication(
        _ request: MediaParticipantRequest,
        conversationID: String,
        participantID: String,
        communicationID: String
    ) async throws -> JSONValue {
        try await send(
            .updateCommunication(
                request,
                conversationID: conversationID,
                participantID: participantID,
                communicationID: communicationID
            )
        ).value
    }

    /// Endpoint 28: starts monitoring the conversation from a participant's point of view (needs a user token).
    package func monitorParticipant(conversationID: String, participantID: String) async throws {
        _ = try await send(.monitorParticipant(conversationID: conversationID, participantID: participantID))
    }

    /// Endpoint 29: replaces a participant with a user, address or queue.
    package func replaceParticipant(
        with transfer: TransferRequest,
        conversationID: String,
        participantID: String
    ) async throws {
        _ = try await send(
            .replaceParticipant(with: transfer, conversationID: conversationID, participantID: participantID)
        )
    }

    /// Endpoint 43: parks or unparks a participant.
    package func setParkingState(
        _ request: ParkingStateRequest,
        conversationID: String,
        participantID: String
    ) async throws {
        _ = try await send(.setParkingState(request, conversationID: conversationID, participantID: participantID))
    }

    /// Endpoint 44: the calling user takes the conversation over from a monitored participant (needs a user token).
    package func takeOverParticipant(conversationID: String, participantID: String) async throws {
        _ = try await send(.takeOverParticipant(conversationID: conversationID, participantID: participantID))
    }

    /// Endpoint 45: requests an on-demand summary of a message communication.
    package func requestSummary(
        _ request: OnDemandConversationSummaryRequest? = nil,
        conversationID: String,
        participantID: String,
        communicationID: String
    ) async throws -> OnDemandSummaryAcceptedResponse {
        try await send(
            .requestSummary(
                request,
                conversationID: conversationID,
                participantID: participantID,
                communicationID: communicationID
            )
        ).value
    }
}
