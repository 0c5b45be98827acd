import Foundation
import GenesysModels
import GenesysSimulator
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// Wrap-ups applied to ended conversations, and conversations created through endpoints 2 and 3, as the
/// read side (12, 18, 32, 34, 40, async jobs) shows them. The clock is manual and starts at 2026-11-02T00:00:00Z.
struct OrgWrapupAndCreationTests {
    let clock = ManualSimulatorClock()
    let harness: RouterHarness

    init() {
        harness = RouterHarness(SimulatorConfiguration(conversations: 5, clock: clock.simulatorClock))
    }

    @Test func aWrapupOnAnEndedConversationReachesTheSnapshotAndAnalytics() async throws {
        try await harness.run { client, token in
            let open = try await OrgMutationScript.openConversation(client, token: token, sender: "wrapped")
            let codes = try await client.api(
                .get,
                "\(open.base)/participants/\(open.agentID)/wrapupcodes",
                token: token
            )
            let code = try #require(try codes.decode([WrapupCode].self).first)
            let codeID = try #require(code.id)
            clock.advance(by: 30)
            _ = try await client.api(
                .patch,
                open.base,
                token: token,
                json: JSONValue.object(["state": .string("disconnected")])
            )
            clock.advance(by: 15)
            let applied = try await client.api(
                .post,
                "\(open.base)/participants/\(open.agentID)/communications/\(open.agentCommunicationID)/wrapup",
                token: token,
                json: WrapupInput(code: codeID, notes: "resolved", tags: ["vip", "billing"], durationSeconds: 42)
            )
            #expect(applied.status == .accepted)

            let participants = try await OrgMutationScript.snapshotParticipants(
                client,
                token: token,
                open.conversationID
            )
            #expect(
                participants[open.agentID]?["wrapup"]
                    == .object([
                        "code": .string(codeID), "name": .string(try #require(code.name)), "notes": .string("resolved"),
                        "tags": .array([.string("vip"), .string("billing")]), "durationSeconds": .number(42),
                        "endTime": .string("2026-11-02T00:00:45.000Z"), "provisional": .bool(false),
                    ])
            )
            #expect(participants[open.customerID]?["wrapup"] == nil)
            let assigned = try await client.api(.get, "\(open.base)/participants/\(open.agentID)/wrapup", token: token)
            #expect(try assigned.decode(AssignedWrapupCode.self).code == codeID)

            let record = try await OrgMutationScript.analytics(client, token: token, open.conversationID)
            Self.expectWrapupSegments(record, open, codeID: codeID)
            let byCode = try await OrgMutationScript.syncQuery(
                client,
                token: token,
                interval: OrgMutationTests.firstHour,
                predicates: [
                    .object([
                        "type": .string("dimension"), "dimension": .string("wrapUpCode"), "value": .string(codeID),
                    ])
                ]
            )
            #expect(Array(byCode.keys) == [open.conversationID])
            Self.expectWrapupSegments(byCode[open.conversationID], open, codeID: codeID)
            let job = try await OrgMutationScript.asyncJob(client, token: token, interval: OrgMutationTests.firstHour)
            Self.expectWrapupSegments(job[open.conversationID], open, codeID: codeID)
        }
    }

