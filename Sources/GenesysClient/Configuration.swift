import Foundation

extension GenesysClient {
    /// Everything the client needs to reach one Genesys Cloud org; its `description` redacts the secret.
    ///
    /// ```swift
    /// var configuration = GenesysClient.Configuration(
    ///     region: try GenesysRegion.resolve("eu-west-1"), clientID: id, clientSecret: secret)
    /// configuration.requestsPerMinute = 240
    /// ```
    package struct Configuration: Sendable, CustomStringConvertible {
        /// The API base URL, such as `https://api.mypurecloud.com`.
        package var apiBaseURL: URL
        /// The login base URL that serves `POST /oauth/token`, such as `https://login.mypurecloud.com`.
        package var loginBaseURL: URL
        /// The OAuth client id (client-credentials grant).
        package var clientID: String
        /// The OAuth client secret; never printed, logged or stored.
        package var clientSecret: String
        /// The time one HTTP exchange may take, connection included.
        package var timeout: Duration = .seconds(30)
        /// The attempts one request may take, the first included (at least 1).
        package var maxAttempts: Int = 5
        /// The client-side request budget, shared by every task using the client (Genesys's default per token
        /// is 300); 0 turns the budget off.
        package var requestsPerMinute: Int = 300
        /// The largest response body accepted; a larger one fails with a `transport` error.
        package var maxResponseBytes: Int = 64 << 20
        /// The first backoff step for 5xx, resets and timeouts; each retry doubles it (full jitter).
        package var retryBaseDelay: Duration = .milliseconds(500)
        /// The largest backoff step.
        package var retryMaxDelay: Duration = .seconds(30)
        /// The longest `Retry-After` the client waits; a longer one fails with `rateLimited`.
        package var maxRetryAfter: Duration = .seconds(300)
        /// How long before `expires_in` runs out a token is replaced.
        package var tokenRefreshMargin: Duration = .seconds(300)

        /// A configuration for a region's public endpoints.
        package init(region: GenesysRegion, clientID: String, clientSecret: String) {
            self.apiBaseURL = region.apiBaseURL
            self.loginBaseURL = region.loginBaseURL
            self.clientID = clientID
            self.clientSecret = clientSecret
        }

        /// A configuration with explicit base URLs (a proxy or the simulator).
        ///
        /// - Throws: `GenesysAPIError` of kind `configuration` when a URL is not `https`, unless it is plain
        ///   `http` to a loopback host (`localhost`, `127.0.0.0/8`, `::1`).
        package init(apiBaseURL: URL, loginBaseURL: URL, clientID: String, clientSecret: String) throws {
            try Self.validate(apiBaseURL, name: "API base URL")
            try Self.validate(loginBaseURL, name: "login base URL")
            self.apiBaseURL = apiBaseURL
            self.loginBaseURL = loginBaseURL
            self.clientID = clientID
            self.clientSecret = clientSecret
        }

        /// Builds a configuration from environment-style values (the CLI passes `ProcessInfo.processInfo.environment`).
        ///
        /// Reads `GENESYSCLOUD_OAUTHCLIENT_ID`, `GENESYSCLOUD_OAUTHCLIENT_SECRET`, `GENESYSCLOUD_REGION` (default
        /// `us-east-1`), and `GENESYSCLOUD_API_URL` / `GENESYSCLOUD_LOGIN_URL`, which override the region's URLs. When
        /// only the API URL is given, the login URL is derived from it (`api.` → `login.`, or the same URL).
        ///
        /// - Throws: `GenesysAPIError` of kind `configuration` naming the variable that is missing or wrong.
        package init(environment: [String: String]) throws {
            func value(_ key: String) -> String? {
                guard let text = environment[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
                    return nil
                }
                return text
            }
            func missing(_ key: String) -> GenesysAPIError {
                GenesysAPIError(kind: .configuration, operation: "configuration", message: "\(key) is not set")
            }
            guard let clientID = value("GENESYSCLOUD_OAUTHCLIENT_ID") else {
                throw missing("GENESYSCLOUD_OAUTHCLIENT_ID")
            }
            guard let clientSecret = value("GENESYSCLOUD_OAUTHCLIENT_SECRET") else {
                throw missing("GENESYSCLOUD_OAUTHCLIENT_SECRET")
            }
            let region: GenesysRegion
            do {
                region = try GenesysRegion.resolve(value("GENESYSCLOUD_REGION") ?? "us-east-1")
            } catch var error as GenesysAPIError {
                error.message = "GENESYSCLOUD_REGION: " + (error.message ?? "unknown region")
                throw error
            }
            let apiURL = try value("GENESYSCLOUD_API_URL").map { try Self.parse($0, key: "GENESYSCLOUD_API_URL") }
            let loginURL = try value("GENESYSCLOUD_LOGIN_URL").map {
                try Self.parse($0, key: "GENESYSCLOUD_LOGIN_URL")
            }
            let api = apiURL ?? region.apiBaseURL
            let login = loginURL ?? apiURL.map(Self.loginURL(derivedFrom:)) ?? region.loginBaseURL
            do {
                try self.init(apiBaseURL: api, loginBaseURL: login, clientID: clientID, clientSecret: clientSecret)
            } catch var error as GenesysAPIError {
                let key =
                    apiURL != nil && error.message?.hasPrefix("API") == true
                    ? "GENESYSCLOUD_API_URL" : "GENESYSCLOUD_LOGIN_URL"
                error.message = "\(key): " + (error.message ?? "invalid URL")
                throw error
            }
        }

        /// The configuration with the secret redacted.
        package var description: String {
            "Configuration(apiBaseURL: \(apiBaseURL.absoluteString), loginBaseURL: \(loginBaseURL.absoluteString), "
                + "clientID: \(clientID), clientSecret: <redacted>, timeout: \(timeout), maxAttempts: \(maxAttempts), "
                + "requestsPerMinute: \(requestsPerMinute), maxResponseBytes: \(maxResponseBytes))"
        }

        // MARK: - Validation

        /// Whether `host` is a loopback host (`localhost`, `127.0.0.0/8`, `::1`).
        package static func isLoopback(host: String) -> Bool {
            var host = host.lowercased()
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" || host == "0:0:0:0:0:0:0:1" {
                return true
            }
            let octets = host.split(separator: ".", omittingEmptySubsequences: false)
            guard octets.count == 4, octets[0] == "127" else { return false }
            return octets.allSatisfy { octet in UInt8(octet) != nil }
        }

