import AsyncHTTPClient
import Foundation
import GenesysModels
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

    /// Maps an AHC/NIO error to a kind and a short detail, keeping the error itself as the cause.
    private static func classify(_ error: any Error, maxResponseBytes: Int) -> HTTPTransportError {
        func failure(_ kind: HTTPTransportError.Kind, _ detail: String) -> HTTPTransportError {
            HTTPTransportError(kind, detail: detail, underlying: error)
        }
        if error is NIOTooManyBytesError {
            return failure(.responseTooLarge, "response body exceeds \(maxResponseBytes) bytes")
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .getConnectionFromPoolTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout,
                .tlsHandshakeTimeout:
                return failure(.connectFailed, error.shortDescription)
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return failure(.timeout, error.shortDescription)
            case .remoteConnectionClosed, .cancelled:
                return failure(.connectionReset, error.shortDescription)
            default:
                return failure(.other, error.shortDescription)
            }
        }
        if error is NIOConnectionError {
            return failure(.connectFailed, "connection failed")
        }
        if let error = error as? ChannelError {
            switch error {
            case .connectPending, .connectTimeout:
                return failure(.connectFailed, "connect timed out")
            case .ioOnClosedChannel, .eof, .alreadyClosed, .outputClosed, .inputClosed:
                return failure(.connectionReset, "connection closed")
            default:
                return failure(.other, "channel error")
            }
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL:
                return failure(.connectFailed, "connection refused (errno \(error.errnoCode))")
            case ECONNRESET, EPIPE, ECONNABORTED:
                return failure(.connectionReset, "connection reset (errno \(error.errnoCode))")
            case ETIMEDOUT:
                return failure(.timeout, "timed out (errno \(error.errnoCode))")
            default:
                return failure(.other, "I/O error (errno \(error.errnoCode))")
            }
        }
        return failure(.other, String(describing: type(of: error)))
    }
}
