import Foundation
import Testing

@testable import ExportPipeline

/// The bytes of one NDJSON line: the API's object kept as sent, on one line, wrapped with the ids of its owners.
struct NDJSONLineTests {
    private func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    @Test func wrapPutsTheIdsFirstAndTheRawObjectLast() {
        let line = ExportNormalizer.wrap(
            [("conversationId", "c-1"), ("participantId", "p-1")],
            member: "message",
            raw: Data(#"{"id":"m-1","textBody":"hi"}"#.utf8)
        )
        #expect(text(line) == #"{"conversationId":"c-1","participantId":"p-1","message":{"id":"m-1","textBody":"hi"}}"#)
    }

    @Test func wrapEscapesIdsThatNeedItAndKeepsUnicodeAsSent() {
        let line = ExportNormalizer.wrap(
            [("conversationId", "a\"b\\c\u{01}")],
            member: "wrapup",
            raw: Data(#"{"notes":"מה קורה 👋 e\u0301"}"#.utf8)
        )
        #expect(text(line) == #"{"conversationId":"a\"b\\c\u0001","wrapup":{"notes":"מה קורה 👋 e\u0301"}}"#)
    }

    @Test func wrapAndLineFlattenPrettyPrintedObjectsOntoOneLine() {
        let pretty = Data("{\r\n  \"id\": \"m-2\",\n  \"text\": \"a\\nb\"\n}".utf8)
        #expect(text(ExportNormalizer.line(pretty)) == "{    \"id\": \"m-2\",   \"text\": \"a\\nb\" }")
        #expect(
            text(ExportNormalizer.wrap([], member: "message", raw: pretty))
                == "{\"message\":{    \"id\": \"m-2\",   \"text\": \"a\\nb\" }}"
        )
    }

    @Test func lineKeepsAnObjectWithoutBreaksAsItIs() {
        let raw = Data(#"{"id":"c-1"}"#.utf8)
        #expect(ExportNormalizer.line(raw) == raw)
        #expect(text(ExportNormalizer.wrap([("id", "")], member: "m", raw: Data())) == #"{"id":"","m":}"#)
    }
}
