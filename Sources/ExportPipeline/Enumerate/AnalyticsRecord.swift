import Foundation
import GenesysModels

/// One analytics conversation-detail record (34, 37, 40): its exact bytes and the few fields the export reads.
///
/// The record decides whether a conversation is due again (its JSON value changed), whether it is still open (no
/// `conversationEnd`), which communications each participant had (`sessions[].sessionId`) and which wrap-ups were
/// applied (`wrapUpCode`, `wrapUpNote`, `wrapUpTags` on a session's segments). Only those fields are decoded, so an
/// odd value anywhere else in the record never makes it unreadable.
package struct AnalyticsRecord: Sendable, Equatable {
    /// A participant's analytics view.
    package struct Participant: Sendable, Equatable, Decodable {
        /// Equals the messaging conversation's `participants[].id`.
        package var participantID: String?
        /// The participant's sessions (communications).
        package var sessions: [Session]

        enum CodingKeys: String, CodingKey {
            case participantID = "participantId"
            case sessions
        }
    }

    /// One session: a communication of a participant.
    package struct Session: Sendable, Equatable, Decodable {
        /// The communication id.
        package var sessionID: String?
        /// The session's segments.
        package var segments: [Segment]

        enum CodingKeys: String, CodingKey {
            case sessionID = "sessionId"
            case segments
        }
    }

    /// The segment fields that describe a wrap-up.
    package struct Segment: Sendable, Equatable, Decodable {
        /// `wrapup`, `interact`, `alert`, …
        package var segmentType: String?
        /// Segment start.
        package var segmentStart: Date?
        /// Segment end.
        package var segmentEnd: Date?
        /// The wrap-up code id.
        package var wrapUpCode: String?
        /// The wrap-up notes.
        package var wrapUpNote: String?
        /// The wrap-up tags.
        package var wrapUpTags: [String]?

        enum CodingKeys: String, CodingKey {
            case segmentType, segmentStart, segmentEnd, wrapUpCode, wrapUpNote, wrapUpTags
        }

        /// Whether this segment records a wrap-up (its type is `wrapup`, or it carries a code).
        package var isWrapup: Bool {
            segmentType?.lowercased() == "wrapup" || !(wrapUpCode ?? "").isEmpty
        }
    }

    private struct Fields: Decodable {
        var conversationID: String?
        var conversationEnd: Date?
        var participants: [Participant]

        enum CodingKeys: String, CodingKey {
            case conversationID = "conversationId"
            case conversationEnd
            case participants
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            conversationID = container.lenient(String.self, .conversationID)
            conversationEnd = container.lenient(String.self, .conversationEnd).flatMap(GenesysDate.parse)
            participants = container.lenient([Lenient<Participant>].self, .participants)?.compactMap(\.value) ?? []
        }
    }

    /// The conversation id.
    package var conversationID: String
    /// `conversationEnd`; nil while the conversation is open.
    package var conversationEnd: Date?
    /// The participants.
    package var participants: [Participant]
    /// The record's JSON exactly as received.
    package var json: Data

    /// Reads a record from its JSON; nil when it is not an object with a `conversationId`.
    ///
    /// `.fast` reads the fields in one pass and decodes with `JSONDecoder` only a record the reader gives up on;
    /// `.typed` always decodes.
    package init?(json: Data, decoding: FieldDecoding = .fast) {
        var read = decoding == .fast ? Self.scan(json) : nil
        if read == nil, let fields = try? JSONDecoder().decode(Fields.self, from: json) {
            read = (fields.conversationID, fields.conversationEnd, fields.participants)
        }
        guard let read, let id = read.id, !id.isEmpty else { return nil }
        self.conversationID = id
        self.conversationEnd = read.end
        self.participants = read.participants
        self.json = json
    }

    /// The sessions of participant `participantID`, in the record's order.
    package func sessions(of participantID: String) -> [Session] {
        participants.filter { $0.participantID == participantID }.flatMap(\.sessions)
    }

    /// The communication ids of participant `participantID` (non-empty, de-duplicated, in order).
    package func communicationIDs(of participantID: String) -> [String] {
        var seen: Set<String> = []
        return sessions(of: participantID).compactMap(\.sessionID).filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}

extension AnalyticsRecord {
    /// The bytes of segment `index` of session `sessionID` of participant `participantID` in a record's JSON.
    static func segmentJSON(in json: Data, participantID: String, sessionID: String, index: Int) -> Data? {
        guard let participant = element(of: "participants", in: json, where: "participantId", is: participantID),
            let session = element(of: "sessions", in: participant, where: "sessionId", is: sessionID),
            let segments = try? RawJSON.arrayElements(ofMember: "segments", in: session), index < segments.count
        else { return nil }
        return slice(session, segments[index])
    }

    /// The first element of array member `member` whose string member `key` equals `value`.
    private static func element(of member: String, in json: Data, where key: String, is value: String) -> Data? {
        guard let ranges = try? RawJSON.arrayElements(ofMember: member, in: json) else { return nil }
        let decoder = JSONDecoder()
        for range in ranges {
            let element = slice(json, range)
            if let field = RawJSON.member(key, in: element), (try? decoder.decode(String.self, from: field)) == value {
                return element
            }
        }
        return nil
    }

    private static func slice(_ data: Data, _ range: Range<Int>) -> Data {
        let base = data.startIndex
        return Data(data[(base + range.lowerBound)..<(base + range.upperBound)])
    }
}
