import Foundation
import GenesysModels
import GenesysSimulator
import HTTPTypes
import HummingbirdTesting
import Testing

/// Happy paths, 404s and paging of the read endpoints, driven through the router in-process.
struct ReadRouteTests {
    let harness = RouterHarness()

    var first: SimConversation { harness.store.org.conversations[0] }

    /// A seeded conversation with an agent that has a wrap-up.
    var wrapped: SimConversation {
        harness.store.org.conversations.first { conversation in
            conversation.participants.contains { $0.purpose == "agent" && $0.wrapup != nil }
        } ?? harness.store.org.conversations[0]
    }

    @Test func conversationSnapshotListsParticipantsAndEveryMessageID() async throws {
        let conversation = first
        let org = harness.store.org
        try await harness.run { client, token in
            let response = try await client.api(.get, "/api/v2/conversations/messages/\(conversation.id)", token: token)
            #expect(response.status == .ok)
            #expect(response.headers[HTTPField.Name("ININ-Correlation-Id")!] != nil)
            #expect(response.headers[HTTPField.Name("inin-ratelimit-allowed")!] == "300")
            let snapshot = try response.decode(MessageConversation.self)
            #expect(snapshot.id == conversation.id)
            #expect(snapshot.participants?.first?.purpose == "customer")
            let ids = Set(snapshot.participants?.flatMap { $0.messages ?? [] }.compactMap(\.messageID) ?? [])
            #expect(ids.count == conversation.seededMessages)
            #expect(ids.contains(org.messageID(conversation: conversation.index, message: 0)))
            #expect(snapshot.selfURI == "/api/v2/conversations/messages/\(conversation.id)")
        }
    }

    @Test func datetimesCarryMillisecondsAndZ() async throws {
        let conversation = first
        try await harness.run { client, token in
            let response = try await client.api(.get, "/api/v2/conversations/messages/\(conversation.id)", token: token)
            let text = String(decoding: response.data, as: UTF8.self)
            let pattern = /"startTime":"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"/
            #expect(text.contains(pattern))
        }
    }

    @Test func unknownConversationIs404ErrorBody() async throws {
        try await harness.run { client, token in
            let response = try await client.api(.get, "/api/v2/conversations/messages/nope", token: token)
            #expect(response.status == .notFound)
            let error = try response.errorBody()
            #expect(error.status == 404)
            #expect(error.code == "not.found")
            #expect(error.contextID == response.headers[HTTPField.Name("ININ-Correlation-Id")!])
        }
    }

    @Test func unknownPathIs404ErrorBody() async throws {
        try await harness.run { client, token in
            let response = try await client.api(.get, "/api/v2/nothing/here", token: token)
            #expect(response.status == .notFound)
            #expect(try response.errorBody().code == "not.found")
        }
    }

    @Test func genericConversationExposesCommunicationIDs() async throws {
        let conversation = first
        try await harness.run { client, token in
            let response = try await client.api(.get, "/api/v2/conversations/\(conversation.id)", token: token)
            #expect(response.status == .ok)
            let generic = try response.decode(Conversation.self)
            let communications = generic.participants?.compactMap { $0.messages?.first?.id } ?? []
            #expect(communications == conversation.participants.map(\.communicationID))
            let messageIDs = generic.participants?.flatMap { $0.messages?.first?.messages ?? [] }.count
            #expect(messageIDs == conversation.seededMessages)
            let missing = try await client.api(.get, "/api/v2/conversations/missing", token: token)
            #expect(missing.status == .notFound)
        }
    }

    @Test func singleMessageAndDetailsMatchTheBulkRendering() async throws {
        let conversation = first
        let id = harness.store.org.messageID(conversation: conversation.index, message: 1)
        try await harness.run { client, token in
            let single = try await client.api(
                .get,
                "/api/v2/conversations/messages/\(conversation.id)/messages/\(id)",
                token: token
            )
            #expect(single.status == .ok)
            let details = try await client.api(.get, "/api/v2/conversations/messages/\(id)/details", token: token)
            #expect(details.status == .ok)
            #expect(single.data == details.data)
            let message = try single.decode(MessageData.self)
            #expect(message.id == id)
            #expect(message.conversationID == conversation.id)
            let wrongConversation = try await client.api(
                .get,
                "/api/v2/conversations/messages/\(harness.store.org.conversations[1].id)/messages/\(id)",
                token: token
            )
            #expect(wrongConversation.status == .notFound)
            let unknown = try await client.api(.get, "/api/v2/conversations/messages/\(UUID())/details", token: token)
            #expect(unknown.status == .notFound)
        }
    }

