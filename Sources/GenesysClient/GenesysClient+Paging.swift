import Foundation
import GenesysModels

// MARK: - All pages of the paged endpoints (4, 21, 34, 37)

extension GenesysClient {
    /// Endpoint 4, all pages of the cached media items (`url` filters).
    package func cachedMediaPages(pageSize: Int = 100, url: String? = nil) -> PageSequence<CachedMediaItemEntityListing>
    {
        PageSequence(client: self) { pageNumber in
            .cachedMedia(pageSize: pageSize, pageNumber: pageNumber, url: url)
        }
    }

    /// Endpoint 21, all pages of the media uploaded on a communication.
    package func communicationMediaPages(
        conversationID: String,
        communicationID: String,
        status: MessageMediaData.Status? = nil,
        pageSize: Int = 100
    ) -> PageSequence<MessageMediaListing> {
        PageSequence(client: self) { pageNumber in
            .communicationMedia(
                conversationID: conversationID,
                communicationID: communicationID,
                status: status,
                pageSize: pageSize,
                pageNumber: pageNumber
            )
        }
    }

    /// Endpoint 34, all pages: iterates `query` with `pageSize` per page (the API caps pages at 100k results).
    package func conversationDetailsPages(query: ConversationQuery, pageSize: Int = 100)
        -> ConversationDetailsPageSequence<APIResponse<AnalyticsConversationQueryResponse>>
    {
        ConversationDetailsPageSequence(
            pageSize: pageSize,
            measure: { ($0.value.conversations?.count ?? 0, $0.value.totalHits) }
        ) { number in
            var paged = query
            paged.paging = PagingSpec(pageSize: pageSize, pageNumber: number)
            return try await self.send(try .conversationDetails(query: paged))
        }
    }

    /// Endpoint 37, all pages of an asynchronous job's results: follows `cursor` until a page comes without one.
    package func conversationDetailsJobResultPages(
        id: String,
        pageSize: Int? = nil,
        startingAt cursor: String? = nil
    ) -> CursorPageSequence<APIResponse<AnalyticsConversationAsyncQueryResponse>> {
        CursorPageSequence(firstCursor: cursor, cursorOf: { $0.value.cursor }) { cursor in
            try await self.send(.conversationDetailsJobResults(id: id, cursor: cursor, pageSize: pageSize))
        }
    }
}
