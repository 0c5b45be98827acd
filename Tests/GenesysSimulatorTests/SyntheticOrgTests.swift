import Foundation
import GenesysModels
import GenesysSimulator
import Testing

/// The seeded org is deterministic, realistic in shape, and cheap at scale.
struct SyntheticOrgTests {
    static func render(_ org: SyntheticOrg, _ conversation: Int, _ message: Int) throws -> Data {
        let data = org.message(org.conversations[conversation], at: message, baseURL: "http://sim")
        return try JSONEncoder.genesys(sortedKeys: true).encode(data)
    }

    @Test func sameSeedGivesTheSameOrgAndDifferentSeedsDiffer() throws {
        let a = SyntheticOrg(configuration: SimulatorConfiguration(seed: 11, conversations: 50))
        let b = SyntheticOrg(configuration: SimulatorConfiguration(seed: 11, conversations: 50))
        let c = SyntheticOrg(configuration: SimulatorConfiguration(seed: 12, conversations: 50))
        #expect(a.conversations.map(\.id) == b.conversations.map(\.id))
        #expect(a.conversations.map(\.participants) == b.conversations.map(\.participants))
        #expect(a.conversations.map(\.seededMessages) == b.conversations.map(\.seededMessages))
        #expect(try Self.render(a, 7, 3) == Self.render(b, 7, 3))
        #expect(a.cachedMedia == b.cachedMedia)
        #expect(a.conversations.map(\.id) != c.conversations.map(\.id))
        #expect(try Self.render(a, 7, 0) != Self.render(c, 7, 0))
    }

    @Test func messageIDsDecodeBackToTheirPosition() {
        let org = SyntheticOrg(configuration: SimulatorConfiguration(conversations: 120))
        for (conversation, message) in [(0, 0), (13, 1_000), (119, 1)]
        where message < org.conversations[conversation].seededMessages {
            let id = org.messageID(conversation: conversation, message: message)
            #expect(org.locateSeededMessage(id)?.conversation == conversation)
            #expect(org.locateSeededMessage(id)?.message == message)
            #expect(org.locateSeededMessage(id.uppercased())?.message == message)
        }
        #expect(org.locateSeededMessage("00000000-0000-0000-0000-000000000000") == nil)
        #expect(org.locateSeededMessage("not-an-id") == nil)
    }

    @Test func orgHasTheShapesAnExporterMustHandle() throws {
        let org = SyntheticOrg(configuration: SimulatorConfiguration(conversations: 200))
        let counts = org.conversations.map(\.seededMessages)
        #expect(counts.contains { $0 > 1_000 })
        #expect(counts.contains { $0 < 10 })
        #expect(
            Set(org.conversations.map(\.messengerType)).isSuperset(of: [
                "sms", "whatsapp", "facebook", "webmessaging", "open", "instagram",
            ])
        )
        let purposes = Set(org.conversations.flatMap { $0.participants.map(\.purpose) })
        #expect(purposes == ["customer", "agent", "workflow"])
        #expect(
            org.conversations.contains {
                $0.participants.contains { $0.wrapup?.tags.isEmpty == false && $0.wrapup?.notes != nil }
            }
        )
        #expect(org.wrapupCodes.count >= 5)
        #expect(org.cachedMedia.count == 60)
        let start = try #require(GenesysDate.parse("2026-10-02T00:00:00.000Z"))
        let end = try #require(GenesysDate.parse("2026-11-01T00:00:00.000Z"))
        #expect(org.conversations.allSatisfy { $0.start >= start && $0.start < end })

        var legacy = 0
        var attachments = 0
        var emoji = 0
        var pii = 0
        var total = 0
        for conversation in org.conversations.prefix(60) {
            for i in 0..<min(conversation.seededMessages, 200) {
                let message = try #require(org.message(conversation, at: i, baseURL: "http://sim"))
                total += 1
                if message.textBody != nil {
                    legacy += 1
                    #expect(message.normalizedMessage == nil)
                }
                if message.normalizedMessage?.content?.contains(where: { $0.attachment?.sha256 != nil }) == true {
                    attachments += 1
                }
                let text = message.normalizedMessage?.text ?? message.textBody ?? ""
                if text.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation }) { emoji += 1 }
                if text.contains("4111 1111") || text.contains("@example.") { pii += 1 }
            }
        }
        #expect(legacy > 0 && legacy < total / 5)
        #expect(attachments > 0)
        #expect(emoji > 0)
        #expect(pii > 0)
    }

    @Test func aMillionMessageOrgIsGeneratedWithoutRenderingMessages() {
        let org = SyntheticOrg(configuration: SimulatorConfiguration(conversations: 25_000))
        let total = org.conversations.reduce(0) { $0 + $1.seededMessages }
        #expect(total > 1_000_000)
        let last = org.conversations[24_999]
        let id = org.messageID(conversation: last.index, message: last.seededMessages - 1)
        #expect(org.locateSeededMessage(id)?.conversation == 24_999)
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256Digest.hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256Digest.hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
        let long = Data(repeating: 0x61, count: 1_000)
        #expect(SHA256Digest.hex(long) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
