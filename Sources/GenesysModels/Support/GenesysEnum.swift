import Foundation

/// A string enum from the Genesys Cloud API that never fails to decode.
///
/// Genesys ships new enum values all the time (a participant `type` of `kakao`, a new
/// `disconnectType`). Values are matched case-insensitively, as the official SDKs do, and a
/// value this client does not know decodes to `unknown(raw)` keeping the text as received, so
/// it re-encodes unchanged.
package protocol GenesysEnum: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The known values and their wire spelling.
    static var knownValues: [(Self, String)] { get }
    /// The wire spelling (for `unknown(raw)`, `raw`).
    var rawValue: String { get }
    /// Creates a value from its wire spelling; never fails.
    init(rawValue: String)
    /// The case that keeps a value this client does not know (satisfied by `case unknown(String)`).
    static func unknown(_ raw: String) -> Self
}

extension GenesysEnum {
    /// Finds the known value spelled `raw`, ignoring case, or returns `nil`.
    package static func known(_ raw: String) -> Self? {
        for (value, spelling) in knownValues where spelling == raw {
            return value
        }
        for (value, spelling) in knownValues where spelling.caseInsensitiveCompare(raw) == .orderedSame {
            return value
        }
        return nil
    }

    /// Resolves `raw` to a known value or keeps it in `unknown(raw)`.
    package static func lookup(_ raw: String) -> Self {
        known(raw) ?? .unknown(raw)
    }

    /// Whether this value is one the client knows.
    package var isKnown: Bool { Self.known(rawValue) != nil }

    /// The text form, which is the wire spelling.
    package var description: String { rawValue }

    /// Decodes from a JSON string.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(rawValue: try container.decode(String.self))
    }

    /// Encodes as the wire spelling.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