    @Test func bulkReturnsFoundMessagesInRequestOrderAndOmitsUnknownIDs() async throws {
        let conversation = first
        let org = harness.store.org
        let ids = [
            org.messageID(conversation: conversation.index, message: 1),
            "00000000-0000-0000-0000-000000000000",
            org.messageID(conversation: conversation.index, message: 0),
            org.messageID(conversation: 1, message: 0),
        ]
        try await harness.run { client, token in
            let response = try await client.api(
                .post,
                "/api/v2/conversations/messages/\(conversation.id)/messages/bulk?useNormalizedMessage=true",
                token: token,
                json: ids
            )
            #expect(response.status == .ok)
            let listing = try response.decode(TextMessageListing.self)
            #expect(listing.entities?.map(\.id) == [ids[0], ids[2]])
            let object = try JSONDecoder().decode([String: JSONValue].self, from: response.data)
            #expect(Array(object.keys) == ["entities"])
        }
        let stats = await harness.store.snapshot()
        #expect(stats.bulkIDsRequested == 4)
        #expect(stats.bulkIDsReturned == 2)
    }

    @Test func bulkRejectsMoreThanAThousandIDs() async throws {
        let conversation = first
        try await harness.run { client, token in
            let ids = (0..<1_001).map { "id-\($0)" }
            let response = try await client.api(
                .post,
                "/api/v2/conversations/messages/\(conversation.id)/messages/bulk",
                token: token,
                json: ids
            )
            #expect(response.status == .badRequest)
            #expect(try response.errorBody().code == "bad.request")
            let exactly = try await client.api(
                .post,
                "/api/v2/conversations/messages/\(conversation.id)/messages/bulk",
                token: token,
                json: Array(ids.prefix(1_000))
            )
            #expect(exactly.status == .ok)
            let unknownConversation = try await client.api(
                .post,
                "/api/v2/conversations/messages/missing/messages/bulk",
                token: token,
                json: ["a"]
            )
            #expect(unknownConversation.status == .notFound)
        }
    }

    @Test func participantWrapupIsReadableAndCustomersHaveNone() async throws {
        let conversation = wrapped
        let agent = try #require(conversation.participants.first { $0.purpose == "agent" })
        let customer = conversation.participants[0]
        let base = "/api/v2/conversations/messages/\(conversation.id)/participants"
        try await harness.run { client, token in
            let participant = try await client.api(.get, "\(base)/\(agent.id)/wrapup", token: token)
            #expect(participant.status == .ok)
            let code = try participant.decode(AssignedWrapupCode.self)
            #expect(code.code == agent.wrapup?.code)
            #expect(code.durationSeconds == agent.wrapup?.durationSeconds)
            let communication = try await client.api(
                .get,
                "\(base)/\(agent.id)/communications/\(agent.communicationID)/wrapup?provisional=false",
                token: token
            )
            #expect(communication.status == .ok)
            #expect(try communication.decode(AssignedWrapupCode.self).code == agent.wrapup?.code)
            let none = try await client.api(.get, "\(base)/\(customer.id)/wrapup", token: token)
            #expect(none.status == .notFound)
            let wrongCommunication = try await client.api(
                .get,
                "\(base)/\(agent.id)/communications/\(customer.communicationID)/wrapup",
                token: token
            )
            #expect(wrongCommunication.status == .notFound)
            let unknownParticipant = try await client.api(.get, "\(base)/nobody/wrapup", token: token)
            #expect(unknownParticipant.status == .notFound)
        }
    }

    @Test func wrapupCodesAreABareArray() async throws {
        let conversation = wrapped
        let agent = try #require(conversation.participants.first { $0.purpose == "agent" })
        let count = harness.store.org.wrapupCodes.count
        try await harness.run { client, token in
            let response = try await client.api(
                .get,
                "/api/v2/conversations/messages/\(conversation.id)/participants/\(agent.id)/wrapupcodes",
                token: token
            )
            #expect(response.status == .ok)
            let codes = try response.decode([WrapupCode].self)
            #expect(codes.count == count)
            #expect(codes.allSatisfy { $0.id != nil && $0.name != nil })
        }
    }

