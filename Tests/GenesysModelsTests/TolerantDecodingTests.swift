import Foundation
import GenesysModels
import Testing

struct TolerantDecodingTests {
    let decoder = JSONDecoder.genesys()

    @Test func aFieldOfTheWrongTypeIsDroppedAndTheRestDecodes() throws {
        let json = Data(
            #"""
            {"id":"c-1","participants":[
              {"id":"p-1","purpose":"customer","wrapupTimeoutMs":"60000","messages":[{"messageId":"m-1"}]},
              {"id":"p-2","purpose":"agent","wrapupRequired":"yes","startTime":"2026-11-01T10:00:00.000Z",
               "wrapup":{"code":"w-1","tags":"not-a-list"}}
            ]}
            """#.utf8
        )
        #expect(throws: DecodingError.self) { try decoder.decode(MessageConversation.self, from: json) }
        let conversation = try TolerantDecoding.decode(MessageConversation.self, from: json, using: decoder)
        let participants = try #require(conversation.participants)
        #expect(conversation.id == "c-1")
        #expect(participants.map(\.id) == ["p-1", "p-2"])
        #expect(participants[0].wrapupTimeoutMs == nil)
        #expect(participants[0].messages?.first?.messageID == "m-1")
        #expect(participants[1].wrapupRequired == nil)
        #expect(participants[1].startTime.map(GenesysDate.format) == "2026-11-01T10:00:00.000Z")
        #expect(participants[1].wrapup?.code == "w-1")
        #expect(participants[1].wrapup?.tags == nil)
    }

    @Test(arguments: [
        "<html><body>Service Unavailable</body></html>",
        "",
        "{\"id\": \"c-1\", \"participants\": [",
    ])
    func bodiesThatAreNotJSONStillFail(body: String) {
        #expect(throws: DecodingError.self) {
            try TolerantDecoding.decode(MessageConversation.self, from: Data(body.utf8), using: decoder)
        }
    }

    @Test func invalidUTF8AndExtremeNestingFailWithoutCrashing() {
        var invalid = Data(#"{"id":"c-1","participants":[{"id":"p-"#.utf8)
        invalid.append(contentsOf: [0xC3, 0x28, 0xFF])
        invalid.append(contentsOf: Data(#""}]}"#.utf8))
        #expect(throws: (any Error).self) { try TolerantDecoding.decode(MessageConversation.self, from: invalid, using: decoder) }
        let deep = Data((#"{"id":"c-1","divisions":"# + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "}").utf8)
        #expect(throws: (any Error).self) { try TolerantDecoding.decode(MessageConversation.self, from: deep, using: decoder) }
    }
}
