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

    // MARK: - Lines that share their row's text

    @Test func aValidObjectSharesItsRowsTextAndGivesTheSameBytesAsWrap() {
        let raw = Data(#"{"id":"m-1","text":"מה קורה 👋 é","n":1}"#.utf8)
        let rowText = ExportNormalizer.text(raw)
        let shared = ExportNormalizer.line([("conversationId", "c-1")], member: "message", raw: raw, text: rowText)
        #expect(shared.sharesObject)
        #expect(text(shared.bytes) == #"{"conversationId":"c-1","message":{"id":"m-1","text":"מה קורה 👋 é","n":1}}"#)
        let alone = ExportNormalizer.line(member: nil, raw: raw, text: rowText)
        #expect(alone.sharesObject)
        #expect(alone.bytes == raw)
    }

    @Test func anObjectWithLineBreaksGetsItsOwnFlattenedCopy() {
        let pretty = Data("{\n  \"id\": \"m-2\"\r\n}".utf8)
        let line = ExportNormalizer.line([], member: "message", raw: pretty, text: ExportNormalizer.text(pretty))
        #expect(!line.sharesObject)
        #expect(text(line.bytes) == "{\"message\":{   \"id\": \"m-2\"  }}")
        #expect(!ExportNormalizer.line(member: nil, raw: pretty, text: ExportNormalizer.text(pretty)).sharesObject)
    }

    @Test func invalidUTF8IsWrittenAsSentNotAsTheRowsRepairedText() {
        // 0xFF cannot occur in UTF-8: the row's text repairs it to U+FFFD, the line keeps the byte the API sent.
        var raw = Data(#"{"id":"m-3","text":"a"#.utf8)
        raw.append(0xFF)
        raw.append(contentsOf: #""}"#.utf8)
        let rowText = ExportNormalizer.text(raw)
        #expect(rowText.utf8.count == raw.count + 2)
        let line = ExportNormalizer.line([("conversationId", "c")], member: "message", raw: raw, text: rowText)
        #expect(!line.sharesObject)
        #expect(line.bytes == ExportNormalizer.wrap([("conversationId", "c")], member: "message", raw: raw))
        #expect(ExportNormalizer.line(member: nil, raw: raw, text: rowText).bytes == raw)
    }
}
