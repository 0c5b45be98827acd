import Foundation
import Testing

@testable import ExportPipeline

struct RedactionTests {
    private func redactor(text: JobSpec.TextPolicy, addresses: JobSpec.AddressPolicy) throws -> Redactor {
        try Redactor(
            policy: JobSpec.Redaction(text: text, addresses: addresses),
            hashKey: Data("test-key-0123456789".utf8)
        )
    }

    @Test func masksLuhnValidCardsEmailsAndPhonesAndCountsThem() throws {
        let redactor = try redactor(text: .maskPII, addresses: .keep)
        let text = """
            Card 4111 1111 1111 1111 and 5500-0000-0000-0004, not 4111 1111 1111 1112. \
            Mail jane.doe+shop@example.co.uk or BOB@mail.example.com. \
            Call +44 20 7946 0958, (555) 123-4567 or 555.123.4567. Order 12345 on 2026-11-01.
            """
        let (masked, counts) = redactor.redactText(text)
        let expected = """
            Card [card] and [card], not 4111 1111 1111 1112. \
            Mail [email] or [email]. \
            Call [phone], [phone] or [phone]. Order 12345 on 2026-11-01.
            """
        #expect(masked == expected)
        #expect(counts == RedactionCounts(cards: 2, emails: 2, phones: 3))
    }

    @Test func leavesInvalidLuhnDigitRunsAndIdentifiersAlone() throws {
        let redactor = try redactor(text: .maskPII, addresses: .keep)
        for text in ["ref 4111111111111112", "ticket A1234567890", "v2.1.3 build 123456", "total 1,234.50"] {
            let (masked, counts) = redactor.redactText(text)
            #expect(masked == text)
            #expect(counts == RedactionCounts())
        }
    }

    @Test(arguments: [
        ("+1 (555) 123-4567", "[phone]"),
        ("+15551234567", "[phone]"),
        ("call 07700 900123 today", "call [phone] today"),
        ("my number is 555-1234", "my number is [phone]"),
        ("Ruf mich an: +49 30 1234567 – danke", "Ruf mich an: [phone] – danke"),
        ("order #123456", "order #123456"),
        ("Amex 3782 822463 10005", "Amex [card]"),
        ("card: 4111-1111-1111-1111.", "card: [card]."),
        ("email me at a.b@c.io.", "email me at [email]."),
        ("not an email: foo@bar", "not an email: foo@bar"),
        ("meet at 10:30 on 01.11.2026", "meet at 10:30 on 01.11.2026"),
        ("sent 2026-11-01T10:00:00Z", "sent 2026-11-01T10:00:00Z"),
        ("on 2026-11-01 10:00 or 01.11.2026 10 00", "on 2026-11-01 10:00 or 01.11.2026 10 00"),
        ("on 2026-11-01 call 555 123 4567", "on 2026-11-01 call [phone]"),
        ("tracking 1Z999AA10123456784", "tracking 1Z999AA10123456784"),
        ("👋 jane@example.com 👋", "👋 [email] 👋"),
    ])
    func masksCommonFormats(input: String, expected: String) throws {
        let redactor = try redactor(text: .maskPII, addresses: .keep)
        #expect(redactor.redactText(input).0 == expected)
    }

    @Test func splitsAdjacentNumbersIntoCardAndPhone() throws {
        let redactor = try redactor(text: .maskPII, addresses: .keep)
        let (masked, counts) = redactor.redactText("4111111111111111 5551234567")
        #expect(masked == "[card] [phone]")
        #expect(counts == RedactionCounts(cards: 1, phones: 1))
    }

    @Test func luhnCheckMatchesKnownNumbers() {
        let digits: (String) -> [Int] = { $0.compactMap(\.wholeNumberValue) }
        #expect(PIIScanner.isLuhnValid(digits("79927398713")))
        #expect(!PIIScanner.isLuhnValid(digits("79927398710")))
        #expect(PIIScanner.isLuhnValid(digits("378282246310005")))
    }

    @Test func dropRemovesTextAndCountsIt() throws {
        let redactor = try redactor(text: .drop, addresses: .keep)
        let (value, counts) = redactor.redactText("hello")
        #expect(value == nil)
        #expect(counts.textsDropped == 1)
    }

