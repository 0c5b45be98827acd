import Foundation
import GenesysClient
import GenesysModels
import Synchronization
import TestSupport
import Testing

struct BulkMessagesTests {
    /// A server that returns, for each requested id, a message unless the id is in `missing`;
    /// in reverse order, to prove re-keying.
    private static func bulkServer(missing: Set<String>, malformed: Set<String> = []) -> ScriptedHTTPServer.Handler {
        { request in
            if request.path == "/oauth/token" { return .token(Secrets.firstToken) }
            guard request.path == "/api/v2/conversations/messages/conv%2F1/messages/bulk",
                let ids = try? JSONDecoder().decode([String].self, from: request.body)
            else { return .error(status: 400, code: "bad.request", message: "unexpected \(request.path)") }
            let elements = ids.reversed().filter { !missing.contains($0) }.map { id in
                malformed.contains(id)
                    ? #"{"id":"\#(id)","timestamp":12}"#
                    : #"{"id":"\#(id)","direction":"inbound","extraField":{"kept":true},"timestamp":"2026-11-01T10:00:00Z"}"#
            }
            return .json(#"{"entities":[\#(elements.joined(separator: ","))]}"#)
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func splitsTwoThousandThreeHundredFortyFiveIdsIntoThreeRequests() async throws {
        let ids = (0..<2345).map { "m\($0)" }
        let missing: Set<String> = ["m5", "m1500", "m2344"]
        try await withClient(handler: Self.bulkServer(missing: missing)) { client, server in
            // Duplicates are sent once.
            let result = try await client.messages(ids: ids + ["m1", "m2"], inConversation: "conv/1")
            let bulkRequests = server.requests.filter { $0.path.hasSuffix("/messages/bulk") }
            let sizes = try bulkRequests.map { try JSONDecoder().decode([String].self, from: $0.body).count }
            #expect(sizes == [1000, 1000, 345])
            #expect(bulkRequests.allSatisfy { $0.method == "POST" })
            #expect(result.requestCount == 3)
            #expect(result.missingIDs == ["m5", "m1500", "m2344"])
            #expect(result.values.count == 2342)
            #expect(result.values.map { $0.value.id ?? "" } == ids.filter { !missing.contains($0) })
            #expect(result.undecodable.isEmpty)
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func keepsEachMessagesExactJSONAndToleratesOddFields() async throws {
        try await withClient(handler: Self.bulkServer(missing: [], malformed: ["bad"])) { client, _ in
            let result = try await client.messages(ids: ["a", "bad", "b"], inConversation: "conv/1")
            // "bad" sends its timestamp as a number: the typed view leaves it out, the bytes stay whole.
            #expect(result.values.map(\.value.id) == ["a", "bad", "b"])
            let first = try #require(result.values.first)
            #expect(
                String(decoding: first.json, as: UTF8.self)
                    == #"{"id":"a","direction":"inbound","extraField":{"kept":true},"timestamp":"2026-11-01T10:00:00Z"}"#
            )
            #expect(first.value.direction == .inbound)
            let odd = result.values[1]
            #expect(String(decoding: odd.json, as: UTF8.self) == #"{"id":"bad","timestamp":12}"#)
            #expect(odd.value.timestamp == nil)
            #expect(result.undecodable.isEmpty)
            #expect(result.missingIDs.isEmpty)
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func noIdsMeansNoRequest() async throws {
        try await withClient(handler: Self.bulkServer(missing: [])) { client, server in
            let result = try await client.messages(ids: [], inConversation: "conv/1")
            #expect(result.requestCount == 0)
            #expect(server.requests.isEmpty)
        }
    }
}
