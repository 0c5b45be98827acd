import Foundation
import Logging

extension GenesysClient {
    /// The route template downloads are reported under (a download has no API route).
    package static let downloadOperation = "GET {mediaURL}"

    /// Downloads the bytes behind an attachment URL or a cached-media `downloadUrl`.
    ///
    /// The bearer token is sent only when the URL is on the API host; Genesys serves attachments from
    /// pre-signed storage URLs that must not see it. A URL on the API host also goes through the request
    /// budget and has its token renewed after a 401. Either way the download runs through the client's one
    /// request loop: 429 (with `Retry-After`), 5xx and transport failures are retried like any idempotent call.
    ///
    /// - Parameters:
    ///   - url: an absolute `https` URL (plain `http` only on loopback hosts).
    ///   - maxBytes: the largest body accepted; defaults to the configuration's `maxResponseBytes`.
    /// - Returns: the body exactly as received.
    /// - Throws: `GenesysAPIError`; its description names the host, never the URL's query (it may carry a signature).
    package func downloadMedia(from url: URL, maxBytes: Int? = nil) async throws -> Data {
        guard let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
            scheme == "https" || (scheme == "http" && Configuration.isLoopback(host: host))
        else {
            throw GenesysAPIError(
                kind: .configuration,
                operation: Self.downloadOperation,
                message: "media URL on '\(url.host ?? "?")' is not https (plain http only for loopback hosts)"
            )
        }
        let isAPIHost = host.lowercased() == configuration.apiBaseURL.host?.lowercased()
        let http = HTTPTransportRequest(
            method: "GET",
            url: url,
            headers: [("Accept", "*/*")],
            timeout: configuration.timeout,
            maxResponseBytes: maxBytes ?? configuration.maxResponseBytes
        )
        let request = OutgoingRequest(
            http,
            isIdempotent: true,
            operation: Self.downloadOperation,
            destination: .media(host: host, isAPIHost: isAPIHost)
        )
        var logger = self.logger
        logger[metadataKey: "http.method"] = "GET"
        logger[metadataKey: "http.route"] = "\(Self.downloadOperation)"
        logger[metadataKey: "http.host"] = "\(host)"
        return try await loop.run(request, logger: logger).response.body
    }
}
