import Foundation
import GenesysModels
import GenesysSimulator
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// Every datetime the simulator answers with is `yyyy-MM-ddTHH:mm:ss.SSSZ` in UTC, as Genesys prints it,
/// whatever shape the request carried.
struct DatetimeFidelityTests {
    /// (what a client sends, what Genesys answers with).
    static let oddTimes: [(String, String)] = [
        ("2026-12-02T01:46:07.762000+00:00", "2026-12-02T01:46:07.762Z"),  // Python SDK isoformat()
        ("2026-12-02T01:46:07Z", "2026-12-02T01:46:07.000Z"),
        ("2026-12-02T03:46:07.5+02:00", "2026-12-02T01:46:07.500Z"),
        ("2026-12-01T20:46:07.762-05:00", "2026-12-02T01:46:07.762Z"),
        ("2026-12-02T01:46:07.76249+0000", "2026-12-02T01:46:07.762Z"),
        ("2026-12-02T01:46:07.123456789+00:00", "2026-12-02T01:46:07.123Z"),
        ("2026-12-02 01:46:07.762", "2026-12-02T01:46:07.762Z"),
        ("2026-12-02t01:46:07.762z", "2026-12-02T01:46:07.762Z"),
    ]

    static var canonical: Regex<Substring> { /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/ }
    static var datetimeLike: Regex<Substring> { /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d/ }

    static func harness() -> RouterHarness {
        RouterHarness(SimulatorConfiguration(conversations: 8, clock: ManualSimulatorClock().simulatorClock))
    }

    static func channel(_ time: String, from sender: String = "dt-user") -> JSONValue {
        .object([
            "messageId": .string("ext-1"),
            "from": .object(["id": .string(sender), "idType": .string("Opaque"), "nickname": .string("Dee")]),
            "time": .string(time),
        ])
    }

    /// `channel.time` of an Open Messaging response, as raw text.
    static func channelTime(_ response: TestResponse) throws -> String? {
        try response.json()["channel"]?["time"]?.stringValue
    }

    @Test(arguments: oddTimes)
    func openMessagingEndpointsAnswerWithTheCanonicalChannelTime(input: String, expected: String) async throws {
        let harness = Self.harness()
        try await harness.run { client, token in
            let base = "/api/v2/conversations/messages/int-dt/inbound/open"
            let message = try await client.api(
                .post,
                base + "/message",
                token: token,
                json: JSONValue.object(["channel": Self.channel(input), "text": .string("hello")])
            )
            #expect(message.status == .ok)
            #expect(try Self.channelTime(message) == expected, "9 message")
            let messageID = try #require(try message.json()["id"]?.stringValue)

            let event = try await client.api(
                .post,
                base + "/event",
                token: token,
                json: JSONValue.object([
                    "channel": Self.channel(input),
                    "events": .array([
                        .object(["eventType": .string("Typing"), "typing": .object(["type": .string("On")])])
                    ]),
                ])
            )
            #expect(try Self.channelTime(event) == expected, "8 event")

            let receiptChannel: JSONValue = .object(["to": .object(["id": .string("dt-user")]), "time": .string(input)])
            let receipt = try await client.api(
                .post,
                base + "/receipt",
                token: token,
                json: JSONValue.object([
                    "id": .string(messageID), "channel": receiptChannel, "status": .string("Delivered"),
                ])
            )
            #expect(try Self.channelTime(receipt) == expected, "10 receipt")

            let structured = try await client.api(
                .post,
                base + "/structured/response",
                token: token,
                json: JSONValue.object([
                    "channel": Self.channel(input),
                    "buttonResponse": .object([
                        "type": .string("Button"), "text": .string("Yes"), "payload": .string("y"),
                    ]),
                ])
            )
            #expect(structured.status == .ok)
            #expect(try Self.channelTime(structured) == expected, "11 structured response")

            var legacyChannel = Self.channel(input, from: "dt-legacy")
            if case .object(var members) = legacyChannel {
                members["id"] = .string("int-dt")
                legacyChannel = .object(members)
            }
            let legacy = try await client.api(
                .post,
                "/api/v2/conversations/messages/inbound/open",
                token: token,
                json: JSONValue.object([
                    "channel": legacyChannel, "type": .string("Text"), "text": .string("old path"),
                    "direction": .string("Inbound"),
                ])
            )
            #expect(legacy.status == .ok)
            #expect(try Self.channelTime(legacy) == expected, "7 deprecated inbound")
        }
    }

