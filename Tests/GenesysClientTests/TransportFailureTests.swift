import Foundation
import GenesysClient
import GenesysModels
import Logging
import TestSupport
import Testing

/// An `HTTPTransport` that answers from a closure: for failures a real socket cannot script
/// (a reset or a timeout after the request was sent).
final class ScriptedTransport: HTTPTransport {
    let requests = Recorder<String>()
    private let reply: @Sendable (HTTPTransportRequest, Int) throws -> HTTPTransportResponse
    private let count = Counter()

    init(reply: @escaping @Sendable (HTTPTransportRequest, Int) throws -> HTTPTransportResponse) {
        self.reply = reply
    }

    func execute(_ request: HTTPTransportRequest) async throws -> HTTPTransportResponse {
        requests.append("\(request.method) \(request.url.path)")
        return try reply(request, count.increment())
    }

    func shutdown() async throws {}
}

struct TransportFailureTests {
    private func makeClient(_ transport: ScriptedTransport, clock: FakeClock) throws -> GenesysClient {
        var configuration = GenesysClient.Configuration(
            region: try GenesysRegion.resolve("us-east-1"),
            clientID: Secrets.clientID,
            clientSecret: Secrets.clientSecret
        )
        configuration.requestsPerMinute = 0
        return GenesysClient(
            configuration: configuration,
            logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }),
            transport: transport,
            sleep: { try await clock.sleep($0) },
            now: { clock.now },
            jitter: { $0 },
            tokenProvider: FixedTokenProvider()
        )
    }

    @Test func readIsRetriedAfterAResetAndATimeout() async throws {
        let clock = FakeClock()
        let transport = ScriptedTransport { _, call in
            switch call {
            case 1: throw HTTPTransportError(.connectionReset, detail: "reset")
            case 2: throw HTTPTransportError(.timeout, detail: "deadline")
            default: return HTTPTransportResponse(status: 200, body: Data(#"{"id":"c1"}"#.utf8))
            }
        }
        let client = try makeClient(transport, clock: clock)
        let conversation = try await client.send(.messageConversation(id: "c1")).value
        #expect(conversation.id == "c1")
        #expect(transport.requests.elements.count == 3)
        #expect(client.statistics.transportErrors == 2)
        #expect(client.statistics.retries == 2)
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1)])
        #expect(transport.requests.elements.first == "GET /api/v2/conversations/messages/c1")
    }

    @Test(arguments: [HTTPTransportError.Kind.timeout, .connectionReset, .other])
    func writeIsNotRepeatedAfterAnAmbiguousFailure(kind: HTTPTransportError.Kind) async throws {
        let transport = ScriptedTransport { _, _ in throw HTTPTransportError(kind, detail: "lost") }
        let client = try makeClient(transport, clock: FakeClock())
        do {
            _ = try await client.send(.sendMessage(
                AdditionalMessage(textBody: "once"),
                conversationID: "c",
                communicationID: "m"
            )).value
            Issue.record("expected a transport error")
        } catch let error as GenesysAPIError {
            #expect(error.kind == .transport)
            #expect(error.attempts == 1)
            #expect(
                error.operation
                    == "POST /api/v2/conversations/messages/{conversationId}/communications/{communicationId}/messages"
            )
        }
        #expect(transport.requests.elements.count == 1)
    }

    @Test func oversizedResponseIsNotRetried() async throws {
        let transport = ScriptedTransport { _, _ in throw HTTPTransportError(.responseTooLarge, detail: "too big") }
        let client = try makeClient(transport, clock: FakeClock())
        await #expect(throws: GenesysAPIError.self) { _ = try await client.send(.messageConversation(id: "c1")).value }
        #expect(transport.requests.elements.count == 1)
    }

    @Test func transportErrorsKeepTheirCauseOutOfTheDescription() async throws {
        let cause = LibraryError(text: "connect to https://api.example/x?token=\(Secrets.firstToken) failed")
        let transport = ScriptedTransport { _, _ in
            throw HTTPTransportError(.connectionReset, detail: "reset", underlying: cause)
        }
        let client = try makeClient(transport, clock: FakeClock())
        let error = await #expect(throws: GenesysAPIError.self) {
            _ = try await client.send(.sendMessage(
                AdditionalMessage(textBody: "x"),
                conversationID: "c",
                communicationID: "m"
            )).value
        }
        let transportError = try #require(error?.underlying as? HTTPTransportError)
        #expect(transportError.kind == .connectionReset)
        #expect((transportError.underlying as? LibraryError) == cause)
        #expect(error?.description.contains(Secrets.firstToken) == false)
        #expect(error?.description.contains("api.example") == false)
    }

    @Test func anErrorThatIsNotATransportErrorIsReportedAsTransportAndKept() async throws {
        let cause = LibraryError(text: "something odd")
        let transport = ScriptedTransport { _, call in
            if call == 1 { throw cause }
            return HTTPTransportResponse(status: 200, body: Data(#"{"id":"c1"}"#.utf8))
        }
        let clock = FakeClock()
        let client = try makeClient(transport, clock: clock)
        // A read: retried after the unknown failure like any other ambiguous one.
        #expect(try await client.send(.messageConversation(id: "c1")).value.id == "c1")
        #expect(client.statistics.transportErrors == 1)
        #expect(clock.sleeps == [.milliseconds(500)])

        let failing = ScriptedTransport { _, _ in throw cause }
        let write = try makeClient(failing, clock: FakeClock())
        let error = await #expect(throws: GenesysAPIError.self) {
            _ = try await write.send(.sendMessage(
                AdditionalMessage(textBody: "x"),
                conversationID: "c",
                communicationID: "m"
            )).value
        }
        #expect(error?.kind == .transport)
        #expect(((error?.underlying as? HTTPTransportError)?.underlying as? LibraryError) == cause)
    }

    @Test(.timeLimit(.minutes(5)))
    func tokenRequestIsRetriedOnRefusalAndServerErrors() async throws {
        let clock = FakeClock()
        let tokenReplies = ResponseQueue([
            .error(status: 503, code: "unavailable", message: "x", headers: [("Retry-After", "2")]),
            .error(status: 500, code: "internal", message: "x"),
            .token(Secrets.firstToken),
        ])
        try await withClient(clock: clock) { request in
            request.path == "/oauth/token" ? tokenReplies.next() : .json(#"{"id":"c1"}"#)
        } body: { client, server in
            let conversation = try await client.send(.messageConversation(id: "c1")).value
            #expect(conversation.id == "c1")
            #expect(server.requests(to: "/oauth/token").count == 3)
            #expect(client.statistics.tokenRequests == 3)
            #expect(clock.sleeps == [.seconds(2), .seconds(1)])
        }
    }
}

/// An error as an HTTP library might throw it, with a description that must not leak.
struct LibraryError: Error, Equatable, CustomStringConvertible {
    var text: String
    var description: String { text }
}
