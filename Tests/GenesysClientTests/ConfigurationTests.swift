import Foundation
import GenesysClient
import Testing

struct ConfigurationTests {
    @Test func knowsAllEighteenRegions() {
        #expect(GenesysRegion.all.count == 18)
        #expect(Set(GenesysRegion.all.map(\.name)).count == 18)
        for region in GenesysRegion.all {
            #expect(region.apiBaseURL.scheme == "https")
            #expect(region.apiBaseURL.host?.hasPrefix("api.") == true)
            #expect(
                region.loginBaseURL.host == region.apiBaseURL.host?.replacingOccurrences(of: "api.", with: "login.")
            )
        }
    }

    @Test(arguments: [
        "eu-west-1", "eu_west_1", "EU-WEST-1", "mypurecloud.ie", "api.mypurecloud.ie", "login.mypurecloud.ie",
        "https://api.mypurecloud.ie", "https://api.mypurecloud.ie/", " eu-west-1 ",
    ])
    func resolvesEveryFormOfARegion(text: String) throws {
        let region = try GenesysRegion.resolve(text)
        #expect(region.name == "eu_west_1")
        #expect(region.apiBaseURL.absoluteString == "https://api.mypurecloud.ie")
        #expect(region.loginBaseURL.absoluteString == "https://login.mypurecloud.ie")
    }

    @Test func resolvesEachRegionByNameAndDomain() throws {
        for region in GenesysRegion.all {
            #expect(try GenesysRegion.resolve(region.description) == region)
            #expect(try GenesysRegion.resolve(region.domain) == region)
            #expect(try GenesysRegion.resolve(region.apiBaseURL.absoluteString) == region)
        }
        #expect(try GenesysRegion.resolve("us-east-1").apiBaseURL.absoluteString == "https://api.mypurecloud.com")
        #expect(try GenesysRegion.resolve("us-east-2").domain == "use2.us-gov-pure.cloud")
        #expect(try GenesysRegion.resolve("eusc-de-east-1").domain == "edee1.eusc-pure.cloud")
        #expect(try GenesysRegion.resolve("mypurecloud.com.au").name == "ap_southeast_2")
    }

    @Test func rejectsAnUnknownRegionNamingIt() {
        do {
            _ = try GenesysRegion.resolve("mars-north-1")
            Issue.record("expected an error")
        } catch let error as GenesysAPIError {
            #expect(error.kind == .configuration)
            #expect(error.description.contains("mars-north-1"))
            #expect(error.description.contains("us-east-1"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: ["http://127.0.0.1:8080", "http://localhost:9000", "http://[::1]:8080", "http://127.1.2.3"])
    func allowsPlainHTTPToLoopback(url: String) throws {
        let base = try #require(URL(string: url))
        let configuration = try GenesysClient.Configuration(
            apiBaseURL: base,
            loginBaseURL: base,
            clientID: "id",
            clientSecret: "secret"
        )
        #expect(configuration.apiBaseURL == base)
    }

    @Test(arguments: [
        "http://api.mypurecloud.com", "http://10.0.0.5:8080", "http://127.0.0.1.evil.com", "ftp://localhost",
    ])
    func refusesPlainHTTPToOtherHosts(url: String) throws {
        let base = try #require(URL(string: url))
        let secure = try #require(URL(string: "https://login.mypurecloud.com"))
        do {
            _ = try GenesysClient.Configuration(
                apiBaseURL: base,
                loginBaseURL: secure,
                clientID: "id",
                clientSecret: "pw"
            )
            Issue.record("expected \(url) to be refused")
        } catch let error as GenesysAPIError {
            #expect(error.kind == .configuration)
            #expect(error.description.contains("API base URL"))
            #expect(error.description.contains("https"))
        }
    }

    @Test func descriptionRedactsTheSecret() throws {
        let configuration = GenesysClient.Configuration(
            region: try GenesysRegion.resolve("us-east-1"),
            clientID: "client-1",
            clientSecret: Secrets.clientSecret
        )
        #expect(!configuration.description.contains(Secrets.clientSecret))
        #expect(!String(describing: configuration).contains(Secrets.clientSecret))
        #expect(configuration.description.contains("<redacted>"))
        #expect(configuration.requestsPerMinute == 300)
        #expect(configuration.maxAttempts == 5)
        #expect(configuration.timeout == .seconds(30))
    }

    @Test func readsEnvironmentStyleValues() throws {
        let configuration = try GenesysClient.Configuration(environment: [
            "GENESYSCLOUD_OAUTHCLIENT_ID": "id-1",
            "GENESYSCLOUD_OAUTHCLIENT_SECRET": "pw-1",
            "GENESYSCLOUD_REGION": "ap-northeast-1",
        ])
        #expect(configuration.apiBaseURL.absoluteString == "https://api.mypurecloud.jp")
        #expect(configuration.loginBaseURL.absoluteString == "https://login.mypurecloud.jp")

        let local = try GenesysClient.Configuration(environment: [
            "GENESYSCLOUD_OAUTHCLIENT_ID": "id-1",
            "GENESYSCLOUD_OAUTHCLIENT_SECRET": "pw-1",
            "GENESYSCLOUD_API_URL": "http://127.0.0.1:7070",
        ])
        #expect(local.apiBaseURL.absoluteString == "http://127.0.0.1:7070")
        #expect(local.loginBaseURL.absoluteString == "http://127.0.0.1:7070")

        #expect(throws: GenesysAPIError.self) {
            _ = try GenesysClient.Configuration(environment: ["GENESYSCLOUD_OAUTHCLIENT_ID": "id-1"])
        }
        do {
            _ = try GenesysClient.Configuration(environment: [
                "GENESYSCLOUD_OAUTHCLIENT_ID": "id-1",
                "GENESYSCLOUD_OAUTHCLIENT_SECRET": "pw-1",
                "GENESYSCLOUD_API_URL": "http://api.example.com",
            ])
            Issue.record("expected plain http to a remote host to be refused")
        } catch let error as GenesysAPIError {
            #expect(error.description.contains("GENESYSCLOUD_API_URL"))
            #expect(!error.description.contains("pw-1"))
        }
    }
}
