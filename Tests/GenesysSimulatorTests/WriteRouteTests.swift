import Foundation
import GenesysModels
import GenesysSimulator
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Write endpoints change state that the read endpoints then show.
struct WriteRouteTests {
    let harness = RouterHarness(SimulatorConfiguration(conversations: 5))

    static func openMessage(from sender: String, text: String) -> OpenInboundNormalizedMessage {
        OpenInboundNormalizedMessage(
            channel: .object([
                "messageId": .string("ext-\(text.count)"),
                "from": .object(["id": .string(sender), "idType": .string("Opaque"), "nickname": .string("Jo 🚀")]),
                "time": .string("2026-11-20T10:00:00.000Z"),
            ]),
            text: text
        )
    }

    @Test func inboundOpenMessagesCreateThenExtendAConversation() async throws {
        try await harness.run { client, token in
            let path = "/api/v2/conversations/messages/integration-1/inbound/open/message?prefetchConversationId=true"
            let first = try await client.api(
                .post,
                path,
                token: token,
                json: Self.openMessage(from: "u-1", text: "hello")
            )
            #expect(first.status == .ok)
            let created = try first.decode(OpenMessageNormalizedMessage.self)
            let conversationID = try #require(created.conversationID)
            let second = try await client.api(
                .post,
                path,
                token: token,
                json: Self.openMessage(from: "u-1", text: "again ✨")
            )
            #expect(try second.decode(OpenMessageNormalizedMessage.self).conversationID == conversationID)
            let other = try await client.api(.post, path, token: token, json: Self.openMessage(from: "u-2", text: "hi"))
            #expect(try other.decode(OpenMessageNormalizedMessage.self).conversationID != conversationID)

            let snapshot = try await client.api(.get, "/api/v2/conversations/messages/\(conversationID)", token: token)
            let conversation = try snapshot.decode(MessageConversation.self)
            let customer = try #require(conversation.participants?.first)
            #expect(customer.address == "u-1")
            #expect(customer.messages?.count == 2)
            let ids = customer.messages?.compactMap(\.messageID) ?? []
            let bulk = try await client.api(
                .post,
                "/api/v2/conversations/messages/\(conversationID)/messages/bulk",
                token: token,
                json: ids
            )
            let texts = try bulk.decode(TextMessageListing.self).entities?.map { $0.normalizedMessage?.text }
            #expect(texts == ["hello", "again ✨"])
            #expect(try bulk.decode(TextMessageListing.self).entities?.first?.direction == .inbound)

            let missingSender = try await client.api(
                .post,
                path,
                token: token,
                json: OpenInboundNormalizedMessage(channel: .object([:]), text: "x")
            )
            #expect(missingSender.status == .badRequest)
        }
    }

