import Foundation
import GenesysClient
import GenesysModels
import InMemoryLogging
import Logging
import TestSupport
import Testing

struct ErrorAndLoggingTests {
    @Test func mapsTheErrorBodyAndKeepsTheBodyOutOfTheDescription() throws {
        let body = Data(
            #"{"status":400,"code":"bad.request","message":"The conversation id is invalid","contextId":"ctx-1","details":[]}"#
                .utf8
        )
        let error = GenesysAPIError.from(
            status: 400,
            body: body,
            operation: "GET /api/v2/conversations/messages/{conversationId}",
            correlationID: "corr-9"
        )
        #expect(error.kind == .badRequest)
        #expect(error.code == "bad.request")
        #expect(error.message == "The conversation id is invalid")
        #expect(error.correlationID == "corr-9")
        #expect(error.responseBody == body)
        #expect(error.description.contains("GET /api/v2/conversations/messages/{conversationId}"))
        #expect(error.description.contains("corr-9"))
        #expect(error.description.contains("HTTP 400"))
        #expect(!error.description.contains("\"details\""))
        #expect(error.shortDescription == "genesys.badRequest")
        #expect(!error.isRetryable)
    }

    @Test(arguments: [
        (401, GenesysAPIError.Kind.unauthorized), (403, .forbidden), (404, .notFound), (400, .badRequest),
        (409, .badRequest), (429, .rateLimited), (500, .server), (503, .server),
    ])
    func mapsStatusesToKinds(status: Int, kind: GenesysAPIError.Kind) {
        #expect(GenesysAPIError.kind(forStatus: status) == kind)
    }

    @Test(.timeLimit(.minutes(5)))
    func decodingFailureKeepsTheBodyForRejects() async throws {
        try await withClient { request in
            request.path == "/oauth/token" ? .token(Secrets.firstToken) : .json(#"["oops", "not a conversation"]"#)
        } body: { client, _ in
            do {
                _ = try await client.send(.messageConversation(id: "c1")).value
                Issue.record("expected a decoding error")
            } catch let error as GenesysAPIError {
                #expect(error.kind == .decoding)
                #expect(error.message?.isEmpty == false)
                #expect(error.responseBody == Data(#"["oops", "not a conversation"]"#.utf8))
                #expect(!error.description.contains("oops"))
                #expect(error.underlying is DecodingError)
            }
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func noLogLineOrErrorContainsTheSecretOrAToken() async throws {
        let (logger, handler) = makeRecordingLogger()
        let tokens = Counter()
        let apiCalls = Counter()
        let errors = Recorder<String>()
        try await withClient(logger: logger) { request in
            if request.path == "/oauth/token" {
                return .token(tokens.increment() == 1 ? Secrets.firstToken : Secrets.secondToken)
            }
            switch apiCalls.increment() {
            case 1: return .error(status: 401, code: "authentication.required", message: "expired")
            case 2: return .error(status: 429, code: "too.many.requests", message: "x", headers: [("Retry-After", "1")])
            case 3: return .json(#"{"id":"c1"}"#, headers: [("ININ-Correlation-Id", "corr-ok")])
            default:
                return .error(
                    status: 404,
                    code: "not.found",
                    message: "missing",
                    headers: [("ININ-Correlation-Id", "corr-404")]
                )
            }
        } body: { client, _ in
            _ = try await client.send(.messageConversation(id: "c1")).value
            do {
                _ = try await client.send(.message(id: "m1", inConversation: "c1")).value
            } catch {
                errors.append(String(describing: error))
                errors.append("\(error)")
            }
        }
        let entries = handler.entries
        #expect(!entries.isEmpty)
        let forbidden = [Secrets.clientSecret, Secrets.firstToken, Secrets.secondToken, "Bearer", "Basic "]
        for entry in entries {
            let line = "\(entry.message) \(entry.metadata)"
            for secret in forbidden {
                #expect(!line.contains(secret), "log line leaks: \(entry.message)")
            }
            #expect(entry.level <= .debug)
            for key in entry.metadata.keys {
                #expect(key == key.lowercased() && !key.contains("_") && !key.contains(" "))
            }
        }
        #expect(entries.contains { $0.metadata["genesys.correlation.id"] == "corr-404" })
        #expect(entries.contains { $0.metadata["http.status"] == "429" })
        let messages = errors.elements
        #expect(messages.count == 2)
        for message in messages {
            #expect(message.contains("corr-404"))
            for secret in forbidden { #expect(!message.contains(secret)) }
        }
    }
}
