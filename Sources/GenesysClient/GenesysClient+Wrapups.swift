import Foundation
import GenesysModels

// MARK: - Wrap-up (endpoints 30–33)

extension GenesysClient {
    /// Endpoint 30: the wrap-up of one communication (`provisional` fetches an unsaved one).
    package func wrapup(
        conversationID: String,
        participantID: String,
        communicationID: String,
        provisional: Bool? = nil
    ) async throws -> AssignedWrapupCode {
        try await send(
            .wrapup(
                conversationID: conversationID,
                participantID: participantID,
                communicationID: communicationID,
                provisional: provisional
            )
        ).value
    }

    /// Endpoint 31: applies wrap-up to one communication.
    package func applyWrapup(
        _ input: WrapupInput?,
        conversationID: String,
        participantID: String,
        communicationID: String
    ) async throws {
        _ = try await send(
            .applyWrapup(
                input,
                conversationID: conversationID,
                participantID: participantID,
                communicationID: communicationID
            )
        )
    }

    /// Endpoint 32: the wrap-up of a participant.
    package func wrapup(
        conversationID: String,
        participantID: String,
        provisional: Bool? = nil
    ) async throws -> AssignedWrapupCode {
        try await send(.wrapup(conversationID: conversationID, participantID: participantID, provisional: provisional))
            .value
    }

    /// Endpoint 33: the wrap-up codes available to a participant (names for `AssignedWrapupCode.code`).
    package func wrapupCodes(conversationID: String, participantID: String) async throws -> [WrapupCode] {
        try await send(.wrapupCodes(conversationID: conversationID, participantID: participantID)).value
    }
}
