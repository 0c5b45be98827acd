import Foundation
import GenesysModels

// MARK: - Cached media (endpoints 4–6) and communication media (21–24)

extension GenesysClient {
    /// Endpoint 4: one page of cached media items (`pageSize` default 25 server-side, `url` filters).
    package func cachedMedia(
        pageSize: Int? = nil,
        pageNumber: Int? = nil,
        url: String? = nil
    ) async throws -> CachedMediaItemEntityListing {
        try await send(.cachedMedia(pageSize: pageSize, pageNumber: pageNumber, url: url)).value
    }

    /// Endpoint 4, all pages.
    package func cachedMediaPages(pageSize: Int = 100, url: String? = nil) -> PageSequence<CachedMediaItemEntityListing>
    {
        PageSequence(client: self) { pageNumber in
            .cachedMedia(pageSize: pageSize, pageNumber: pageNumber, url: url)
        }
    }

    /// Endpoint 5: one cached media item.
    package func cachedMediaItem(id: String) async throws -> CachedMediaItem {
        try await send(.cachedMediaItem(id: id)).value
    }

    /// Endpoint 6: removes a cached media item (asynchronously, server-side).
    package func deleteCachedMediaItem(id: String) async throws {
        _ = try await send(.deleteCachedMediaItem(id: id))
    }

    /// Endpoint 21: one page of the media uploaded on a communication.
    package func communicationMedia(
        conversationID: String,
        communicationID: String,
        status: MessageMediaData.Status? = nil,
        pageSize: Int? = nil,
        pageNumber: Int? = nil
    ) async throws -> MessageMediaListing {
        try await send(
            .communicationMedia(
                conversationID: conversationID,
                communicationID: communicationID,
                status: status,
                pageSize: pageSize,
                pageNumber: pageNumber
            )
        ).value
    }

    /// Endpoint 21, all pages.
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

    /// Endpoint 22: creates media on a communication.
    @available(
        *,
        deprecated,
        message:
            "Genesys deprecated this endpoint; use createCommunicationMediaUpload(_:conversationID:communicationID:)"
    )
    package func createCommunicationMedia(conversationID: String, communicationID: String) async throws
        -> MessageMediaData
    {
        try await send(.createCommunicationMedia(conversationID: conversationID, communicationID: communicationID))
            .value
    }

    /// Endpoint 23: creates a URL to upload a media file to (PUT it there with `uploadHeaders`).
    package func createCommunicationMediaUpload(
        _ request: UploadMediaRequest,
        conversationID: String,
        communicationID: String
    ) async throws -> MessageMediaUploadData {
        try await send(
            .createCommunicationMediaUpload(request, conversationID: conversationID, communicationID: communicationID)
        ).value
    }

    /// Endpoint 24: one media item of a communication.
    package func communicationMediaItem(
        id: String,
        conversationID: String,
        communicationID: String
    ) async throws -> MessageMediaData {
        try await send(
            .communicationMediaItem(id: id, conversationID: conversationID, communicationID: communicationID)
        )
        .value
    }
}
