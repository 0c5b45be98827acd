import Foundation
import GenesysModels
import Hummingbird

/// Participant routes: update (25), attributes (26), communication disconnect (27), monitor (28),
/// replace (29) and wrap-ups (30–33).
extension SimulatorRoutes {
    func addParticipantRoutes(to router: Router<SimulatorRequestContext>) {
        let store = store
        let org = org
        let base = "/api/v2/conversations/messages/{conversationId}/participants/{participantId}"

        api(router, .patch, base) { request, context in
            let (conversationID, participantID) = try SimulatorRoutes.ids(context)
            let body = try await SimulatorRoutes.decodeOptional(MediaParticipantRequest.self, from: request)
            let codes = Set(org.wrapupCodes.compactMap(\.id))
            let now = store.now()
            try await store.update(conversationID) { conversation in
                guard let index = conversation.participantIndex(participantID) else {
                    throw SimulatorError.notFound("Participant \(participantID)")
                }
                if let input = body?.wrapup {
                    try SimulatorRoutes.apply(input, to: &conversation.participants[index], codes: codes, org: org, now: now)
                }
                if let recording = body?.recording {
                    conversation.participants[index].recording = recording
                }
                if let state = body?.state?.rawValue.lowercased() {
                    conversation.participants[index].state = state
                    if state == "disconnected" {
                        conversation.participants[index].endTime = now
                        conversation.participants[index].disconnectType = "client"
                        SimulatorRoutes.endIfAllDisconnected(&conversation, at: now)
                    }
                }
            }
            return SimulatorRoutes.empty(.accepted)
        }

        api(router, .patch, base + "/attributes") { request, context in
            let (conversationID, participantID) = try SimulatorRoutes.ids(context)
            let body = try await SimulatorRoutes.decodeOptional(ParticipantAttributes.self, from: request)
            let attributes = try await store.update(conversationID) { conversation -> [String: String] in
                guard let index = conversation.participantIndex(participantID) else {
                    throw SimulatorError.notFound("Participant \(participantID)")
                }
                conversation.participants[index].attributes.merge(body?.attributes ?? [:]) { $1 }
                return conversation.participants[index].attributes
            }
            return try SimulatorRoutes.json(ParticipantAttributes(attributes: attributes))
        }

        api(router, .patch, base + "/communications/{communicationId}") { request, context in
            let (conversationID, participantID) = try SimulatorRoutes.ids(context)
            let communicationID = try SimulatorRoutes.parameter("communicationId", context)
            let body = try await SimulatorRoutes.decode(MediaParticipantRequest.self, from: request)
            let now = store.now()
            try await store.update(conversationID) { conversation in
                let index = try SimulatorRoutes.index(of: participantID, communication: communicationID, in: conversation)
                let state = body.state?.rawValue.lowercased() ?? "disconnected"
                guard state == "disconnected" else {
                    throw SimulatorError.badRequest("Only state=disconnected is supported on a communication")
                }
                conversation.participants[index].state = "disconnected"
                conversation.participants[index].endTime = now
                conversation.participants[index].disconnectType = "client"
                SimulatorRoutes.endIfAllDisconnected(&conversation, at: now)
            }
            return try SimulatorRoutes.json(JSONValue.object([:]))
        }

        api(router, .post, base + "/monitor") { _, context in
            let (conversationID, participantID) = try SimulatorRoutes.ids(context)
            let monitorID = await store.makeID()
            let communicationID = await store.makeID()
            let now = store.now()
            let supervisor = org.agents[org.agents.count - 1]
            try await store.update(conversationID) { conversation in
                guard conversation.participantIndex(participantID) != nil else {
                    throw SimulatorError.notFound("Participant \(participantID)")
                }
                guard conversation.end == nil else {
                    throw SimulatorError.badRequest("Conversation \(conversationID) has ended")
                }
                var monitor = SimParticipant.joining(
                    id: monitorID,
                    communicationID: communicationID,
                    purpose: "agent",
                    name: supervisor.name,
                    address: conversation.orgAddress,
                    at: now
                )
                (monitor.userID, monitor.mediaRoles, monitor.monitoredParticipantID) = (supervisor.id, ["monitor"], participantID)
                conversation.participants.append(monitor)
            }
            return SimulatorRoutes.empty(.accepted)
        }

        api(router, .post, base + "/replace") { request, context in
            let (conversationID, participantID) = try SimulatorRoutes.ids(context)
            let body = try await SimulatorRoutes.decode(TransferRequest.self, from: request)
            guard body.userID != nil || body.address != nil || body.queueID != nil else {
                throw SimulatorError.badRequest("One of userId, address or queueId is required")
            }
            let newID = await store.makeID()
            let communicationID = await store.makeID()
            let now = store.now()
            try await store.update(conversationID) { conversation in
                guard let index = conversation.participantIndex(participantID) else {
                    throw SimulatorError.notFound("Participant \(participantID)")
                }
                guard conversation.end == nil else {
                    throw SimulatorError.badRequest("Conversation \(conversationID) has ended")
                }
                let old = conversation.participants[index]
                conversation.participants[index].state = "disconnected"
                conversation.participants[index].endTime = now
                conversation.participants[index].disconnectType = "transfer"
                let agent = org.agents.first { $0.id == body.userID }
                var replacement = SimParticipant.joining(
                    id: newID,
                    communicationID: communicationID,
                    purpose: old.purpose == "customer" ? "customer" : "agent",
                    name: body.userName ?? agent?.name ?? body.address ?? "Transferred agent",
                    address: body.address ?? old.address,
                    at: now
                )
                (replacement.userID, replacement.queueID) = (body.userID, body.queueID ?? old.queueID)
                conversation.participants.append(replacement)
            }
            return SimulatorRoutes.empty(.accepted)
        }

        api(router, .get, base + "/communications/{communicationId}/wrapup") { request, context in
            let (conversationID, participantID) = try SimulatorRoutes.ids(context)
            let communicationID = try SimulatorRoutes.parameter("communicationId", context)
            let participant = try await SimulatorRoutes.participant(in: store, conversationID, participantID)
            guard participant.communicationID == communicationID else {
                throw SimulatorError.notFound("Communication \(communicationID) of participant \(participantID)")
            }
            return try SimulatorRoutes.wrapupResponse(participant, request)
        }

        api(router, .post, base + "/communications/{communicationId}/wrapup") { request, context in
            let (conversationID, participantID) = try SimulatorRoutes.ids(context)
            let communicationID = try SimulatorRoutes.parameter("communicationId", context)
            let input = try await SimulatorRoutes.decodeOptional(WrapupInput.self, from: request) ?? WrapupInput()
            let codes = Set(org.wrapupCodes.compactMap(\.id))
            let now = store.now()
            try await store.update(conversationID) { conversation in
                let index = try SimulatorRoutes.index(of: participantID, communication: communicationID, in: conversation)
                try SimulatorRoutes.apply(input, to: &conversation.participants[index], codes: codes, org: org, now: now)
            }
            return SimulatorRoutes.empty(.accepted)
        }

        api(router, .get, base + "/wrapup") { request, context in
            let (conversationID, participantID) = try SimulatorRoutes.ids(context)
            let participant = try await SimulatorRoutes.participant(in: store, conversationID, participantID)
            return try SimulatorRoutes.wrapupResponse(participant, request)
        }

        api(router, .get, base + "/wrapupcodes") { _, context in
            let (conversationID, participantID) = try SimulatorRoutes.ids(context)
            let participant = try await SimulatorRoutes.participant(in: store, conversationID, participantID)
            return try SimulatorRoutes.json(participant.canHaveWrapup ? org.wrapupCodes : [])
        }
    }

