import Foundation
import GenesysModels

/// One response whose array of objects was cut into its elements: those that decoded, each with its exact JSON,
/// and those that did not.
///
/// The bulk message endpoint (18) and the analytics multi-get (40) answer with one array of objects. Reading it
/// element by element lets one odd object become a reject instead of failing the whole response.
package struct ElementPage<Element: Sendable>: Sendable {
    /// The elements that decoded, with their exact JSON.
    package var values: [Raw<Element>]
    /// The elements that did not.
    package var undecodable: [UndecodableObject]

    /// Creates a page.
    package init(values: [Raw<Element>] = [], undecodable: [UndecodableObject] = []) {
        self.values = values
        self.undecodable = undecodable
    }
}

extension ElementPage where Element: Decodable {
    /// Cuts the array at top-level member `key` of a response body into decoded elements and undecodable ones.
    ///
    /// - Parameters:
    ///   - key: the member holding the array (`entities`, `conversations`).
    ///   - data: the response body.
    ///   - idKey: the JSON member holding an element's id, read from an undecodable element.
    /// - Throws: `RawJSON.SliceError` when the body is not well-formed JSON up to the end of the array.
    package static func cut(ofMember key: String, in data: Data, idKey: String = "id") throws -> Self {
        let decoded = try RawJSON.decodeElements(Element.self, ofMember: key, in: data, decoder: .genesys())
        return ElementPage(
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