    @Test func agentRepliesWrapsUpAndDisconnects() async throws {
        try await harness.run { client, token in
            let open = "/api/v2/conversations/messages/integration-9/inbound/open/message?prefetchConversationId=true"
            let created = try await client.api(
                .post,
                open,
                token: token,
                json: Self.openMessage(from: "buyer", text: "hi")
            )
            let conversationID = try #require(try created.decode(OpenMessageNormalizedMessage.self).conversationID)
            let generic = try await client.api(.get, "/api/v2/conversations/\(conversationID)", token: token)
            let participants = try generic.decode(Conversation.self).participants ?? []
            let agent = try #require(participants.first { $0.purpose == "agent" })
            let agentID = try #require(agent.id)
            let communication = try #require(agent.messages?.first?.id)
            let base = "/api/v2/conversations/messages/\(conversationID)"

            let sent = try await client.api(
                .post,
                "\(base)/communications/\(communication)/messages",
                token: token,
                json: AdditionalMessage(textBody: "How can I help? 😊")
            )
            #expect(sent.status == .ok)
            let message = try sent.decode(MessageData.self)
            #expect(message.direction == .outbound)
            #expect(message.normalizedMessage?.text == "How can I help? 😊")
            let social = try await client.api(
                .post,
                "\(base)/communications/\(communication)/socialmedia/messages",
                token: token,
                json: AdditionalSocialMediaMessage(textBody: "public reply")
            )
            #expect(try social.decode(SocialMediaMessageData.self).normalizedMessage?.text == "public reply")
            let typing = try await client.api(
                .post,
                "\(base)/communications/\(communication)/typing",
                token: token,
                json: MessageTypingEventRequest(
                    typing: ConversationEventTyping(type: .init(rawValue: "On"), duration: 3_000)
                )
            )
            #expect(typing.status == .accepted)
            let empty = try await client.api(
                .post,
                "\(base)/communications/\(communication)/messages",
                token: token,
                json: AdditionalMessage()
            )
            #expect(empty.status == .badRequest)
            let fetched = try await client.api(.get, "\(base)/messages/\(message.id ?? "")", token: token)
            #expect(try fetched.decode(MessageData.self).id == message.id)

            let noWrapup = try await client.api(.get, "\(base)/participants/\(agentID)/wrapup", token: token)
            #expect(noWrapup.status == .notFound)
            let codes = try await client.api(.get, "\(base)/participants/\(agentID)/wrapupcodes", token: token)
            let code = try #require(try codes.decode([WrapupCode].self).first?.id)
            let wrap = try await client.api(
                .post,
                "\(base)/participants/\(agentID)/communications/\(communication)/wrapup",
                token: token,
                json: WrapupInput(code: code, notes: "sorted", tags: ["vip"], durationSeconds: 42)
            )
            #expect(wrap.status == .accepted)
            let readBack = try await client.api(.get, "\(base)/participants/\(agentID)/wrapup", token: token)
            let assigned = try readBack.decode(AssignedWrapupCode.self)
            #expect(assigned.code == code)
            #expect(assigned.notes == "sorted")
            #expect(assigned.tags == ["vip"])
            #expect(assigned.durationSeconds == 42)
            let badCode = try await client.api(
                .post,
                "\(base)/participants/\(agentID)/communications/\(communication)/wrapup",
                token: token,
                json: WrapupInput(code: "nope")
            )
            #expect(badCode.status == .badRequest)

            let attributes = try await client.api(
                .patch,
                "\(base)/participants/\(agentID)/attributes",
                token: token,
                json: ParticipantAttributes(attributes: ["crm": "42"])
            )
            #expect(try attributes.decode(ParticipantAttributes.self).attributes?["crm"] == "42")
            let recording = try await client.api(
                .put,
                "\(base)/recordingstate",
                token: token,
                json: SetRecordingState(recordingState: .init(rawValue: "PAUSED"))
            )
            #expect(recording.status == .ok)
            #expect(String(decoding: recording.data, as: UTF8.self) == "\"PAUSED\"")

            let monitor = try await client.api(.post, "\(base)/participants/\(agentID)/monitor", token: token)
            #expect(monitor.status == .accepted)
            let replace = try await client.api(
                .post,
                "\(base)/participants/\(agentID)/replace",
                token: token,
                json: TransferRequest(userID: "user-2", userName: "Second Agent")
            )
            #expect(replace.status == .accepted)

            let disconnected = try await client.api(
                .patch,
                base,
                token: token,
                json: Conversation(state: .init(rawValue: "disconnected"))
            )
            #expect(disconnected.status == .ok)
            let final = try disconnected.decode(Conversation.self)
            #expect(final.recordingState?.rawValue == "PAUSED")
            #expect(final.endTime != nil)
            #expect(final.participants?.allSatisfy { $0.messages?.first?.state?.rawValue == "disconnected" } == true)
            #expect(final.participants?.contains { $0.mediaRoles == ["monitor"] } == true)
            #expect(final.participants?.contains { $0.name == "Second Agent" } == true)
            #expect(final.participants?.first { $0.id == agentID }?.attributes?["crm"] == "42")
            let snapshot = try await client.api(.get, base, token: token)
            let agentView = try snapshot.decode(MessageConversation.self).participants?.first { $0.id == agentID }
            #expect(agentView?.messages?.count == 3)
            #expect(agentView?.wrapup?.code == code)

            let afterEnd = try await client.api(
                .post,
                "\(base)/communications/\(communication)/messages",
                token: token,
                json: AdditionalMessage(textBody: "too late")
            )
            #expect(afterEnd.status == .badRequest)
        }
    }

