import Foundation
import GenesysModels

/// The result of fetching a set of messages by id with the bulk endpoint (18).
///
/// `Message` is what each element was read as: `MessageData` for the typed API, or a caller's lean view of the
/// fields it needs (the export's fast path).
package struct BulkMessages<Message: Sendable>: Sendable {
    /// The messages found, each with its exact JSON, in the order of the requested ids (deduplicated);
    /// messages the API returned without being asked for follow at the end.
    package var messages: [Raw<Message>]
    /// Requested ids the API did not return, in request order.
    package var missingIDs: [String]
    /// Returned elements that did not decode as `MessageData` (or had no `id`), with their JSON.
    package var undecodable: [UndecodableObject]
    /// The number of bulk requests made (⌈ids / 1000⌉).
    package var requestCount: Int

    /// Creates a result.
    package init(
        messages: [Raw<Message>] = [],
        missingIDs: [String] = [],
        undecodable: [UndecodableObject] = [],
        requestCount: Int = 0
    ) {
        self.messages = messages
        self.missingIDs = missingIDs
        self.undecodable = undecodable
        self.requestCount = requestCount
    }
}

/// An object from a response that could not be decoded; its JSON is kept so it can be stored as a reject.
package struct UndecodableObject: Sendable, Equatable {
    /// The object's JSON exactly as received.
    package var json: Data
    /// Why it did not decode (field path and kind; never the values).
    package var reason: String
    /// The object's `id`, when it has a string one.
    package var id: String?

    /// Creates a record; `id` is read from `json` when not given.
    package init(json: Data, reason: String, id: String? = nil) {
        self.json = json
        self.reason = reason
        self.id = id ?? (try? JSONDecoder().decode(IdentifiedObject.self, from: json))?.id
    }
}

/// Just the `id` of an object.
private struct IdentifiedObject: Decodable {
    var id: String?
}

/// One bulk response cut into its elements.
package struct BulkMessagePage<Message: Sendable>: Sendable {
    /// The elements that decoded.
    package var messages: [Raw<Message>]
    /// The elements that did not.
    package var undecodable: [UndecodableObject]

    /// Creates a page.
    package init(messages: [Raw<Message>], undecodable: [UndecodableObject]) {
        self.messages = messages
        self.undecodable = undecodable
    }

    /// Cuts a bulk response body into `MessageData` elements, each with its exact JSON; an element that fails to
    /// decode is reported instead of failing the page.
    package static func typed(_ data: Data) throws -> BulkMessagePage<MessageData> {
        let page = try IDBatches<MessageData>.page(ofMember: "entities", in: data)
        return BulkMessagePage<MessageData>(messages: page.values, undecodable: page.undecodable)
    }
}

extension Endpoint {
    /// Endpoint 18 read by `read`, which cuts the body into elements, each with its exact JSON.
    package static func messagesBulkElements<Message>(
        ids: [String],
        inConversation conversationID: String,
        reading read: @escaping @Sendable (Data) throws -> BulkMessagePage<Message>
    ) throws -> Endpoint<BulkMessagePage<Message>> {
        let endpoint = try Endpoint<TextMessageListing>.messagesBulk(ids: ids, inConversation: conversationID)
        return .init(
            endpoint.method,
            endpoint.routeTemplate,
            path: endpoint.path,
            body: endpoint.body,
            isIdempotent: true,
            decode: read
        )
    }
}
