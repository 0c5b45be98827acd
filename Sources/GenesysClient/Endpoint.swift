import Foundation
import GenesysModels

/// One API operation, fully described: method, route template, filled-in path, query, body and decoder.
///
/// The typed calls on `GenesysClient` build these; `send(_:)` runs any of them, and callers that
/// need the exact response bytes use `send(.messageConversation(id: id)).body`.
package struct Endpoint<Value: Sendable>: Sendable {
    /// An HTTP method.
    package typealias Method = EndpointMethod

    /// The HTTP method.
    package var method: Method
    /// The route template with the method, such as `GET /api/v2/conversations/messages/{conversationId}`.
    package var pathTemplate: String
    /// The filled-in path with percent-encoded ids.
    package var path: String
    /// The query items (values already serialized: lists comma-joined, booleans lowercase).
    package var query: [(name: String, value: String)]
    /// The JSON body, if any.
    package var body: Data?
    /// Whether repeating the request after an ambiguous failure is harmless.
    package var isIdempotent: Bool
    /// Turns a 2xx response body into the value.
    package var decode: @Sendable (Data) throws -> Value

    /// Creates an endpoint from the path template without the method.
    package init(
        _ method: Method,
        _ template: String,
        path: String,
        query: [(name: String, value: String)] = [],
        body: Data? = nil,
        isIdempotent: Bool? = nil,
        decode: @escaping @Sendable (Data) throws -> Value
    ) {
        self.method = method
        self.pathTemplate = "\(method.rawValue) \(template)"
        self.path = path
        self.query = query
        self.body = body
        self.isIdempotent = isIdempotent ?? (method != .post)
        self.decode = decode
    }

    /// The route template without the method, such as `/api/v2/conversations/{conversationId}`.
    package var routeTemplate: String {
        guard let space = pathTemplate.firstIndex(of: " ") else { return pathTemplate }
        return String(pathTemplate[pathTemplate.index(after: space)...])
    }
}

extension Endpoint where Value: Decodable {
    /// An endpoint whose response decodes as `Value` with the Genesys decoder, tolerating fields of an unexpected
    /// type (see `TolerantDecoding`); the response's bytes stay as received. An `EmptyResponse` ignores the body.
    ///
    /// The path is `template` with its `{placeholders}` replaced, in order, by `ids`, each percent-encoded
    /// as one path segment.
    package init(
        _ method: Method,
        _ template: String,
        ids: [String] = [],
        query: [(name: String, value: String)] = [],
        body: Data? = nil,
        isIdempotent: Bool? = nil
    ) {
        let path = PathEncoding.fill(template, with: ids)
        self.init(method, template, path: path, query: query, body: body, isIdempotent: isIdempotent) { data in
            if let ignored = EmptyResponse() as? Value { return ignored }
            return try TolerantDecoding.decode(Value.self, from: data, using: JSONDecoder.genesys())
        }
    }
}

extension Endpoint where Value: Decodable {
    /// The same endpoint with `json` (when not nil) encoded as its JSON body.
    package init<Body: Encodable>(
        _ method: Method,
        _ template: String,
        ids: [String] = [],
        query: [(name: String, value: String)] = [],
        json: Body?,
        isIdempotent: Bool? = nil
    ) throws {
        let body = try json.map(PathEncoding.body)
        self.init(method, template, ids: ids, query: query, body: body, isIdempotent: isIdempotent)
    }
}

/// An HTTP method of an `Endpoint`.
package enum EndpointMethod: String, Sendable {
    case get = "GET"
    case post = "POST"
    case put = "PUT"
    case patch = "PATCH"
    case delete = "DELETE"
}

/// The value of an endpoint that documents no response body; its endpoints never read the body.
package struct EmptyResponse: Sendable, Equatable, Decodable {
    /// Creates the empty value.
    package init() {}

    /// Decodes nothing: whatever the body holds is ignored.
    package init(from decoder: any Decoder) {}
}

/// A response: the decoded value, the exact body, the status and the correlation id.
package struct APIResponse<Value: Sendable>: Sendable {
    /// The decoded value.
    package var value: Value
    /// The body exactly as received.
    package var body: Data
    /// The HTTP status.
    package var status: Int
    /// The `ININ-Correlation-Id` header.
    package var correlationID: String?

    /// Creates a response.
    package init(value: Value, body: Data, status: Int, correlationID: String?) {
        self.value = value
        self.body = body
        self.status = status
        self.correlationID = correlationID
    }
}