    @Test(arguments: ["yesterday", "2026-13-02T01:46:07Z", "2026-12-02T01:46"])
    func aChannelTimeThatIsNoDatetimeIs400(time: String) async throws {
        let harness = Self.harness()
        try await harness.run { client, token in
            let response = try await client.api(
                .post,
                "/api/v2/conversations/messages/int-dt/inbound/open/message",
                token: token,
                json: JSONValue.object(["channel": Self.channel(time), "text": .string("hello")])
            )
            #expect(response.status == .badRequest)
            #expect(try response.errorBody().code == "bad.request")
        }
        #expect(await harness.store.allConversations().count == 8)
    }

    @Test func wrapupEndTimesAreReadBackCanonically() async throws {
        let harness = Self.harness()
        try await harness.run { client, token in
            let open = try await OrgMutationScript.openConversation(client, token: token, sender: "dt-wrap")
            let code = try await OrgMutationScript.firstWrapupCode(client, token: token, open)
            let applied = try await client.api(
                .post,
                "\(open.base)/participants/\(open.agentID)/communications/\(open.agentCommunicationID)/wrapup",
                token: token,
                json: JSONValue.object([
                    "code": .string(code), "endTime": .string("2026-12-02T03:46:07.5+02:00"),
                    "durationSeconds": .number(5),
                ])
            )
            #expect(applied.status == .accepted)
            let participantWrapup = try await client.api(
                .get,
                "\(open.base)/participants/\(open.agentID)/wrapup",
                token: token
            )
            #expect(try participantWrapup.json()["endTime"] == .string("2026-12-02T01:46:07.500Z"))

            let patched = try await client.api(
                .patch,
                "\(open.base)/participants/\(open.agentID)",
                token: token,
                json: JSONValue.object([
                    "wrapup": .object([
                        "code": .string(code), "endTime": .string("2026-12-02T01:46:07.762000+00:00"),
                    ])
                ])
            )
            #expect(patched.status == .accepted)
            let communicationWrapup = try await client.api(
                .get,
                "\(open.base)/participants/\(open.agentID)/communications/\(open.agentCommunicationID)/wrapup",
                token: token
            )
            #expect(try communicationWrapup.json()["endTime"] == .string("2026-12-02T01:46:07.762Z"))
            let snapshot = try await client.api(.get, open.base, token: token).json()
            guard case .array(let participants)? = snapshot["participants"] else {
                Issue.record("no participants in the snapshot")
                return
            }
            let agent = participants.first { $0["id"]?.stringValue == open.agentID }
            #expect(agent?["wrapup"]?["endTime"] == .string("2026-12-02T01:46:07.762Z"))
        }
    }

    @Test func everyDatetimeInTheResponsesIsCanonical() async throws {
        let harness = Self.harness()
        let seeded = harness.store.org.conversations[0]
        try await harness.run { client, token in
            let responses = try await DatetimeResponseWalk.collect(client, token: token, seeded: seeded)
            #expect(responses.count == 23)
            var checked = 0
            for (route, json) in responses {
                for (path, text) in Self.strings(in: json) where text.contains(Self.datetimeLike) {
                    checked += 1
                    #expect(text.contains(Self.canonical), "\(route) \(path) = \(text)")
                }
            }
            #expect(checked >= 100)
        }
    }

    /// Every string in `value`, with its JSON path.
    static func strings(in value: JSONValue, path: String = "$") -> [(String, String)] {
        switch value {
        case .string(let text): [(path, text)]
        case .array(let items): items.enumerated().flatMap { strings(in: $1, path: "\(path)[\($0)]") }
        case .object(let members): members.flatMap { strings(in: $1, path: "\(path).\($0)") }
        case .null, .bool, .number: []
        }
    }
}