        private static func validate(_ url: URL, name: String) throws {
            guard let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
                throw GenesysAPIError(
                    kind: .configuration,
                    operation: "configuration",
                    message: "\(name) '\(redactedURL(url))' is not an absolute http(s) URL"
                )
            }
            switch scheme {
            case "https":
                return
            case "http" where isLoopback(host: host):
                return
            case "http":
                throw GenesysAPIError(
                    kind: .configuration,
                    operation: "configuration",
                    message: "\(name) '\(redactedURL(url))' uses plain http to the non-loopback host \(host); "
                        + "use https (plain http is allowed only for localhost, 127.0.0.0/8 and ::1)"
                )
            default:
                throw GenesysAPIError(
                    kind: .configuration,
                    operation: "configuration",
                    message: "\(name) '\(redactedURL(url))' has the scheme '\(scheme)'; use https"
                )
            }
        }

        private static func parse(_ text: String, key: String) throws -> URL {
            guard let url = URL(string: text), url.scheme != nil, url.host != nil else {
                throw GenesysAPIError(
                    kind: .configuration,
                    operation: "configuration",
                    message: "\(key) is not an absolute URL such as https://api.mypurecloud.com"
                )
            }
            return url
        }

        private static func loginURL(derivedFrom api: URL) -> URL {
            let text = api.absoluteString
            guard text.contains("//api."),
                let url = URL(string: text.replacingOccurrences(of: "//api.", with: "//login."))
            else { return api }
            return url
        }

        /// The URL without user info, query or fragment, for messages.
        private static func redactedURL(_ url: URL) -> String {
            var text = (url.scheme.map { "\($0)://" } ?? "") + (url.host ?? "")
            if let port = url.port { text += ":\(port)" }
            return text + url.path
        }
    }
}
