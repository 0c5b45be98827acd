import Foundation

/// The seam between the client and the network: one HTTP exchange, body read with a cap.
///
/// The live implementation is `AsyncHTTPClientTransport`; tests may supply another one.
package protocol HTTPTransport: Sendable {
    /// Performs one exchange; throws `HTTPTransportError` for failures below HTTP.
    func execute(_ request: HTTPTransportRequest) async throws -> HTTPTransportResponse
    /// Releases the transport's resources; called once by `GenesysClient.shutdown()`.
    func shutdown() async throws
}

/// One HTTP request as the transport sees it.
package struct HTTPTransportRequest: Sendable {
    /// The HTTP method, upper case (`GET`, `POST`, …).
    package var method: String
    /// The full URL, query included.
    package var url: URL
    /// The header fields in order.
    package var headers: [(name: String, value: String)] = []
    /// The body, if any.
    package var body: Data?
    /// The time the whole exchange may take.
    package var timeout: Duration = .seconds(30)
    /// The largest response body accepted.
    package var maxResponseBytes = 64 << 20
}

/// One HTTP response with its whole (capped) body.
package struct HTTPTransportResponse: Sendable {
    /// The HTTP status code.
    package var status: Int
    /// The header fields in order.
    package var headers: [(name: String, value: String)]
    /// The body as received.
    package var body: Data

    /// Creates a response.
    package init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name`, compared case-insensitively.
    package func header(_ name: String) -> String? {
        headers.first { Self.sameName($0.name, name) }?.value
    }

    /// Header names are ASCII tokens: compared byte by byte, folding only the case of ASCII letters (Foundation's
    /// `caseInsensitiveCompare` cost a few per cent of a run's CPU here, three lookups per response).
    private static func sameName(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return zip(a.utf8, b.utf8).allSatisfy { x, y in
            x == y || (x | 0x20 == y | 0x20 && (0x61...0x7A).contains(x | 0x20))
        }
    }
}

/// A failure below HTTP, classified by whether the server may have seen the request.
///
/// Like async-http-client's errors it keeps the library error that caused it in `underlying` and prints
/// only its own short `description`, which never contains a URL, a header or a body.
package struct HTTPTransportError: Error, Sendable, CustomStringConvertible {
    /// How the exchange failed.
    package enum Kind: String, Sendable, Equatable {
        /// No connection was made; the request was never sent (safe to retry any method).
        case connectFailed
        /// No complete response arrived in time; the server may have acted on the request.
        case timeout
        /// The connection closed or was reset mid-exchange; the server may have acted on the request.
        case connectionReset
        /// The response body exceeded `maxResponseBytes`.
        case responseTooLarge
        /// Any other failure.
        case other
    }

    /// How the exchange failed.
    package var kind: Kind
    /// A short technical detail without URLs, headers or bodies.
    package var detail: String
    /// The error the HTTP library threw, if any (inspect it; do not print it, it may name the URL).
    package var underlying: (any Error)?

    /// Creates an error.
    package init(_ kind: Kind, detail: String, underlying: (any Error)? = nil) {
        self.kind = kind
        self.detail = detail
        self.underlying = underlying
    }

    /// Whether the request certainly did not reach the server.
    package var requestWasNotSent: Bool { kind == .connectFailed }

    /// The kind and detail.
    package var description: String { "\(kind.rawValue): \(detail)" }
}
