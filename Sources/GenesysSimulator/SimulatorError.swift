import Foundation
import GenesysModels
import Hummingbird

/// An API error the simulator answers with a Genesys `ErrorBody`.
package struct SimulatorError: Error, Sendable {
    /// HTTP status.
    package var status: HTTPResponse.Status
    /// Stable dotted error code (`not.found`, `bad.request`, `too.many.requests`, …).
    package var code: String
    /// Human-readable message.
    package var message: String
    /// Extra response headers (for example `Retry-After`).
    package var headers: HTTPFields

    /// Creates an error.
    package init(_ status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    /// 404 for a missing entity.
    package static func notFound(_ what: String) -> SimulatorError {
        SimulatorError(.notFound, code: "not.found", message: "\(what) not found")
    }

    /// 400 for a request the API refuses.
    package static func badRequest(_ message: String) -> SimulatorError {
        SimulatorError(.badRequest, code: "bad.request", message: message)
    }

    /// 403 for an entity outside the caller's divisions.
    package static func forbidden(_ what: String) -> SimulatorError {
        SimulatorError(.forbidden, code: "not.authorized", message: "You are not authorized to access \(what)")
    }

    /// 401 for a missing or invalid bearer token.
    package static func unauthorized(_ message: String) -> SimulatorError {
        SimulatorError(.unauthorized, code: "authentication.required", message: message)
    }

    /// The `ErrorBody` response with `contextId` set to the correlation id.
    package func response(correlationID: String) -> Response {
        let body = ErrorBody(message: message, code: code, status: Int(status.code), contextID: correlationID)
        let data = (try? JSONEncoder.genesys(sortedKeys: true).encode(body)) ?? Data("{}".utf8)
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
