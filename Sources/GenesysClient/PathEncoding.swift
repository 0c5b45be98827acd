import Foundation
import GenesysModels

/// Builds paths and query values the way the Genesys SDKs serialize them.
package enum PathEncoding {
    private static let unreserved: CharacterSet = {
        var set = CharacterSet()
        set.insert(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return set
    }()

    private static let queryValueAllowed: CharacterSet = unreserved.union(CharacterSet(charactersIn: ","))

    /// `template` with each `{placeholder}` replaced, in order, by the next of `ids` as one encoded segment.
    package static func fill(_ template: String, with ids: [String]) -> String {
        var path = ""
        var remaining = ids[...]
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            precondition(!remaining.isEmpty, "\(template) has more placeholders than the \(ids.count) ids given")
            path += rest[..<open] + segment(remaining.removeFirst())
            rest = rest[rest.index(after: close)...]
        }
        precondition(remaining.isEmpty, "\(template) has fewer placeholders than the \(ids.count) ids given")
        return path + rest
    }

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
