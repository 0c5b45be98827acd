import Foundation
import GenesysModels
import Testing

struct WireFormatTests {
    @Test func decodesMessageConversationWithUnknownValuesAndFields() throws {
        let conversation = try decodeFixture(MessageConversation.self, "message-conversation")
        #expect(conversation.id == "7d3c1a52-8f0e-4b8a-9a61-2f6f3e0b8c11")
        let participants = try #require(conversation.participants)
        #expect(participants.count == 2)
        let customer = participants[0]
        #expect(customer.purpose == "customer")
        #expect(customer.state == .disconnected)
        #expect(customer.direction == .inbound)
        #expect(customer.type == .unknown("threads"))
        #expect(customer.type?.rawValue == "threads")
        #expect(customer.type?.isKnown == false)
        #expect(customer.startTime == utc(2026, 11, 1, 9, 30, 0))
        #expect(customer.connectedTime == utc(2026, 11, 1, 9, 30, 0, millis: 250))
        #expect(customer.attributes == ["campaign": "autumn"])
        #expect(customer.peer == "comm-agent-1")
        #expect(customer.messages?.map(\.messageID) == ["msg-001", "msg-003"])
        #expect(customer.messages?.first?.messageStatus == .received)
        #expect(customer.messages?.last?.messageStatus == .deliverySuccess)
        #expect(customer.messages?.first?.messageTime == utc(2026, 11, 1, 9, 30, 1))
        #expect(customer.messages?.first?.messageMetadata?.type == .text)
        let agent = participants[1]
        #expect(agent.state == .connected)  // "CONNECTED": case-insensitive
        #expect(agent.disconnectType == .sessionExpired)
        #expect(agent.wrapup?.code == "wc-1")
        #expect(agent.wrapup?.name == "Resolved")
        #expect(agent.user?.id == "user-1")
        #expect(agent.type == .sms)
        #expect(conversation.divisions?.first?.entities?.first?.dateDivisionUpdated == utc(2026, 10, 1, 0, 0, 0))
    }

    @Test func decodesTheActiveConversationListing() throws {
        let listing = try decodeFixture(MessageConversationEntityListing.self, "message-conversation-listing")
        #expect(listing.entities?.map(\.id) == ["conv-a", "conv-b"])
        #expect(listing.pageCount == 1)
        #expect(!listing.hasMorePages)
    }

    @Test func decodesCurrentMessageDataWithNormalizedMessage() throws {
        let message = try decodeFixture(MessageData.self, "message-data")
        #expect(message.id == "msg-001")
        #expect(message.providerMessageID == "SM123")
        #expect(message.direction == .inbound)
        #expect(message.messengerType == .sms)
        #expect(message.status == .received)
        #expect(message.timestamp == utc(2026, 11, 1, 9, 30, 1))
        #expect(message.textBody == nil)
        #expect(message.media == nil)
        let normalized = try #require(message.normalizedMessage)
        #expect(normalized.text?.hasPrefix("Hello, my order #123") == true)
        #expect(normalized.direction == .inbound)  // "Inbound" here, "inbound" on MessageData
        #expect(normalized.status == .delivered)
        #expect(normalized.channel?.platform == .sms)
        #expect(normalized.channel?.from?.nickname == "Ada")
        #expect(normalized.channel?.time == utc(2026, 11, 1, 9, 30, 1))
        let content = try #require(normalized.content)
        #expect(content.count == 3)
        #expect(content[0].text?.body == "Hello")
        let attachment = try #require(content[1].attachment)
        #expect(content[1].contentType == .attachment)
        #expect(attachment.mediaType == .image)
        #expect(attachment.filename == "receipt.jpg")
        #expect(attachment.contentSizeBytes == 20480)
        #expect(content[2].contentType == .unknown("Hologram"))
        #expect(message.normalizedReceipts?.first?.status == .read)
        #expect(message.normalizedReceipts?.first?.reasons?.first?.code == .messageExpired)
        #expect(message.createdBy?.name == "Grace Agent")
    }

    @Test func decodesLegacyMessageDataWithTextBodyAndMedia() throws {
        let message = try decodeFixture(MessageData.self, "message-data-legacy")
        #expect(message.textBody == "Your parcel ships today.")
        #expect(message.normalizedMessage == nil)
        #expect(message.direction == .outbound)  // "Outbound"
        #expect(message.messengerType == .whatsapp)  // "WHATSAPP"
        #expect(message.status == .deliverySuccess)
        #expect(message.timestamp == utc(2024, 3, 5, 17, 2, 9, millis: 500))
        let media = try #require(message.media?.first)
        #expect(media.url == "https://example.invalid/m/1.png")
        #expect(media.mediaType == "image/png")
        #expect(media.contentLengthBytes == 1024)
        #expect(media.id == "media-1")
    }

