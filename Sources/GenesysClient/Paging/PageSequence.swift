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
