import Foundation
import GenesysModels

extension AnalyticsRecord {
    /// Reads a record's fields in one pass (the fast path); nil when the reader gives up, and the caller then
    /// decodes the record with `JSONDecoder` (see ``JSONFieldReader``).
    static func scan(_ json: Data) -> (id: String?, end: Date?, participants: [Participant])? {
        try? json.withUnsafeBytes { raw in
            var reader = JSONFieldReader(raw.bindMemory(to: UInt8.self))
            var id: String?
            var end: Date?
            var participants: [Participant] = []
            var seen = FieldSet()
            try reader.members(depth: 0) { reader, key in
                if reader.key(key, is: "conversationId") {
                    try seen.insert(0)
                    id = try reader.string()
                } else if reader.key(key, is: "conversationEnd") {
                    try seen.insert(1)
                    end = try reader.date()
                } else if reader.key(key, is: "participants") {
                    try seen.insert(2)
                    if try reader.isNull() { return }
                    try reader.elements(depth: 1) { reader in participants.append(try scanParticipant(&reader)) }
                } else {
                    try reader.skip(depth: 0)
                }
            }
            try reader.expectEnd()
            return (id, end, participants)
        }
    }

    private static func scanParticipant(_ reader: inout JSONFieldReader) throws -> Participant {
        var participant = Participant(participantID: nil, sessions: [])
        var seen = FieldSet()
        try reader.members(depth: 2) { reader, key in
            if reader.key(key, is: "participantId") {
                try seen.insert(0)
                participant.participantID = try reader.string()
            } else if reader.key(key, is: "sessions") {
                try seen.insert(1)
                if try reader.isNull() { return }
                try reader.elements(depth: 3) { reader in participant.sessions.append(try scanSession(&reader)) }
            } else {
                try reader.skip(depth: 2)
            }
        }
        return participant
    }

    private static func scanSession(_ reader: inout JSONFieldReader) throws -> Session {
        var session = Session(sessionID: nil, segments: [])
        var seen = FieldSet()
        try reader.members(depth: 4) { reader, key in
            if reader.key(key, is: "sessionId") {
                try seen.insert(0)
                session.sessionID = try reader.string()
            } else if reader.key(key, is: "segments") {
                try seen.insert(1)
                if try reader.isNull() { return }
                try reader.elements(depth: 5) { reader in session.segments.append(try scanSegment(&reader)) }
            } else {
                try reader.skip(depth: 4)
            }
        }
        return session
    }

    private static func scanSegment(_ reader: inout JSONFieldReader) throws -> Segment {
        var segment = Segment(segmentType: nil)
        var seen = FieldSet()
        try reader.members(depth: 6) { reader, key in
            if reader.key(key, is: "segmentType") {
                try seen.insert(0)
                segment.segmentType = try reader.string()
            } else if reader.key(key, is: "segmentStart") {
                try seen.insert(1)
                segment.segmentStart = try reader.date()
            } else if reader.key(key, is: "segmentEnd") {
                try seen.insert(2)
                segment.segmentEnd = try reader.date()
            } else if reader.key(key, is: "wrapUpCode") {
                try seen.insert(3)
                segment.wrapUpCode = try reader.string()
            } else if reader.key(key, is: "wrapUpNote") {
                try seen.insert(4)
                segment.wrapUpNote = try reader.string()
            } else if reader.key(key, is: "wrapUpTags") {
                try seen.insert(5)
                segment.wrapUpTags = try reader.strings(depth: 6)
            } else {
                try reader.skip(depth: 6)
            }
        }
        return segment
    }
}