    /// The agent's session: its id is the agent's communication id, an interact segment 0–30 s, then the
    /// wrap-up segment from the disconnect (30 s) for `durationSeconds` (42 s).
    static func expectWrapupSegments(
        _ record: JSONValue?,
        _ open: OrgMutationScript.OpenConversation,
        codeID: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(record?["conversationEnd"] == .string("2026-11-02T00:00:30.000Z"), sourceLocation: sourceLocation)
        let sessions = OrgMutationTests.sessions(record, participant: open.agentID)
        #expect(
            sessions.map { $0["sessionId"] } == [.string(open.agentCommunicationID)],
            sourceLocation: sourceLocation
        )
        let segments = OrgMutationTests.segments(record, participant: open.agentID)
        let fields = ["segmentType", "segmentStart", "segmentEnd", "wrapUpCode", "wrapUpNote", "wrapUpTags"]
        let picked = segments.map { segment in fields.map { segment[$0] } }
        let expected: [[JSONValue?]] = [
            [
                .string("interact"), .string("2026-11-02T00:00:00.000Z"), .string("2026-11-02T00:00:30.000Z"),
                nil, nil, nil,
            ],
            [
                .string("wrapup"), .string("2026-11-02T00:00:30.000Z"), .string("2026-11-02T00:01:12.000Z"),
                .string(codeID), .string("resolved"), .array([.string("vip"), .string("billing")]),
            ],
        ]
        #expect(picked == expected, sourceLocation: sourceLocation)
    }

    @Test func aProvisionalWrapupStaysOutOfAnalytics() async throws {
        try await harness.run { client, token in
            let open = try await OrgMutationScript.openConversation(client, token: token, sender: "draft")
            _ = try await client.api(
                .patch,
                open.base,
                token: token,
                json: JSONValue.object(["state": .string("disconnected")])
            )
            let draft = try await client.api(
                .post,
                "\(open.base)/participants/\(open.agentID)/communications/\(open.agentCommunicationID)/wrapup",
                token: token,
                json: WrapupInput(notes: "thinking", provisional: true)
            )
            #expect(draft.status == .accepted)
            let record = try await OrgMutationScript.analytics(client, token: token, open.conversationID)
            #expect(
                OrgMutationTests.segments(record, participant: open.agentID).map { $0["segmentType"] } == [
                    .string("interact")
                ]
            )
            let saved = try await client.api(.get, "\(open.base)/participants/\(open.agentID)/wrapup", token: token)
            #expect(saved.status == .notFound)
            let provisional = try await client.api(
                .get,
                "\(open.base)/participants/\(open.agentID)/wrapup?provisional=true",
                token: token
            )
            #expect(try provisional.decode(AssignedWrapupCode.self).notes == "thinking")
        }
    }

    @Test func anOutboundConversationFromEndpoint2IsOpenInEveryView() async throws {
        try await harness.run { client, token in
            let created = try await client.api(
                .post,
                "/api/v2/conversations/messages",
                token: token,
                json: CreateOutboundMessagingConversationRequest(
                    toAddress: "+14155550199",
                    toAddressMessengerType: .init(rawValue: "sms")
                )
            )
            #expect(created.status == .ok)
            let id = try #require(try created.decode(CreateOutboundMessagingConversationResponse.self).id)
            let generic = try await client.api(.get, "/api/v2/conversations/\(id)", token: token)
            let agent = try #require(
                try generic.decode(Conversation.self).participants?.first { $0.purpose == "agent" }
            )
            let agentID = try #require(agent.id)
            let communication = try #require(agent.messages?.first?.id)
            clock.advance(by: 3)
            let sent = try await client.api(
                .post,
                "/api/v2/conversations/messages/\(id)/communications/\(communication)/messages",
                token: token,
                json: AdditionalMessage(textBody: "Your parcel is on its way")
            )
            let messageID = try #require(try sent.decode(MessageData.self).id)

            let participants = try await OrgMutationScript.snapshotParticipants(client, token: token, id)
            #expect(OrgMutationScript.messageIDs(participants[agentID]) == [messageID])
            #expect(participants.values.contains { $0["address"] == .string("+14155550199") })
            let bulk = try await OrgMutationScript.bulk(client, token: token, id, ids: [messageID])
            #expect(bulk.map(\.text) == ["Your parcel is on its way"])
            let record = try await OrgMutationScript.analytics(client, token: token, id)
            #expect(record?["conversationStart"] == .string("2026-11-02T00:00:00.000Z"))
            #expect(record?["conversationEnd"] == nil)
            #expect(record?["originatingDirection"] == .string("outbound"))
            let query = try await OrgMutationScript.syncQuery(
                client,
                token: token,
                interval: OrgMutationTests.firstHour
            )
            #expect(Array(query.keys) == [id])
        }
    }

    @Test func anAgentlessMessageFromEndpoint3CreatesAConversationWithIt() async throws {
        try await harness.run { client, token in
            let sent = try await client.api(
                .post,
                "/api/v2/conversations/messages/agentless",
                token: token,
                json: SendAgentlessOutboundMessageRequest(
                    fromAddress: "+18885550100",
                    toAddress: "+14155550177",
                    toAddressMessengerType: .init(rawValue: "sms"),
                    textBody: "Your code is 424242"
                )
            )
            #expect(sent.status == .ok)
            let response = try sent.decode(SendAgentlessOutboundMessageResponse.self)
            let id = try #require(response.conversationID)
            let messageID = try #require(response.id)
            let participants = try await OrgMutationScript.snapshotParticipants(client, token: token, id)
            #expect(participants.values.flatMap { OrgMutationScript.messageIDs($0) } == [messageID])
            let bulk = try await OrgMutationScript.bulk(client, token: token, id, ids: [messageID])
            #expect(bulk.map(\.text) == ["Your code is 424242"])
            let record = try await OrgMutationScript.analytics(client, token: token, id)
            #expect(record?["conversationStart"] == .string("2026-11-02T00:00:00.000Z"))
            #expect(record?["conversationEnd"] == nil)
        }
    }
}
