import Foundation
import GenesysClient
import GenesysModels

/// How the export turns API bodies into the fields it reads.
///
/// `.fast` reads them in one pass with ``JSONFieldReader`` and falls back to typed decoding for any object the reader
/// gives up on; `.typed` always decodes the generated models (`TolerantDecoding`), the oracle tests pin `.fast` to.
package enum FieldDecoding: Sendable {
    case fast
    case typed

    /// The fields of a conversation body (12).
    ///
    /// - Throws: the typed decoder's error when the body does not decode.
    package func conversation(_ body: Data) throws -> ConversationFields {
        if self == .fast, let fields = try? ConversationFields.scan(body) { return fields }
        let typed = try TolerantDecoding.decode(MessageConversation.self, from: body, using: .genesys())
        return ConversationFields(typed, json: body)
    }

    /// The fields of one message body (20).
    ///
    /// - Throws: the typed decoder's error when the body does not decode.
    package func message(_ body: Data) throws -> MessageFields {
        if self == .fast, let scanned = try? Self.scanMessage(body) { return scanned }
        return MessageFields(try TolerantDecoding.decode(MessageData.self, from: body, using: .genesys()))
    }

    /// The fast reader alone on a message body, without the typed fallback (for tests and benchmarks).
    ///
    /// - Throws: ``JSONFieldReader/Stop`` when the reader gives up.
    package static func scanMessage(_ body: Data) throws -> MessageFields {
        try body.withUnsafeBytes { raw -> MessageFields in
            var reader = JSONFieldReader(raw.bindMemory(to: UInt8.self))
            let fields = try MessageFields.scan(&reader)
            try reader.expectEnd()
            return fields
        }
    }

    /// The fast reader alone on a conversation body, without the typed fallback (for tests and benchmarks).
    package static func scanConversation(_ body: Data) throws -> ConversationFields {
        try ConversationFields.scan(body)
    }

    /// The messages of a bulk response (18), each with its bytes (slices of `body`, not copies).
    ///
    /// The fast path walks the body once. An element it gives up on is decoded typed on its own; a body that is not
    /// well-formed JSON is cut and decoded the typed way throughout, so its errors are the typed path's.
    ///
    /// - Throws: `RawJSON.SliceError` when the body is not a JSON object with a well-formed `entities` array.
    package func bulkPage(_ body: Data) throws -> ElementPage<MessageFields> {
        if self == .fast, let page = try? Self.scanBulk(body) { return page }
        let decoded = try RawJSON.decodeElements(MessageData.self, ofMember: "entities", in: body, decoder: .genesys())
        return ElementPage(
            values: decoded.values.map { Raw(value: MessageFields($0.value), json: $0.json) },
            undecodable: decoded.failures.map {
                UndecodableObject(json: $0.json, reason: GenesysClient.summary(of: $0.error))
            }
        )
    }

    private static func scanBulk(_ body: Data) throws -> ElementPage<MessageFields> {
        var ranges: [(Range<Int>, MessageFields?)] = []
        try body.withUnsafeBytes { raw in
            var reader = JSONFieldReader(raw.bindMemory(to: UInt8.self))
            var seen = FieldSet()
            try reader.members(depth: 0) { reader, key in
                guard reader.key(key, is: "entities") else { return try reader.skip(depth: 0) }
                try seen.insert(0)
                if try reader.isNull() { return }
                try reader.elements(depth: 1) { reader in
                    reader.skipWhitespace()
                    let start = reader.index
                    do {
                        let fields = try MessageFields.scan(&reader, depth: 2)
                        ranges.append((start..<reader.index, fields))
                    } catch JSONFieldReader.Stop.unexpected {
                        // Well-formed so far: cut the element out and let the typed decoder judge it.
                        reader.index = start
                        try reader.skip(depth: 1)
                        ranges.append((start..<reader.index, nil))
                    }
                }
            }
            try reader.expectEnd()
        }
        var page = ElementPage<MessageFields>()
        page.values.reserveCapacity(ranges.count)
        let base = body.startIndex
        for (range, fields) in ranges {
            let json = body[(base + range.lowerBound)..<(base + range.upperBound)]
            if let fields {
                page.values.append(Raw(value: fields, json: json))
                continue
            }
            do {
                let typed = try TolerantDecoding.decode(MessageData.self, from: Data(json), using: .genesys())
                page.values.append(Raw(value: MessageFields(typed), json: json))
            } catch {
                page.undecodable.append(UndecodableObject(json: Data(json), reason: GenesysClient.summary(of: error)))
            }
        }
        return page
    }
}
