import Foundation
import GenesysModels
import GenesysSimulator
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// After every write a change-tracking test makes, the read side (12, 18, 42, 34, 40, async jobs) agrees.
///
/// The clock is manual and starts at `t0` (2026-11-02T00:00:00Z); every expected datetime is `t0` plus
/// the seconds the test advanced, written out.
struct OrgMutationTests {
    static let t0 = "2026-11-02T00:00:00.000Z"
    static let firstHour = "2026-11-02T00:00:00.000Z/2026-11-02T01:00:00.000Z"

    let clock = ManualSimulatorClock()
    let harness: RouterHarness

    init() {
        harness = RouterHarness(SimulatorConfiguration(conversations: 5, clock: clock.simulatorClock))
    }

    /// The sessions of one participant in an analytics record.
    static func sessions(_ record: JSONValue?, participant id: String) -> [JSONValue] {
        guard case .array(let participants)? = record?["participants"],
            case .array(let sessions)? = participants.first(where: { $0["participantId"]?.stringValue == id })?[
                "sessions"
            ]
        else { return [] }
        return sessions
    }

    /// The segments of one participant's first session in an analytics record.
    static func segments(_ record: JSONValue?, participant id: String) -> [JSONValue] {
        guard case .array(let segments)? = sessions(record, participant: id).first?["segments"] else { return [] }
        return segments
    }

    @Test func anInboundMessageOpensAConversationEveryViewShows() async throws {
        try await harness.run { client, token in
            let open = try await OrgMutationScript.openConversation(client, token: token, sender: "new-1")
            let participants = try await OrgMutationScript.snapshotParticipants(
                client,
                token: token,
                open.conversationID
            )
            let customer = participants[open.customerID]
            #expect(OrgMutationScript.messageIDs(customer) == [open.firstMessageID])
            #expect(OrgMutationScript.messageIDs(participants[open.agentID]) == [])
            #expect(customer?["state"] == .string("connected"))
            #expect(customer?["startTime"] == .string(Self.t0))
            #expect(customer?["endTime"] == nil)
            let bulk = try await OrgMutationScript.bulk(
                client,
                token: token,
                open.conversationID,
                ids: [open.firstMessageID]
            )
            #expect(bulk.map(\.id) == [open.firstMessageID])
            #expect(bulk.map(\.text) == ["hello"])

            let record = try await OrgMutationScript.analytics(client, token: token, open.conversationID)
            #expect(record?["conversationStart"] == .string(Self.t0))
            #expect(record?["conversationEnd"] == nil)
            #expect(
                Self.sessions(record, participant: open.customerID).first?["sessionId"]?.stringValue
                    == open.customerCommunicationID
            )
            #expect(
                Self.sessions(record, participant: open.agentID).first?["sessionId"]?.stringValue
                    == open.agentCommunicationID
            )
            let interact = Self.segments(record, participant: open.agentID)
            #expect(interact.map { $0["segmentType"] } == [.string("interact")])
            #expect(interact.first?["segmentStart"] == .string(Self.t0))
            #expect(interact.first?["segmentEnd"] == nil)

            // The sync query selects by conversation start: the open conversation is in the hour it started in …
            let started = try await OrgMutationScript.syncQuery(client, token: token, interval: Self.firstHour)
            #expect(Array(started.keys) == [open.conversationID])
            #expect(started[open.conversationID]?["conversationEnd"] == nil)
            // … and not in an interval it is merely still active in, nor in one that ends as it starts.
            let later = try await OrgMutationScript.syncQuery(
                client,
                token: token,
                interval: "2026-11-02T00:00:01.000Z/2026-11-02T01:00:00.000Z"
            )
            #expect(later.isEmpty)
            let before = try await OrgMutationScript.syncQuery(
                client,
                token: token,
                interval: "2026-11-01T23:00:00.000Z/2026-11-02T00:00:00.000Z"
            )
            #expect(before.isEmpty)

