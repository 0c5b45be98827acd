import Foundation

/// Encodes a list of strings as a JSON array, such as the ids of a bulk request (`["id-1","id-2"]`).
///
/// `JSONEncoder` costs more than the rest of building a bulk request; ids rarely need escaping, so this writes the
/// bytes directly and escapes what JSON requires (quote, backslash, control characters).
enum JSONStringArray {
    /// `values` as a JSON array of strings, UTF-8.
    static func encode(_ values: [String]) -> Data {
        var bytes: [UInt8] = [0x5B]
        bytes.reserveCapacity(values.reduce(2) { $0 + $1.utf8.count + 3 })
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(0x2C) }
            appendString(value, to: &bytes)
        }
        bytes.append(0x5D)
        return Data(bytes)
    }

    private static func appendString(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(0x22)
        for byte in value.utf8 {
            switch byte {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, 0x6E]
            case 0x0D: bytes += [0x5C, 0x72]
            case 0x09: bytes += [0x5C, 0x74]
            case ..<0x20: bytes += Array("\\u00".utf8) + [hex(byte >> 4), hex(byte & 0x0F)]
            default: bytes.append(byte)
            }
        }
        bytes.append(0x22)
    }

    private static func hex(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }
}
