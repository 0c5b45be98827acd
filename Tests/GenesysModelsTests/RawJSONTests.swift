import Foundation
import GenesysModels
import Testing

struct RawJSONTests {
    @Test func slicesEachBulkEntityByteForByte() throws {
        let body = try fixture("text-message-listing")
        let decoded = try RawJSON.decodeElements(MessageData.self, ofMember: "entities", in: body, decoder: .genesys())
        #expect(decoded.failures.isEmpty)
        #expect(decoded.values.map(\.value.id) == ["msg-002", "msg-001"])
        let text = String(decoding: body, as: UTF8.self)
        for raw in decoded.values {
            let slice = String(decoding: raw.json, as: UTF8.self)
            #expect(slice.hasPrefix("{") && slice.hasSuffix("}"))
            #expect(text.contains(slice))
            // The slice is a complete object that decodes on its own, unknown fields included.
            let object = try JSONSerialization.jsonObject(with: raw.json) as? [String: Any]
            #expect(object?["id"] as? String == raw.value.id)
        }
        #expect(String(decoding: decoded.values[1].json, as: UTF8.self).contains(#""unknownTopLevel":true"#))
    }

    @Test func findsTheMemberAfterTrickyValues() throws {
        let body = Data(
            #"{"a":"x\"]}","b":[1,{"c":"]"}],"n":null,"t":true,"num":-1.5e3,"entities":[ {"id":"1"} , [2,3], "s", 4 ],"z":1}"#
                .utf8
        )
        let ranges = try #require(try RawJSON.arrayElements(ofMember: "entities", in: body))
        let elements = ranges.map { String(decoding: body[$0], as: UTF8.self) }
        #expect(elements == [#"{"id":"1"}"#, "[2,3]", #""s""#, "4"])
    }

    @Test func absentOrNullMemberIsNil() throws {
        #expect(try RawJSON.arrayElements(ofMember: "entities", in: Data(#"{"other":[1]}"#.utf8)) == nil)
        #expect(try RawJSON.arrayElements(ofMember: "entities", in: Data(#"{"entities":null}"#.utf8)) == nil)
        #expect(try RawJSON.arrayElements(ofMember: "entities", in: Data("{}".utf8)) == nil)
        #expect(try RawJSON.arrayElements(ofMember: "entities", in: Data(#"{"entities":[]}"#.utf8)) == [])
    }

    @Test func malformedDocumentsThrow() {
        #expect(throws: RawJSON.SliceError.self) {
            _ = try RawJSON.arrayElements(ofMember: "entities", in: Data(#"{"entities":[{"id":"1"}"#.utf8))
        }
        #expect(throws: RawJSON.SliceError.self) {
            _ = try RawJSON.arrayElements(ofMember: "entities", in: Data(#"{"entities":{"id":"1"}}"#.utf8))
        }
        #expect(throws: RawJSON.SliceError.self) {
            _ = try RawJSON.arrayElements(ofMember: "entities", in: Data("[1,2]".utf8))
        }
    }

    @Test func slicesATopLevelArrayAndReportsUndecodableElements() throws {
        let body = Data(#"[{"id":"w1","name":"Resolved"},{"id":"w2","dateCreated":"not a date"},"not an object",{"id":"w3"}]"#.utf8)
        let decoded = try RawJSON.decodeElements(WrapupCode.self, ofMember: nil, in: body, decoder: .genesys())
        // An odd field is dropped from the typed view (the bytes stay whole); an element that is no object fails.
        #expect(decoded.values.map(\.value.id) == ["w1", "w2", "w3"])
        #expect(decoded.values[1].value.dateCreated == nil)
        #expect(String(decoding: decoded.values[1].json, as: UTF8.self) == #"{"id":"w2","dateCreated":"not a date"}"#)
        try #require(decoded.failures.count == 1)
        #expect(String(decoding: decoded.failures[0].json, as: UTF8.self) == #""not an object""#)
    }

    @Test func slicesFromADataSliceWithAnOffset() throws {
        let full = Data(#"xxxx{"entities":[{"id":"a"}]}"#.utf8)
        let body = full.dropFirst(4)
        let decoded = try RawJSON.decodeElements(MessageData.self, ofMember: "entities", in: body, decoder: .genesys())
        #expect(decoded.values.map(\.value.id) == ["a"])
        #expect(decoded.values.first?.json == Data(#"{"id":"a"}"#.utf8))
    }
}
