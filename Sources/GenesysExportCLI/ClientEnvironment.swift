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
/// | `GENESYSCLOUD_LOGIN_URL` | overrides the login base URL (derived from the API URL when only that is set) |
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

    /// The client configuration, or a problem naming the variable (never a secret's value).
    ///
    /// When only `GENESYSCLOUD_API_URL` is set, the login URL is derived from it as the Genesys SDKs do
    /// (`api.` → `login.`; the same URL for a simulator).
    func clientConfiguration(requestsPerMinute: Int) throws -> GenesysClient.Configuration {
        var configuration: GenesysClient.Configuration
        do {
            configuration = try GenesysClient.Configuration(environment: environment)
        } catch let error as GenesysAPIError {
            throw Problem(description: error.message ?? "\(error)")
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