    @Test func decodesTheBulkListing() throws {
        let listing = try decodeFixture(TextMessageListing.self, "text-message-listing")
        #expect(listing.entities?.map(\.id) == ["msg-002", "msg-001"])
        #expect(listing.entities?.last?.messengerType == .unknown("telegram2"))
        #expect(listing.entities?.last?.normalizedMessage?.text == #"escaped "quote" and backslash \"#)
    }

    @Test func decodesTheGenericConversationWithCommunicationIDs() throws {
        let conversation = try decodeFixture(Conversation.self, "conversation")
        let participants = try #require(conversation.participants)
        #expect(participants.map(\.id) == ["p-customer-1", "p-agent-1"])
        #expect(participants[0].messages?.first?.id == "comm-customer-1")
        #expect(participants[0].messages?.first?.peerID == "comm-agent-1")
        #expect(participants[0].messages?.first?.messages?.first?.messageID == "msg-001")
        #expect(participants[1].messages?.first?.id == "comm-agent-1")
        #expect(
            participants[1].messages?.first?.messages?.first?.messageTime == utc(2026, 11, 1, 9, 30, 30, millis: 500)
        )
        #expect(participants[1].userID == "user-1")
        #expect(conversation.state == .disconnected)
        #expect(conversation.endTime == utc(2026, 11, 1, 9, 46, 0))
    }

    @Test func decodesMediaModels() throws {
        let cached = try decodeFixture(CachedMediaItemEntityListing.self, "cached-media-listing")
        #expect(cached.entities?.first?.downloadURL == "https://files.example.invalid/cm-1")
        #expect(cached.entities?.first?.dateExpires == utc(2026, 12, 1, 8, 0, 0))
        #expect(cached.pageNumber == 2 && cached.pageCount == 2)
        #expect(!cached.hasMorePages)
        let item = try decodeFixture(CachedMediaItem.self, "cached-media-item")
        #expect(item.contentLengthBytes == 5120)
        let media = try decodeFixture(MessageMediaListing.self, "message-media-listing")
        #expect(media.entities?.first?.status == .valid)
        #expect(media.entities?.first?.communicationID == "comm-agent-1")
        #expect(media.entities?.last?.status == .unknown("quarantined"))
        #expect(media.nextURI == nil)
        let single = try decodeFixture(MessageMediaData.self, "message-media-data")
        #expect(single.status == .uploading)
    }

    @Test func decodesWrapupModels() throws {
        let assigned = try decodeFixture(AssignedWrapupCode.self, "assigned-wrapup-code")
        #expect(assigned.code == "wc-1")
        #expect(assigned.tags == ["billing", "refund"])
        #expect(assigned.durationSeconds == 42)
        #expect(assigned.endTime == utc(2026, 11, 1, 9, 46, 0))
        let codes = try decodeFixture([WrapupCode].self, "wrapup-codes")
        #expect(codes.map(\.name) == ["Resolved", "Escalated"])
        #expect(codes[0].division?.name == "Home")
        #expect(millis(codes[0].dateModified) == millis(utc(2025, 6, 1, 12, 0, 0, millis: 123)))
    }

    @Test func decodesAnalyticsModels() throws {
        let sync = try decodeFixture(AnalyticsConversationQueryResponse.self, "analytics-query-response")
        #expect(sync.totalHits == 1)
        let conversation = try #require(sync.conversations?.first)
        #expect(conversation.conversationID == "conv-1")
        #expect(conversation.originatingDirection == .inbound)
        #expect(conversation.conversationInitiator == .customer)
        let session = try #require(conversation.participants?.first?.sessions?.first)
        #expect(session.sessionID == "comm-customer-1")
        #expect(session.mediaType == .message)
        #expect(session.deliveryStatus == .deliverySuccess)
        #expect(session.segments?.first?.segmentType == .interact)
        #expect(session.metrics?.first?.value == 1)
        #expect(conversation.participants?.last?.sessions?.first?.segments?.first?.wrapUpCode == "wc-1")

        let async = try decodeFixture(AnalyticsConversationAsyncQueryResponse.self, "analytics-async-results")
        #expect(async.cursor == "eyJwYWdlIjoyfQ==")
        #expect(async.conversations?.first?.participants?.first?.attributes == ["orderId": "123"])
        #expect(async.conversations?.first?.participants?.first?.sessions?.first?.mediaType == .message)
        #expect(async.dataAvailabilityDate == utc(2026, 11, 1, 11, 0, 0))

        let status = try decodeFixture(AsyncQueryStatus.self, "async-query-status")
        #expect(status.state == .fulfilled)
        #expect(status.completionDate == utc(2026, 11, 2, 10, 0, 7))
        #expect(try decodeFixture(AsyncQueryResponse.self, "async-query-response").jobID == "job-7a")
        #expect(try decodeFixture(DataAvailabilityResponse.self, "data-availability").dataAvailabilityDate != nil)
        let multi = try decodeFixture(AnalyticsConversationWithoutAttributesMultiGetResponse.self, "analytics-multiget")
        #expect(multi.conversations?.map(\.conversationID) == ["conv-1", "conv-2"])
    }

    @Test func decodesErrorAndTokenBodies() throws {
        let error = try decodeFixture(ErrorBody.self, "error-body")
        #expect(error.code == "not.found")
        #expect(error.status == 404)
        #expect(error.contextID == "ctx-5f1")
        #expect(error.messageParams == ["id": "conv-x"])
        #expect(error.details?.first?.fieldName == "conversationId")
        #expect(error.errors?.first?.code == "inner")
        #expect(error.limit?.value == 300)
        let token = try decodeFixture(OAuthTokenResponse.self, "token-response")
        #expect(token.accessToken == "example-token-value")
        #expect(token.tokenType == .bearer)
        #expect(token.expiresIn == 86399)
    }

    @Test func everyFixtureDecodesAsItsModel() throws {
        // Guards against a fixture added without a decoding test.
        let directory = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
        #expect(names.count == 20)
    }

    @Test func enumsMatchCaseInsensitivelyAndKeepUnknownText() throws {
        #expect(MessageData.Direction(rawValue: "INBOUND") == .inbound)
        #expect(MessageData.Direction(rawValue: "Outbound") == .outbound)
        #expect(MessageData.Status(rawValue: "Delivery-Success") == .deliverySuccess)
        #expect(MessageData.MessengerType(rawValue: "kakao") == .unknown("kakao"))
        let decoded = try JSONDecoder.genesys().decode(
            [MessageData.MessengerType].self,
            from: Data(#"["SMS","Line2"]"#.utf8)
        )
        #expect(decoded == [.sms, .unknown("Line2")])
        let encoded = try JSONEncoder.genesys().encode(decoded)
        #expect(String(decoding: encoded, as: UTF8.self) == #"["sms","Line2"]"#)
    }

    @Test func datetimesDecodeWithAndWithoutMillisecondsAndEncodeWithThem() throws {
        #expect(GenesysDate.parse("2026-11-01T09:30:00Z") == utc(2026, 11, 1, 9, 30, 0))
        #expect(GenesysDate.parse("2026-11-01T09:30:00.5Z") == utc(2026, 11, 1, 9, 30, 0, millis: 500))
        #expect(
            millis(GenesysDate.parse("2026-11-01T09:30:00.123Z")) == millis(utc(2026, 11, 1, 9, 30, 0, millis: 123))
        )
        // Every millisecond survives a parse/format round trip.
        for ms in 0..<1000 {
            let text = "2026-11-01T09:30:00.\(String(format: "%03d", ms))Z"
            #expect(GenesysDate.parse(text).map(GenesysDate.format) == text)
        }
        #expect(GenesysDate.parse("2026-11-01T10:30:00+01:00") == utc(2026, 11, 1, 9, 30, 0))
        #expect(GenesysDate.parse("2026-11-01 09:30") == nil)
        #expect(GenesysDate.format(utc(2026, 11, 1, 9, 30, 0, millis: 7)) == "2026-11-01T09:30:00.007Z")
        let encoded = try JSONEncoder.genesys(sortedKeys: true).encode(
            AssignedWrapupCode(code: "wc", endTime: utc(2026, 1, 2, 3, 4, 5))
        )
        #expect(String(decoding: encoded, as: UTF8.self) == #"{"code":"wc","endTime":"2026-01-02T03:04:05.000Z"}"#)
    }

    @Test func formatMatchesFoundationsISO8601FormatterAcrossYearsAndDays() {
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        reference.timeZone = TimeZone(identifier: "UTC")
        // Whole-millisecond instants from 1600 to 9999, leap days and the epoch's neighbours among them (Foundation
        // switches to the Julian calendar before 1582, so earlier years are checked by hand below).
        var instants: [Double] = [0, -0.001, 951_782_400, 4_107_542_400, 253_402_300_799.999]
        var seconds = -11_676_096_000.0
        while seconds < 253_402_300_799 {
            instants.append(seconds)
            seconds += 86_400 * 97.37 + 0.123
        }
        for instant in instants {
            let date = Date(timeIntervalSince1970: (instant * 1000).rounded() / 1000)
            #expect(GenesysDate.format(date) == reference.string(from: date), "\(instant)")
        }
        // The proleptic Gregorian calendar, as ISO 8601 has it, back to year 1; past year 9999 the text grows.
        #expect(GenesysDate.format(Date(timeIntervalSince1970: -62_135_596_800)) == "0001-01-01T00:00:00.000Z")
        #expect(GenesysDate.format(Date(timeIntervalSince1970: -12_219_292_800.5)) == "1582-10-14T23:59:59.500Z")
        #expect(GenesysDate.format(Date(timeIntervalSince1970: 253_402_300_800)) == "10000-01-01T00:00:00.000Z")
    }

    @Test func malformedDatetimeFailsDecoding() {
        #expect(throws: DecodingError.self) {
            _ = try JSONDecoder.genesys().decode(AssignedWrapupCode.self, from: Data(#"{"endTime":"yesterday"}"#.utf8))
        }
    }
}