    @Test func hashIsDeterministicKeyedAndHex() throws {
        let first = try redactor(text: .keep, addresses: .hash)
        let again = try redactor(text: .keep, addresses: .hash)
        let otherKey = try Redactor(
            policy: JobSpec.Redaction(addresses: .hash),
            hashKey: Data("another-key".utf8)
        )
        let (a, counts) = first.redactAddress("+15551234567")
        let (b, _) = again.redactAddress("+15551234567")
        let (c, _) = otherKey.redactAddress("+15551234567")
        let (d, _) = first.redactAddress("+15551234568")
        #expect(a == b)
        #expect(a != c)
        #expect(a != d)
        #expect(counts.addressesHashed == 1)
        let value = try #require(a)
        #expect(value.hasPrefix("hmac:"))
        #expect(value.count == 5 + 64)
        #expect(value.dropFirst(5).allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test func hashMatchesReferenceHMAC() throws {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let redactor = try Redactor(policy: JobSpec.Redaction(addresses: .hash), hashKey: Data("Jefe".utf8))
        #expect(
            redactor.hashAddress("what do ya want for nothing?")
                == "hmac:5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        )
    }

    @Test func customerNamesFollowTheAddressPolicyAndNotesAreMaskedNotDropped() throws {
        let redactor = try redactor(text: .drop, addresses: .hash)
        #expect(
            redactor.redactParticipantName("Jane Customer", purpose: "customer").0
                == redactor.hashAddress("Jane Customer")
        )
        #expect(redactor.redactParticipantName("Alice Agent", purpose: "agent").0 == "Alice Agent")
        let (notes, counts) = redactor.redactNotes("called back on +44 20 7946 0958")
        #expect(notes == "called back on [phone]")
        #expect(counts.phones == 1)
        let keeping = try self.redactor(text: .keep, addresses: .keep)
        #expect(keeping.redactNotes("call +44 20 7946 0958").0 == "call +44 20 7946 0958")
    }

    @Test func hashPolicyWithoutKeyIsRejected() {
        #expect(throws: RedactionError.missingHashKey) {
            try Redactor(policy: JobSpec.Redaction(addresses: .hash), hashKey: nil)
        }
        #expect(throws: RedactionError.missingHashKey) {
            try Redactor(policy: JobSpec.Redaction(addresses: .hash), hashKey: Data())
        }
    }

    @Test func identityRedactorReturnsTheSameBytes() throws {
        let redactor = try Redactor(policy: JobSpec.Redaction(), hashKey: nil)
        #expect(redactor.isIdentity)
        let json = Data(#"{"b":1, "a":"x@y.com"}"#.utf8)
        let (out, counts) = try redactor.redactJSON(json)
        #expect(out == json)
        #expect(counts == RedactionCounts())
    }

    static let secrets = [
        "+15557654321", "+15550001111", "Jane Customer", "Jane", "Customer", "jane@example.com",
        "4111 1111 1111 1111", "refund my order", "wa-id-998877", "ProfilePic", "Agent says hi",
        "call me on 555 765 4321", "nick-jc",
    ]

    static let message = """
        {
          "id": "m1", "timestamp": "2026-11-01T10:00:00.000Z", "direction": "inbound", "messengerType": "sms",
          "fromAddress": "+15557654321", "toAddress": "+15550001111", "textBody": "refund my order",
          "normalizedMessage": {
            "id": "n1", "type": "Text", "text": "refund my order, card 4111 1111 1111 1111",
            "channel": {
              "platform": "Sms", "messageId": "prov-1",
              "from": {"id": "wa-id-998877", "idType": "Phone", "nickname": "nick-jc", "firstName": "Jane",
                       "lastName": "Customer", "email": "jane@example.com", "image": "ProfilePic"},
              "to": {"id": "+15550001111", "idType": "Phone"}
            },
            "content": [
              {"contentType": "Text", "text": {"type": "Text", "body": "call me on 555 765 4321"}},
              {"contentType": "Attachment", "attachment": {"id": "a1", "mediaType": "Image",
                "text": "Agent says hi", "filename": "x.png", "sha256": "abc"}}
            ]
          },
          "read": true, "attachmentCount": 1
        }
        """

    static let conversation = """
        {"id": "c1", "participants": [
          {"id": "p1", "purpose": "customer", "name": "Jane Customer", "address": "+15557654321",
           "fromAddress": {"addressNormalized": "+15557654321", "addressRaw": "+15557654321",
                           "addressDisplayable": "+15557654321", "name": "Jane Customer"},
           "toAddress": {"addressNormalized": "+15550001111"},
           "wrapup": {"code": "w1", "notes": "customer jane@example.com wants a refund"}},
          {"id": "p2", "purpose": "agent", "name": "Alice Agent", "queueName": "Support"}
        ]}
        """

    @Test(arguments: [
        (JobSpec.TextPolicy.drop, JobSpec.AddressPolicy.hash),
        (JobSpec.TextPolicy.drop, JobSpec.AddressPolicy.drop),
    ])
    func redactJSONLeavesNoOriginalTextOrAddress(text: JobSpec.TextPolicy, addresses: JobSpec.AddressPolicy) throws {
        let redactor = try redactor(text: text, addresses: addresses)
        for source in [Self.message, Self.conversation] {
            let (out, _) = try redactor.redactJSON(Data(source.utf8))
            let output = String(decoding: out, as: UTF8.self)
            for secret in Self.secrets {
                #expect(!output.contains(secret), "\(secret) survived in \(output)")
            }
            // The structure and non-PII fields survive.
            let object = try #require(try JSONSerialization.jsonObject(with: out) as? [String: Any])
            #expect(object["id"] != nil)
        }
    }

    @Test func redactJSONMasksTextAndHashesAddressesConsistently() throws {
        let redactor = try redactor(text: .maskPII, addresses: .hash)
        let (out, counts) = try redactor.redactJSON(Data(Self.message.utf8))
        let object = try #require(try JSONSerialization.jsonObject(with: out) as? [String: Any])
        let normalized = try #require(object["normalizedMessage"] as? [String: Any])
        #expect(normalized["text"] as? String == "refund my order, card [card]")
        let content = try #require(normalized["content"] as? [[String: Any]])
        let textContent = try #require(content.first?["text"] as? [String: Any])
        #expect(textContent["body"] as? String == "call me on [phone]")
        #expect(object["fromAddress"] as? String == redactor.hashAddress("+15557654321"))
        let channel = try #require(normalized["channel"] as? [String: Any])
        let to = try #require(channel["to"] as? [String: Any])
        #expect(to["id"] as? String == redactor.hashAddress("+15550001111"))
        #expect(to["idType"] as? String == "Phone")
        #expect(object["read"] as? Bool == true)
        #expect(object["attachmentCount"] as? Int == 1)
        #expect(counts.cards == 1)
        #expect(counts.phones == 1)
        // fromAddress, toAddress, from.id/nickname/firstName/lastName/email/image, to.id
        #expect(counts.addressesHashed == 9)
    }

    @Test func redactJSONCoversAnalyticsSessionsAndAddressLists() throws {
        let redactor = try redactor(text: .keep, addresses: .drop)
        let json = """
            {"conversationId": "c1", "participants": [
              {"purpose": "customer", "participantName": "Jane Customer", "sessions": [
                {"ani": "tel:+15557654321", "dnis": "tel:+15550001111", "addressFrom": "+15557654321",
                 "addressTo": "+15550001111", "remoteNameDisplayable": "Jane", "sessionDnis": "+15550001111",
                 "destinationAddresses": ["+15557654321", "jane@example.com"], "mediaType": "message"}]},
              {"purpose": "agent", "participantName": "Alice Agent", "userId": "u1"}
            ]}
            """
        let (out, counts) = try redactor.redactJSON(Data(json.utf8))
        let output = String(decoding: out, as: UTF8.self)
        for secret in ["Jane", "+15557654321", "+15550001111", "jane@example.com"] {
            #expect(!output.contains(secret), "\(secret) survived in \(output)")
        }
        #expect(output.contains("Alice Agent"))
        #expect(output.contains(#""destinationAddresses":[]"#))
        #expect(counts.addressesDropped == 9)
    }

    @Test func redactJSONMasksWrapupNotesButKeepsAgentNames() throws {
        let redactor = try redactor(text: .drop, addresses: .hash)
        let (out, _) = try redactor.redactJSON(Data(Self.conversation.utf8))
        let output = String(decoding: out, as: UTF8.self)
        #expect(output.contains("customer [email] wants a refund"))
        #expect(output.contains("Alice Agent"))
        #expect(output.contains("Support"))
    }

    @Test func redactJSONRejectsInvalidJSON() throws {
        let redactor = try redactor(text: .maskPII, addresses: .keep)
        #expect(throws: RedactionError.self) { try redactor.redactJSON(Data("{not json".utf8)) }
    }
}
