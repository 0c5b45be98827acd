import Foundation
import GenesysModels

/// The fields the two participant views of a conversation share: the messaging snapshot's
/// `MessageMediaParticipant` (12) and the generic conversation's `Participant` (42).
///
/// Filling them in one place keeps the two views of one stored participant from drifting apart.
protocol ParticipantView {
    var id: String? { get set }
    var name: String? { get set }
    var address: String? { get set }
    var startTime: Date? { get set }
    var connectedTime: Date? { get set }
    var endTime: Date? { get set }
    var purpose: String? { get set }
    var wrapupRequired: Bool? { get set }
    var mediaRoles: [String]? { get set }
    var attributes: [String: String]? { get set }
    var wrapup: Wrapup? { get set }
    var monitoredParticipantID: String? { get set }
}

extension MessageMediaParticipant: ParticipantView {}
extension Participant: ParticipantView {}

extension ParticipantView {
    /// Sets the shared fields from a stored participant.
    mutating func fill(from participant: SimParticipant) {
        (id, name, address, purpose) = (participant.id, participant.name, participant.address, participant.purpose)
        (startTime, connectedTime, endTime) = (participant.startTime, participant.connectedTime, participant.endTime)
        wrapupRequired = participant.canHaveWrapup
        wrapup = participant.wrapup.map(SyntheticOrg.wrapup)
        mediaRoles = participant.mediaRoles.isEmpty ? nil : participant.mediaRoles
        attributes = participant.attributes
        monitoredParticipantID = participant.monitoredParticipantID
    }
}
