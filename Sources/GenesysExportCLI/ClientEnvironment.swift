import Foundation
import GenesysClient

/// Reads the `GENESYSCLOUD_*` environment variables into a client configuration.
///
/// | variable | meaning |
/// |---|---|
/// | `GENESYSCLOUD_OAUTHCLIENT_ID` | OAuth client id (client-credentials grant) |
/// | `GENESYSCLOUD_OAUTHCLIENT_SECRET` | OAuth client secret |
/// | `GENESYSCLOUD_REGION` | region: `us-east-1`, `eu_west_1`, `mypurecloud.ie`, … (default us-east-1) |
/// | `GENESYSCLOUD_API_URL` | overrides the API base URL (e.g. the simulator, `http://127.0.0.1:8080`) |
/// | `GENESYSCLOUD_LOGIN_URL` | overrides the login base URL (defaults to the API URL when that is set) |
/// | `GENESYSCLOUD_EXPORT_HASH_KEY` | key for `redact.addresses: hash` |
struct ClientEnvironment {
    /// A missing or invalid environment variable.
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    var environment: [String: String]

    init(_ environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The client configuration, or a problem naming the variable (never its value when secret).
    func clientConfiguration(requestsPerMinute: Int) throws -> GenesysClient.Configuration {
        guard let clientID = value("GENESYSCLOUD_OAUTHCLIENT_ID") else {
            throw Problem(description: "GENESYSCLOUD_OAUTHCLIENT_ID is not set: export the OAuth client id of a client-credentials client")
        }
        guard let clientSecret = value("GENESYSCLOUD_OAUTHCLIENT_SECRET") else {
            throw Problem(description: "GENESYSCLOUD_OAUTHCLIENT_SECRET is not set: export the OAuth client secret")
        }
        var configuration: GenesysClient.Configuration
        if let api = value("GENESYSCLOUD_API_URL") {
            guard let apiURL = URL(string: api), apiURL.host != nil else {
                throw Problem(description: "GENESYSCLOUD_API_URL is not a URL: \(api)")
            }
            let login = value("GENESYSCLOUD_LOGIN_URL") ?? api
            guard let loginURL = URL(string: login), loginURL.host != nil else {
                throw Problem(description: "GENESYSCLOUD_LOGIN_URL is not a URL: \(login)")
            }
            configuration = try GenesysClient.Configuration(
                apiBaseURL: apiURL,
                loginBaseURL: loginURL,
                clientID: clientID,
                clientSecret: clientSecret
            )
        } else {
            let region = try GenesysRegion.resolve(value("GENESYSCLOUD_REGION") ?? "us-east-1")
            configuration = GenesysClient.Configuration(region: region, clientID: clientID, clientSecret: clientSecret)
            if let login = value("GENESYSCLOUD_LOGIN_URL") {
                guard let loginURL = URL(string: login), loginURL.host != nil else {
                    throw Problem(description: "GENESYSCLOUD_LOGIN_URL is not a URL: \(login)")
                }
                configuration = try GenesysClient.Configuration(
                    apiBaseURL: configuration.apiBaseURL,
                    loginBaseURL: loginURL,
                    clientID: clientID,
                    clientSecret: clientSecret
                )
            }
        }
        configuration.requestsPerMinute = requestsPerMinute
        return configuration
    }

    /// The address-hashing key, when set.
    var hashKey: Data? {
        value("GENESYSCLOUD_EXPORT_HASH_KEY").map { Data($0.utf8) }
    }

    private func value(_ name: String) -> String? {
        guard let text = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            return nil
        }
        return text
    }
}
