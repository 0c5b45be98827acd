import Foundation
import GenesysModels
import GenesysSimulator
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Drives a broad set of read and write endpoints, sending odd-format datetimes wherever a request can carry
/// one, and collects every JSON response for `DatetimeFidelityTests.everyDatetimeInTheResponsesIsCanonical`.
enum DatetimeResponseWalk {
    static let pythonTime = "2026-11-02T00:00:00.762000+00:00"

    static func collect(
        _ client: any TestClientProtocol,
        token: String,
        seeded: SimConversation
    ) async throws -> [(String, JSONValue)] {
        var responses: [(String, JSONValue)] = []
        func keep(_ route: String, _ response: TestResponse) throws {
            #expect(response.status.code < 300, "\(route) answered \(response.status.code)")
            responses.append((route, try response.json()))
        }
        let seededBase = "/api/v2/conversations/messages/\(seeded.id)"
        let snapshot = try await client.api(.get, seededBase, token: token)
        try keep("12", snapshot)
        let ids = (try snapshot.decode(MessageConversation.self).participants ?? [])
            .flatMap { $0.messages ?? [] }.compactMap(\.messageID)
        try keep("18", try await client.api(.post, "\(seededBase)/messages/bulk", token: token, json: ids))
        try keep("19", try await client.api(.get, "\(seededBase)/messages/\(ids[0])", token: token))
        try keep("20", try await client.api(.get, "/api/v2/conversations/messages/\(ids[0])/details", token: token))
        try keep("42", try await client.api(.get, "/api/v2/conversations/\(seeded.id)", token: token))
        try keep("41", try await client.api(.get, "/api/v2/analytics/conversations/\(seeded.id)/details", token: token))
        try keep(
            "40",
            try await client.api(.get, "/api/v2/analytics/conversations/details?id=\(seeded.id)", token: token)
        )
        try keep("4", try await client.api(.get, "/api/v2/conversations/messages/cachedmedia", token: token))
        try await collectWrites(client, token: token, into: &responses)
        try await collectAnalytics(client, token: token, into: &responses)
        return responses
    }

    private static func collectWrites(
        _ client: any TestClientProtocol,
        token: String,
        into responses: inout [(String, JSONValue)]
    ) async throws {
        let open = try await client.api(
            .post,
            "/api/v2/conversations/messages/int-walk/inbound/open/message?prefetchConversationId=true",
            token: token,
            json: OrgMutationScript.inbound(from: "walker", text: "hi", time: pythonTime)
        )
        responses.append(("9", try open.json()))
        let conversationID = try #require(try open.decode(OpenMessageNormalizedMessage.self).conversationID)
        let base = "/api/v2/conversations/messages/\(conversationID)"
        let generic = try await client.api(.get, "/api/v2/conversations/\(conversationID)", token: token)
        let agent = try #require(try generic.decode(Conversation.self).participants?.first { $0.purpose == "agent" })
        let agentID = try #require(agent.id)
        let communication = try #require(agent.messages?.first?.id)
        let sent = try await client.api(
            .post,
            "\(base)/communications/\(communication)/messages",
            token: token,
            json: AdditionalMessage(textBody: "reply")
        )
        responses.append(("15", try sent.json()))
        let media = "\(base)/communications/\(communication)/messages/media"
        let slot = try await client.api(
            .post,
            media + "/uploads",
            token: token,
            json: UploadMediaRequest(fileName: "a.txt")
        )
        responses.append(("23", try slot.json()))
        let mediaID = try #require(try slot.decode(MessageMediaUploadData.self).id)
        _ = try await client.execute(
            uri: "/sim/uploads/\(mediaID)",
            method: .put,
            headers: [.contentType: "text/plain"],
            body: ByteBuffer(string: "bytes")
        )
        responses.append(("24", try await client.api(.get, media + "/\(mediaID)", token: token).json()))
        responses.append(("21", try await client.api(.get, media, token: token).json()))
        let codes = try await client.api(.get, "\(base)/participants/\(agentID)/wrapupcodes", token: token)
        responses.append(("33", JSONValue.object(["codes": try codes.json()])))
        let code = try #require(try codes.decode([WrapupCode].self).first?.id)
        let wrapup: JSONValue = .object(["code": .string(code), "endTime": .string(pythonTime)])
        _ = try await client.api(
            .post,
            "\(base)/participants/\(agentID)/communications/\(communication)/wrapup",
            token: token,
            json: wrapup
        )
        responses.append(
            ("32", try await client.api(.get, "\(base)/participants/\(agentID)/wrapup", token: token).json())
        )
        let disconnected = try await client.api(
            .patch,
            base,
            token: token,
            json: JSONValue.object(["state": .string("disconnected")])
        )
        responses.append(("13", try disconnected.json()))
        responses.append(("12 after writes", try await client.api(.get, base, token: token).json()))
        let agentless = try await client.api(
            .post,
            "/api/v2/conversations/messages/agentless",
            token: token,
            json: SendAgentlessOutboundMessageRequest(
                fromAddress: "+18885550100",
                toAddress: "+14155550100",
                toAddressMessengerType: .init(rawValue: "sms"),
                textBody: "hi"
            )
        )
        responses.append(("3", try agentless.json()))
    }

    private static func collectAnalytics(
        _ client: any TestClientProtocol,
        token: String,
        into responses: inout [(String, JSONValue)]
    ) async throws {
        let query: JSONValue = .object([
            "interval": .string("2026-10-02T00:00:00+00:00/2026-11-03T00:00:00.5+00:00"),
            "paging": .object(["pageSize": .number(100), "pageNumber": .number(1)]),
        ])
        let jobs = "/api/v2/analytics/conversations/details/jobs"
        let sync = try await client.api(
            .post,
            "/api/v2/analytics/conversations/details/query",
            token: token,
            json: JSONValue.object([
                "interval": .string("2026-10-02T00:00:00+00:00/2026-10-31T00:00:00.5+00:00"),
                "paging": .object(["pageSize": .number(100), "pageNumber": .number(1)]),
            ])
        )
        responses.append(("34", try sync.json()))
        let created = try await client.api(.post, jobs, token: token, json: query)
        let jobID = try #require(try created.decode(AsyncQueryResponse.self).jobID)
        responses.append(("36 queued", try await client.api(.get, "\(jobs)/\(jobID)", token: token).json()))
        responses.append(("36 fulfilled", try await client.api(.get, "\(jobs)/\(jobID)", token: token).json()))
        responses.append(("37", try await client.api(.get, "\(jobs)/\(jobID)/results", token: token).json()))
        responses.append(("39", try await client.api(.get, "\(jobs)/availability", token: token).json()))
    }
}
