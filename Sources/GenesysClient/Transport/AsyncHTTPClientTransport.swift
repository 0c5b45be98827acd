import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The live `HTTPTransport` on swift-server/async-http-client, with its own `HTTPClient`.
package final class AsyncHTTPClientTransport: HTTPTransport {
    private let client: HTTPClient

    /// Creates a transport whose connections time out after `connectTimeout`.
    package init(connectTimeout: Duration = .seconds(10)) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .nanoseconds(Int64(connectTimeout.nanoseconds)))
        configuration.redirectConfiguration = .disallow
        self.client = HTTPClient(
            eventLoopGroup: .singletonMultiThreadedEventLoopGroup,
            configuration: configuration
        )
    }

    /// Performs one exchange, reading at most `maxResponseBytes` of body before the deadline.
    package func execute(_ request: HTTPTransportRequest) async throws -> HTTPTransportResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = .init(rawValue: request.method)
        for (name, value) in request.headers {
            outgoing.headers.add(name: name, value: value)
        }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        let deadline = NIODeadline.now() + .nanoseconds(Int64(request.timeout.nanoseconds))
        do {
            let response = try await client.execute(outgoing, deadline: deadline)
            if let length = response.headers.first(name: "content-length").flatMap(Int.init),
                length > request.maxResponseBytes
            {
                throw HTTPTransportError(
                    .responseTooLarge,
                    detail: "response body of \(length) bytes exceeds the limit of \(request.maxResponseBytes)"
                )
            }
            let buffer = try await response.body.collect(upTo: request.maxResponseBytes)
            return HTTPTransportResponse(
                status: Int(response.status.code),
                headers: response.headers.map { ($0.name, $0.value) },
                body: Data(buffer.readableBytesView)
            )
        } catch let error as HTTPTransportError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw Self.classify(error, maxResponseBytes: request.maxResponseBytes)
        }
    }

    /// Shuts the `HTTPClient` down.
    package func shutdown() async throws {
        try await client.shutdown()
    }

    // MARK: - Private

    private static func classify(_ error: any Error, maxResponseBytes: Int) -> HTTPTransportError {
        if error is NIOTooManyBytesError {
            return HTTPTransportError(.responseTooLarge, detail: "response body exceeds \(maxResponseBytes) bytes")
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .getConnectionFromPoolTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout,
                .tlsHandshakeTimeout:
                return HTTPTransportError(.connectFailed, detail: error.shortDescription)
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return HTTPTransportError(.timeout, detail: error.shortDescription)
            case .remoteConnectionClosed, .cancelled:
                return HTTPTransportError(.connectionReset, detail: error.shortDescription)
            default:
                return HTTPTransportError(.other, detail: error.shortDescription)
            }
        }
        if error is NIOConnectionError {
            return HTTPTransportError(.connectFailed, detail: "connection failed")
        }
        if let error = error as? ChannelError {
            switch error {
            case .connectPending, .connectTimeout:
                return HTTPTransportError(.connectFailed, detail: "connect timed out")
            case .ioOnClosedChannel, .eof, .alreadyClosed, .outputClosed, .inputClosed:
                return HTTPTransportError(.connectionReset, detail: "connection closed")
            default:
                return HTTPTransportError(.other, detail: "channel error")
            }
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL:
                return HTTPTransportError(.connectFailed, detail: "connection refused (errno \(error.errnoCode))")
            case ECONNRESET, EPIPE, ECONNABORTED:
                return HTTPTransportError(.connectionReset, detail: "connection reset (errno \(error.errnoCode))")
            case ETIMEDOUT:
                return HTTPTransportError(.timeout, detail: "timed out (errno \(error.errnoCode))")
            default:
                return HTTPTransportError(.other, detail: "I/O error (errno \(error.errnoCode))")
            }
        }
        return HTTPTransportError(.other, detail: String(describing: type(of: error)))
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    package var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return whole &+ attoseconds / 1_000_000_000
    }
}
