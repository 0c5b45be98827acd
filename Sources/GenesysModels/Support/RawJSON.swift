import Foundation

/// A decoded API object together with the exact bytes it was decoded from.
///
/// Exporters keep the original JSON next to the typed value: every field the API sent,
/// unknown ones included, byte for byte, without paying for a re-encode.
package struct Raw<Value: Sendable>: Sendable {
    /// The typed value.
    package var value: Value
    /// The object's JSON exactly as received.
    package var json: Data

    /// Pairs a value with its JSON.
    package init(value: Value, json: Data) {
        self.value = value
        self.json = json
    }
}

extension Raw: Equatable where Value: Equatable {}

/// Finds values inside a JSON document by byte range, without building a tree.
///
/// ```swift
/// let elements = try RawJSON.arrayElements(ofMember: "entities", in: body)
/// ```
package enum RawJSON {
    /// A problem locating a value in a JSON document.
    package struct SliceError: Error, Sendable, CustomStringConvertible {
        /// The byte offset where the document stopped making sense.
        package var offset: Int
        /// What was expected there.
        package var reason: String
        /// A one-line explanation.
        package var description: String { "malformed JSON at byte \(offset): \(reason)" }
    }

    /// The byte ranges of the elements of the array at top-level member `key`.
    ///
    /// Returns `nil` when the member is absent or `null`; throws when the document is not
    /// well-formed up to the end of that array, or the member is not an array.
    package static func arrayElements(ofMember key: String, in data: Data) throws -> [Range<Int>]? {
        try data.withUnsafeBytes { buffer -> [Range<Int>]? in
            var scanner = Scanner(bytes: buffer.bindMemory(to: UInt8.self))
            return try scanner.arrayElements(ofMember: Array(key.utf8))
        }
    }

    /// The byte range of the value of top-level member `key` of a JSON object; nil when absent or `null`.
    ///
    /// Throws when the document is not a well-formed object up to that member.
    package static func memberValue(_ key: String, in data: Data) throws -> Range<Int>? {
        try data.withUnsafeBytes { buffer -> Range<Int>? in
            var scanner = Scanner(bytes: buffer.bindMemory(to: UInt8.self))
            return try scanner.memberValue(Array(key.utf8))
        }
    }

    /// The bytes of top-level member `key` of a JSON object; nil when absent, `null` or not well-formed.
    package static func member(_ key: String, in data: Data) -> Data? {
        guard let range = try? memberValue(key, in: data) else { return nil }
        let base = data.startIndex
        return Data(data[(base + range.lowerBound)..<(base + range.upperBound)])
    }

    /// The byte ranges of the elements of a top-level JSON array.
    package static func arrayElements(in data: Data) throws -> [Range<Int>] {
        try data.withUnsafeBytes { buffer -> [Range<Int>] in
            var scanner = Scanner(bytes: buffer.bindMemory(to: UInt8.self))
            scanner.skipWhitespace()
            return try scanner.arrayElements()
        }
    }

    /// Decodes every element of the array member `key` with its bytes.
    ///
    /// Elements that fail to decode (even tolerantly, see ``TolerantDecoding``) are returned in `failures` with their
    /// bytes and the error, so one malformed object does not lose the others.
    package static func decodeElements<T: Decodable & Sendable>(
        _ type: T.Type,
        ofMember key: String?,
        in data: Data,
        decoder: JSONDecoder
    ) throws -> (values: [Raw<T>], failures: [(json: Data, error: any Error)]) {
        let ranges: [Range<Int>]
        if let key {
            ranges = try arrayElements(ofMember: key, in: data) ?? []
        } else {
            ranges = try arrayElements(in: data)
        }
        var values: [Raw<T>] = []
        values.reserveCapacity(ranges.count)
        var failures: [(json: Data, error: any Error)] = []
        let base = data.startIndex
        for range in ranges {
            let slice = Data(data[(base + range.lowerBound)..<(base + range.upperBound)])
            do {
                values.append(Raw(value: try TolerantDecoding.decode(T.self, from: slice, using: decoder), json: slice))
            } catch {
                failures.append((slice, error))
            }
        }
        return (values, failures)
    }

    // MARK: - Scanner

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        func fail(_ reason: String) -> SliceError {
            SliceError(offset: index, reason: reason)
        }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func expect(_ byte: UInt8) throws {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == byte else {
                throw fail("expected '\(Character(UnicodeScalar(byte)))'")
            }
            index += 1
        }

        /// Returns the raw bytes between the quotes (escapes left as they are).
        mutating func string() throws -> Range<Int> {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == 0x22 else { throw fail("expected a string") }
            index += 1
            let start = index
            while index < bytes.count {
                let c = bytes[index]
                if c == 0x5C {
                    index += 2
                    continue
                }
                if c == 0x22 {
                    let range = start..<index
                    index += 1
                    return range
                }
                index += 1
            }
            throw fail("unterminated string")
        }

        mutating func skipValue() throws {
            skipWhitespace()
            guard index < bytes.count else { throw fail("expected a value") }
            switch bytes[index] {
            case 0x22:
                _ = try string()
            case 0x7B, 0x5B:
                var depth = 0
                while index < bytes.count {
                    let c = bytes[index]
                    if c == 0x22 {
                        _ = try string()
                        continue
                    }
                    if c == 0x7B || c == 0x5B { depth += 1 }
                    if c == 0x7D || c == 0x5D {
                        depth -= 1
                        if depth == 0 {
                            index += 1
                            return
                        }
                    }
                    index += 1
                }
                throw fail("unterminated object or array")
            default:
                let start = index
                while index < bytes.count {
                    switch bytes[index] {
                    case 0x2C, 0x7D, 0x5D, 0x20, 0x09, 0x0A, 0x0D:
                        guard index > start else { throw fail("expected a value") }
                        return
                    default: index += 1
                    }
                }
                guard index > start else { throw fail("expected a value") }
            }
        }

        mutating func arrayElements() throws -> [Range<Int>] {
            try expect(0x5B)
            var ranges: [Range<Int>] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == 0x5D {
                index += 1
                return ranges
            }
            while true {
                skipWhitespace()
                let start = index
                try skipValue()
                ranges.append(start..<index)
                skipWhitespace()
                guard index < bytes.count else { throw fail("unterminated array") }
                if bytes[index] == 0x2C {
                    index += 1
                    continue
                }
                if bytes[index] == 0x5D {
                    index += 1
                    return ranges
                }
                throw fail("expected ',' or ']'")
            }
        }

        /// Moves to the value of top-level member `key`; false when the object has no such member.
        mutating func seekMember(_ key: [UInt8]) throws -> Bool {
            try expect(0x7B)
            skipWhitespace()
            if index < bytes.count, bytes[index] == 0x7D { return false }
            while true {
                let name = try string()
                try expect(0x3A)
                skipWhitespace()
                if name.count == key.count, zip(bytes[name], key).allSatisfy({ $0 == $1 }) {
                    guard index < bytes.count else { throw fail("expected a value") }
                    return true
                }
                try skipValue()
                skipWhitespace()
                guard index < bytes.count else { throw fail("unterminated object") }
                if bytes[index] == 0x2C {
                    index += 1
                    continue
                }
                if bytes[index] == 0x7D { return false }
                throw fail("expected ',' or '}'")
            }
        }

        mutating func memberValue(_ key: [UInt8]) throws -> Range<Int>? {
            guard try seekMember(key), bytes[index] != 0x6E else { return nil }  // absent or null
            let start = index
            try skipValue()
            return start..<index
        }

        mutating func arrayElements(ofMember key: [UInt8]) throws -> [Range<Int>]? {
            guard try seekMember(key), bytes[index] != 0x6E else { return nil }  // absent or null
            guard bytes[index] == 0x5B else { throw fail("member is not an array") }
            return try arrayElements()
        }
    }
}
