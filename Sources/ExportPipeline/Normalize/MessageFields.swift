import Foundation
import GenesysModels

/// The fields of a message body (18, 20) the export reads, whether read by the fast ``JSONFieldReader`` or taken
/// from the typed `MessageData` (the oracle the fast path is pinned to).
package struct MessageFields: Sendable, Equatable {
    /// One element of `normalizedMessage.content`.
    package struct Content: Sendable, Equatable {
        /// `text.body`.
        package var textBody: String?
        /// `buttonResponse.text`.
        package var buttonText: String?
        /// `attachment`, when the element has one.
        package var attachment: Attachment?
    }

    /// `normalizedMessage.content[].attachment`.
    package struct Attachment: Sendable, Equatable {
        package var id: String?
        /// The media type as spelled by the typed enum (known values in their canonical spelling).
        package var mediaType: String?
        package var url: String?
        package var mime: String?
        package var text: String?
        package var sha256: String?
        package var filename: String?
        package var contentSizeBytes: Int?
    }

    /// An element of the legacy `media` array.
    package struct Media: Sendable, Equatable {
        package var url: String?
        package var mediaType: String?
        package var contentLengthBytes: Int?
        package var name: String?
        package var id: String?
    }

    package var id: String?
    package var providerMessageID: String?
    package var timestamp: Date?
    package var fromAddress: String?
    package var toAddress: String?
    /// Enum fields hold the typed enum's `rawValue` (known values in their canonical spelling, unknown ones as sent).
    package var direction: String?
    package var messengerType: String?
    package var status: String?
    /// `normalizedMessage.type`.
    package var messageType: String?
    /// `normalizedMessage.text`.
    package var normalizedText: String?
    /// `normalizedMessage.content`.
    package var contents: [Content] = []
    /// `createdBy.id`.
    package var createdByUserID: String?
    /// The legacy `textBody`.
    package var textBody: String?
    /// The legacy `media`.
    package var media: [Media] = []

    /// Creates empty fields.
    package init() {}

    /// The fields of a typed message.
    package init(_ message: MessageData) {
        id = message.id
        providerMessageID = message.providerMessageID
        timestamp = message.timestamp
        fromAddress = message.fromAddress
        toAddress = message.toAddress
        direction = message.direction?.rawValue
        messengerType = message.messengerType?.rawValue
        status = message.status?.rawValue
        messageType = message.normalizedMessage?.type?.rawValue
        normalizedText = message.normalizedMessage?.text
        contents = (message.normalizedMessage?.content ?? []).map { content in
            Content(
                textBody: content.text?.body,
                buttonText: content.buttonResponse?.text,
                attachment: content.attachment.map {
                    Attachment(
                        id: $0.id,
                        mediaType: $0.mediaType?.rawValue,
                        url: $0.url,
                        mime: $0.mime,
                        text: $0.text,
                        sha256: $0.sha256,
                        filename: $0.filename,
                        contentSizeBytes: $0.contentSizeBytes
                    )
                }
            )
        }
        createdByUserID = message.createdBy?.id
        textBody = message.textBody
        media = (message.media ?? []).map {
            Media(url: $0.url, mediaType: $0.mediaType, contentLengthBytes: $0.contentLengthBytes, name: $0.name, id: $0.id)
        }
    }

    /// The text of a message: `normalizedMessage.text`, else the bodies of its Text content elements (structured
    /// messages carry their text there), else a button response's text, else the legacy `textBody`.
    package var text: String? {
        func nonEmpty(_ text: String?) -> String? {
            guard let text, !text.isEmpty else { return nil }
            return text
        }
        if let text = nonEmpty(normalizedText) { return text }
        let bodies = contents.compactMap { nonEmpty($0.textBody) }
        if !bodies.isEmpty { return bodies.joined(separator: "\n") }
        if let reply = contents.lazy.compactMap({ nonEmpty($0.buttonText) }).first { return reply }
        return nonEmpty(textBody)
    }
}
