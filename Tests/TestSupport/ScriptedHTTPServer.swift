import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// One request as the scripted server received it.
package struct ScriptedRequest: Sendable {
    /// The HTTP method (`GET`, `POST`, …).
    package var method: String
    /// The path without the query, percent-encoding kept as sent.
    package var path: String
    /// The raw query string (without `?`), if any.
    package var query: String?
    /// The header fields, names lower-cased.
    package var headers: [(name: String, value: String)]
    /// The body.
    package var body: Data

    /// The first value of header `name` (case-insensitive).
    package func header(_ name: String) -> String? {
        headers.first { $0.name == name.lowercased() }?.value
    }

    /// The query items, percent-decoded (`+` is not a space here, as in the Genesys API).
    package var queryItems: [String: String] {
        var items: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).removingPercentEncoding ?? String($0)
            }
            items[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return items
    }

    /// The body as UTF-8 text.
    package var text: String { String(decoding: body, as: UTF8.self) }
}

/// A scripted reply.
package struct ScriptedResponse: Sendable {
    /// The HTTP status.
    package var status: Int
    /// The header fields.
    package var headers: [(name: String, value: String)]
    /// The body.
    package var body: Data

    /// Creates a reply.
    package init(status: Int = 200, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON reply with `Content-Type: application/json`.
    package static func json(
        _ text: String,
        status: Int = 200,
        headers: [(name: String, value: String)] = []
    ) -> ScriptedResponse {
        ScriptedResponse(
            status: status,
            headers: [("Content-Type", "application/json")] + headers,
            body: Data(text.utf8)
        )
    }

    /// A client-credentials token reply (`{"access_token":…,"token_type":"bearer","expires_in":…}`).
    package static func token(_ token: String, expiresIn: Int = 86_399) -> ScriptedResponse {
        .json(#"{"access_token":"\#(token)","token_type":"bearer","expires_in":\#(expiresIn)}"#)
    }

    /// A Genesys `ErrorBody` reply.
    package static func error(
        status: Int,
        code: String,
        message: String,
        headers: [(name: String, value: String)] = []
    ) -> ScriptedResponse {
        .json(#"{"status":\#(status),"code":"\#(code)","message":"\#(message)"}"#, status: status, headers: headers)
    }
}

/// A tiny HTTP server on loopback that answers from a script and records every request.
///
/// Built on Hummingbird with an ephemeral port, for transport-level tests of the real client:
///
/// ```swift
/// try await ScriptedHTTPServer.withRunning { request in
///     request.path == "/oauth/token" ? .token("t1") : .json("{}")
/// } body: { server in
///     … GenesysClient pointed at server.baseURL …
///     #expect(server.requests.count == 2)
/// }
/// ```
package final class ScriptedHTTPServer: Sendable {
    /// Computes the reply to one request.
    package typealias Handler = @Sendable (ScriptedRequest) async throws -> ScriptedResponse

    /// `http://127.0.0.1:<port>` of the running server.
    package let baseURL: URL
    private let recorded: Mutex<[ScriptedRequest]>

    private init(baseURL: URL) {
        self.baseURL = baseURL
        self.recorded = Mutex([])
    }

    /// Every request received so far, in arrival order.
    package var requests: [ScriptedRequest] {
        recorded.withLock { $0 }
    }

    /// The requests received so far whose path is `path`.
    package func requests(to path: String) -> [ScriptedRequest] {
        requests.filter { $0.path == path }
    }

    /// Runs a server on `127.0.0.1` with an ephemeral port for the duration of `body`, then shuts it down.
    package static func withRunning<T: Sendable>(
        logger: Logger = Logger(label: "scripted-http-server", factory: { _ in SwiftLogNoOpLogHandler() }),
        handler: @escaping Handler,
        body: @Sendable (ScriptedHTTPServer) async throws -> T
    ) async throws -> T {
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let box = Mutex<ScriptedHTTPServer?>(nil)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let bodyBuffer = try await request.body.collect(upTo: 64 << 20)
            let scripted = ScriptedRequest(
                method: request.method.rawValue,
                path: request.uri.path,
                query: request.uri.query,
                headers: request.headers.map { ($0.name.canonicalName.lowercased(), $0.value) },
                body: Data(bodyBuffer.readableBytesView)
            )
            box.withLock { server in server?.recorded.withLock { $0.append(scripted) } }
            let reply = try await handler(scripted)
            var headers = HTTPFields()
            for (name, value) in reply.headers {
                if let fieldName = HTTPField.Name(name) { headers.append(HTTPField(name: fieldName, value: value)) }
            }
            return Response(
                status: .init(code: reply.status),
                headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body))
            )
        }
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger
        )
        let serviceGroup = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger)
        )
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            group.addTask { try await serviceGroup.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0, let url = URL(string: "http://127.0.0.1:\(port)") else {
                await serviceGroup.triggerGracefulShutdown()
                throw ScriptedServerError(description: "the scripted server did not report a port")
            }
            let server = ScriptedHTTPServer(baseURL: url)
            box.withLock { $0 = server }
            do {
                let value = try await body(server)
                await serviceGroup.triggerGracefulShutdown()
                try await group.waitForAll()
                return value
            } catch {
                await serviceGroup.triggerGracefulShutdown()
                try? await group.waitForAll()
                throw error
            }
        }
    }
}

/// A failure of the scripted server itself.
package struct ScriptedServerError: Error, CustomStringConvertible {
    /// What went wrong.
    package var description: String
}

/// Replies from a list in order; the last reply repeats once the list is used up.
package final class ResponseQueue: Sendable {
    private let state: Mutex<(replies: [ScriptedResponse], served: Int)>

    /// Creates a queue of `replies` (at least one).
    package init(_ replies: [ScriptedResponse]) {
        self.state = Mutex((replies, 0))
    }

    /// The next reply.
    package func next() -> ScriptedResponse {
        state.withLock { state in
            let index = min(state.served, state.replies.count - 1)
            state.served += 1
            return index >= 0 ? state.replies[index] : ScriptedResponse(status: 500)
        }
    }

    /// How many replies were served.
    package var served: Int { state.withLock { $0.served } }
}
