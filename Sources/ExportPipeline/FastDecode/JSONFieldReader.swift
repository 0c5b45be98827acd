import Foundation

/// Reads the few fields the export needs from JSON bytes in one pass, checking the rest is well-formed JSON.
///
/// The reader is the fast path of ``FieldDecoding``; it handles the common, clean shape and gives up on anything else
/// by throwing ``Stop``, and the caller then decodes the object with the typed models (the oracle), so results never
/// differ from typed decoding. ``Stop/invalid(_:)`` means the bytes are not well-formed JSON (syntax, invalid UTF-8,
/// control characters in strings, nesting deeper than ``maxDepth``); ``Stop/unexpected(_:)`` means well-formed JSON
/// whose read fields have a shape the typed decoder must judge (a wrong type, a duplicate key, an escaped key, a
/// number that is not a plain integer, a datetime the fixed-width parser does not take).
///
/// Nesting is bounded (recursion stops at ``maxDepth``), every string is checked to be valid UTF-8, and the reader
/// never reads past its buffer, so no input makes it crash.
struct JSONFieldReader {
    /// Why the reader gave up.
    enum Stop: Error, Equatable {
        /// Not well-formed JSON.
        case invalid(String)
        /// Well-formed, but not a shape the fast path decides.
        case unexpected(String)
    }

    /// Deepest nesting the reader follows; deeper documents are left to the typed decoder, which rejects them.
    static let maxDepth = 64

    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int

    /// A reader at the start of `bytes`.
    init(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    // MARK: - Structure

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// The next non-whitespace byte, not consumed.
    mutating func peek() throws -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw Stop.invalid("unexpected end at \(index)") }
        return bytes[index]
    }

    /// Whether the next value is `null`; consumes it when it is.
    mutating func isNull() throws -> Bool {
        guard try peek() == 0x6E else { return false }
        try literal("null")
        return true
    }

    /// Calls `body` for each member of the object at the cursor with the key's byte range; `body` must consume the
    /// value (read it or ``skip(depth:)`` it). Keys with escapes are left to the typed decoder.
    mutating func members(depth: Int, _ body: (inout JSONFieldReader, Range<Int>) throws -> Void) throws {
        guard depth < Self.maxDepth else { throw Stop.invalid("nesting deeper than \(Self.maxDepth)") }
        guard try peek() == 0x7B else { throw Stop.unexpected("expected an object at \(index)") }
        index += 1
        if try peek() == 0x7D {
            index += 1
            return
        }
        while true {
            guard try peek() == 0x22 else { throw Stop.invalid("expected a key at \(index)") }
            let (key, escaped) = try stringRange()
            if escaped { throw Stop.unexpected("escaped key") }
            guard try peek() == 0x3A else { throw Stop.invalid("expected ':' at \(index)") }
            index += 1
            try body(&self, key)
            switch try peek() {
            case 0x2C: index += 1
            case 0x7D:
                index += 1
                return
            default: throw Stop.invalid("expected ',' or '}' at \(index)")
            }
        }
    }

    /// Calls `body` for each element of the array at the cursor; `body` must consume the element.
    mutating func elements(depth: Int, _ body: (inout JSONFieldReader) throws -> Void) throws {
        guard depth < Self.maxDepth else { throw Stop.invalid("nesting deeper than \(Self.maxDepth)") }
        guard try peek() == 0x5B else { throw Stop.unexpected("expected an array at \(index)") }
        index += 1
        if try peek() == 0x5D {
            index += 1
            return
        }
        while true {
            try body(&self)
            switch try peek() {
            case 0x2C: index += 1
            case 0x5D:
                index += 1
                return
            default: throw Stop.invalid("expected ',' or ']' at \(index)")
            }
        }
    }

    /// Consumes one value of any type, checking it is well-formed.
    mutating func skip(depth: Int) throws {
        switch try peek() {
        case 0x7B: try members(depth: depth + 1) { reader, _ in try reader.skip(depth: depth + 1) }
        case 0x5B: try elements(depth: depth + 1) { reader in try reader.skip(depth: depth + 1) }
        case 0x22: _ = try stringRange()
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: try literal("null")
        default: _ = try number()
        }
    }

    /// Whether the key at `range` is `name`.
    func key(_ range: Range<Int>, is name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return memcmp(base + range.lowerBound, name.utf8Start, range.count) == 0
    }

    /// Checks that only whitespace follows the cursor.
    mutating func expectEnd() throws {
        skipWhitespace()
        guard index == bytes.count else { throw Stop.invalid("trailing bytes at \(index)") }
    }

    // MARK: - Scalars

    mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count, let base = bytes.baseAddress,
            memcmp(base + index, word.utf8Start, count) == 0
        else { throw Stop.invalid("bad literal at \(index)") }
        index += count
    }

    /// A JSON number's bytes; `isInteger` when it has no fraction or exponent.
    mutating func number() throws -> (range: Range<Int>, isInteger: Bool) {
        let start = index
        if index < bytes.count, bytes[index] == 0x2D { index += 1 }
        guard index < bytes.count, Self.isDigit(bytes[index]) else { throw Stop.invalid("expected a value at \(start)") }
        if bytes[index] == 0x30 {
            index += 1
        } else {
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == 0x2E {
            isInteger = false
            index += 1
            try digits()
        }
        if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            try digits()
        }
        return (start..<index, isInteger)
    }

    private mutating func digits() throws {
        let start = index
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        guard index > start else { throw Stop.invalid("expected digits at \(start)") }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