            clock.advance(by: 1)
            let job = try await OrgMutationScript.asyncJob(client, token: token, interval: Self.firstHour)
            #expect(job[open.conversationID]?["conversationStart"] == .string(Self.t0))
            #expect(job[open.conversationID]?["conversationEnd"] == nil)
        }
    }

    @Test func newMessagesAreListedInTheSnapshotAndReturnedByBulk() async throws {
        try await harness.run { client, token in
            let open = try await OrgMutationScript.openConversation(client, token: token, sender: "chatty")
            clock.advance(by: 5)
            let reply = try await client.api(
                .post,
                "\(open.base)/communications/\(open.agentCommunicationID)/messages",
                token: token,
                json: AdditionalMessage(textBody: "How can I help?")
            )
            #expect(reply.status == .ok)
            let replyID = try #require(try reply.json()["id"]?.stringValue)
            #expect(try reply.json()["timestamp"] == .string("2026-11-02T00:00:05.000Z"))
            clock.advance(by: 5)
            let again = try await client.api(
                .post,
                "/api/v2/conversations/messages/int-mut/inbound/open/message?prefetchConversationId=true",
                token: token,
                json: OrgMutationScript.inbound(from: "chatty", text: "my order")
            )
            let second = try again.decode(OpenMessageNormalizedMessage.self)
            #expect(second.conversationID == open.conversationID)
            let secondID = try #require(second.id)

            let participants = try await OrgMutationScript.snapshotParticipants(
                client,
                token: token,
                open.conversationID
            )
            #expect(OrgMutationScript.messageIDs(participants[open.customerID]) == [open.firstMessageID, secondID])
            #expect(OrgMutationScript.messageIDs(participants[open.agentID]) == [replyID])
            guard case .array(let agentMessages)? = participants[open.agentID]?["messages"] else {
                Issue.record("the agent lists no messages")
                return
            }
            #expect(agentMessages.first?["messageTime"] == .string("2026-11-02T00:00:05.000Z"))
            let bulk = try await OrgMutationScript.bulk(
                client,
                token: token,
                open.conversationID,
                ids: [open.firstMessageID, replyID, secondID]
            )
            #expect(bulk.map(\.id) == [open.firstMessageID, replyID, secondID])
            #expect(bulk.map(\.text) == ["hello", "How can I help?", "my order"])
            let record = try await OrgMutationScript.analytics(client, token: token, open.conversationID)
            #expect(record?["conversationEnd"] == nil)
            #expect(Self.segments(record, participant: open.agentID).count == 1)
        }
    }

    @Test func disconnectingTheConversationEndsItInEveryView() async throws {
        try await harness.run { client, token in
            let open = try await OrgMutationScript.openConversation(client, token: token, sender: "leaver")
            clock.advance(by: 30)
            let end = "2026-11-02T00:00:30.000Z"
            let patched = try await client.api(
                .patch,
                open.base,
                token: token,
                json: JSONValue.object(["state": .string("disconnected")])
            )
            #expect(patched.status == .ok)
            #expect(try patched.json()["endTime"] == .string(end))
            let participants = try await OrgMutationScript.snapshotParticipants(
                client,
                token: token,
                open.conversationID
            )
            for id in [open.customerID, open.agentID] {
                #expect(participants[id]?["state"] == .string("disconnected"))
                #expect(participants[id]?["endTime"] == .string(end))
            }
            let generic = try await client.api(.get, "/api/v2/conversations/\(open.conversationID)", token: token)
            #expect(try generic.json()["endTime"] == .string(end))
            #expect(try generic.json()["state"] == .string("disconnected"))

            let record = try await OrgMutationScript.analytics(client, token: token, open.conversationID)
            #expect(record?["conversationEnd"] == .string(end))
            for id in [open.customerID, open.agentID] {
                let segments = Self.segments(record, participant: id)
                #expect(segments.map { $0["segmentEnd"] } == [.string(end)])
            }
            let ended = try await OrgMutationScript.syncQuery(
                client,
                token: token,
                interval: Self.firstHour,
                predicates: [
                    .object([
                        "type": .string("dimension"), "dimension": .string("conversationEnd"),
                        "operator": .string("exists"),
                    ])
                ]
            )
            #expect(Array(ended.keys) == [open.conversationID])
            #expect(ended[open.conversationID]?["conversationEnd"] == .string(end))
            let job = try await OrgMutationScript.asyncJob(client, token: token, interval: Self.firstHour)
            #expect(job[open.conversationID]?["conversationEnd"] == .string(end))

            let late = try await client.api(
                .post,
                "\(open.base)/communications/\(open.agentCommunicationID)/messages",
                token: token,
                json: AdditionalMessage(textBody: "too late")
            )
            #expect(late.status == .badRequest)
            let reopened = try await OrgMutationScript.openConversation(client, token: token, sender: "leaver")
            #expect(reopened.conversationID != open.conversationID)
        }
    }

    @Test func disconnectingEveryCommunicationEndsTheConversation() async throws {
        try await harness.run { client, token in
            let open = try await OrgMutationScript.openConversation(client, token: token, sender: "two-step")
            let disconnect = JSONValue.object(["state": .string("disconnected")])
            clock.advance(by: 10)
            let customer = try await client.api(
                .patch,
                "\(open.base)/participants/\(open.customerID)/communications/\(open.customerCommunicationID)",
                token: token,
                json: disconnect
            )
            #expect(customer.status == .ok)
            var participants = try await OrgMutationScript.snapshotParticipants(
                client,
                token: token,
                open.conversationID
            )
            #expect(participants[open.customerID]?["endTime"] == .string("2026-11-02T00:00:10.000Z"))
            #expect(participants[open.agentID]?["state"] == .string("connected"))
            var record = try await OrgMutationScript.analytics(client, token: token, open.conversationID)
            #expect(record?["conversationEnd"] == nil)
            #expect(
                Self.segments(record, participant: open.customerID).first?["segmentEnd"]
                    == .string("2026-11-02T00:00:10.000Z")
            )

            clock.advance(by: 10)
            let agent = try await client.api(
                .patch,
                "\(open.base)/participants/\(open.agentID)/communications/\(open.agentCommunicationID)",
                token: token,
                json: disconnect
            )
            #expect(agent.status == .ok)
            participants = try await OrgMutationScript.snapshotParticipants(client, token: token, open.conversationID)
            #expect(participants[open.agentID]?["endTime"] == .string("2026-11-02T00:00:20.000Z"))
            record = try await OrgMutationScript.analytics(client, token: token, open.conversationID)
            #expect(record?["conversationEnd"] == .string("2026-11-02T00:00:20.000Z"))
        }
    }
}
