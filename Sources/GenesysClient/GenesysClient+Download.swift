import Foundation
import Logging

extension GenesysClient {
    /// The route template downloads are reported under (a download has no API route).
    package static let downloadOperation = "GET {mediaURL}"

    /// Downloads the bytes behind an attachment URL or a cached-media `downloadUrl`.
    ///
    /// The bearer token is sent only when the URL is on the API host; Genesys serves attachments from
    /// pre-signed storage URLs that must not see it. A URL on the API host also goes through the request
    /// budget. 429 (with `Retry-After`), 5xx and transport failures are retried like any idempotent call.
    ///
    /// - Parameters:
    ///   - url: an absolute `https` URL (plain `http` only on loopback hosts).
    ///   - maxBytes: the largest body accepted; defaults to the configuration's `maxResponseBytes`.
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
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            var headers: [(name: String, value: String)] = [("Accept", "*/*")]
            if isAPIHost {
                _ = try await budget.acquire()
                headers.append(("Authorization", "Bearer \(try await tokens.token())"))
            }
            counters.withLock {
                $0.requests += 1
                if attempt > 1 { $0.retries += 1 }
            }
            let request = HTTPTransportRequest(
                method: "GET",
                url: url,
                headers: headers,
                body: nil,
                timeout: configuration.timeout,
                maxResponseBytes: maxBytes ?? configuration.maxResponseBytes
            )
            let response: HTTPTransportResponse
            do {
                response = try await transport.execute(request)
            } catch let error as HTTPTransportError {
                counters.withLock { $0.transportErrors += 1 }
                guard let delay = retryPolicy.delay(after: .transport(error), attempt: attempt, isIdempotent: true) else {
                    throw GenesysAPIError(
                        kind: .transport,
                        operation: Self.downloadOperation,
                        message: "downloading from \(host): \(error.description)",
                        attempts: attempt
                    )
                }
                try await wait(delay)
                continue
            }
            counters.withLock {
                $0.bytesReceived += response.body.count
                if response.status == 429 { $0.rateLimited += 1 }
                if response.status >= 500 { $0.serverErrors += 1 }
            }
            if (200..<300).contains(response.status) {
                return response.body
            }
            let serverWait =
                response.status == 429 || response.status == 503
                ? RetryAfter.wait(in: response, now: Date()) : nil
            guard
                let delay = retryPolicy.delay(
                    after: .status(response.status, retryAfter: serverWait),
                    attempt: attempt,
                    isIdempotent: true
                )
            else {
                logger.debug(
                    "media download failed",
                    metadata: ["http.status": "\(response.status)", "http.host": "\(host)"]
                )
                throw GenesysAPIError(
                    kind: GenesysAPIError.kind(forStatus: response.status),
                    operation: Self.downloadOperation,
                    status: response.status,
                    message: "downloading from \(host) failed with HTTP \(response.status)",
                    attempts: attempt
                )
            }
            try await wait(delay)
        }
    }
}