    @Test func outboundAndAgentlessCreateConversations() async throws {
        try await harness.run { client, token in
            let outbound = try await client.api(
                .post,
                "/api/v2/conversations/messages",
                token: token,
                json: CreateOutboundMessagingConversationRequest(
                    toAddress: "+14155550100",
                    toAddressMessengerType: .init(rawValue: "sms")
                )
            )
            #expect(outbound.status == .ok)
            let outboundID = try #require(try outbound.decode(CreateOutboundMessagingConversationResponse.self).id)
            let agentless = try await client.api(
                .post,
                "/api/v2/conversations/messages/agentless",
                token: token,
                json: SendAgentlessOutboundMessageRequest(
                    fromAddress: "+18885550100",
                    toAddress: "+14155550111",
                    toAddressMessengerType: .init(rawValue: "sms"),
                    textBody: "Your code is 123456"
                )
            )
            #expect(agentless.status == .ok)
            let response = try agentless.decode(SendAgentlessOutboundMessageResponse.self)
            let agentlessID = try #require(response.conversationID)
            #expect(response.id != nil)
            #expect(response.message?.normalizedMessage?.text == "Your code is 123456")
            let listing = try await client.api(.get, "/api/v2/conversations/messages", token: token)
            let ids = Set(try listing.decode(MessageConversationEntityListing.self).entities?.compactMap(\.id) ?? [])
            #expect(ids == [outboundID, agentlessID])
            let details = try await client.api(
                .get,
                "/api/v2/conversations/messages/\(response.id ?? "")/details",
                token: token
            )
            #expect(try details.decode(MessageData.self).direction == .outbound)
            let invalid = try await client.api(
                .post,
                "/api/v2/conversations/messages",
                token: token,
                json: CreateOutboundMessagingConversationRequest()
            )
            #expect(invalid.status == .badRequest)
        }
    }

    @Test func uploadedMediaCanBeAttachedAndDownloaded() async throws {
        try await harness.run { client, token in
            let open = "/api/v2/conversations/messages/integration-3/inbound/open/message?prefetchConversationId=true"
            let created = try await client.api(
                .post,
                open,
                token: token,
                json: Self.openMessage(from: "pic", text: "see")
            )
            let conversationID = try #require(try created.decode(OpenMessageNormalizedMessage.self).conversationID)
            let generic = try await client.api(.get, "/api/v2/conversations/\(conversationID)", token: token)
            let agent = try #require(
                try generic.decode(Conversation.self).participants?.first { $0.purpose == "agent" }
            )
            let communication = try #require(agent.messages?.first?.id)
            let media =
                "/api/v2/conversations/messages/\(conversationID)/communications/\(communication)/messages/media"

            let slot = try await client.api(
                .post,
                media + "/uploads",
                token: token,
                json: UploadMediaRequest(fileName: "r.pdf")
            )
            #expect(slot.status == .ok)
            let upload = try slot.decode(MessageMediaUploadData.self)
            let mediaID = try #require(upload.id)
            let uploadPath = try #require(upload.uploadURL.flatMap { URL(string: $0)?.path })
            let bytes = Data((0..<300).map { UInt8($0 % 251) })
            let uploading = try await client.api(.get, media + "?status=uploading", token: token)
            #expect(try uploading.decode(MessageMediaListing.self).total == 1)
            let put = try await client.execute(
                uri: uploadPath,
                method: .put,
                headers: [.contentType: "application/pdf"],
                body: ByteBuffer(bytes: bytes)
            )
            #expect(put.status == .ok)
            let item = try await client.api(.get, media + "/\(mediaID)", token: token)
            let data = try item.decode(MessageMediaData.self)
            #expect(data.status?.rawValue == "valid")
            #expect(data.contentLengthBytes == 300)
            let valid = try await client.api(.get, media + "?status=valid&pageSize=1", token: token)
            let listing = try valid.decode(MessageMediaListing.self)
            #expect(listing.entities?.map(\.id) == [mediaID])
            #expect(listing.pageCount == 1)

            let sent = try await client.api(
                .post,
                "/api/v2/conversations/messages/\(conversationID)/communications/\(communication)/messages",
                token: token,
                json: AdditionalMessage(mediaIDs: [mediaID])
            )
            let attachment = try #require(
                try sent.decode(MessageData.self).normalizedMessage?.content?.first?.attachment
            )
            #expect(attachment.sha256 == SHA256Digest.hex(bytes))
            #expect(attachment.filename == "r.pdf")
            let download = try await client.execute(
                uri: try #require(URL(string: attachment.url ?? "")?.path),
                method: .get
            )
            #expect(download.data == bytes)

