import Foundation

/// The pages of a cursor listing: the first request has no cursor, each next one the cursor of the
/// previous page, until a page comes without a cursor (or repeats the previous one).
///
/// `fetch` loads one page; the client's listings send an endpoint with it, and the export pipeline reads its
/// lean analytics pages through the same sequence.
package struct CursorPageSequence<Page: Sendable>: AsyncSequence, Sendable {
    /// One page.
    package typealias Element = Page

    private let firstCursor: String?
    private let cursorOf: @Sendable (Page) -> String?
    private let fetch: @Sendable (_ cursor: String?) async throws -> Page

    /// Creates a sequence starting at `firstCursor` (nil = the first page).
    package init(
        firstCursor: String? = nil,
        cursorOf: @escaping @Sendable (Page) -> String?,
        fetch: @escaping @Sendable (_ cursor: String?) async throws -> Page
    ) {
        self.firstCursor = firstCursor
        self.cursorOf = cursorOf
        self.fetch = fetch
    }

    /// Fetches the pages in order.
    package struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let sequence: CursorPageSequence
        fileprivate var cursor: String?
        fileprivate var isFinished = false

        /// The next page, or `nil` after the last one.
        package mutating func next() async throws -> Page? {
            guard !isFinished else { return nil }
            isFinished = true
            try Task.checkCancellation()
            let page = try await sequence.fetch(cursor)
            if let next = sequence.cursorOf(page), !next.isEmpty, next != cursor {
                cursor = next
                isFinished = false
            }
            return page
        }
    }

    /// Starts at the first cursor.
    package func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(sequence: self, cursor: firstCursor)
    }
}
