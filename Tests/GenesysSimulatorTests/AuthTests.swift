import Foundation
import GenesysModels
import GenesysSimulator
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// OAuth client credentials and the bearer check on every `/api/v2` route.
struct AuthTests {
    /// Every API route (method, concrete path), with placeholder ids.
    static let routes: [(HTTPRequest.Method, String)] = {
        let c = "/api/v2/conversations/messages/c1"
        let p = "\(c)/participants/p1"
        let m = "\(c)/communications/m1"
        let jobs = "/api/v2/analytics/conversations/details/jobs"
        return [
            (.get, "/api/v2/conversations/messages"), (.post, "/api/v2/conversations/messages"),
            (.post, "/api/v2/conversations/messages/agentless"), (.get, "/api/v2/conversations/messages/cachedmedia"),
            (.get, "/api/v2/conversations/messages/cachedmedia/x"),
            (.delete, "/api/v2/conversations/messages/cachedmedia/x"),
            (.post, "/api/v2/conversations/messages/inbound/open"),
            (.post, "/api/v2/conversations/messages/i1/inbound/open/event"),
            (.post, "/api/v2/conversations/messages/i1/inbound/open/message"),
            (.post, "/api/v2/conversations/messages/i1/inbound/open/receipt"),
            (.post, "/api/v2/conversations/messages/i1/inbound/open/structured/response"),
            (.get, c), (.patch, c), (.put, "\(c)/recordingstate"), (.post, "\(m)/messages"),
            (.post, "\(m)/socialmedia/messages"),
            (.post, "\(m)/typing"), (.post, "\(c)/messages/bulk"), (.get, "\(c)/messages/x"),
            (.get, "/api/v2/conversations/messages/x/details"), (.get, "\(m)/messages/media"),
            (.post, "\(m)/messages/media"),
            (.post, "\(m)/messages/media/uploads"), (.get, "\(m)/messages/media/x"), (.patch, p),
            (.patch, "\(p)/attributes"),
            (.patch, "\(p)/communications/m1"), (.post, "\(p)/monitor"), (.post, "\(p)/replace"),
            (.get, "\(p)/communications/m1/wrapup"), (.post, "\(p)/communications/m1/wrapup"), (.get, "\(p)/wrapup"),
            (.get, "\(p)/wrapupcodes"), (.post, "/api/v2/analytics/conversations/details/query"), (.post, jobs),
            (.get, "\(jobs)/j1"), (.get, "\(jobs)/j1/results"), (.delete, "\(jobs)/j1"), (.get, "\(jobs)/availability"),
            (.get, "/api/v2/analytics/conversations/details?id=a"),
            (.get, "/api/v2/analytics/conversations/c1/details"),
            (.get, "/api/v2/conversations/c1"),
        ]
    }()

    @Test func everyAPIRouteRequiresABearerToken() async throws {
        #expect(Self.routes.count == 42)
        let harness = RouterHarness()
        try await harness.run { client, _ in
            for (method, path) in Self.routes {
                let missing = try await client.api(method, path, token: nil, body: Data("{}".utf8))
                #expect(missing.status == .unauthorized, "\(method) \(path)")
                #expect(try missing.errorBody().status == 401)
                #expect(missing.headers[HTTPField.Name("inin-ratelimit-allowed")!] != nil)
                let invalid = try await client.api(method, path, token: "not-a-token", body: Data("{}".utf8))
                #expect(invalid.status == .unauthorized, "\(method) \(path)")
            }
        }
        let stats = await harness.store.snapshot()
        #expect(stats.unauthorized == 84)
    }

    @Test func tokenRequestsValidateCredentialsAndGrantType() async throws {
        let harness = RouterHarness()
        try await harness.run { client, _ in
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            func post(_ authorization: String?, _ body: String) async throws -> TestResponse {
                var headers = form
                if let authorization { headers[.authorization] = authorization }
                return try await client.execute(
                    uri: "/oauth/token",
                    method: .post,
                    headers: headers,
                    body: ByteBuffer(string: body)
                )
            }
            let good = try await post(RouterHarness.basic("sim-client", "sim-secret"), "grant_type=client_credentials")
            #expect(good.status == .ok)
            let json = try JSONDecoder().decode([String: JSONValue].self, from: good.data)
            #expect(json["token_type"] == .string("bearer"))
            #expect(json["expires_in"] == .number(86_399))
            #expect(json["access_token"]?.stringValue?.isEmpty == false)

            let wrongSecret = try await post(RouterHarness.basic("sim-client", "nope"), "grant_type=client_credentials")
            #expect(wrongSecret.status == .unauthorized)
            let error = try JSONDecoder().decode([String: JSONValue].self, from: wrongSecret.data)
            #expect(error["error"] == .string("invalid_client"))
            #expect(!String(decoding: wrongSecret.data, as: UTF8.self).contains("sim-secret"))

            let noAuth = try await post(nil, "grant_type=client_credentials")
            #expect(noAuth.status == .unauthorized)
            let wrongGrant = try await post(RouterHarness.basic("sim-client", "sim-secret"), "grant_type=password")
            #expect(wrongGrant.status == .badRequest)
        }
        let stats = await harness.store.snapshot()
        #expect(stats.tokensIssued == 2)
        #expect(stats.tokenRequestsRejected == 3)
    }

    @Test func tokensExpireAfterTheConfiguredLifetime() async throws {
        let clock = ManualSimulatorClock()
        let harness = RouterHarness(
            SimulatorConfiguration(conversations: 3, tokenLifetime: .seconds(5), clock: clock.simulatorClock)
        )
        let id = harness.store.org.conversations[0].id
        try await harness.run { client, token in
            let fresh = try await client.api(.get, "/api/v2/conversations/messages/\(id)", token: token)
            #expect(fresh.status == .ok)
            clock.advance(by: 6)
            let expired = try await client.api(.get, "/api/v2/conversations/messages/\(id)", token: token)
            #expect(expired.status == .unauthorized)
            #expect(try expired.errorBody().message?.contains("expired") == true)
            let renewed = try await RouterHarness.token(client, id: "sim-client", secret: "sim-secret")
            let again = try await client.api(.get, "/api/v2/conversations/messages/\(id)", token: renewed)
            #expect(again.status == .ok)
        }
    }

    @Test func statsAreServedWithoutAuthentication() async throws {
        let harness = RouterHarness()
        let id = harness.store.org.conversations[0].id
        try await harness.run { client, token in
            _ = try await client.api(.get, "/api/v2/conversations/messages/\(id)", token: token)
            let response = try await client.execute(uri: "/sim/stats", method: .get)
            #expect(response.status == .ok)
            let stats = try response.decode(SimulatorStats.self)
            #expect(stats.tokensIssued == 1)
            #expect(stats.count("GET /api/v2/conversations/messages/{conversationId}", status: 200) == 1)
            #expect(stats.count("POST /oauth/token") == 1)
        }
    }
}
