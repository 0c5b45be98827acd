import Foundation
import GenesysModels

/// The pages of a page-number listing (`pageSize`/`pageNumber`/`pageCount`), fetched one at a time.
///
/// Iteration starts at page 1 and ends after the page whose number reaches `pageCount`; when the
/// server sends no `pageCount`, after the first page without a `nextUri`; and always after an
/// empty page.
///
/// ```swift
/// for try await page in client.cachedMediaPages(pageSize: 100) {
///     for item in page.value.entities ?? [] { … }
/// }
/// ```
package struct PageSequence<Listing: EntityListing>: AsyncSequence, Sendable {
    /// One page with its exact body.
    package typealias Element = APIResponse<Listing>

    private let client: GenesysClient
    private let firstPage: Int
    private let makeEndpoint: @Sendable (_ pageNumber: Int) -> Endpoint<Listing>

    /// Creates a sequence that fetches `makeEndpoint(n)` for n = `firstPage`, `firstPage + 1`, ….
    package init(
        client: GenesysClient,
        firstPage: Int = 1,
        makeEndpoint: @escaping @Sendable (_ pageNumber: Int) -> Endpoint<Listing>
    ) {
        self.client = client
        self.firstPage = Swift.max(1, firstPage)
        self.makeEndpoint = makeEndpoint
    }

    /// Whether page `pageNumber` (as requested) is followed by another one.
    package static func hasPage(after pageNumber: Int, in listing: Listing) -> Bool {
        guard let entities = listing.entities, !entities.isEmpty else { return false }
        if let pageCount = listing.pageCount { return (listing.pageNumber ?? pageNumber) < pageCount }
        if let next = listing.nextURI { return !next.isEmpty }
        return false
    }

    /// Fetches the pages in order.
    package struct AsyncIterator: AsyncIteratorProtocol {
        private let client: GenesysClient
        private let makeEndpoint: @Sendable (Int) -> Endpoint<Listing>
        private var nextPage: Int?

        fileprivate init(
            client: GenesysClient,
            firstPage: Int,
            makeEndpoint: @escaping @Sendable (Int) -> Endpoint<Listing>
        ) {
            self.client = client
            self.makeEndpoint = makeEndpoint
            self.nextPage = firstPage
        }

        /// The next page, or `nil` after the last one.
        package mutating func next() async throws -> Element? {
            guard let page = nextPage else { return nil }
            nextPage = nil
            try Task.checkCancellation()
            let response = try await client.send(makeEndpoint(page))
            if PageSequence.hasPage(after: page, in: response.value) {
                nextPage = page + 1
            }
            return response
        }
    }

    /// Starts fetching at the first page.
    package func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(client: client, firstPage: firstPage, makeEndpoint: makeEndpoint)
    }
}

/// The pages of a cursor listing: the first request has no cursor, each next one the cursor of the
/// previous page, until a page comes without a cursor (or repeats the previous one).
package struct CursorPageSequence<Page: Sendable>: AsyncSequence, Sendable {
    /// One page with its exact body.
    package typealias Element = APIResponse<Page>

    private let client: GenesysClient
    private let firstCursor: String?
    private let cursorOf: @Sendable (Page) -> String?
    private let makeEndpoint: @Sendable (_ cursor: String?) -> Endpoint<Page>

    /// Creates a sequence starting at `firstCursor` (nil = the first page).
    package init(
        client: GenesysClient,
        firstCursor: String? = nil,
        cursorOf: @escaping @Sendable (Page) -> String?,
        makeEndpoint: @escaping @Sendable (_ cursor: String?) -> Endpoint<Page>
    ) {
        self.client = client
        self.firstCursor = firstCursor
        self.cursorOf = cursorOf
        self.makeEndpoint = makeEndpoint
    }

    /// Fetches the pages in order.
    package struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let sequence: CursorPageSequence
        fileprivate var cursor: String?
        fileprivate var isFinished = false

        /// The next page, or `nil` after the last one.
        package mutating func next() async throws -> Element? {
            guard !isFinished else { return nil }
            isFinished = true
            try Task.checkCancellation()
            let response = try await sequence.client.send(sequence.makeEndpoint(cursor))
            if let next = sequence.cursorOf(response.value), !next.isEmpty, next != cursor {
                cursor = next
                isFinished = false
            }
            return response
        }
    }

    /// Starts at the first cursor.
    package func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(sequence: self, cursor: firstCursor)
    }
}

/// The pages of a synchronous analytics conversation-detail query (endpoint 34), paged in the body.
///
/// Iteration ends after a page with no conversations, a page with fewer than `pageSize`
/// conversations, or the page where `pageNumber × pageSize ≥ totalHits`.
package struct ConversationDetailsPageSequence: AsyncSequence, Sendable {
    /// One page with its exact body.
    package typealias Element = APIResponse<AnalyticsConversationQueryResponse>

    private let client: GenesysClient
    private let query: ConversationQuery
    private let pageSize: Int

    /// Creates a sequence for `query`, overriding its paging with `pageSize` and pages 1, 2, ….
    package init(client: GenesysClient, query: ConversationQuery, pageSize: Int) {
        self.client = client
        self.query = query
        self.pageSize = Swift.max(1, pageSize)
    }

    /// Whether page `pageNumber` of `pageSize` is followed by another one.
    package static func hasPage(
        after pageNumber: Int,
        pageSize: Int,
        in response: AnalyticsConversationQueryResponse
    ) -> Bool {
        let count = response.conversations?.count ?? 0
        if count == 0 || count < pageSize { return false }
        if let totalHits = response.totalHits, pageNumber * pageSize >= totalHits { return false }
        return true
    }

    /// Fetches the pages in order.
    package struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let sequence: ConversationDetailsPageSequence
        fileprivate var nextPage: Int? = 1

        /// The next page, or `nil` after the last one.
        package mutating func next() async throws -> Element? {
            guard let page = nextPage else { return nil }
            nextPage = nil
            try Task.checkCancellation()
            var query = sequence.query
            query.paging = PagingSpec(pageSize: sequence.pageSize, pageNumber: page)
            let response = try await sequence.client.send(try .conversationDetails(query: query))
            if ConversationDetailsPageSequence.hasPage(after: page, pageSize: sequence.pageSize, in: response.value) {
                nextPage = page + 1
            }
            return response
        }
    }

    /// Starts at page 1.
    package func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(sequence: self)
    }
}
