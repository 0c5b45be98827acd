import Foundation

/// A 1-based line and column (counted in Unicode scalars, as libyaml counts them) in a job file.
struct TextPosition: Equatable {
    /// 1-based line.
    var line: Int
    /// 1-based column, in Unicode scalars.
    var column: Int
    /// The byte at the position, as `0xFF`, when the position names an undecodable byte.
    var byte: String = ""

    /// The position of the UTF-8 byte at `byteOffset` in `text` (the end of the text when past it).
    static func of(byteOffset: Int, in text: String) -> TextPosition {
        var position = TextPosition(line: 1, column: 1)
        var offset = 0
        for scalar in text.unicodeScalars {
            offset += UTF8.width(scalar)
            guard offset <= byteOffset else { break }
            position.advance(over: scalar)
        }
        return position
    }

    /// The position of the first byte of `data` that is not valid UTF-8 (line 1, column 1 when every byte is).
    static func firstInvalidUTF8(in data: Data) -> TextPosition {
        var position = TextPosition(line: 1, column: 1)
        var iterator = data.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar):
                offset += UTF8.width(scalar)
                position.advance(over: scalar)
            case .emptyInput:
                return position
            case .error:
                let index = data.index(data.startIndex, offsetBy: min(offset, max(data.count - 1, 0)))
                position.byte = data.isEmpty ? "" : String(format: "0x%02X", data[index])
                return position
            }
        }
    }

    private mutating func advance(over scalar: Unicode.Scalar) {
        if scalar == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
    }
}
