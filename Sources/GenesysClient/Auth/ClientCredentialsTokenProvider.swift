import Foundation
import GenesysModels
import Logging

/// The OAuth client-credentials token cache: one token shared by every caller, fetched single-flight.
///
/// `POST {login}/oauth/token` with `Authorization: Basic base64(id:secret)` and the form body
/// `grant_type=client_credentials`. While one fetch is in flight, every other caller waits for its
/// result instead of starting another (50 concurrent calls cause one token request). A token is
/// replaced `refreshMargin` before its `expires_in` runs out, and when the API rejects it with 401.
package actor ClientCredentialsTokenProvider: TokenProvider {
    private struct CachedToken {
        var value: String
        var refreshAt: Duration
    }

    /// The operation name used in errors and logs.
    package static let operation = "POST /oauth/token"

    private let tokenURL: URL
    private let basicCredentials: String
    private let loop: RequestLoop
    private let timeout: Duration
    private let maxResponseBytes: Int
    private let refreshMargin: Duration
    private let now: @Sendable () -> Duration
    private let logger: Logger

    private var cached: CachedToken?
    private var isFetching = false
    private var waiters: [CheckedContinuation<String, any Error>] = []

    /// Creates a provider for `configuration`'s login URL and credentials.
    ///
    /// - Parameters:
    ///   - configuration: the login URL, credentials, timeout and refresh margin.
    ///   - loop: the client's request loop without a token provider or budget; it retries 429, 5xx and
    ///     connection failures of the token request (asking twice is harmless) and counts `tokenRequests`.
    ///   - logger: the logger for `debug` lines (never the token or the secret).
    ///   - now: a monotonic clock reading, used for expiry.
    init(
        configuration: GenesysClient.Configuration,
        loop: RequestLoop,
        logger: Logger,
        now: @escaping @Sendable () -> Duration
    ) {
        self.tokenURL = configuration.loginBaseURL.appendingPathComponent("oauth").appendingPathComponent("token")
        let pair = "\(configuration.clientID):\(configuration.clientSecret)"
        self.basicCredentials = Data(pair.utf8).base64EncodedString()
        self.loop = loop
        self.timeout = configuration.timeout
        self.maxResponseBytes = min(configuration.maxResponseBytes, 1 << 20)
        self.refreshMargin = configuration.tokenRefreshMargin
        self.now = now
        self.logger = logger
    }

    /// A valid access token; concurrent callers share one fetch.
    package func token() async throws -> String {
        while true {
            if let cached, now() < cached.refreshAt {
                return cached.value
            }
            if isFetching {
                do {
                    return try await withCheckedThrowingContinuation { waiters.append($0) }
                } catch is CancellationError {
                    // The fetching caller was cancelled; unless this one is too, fetch again.
                    try Task.checkCancellation()
                    continue
                }
            }
            isFetching = true
            let result: Result<(String, Duration, Duration), any Error>
            do {
                result = .success(try await fetch())
            } catch {
                result = .failure(error)
            }
            isFetching = false
            let waiting = waiters
            waiters = []
            switch result {
            case .success(let (value, lifetime, issuedAt)):
                let margin = min(refreshMargin, lifetime / 2)
                // Count the lifetime from when the request was sent: the server's clock started then at the
                // latest, so a slow response cannot stretch the token past its real expiry.
                cached = CachedToken(value: value, refreshAt: issuedAt + lifetime - margin)
                for waiter in waiting { waiter.resume(returning: value) }
                return value
            case .failure(let error):
                for waiter in waiting { waiter.resume(throwing: error) }
                throw error
            }
        }
    }

    /// Drops `token` if it is still the cached one.
    package func invalidate(_ token: String) {
        if cached?.value == token {
            cached = nil
            logger.debug("access token rejected; refreshing", metadata: ["http.route": "\(Self.operation)"])
        }
    }

    // MARK: - Private

    /// Fetches a token; returns it, its lifetime and when the successful request was sent.
    private func fetch() async throws -> (String, Duration, Duration) {
        let http = HTTPTransportRequest(
            method: "POST",
            url: tokenURL,
            headers: [
                ("Authorization", "Basic \(basicCredentials)"),
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Accept", "application/json"),
            ],
            body: Data("grant_type=client_credentials".utf8),
            timeout: timeout,
            maxResponseBytes: maxResponseBytes
        )
        let request = OutgoingRequest(
            http,
            isIdempotent: true,
            operation: Self.operation,
            destination: .tokenEndpoint
        )
        var logger = self.logger
        logger[metadataKey: "http.method"] = "POST"
        logger[metadataKey: "http.route"] = "\(Self.operation)"
        logger.debug("requesting access token")
        let exchange = try await loop.run(request, logger: logger)
        let decoded: OAuthTokenResponse
        do {
            decoded = try JSONDecoder.genesys().decode(OAuthTokenResponse.self, from: exchange.response.body)
        } catch {
            // The body may hold a token: it is not kept in the error.
            throw exchange.undecodable(
                Self.operation, "the token response is not JSON with access_token", underlying: error, keepsBody: false)
        }
        guard let token = decoded.accessToken, !token.isEmpty else {
            throw exchange.undecodable(Self.operation, "the token response has no access_token", keepsBody: false)
        }
        let lifetime = Duration.seconds(max(decoded.expiresIn ?? 86_399, 1))
        logger.debug("access token received", metadata: ["oauth.expires.seconds": "\(decoded.expiresIn ?? -1)"])
        return (token, lifetime, exchange.sentAt)
    }
}
