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
    package func messages(ids: [String], inConversation conversationID: String) async throws -> BulkMessages {
        var seen = Set<String>()
        let requested = ids.filter { seen.insert($0).inserted }
        var result = BulkMessages()
        var byID: [String: Raw<MessageData>] = [:]
        var unrequested: [Raw<MessageData>] = []
        var returnedUndecodable = Set<String>()
        var start = 0
        while start < requested.count {
            let end = min(start + Self.bulkMessageLimit, requested.count)
            let chunk = Array(requested[start..<end])
            start = end
            let page = try await send(.messagesBulkElements(ids: chunk, inConversation: conversationID)).value
            result.requestCount += 1
            result.undecodable += page.undecodable
            for object in page.undecodable {
                if let id = object.id { returnedUndecodable.insert(id) }
            }
            for message in page.messages {
                guard let id = message.value.id else {
                    result.undecodable.append(UndecodableObject(json: message.json, reason: "the message has no id"))
                    continue
                }
                if byID[id] != nil { continue }
                byID[id] = message
                if !seen.contains(id) { unrequested.append(message) }
            }
        }
        for id in requested {
            if let message = byID[id] {
                result.messages.append(message)
            } else if !returnedUndecodable.contains(id) {
                result.missingIDs.append(id)
            }
        }
        result.messages += unrequested
        return result
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
