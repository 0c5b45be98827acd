import Foundation
import GenesysModels
import GenesysSimulator
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// Helpers for route tests that drive the simulator's router in-process (`app.test(.router)`).
struct RouterHarness {
    let store: SimulatorStore
    let configuration: SimulatorConfiguration

    init(_ configuration: SimulatorConfiguration = SimulatorConfiguration(conversations: 30)) {
        self.configuration = configuration
        self.store = SimulatorStore(configuration: configuration)
    }

    /// Runs `body` against the router with a fresh bearer token.
    func run<T: Sendable>(_ body: @Sendable (any TestClientProtocol, String) async throws -> T) async throws -> T {
        let app = GenesysSimulator.makeApplication(
            store: store,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        return try await app.test(.router) { client in
            let token = try await RouterHarness.token(
                client,
                id: configuration.clientID,
                secret: configuration.clientSecret
            )
            return try await body(client, token)
        }
    }

    static func basic(_ id: String, _ secret: String) -> String {
        "Basic " + Data("\(id):\(secret)".utf8).base64EncodedString()
    }

    static func token(_ client: any TestClientProtocol, id: String, secret: String) async throws -> String {
        let response = try await client.execute(
            uri: "/oauth/token",
            method: .post,
            headers: [.authorization: basic(id, secret), .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "grant_type=client_credentials")
        )
        #expect(response.status == .ok)
        let json = try JSONDecoder().decode([String: JSONValue].self, from: response.data)
        return try #require(json["access_token"]?.stringValue)
    }
}

extension TestClientProtocol {
    /// Sends an authorized request; `json` is encoded with the Genesys encoder.
    func api(
        _ method: HTTPRequest.Method,
        _ uri: String,
        token: String?,
        body: Data? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) })
    }

    /// Sends an authorized request with an encodable JSON body.
    func api<Body: Encodable>(_ method: HTTPRequest.Method, _ uri: String, token: String?, json: Body) async throws
        -> TestResponse
    {
        try await api(method, uri, token: token, body: JSONEncoder.genesys().encode(json))
    }
}

extension TestResponse {
    /// The body bytes.
    var data: Data { Data(body.readableBytesView) }

    /// The body as UTF-8 text.
    var text: String { String(decoding: data, as: UTF8.self) }

    /// The body as untyped JSON.
    func json() throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// `inin-ratelimit-count`, `inin-ratelimit-allowed`, `inin-ratelimit-reset` and `Retry-After`, in that order.
    var rateLimitHeaders: [String?] {
        [
            headers[.ininRateLimitCount], headers[.ininRateLimitAllowed], headers[.ininRateLimitReset],
            headers[.retryAfter],
        ]
    }

    /// Decodes the body with the Genesys decoder.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder.genesys().decode(T.self, from: data)
    }

    /// The `ErrorBody` of an error response.
    func errorBody() throws -> ErrorBody {
        try decode(ErrorBody.self)
    }
}
