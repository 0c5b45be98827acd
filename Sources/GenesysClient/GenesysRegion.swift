import Foundation

/// A Genesys Cloud region: its name and the API and login base URLs (reference §0).
///
/// ```swift
/// let region = try GenesysRegion.resolve("eu-west-1")   // or "mypurecloud.ie", "https://api.mypurecloud.ie"
/// ```
package struct GenesysRegion: Sendable, Hashable, CustomStringConvertible {
    /// The SDK's region name, such as `us_east_1`.
    package var name: String
    /// The API base URL, such as `https://api.mypurecloud.com`.
    package var apiBaseURL: URL
    /// The OAuth login base URL, such as `https://login.mypurecloud.com`.
    package var loginBaseURL: URL

    /// The region's domain, such as `mypurecloud.com`.
    package var domain: String {
        let host = apiBaseURL.host ?? ""
        return host.hasPrefix("api.") ? String(host.dropFirst(4)) : host
    }

    /// The region name in the dashed form, such as `us-east-1`.
    package var description: String { name.replacingOccurrences(of: "_", with: "-") }

    /// Creates a region from its name and domain; the hosts are `api.{domain}` and `login.{domain}`.
    package init?(name: String, domain: String) {
        guard let api = URL(string: "https://api.\(domain)"), let login = URL(string: "https://login.\(domain)") else {
            return nil
        }
        self.name = name
        self.apiBaseURL = api
        self.loginBaseURL = login
    }

    /// All 18 regions of the `PureCloudRegionHosts` enum in the reference.
    package static let all: [GenesysRegion] = [
        ("us_east_1", "mypurecloud.com"),
        ("eu_west_1", "mypurecloud.ie"),
        ("ap_southeast_2", "mypurecloud.com.au"),
        ("ap_northeast_1", "mypurecloud.jp"),
        ("eu_central_1", "mypurecloud.de"),
        ("us_west_2", "usw2.pure.cloud"),
        ("ca_central_1", "cac1.pure.cloud"),
        ("ap_northeast_2", "apne2.pure.cloud"),
        ("eu_west_2", "euw2.pure.cloud"),
        ("ap_south_1", "aps1.pure.cloud"),
        ("us_east_2", "use2.us-gov-pure.cloud"),
        ("sa_east_1", "sae1.pure.cloud"),
        ("me_central_1", "mec1.pure.cloud"),
        ("ap_northeast_3", "apne3.pure.cloud"),
        ("eu_central_2", "euc2.pure.cloud"),
        ("mx_central_1", "mxc1.pure.cloud"),
        ("ap_southeast_1", "apse1.pure.cloud"),
        ("eusc_de_east_1", "edee1.eusc-pure.cloud"),
    ].compactMap { GenesysRegion(name: $0.0, domain: $0.1) }

    /// Finds a region by name (`us-east-1`, `us_east_1`), domain (`mypurecloud.ie`), host
    /// (`api.mypurecloud.ie`, `login.mypurecloud.ie`) or URL (`https://api.mypurecloud.ie/`); case-insensitive.
    ///
    /// - Throws: `GenesysAPIError` of kind `configuration` naming the text and the accepted forms.
    package static func resolve(_ text: String) throws -> GenesysRegion {
        var key = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if key.contains("://"), let host = URL(string: key)?.host {
            key = host
        }
        while key.hasSuffix("/") || key.hasSuffix(".") { key.removeLast() }
        for prefix in ["api.", "login."] where key.hasPrefix(prefix) {
            key.removeFirst(prefix.count)
        }
        let underscored = key.replacingOccurrences(of: "-", with: "_")
        if let region = all.first(where: { $0.name == underscored || $0.domain == key }) {
            return region
        }
        throw GenesysAPIError(
            kind: .configuration,
            operation: "resolve region",
            message: "unknown Genesys Cloud region '\(text)'; use a region name such as us-east-1 "
                + "(one of \(all.map(\.description).joined(separator: ", "))) or a domain such as mypurecloud.ie"
        )
    }
}
