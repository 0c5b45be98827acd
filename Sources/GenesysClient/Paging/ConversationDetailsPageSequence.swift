import Foundation

/// The pages of a synchronous analytics conversation-detail query (endpoint 34), paged by page number in the body.
///
/// Iteration ends after a page with no conversations, a page with fewer than `pageSize`
/// conversations, or the page where `pageNumber × pageSize ≥ totalHits`. `fetch` loads page n; the client sends
/// the typed query with it, and the export pipeline reads its lean analytics pages through the same sequence.
package struct ConversationDetailsPageSequence<Page: Sendable>: AsyncSequence, Sendable {
    /// One page.
    package typealias Element = Page

    private let pageSize: Int
    private let measure: @Sendable (Page) -> (conversations: Int, totalHits: Int?)
    private let fetch: @Sendable (_ pageNumber: Int) async throws -> Page

    /// Creates a sequence of pages 1, 2, … of `pageSize`; `measure` reads a page's conversation count and `totalHits`.
    package init(
        pageSize: Int,
        measure: @escaping @Sendable (Page) -> (conversations: Int, totalHits: Int?),
        fetch: @escaping @Sendable (_ pageNumber: Int) async throws -> Page
    ) {
        self.pageSize = Swift.max(1, pageSize)
        self.measure = measure
        self.fetch = fetch
    }

    /// Whether page `pageNumber` of `pageSize`, holding `conversations` of `totalHits`, is followed by another one.
    package static func hasPage(after pageNumber: Int, pageSize: Int, conversations: Int, totalHits: Int?) -> Bool {
        if conversations == 0 || conversations < pageSize { return false }
        if let totalHits, pageNumber * pageSize >= totalHits { return false }
        return true
    }

    /// Fetches the pages in order.
    package struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let sequence: ConversationDetailsPageSequence
        fileprivate var nextPage: Int? = 1

        /// The next page, or `nil` after the last one.
        package mutating func next() async throws -> Page? {
            guard let number = nextPage else { return nil }
            nextPage = nil
            try Task.checkCancellation()
            let page = try await sequence.fetch(number)
            let (conversations, totalHits) = sequence.measure(page)
            let pageSize = sequence.pageSize
            if ConversationDetailsPageSequence.hasPage(
                after: number, pageSize: pageSize, conversations: conversations, totalHits: totalHits)
            {
                nextPage = number + 1
            }
            return page
        }
    }

    /// Starts at page 1.
    package func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(sequence: self)
    }
}
