import Foundation
import GenesysModels
import Hummingbird

/// `POST /oauth/token` and the simulator's own unauthenticated `/sim/...` routes (stats, uploads, media bytes).
extension SimulatorRoutes {
    func addOAuthAndSimRoutes(to router: Router<SimulatorRequestContext>) {
        let store = store
        router.post("/oauth/token") { request, _ -> Response in
            let body = String(decoding: try await SimulatorRoutes.body(request), as: UTF8.self)
            var form: [String: String] = [:]
            for pair in body.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                }
                if parts.count == 2 { form[parts[0]] = parts[1] }
            }
            switch await store.issueToken(authorization: request.headers[.authorization], form: form) {
            case .issued(let token, let expiresIn):
                let json: [String: JSONValue] = [
                    "access_token": .string(token),
                    "token_type": .string("bearer"),
                    "expires_in": .number(Double(expiresIn)),
                ]
                return try SimulatorRoutes.json(JSONValue.object(json))
            case .rejected(let status, let error, let description):
                let json: [String: JSONValue] = [
                    "error": .string(error),
                    "description": .string(description),
                    "error_description": .string(description),
                ]
                return try SimulatorRoutes.json(JSONValue.object(json), status: status)
            }
        }

        router.get("/sim/stats") { _, _ -> Response in
            var stats = await store.snapshot()
            stats.requests = Array(stats.requests.suffix(200))
            return try SimulatorRoutes.json(stats)
        }

        router.put("/sim/uploads/{mediaId}") { request, context -> Response in
            let id = try SimulatorRoutes.parameter("mediaId", context)
            let bytes = try await SimulatorRoutes.body(request)
            guard await store.completeUpload(id, bytes: bytes, mediaType: request.headers[.contentType]) != nil else {
                throw SimulatorError.notFound("Upload \(id)")
            }
            return SimulatorRoutes.empty(.ok)
        }

        router.get("/sim/media/uploads/{mediaId}") { _, context -> Response in
            let id = try SimulatorRoutes.parameter("mediaId", context)
            guard let upload = await store.upload(id), let bytes = upload.bytes else {
                throw SimulatorError.notFound("Media \(id)")
            }
            return SimulatorRoutes.raw(bytes, contentType: upload.mediaType ?? "application/octet-stream")
        }

        router.get("/sim/media/attachments/{conversation}/{message}") { _, context -> Response in
            guard let conversation = Int(try SimulatorRoutes.parameter("conversation", context)),
                let message = Int(try SimulatorRoutes.parameter("message", context)),
                store.org.seededAttachmentExists(conversation: conversation, message: message)
            else { throw SimulatorError.notFound("Attachment") }
            return SimulatorRoutes.raw(
                store.org.attachmentBytes(conversation: conversation, message: message),
                contentType: "application/octet-stream"
            )
        }

        router.get("/sim/media/cached/{cachedMediaItemId}") { _, context -> Response in
            let id = try SimulatorRoutes.parameter("cachedMediaItemId", context)
            guard let index = store.org.cachedMedia.firstIndex(where: { $0.id == id }),
                await store.cachedMedia(url: nil).contains(where: { $0.id == id })
            else { throw SimulatorError.notFound("Cached media item \(id)") }
            let size = store.org.cachedMedia[index].contentLengthBytes ?? 256
            var rng = SplitMix64(store.configuration.seed, 0x6361_6368_6564, UInt64(index))
            let bytes = (0..<size).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            return SimulatorRoutes.raw(
                Data(bytes),
                contentType: store.org.cachedMedia[index].mediaType ?? "application/octet-stream"
            )
        }
    }
}
