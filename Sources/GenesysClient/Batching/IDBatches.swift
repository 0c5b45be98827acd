import Foundation
import GenesysModels

/// Fetches objects by id in requests of at most `limit` ids and merges the answers by id.
///
/// The one chunk-and-merge loop behind the bulk message fetch (endpoint 18) and the analytics
/// multi-get (endpoint 40). Ids are deduplicated first, keeping the first occurrence. Answers are
/// re-keyed by each object's own id, so the server's order does not matter; requested ids it did not
/// return become `missingIDs`, unless an element with that id failed to decode (it is then only in
/// `undecodable`). Objects returned without being asked for follow the requested ones.
struct IDBatches<Value: Sendable> {
    /// One response cut into its elements.
    struct Page {
        /// The elements that decoded, with their exact JSON.
        var values: [Raw<Value>]
        /// The elements that did not.
        var undecodable: [UndecodableObject]
    }

    /// The merged answers.
    struct Merged {
        /// The objects found, in the order of the requested ids, then those not asked for.
        var values: [Raw<Value>] = []
        /// Requested ids the server did not return, in request order.
        var missingIDs: [String] = []
        /// Returned elements that did not decode or had no id.
        var undecodable: [UndecodableObject] = []
        /// The number of requests made (⌈unique ids / limit⌉).
        var requestCount = 0
    }

    /// The most ids per request.
    var limit: Int
    /// An object's id.
    var id: @Sendable (Value) -> String?
    /// The reason recorded for a returned object without an id.
    var noIDReason = "the object has no id"

    /// Fetches `ids` with `fetch`, one call per chunk of at most `limit` ids, and merges the pages.
    func fetch(_ ids: [String], with fetch: ([String]) async throws -> Page) async throws -> Merged {
        var seen = Set<String>()
        let requested = ids.filter { seen.insert($0).inserted }
        var merged = Merged()
        var byID: [String: Raw<Value>] = [:]
        var unrequested: [Raw<Value>] = []
        var returnedUndecodable = Set<String>()
        var start = requested.startIndex
        while start < requested.endIndex {
            let end = min(start + max(1, limit), requested.endIndex)
            let page = try await fetch(Array(requested[start..<end]))
            start = end
            merged.requestCount += 1
            merged.undecodable += page.undecodable
            returnedUndecodable.formUnion(page.undecodable.compactMap(\.id))
            for value in page.values {
                guard let id = id(value.value), !id.isEmpty else {
                    merged.undecodable.append(UndecodableObject(json: value.json, reason: noIDReason))
                    continue
                }
                if byID[id] != nil { continue }
                byID[id] = value
                if !seen.contains(id) { unrequested.append(value) }
            }
        }
        for id in requested {
            if let value = byID[id] {
                merged.values.append(value)
            } else if !returnedUndecodable.contains(id) {
                merged.missingIDs.append(id)
            }
        }
        merged.values += unrequested
        return merged
    }

    /// Cuts the array at top-level member `key` of a response body into decoded elements and undecodable ones.
    ///
    /// - Parameters:
    ///   - key: the member holding the array (`entities`, `conversations`).
    ///   - data: the response body.
    ///   - idKey: the JSON member holding an element's id, read from an undecodable element.
    /// - Returns: the decoded elements with their bytes, and the undecodable ones.
    /// - Throws: `RawJSON.SliceError` when the body is not well-formed JSON up to the end of the array.
    static func page(ofMember key: String, in data: Data, idKey: String = "id") throws -> Page where Value: Decodable {
        let decoded = try RawJSON.decodeElements(Value.self, ofMember: key, in: data, decoder: .genesys())
        return Page(
            values: decoded.values,
            undecodable: decoded.failures.map { failure in
                let object = (try? JSONSerialization.jsonObject(with: failure.json)) as? [String: Any]
                return UndecodableObject(
                    json: failure.json,
                    reason: GenesysClient.summary(of: failure.error),
                    id: object?[idKey] as? String
                )
            }
        )
    }
}
