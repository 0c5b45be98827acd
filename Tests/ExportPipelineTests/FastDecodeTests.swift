import ExportPipeline
import Foundation
import GenesysClient
import GenesysModels
import Testing

/// Pins the fast one-pass field reader to the typed decoding it replaces on the hot path: for golden fixtures and
/// hand-written edge cases, the fields (and so the rows and NDJSON lines made from them) are identical.
struct FastDecodeTests {
    /// Message bodies the fast reader must read itself (no fallback), each an edge the typed path handles.
    static let cleanMessages: [String] = [
        // Unknown enum values, unknown fields, a date without milliseconds.
        #"{"id":"m1","timestamp":"2026-11-01T09:30:01Z","direction":"inbound","messengerType":"telegram2","status":"read","normalizedMessage":{"type":"Text","text":"hi","future":{"a":[1,2,{"b":null}]}},"unknownTopLevel":true}"#,
        // Case-insensitive enums, a one-digit fraction, the legacy textBody and media shapes.
        #"{"id":"m2","timestamp":"2024-03-05T17:02:09.5Z","direction":"Outbound","messengerType":"WHATSAPP","textBody":"Your parcel ships today.","status":"delivery-success","media":[{"url":"https://x.invalid/1.png","mediaType":"image/png","contentLengthBytes":1024,"name":"label.png","id":"media-1"}]}"#,
        // Emoji (astral, ZWJ), right-to-left text, NFD combining marks, escapes including a surrogate pair.
        #"{"id":"m3","timestamp":"2026-11-01T09:30:01.123+02:00","normalizedMessage":{"text":"👩‍👩‍👧 مرحبا بالعالم Café e\u0301 \ud83d\ude00 tab\tquote\" slash\/ back\\"}}"#,
        // Structured content: text bodies, a button response, attachments with a null field; createdBy.
        #"{"id":"m4","createdBy":{"id":"u-1","name":"Agent","selfUri":"/u/1"},"normalizedMessage":{"type":"Structured","content":[{"contentType":"Text","text":{"body":"Pick one"}},{"buttonResponse":{"text":"Yes"}},{"attachment":{"id":"a1","mediaType":"image","mime":"image/png","url":"https://x.invalid/a1","filename":"a.png","contentSizeBytes":2048,"sha256":null,"text":"caption"}},{"text":{"body":"or reply"}}]}}"#,
        // Nulls everywhere the typed decoder takes them for absent.
        #"{"id":"m5","timestamp":null,"direction":null,"normalizedMessage":null,"media":null,"createdBy":null,"textBody":null}"#,
        // Whitespace between tokens, numbers of every JSON shape in unread fields.
        "{ \"id\" : \"m6\" ,\n \"extra\" : [ -0.5e+3 , 0 , 1E2 , true , false ] , \"textBody\" : \"x\" }",
        // A 2,000-character body.
        #"{"id":"m7","normalizedMessage":{"type":"Text","text":""# + String(repeating: "ab\u{00E9}d", count: 500) + #""}}"#,
    ]

    /// Message bodies the fast reader hands to the typed decoder; results must still equal the typed ones.
    static let fallbackMessages: [String] = [
        #"{"id":"f1","timestamp":17,"textBody":"timestamp is a number"}"#,
        #"{"id":"f2","direction":["inbound"],"normalizedMessage":{"text":5}}"#,
        #"{"id":"f3","id":"f3-again"}"#,
        #"{"id":"f4","media":[{"contentLengthBytes":1.0e3}]}"#,
        #"{"id":"f5","timestamp":"2026-11-01 09:30:01"}"#,
        #"{"\u0069d":"f6"}"#,
    ]

    @Test(arguments: cleanMessages)
    func fastReaderReadsCleanMessagesExactlyAsTypedDecodingDoes(_ json: String) throws {
        let data = Data(json.utf8)
        let fast = try FieldDecoding.scanMessage(data)
        let typed = try FieldDecoding.typed.message(data)
        expectIdentical(fast, typed)
        expectIdentical(try FieldDecoding.fast.message(data), typed)
    }

    @Test(arguments: fallbackMessages)
    func messagesTheFastReaderGivesUpOnDecodeAsTyped(_ json: String) throws {
        let data = Data(json.utf8)
        #expect(throws: (any Error).self) { try FieldDecoding.scanMessage(data) }
        let typed = Result { try FieldDecoding.typed.message(data) }
        let fast = Result { try FieldDecoding.fast.message(data) }
        switch (fast, typed) {
        case let (.success(a), .success(b)): expectIdentical(a, b)
        case let (.failure(a), .failure(b)): #expect("\(a)" == "\(b)")
        default: Issue.record("fast \(fast) but typed \(typed)")
        }
    }

