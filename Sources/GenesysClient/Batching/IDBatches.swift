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
    /// The most ids per request.
    var limit: Int
    /// An object's id.
    var id: @Sendable (Value) -> String?
    /// The reason recorded for a returned object without an id.
    var noIDReason = "the object has no id"

    /// Fetches `ids` with `fetch`, one call per chunk of at most `limit` ids, and merges the pages.
    func fetch(
        _ ids: [String],
        with fetch: ([String]) async throws -> ElementPage<Value>
    ) async throws -> FetchedByID<Value> {
        var seen = Set<String>()
        let requested = ids.filter { seen.insert($0).inserted }
        var merged = FetchedByID<Value>()
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
}
