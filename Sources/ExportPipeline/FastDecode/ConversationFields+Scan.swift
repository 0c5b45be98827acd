import Foundation
import GenesysModels

extension ConversationFields {
    /// Reads a conversation body (12) in one pass (the fast path); see ``JSONFieldReader`` for when it gives up.
    static func scan(_ body: Data) throws -> ConversationFields {
        var fields = ConversationFields()
        var ranges: [(participant: Range<Int>, wrapup: Range<Int>?)] = []
        try body.withUnsafeBytes { raw in
            var reader = JSONFieldReader(raw.bindMemory(to: UInt8.self))
            var seen = FieldSet()
            try reader.members(depth: 0) { reader, key in
                if reader.key(key, is: "id") {
                    try seen.insert(0)
                    fields.id = try reader.string()
                } else if reader.key(key, is: "divisions") {
                    try seen.insert(1)
                    fields.divisionIDs = try scanDivisions(&reader)
                } else if reader.key(key, is: "participants") {
                    try seen.insert(2)
                    if try reader.isNull() { return }
                    try reader.elements(depth: 1) { reader in
                        reader.skipWhitespace()
                        let start = reader.index
                        var wrapup: Range<Int>?
                        fields.participants.append(try ParticipantFields.scan(&reader, depth: 2, wrapup: &wrapup))
                        ranges.append((start..<reader.index, wrapup))
                    }
                } else {
                    try reader.skip(depth: 0)
                }
            }
            try reader.expectEnd()
        }
        let base = body.startIndex
        for (index, range) in ranges.enumerated() {
            fields.participants[index].json = body[(base + range.participant.lowerBound)..<(base + range.participant.upperBound)]
            if let wrapup = range.wrapup {
                fields.participants[index].wrapup?.json = body[(base + wrapup.lowerBound)..<(base + wrapup.upperBound)]
            }
        }
        return fields
    }

    private static func scanDivisions(_ reader: inout JSONFieldReader) throws -> [String] {
        if try reader.isNull() { return [] }
        var ids: [String] = []
        try reader.elements(depth: 1) { reader in
            var seen = FieldSet()
            try reader.members(depth: 2) { reader, key in
                guard reader.key(key, is: "division") else { return try reader.skip(depth: 2) }
                try seen.insert(0)
                if let id = try reader.reference(depth: 2)?.id { ids.append(id) }
            }
        }
        return ids
    }
}

extension ParticipantFields {
    /// Reads one participant at the reader's cursor; `wrapup` receives the byte range of its `wrapup` member.
    static func scan(_ reader: inout JSONFieldReader, depth: Int, wrapup: inout Range<Int>?) throws -> ParticipantFields {
        var fields = ParticipantFields()
        var seen = FieldSet()
        var wrapupRange: Range<Int>?
        try reader.members(depth: depth) { reader, key in
            guard let number = Self.fieldNumber(reader, key) else { return try reader.skip(depth: depth) }
            try seen.insert(number)
            switch number {
            case 0: fields.id = try reader.string()
            case 1: fields.name = try reader.string()
            case 2: fields.address = try reader.string()
            case 3: fields.purpose = try reader.string()
            case 4: fields.state = try reader.string().map { MessageMediaParticipant.State(rawValue: $0).rawValue }
            case 5: fields.direction = try reader.string().map { MessageMediaParticipant.Direction(rawValue: $0).rawValue }
            case 6:
                fields.disconnectType = try reader.string().map { MessageMediaParticipant.DisconnectType(rawValue: $0).rawValue }
            case 7: fields.messengerType = try reader.string().map { MessageMediaParticipant.Kind(rawValue: $0).rawValue }
            case 8: fields.wrapupRequired = try reader.bool()
            case 9: (fields.userID, fields.userName) = try reader.reference(depth: depth) ?? (nil, nil)
            case 10: (fields.queueID, fields.queueName) = try reader.reference(depth: depth) ?? (nil, nil)
            case 11: fields.fromAddress = try scanAddress(&reader, depth: depth + 1)
            case 12: fields.toAddress = try scanAddress(&reader, depth: depth + 1)
            case 13: fields.startTime = try reader.date()
            case 14: fields.connectedTime = try reader.date()
            case 15: fields.endTime = try reader.date()
            case 16: fields.messageIDs = try scanMessageIDs(&reader, depth: depth + 1)
            default:
                reader.skipWhitespace()
                let start = reader.index
                fields.wrapup = try WrapupFields.scan(&reader, depth: depth + 1)
                if fields.wrapup != nil { wrapupRange = start..<reader.index }
            }
        }
        wrapup = wrapupRange
        return fields
    }

    private static let names: [StaticString] = [
        "id", "name", "address", "purpose", "state", "direction", "disconnectType", "type", "wrapupRequired", "user",
        "queue", "fromAddress", "toAddress", "startTime", "connectedTime", "endTime", "messages", "wrapup",
    ]

    private static func fieldNumber(_ reader: JSONFieldReader, _ key: Range<Int>) -> Int? {
        names.firstIndex { reader.key(key, is: $0) }
    }

    /// `addressNormalized`, else `addressRaw`.
    private static func scanAddress(_ reader: inout JSONFieldReader, depth: Int) throws -> String? {
        if try reader.isNull() { return nil }
        var normalized: String?
        var raw: String?
        var seen = FieldSet()
        try reader.members(depth: depth) { reader, key in
            if reader.key(key, is: "addressNormalized") {
                try seen.insert(0)
                normalized = try reader.string()
            } else if reader.key(key, is: "addressRaw") {
                try seen.insert(1)
                raw = try reader.string()
            } else {
                try reader.skip(depth: depth)
            }
        }
        return normalized ?? raw
    }

    private static func scanMessageIDs(_ reader: inout JSONFieldReader, depth: Int) throws -> [String] {
        if try reader.isNull() { return [] }
        var ids: [String] = []
        try reader.elements(depth: depth) { reader in
            var seen = FieldSet()
            try reader.members(depth: depth + 1) { reader, key in
                guard reader.key(key, is: "messageId") else { return try reader.skip(depth: depth + 1) }
                try seen.insert(0)
                if let id = try reader.string() { ids.append(id) }
            }
        }
        return ids
    }
}

extension WrapupFields {
    /// Reads a `wrapup` object at the reader's cursor; nil for `null`. `json` is left empty for the caller to fill.
    static func scan(_ reader: inout JSONFieldReader, depth: Int) throws -> WrapupFields? {
        if try reader.isNull() { return nil }
        var fields = WrapupFields(json: Data())
        var seen = FieldSet()
        try reader.members(depth: depth) { reader, key in
            if reader.key(key, is: "code") {
                try seen.insert(0)
                fields.code = try reader.string()
            } else if reader.key(key, is: "name") {
                try seen.insert(1)
                fields.name = try reader.string()
            } else if reader.key(key, is: "notes") {
                try seen.insert(2)
                fields.notes = try reader.string()
            } else if reader.key(key, is: "tags") {
                try seen.insert(3)
                fields.tags = try reader.strings(depth: depth)
            } else if reader.key(key, is: "durationSeconds") {
                try seen.insert(4)
                fields.durationSeconds = try reader.int()
            } else if reader.key(key, is: "endTime") {
                try seen.insert(5)
                fields.endTime = try reader.date()
            } else {
                try reader.skip(depth: depth)
            }
        }
        return fields
    }
}