    @Test func cachedMediaPagesToTheLastPage() async throws {
        let total = harness.configuration.cachedMediaItems
        try await harness.run { client, token in
            var uri: String? = "/api/v2/conversations/messages/cachedmedia?pageSize=25&pageNumber=1"
            var seen: [String] = []
            var pages = 0
            while let next = uri {
                let response = try await client.api(.get, next, token: token)
                #expect(response.status == .ok)
                let listing = try response.decode(CachedMediaItemEntityListing.self)
                seen += listing.entities?.compactMap(\.id) ?? []
                #expect(listing.total == total)
                #expect(listing.pageCount == (total + 24) / 25)
                #expect(listing.firstURI == "/api/v2/conversations/messages/cachedmedia?pageSize=25&pageNumber=1")
                pages += 1
                uri = listing.nextURI
                if uri == nil {
                    #expect(listing.selfURI == listing.lastURI)
                    #expect(listing.previousURI != nil)
                }
            }
            #expect(pages == 3)
            #expect(Set(seen).count == total)
            let item = try await client.api(.get, "/api/v2/conversations/messages/cachedmedia/\(seen[0])", token: token)
            #expect(item.status == .ok)
            #expect(try item.decode(CachedMediaItem.self).downloadURL?.contains("/sim/media/cached/") == true)
            let missing = try await client.api(.get, "/api/v2/conversations/messages/cachedmedia/missing", token: token)
            #expect(missing.status == .notFound)
            let bad = try await client.api(
                .get,
                "/api/v2/conversations/messages/cachedmedia?pageSize=abc",
                token: token
            )
            #expect(bad.status == .badRequest)
        }
    }

    @Test func activeConversationsListingIsEmptyForTheSeededOrg() async throws {
        try await harness.run { client, token in
            let response = try await client.api(.get, "/api/v2/conversations/messages", token: token)
            #expect(response.status == .ok)
            let listing = try response.decode(MessageConversationEntityListing.self)
            #expect(listing.total == 0)
            #expect(listing.pageNumber == 1)
        }
    }

    @Test func attachmentsAreServedWithTheAdvertisedSHA256() async throws {
        let org = harness.store.org
        var found: (SimConversation, Int, ConversationContentAttachment)?
        search: for conversation in org.conversations {
            for i in 0..<conversation.seededMessages {
                let message = org.message(conversation, at: i, baseURL: "http://sim")
                if let attachment = message?.normalizedMessage?.content?.first?.attachment {
                    found = (conversation, i, attachment)
                    break search
                }
            }
        }
        let (conversation, index, attachment) = try #require(found)
        let path = try #require(attachment.url?.replacingOccurrences(of: "http://sim", with: ""))
        #expect(path == "/sim/media/attachments/\(conversation.index)/\(index)")
        try await harness.run { client, _ in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .ok)
            #expect(response.data.count == attachment.contentSizeBytes)
            #expect(SHA256Digest.hex(response.data) == attachment.sha256)
        }
    }

    @Test func theSameSeedServesByteIdenticalResponses() async throws {
        func fetch(seed: UInt64) async throws -> [Data] {
            let harness = RouterHarness(SimulatorConfiguration(seed: seed, conversations: 20))
            let conversation = harness.store.org.conversations[13]
            let ids = (0..<conversation.seededMessages).map {
                harness.store.org.messageID(conversation: conversation.index, message: $0)
            }
            return try await harness.run { client, token in
                let snapshot = try await client.api(.get, "/api/v2/conversations/messages/\(conversation.id)", token: token)
                let bulk = try await client.api(
                    .post,
                    "/api/v2/conversations/messages/\(conversation.id)/messages/bulk",
                    token: token,
                    json: Array(ids.prefix(1_000))
                )
                return [snapshot.data, bulk.data]
            }
        }
        let first = try await fetch(seed: 5)
        #expect(first == (try await fetch(seed: 5)))
        #expect(first != (try await fetch(seed: 6)))
    }
}
