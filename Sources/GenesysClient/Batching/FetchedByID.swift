import Foundation
import GenesysModels

/// Objects fetched by id in requests of limited size (bulk messages, 18; analytics multi-get, 40), merged by id.
///
/// `Element` is what each object was read as: the typed model for the typed API, or a caller's lean view of the
/// fields it needs (the export's fast path).
package struct FetchedByID<Element: Sendable>: Sendable {
    /// The objects found, each with its exact JSON, in the order of the requested ids (deduplicated); objects the
    /// API returned without being asked for follow at the end.
    package var values: [Raw<Element>] = []
    /// Requested ids the API did not return, in request order.
    package var missingIDs: [String] = []
    /// Returned elements that did not decode (or had no id), with their JSON.
    package var undecodable: [UndecodableObject] = []
    /// The number of requests made (⌈unique ids / limit⌉).
    package var requestCount = 0

    /// Creates a result.
    package init(
        values: [Raw<Element>] = [],
        missingIDs: [String] = [],
        undecodable: [UndecodableObject] = [],
        requestCount: Int = 0
    ) {
        self.values = values
        self.missingIDs = missingIDs
        self.undecodable = undecodable
        self.requestCount = requestCount
    }
}
