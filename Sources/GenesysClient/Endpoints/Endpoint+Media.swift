import Foundation
import GenesysModels

// Endpoints 4–6 (cached media) and 21–24 (communication media).

private let cachedMediaRoute = "/api/v2/conversations/messages/cachedmedia"
private let mediaTemplate =
    "/api/v2/conversations/messages/{conversationId}/communications/{communicationId}/messages/media"

extension Endpoint where Value == CachedMediaItemEntityListing {
    /// Endpoint 4: `GET /api/v2/conversations/messages/cachedmedia` — one page of cached media items.
    package static func cachedMedia(pageSize: Int? = nil, pageNumber: Int? = nil, url: String? = nil) -> Self {
        var query: [(name: String, value: String)] = []
        if let pageSize { query.append(("pageSize", String(pageSize))) }
        if let pageNumber { query.append(("pageNumber", String(pageNumber))) }
        if let url { query.append(("url", url)) }
        return .init(.get, cachedMediaRoute, query: query)
    }
}

extension Endpoint where Value == CachedMediaItem {
    /// Endpoint 5: `GET /api/v2/conversations/messages/cachedmedia/{cachedMediaItemId}` — one cached media item.
    package static func cachedMediaItem(id: String) -> Self {
        .init(.get, "\(cachedMediaRoute)/{cachedMediaItemId}", ids: [id])
    }
}

extension Endpoint where Value == EmptyResponse {
    /// Endpoint 6: `DELETE /api/v2/conversations/messages/cachedmedia/{cachedMediaItemId}` — remove a cached item.
    package static func deleteCachedMediaItem(id: String) -> Self {
        .init(.delete, "\(cachedMediaRoute)/{cachedMediaItemId}", ids: [id])
    }
}

extension Endpoint where Value == MessageMediaListing {
    /// Endpoint 21: `GET …/communications/{communicationId}/messages/media` — one page of a communication's media.
    package static func communicationMedia(
        conversationID: String,
        communicationID: String,
        status: MessageMediaData.Status? = nil,
        pageSize: Int? = nil,
        pageNumber: Int? = nil
    ) -> Self {
        var query: [(name: String, value: String)] = []
        if let status { query.append(("status", status.rawValue)) }
        if let pageNumber { query.append(("pageNumber", String(pageNumber))) }
        if let pageSize { query.append(("pageSize", String(pageSize))) }
        return .init(.get, mediaTemplate, ids: [conversationID, communicationID], query: query)
    }
}

extension Endpoint where Value == MessageMediaData {
    /// Endpoint 22 (deprecated; use 23): `POST …/communications/{communicationId}/messages/media` — create media.
    package static func createCommunicationMedia(conversationID: String, communicationID: String) -> Self {
        .init(.post, mediaTemplate, ids: [conversationID, communicationID])
    }

    /// Endpoint 24: `GET …/communications/{communicationId}/messages/media/{mediaId}` — one media item.
    package static func communicationMediaItem(id: String, conversationID: String, communicationID: String) -> Self {
        .init(.get, "\(mediaTemplate)/{mediaId}", ids: [conversationID, communicationID, id])
    }
}

extension Endpoint where Value == MessageMediaUploadData {
    /// Endpoint 23: `POST …/communications/{communicationId}/messages/media/uploads` — a URL to upload a media file.
    package static func createCommunicationMediaUpload(
        _ request: UploadMediaRequest,
        conversationID: String,
        communicationID: String
    ) throws -> Self {
        try .init(.post, "\(mediaTemplate)/uploads", ids: [conversationID, communicationID], json: request)
    }
}
