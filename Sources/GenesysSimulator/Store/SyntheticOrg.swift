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
}