            let deprecated = try await client.api(.post, media, token: token)
            #expect(try deprecated.decode(MessageMediaData.self).status?.rawValue == "uploading")
            let unknown = try await client.api(.get, media + "/nope", token: token)
            #expect(unknown.status == .notFound)
        }
    }

    @Test func cachedMediaDeleteRemovesTheItem() async throws {
        let id = try #require(harness.store.org.cachedMedia.first?.id)
        let total = harness.configuration.cachedMediaItems
        try await harness.run { client, token in
            let deleted = try await client.api(
                .delete,
                "/api/v2/conversations/messages/cachedmedia/\(id)",
                token: token
            )
            #expect(deleted.status == .accepted)
            let gone = try await client.api(.get, "/api/v2/conversations/messages/cachedmedia/\(id)", token: token)
            #expect(gone.status == .notFound)
            let again = try await client.api(.delete, "/api/v2/conversations/messages/cachedmedia/\(id)", token: token)
            #expect(again.status == .notFound)
            let listing = try await client.api(.get, "/api/v2/conversations/messages/cachedmedia", token: token)
            #expect(try listing.decode(CachedMediaItemEntityListing.self).total == total - 1)
        }
    }

    @Test func openEventsReceiptsAndStructuredResponsesAreAccepted() async throws {
        try await harness.run { client, token in
            let base = "/api/v2/conversations/messages/int-5/inbound/open"
            let channel: JSONValue = .object(["from": .object(["id": .string("evt-user")])])
            let structuredFirst = try await client.api(
                .post,
                base + "/structured/response",
                token: token,
                json: OpenInboundStructuredResponseMessage(
                    channel: channel,
                    buttonResponse: .object([
                        "type": .string("Button"), "text": .string("Yes"), "payload": .string("y"),
                    ])
                )
            )
            #expect(structuredFirst.status == .badRequest)
            let event = try await client.api(
                .post,
                base + "/event",
                token: token,
                json: OpenInboundNormalizedEvent(
                    channel: channel,
                    events: [.object(["eventType": .string("Typing"), "typing": .object(["type": .string("On")])])]
                )
            )
            #expect(event.status == .ok)
            #expect(try event.decode(OpenEventNormalizedMessage.self).type?.rawValue == "Event")
            let structured = try await client.api(
                .post,
                base + "/structured/response",
                token: token,
                json: OpenInboundStructuredResponseMessage(
                    channel: channel,
                    buttonResponse: .object([
                        "type": .string("Button"), "text": .string("Yes"), "payload": .string("y"),
                    ])
                )
            )
            #expect(structured.status == .ok)
            let receipt = try await client.api(
                .post,
                base + "/receipt",
                token: token,
                json: OpenInboundNormalizedReceipt(id: "m-1", channel: channel, status: .init(rawValue: "Delivered"))
            )
            #expect(receipt.status == .ok)
            #expect(try receipt.decode(OpenReceiptNormalizedMessage.self).status?.rawValue == "Delivered")
            let legacy = try await client.api(
                .post,
                "/api/v2/conversations/messages/inbound/open",
                token: token,
                json: OpenNormalizedMessage(channel: channel, type: .init(rawValue: "Text"), text: "deprecated path")
            )
            #expect(legacy.status == .ok)
            #expect(try legacy.decode(OpenNormalizedMessage.self).id != nil)
        }
    }
}
