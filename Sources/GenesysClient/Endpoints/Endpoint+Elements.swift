import Foundation
import GenesysModels

extension Endpoint {
    /// Endpoint 18 read by `read`, which cuts the body into elements, each with its exact JSON.
    package static func messagesBulkElements<Message>(
        ids: [String],
        inConversation conversationID: String,
        reading read: @escaping @Sendable (Data) throws -> ElementPage<Message>
    ) throws -> Endpoint<ElementPage<Message>> {
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

extension Endpoint where Value == ElementPage<AnalyticsConversationWithoutAttributes> {
    /// Endpoint 40 decoded element by element: each conversation keeps its exact JSON, and an element that
    /// fails to decode is reported instead of failing the page.
    package static func analyticsConversationElements(ids: [String]) -> Self {
        let endpoint = Endpoint<AnalyticsConversationWithoutAttributesMultiGetResponse>.analyticsConversations(ids: ids)
        return .init(endpoint.method, endpoint.routeTemplate, path: endpoint.path, query: endpoint.query) { data in
            try ElementPage.cut(ofMember: "conversations", in: data, idKey: "conversationId")
        }
    }
}
