import Foundation
import GenesysModels

/// The result of fetching analytics conversation details by id with the multi-get endpoint (40).
package struct AnalyticsConversationBatch: Sendable {
    /// The conversations found, each with its exact JSON, in the order of the requested ids (deduplicated);
    /// conversations the API returned without being asked for follow at the end.
    package var conversations: [Raw<AnalyticsConversationWithoutAttributes>]
    /// Requested ids the API did not return, in request order.
    package var missingIDs: [String]
    /// Returned elements that did not decode (or had no `conversationId`), with their JSON.
    package var undecodable: [UndecodableObject]
    /// The number of requests made (⌈ids / `GenesysClient.analyticsMultiGetLimit`⌉).
    package var requestCount: Int

    /// Creates a result.
    package init(
        conversations: [Raw<AnalyticsConversationWithoutAttributes>] = [],
        missingIDs: [String] = [],
        undecodable: [UndecodableObject] = [],
        requestCount: Int = 0
    ) {
        self.conversations = conversations
        self.missingIDs = missingIDs
        self.undecodable = undecodable
        self.requestCount = requestCount
    }
}

/// One multi-get response cut into its elements.
package struct AnalyticsConversationPage: Sendable {
    /// The elements of `conversations` that decoded, with their exact JSON.
    package var conversations: [Raw<AnalyticsConversationWithoutAttributes>]
    /// The elements that did not.
    package var undecodable: [UndecodableObject]
}

extension Endpoint where Value == AnalyticsConversationPage {
    /// Endpoint 40 decoded element by element: each conversation keeps its exact JSON, and an element that
    /// fails to decode is reported instead of failing the page.
    package static func analyticsConversationElements(ids: [String]) -> Self {
        let endpoint = Endpoint<AnalyticsConversationWithoutAttributesMultiGetResponse>.analyticsConversations(ids: ids)
        return .init(endpoint.method, endpoint.routeTemplate, path: endpoint.path, query: endpoint.query) { data in
            let page = try IDBatches<AnalyticsConversationWithoutAttributes>.page(
                ofMember: "conversations",
                in: data,
                idKey: "conversationId"
            )
            return AnalyticsConversationPage(conversations: page.values, undecodable: page.undecodable)
        }
    }
}