    // MARK: - Shared

    static func ids(_ context: SimulatorRequestContext) throws -> (String, String) {
        (try parameter("conversationId", context), try parameter("participantId", context))
    }

    static func participant(in store: SimulatorStore, _ conversationID: String, _ participantID: String) async throws
        -> SimParticipant
    {
        guard let conversation = await store.conversation(conversationID) else {
            throw SimulatorError.notFound("Conversation \(conversationID)")
        }
        guard let index = conversation.participantIndex(participantID) else {
            throw SimulatorError.notFound("Participant \(participantID) in conversation \(conversationID)")
        }
        return conversation.participants[index]
    }

    static func wrapupResponse(_ participant: SimParticipant, _ request: Request) throws -> Response {
        let provisional = query("provisional", request)?.lowercased() == "true"
        guard let wrapup = participant.wrapup, provisional || !wrapup.provisional else {
            throw SimulatorError.notFound("Wrap-up for participant \(participant.id)")
        }
        return try json(SyntheticOrg.assigned(wrapup))
    }

    /// The index of participant `participantID` when `communicationID` is its communication; 404 otherwise.
    static func index(of participantID: String, communication communicationID: String, in conversation: SimConversation)
        throws -> Int
    {
        guard let index = conversation.participantIndex(participantID),
            conversation.participants[index].communicationID == communicationID
        else {
            throw SimulatorError.notFound("Communication \(communicationID) of participant \(participantID)")
        }
        return index
    }

    /// Sets `participant`'s wrap-up from `input`; 400 when the participant takes none or the code is unknown.
    static func apply(
        _ input: WrapupInput,
        to participant: inout SimParticipant,
        codes: Set<String>,
        org: SyntheticOrg,
        now: Date
    ) throws {
        guard participant.canHaveWrapup else {
            throw SimulatorError.badRequest("Participant \(participant.id) does not take a wrap-up")
        }
        participant.wrapup = try wrapup(input, codes: codes, org: org, now: now)
    }

    static func wrapup(_ input: WrapupInput, codes: Set<String>, org: SyntheticOrg, now: Date) throws -> SimWrapup {
        let provisional = input.provisional ?? false
        guard let code = input.code else {
            guard provisional else { throw SimulatorError.badRequest("A wrap-up code is required") }
            return SimWrapup(
                code: "",
                name: input.name,
                notes: input.notes,
                tags: input.tags ?? [],
                durationSeconds: input.durationSeconds ?? 0,
                endTime: input.endTime ?? now,
                provisional: true
            )
        }
        guard codes.contains(code) else { throw SimulatorError.badRequest("Unknown wrap-up code \(code)") }
        return SimWrapup(
            code: code,
            name: input.name ?? org.wrapupCodes.first { $0.id == code }?.name,
            notes: input.notes,
            tags: input.tags ?? [],
            durationSeconds: input.durationSeconds ?? 0,
            endTime: input.endTime ?? now,
            provisional: provisional
        )
    }
}
