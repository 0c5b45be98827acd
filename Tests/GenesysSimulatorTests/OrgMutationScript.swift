import Foundation
import GenesysModels
import GenesysSimulator
import HTTPTypes
import HummingbirdTesting
import Testing

/// The request sequences a change-tracking test uses to mutate the org, as plain API calls.
enum OrgMutationScript {
    /// An open conversation created by an inbound Open Messaging message (endpoint 9), with the ids a test needs.
    struct OpenConversation {
        var conversationID: String
        var firstMessageID: String
        var customerID: String
        var customerCommunicationID: String
        var agentID: String
        var agentCommunicationID: String

        /// `/api/v2/conversations/messages/{conversationId}`.
        var base: String { "/api/v2/conversations/messages/\(conversationID)" }
    }

    /// An inbound Open Messaging message (endpoint 9 body) from `sender`.
    static func inbound(from sender: String, text: String, time: String = "2026-11-02T00:00:00.000Z") -> JSONValue {
        .object([
            "channel": .object([
                "messageId": .string("ext-\(sender)-\(text.count)"),
                "from": .object(["id": .string(sender), "idType": .string("Opaque"), "nickname": .string(sender)]),
                "time": .string(time),
            ]),
            "text": .string(text),
        ])
    }

    /// POST 9 with `prefetchConversationId=true`, then GET 42 for the participant and communication ids.
    static func openConversation(
        _ client: any TestClientProtocol,
        token: String,
        integration: String = "int-mut",
        sender: String,
        text: String = "hello"
    ) async throws -> OpenConversation {
        let created = try await client.api(
            .post,
            "/api/v2/conversations/messages/\(integration)/inbound/open/message?prefetchConversationId=true",
            token: token,
            json: inbound(from: sender, text: text)
        )
        #expect(created.status == .ok)
        let message = try created.decode(OpenMessageNormalizedMessage.self)
        let conversationID = try #require(message.conversationID)
        let generic = try await client.api(.get, "/api/v2/conversations/\(conversationID)", token: token)
        let participants = try generic.decode(Conversation.self).participants ?? []
        let customer = try #require(participants.first { $0.purpose == "customer" })
        let agent = try #require(participants.first { $0.purpose == "agent" })
        return OpenConversation(
            conversationID: conversationID,
            firstMessageID: try #require(message.id),
            customerID: try #require(customer.id),
            customerCommunicationID: try #require(customer.messages?.first?.id),
            agentID: try #require(agent.id),
            agentCommunicationID: try #require(agent.messages?.first?.id)
        )
    }

    /// The first wrap-up code the agent may use (endpoint 33).
    static func firstWrapupCode(
        _ client: any TestClientProtocol,
        token: String,
        _ open: OpenConversation
    ) async throws -> String {
        let codes = try await client.api(.get, "\(open.base)/participants/\(open.agentID)/wrapupcodes", token: token)
        return try #require(try codes.decode([WrapupCode].self).first?.id)
    }

    /// GET 12 as untyped JSON, keyed by participant id.
    static func snapshotParticipants(
        _ client: any TestClientProtocol,
        token: String,
        _ conversationID: String
    ) async throws -> [String: JSONValue] {
        let snapshot = try await client.api(.get, "/api/v2/conversations/messages/\(conversationID)", token: token)
        #expect(snapshot.status == .ok)
        return try keyed(snapshot.json()["participants"], by: "id")
    }

    /// The message ids 12 lists for one participant, in order.
    static func messageIDs(_ participant: JSONValue?) -> [String] {
        guard case .array(let messages)? = participant?["messages"] else { return [] }
        return messages.compactMap { $0["messageId"]?.stringValue }
    }

    /// POST 18 and return the entities' ids and texts, in response order.
    static func bulk(
        _ client: any TestClientProtocol,
        token: String,
        _ conversationID: String,
        ids: [String]
    ) async throws -> [(id: String?, text: String?)] {
        let response = try await client.api(
            .post,
            "/api/v2/conversations/messages/\(conversationID)/messages/bulk",
            token: token,
            json: ids
        )
        #expect(response.status == .ok)
        let entities = try response.decode(TextMessageListing.self).entities ?? []
        return entities.map { ($0.id, $0.normalizedMessage?.text) }
    }

    /// GET 40 for one conversation, as untyped JSON (`nil` when it is not returned).
    static func analytics(
        _ client: any TestClientProtocol,
        token: String,
        _ conversationID: String
    ) async throws -> JSONValue? {
        let response = try await client.api(
            .get,
            "/api/v2/analytics/conversations/details?id=\(conversationID)",
            token: token
        )
        #expect(response.status == .ok)
        guard case .array(let conversations)? = try response.json()["conversations"] else { return nil }
        return conversations.first { $0["conversationId"]?.stringValue == conversationID }
    }

    /// POST 34 over `interval` (optionally with extra segment predicates) and return the conversation ids.
    static func syncQuery(
        _ client: any TestClientProtocol,
        token: String,
        interval: String,
        predicates: [JSONValue] = []
    ) async throws -> [String: JSONValue] {
        let message: JSONValue = .object([
            "type": .string("dimension"), "dimension": .string("mediaType"), "value": .string("message"),
        ])
        let query: JSONValue = .object([
            "interval": .string(interval),
            "order": .string("asc"),
            "orderBy": .string("conversationStart"),
            "paging": .object(["pageSize": .number(100), "pageNumber": .number(1)]),
            "segmentFilters": .array([.object(["type": .string("and"), "predicates": .array([message] + predicates)])]),
        ])
        let response = try await client.api(
            .post,
            "/api/v2/analytics/conversations/details/query",
            token: token,
            json: query
        )
        #expect(response.status == .ok)
        return try keyed(response.json()["conversations"], by: "conversationId")
    }

    /// Submits an async job (35), polls it (36) until FULFILLED and returns its results (37) by conversation id.
    static func asyncJob(
        _ client: any TestClientProtocol,
        token: String,
        interval: String
    ) async throws -> [String: JSONValue] {
        let jobs = "/api/v2/analytics/conversations/details/jobs"
        let created = try await client.api(
            .post,
            jobs,
            token: token,
            json: JSONValue.object(["interval": .string(interval)])
        )
        let jobID = try #require(try created.decode(AsyncQueryResponse.self).jobID)
        for _ in 0..<2 {
            _ = try await client.api(.get, "\(jobs)/\(jobID)", token: token)
        }
        let results = try await client.api(.get, "\(jobs)/\(jobID)/results?pageSize=1000", token: token)
        #expect(results.status == .ok)
        return try keyed(results.json()["conversations"], by: "conversationId")
    }

    /// An array of objects keyed by the string member `key`.
    static func keyed(_ value: JSONValue?, by key: String) -> [String: JSONValue] {
        guard case .array(let items)? = value else { return [:] }
        var result: [String: JSONValue] = [:]
        for item in items {
            if let id = item[key]?.stringValue { result[id] = item }
        }
        return result
    }
}
