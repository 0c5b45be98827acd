import Foundation
import GenesysModels

/// The seeded, immutable part of a simulated org, and the pure functions that render its messages.
///
/// Nothing here holds message bodies: message `i` of conversation `c` is rebuilt from
/// `(seed, c, i)` whenever it is requested, and message ids encode `(c, i)` so any id can be
/// resolved without an index. The org therefore scales to millions of messages in a few megabytes.
package final class SyntheticOrg: Sendable {
    /// The seed everything derives from.
    package let seed: UInt64
    /// Share of seeded messages rendered in the legacy shape.
    package let legacyMessageShare: Double
    /// The seeded conversations, ordered by start time.
    package let conversations: [SimConversation]
    /// The org's wrap-up codes.
    package let wrapupCodes: [WrapupCode]
    /// The seeded cached media items.
    package let cachedMedia: [CachedMediaItem]
    /// The org's division id.
    package let divisionID: String
    /// The queues agents are routed from.
    package let queueIDs: [String]
    /// The agent users (id, name).
    package let agents: [(id: String, name: String)]

    private let maskConversation: UInt32
    private let maskMessage: UInt32

    /// Generates the org for `configuration` (deterministic for the same seed and sizes).
    package init(configuration: SimulatorConfiguration) {
        let seed = configuration.seed
        self.seed = seed
        self.legacyMessageShare = configuration.legacyMessageShare
        let masks = SplitMix64.hash([seed, 0x6D61_736B])
        self.maskConversation = UInt32(truncatingIfNeeded: masks >> 32)
        self.maskMessage = UInt32(truncatingIfNeeded: masks)

        var rng = SplitMix64(seed, 0x6F72_67)
        let divisionID = rng.uuid()
        self.divisionID = divisionID
        let queueIDs = (0..<3).map { _ in rng.uuid() }
        self.queueIDs = queueIDs
        let agents = SyntheticText.agentNames.map { (id: rng.uuid(), name: $0) }
        self.agents = agents
        let created = configuration.start.addingTimeInterval(-400 * 86_400)
        let codes = SyntheticText.wrapupCodes.map { name in
            WrapupCode(
                id: rng.uuid(),
                name: name,
                division: StarrableDivision(
                    id: divisionID,
                    name: "Home",
                    selfURI: "/api/v2/authorization/divisions/\(divisionID)"
                ),
                description: "\(name) (simulated)",
                dateCreated: created,
                dateModified: created,
                createdBy: agents[0].id,
                modifiedBy: agents[0].id
            )
        }
        self.wrapupCodes = codes.map { code in
            var code = code
            code.selfURI = "/api/v2/routing/wrapupcodes/\(code.id ?? "")"
            return code
        }

        var media: [CachedMediaItem] = []
        for i in 0..<configuration.cachedMediaItems {
            var itemRNG = SplitMix64(seed, 0x6361_6368, UInt64(i))
            let id = itemRNG.uuid()
            let kind = itemRNG.pick([
                ("jpg", "image/jpeg"), ("png", "image/png"), ("mp4", "video/mp4"), ("pdf", "application/pdf"),
            ])
            let createdAt = configuration.start.addingTimeInterval(Double(i) * 3_600 + Double(itemRNG.below(3_600)))
            media.append(
                CachedMediaItem(
                    id: id,
                    url: "https://media.example.com/assets/\(i)/image.\(kind.0)",
                    downloadURL: nil,
                    mediaType: kind.1,
                    contentLengthBytes: 256 + itemRNG.below(8_192),
                    dateCreated: createdAt,
                    dateExpires: createdAt.addingTimeInterval(30 * 86_400),
                    selfURI: "/api/v2/conversations/messages/cachedmedia/\(id)"
                )
            )
        }
        self.cachedMedia = media

        let span = max(1, configuration.end.timeIntervalSince(configuration.start))
        let count = configuration.conversations
        var conversations: [SimConversation] = []
        conversations.reserveCapacity(count)
        for index in 0..<count {
            conversations.append(
                SyntheticOrg.makeConversation(
                    index: index,
                    count: count,
                    seed: seed,
                    start: configuration.start,
                    span: span,
                    divisionID: divisionID,
                    queueIDs: queueIDs,
                    agents: agents,
                    codes: self.wrapupCodes
                )
            )
        }
        self.conversations = conversations
    }

    // MARK: - Ids

    /// The id of seeded message `message` of conversation `conversation`; it encodes both numbers.
    package func messageID(conversation: Int, message: Int) -> String {
        let check = SplitMix64.hash([seed, 0x6D73_6769_64, UInt64(conversation), UInt64(message)])
        let low =
            UInt64(UInt32(truncatingIfNeeded: conversation) ^ maskConversation) << 32
            | UInt64(UInt32(truncatingIfNeeded: message) ^ maskMessage)
        return SplitMix64.uuidString(high: check, low: low ^ SplitMix64.hash([check]))
    }

    /// Decodes a seeded message id into `(conversation, message)`; `nil` for ids this org never issued.
    package func locateSeededMessage(_ id: String) -> (conversation: Int, message: Int)? {
        let hex = id.lowercased().filter { $0 != "-" }
        guard hex.count == 32, let high = UInt64(hex.prefix(16), radix: 16),
            let mixed = UInt64(hex.suffix(16), radix: 16)
        else { return nil }
        let low = mixed ^ SplitMix64.hash([high])
        let conversation = Int(UInt32(truncatingIfNeeded: low >> 32) ^ maskConversation)
        let message = Int(UInt32(truncatingIfNeeded: low) ^ maskMessage)
        guard conversation < conversations.count, message < conversations[conversation].seededMessages,
            SplitMix64.hash([seed, 0x6D73_6769_64, UInt64(conversation), UInt64(message)]) == high
        else { return nil }
        return (conversation, message)
    }

    // MARK: - Seeded message headers

    /// The cheap facts about seeded message `i` that the conversation snapshot needs.
    package struct MessageHeader: Sendable {
        /// Message id.
        package var id: String
        /// Index into `participants` of the sender.
        package var senderIndex: Int
        /// Whether the customer sent it.
        package var isInbound: Bool
        /// When it was sent or received.
        package var time: Date
        /// `MessageData.status`.
        package var status: String
    }

    /// The header of seeded message `i` of `conversation`.
    package func header(_ conversation: SimConversation, _ i: Int) -> MessageHeader {
        var rng = SplitMix64(seed, 0x6864_72, UInt64(conversation.index), UInt64(i))
        let agentIndex = conversation.participants.firstIndex { $0.purpose == "agent" }
        let botIndex = conversation.participants.firstIndex { $0.purpose == "workflow" }
        var inbound: Bool
        var sender = 0
        if i == 0 {
            inbound = true
        } else if i < conversation.botMessages, let botIndex {
            inbound = i % 2 == 0
            sender = inbound ? 0 : botIndex
        } else {
            inbound = rng.chance(0.5)
            if !inbound {
                if let agentIndex {
                    sender = agentIndex
                } else if let botIndex {
                    sender = botIndex
                } else {
                    inbound = true
                }
            }
        }
        let jitter = Double(rng.below(Int(max(1, conversation.seededGap * 500))))
        let time = conversation.start.addingTimeInterval(
            (Double(i) * conversation.seededGap * 1000 + jitter).rounded() / 1000
        )
        let status = inbound ? "received" : rng.pick(["delivery-success", "read", "read", "sent"])
        return MessageHeader(
            id: messageID(conversation: conversation.index, message: i),
            senderIndex: sender,
            isInbound: inbound,
            time: time,
            status: status
        )
    }

    // MARK: - Rendering

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

    private func makeAttachment(conversation: Int, message: Int, rng: inout SplitMix64, baseURL: String) -> Attachment {
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

    // MARK: - Channel vocabulary

    /// `channel.platform` for a messenger type.
    package static func platform(_ messengerType: String) -> String {
        switch messengerType {
        case "sms": "Sms"
        case "whatsapp": "Whatsapp"
        case "facebook": "Facebook"
        case "instagram": "Instagram"
        case "webmessaging": "WebMessaging"
        case "apple": "Apple"
        case "twitter": "Twitter"
        case "linkedin": "LinkedIn"
        default: "Open"
        }
    }

    /// `from.idType` for a messenger type.
    package static func idType(_ messengerType: String) -> String {
        switch messengerType {
        case "sms", "whatsapp": "Phone"
        default: "Opaque"
        }
    }

    // MARK: - Private

    private static func makeConversation(
        index: Int,
        count: Int,
        seed: UInt64,
        start: Date,
        span: TimeInterval,
        divisionID: String,
        queueIDs: [String],
        agents: [(id: String, name: String)],
        codes: [WrapupCode]
    ) -> SimConversation {
        var rng = SplitMix64(seed, 0x636F_6E76, UInt64(index))
        let id = rng.uuid()
        let slot = span / Double(max(1, count))
        let startTime = start.addingTimeInterval(((Double(index) + rng.unit() * 0.9) * slot * 1000).rounded() / 1000)
        let roll = rng.below(100)
        let messengerType =
            switch roll {
            case 0..<30: "webmessaging"
            case 30..<50: "sms"
            case 50..<68: "whatsapp"
            case 68..<80: "facebook"
            case 80..<90: "open"
            case 90..<97: "instagram"
            default: "apple"
            }
        let messages: Int
        if index % 97 == 13 {
            messages = rng.int(in: 1_001...2_600)
        } else {
            let tail = rng.below(100)
            messages =
                switch tail {
                case 0..<4: rng.int(in: 200...800)
                case 4..<24: rng.int(in: 40...150)
                default: rng.int(in: 2...40)
                }
        }
        let gap = Double(rng.int(in: 5...90))
        let integrationID = SplitMix64(seed, 0x696E_74, UInt64(roll < 100 ? messengerType.hashValueStable : 0)).uuidLike
        let customerAddress: String =
            switch messengerType {
            case "sms", "whatsapp": "+1415555" + String(format: "%04d", rng.below(10_000))
            case "facebook", "instagram": String(rng.int(in: 1_000_000_000...9_999_999_999))
            case "open": "open-user-\(rng.below(100_000))"
            default: rng.uuid()
            }
        let orgAddress: String =
            switch messengerType {
            case "sms": "+18885550100"
            case "whatsapp": "+18885550101"
            case "facebook": "1029384756"
            case "instagram": "17841400000000"
            case "apple": "apple-business-sim"
            default: integrationID
            }
        let customerName = rng.pick(SyntheticText.customerNames)
        var participants: [SimParticipant] = [
            SimParticipant(
                id: rng.uuid(),
                communicationID: rng.uuid(),
                purpose: "customer",
                name: customerName,
                address: customerAddress,
                state: "disconnected",
                startTime: startTime,
                connectedTime: startTime,
                attributes: ["language": rng.pick(["en", "es", "fr", "de", "ja"])],
                mediaRoles: [],
                recording: false
            )
        ]
        let hasBot = rng.chance(0.4)
        let hasAgent = !hasBot || rng.chance(0.85)
        let conversationSpan = Double(messages) * gap + Double(rng.int(in: 30...600))
        let endTime = startTime.addingTimeInterval(conversationSpan)
        var botMessages = 0
        if hasBot {
            botMessages = min(messages, 2 + 2 * rng.below(3))
            participants.append(
                SimParticipant(
                    id: rng.uuid(),
                    communicationID: rng.uuid(),
                    purpose: "workflow",
                    name: "Messaging Bot Flow",
                    address: orgAddress,
                    state: "disconnected",
                    startTime: startTime,
                    connectedTime: startTime,
                    endTime: hasAgent ? startTime.addingTimeInterval(Double(botMessages) * gap) : endTime,
                    disconnectType: hasAgent ? "transfer" : "endpoint",
                    attributes: [:],
                    mediaRoles: [],
                    recording: false
                )
            )
        }
        if hasAgent {
            let agent = rng.pick(agents)
            let joined = startTime.addingTimeInterval(Double(botMessages) * gap)
            var wrapup: SimWrapup?
            if rng.chance(0.85) {
                let code = rng.pick(codes)
                let tagCount = rng.below(3)
                wrapup = SimWrapup(
                    code: code.id ?? "",
                    name: code.name,
                    notes: rng.chance(0.7) ? rng.pick(SyntheticText.wrapupNotes) : nil,
                    tags: (0..<tagCount).map { _ in rng.pick(SyntheticText.wrapupTags) },
                    durationSeconds: rng.int(in: 5...300),
                    endTime: endTime.addingTimeInterval(Double(rng.int(in: 5...300))),
                    provisional: false
                )
            }
            participants.append(
                SimParticipant(
                    id: rng.uuid(),
                    communicationID: rng.uuid(),
                    purpose: "agent",
                    name: agent.name,
                    address: orgAddress,
                    userID: agent.id,
                    queueID: rng.pick(queueIDs),
                    state: "disconnected",
                    startTime: joined,
                    connectedTime: joined.addingTimeInterval(Double(rng.int(in: 1...20))),
                    endTime: endTime,
                    disconnectType: "client",
                    wrapup: wrapup,
                    attributes: [:],
                    mediaRoles: [],
                    recording: false
                )
            )
        }
        participants[0].endTime = endTime
        participants[0].disconnectType = "peer"
        return SimConversation(
            index: index,
            id: id,
            messengerType: messengerType,
            integrationID: integrationID,
            orgAddress: orgAddress,
            start: startTime,
            end: endTime,
            seededMessages: messages,
            seededGap: gap,
            botMessages: botMessages,
            participants: participants,
            appended: [],
            appendedSenders: [],
            recordingState: "NONE",
            divisionID: divisionID
        )
    }
}

extension String {
    /// A hash of the string that is stable across processes (unlike `hashValue`).
    fileprivate var hashValueStable: UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in utf8 {
            value = (value ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        return value
    }
}

extension SplitMix64 {
    /// A UUID-shaped string drawn from a copy of this generator.
    fileprivate var uuidLike: String {
        var copy = self
        return copy.uuid()
    }
}
