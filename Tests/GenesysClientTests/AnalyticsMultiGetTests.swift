import Foundation
import GenesysClient
import GenesysModels
import TestSupport
import Testing

struct AnalyticsMultiGetTests {
    private static let route = "/api/v2/analytics/conversations/details"

    /// A multi-get reply with one `{"conversationId":…,"extra":n}` object per id.
    private static func reply(_ ids: [String]) -> ScriptedResponse {
        let objects = ids.enumerated().map { #"{"conversationId":"\#($1)","extra":\#($0)}"# }
        return .json(#"{"conversations":["# + objects.joined(separator: ",") + "]}")
    }

    @Test func theLimitIsOneHundredIDs() {
        #expect(GenesysClient.analyticsMultiGetLimit == 100)
    }

    @Test(.timeLimit(.minutes(5)))
    func twoHundredFiftyIDsTakeThreeRequestsOfAtMostOneHundred() async throws {
        let ids = (1...250).map { "conv-\($0)" }
        let unknown: Set = ["conv-7", "conv-242"]
        try await withClient { request in
            if request.path == "/oauth/token" { return .token(Secrets.firstToken) }
            // The server answers in reverse order and does not know two of the ids.
            let asked = (request.queryItems["id"] ?? "").split(separator: ",").map(String.init)
            return Self.reply(Array(asked.filter { !unknown.contains($0) }.reversed()))
        } body: { client, server in
            let batch = try await client.analyticsConversations(ids: ids)
            let queries = server.requests(to: Self.route).map(\.query)
            let chunks: [ArraySlice<String>] = [ids[0..<100], ids[100..<200], ids[200..<250]]
            let expected: [String?] = chunks.map { "id=" + $0.joined(separator: ",") }
            #expect(queries == expected)
            #expect(batch.requestCount == 3)
            #expect(batch.values.map(\.value.conversationID) == ids.filter { !unknown.contains($0) })
            #expect(batch.missingIDs == ["conv-7", "conv-242"])
            #expect(batch.undecodable.isEmpty)
            // conv-1 is the last of the 99 objects of the first reply (conv-7 is unknown): index 98, byte for byte.
            #expect(batch.values.first?.json == Data(#"{"conversationId":"conv-1","extra":98}"#.utf8))
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func duplicatesAreAskedOnceAndUndecodableOrUnrequestedObjectsAreKept() async throws {
        try await withClient { request in
            if request.path == "/oauth/token" { return .token(Secrets.firstToken) }
            return .json(
                #"{"conversations":[{"conversationId":"a"},{"conversationId":"c","conversationStart":"not a date"},"#
                    + #""junk",{"conversationId":"z"},{"conversationId":"a","extra":1}]}"#
            )
        } body: { client, server in
            let batch = try await client.analyticsConversations(ids: ["a", "b", "a", "c"])
            #expect(server.requests(to: Self.route).map(\.query) == ["id=a,b,c"])
            // An odd field is left out of the typed view ("c" keeps its bytes); an element that is no object is not.
            #expect(batch.values.map(\.value.conversationID) == ["a", "c", "z"])
            #expect(batch.values[1].value.conversationStart == nil)
            #expect(batch.values.first?.json == Data(#"{"conversationId":"a"}"#.utf8))
            #expect(batch.missingIDs == ["b"])
            #expect(batch.undecodable.map(\.json) == [Data(#""junk""#.utf8)])
            #expect(batch.requestCount == 1)
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func noIDsSendNoRequest() async throws {
        try await withClient { _ in .token(Secrets.firstToken) } body: { client, server in
            let batch = try await client.analyticsConversations(ids: [])
            #expect(batch.requestCount == 0)
            #expect(batch.values.isEmpty)
            #expect(server.requests(to: Self.route).isEmpty)
        }
    }
}
