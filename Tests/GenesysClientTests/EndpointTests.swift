import Foundation
import GenesysClient
import GenesysModels
import TestSupport
import Testing

struct EndpointTests {
    @Test func pathsPercentEncodeIdsAndKeepTheTemplate() throws {
        let endpoint = Endpoint<MessageData>.message(id: "m/1 ?", inConversation: "c#1")
        #expect(endpoint.path == "/api/v2/conversations/messages/c%231/messages/m%2F1%20%3F")
        #expect(endpoint.pathTemplate == "GET /api/v2/conversations/messages/{conversationId}/messages/{messageId}")
        #expect(endpoint.isIdempotent)
        let bulk = try Endpoint<TextMessageListing>.messagesBulk(ids: ["a", "b"], inConversation: "c1")
        #expect(bulk.isIdempotent)
        #expect(bulk.body == Data(#"["a","b"]"#.utf8))
        let send = try Endpoint<MessageData>.sendMessage(
            AdditionalMessage(textBody: "x"),
            conversationID: "c",
            communicationID: "m"
        )
        #expect(!send.isIdempotent)
    }

    @Test func bulkBodiesEscapeWhatJSONRequiresAndParseBackToTheIds() throws {
        let ids = ["plain-1", "quo\"te", "back\\slash", "tab\tnew\nline\r", "\u{01}\u{1F}", "ünï/códe 👋", ""]
        let body = try #require(try Endpoint<TextMessageListing>.messagesBulk(ids: ids, inConversation: "c1").body)
        #expect(
            String(decoding: body, as: UTF8.self)
                == #"["plain-1","quo\"te","back\\slash","tab\tnew\nline\r","\u0001\u001f","ünï/códe 👋",""]"#
        )
        #expect(try JSONSerialization.jsonObject(with: body) as? [String] == ids)
        #expect(try Endpoint<TextMessageListing>.messagesBulk(ids: [], inConversation: "c1").body == Data("[]".utf8))
    }

    @Test func oneStringLiteralIsQuotedAndEscapedAsInsideAnArray() throws {
        #expect(JSONStrings.quoted("plain") == #""plain""#)
        #expect(JSONStrings.quoted("a\u{7}\"é\\") == #""a\u0007\"é\\""#)
        #expect(JSONStrings.arrayText(["x", "y\n"]) == #"["x","y\n"]"#)
        let tricky = ["\u{0}", "\u{1B}[0m", "\u{202E}rtl", "e\u{301}"]
        let parsed = try JSONSerialization.jsonObject(with: Data(JSONStrings.arrayText(tricky).utf8)) as? [String]
        #expect(parsed == tricky)
    }

    @Test func everyPlaceholderTakesTheNextIdAsOneEncodedSegment() throws {
        let wrapup = try Endpoint<EmptyResponse>.applyWrapup(
            nil,
            conversationID: "c/1",
            participantID: "p 2",
            communicationID: "m?3"
        )
        #expect(wrapup.path == "/api/v2/conversations/messages/c%2F1/participants/p%202/communications/m%3F3/wrapup")
        let disconnect = try Endpoint<JSONValue>.updateCommunication(
            MediaParticipantRequest(),
            conversationID: "c",
            participantID: "p",
            communicationID: "m"
        )
        #expect(disconnect.path == "/api/v2/conversations/messages/c/participants/p/communications/m")
        let receipt = try Endpoint<OpenReceiptNormalizedMessage>.sendInboundOpenReceipt(
            OpenInboundNormalizedReceipt(),
            integrationID: "i#1"
        )
        #expect(receipt.path == "/api/v2/conversations/messages/i%231/inbound/open/receipt")
        #expect(PathEncoding.fill("/a/{x}/b/{y}", with: ["1", "2"]) == "/a/1/b/2")
        #expect(PathEncoding.fill("/api/v2/conversations/messages", with: []) == "/api/v2/conversations/messages")
    }

    @Test func anEmptyResponseIgnoresItsBody() throws {
        let endpoint = Endpoint<EmptyResponse>.deleteCachedMediaItem(id: "x")
        #expect(try endpoint.decode(Data()) == EmptyResponse())
        #expect(try endpoint.decode(Data("not json".utf8)) == EmptyResponse())
    }

    @Test func queryValuesFollowTheSDKSerialization() {
        let multi = Endpoint<AnalyticsConversationWithoutAttributesMultiGetResponse>.analyticsConversations(ids: [
            "a", "b", "c",
        ])
        #expect(multi.query.map(\.value) == ["a,b,c"])
        let wrapup = Endpoint<AssignedWrapupCode>.wrapup(conversationID: "c", participantID: "p", provisional: true)
        #expect(wrapup.query.map(\.name) == ["provisional"])
        #expect(wrapup.query.map(\.value) == ["true"])
        #expect(Endpoint<AssignedWrapupCode>.wrapup(conversationID: "c", participantID: "p").query.isEmpty)
    }

    @Test(.timeLimit(.minutes(5)))
    func everyReadEndpointHitsItsDocumentedRoute() async throws {
        try await withClient { request in
            if request.path == "/oauth/token" { return .token(Secrets.firstToken) }
            if request.path.hasSuffix("/wrapupcodes") { return .json(#"[{"id":"w1","name":"Resolved"}]"#) }
            return .json("{}")
        } body: { client, server in
            _ = try await client.send(.activeConversations()).value
            _ = try await client.send(.messageConversation(id: "c1")).value
            _ = try await client.send(.conversation(id: "c1")).value
            _ = try await client.send(.message(id: "m1", inConversation: "c1")).value
            _ = try await client.send(.messageDetails(id: "m1")).value
            _ = try await client.send(.cachedMediaItem(id: "k1")).value
            try await client.send(.deleteCachedMediaItem(id: "k1"))
            _ = try await client.send(.communicationMediaItem(id: "d1", conversationID: "c1", communicationID: "m1")).value
            _ = try await client.send(.wrapup(
                conversationID: "c1",
                participantID: "p1",
                communicationID: "m1",
                provisional: false
            )).value
            _ = try await client.send(.wrapup(conversationID: "c1", participantID: "p1")).value
            let codes = try await client.send(.wrapupCodes(conversationID: "c1", participantID: "p1")).value
            #expect(codes.map(\.name) == ["Resolved"])
            _ = try await client.send(.conversationDetailsJob(id: "j1")).value
            try await client.send(.deleteConversationDetailsJob(id: "j1"))
            _ = try await client.send(.conversationDetailsJobsAvailability()).value
            _ = try await client.analyticsConversations(ids: ["c1", "c2"])
            _ = try await client.send(.analyticsConversation(id: "c1")).value
            let routes = server.requests.filter { $0.path != "/oauth/token" }.map { "\($0.method) \($0.path)" }
            #expect(
                routes == [
                    "GET /api/v2/conversations/messages",
                    "GET /api/v2/conversations/messages/c1",
                    "GET /api/v2/conversations/c1",
                    "GET /api/v2/conversations/messages/c1/messages/m1",
                    "GET /api/v2/conversations/messages/m1/details",
                    "GET /api/v2/conversations/messages/cachedmedia/k1",
                    "DELETE /api/v2/conversations/messages/cachedmedia/k1",
                    "GET /api/v2/conversations/messages/c1/communications/m1/messages/media/d1",
                    "GET /api/v2/conversations/messages/c1/participants/p1/communications/m1/wrapup",
                    "GET /api/v2/conversations/messages/c1/participants/p1/wrapup",
                    "GET /api/v2/conversations/messages/c1/participants/p1/wrapupcodes",
                    "GET /api/v2/analytics/conversations/details/jobs/j1",
                    "DELETE /api/v2/analytics/conversations/details/jobs/j1",
                    "GET /api/v2/analytics/conversations/details/jobs/availability",
                    "GET /api/v2/analytics/conversations/details",
                    "GET /api/v2/analytics/conversations/c1/details",
                ]
            )
            let multiGet = server.requests.first { $0.path == "/api/v2/analytics/conversations/details" }
            #expect(multiGet?.query == "id=c1,c2")
            let wrapup = server.requests.first { $0.path.hasSuffix("/m1/wrapup") }
            #expect(wrapup?.query == "provisional=false")
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func writeEndpointsSendTheirBodies() async throws {
        try await withClient { request in
            if request.path == "/oauth/token" { return .token(Secrets.firstToken) }
            if request.path.hasSuffix("/recordingstate") { return .json(#""ACTIVE""#) }
            if request.path.hasSuffix("/jobs") { return .json(#"{"jobId":"job-7"}"#) }
            return .json("{}")
        } body: { client, server in
            let state = try await client.send(.setRecordingState(
                SetRecordingState(recordingState: .active),
                conversationID: "c1"
            )).value
            #expect(state == "ACTIVE")
            let job = try await client.send(.createConversationDetailsJob(
                AsyncConversationQuery(interval: "2026-11-01T00:00:00.000Z/2026-11-02T00:00:00.000Z")
            )).value
            #expect(job.jobID == "job-7")
            try await client.send(.sendTypingEvent(MessageTypingEventRequest(), conversationID: "c1", communicationID: "m1"))
            let open = try await client.send(.sendInboundOpenMessage(
                OpenInboundNormalizedMessage(),
                integrationID: "int 1",
                prefetchConversationID: true
            )).value
            _ = open
            let put = try #require(server.requests.first { $0.method == "PUT" })
            #expect(put.text == #"{"recordingState":"ACTIVE"}"#)
            #expect(put.header("content-type") == "application/json")
            let openRequest = try #require(server.requests.first { $0.path.contains("/inbound/open/message") })
            #expect(openRequest.path == "/api/v2/conversations/messages/int%201/inbound/open/message")
            #expect(openRequest.query == "prefetchConversationId=true")
        }
    }
}
