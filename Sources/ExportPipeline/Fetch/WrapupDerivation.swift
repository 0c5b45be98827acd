import Foundation
import GenesysModels

/// A wrap-up of one agent communication: from `participants[].wrapup` (12), an analytics wrap-up segment, or the
/// communication's wrap-up (30).
package struct DerivedWrapup: Sendable, Equatable {
    /// The communication id (analytics `sessionId`); `''` when no source names the communication.
    package var communicationID: String
    /// The wrap-up code id.
    package var code: String?
    /// The code's name, when the source carries it.
    package var name: String?
    /// Notes.
    package var notes: String?
    /// Tags.
    package var tags: [String]?
    /// Time spent in wrap-up.
    package var durationSeconds: Int?
    /// When the wrap-up ended.
    package var endTime: Date?
    /// The object's bytes as received: the `wrapup` member of the participant, the segment, or 30's body.
    package var json: Data
    /// Whether `json` is part of the conversation object (12), whose redactions are counted already.
    package var isPartOfConversation = false

    /// The wrap-up endpoint 30 returned for `communicationID`.
    package init(assigned raw: Raw<AssignedWrapupCode>, communicationID: String) {
        let value = raw.value
        self.init(
            communicationID: communicationID,
            code: value.code,
            name: nil,
            notes: value.notes,
            tags: value.tags,
            durationSeconds: value.durationSeconds,
            endTime: value.endTime,
            json: raw.json
        )
    }

    /// Creates a wrap-up.
    package init(
        communicationID: String,
        code: String?,
        name: String?,
        notes: String?,
        tags: [String]?,
        durationSeconds: Int?,
        endTime: Date?,
        json: Data,
        isPartOfConversation: Bool = false
    ) {
        self.isPartOfConversation = isPartOfConversation
        self.communicationID = communicationID
        self.code = code
        self.name = name
        self.notes = notes
        self.tags = tags
        self.durationSeconds = durationSeconds
        self.endTime = endTime
        self.json = json
    }
}

/// Derives an agent participant's wrap-ups from what the export already fetched, without a request.
enum WrapupDerivation {
    private struct WrapupSegment {
        var sessionID: String
        var index: Int
        var segment: AnalyticsRecord.Segment
    }

    /// The participant's wrap-up (12) on the communication whose wrap-up segment has its code (else its first
    /// communication), then each other communication's coded wrap-up segment.
    static func wrapups(
        participant: ParticipantFields,
        sessions: [AnalyticsRecord.Session],
        analyticsJSON: Data?
    ) -> [DerivedWrapup] {
        let segments = wrapupSegments(sessions)
        var result: [DerivedWrapup] = []
        var covered: Set<String> = []
        if let wrapup = participant.wrapup, let code = wrapup.code, !code.isEmpty {
            let communicationID = segments.first { $0.segment.wrapUpCode == code }?.sessionID
                ?? segments.first?.sessionID
                ?? sessions.compactMap(\.sessionID).first { !$0.isEmpty }
                ?? ""
            result.append(
                DerivedWrapup(
                    communicationID: communicationID,
                    code: code,
                    name: wrapup.name,
                    notes: wrapup.notes,
                    tags: wrapup.tags,
                    durationSeconds: wrapup.durationSeconds,
                    endTime: wrapup.endTime,
                    json: wrapup.json,
                    isPartOfConversation: true
                )
            )
            covered.insert(communicationID)
        }
        for found in segments where !covered.contains(found.sessionID) {
            guard let code = found.segment.wrapUpCode, !code.isEmpty else { continue }
            covered.insert(found.sessionID)
            result.append(derived(found, participantID: participant.id ?? "", analyticsJSON: analyticsJSON))
        }
        return result
    }

    /// Communications analytics says were wrapped up whose code no source carries: they are asked for (30).
    static func uncodedCommunications(sessions: [AnalyticsRecord.Session], covered: [DerivedWrapup]) -> [String] {
        let known = Set(covered.map(\.communicationID))
        var seen: Set<String> = []
        return wrapupSegments(sessions)
            .filter { ($0.segment.wrapUpCode ?? "").isEmpty && !known.contains($0.sessionID) }
            .map(\.sessionID)
            .filter { seen.insert($0).inserted }
    }

    private static func wrapupSegments(_ sessions: [AnalyticsRecord.Session]) -> [WrapupSegment] {
        sessions.flatMap { session -> [WrapupSegment] in
            guard let id = session.sessionID, !id.isEmpty else { return [] }
            return session.segments.enumerated().filter { $0.element.isWrapup }.map {
                WrapupSegment(sessionID: id, index: $0.offset, segment: $0.element)
            }
        }
    }

    private static func derived(_ found: WrapupSegment, participantID: String, analyticsJSON: Data?) -> DerivedWrapup {
        let segment = found.segment
        var duration: Int?
        if let start = segment.segmentStart, let end = segment.segmentEnd {
            duration = Int(end.timeIntervalSince(start).rounded())
        }
        let json = analyticsJSON.flatMap {
            AnalyticsRecord.segmentJSON(in: $0, participantID: participantID, sessionID: found.sessionID, index: found.index)
        }
        return DerivedWrapup(
            communicationID: found.sessionID,
            code: segment.wrapUpCode,
            name: nil,
            notes: segment.wrapUpNote,
            tags: segment.wrapUpTags,
            durationSeconds: duration,
            endTime: segment.segmentEnd,
            json: json ?? Data("{}".utf8)
        )
    }
}
