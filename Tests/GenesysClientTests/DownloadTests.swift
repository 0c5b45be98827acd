import Foundation
import GenesysClient
import TestSupport
import Testing

struct DownloadTests {
    @Test(.timeLimit(.minutes(1)))
    func mediaOnTheAPIHostGetsTheTokenAndStorageURLsDoNot() async throws {
        let bytes = Data((0..<2048).map { UInt8($0 % 251) })
        try await withClient { request in
            if request.path == "/oauth/token" { return .token(Secrets.firstToken) }
            if request.path.hasPrefix("/media/") { return ScriptedResponse(status: 200, body: bytes) }
            return .error(status: 404, code: "not.found", message: "no")
        } body: { client, server in
            let onAPIHost = try #require(URL(string: server.baseURL.absoluteString + "/media/a.png"))
            #expect(try await client.downloadMedia(from: onAPIHost) == bytes)
            let apiRequest = try #require(server.requests(to: "/media/a.png").first)
            #expect(apiRequest.header("authorization") == "Bearer \(Secrets.firstToken)")

            // The same server reached through another host name stands for a pre-signed storage URL.
            let port = try #require(server.baseURL.port)
            let storage = try #require(URL(string: "http://localhost:\(port)/media/b.png?X-Amz-Signature=abc"))
            #expect(try await client.downloadMedia(from: storage) == bytes)
            let storageRequest = try #require(server.requests(to: "/media/b.png").first)
            #expect(storageRequest.header("authorization") == nil)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func serverErrorsAreRetriedAndA404NamesTheHostNotTheSignedQuery() async throws {
        let failures = ResponseQueue([
            ScriptedResponse(status: 503), ScriptedResponse(status: 200, body: Data("ok".utf8)),
        ])
        try await withClient { request in
            if request.path == "/oauth/token" { return .token(Secrets.firstToken) }
            if request.path == "/media/flaky" { return failures.next() }
            return ScriptedResponse(status: 404)
        } body: { client, server in
            let flaky = try #require(URL(string: server.baseURL.absoluteString + "/media/flaky"))
            #expect(try await client.downloadMedia(from: flaky) == Data("ok".utf8))
            #expect(failures.served == 2)

            let missing = try #require(URL(string: server.baseURL.absoluteString + "/media/gone?sig=SECRETSIG"))
            let error = await #expect(throws: GenesysAPIError.self) { try await client.downloadMedia(from: missing) }
            #expect(error?.status == 404)
            #expect(error.map { "\($0)".contains("SECRETSIG") } == false)
        }
    }

    @Test func plainHTTPToANonLoopbackHostIsRefused() async throws {
        try await withClient { _ in .token(Secrets.firstToken) } body: { client, _ in
            let url = try #require(URL(string: "http://media.example.com/a.png"))
            let error = await #expect(throws: GenesysAPIError.self) { try await client.downloadMedia(from: url) }
            #expect(error?.kind == .configuration)
        }
    }
}
