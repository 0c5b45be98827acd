import Foundation
import GenesysClient
import GenesysModels

/// The one way the fetcher turns what it cannot export into `rejects` rows.
extension ConversationFetcher {
    /// What a reject is of: its `entity`, the endpoint that returned it, and a noun for reasons.
    struct RejectedKind {
        /// `rejects.entity` (`message`, `communication_media`, `wrapup_code`, …).
        var entity: String
        /// `rejects.endpoint`.
        var endpoint: String
        /// How a reason names one object ("message" in "message without an id").
        var noun: String
    }

    /// The elements of a response that carry an id, each paired with it; an undecodable element, or one without an
    /// id, becomes a reject instead.
    func identified<Element>(
        _ elements: [Raw<Element>],
        undecodable: [UndecodableObject] = [],
        id: (Element) -> String?,
        as kind: RejectedKind,
        conversationID: String,
        into export: inout ConversationExport
    ) -> [(id: String, element: Raw<Element>)] {
        for failure in undecodable {
            export.rejects.append(reject(conversationID, kind.entity, nil, kind.endpoint, failure.reason, failure.json))
        }
        return elements.compactMap { element in
            if let elementID = id(element.value), !elementID.isEmpty { return (elementID, element) }
            let reason = "\(kind.noun) without an id"
            export.rejects.append(reject(conversationID, kind.entity, nil, kind.endpoint, reason, element.json))
            return nil
        }
    }

    func reject(
        _ conversationID: String?,
        _ entity: String,
        _ entityID: String?,
        _ endpoint: String,
        _ reason: String,
        _ payload: Data?
    ) -> RejectRow {
        RejectRow(
            conversationID: conversationID,
            entity: entity,
            entityID: entityID,
            endpoint: endpoint,
            reason: reason,
            payload: payload
        )
    }
}
