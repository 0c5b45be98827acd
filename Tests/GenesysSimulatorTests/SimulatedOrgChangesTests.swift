import Foundation
import GenesysClient
import GenesysModels
import GenesysSimulator
import TestSupport
import Testing

/// `TestSupport.SimulatedOrgChanges` (the mutation recipes pipeline tests use) against a live simulator,
/// read back through our own `GenesysClient` as an export would.
struct SimulatedOrgChangesTests {
    @Test(.timeLimit(.minutes(5))) func theScriptedChangesReachEveryReadEndpoint() async throws {
        let clock = ManualSimulatorClock()
        let configuration = SimulatorConfiguration(conversations: 4, clock: clock.simulatorClock)
        try await withSimulator(configuration) { sim in
            try await SimulatedOrgChanges.with(sim) { changes in
                try await Self.script(changes, clock: clock)
            }
        }
    }

    static func script(_ changes: SimulatedOrgChanges, clock: ManualSimulatorClock) async throws {
        let reader = changes.client
        let open = try await changes.openConversation(sender: "change-1", text: "hello")
        clock.advance(by: 5)
        let reply = try await changes.sendAgentMessage(in: open, text: "Hi, how can I help?")
        clock.advance(by: 5)
        let followUp = try await changes.sendCustomerMessage(in: open, text: "my order")

        let snapshot = try await reader.send(.messageConversation(id: open.conversationID)).value
        let listed = (snapshot.participants ?? []).flatMap { $0.messages ?? [] }.compactMap(\.messageID)
        #expect(Set(listed) == [open.firstMessageID, try #require(reply.id), followUp])
        let bulk = try await reader.messages(ids: listed, inConversation: open.conversationID)
        #expect(
            Set(bulk.values.compactMap { $0.value.normalizedMessage?.text }) == [
                "hello", "Hi, how can I help?", "my order",
            ]
        )
        let openRecord = try await reader.analyticsConversations(ids: [open.conversationID]).values.first?.value
        #expect(openRecord?.conversationEnd == nil)

        clock.advance(by: 20)
        let ended = try await changes.disconnect(open)
        #expect(ended.endTime.map(GenesysDate.format) == "2026-11-02T00:00:30.000Z")
        let code = try await changes.wrapUp(open, notes: "resolved", tags: ["vip"], durationSeconds: 42)
        let record = try #require(
            try await reader.analyticsConversations(ids: [open.conversationID]).values.first?.value
        )
        #expect(record.conversationEnd.map(GenesysDate.format) == "2026-11-02T00:00:30.000Z")
        let agent = try #require(record.participants?.first { $0.participantID == open.agentID })
        #expect(agent.sessions?.map(\.sessionID) == [open.agentCommunicationID])
        let wrapup = try #require(agent.sessions?.first?.segments?.last)
        #expect(wrapup.segmentType?.rawValue == "wrapup")
        #expect(wrapup.wrapUpCode == code)
        #expect(wrapup.wrapUpNote == "resolved")
        #expect(wrapup.wrapUpTags == ["vip"])
        #expect(wrapup.segmentEnd.map(GenesysDate.format) == "2026-11-02T00:01:12.000Z")
        let assigned = try await reader.send(.messageConversation(id: open.conversationID)).value.participants?.first {
            $0.id == open.agentID
        }
        #expect(assigned?.wrapup?.code == code)

        let outbound = try await changes.createOutboundConversation(toAddress: "+14155550142")
        let query = ConversationQuery(
            order: .init(rawValue: "asc"),
            orderBy: .init(rawValue: "conversationStart"),
            interval: "2026-11-02T00:00:00.000Z/2026-11-02T01:00:00.000Z"
        )
        let found = try await reader.send(.conversationDetails(query: query)).value.conversations?.compactMap(\.conversationID)
        #expect(found == [open.conversationID, outbound])
    }
}
