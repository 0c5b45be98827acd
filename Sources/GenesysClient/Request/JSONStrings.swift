import Foundation

/// Writes strings as JSON string literals, and lists of them as JSON arrays, such as the ids of a bulk request
/// (`["id-1","id-2"]`) or the ids and keys the pipeline writes around raw objects.
///
/// `JSONEncoder` costs more than the rest of building a bulk request; ids rarely need escaping, so this writes the
/// bytes directly and escapes what JSON requires (quote, backslash, control characters; `\u001f` in lower case).
/// Everything else, UTF-8 beyond ASCII included, is copied as it is.
package enum JSONStrings {
    /// `values` as a JSON array of strings, UTF-8.
    package static func encodeArray(_ values: [String]) -> Data {
        Data(arrayBytes(values))
    }

    /// `values` as a JSON array of strings.
    package static func arrayText(_ values: [String]) -> String {
        String(decoding: arrayBytes(values), as: UTF8.self)
    }

    /// `value` as a JSON string literal.
    package static func quoted(_ value: String) -> String {
        // Most values (ids, addresses) need no escape: quote them without copying through bytes.
        if !value.utf8.contains(where: needsEscape) { return "\"" + value + "\"" }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + 2)
        append(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `value` as a JSON string literal to `bytes`.
    package static func append(_ value: String, to bytes: inout [UInt8]) {
        var value = value
        let isPlain = value.withUTF8 { utf8 -> Bool in
            guard !utf8.contains(where: needsEscape) else { return false }
            bytes.append(0x22)
            bytes.append(contentsOf: utf8)
            bytes.append(0x22)
            return true
        }
        if !isPlain { appendEscaped(value, to: &bytes) }
    }

    private static func arrayBytes(_ values: [String]) -> [UInt8] {
        var bytes: [UInt8] = [0x5B]
        bytes.reserveCapacity(values.reduce(2) { $0 + $1.utf8.count + 3 })
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(0x2C) }
            append(value, to: &bytes)
        }
        bytes.append(0x5D)
        return bytes
    }

    private static func appendEscaped(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(0x22)
        for byte in value.utf8 {
            switch byte {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, 0x6E]
            case 0x0D: bytes += [0x5C, 0x72]
            case 0x09: bytes += [0x5C, 0x74]
            case ..<0x20: bytes += [0x5C, 0x75, 0x30, 0x30, hex(byte >> 4), hex(byte & 0x0F)]
            default: bytes.append(byte)
            }
        }
        bytes.append(0x22)
    }

    private static func needsEscape(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x5C || byte < 0x20 }

    private static func hex(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }
}
