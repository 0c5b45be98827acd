import Foundation
import GenesysModels

// MARK: - Messages (endpoints 15–20)

extension GenesysClient {
    /// The most ids the bulk endpoint accepts in one request.
    package static let bulkMessageLimit = 1000

    /// Endpoint 15: sends a message on an existing communication.
    package func sendMessage(
        _ message: AdditionalMessage,
        conversationID: String,
        communicationID: String
    ) async throws -> MessageData {
        try await send(.sendMessage(message, conversationID: conversationID, communicationID: communicationID)).value
    }

    /// Endpoint 16: sends a social media message on an existing communication.
    package func sendSocialMediaMessage(
        _ message: AdditionalSocialMediaMessage,
        conversationID: String,
        communicationID: String
    ) async throws -> SocialMediaMessageData {
        try await send(
            .sendSocialMediaMessage(message, conversationID: conversationID, communicationID: communicationID)
        ).value
    }

    /// Endpoint 17: sends a typing indicator on a communication.
    package func sendTypingEvent(
        _ event: MessageTypingEventRequest,
        conversationID: String,
        communicationID: String
    ) async throws {
        _ = try await send(.sendTypingEvent(event, conversationID: conversationID, communicationID: communicationID))
    }

    /// Endpoint 18, any number of ids: fetches messages in requests of at most 1,000 ids.
    ///
    /// Ids are deduplicated first (keeping the first occurrence). Each message keeps its exact JSON;
    /// results are re-keyed by `MessageData.id`, so the API's order does not matter, and requested
    /// ids it did not return are listed in `missingIDs` (fetch them with `message(id:inConversation:)`).
    /// A returned element that does not decode is listed in `undecodable` (with its id, if readable)
    /// and not in `missingIDs`.
    package func messages(ids: [String], inConversation conversationID: String) async throws -> BulkMessages<MessageData> {
        try await messages(
            ids: ids,
            inConversation: conversationID,
            id: { $0.id },
            reading: { try BulkMessagePage<MessageData>.typed($0) }
        )
    }

    /// Endpoint 18 as above, each response cut into elements by `read` (a caller's lean reader); `id` names an
    /// element for the merge.
    package func messages<Message: Sendable>(
        ids: [String],
        inConversation conversationID: String,
        id: @escaping @Sendable (Message) -> String?,
        reading read: @escaping @Sendable (Data) throws -> BulkMessagePage<Message>
    ) async throws -> BulkMessages<Message> {
        let batches = IDBatches<Message>(limit: Self.bulkMessageLimit, id: id, noIDReason: "the message has no id")
        let merged = try await batches.fetch(ids) { chunk in
            let endpoint = try Endpoint<BulkMessagePage<Message>>.messagesBulkElements(
                ids: chunk,
                inConversation: conversationID,
                reading: read
            )
            let page = try await send(endpoint).value
            return .init(values: page.messages, undecodable: page.undecodable)
        }
        return BulkMessages(
            messages: merged.values,
            missingIDs: merged.missingIDs,
            undecodable: merged.undecodable,
            requestCount: merged.requestCount
        )
    }

    /// Endpoint 19: one message of a conversation.
    package func message(id: String, inConversation conversationID: String) async throws -> MessageData {
        try await send(.message(id: id, inConversation: conversationID)).value
    }

    /// Endpoint 20: one message by its id alone.
    package func messageDetails(id: String) async throws -> MessageData {
        try await send(.messageDetails(id: id)).value
    }
}
