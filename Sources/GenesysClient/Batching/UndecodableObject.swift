import Foundation
import GenesysModels

/// An object from a response that could not be decoded; its JSON is kept so it can be stored as a reject.
package struct UndecodableObject: Sendable, Equatable {
    /// The object's JSON exactly as received.
    package var json: Data
    /// Why it did not decode (field path and kind; never the values).
    package var reason: String
    /// The object's `id`, when it has a string one.
    package var id: String?

    /// Creates a record; `id` is read from `json` when not given.
    package init(json: Data, reason: String, id: String? = nil) {
        self.json = json
        self.reason = reason
        self.id = id ?? (try? JSONDecoder().decode(IdentifiedObject.self, from: json))?.id
    }
}

/// Just the `id` of an object.
private struct IdentifiedObject: Decodable {
    var id: String?
}
