import Foundation
import GenesysModels
import Hummingbird

/// Cached media (4–6) and communication media (21–24) routes.
extension SimulatorRoutes {
    func addMediaRoutes(to router: Router<SimulatorRequestContext>) {
        let store = store
        let cachedPath = "/api/v2/conversations/messages/cachedmedia"

        api(router, .get, cachedPath) { request, _ in
            let pageSize = try SimulatorRoutes.intQuery("pageSize", request, default: 25, range: 1...500)
            let pageNumber = try SimulatorRoutes.intQuery("pageNumber", request, default: 1, range: 1...1_000_000)
            let url = SimulatorRoutes.query("url", request)
            let baseURL = await store.baseURL
            let items = await store.cachedMedia(url: url).map { item in
                var item = item
                item.downloadURL = "\(baseURL)/sim/media/cached/\(item.id ?? "")"
                return item
            }
            let extra =
                url.map { "&url=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? ""
            let page = SimulatorRoutes.page(
                items,
                pageSize: pageSize,
                pageNumber: pageNumber,
                path: cachedPath,
                extraQuery: extra
            )
            let listing = SimulatorRoutes.listing(
                CachedMediaItemEntityListing.self,
                page,
                entities: page.entities,
                pageSize: pageSize,
                pageNumber: pageNumber
            )
            return try SimulatorRoutes.json(listing)
        }

        api(router, .get, cachedPath + "/{cachedMediaItemId}") { _, context in
            let id = try SimulatorRoutes.parameter("cachedMediaItemId", context)
            guard var item = await store.cachedMedia(url: nil).first(where: { $0.id == id }) else {
                throw SimulatorError.notFound("Cached media item \(id)")
            }
            item.downloadURL = "\(await store.baseURL)/sim/media/cached/\(id)"
            return try SimulatorRoutes.json(item)
        }

        api(router, .delete, cachedPath + "/{cachedMediaItemId}") { _, context in
            let id = try SimulatorRoutes.parameter("cachedMediaItemId", context)
            guard await store.deleteCachedMedia(id) else {
                throw SimulatorError.notFound("Cached media item \(id)")
            }
            return SimulatorRoutes.empty(.accepted)
        }

        let mediaBase =
            "/api/v2/conversations/messages/{conversationId}/communications/{communicationId}/messages/media"

        api(router, .get, mediaBase) { request, context in
            let (conversationID, communicationID) = try await SimulatorRoutes.communication(in: store, context)
            let pageSize = try SimulatorRoutes.intQuery("pageSize", request, default: 25, range: 1...500)
            let pageNumber = try SimulatorRoutes.intQuery("pageNumber", request, default: 1, range: 1...1_000_000)
            let status = SimulatorRoutes.query("status", request)?.lowercased()
            if let status, !["uploading", "valid", "invalid"].contains(status) {
                throw SimulatorError.badRequest("status must be one of uploading, valid, invalid")
            }
            let baseURL = await store.baseURL
            let items = await store.uploads(conversationID: conversationID, communicationID: communicationID)
                .filter { status == nil || $0.status == status }
                .map { SimulatorRoutes.mediaData($0, baseURL: baseURL) }
            let path =
                "/api/v2/conversations/messages/\(conversationID)/communications/\(communicationID)/messages/media"
            let page = SimulatorRoutes.page(
                items,
                pageSize: pageSize,
                pageNumber: pageNumber,
                path: path,
                extraQuery: status.map { "&status=\($0)" } ?? ""
            )
            let listing = SimulatorRoutes.listing(
                MessageMediaListing.self,
                page,
                entities: page.entities,
                pageSize: pageSize,
                pageNumber: pageNumber
            )
            return try SimulatorRoutes.json(listing)
        }

        api(router, .post, mediaBase) { _, context in
            let (conversationID, communicationID) = try await SimulatorRoutes.communication(in: store, context)
            let upload = await store.createUpload(
                conversationID: conversationID,
                communicationID: communicationID,
                name: "media"
            )
            return try SimulatorRoutes.json(SimulatorRoutes.mediaData(upload, baseURL: await store.baseURL))
        }

        api(router, .post, mediaBase + "/uploads") { request, context in
            let (conversationID, communicationID) = try await SimulatorRoutes.communication(in: store, context)
            let body = try await SimulatorRoutes.decode(UploadMediaRequest.self, from: request)
            guard let name = body.fileName, !name.isEmpty else {
                throw SimulatorError.badRequest("fileName is required")
            }
            let upload = await store.createUpload(
                conversationID: conversationID,
                communicationID: communicationID,
                name: name
            )
            var data = MessageMediaUploadData()
            data.id = upload.id
            data.name = name
            data.uploadURL = "\(await store.baseURL)/sim/uploads/\(upload.id)"
            data.uploadHeaders = ["Content-Type": "application/octet-stream"]
            data.selfURI = SimulatorRoutes.mediaData(upload, baseURL: "").selfURI
            return try SimulatorRoutes.json(data)
        }

        api(router, .get, mediaBase + "/{mediaId}") { _, context in
            let (conversationID, communicationID) = try await SimulatorRoutes.communication(in: store, context)
            let mediaID = try SimulatorRoutes.parameter("mediaId", context)
            guard let upload = await store.upload(mediaID), upload.conversationID == conversationID,
                upload.communicationID == communicationID
            else { throw SimulatorError.notFound("Media \(mediaID)") }
            return try SimulatorRoutes.json(SimulatorRoutes.mediaData(upload, baseURL: await store.baseURL))
        }
    }

    /// The conversation and communication ids of a media route, checked to exist.
    static func communication(in store: SimulatorStore, _ context: SimulatorRequestContext) async throws -> (
        String, String
    ) {
        let conversationID = try parameter("conversationId", context)
        let communicationID = try parameter("communicationId", context)
        guard let conversation = await store.conversation(conversationID) else {
            throw SimulatorError.notFound("Conversation \(conversationID)")
        }
        guard conversation.participantIndex(communication: communicationID) != nil else {
            throw SimulatorError.notFound("Communication \(communicationID) in conversation \(conversationID)")
        }
        return (conversationID, communicationID)
    }

    /// The `MessageMediaData` view of an upload.
    static func mediaData(_ upload: SimulatorStore.Upload, baseURL: String) -> MessageMediaData {
        var data = MessageMediaData()
        data.id = upload.id
        data.name = upload.name
        data.status = .init(rawValue: upload.status)
        data.conversationID = upload.conversationID
        data.communicationID = upload.communicationID
        data.uploadURL = "\(baseURL)/sim/uploads/\(upload.id)"
        if let bytes = upload.bytes {
            data.url = "\(baseURL)/sim/media/uploads/\(upload.id)"
            data.contentLengthBytes = bytes.count
            data.mediaType = upload.mediaType
        }
        data.selfURI =
            "/api/v2/conversations/messages/\(upload.conversationID)/communications/"
            + "\(upload.communicationID)/messages/media/\(upload.id)"
        return data
    }
}
