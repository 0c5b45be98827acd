import Foundation

extension RejectRow {
    /// The most of a rejected payload a `rejects` row keeps (the README's "first 64 KiB").
    package static let payloadBytes = 65_536

    /// The one way an object that cannot be exported becomes a `rejects` row: its payload as received, cut to
    /// ``payloadBytes``.
    package init(
        conversationID: String?,
        entity: String,
        entityID: String? = nil,
        endpoint: String,
        reason: String,
        payload: Data?
    ) {
        self.init(
            conversationID: conversationID,
            entity: entity,
            entityID: entityID,
            endpoint: endpoint,
            reason: reason,
            rawPayload: payload.map { ExportNormalizer.text($0.prefix(Self.payloadBytes)) }
        )
    }
}
