import Foundation
import GenesysModels

// MARK: - Typed values (nil for `null`)

extension JSONFieldReader {
    /// The string at the cursor; nil for `null`.
    mutating func string() throws -> String? {
        if try isNull() { return nil }
        guard try peek() == 0x22 else { throw Stop.unexpected("expected a string at \(index)") }
        let (range, escaped) = try stringRange()
        let raw = UnsafeBufferPointer(rebasing: bytes[range])
        return escaped ? try Self.unescape(raw) : String(decoding: raw, as: UTF8.self)
    }

    /// The plain integer at the cursor; nil for `null`. Fractions, exponents and long numbers are left to the typed
    /// decoder.
    mutating func int() throws -> Int? {
        if try isNull() { return nil }
        let first = try peek()
        guard first == 0x2D || Self.isDigit(first) else { throw Stop.unexpected("expected a number at \(index)") }
        let (range, isInteger) = try number()
        guard isInteger, range.count <= 18 else { throw Stop.unexpected("not a plain integer") }
        var value = 0
        var negative = false
        for position in range {
            let byte = bytes[position]
            if byte == 0x2D { negative = true } else { value = value * 10 + Int(byte - 0x30) }
        }
        return negative ? -value : value
    }

    /// The boolean at the cursor; nil for `null`.
    mutating func bool() throws -> Bool? {
        switch try peek() {
        case 0x74:
            try literal("true")
            return true
        case 0x66:
            try literal("false")
            return false
        case 0x6E:
            try literal("null")
            return nil
        default: throw Stop.unexpected("expected a boolean at \(index)")
        }
    }

    /// The Genesys datetime at the cursor; nil for `null`. Shapes other than the fixed-width ISO-8601 ones are left
    /// to the typed decoder.
    mutating func date() throws -> Date? {
        if try isNull() { return nil }
        guard try peek() == 0x22 else { throw Stop.unexpected("expected a datetime at \(index)") }
        let (range, escaped) = try stringRange()
        guard !escaped, let date = GenesysDate.parseFixedWidth(UnsafeBufferPointer(rebasing: bytes[range])) else {
            throw Stop.unexpected("datetime needs the typed decoder")
        }
        return date
    }

    /// An array of strings; nil for `null`.
    mutating func strings(depth: Int) throws -> [String]? {
        if try isNull() { return nil }
        var values: [String] = []
        try elements(depth: depth + 1) { reader in
            guard let value = try reader.string() else { throw Stop.unexpected("null in a string array") }
            values.append(value)
        }
        return values
    }

    /// The `id` (and optionally `name`) of a reference object such as `{"id":…,"name":…,"selfUri":…}`.
    mutating func reference(depth: Int) throws -> (id: String?, name: String?)? {
        if try isNull() { return nil }
        var id: String?
        var name: String?
        var seen = FieldSet()
        try members(depth: depth + 1) { reader, key in
            if reader.key(key, is: "id") {
                try seen.insert(0)
                id = try reader.string()
            } else if reader.key(key, is: "name") {
                try seen.insert(1)
                name = try reader.string()
            } else {
                try reader.skip(depth: depth + 1)
            }
        }
        return (id, name)
    }

    // MARK: - Strings

    /// The byte range between the quotes of the string at the cursor, checking escapes and UTF-8.
    mutating func stringRange() throws -> (Range<Int>, escaped: Bool) {
        index += 1  // the opening quote
        let start = index
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                let range = start..<index
                index += 1
                return (range, escaped)
            }
            if byte == 0x5C {
                escaped = true
                try escape()
            } else if byte < 0x20 {
                throw Stop.invalid("control character in a string at \(index)")
            } else if byte < 0x80 {
                index += 1
            } else {
                try multibyte()
            }
        }
        throw Stop.invalid("unterminated string")
    }

    private mutating func escape() throws {
        guard index + 1 < bytes.count else { throw Stop.invalid("unterminated escape") }
        switch bytes[index + 1] {
        case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: index += 2
        case 0x75:
            guard index + 6 <= bytes.count else { throw Stop.invalid("short \\u escape") }
            for position in (index + 2)..<(index + 6) where Self.hex(bytes[position]) == nil {
                throw Stop.invalid("bad \\u escape at \(index)")
            }
            index += 6
        default: throw Stop.invalid("bad escape at \(index)")
        }
    }

    /// Checks one UTF-8 sequence of two to four bytes (no overlongs, surrogates or values past U+10FFFF).
    private mutating func multibyte() throws {
        let lead = bytes[index]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, low) = (3, 0xA0)
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xED: (length, high) = (3, 0x9F)
        case 0xF0: (length, low) = (4, 0x90)
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, high) = (4, 0x8F)
        default: throw Stop.invalid("invalid UTF-8 at \(index)")
        }
        guard index + length <= bytes.count else { throw Stop.invalid("truncated UTF-8 at \(index)") }
        let second = bytes[index + 1]
        guard second >= low, second <= high else { throw Stop.invalid("invalid UTF-8 at \(index)") }
        for position in (index + 2)..<(index + length) where bytes[position] & 0xC0 != 0x80 {
            throw Stop.invalid("invalid UTF-8 at \(index)")
        }
        index += length
    }

    static func hex(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x37)
        case 0x61...0x66: UInt32(byte - 0x57)
        default: nil
        }
    }

    /// The text of a string with escapes (already checked by ``stringRange()``); lone surrogates are left to the
    /// typed decoder.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var position = 0
        func code(at start: Int) -> UInt32 {
            (start..<(start + 4)).reduce(0) { $0 << 4 | (hex(raw[$1]) ?? 0) }
        }
        while position < raw.count {
            let byte = raw[position]
            guard byte == 0x5C else {
                out.append(byte)
                position += 1
                continue
            }
            let kind = raw[position + 1]
            position += 2
            switch kind {
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = code(at: position)
                position += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard position + 6 <= raw.count, raw[position] == 0x5C, raw[position + 1] == 0x75 else {
                        throw Stop.unexpected("lone surrogate")
                    }
                    let low = code(at: position + 2)
                    guard (0xDC00...0xDFFF).contains(low) else { throw Stop.unexpected("lone surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    position += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw Stop.unexpected("lone surrogate")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw Stop.unexpected("bad scalar") }
                UTF8.encode(unicode) { out.append($0) }
            default: out.append(kind)  // " \ /
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The fields of one object read so far, so a duplicate key is left to the typed decoder.
struct FieldSet {
    private var bits: UInt64 = 0

    /// Marks field `number` (0–63) read; throws when it was read before.
    mutating func insert(_ number: Int) throws {
        let bit: UInt64 = 1 << UInt64(number)
        guard bits & bit == 0 else { throw JSONFieldReader.Stop.unexpected("duplicate key") }
        bits |= bit
    }
}
