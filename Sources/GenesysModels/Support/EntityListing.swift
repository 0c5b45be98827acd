/// A page-number listing envelope (`entities`, `pageSize`, `pageNumber`, `total`, `pageCount`, `…Uri`).
package protocol EntityListing: Codable, Sendable {
    /// The element type.
    associatedtype Entity: Codable & Sendable
    /// The page's entities.
    var entities: [Entity]? { get }
    /// The page size the server used.
    var pageSize: Int? { get }
    /// This page's number (1-based).
    var pageNumber: Int? { get }
    /// The number of entities across all pages.
    var total: Int? { get }
    /// The number of pages.
    var pageCount: Int? { get }
    /// The relative URI of the next page, absent on the last page.
    var nextURI: String? { get }
}

extension EntityListing {
    /// Whether a page follows this one, judged from `pageCount`, then `nextUri`, then a full page.
    package var hasMorePages: Bool {
        if let pageCount, let pageNumber { return pageNumber < pageCount }
        if let nextURI { return !nextURI.isEmpty }
        return false
    }
}

extension MessageConversationEntityListing: EntityListing {}
extension CachedMediaItemEntityListing: EntityListing {}
extension MessageMediaListing: EntityListing {}
