import Foundation
import GenesysModels

// The lenient decoding of an analytics record's participants, sessions and segments: a field of another type
// reads as absent, and an odd element of a list is skipped, so one odd value never makes the record unreadable.

extension AnalyticsRecord.Participant {
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        participantID = container.lenient(String.self, .participantID)
        sessions = container.lenient([Lenient<AnalyticsRecord.Session>].self, .sessions)?.compactMap(\.value) ?? []
    }
}

extension AnalyticsRecord.Session {
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sessionID = container.lenient(String.self, .sessionID)
        segments = container.lenient([Lenient<AnalyticsRecord.Segment>].self, .segments)?.compactMap(\.value) ?? []
    }
}

extension AnalyticsRecord.Segment {
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        segmentType = container.lenient(String.self, .segmentType)
        segmentStart = container.lenient(String.self, .segmentStart).flatMap(GenesysDate.parse)
        segmentEnd = container.lenient(String.self, .segmentEnd).flatMap(GenesysDate.parse)
        wrapUpCode = container.lenient(String.self, .wrapUpCode)
        wrapUpNote = container.lenient(String.self, .wrapUpNote)
        wrapUpTags = container.lenient([String].self, .wrapUpTags)
    }
}

/// A value decoded if possible and skipped otherwise, so one odd element does not lose the rest.
struct Lenient<Value: Decodable>: Decodable {
    var value: Value?

    init(from decoder: any Decoder) throws {
        value = try? Value(from: decoder)
    }
}

extension KeyedDecodingContainer {
    /// The value at `key`, or nil when it is absent, null or of another type.
    func lenient<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        (try? decodeIfPresent(type, forKey: key)) ?? nil
    }
}
