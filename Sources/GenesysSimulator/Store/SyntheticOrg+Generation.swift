import Foundation
import GenesysModels

// Generation: the seeded conversations of a new org.

extension SyntheticOrg {
    static func makeConversation(
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
