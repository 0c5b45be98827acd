import Foundation
import GenesysModels

// Rendering: a seeded or appended message rebuilt from (seed, conversation, index), and its attachments.

extension SyntheticOrg {
    /// Message `i` of `conversation` (seeded or appended); attachment URLs start with `baseURL`.
    package func message(_ conversation: SimConversation, at i: Int, baseURL: String) -> MessageData? {
        guard i >= 0, i < conversation.messageCount else { return nil }
        if i >= conversation.seededMessages {
            return conversation.appended[i - conversation.seededMessages]
        }
        let header = header(conversation, i)
        var rng = SplitMix64(seed, 0x626F_6479, UInt64(conversation.index), UInt64(i))
        let sender = conversation.participants[header.senderIndex]
        let customer = conversation.participants[0]
        let text: String
        if rng.chance(0.03) {
            text = rng.pick(SyntheticText.sensitive)
        } else if header.isInbound {
            text = rng.pick(SyntheticText.customer)
        } else if sender.purpose == "workflow" {
            text = rng.pick(SyntheticText.bot)
        } else {
            text = rng.pick(SyntheticText.agent)
        }
        let attachment: Attachment? =
            rng.chance(header.isInbound ? 0.08 : 0.03)
            ? makeAttachment(conversation: conversation.index, message: i, rng: &rng, baseURL: baseURL) : nil
        let legacy = rng.chance(legacyMessageShare)
        let from = header.isInbound ? customer.address : conversation.orgAddress
        let to = header.isInbound ? conversation.orgAddress : customer.address
        var data = MessageData(
            id: header.id,
            providerMessageID: "pm-" + SplitMix64.hex16(rng.next()),
            timestamp: header.time,
            fromAddress: from,
            toAddress: to,
            direction: .init(rawValue: header.isInbound ? "inbound" : "outbound"),
            messengerType: .init(rawValue: conversation.messengerType),
            status: .init(rawValue: header.status),
            conversationID: conversation.id,
            selfURI: "/api/v2/conversations/messages/\(conversation.id)/messages/\(header.id)"
        )
        if sender.purpose == "agent", let userID = sender.userID {
            data.createdBy = User(id: userID, name: sender.name, selfURI: "/api/v2/users/\(userID)")
        }
        if legacy {
            data.textBody = text
            if let attachment {
                data.media = [
                    MessageMedia(
                        url: attachment.url,
                        mediaType: attachment.mime,
                        contentLengthBytes: attachment.size,
                        name: attachment.filename,
                        id: attachment.id
                    )
                ]
            }
        } else {
            data.normalizedMessage = normalized(
                conversation: conversation,
                id: header.id,
                providerID: data.providerMessageID,
                inbound: header.isInbound,
                sender: sender,
                time: header.time,
                text: text,
                attachment: attachment,
                status: header.status
            )
        }
        return data
    }

    /// The `normalizedMessage` of a message.
    package func normalized(
        conversation: SimConversation,
        id: String,
        providerID: String?,
        inbound: Bool,
        sender: SimParticipant,
        time: Date,
        text: String?,
        attachment: Attachment?,
        status: String,
        type: String = "Text",
        events: [ConversationMessageEvent]? = nil
    ) -> ConversationNormalizedMessage {
        let customer = conversation.participants[0]
        let orgRecipient = ConversationMessagingToRecipient(nickname: "Simulated Org", id: conversation.orgAddress)
        let customerFrom = ConversationMessagingFromRecipient(
            nickname: customer.name,
            id: customer.address,
            idType: .init(rawValue: SyntheticOrg.idType(conversation.messengerType))
        )
        var channel = ConversationMessagingChannel(
            id: conversation.integrationID,
            platform: .init(rawValue: SyntheticOrg.platform(conversation.messengerType)),
            type: .init(rawValue: "Private"),
            messageID: providerID,
            time: time
        )
        if inbound {
            channel.from = customerFrom
            channel.to = orgRecipient
        } else {
            channel.from = ConversationMessagingFromRecipient(nickname: sender.name, id: conversation.orgAddress)
            channel.to = ConversationMessagingToRecipient(nickname: customer.name, id: customer.address)
        }
        var content: [ConversationMessageContent]?
        if let attachment {
            content = [
                ConversationMessageContent(
                    contentType: .init(rawValue: "Attachment"),
                    attachment: ConversationContentAttachment(
                        id: attachment.id,
                        mediaType: .init(rawValue: attachment.mediaType),
                        url: attachment.url,
                        mime: attachment.mime,
                        sha256: attachment.sha256,
                        filename: attachment.filename,
                        contentSizeBytes: attachment.size
                    )
                )
            ]
        }
        let normalizedStatus: String =
            switch status {
            case "read": "Read"
            case "sent", "queued": "Sent"
            case "failed", "delivery-failed": "Failed"
            default: "Delivered"
            }
        return ConversationNormalizedMessage(
            id: id,
            channel: channel,
            type: .init(rawValue: type),
            text: text,
            content: content,
            events: events,
            status: .init(rawValue: normalizedStatus),
            originatingEntity: .init(rawValue: sender.purpose == "workflow" ? "Bot" : "Human"),
            direction: .init(rawValue: inbound ? "Inbound" : "Outbound")
        )
    }

    /// An attachment as the simulator describes and serves it.
    package struct Attachment: Sendable {
        /// Provider attachment id.
        package var id: String
        /// `Image`, `Video`, `Audio` or `File`.
        package var mediaType: String
        /// MIME type.
        package var mime: String
        /// File name (may contain non-ASCII characters).
        package var filename: String
        /// Size in bytes of the served content.
        package var size: Int
        /// Lowercase hex SHA-256 of the served content.
        package var sha256: String
        /// Where the simulator serves the bytes.
        package var url: String
    }

    func makeAttachment(conversation: Int, message: Int, rng: inout SplitMix64, baseURL: String) -> Attachment {
        let kind = rng.pick([
            ("Image", "image/jpeg", "photo.jpg"), ("Image", "image/png", "screenshot.png"),
            ("File", "application/pdf", "invoice-2026-10.pdf"), ("File", "application/pdf", "résumé.pdf"),
            ("Video", "video/mp4", "unboxing.mp4"), ("Audio", "audio/ogg", "voice-note.ogg"),
        ])
        let bytes = attachmentBytes(conversation: conversation, message: message)
        return Attachment(
            id: "att-" + SplitMix64.hex16(SplitMix64.hash([seed, 0x6174_74, UInt64(conversation), UInt64(message)])),
            mediaType: kind.0,
            mime: kind.1,
            filename: kind.2,
            size: bytes.count,
            sha256: SHA256Digest.hex(bytes),
            url: "\(baseURL)/sim/media/attachments/\(conversation)/\(message)"
        )
    }

    /// The bytes served for the attachment of seeded message `message` (deterministic).
    package func attachmentBytes(conversation: Int, message: Int) -> Data {
        var rng = SplitMix64(seed, 0x6279_7465, UInt64(conversation), UInt64(message))
        let size = 128 + rng.below(4_096)
        var bytes = [UInt8]()
        bytes.reserveCapacity(size + 8)
        while bytes.count < size {
            var word = rng.next()
            for _ in 0..<8 where bytes.count < size {
                bytes.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        let data = Data(bytes)
        return data
    }

    /// Whether seeded message `message` of `conversation` carries an attachment (cheap check for the media route).
    package func seededAttachmentExists(conversation: Int, message: Int) -> Bool {
        guard conversation < conversations.count, message < conversations[conversation].seededMessages else {
            return false
        }
        return true
    }
}
