import Foundation

/// Decodes an API object even when some field holds a value of an unexpected type.
///
/// The API's objects carry dozens of fields a reader never looks at, and real responses sometimes send one of them
/// with an odd type: a number as a string (`"wrapupTimeoutMs": "60000"`), a string where an array belongs. Strict
/// decoding would lose the whole object for it. This decoder first decodes strictly; when that fails on a field's
/// type or value, it decodes again with that one field removed, up to ``maxRepairs`` fields. The caller keeps the
/// original bytes, so the object is exported verbatim; only the typed view lacks the odd fields.
///
/// A body that is not JSON (HTML, empty, invalid UTF-8), nests too deeply, or needs more repairs still fails, with
/// the strict decoder's error.
package enum TolerantDecoding {
    /// Most fields removed before giving up.
    package static let maxRepairs = 16

    /// Decodes `type` from `data`, dropping fields whose values do not fit their type.
    package static func decode<T: Decodable>(_ type: T.Type, from data: Data, using decoder: JSONDecoder) throws -> T {
        do {
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            guard var tree = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { throw error }
            var failure = error
            for _ in 0..<maxRepairs {
                guard let path = repairablePath(failure), let repaired = removing(path[...], from: tree) else { throw error }
                tree = repaired
                guard let bytes = try? JSONSerialization.data(withJSONObject: tree, options: [.fragmentsAllowed]) else {
                    throw error
                }
                do {
                    return try decoder.decode(type, from: bytes)
                } catch let next as DecodingError {
                    failure = next
                }
            }
            throw error
        }
    }

    /// The coding path of a field whose value has the wrong type or shape; nil for failures a removal cannot fix.
    private static func repairablePath(_ error: DecodingError) -> [any CodingKey]? {
        switch error {
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            return context.codingPath.isEmpty ? nil : context.codingPath
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty ? nil : context.codingPath
        case .keyNotFound:
            return nil
        @unknown default:
            return nil
        }
    }

    /// `tree` without the value at `path`; nil when the path does not lead anywhere.
    private static func removing(_ path: ArraySlice<any CodingKey>, from tree: Any) -> Any? {
        guard let key = path.first else { return nil }
        let rest = path.dropFirst()
        if var object = tree as? [String: Any] {
            guard let child = object[key.stringValue] else { return nil }
            if rest.isEmpty {
                object.removeValue(forKey: key.stringValue)
            } else {
                guard let repaired = removing(rest, from: child) else { return nil }
                object[key.stringValue] = repaired
            }
            return object
        }
        if var array = tree as? [Any], let index = key.intValue, array.indices.contains(index) {
            if rest.isEmpty {
                array[index] = NSNull()
            } else {
                guard let repaired = removing(rest, from: array[index]) else { return nil }
                array[index] = repaired
            }
            return array
        }
        return nil
    }
}