    @Test(arguments: ["message-data.json", "message-data-legacy.json"])
    func goldenMessageFixturesReadAlike(_ name: String) throws {
        let data = try Self.fixture(name)
        expectIdentical(try FieldDecoding.fast.message(data), try FieldDecoding.typed.message(data))
    }

    @Test func goldenConversationFixtureReadsAlikeAndFast() throws {
        let data = try Self.fixture("message-conversation.json")
        let fast = try FieldDecoding.fast.conversation(data)
        let typed = try FieldDecoding.typed.conversation(data)
        expectIdentical(fast, typed)
        #expect(!fast.participants.isEmpty)
        #expect(fast.participants.allSatisfy { $0.json != nil })
        expectIdentical(try FieldDecoding.scanConversation(data), typed)
    }

    @Test func bulkPagesReadAlikeIncludingUndecodableElements() throws {
        var bodies = [try Self.fixture("text-message-listing.json")]
        let elements = (Self.cleanMessages + Self.fallbackMessages).joined(separator: ",")
        bodies.append(Data((#"{"pageSize":25,"entities":["# + elements + #"],"total":13}"#).utf8))
        // An element with invalid UTF-8 in an unread field: the whole body goes the typed way; that element is
        // undecodable, the others are kept.
        var invalid = Data(#"{"entities":[{"id":"ok"},{"id":"bad","x":""#.utf8)
        invalid.append(contentsOf: [0xC3, 0x28])
        invalid.append(contentsOf: #""}]}"#.utf8)
        bodies.append(invalid)
        for body in bodies {
            let fast = try FieldDecoding.fast.bulkPage(body)
            let typed = try FieldDecoding.typed.bulkPage(body)
            #expect(fast.values.count == typed.values.count)
            for (a, b) in zip(fast.values, typed.values) {
                expectIdentical(a.value, b.value)
                #expect(a.json == b.json)
            }
            #expect(fast.undecodable.map(\.json) == typed.undecodable.map(\.json))
            #expect(fast.undecodable.map(\.reason) == typed.undecodable.map(\.reason))
        }
        // The fast reader itself refuses the invalid element rather than reading past it.
        #expect(throws: (any Error).self) {
            try FieldDecoding.scanMessage(Data(#"{"id":"bad","x":""#.utf8) + Data([0xC3, 0x28]) + Data(#""}"#.utf8))
        }
    }

    @Test func hostileBodiesAreRejectedNotCrashedOn() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        func text(_ parts: Any...) -> Data {
            parts.reduce(into: Data()) { data, part in
                if let part = part as? String { data.append(contentsOf: part.utf8) }
                if let part = part as? [UInt8] { data.append(contentsOf: part) }
            }
        }
        var hostile: [Data] = []
        hostile.append(text(#"{"id":"x","a":"#, deep, "}"))
        hostile.append(text(#"{"id":"x","t":""#, [UInt8]([0xED, 0xA0, 0x80]), #""}"#))  // a UTF-8 surrogate
        hostile.append(text(#"{"id":"x","t":""#, [UInt8]([0xF4, 0x90, 0x80, 0x80]), #""}"#))  // past U+10FFFF
        hostile.append(text(#"{"id":"x""#))
        hostile.append(Data([0xFF, 0xFE]))
        hostile.append(Data())
        // A lone surrogate escape in a field neither path reads: both accept the object alike.
        let loneSurrogate = text(#"{"id":"x","t":"\ud800"}"#)
        for body in hostile + [loneSurrogate] {
            if body != loneSurrogate {
                #expect(throws: (any Error).self) { try FieldDecoding.scanMessage(body) }
            }
            let fast = Result { try FieldDecoding.fast.message(body) }
            let typed = Result { try FieldDecoding.typed.message(body) }
            #expect("\(fast)" == "\(typed)")
        }
    }

    // MARK: - Helpers

    static func fixture(_ name: String) throws -> Data {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("GenesysModelsTests/Fixtures")
        return try Data(contentsOf: folder.appendingPathComponent(name))
    }
}

/// Equal values, and every string in them byte for byte (Swift's `==` on strings ignores NFC/NFD differences).
func expectIdentical<T: Equatable>(_ a: T, _ b: T, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a == b, sourceLocation: sourceLocation)
    #expect(utf8Strings(a) == utf8Strings(b), sourceLocation: sourceLocation)
}

private func utf8Strings(_ value: Any) -> [[UInt8]] {
    if let text = value as? String { return [Array(text.utf8)] }
    if let data = value as? Data { return [Array(data)] }
    return Mirror(reflecting: value).children.flatMap { utf8Strings($0.value) }
}
