import Foundation
import GenesysModels

// Endpoints 25–33: participants and wrap-up.

private let participantTemplate = "/api/v2/conversations/messages/{conversationId}/participants/{participantId}"
private let communicationTemplate = "\(participantTemplate)/communications/{communicationId}"

private func provisionalQuery(_ provisional: Bool?) -> [(name: String, value: String)] {
    provisional.map { [("provisional", PathEncoding.bool($0))] } ?? []
}

extension Endpoint where Value == EmptyResponse {
    /// Endpoint 25: `PATCH …/participants/{participantId}` — update a participant (state, wrap-up, …).
    package static func updateParticipant(
        _ request: MediaParticipantRequest?,
        conversationID: String,
        participantID: String
    ) throws -> Self {
        try .init(.patch, participantTemplate, ids: [conversationID, participantID], json: request)
    }

    /// Endpoint 28: `POST …/participants/{participantId}/monitor` — listen in from a participant's point of view.
    package static func monitorParticipant(conversationID: String, participantID: String) -> Self {
        .init(.post, "\(participantTemplate)/monitor", ids: [conversationID, participantID])
    }

    /// Endpoint 29: `POST …/participants/{participantId}/replace` — replace a participant (blind transfer).
    package static func replaceParticipant(
        with transfer: TransferRequest,
        conversationID: String,
        participantID: String
    ) throws -> Self {
        try .init(.post, "\(participantTemplate)/replace", ids: [conversationID, participantID], json: transfer)
    }

    /// Endpoint 31: `POST …/communications/{communicationId}/wrapup` — apply wrap-up to a communication.
    package static func applyWrapup(
        _ input: WrapupInput?,
        conversationID: String,
        participantID: String,
        communicationID: String
    ) throws -> Self {
        try .init(
            .post,
            "\(communicationTemplate)/wrapup",
            ids: [conversationID, participantID, communicationID],
            json: input
        )
    }
}

extension Endpoint where Value == EmptyResponse {
    /// Endpoint 43: `PATCH …/participants/{participantId}/parkingstate` — park or unpark a participant.
    package static func setParkingState(
        _ request: ParkingStateRequest,
        conversationID: String,
        participantID: String
    ) throws -> Self {
        try .init(.patch, "\(participantTemplate)/parkingstate", ids: [conversationID, participantID], json: request)
    }

    /// Endpoint 44: `POST …/participants/{participantId}/takeover` — take over from a monitored participant.
    package static func takeOverParticipant(conversationID: String, participantID: String) -> Self {
        .init(.post, "\(participantTemplate)/takeover", ids: [conversationID, participantID])
    }
}

extension Endpoint where Value == OnDemandSummaryAcceptedResponse {
    /// Endpoint 45: `POST …/communications/{communicationId}/summaries` — request an on-demand summary.
    package static func requestSummary(
        _ request: OnDemandConversationSummaryRequest?,
        conversationID: String,
        participantID: String,
        communicationID: String
    ) throws -> Self {
        try .init(
            .post,
            "\(communicationTemplate)/summaries",
            ids: [conversationID, participantID, communicationID],
            json: request
        )
    }
}

extension Endpoint where Value == ParticipantAttributes {
    /// Endpoint 26: `PATCH …/participants/{participantId}/attributes` — update a participant's attributes.
    package static func updateParticipantAttributes(
        _ attributes: ParticipantAttributes?,
        conversationID: String,
        participantID: String
    ) throws -> Self {
        try .init(.patch, "\(participantTemplate)/attributes", ids: [conversationID, participantID], json: attributes)
    }
}

extension Endpoint where Value == JSONValue {
    /// Endpoint 27: `PATCH …/participants/{participantId}/communications/{communicationId}` — disconnect a communication.
    package static func updateCommunication(
        _ request: MediaParticipantRequest,
        conversationID: String,
        participantID: String,
        communicationID: String
    ) throws -> Self {
        .init(
            .patch,
            communicationTemplate,
            path: PathEncoding.fill(communicationTemplate, with: [conversationID, participantID, communicationID]),
            body: try PathEncoding.body(request)
        ) { data in
            data.isEmpty ? .null : try JSONDecoder.genesys().decode(JSONValue.self, from: data)
        }
    }
}

extension Endpoint where Value == AssignedWrapupCode {
    /// Endpoint 30: `GET …/participants/{participantId}/communications/{communicationId}/wrapup` — a communication's wrap-up.
    package static func wrapup(
        conversationID: String,
        participantID: String,
        communicationID: String,
        provisional: Bool? = nil
    ) -> Self {
        .init(
            .get,
            "\(communicationTemplate)/wrapup",
            ids: [conversationID, participantID, communicationID],
            query: provisionalQuery(provisional)
        )
    }

    /// Endpoint 32: `GET …/participants/{participantId}/wrapup` — a participant's wrap-up.
    package static func wrapup(conversationID: String, participantID: String, provisional: Bool? = nil) -> Self {
        .init(
            .get,
            "\(participantTemplate)/wrapup",
            ids: [conversationID, participantID],
            query: provisionalQuery(provisional)
        )
    }
}

extension Endpoint where Value == [WrapupCode] {
    /// Endpoint 33: `GET …/participants/{participantId}/wrapupcodes` — the wrap-up codes (a bare JSON array).
    package static func wrapupCodes(conversationID: String, participantID: String) -> Self {
        .init(.get, "\(participantTemplate)/wrapupcodes", ids: [conversationID, participantID])
    }
}
