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
    /// type (see `TolerantDecoding`); the response's bytes stay as received.
    package init(
        _ method: Method,
        _ template: String,
        path: String,
        query: [(name: String, value: String)] = [],
        body: Data? = nil,
        isIdempotent: Bool? = nil
    ) {
        self.init(method, template, path: path, query: query, body: body, isIdempotent: isIdempotent) { data in
            try TolerantDecoding.decode(Value.self, from: data, using: JSONDecoder.genesys())
        }
    }
}

extension Endpoint where Value == EmptyResponse {
    /// An endpoint whose response body is ignored.
    package init(
        _ method: Method,
        _ template: String,
        path: String,
        query: [(name: String, value: String)] = [],
        body: Data? = nil,
        isIdempotent: Bool? = nil
    ) {
        self.init(method, template, path: path, query: query, body: body, isIdempotent: isIdempotent) { _ in
            EmptyResponse()
        }
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

/// The value of an endpoint that documents no response body.
package struct EmptyResponse: Sendable, Equatable {
    /// Creates the empty value.
    package init() {}
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

/// Builds paths and query values the way the Genesys SDKs serialize them.
package enum PathEncoding {
    private static let unreserved: CharacterSet = {
        var set = CharacterSet()
        set.insert(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return set
    }()

    private static let queryValueAllowed: CharacterSet = unreserved.union(CharacterSet(charactersIn: ","))

    /// Percent-encodes one path segment (an id): everything but unreserved characters.
    package static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// Percent-encodes a query name or value; commas stay literal (list separators).
    package static func queryComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: queryValueAllowed) ?? text
    }

    /// Serializes a list as the SDK does: comma-joined.
    package static func list(_ values: [String]) -> String {
        values.joined(separator: ",")
    }

    /// Serializes a boolean as the SDK does: lowercase.
    package static func bool(_ value: Bool) -> String {
        value ? "true" : "false"
    }

    /// Encodes a request body with the Genesys encoder.
    package static func body<T: Encodable>(_ value: T) throws -> Data {
        try JSONEncoder.genesys().encode(value)
    }
}
