import ExportPipeline
import Foundation
import GenesysModels
import Testing

/// Where the `messages.text` column comes from, for the message shapes the API sends.
struct MessageTextTests {
    private func decode(_ json: String) throws -> MessageData {
        try JSONDecoder.genesys().decode(MessageData.self, from: Data(json.utf8))
    }

    @Test func normalizedTextWins() throws {
        let message = try decode(
            #"{"id":"m1","normalizedMessage":{"text":"Hello","content":[{"contentType":"Text","text":{"body":"other"}}]},"textBody":"legacy"}"#
        )
        #expect(ExportNormalizer.messageText(message) == "Hello")
    }

    @Test func structuredMessagesUseTheirTextContentBodies() throws {
        let message = try decode(
            #"{"id":"m2","normalizedMessage":{"type":"Structured","text":"","content":[{"contentType":"Text","text":{"body":"Pick one"}},{"contentType":"Attachment","attachment":{"id":"a"}},{"contentType":"Text","text":{"body":"or reply"}}]}}"#
        )
        #expect(ExportNormalizer.messageText(message) == "Pick one\nor reply")
    }

    @Test func buttonResponsesUseTheClickedText() throws {
        let message = try decode(
            #"{"id":"m3","normalizedMessage":{"content":[{"contentType":"ButtonResponse","buttonResponse":{"type":"QuickReply","text":"Yes please","payload":"yes"}}]}}"#
        )
        #expect(ExportNormalizer.messageText(message) == "Yes please")
    }

    @Test func legacyMessagesUseTextBodyAndEmptyMessagesHaveNoText() throws {
        #expect(ExportNormalizer.messageText(try decode(#"{"id":"m4","textBody":"Old shape"}"#)) == "Old shape")
        #expect(ExportNormalizer.messageText(try decode(#"{"id":"m5","normalizedMessage":{"type":"Receipt"}}"#)) == nil)
    }
}
