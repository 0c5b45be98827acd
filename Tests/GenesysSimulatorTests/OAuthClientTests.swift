import Foundation
import GenesysModels
import GenesysSimulator
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// Several OAuth clients (`sim --client ID:SECRET`), each with its own tokens and rate-limit budget.
struct OAuthClientTests {
    static let reporting = ClientCredential(id: "reporting", secret: "rep-secret:with-colon")
    static let archive = ClientCredential(id: "archive", secret: "arc-secret")

    static func harness(limit: Int = 300) -> RouterHarness {
        RouterHarness(
            SimulatorConfiguration(
                conversations: 3,
                clients: [reporting, archive],
                rateLimitPerMinute: limit,
                clock: ManualSimulatorClock().simulatorClock
            )
        )
    }

    static func postToken(_ client: any TestClientProtocol, _ authorization: String?, form: String) async throws
        -> TestResponse
    {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let authorization { headers[.authorization] = authorization }
        return try await client.execute(
            uri: "/oauth/token",
            method: .post,
            headers: headers,
            body: ByteBuffer(string: form)
        )
    }

    @Test func everyConfiguredClientGetsItsOwnTokens() async throws {
        let harness = Self.harness()
        let id = harness.store.org.conversations[0].id
        try await harness.run { client, primary in
            let reporting = try await RouterHarness.token(client, id: "reporting", secret: "rep-secret:with-colon")
            let archiveResponse = try await Self.postToken(
                client,
                nil,
                form: "grant_type=client_credentials&client_id=archive&client_secret=arc-secret"
            )
            #expect(archiveResponse.status == .ok)
            let archive = try #require(try archiveResponse.json()["access_token"]?.stringValue)
            #expect(Set([primary, reporting, archive]).count == 3)
            for token in [primary, reporting, archive] {
                let response = try await client.api(.get, "/api/v2/conversations/messages/\(id)", token: token)
                #expect(response.status == .ok)
            }
        }
        let stats = await harness.store.snapshot()
        #expect(stats.tokensIssued == 3)
        #expect(stats.tokensIssuedByClient == ["sim-client": 1, "reporting": 1, "archive": 1])
    }

    @Test func aWrongSecretIsRefused401InvalidClient() async throws {
        let harness = Self.harness()
        try await harness.run { client, _ in
            let cases = [
                RouterHarness.basic("reporting", "arc-secret"),
                RouterHarness.basic("reporting", "rep-secret"),
                RouterHarness.basic("nobody", "rep-secret:with-colon"),
            ]
            for authorization in cases {
                let refused = try await Self.postToken(client, authorization, form: "grant_type=client_credentials")
                #expect(refused.status == .unauthorized)
                let description = "client authentication failed: unknown client id or wrong secret"
                #expect(
                    try refused.json()
                        == .object([
                            "error": .string("invalid_client"),
                            "description": .string(description),
                            "error_description": .string(description),
                        ])
                )
                #expect(!refused.text.contains("rep-secret"))
                #expect(!refused.text.contains("arc-secret"))
            }
        }
        let stats = await harness.store.snapshot()
        #expect(stats.tokenRequestsRejected == 3)
        #expect(stats.tokensIssuedByClient == ["sim-client": 1])
    }

    @Test func eachClientHasItsOwnBudget() async throws {
        let harness = Self.harness(limit: 2)
        let path = "/api/v2/conversations/messages/\(harness.store.org.conversations[0].id)"
        try await harness.run { client, primary in
            _ = try await client.api(.get, path, token: primary)
            _ = try await client.api(.get, path, token: primary)
            let spent = try await client.api(.get, path, token: primary)
            #expect(spent.status == .tooManyRequests)
            let reporting = try await RouterHarness.token(client, id: "reporting", secret: "rep-secret:with-colon")
            let first = try await client.api(.get, path, token: reporting)
            let second = try await client.api(.get, path, token: reporting)
            #expect(first.status == .ok)
            #expect(first.rateLimitHeaders == ["1", "2", "60", nil])
            #expect(second.rateLimitHeaders == ["2", "2", "60", nil])
            #expect(try await client.api(.get, path, token: reporting).status == .tooManyRequests)
        }
        #expect(await harness.store.snapshot().rateLimited == 2)
    }

    @Test func acceptedClientsListThePrimaryFirstWithoutDuplicates() {
        let configuration = SimulatorConfiguration(
            clientID: "main",
            clientSecret: "s",
            clients: [Self.reporting, ClientCredential(id: "main", secret: "other"), Self.archive]
        )
        #expect(
            configuration.acceptedClients == [ClientCredential(id: "main", secret: "s"), Self.reporting, Self.archive]
        )
    }

    @Test(arguments: [
        ("reporting:s3cret", ClientCredential(id: "reporting", secret: "s3cret")),
        ("a:b:c", ClientCredential(id: "a", secret: "b:c")),
    ])
    func clientCredentialsParseIDColonSecret(text: String, expected: ClientCredential) throws {
        #expect(try ClientCredential(parsing: text) == expected)
    }

    @Test(arguments: ["no-colon", ":secret", "id:"])
    func malformedClientCredentialsAreRefused(text: String) {
        #expect(throws: ClientCredential.ParseError.self) { try ClientCredential(parsing: text) }
    }

    @Test func credentialDescriptionsNeverShowTheSecret() throws {
        #expect(Self.reporting.description == "client reporting")
        do {
            _ = try ClientCredential(parsing: "reporting:")
            Issue.record("an empty secret parsed")
        } catch {
            #expect("\(error)" == "A client must be given as ID:SECRET with neither part empty for client reporting")
        }
    }
}
