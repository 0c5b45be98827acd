import Foundation
import GenesysModels

/// Whether two JSON documents hold the same value: the same bytes, or the same value written with other key order,
/// whitespace, escaping or number spelling (`1` and `1.0`).
///
/// Change tracking compares values, not bytes, because the API may send the same object with its keys in another
/// order or its strings escaped differently. Bytes are compared first, so the common case (nothing changed, same
/// bytes) costs one `memcmp`.
package enum JSONIdentity {
    /// Whether `a` and `b` are the same JSON value; false when either does not parse.
    package static func same(_ a: Data, _ b: Data) -> Bool {
        if a == b { return true }
        let decoder = JSONDecoder()
        guard let left = try? decoder.decode(JSONValue.self, from: a),
            let right = try? decoder.decode(JSONValue.self, from: b)
        else { return false }
        return left == right
    }

    /// Whether `stored` (a TEXT column) and `data` are the same JSON value.
    package static func same(_ stored: String?, _ data: Data) -> Bool {
        guard let stored else { return false }
        return same(Data(stored.utf8), data)
    }
}
