import Foundation
import GenesysModels

// MARK: - JSON and text helpers

extension ExportNormalizer {
    /// The partition day (`YYYY-MM-DD`, UTC) of a date; `unknown` without one.
    package static func day(of date: Date?) -> String {
        guard let date else { return "unknown" }
        return String(GenesysDate.format(date).prefix(10))
    }

    /// Bytes as UTF-8 text for a TEXT column.
    package static func text(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self)
    }

    /// A JSON array of strings.
    package static func jsonArray(_ values: [String]) -> String {
        "[" + values.map(jsonString).joined(separator: ",") + "]"
    }

    /// A JSON string literal.
    package static func jsonString(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The object's bytes on one line: raw newlines can only be whitespace between tokens in valid JSON.
    package static func line(_ json: Data) -> Data {
        let hasBreak = json.withUnsafeBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, 0x0A, buffer.count) != nil || memchr(base, 0x0D, buffer.count) != nil
        }
        guard hasBreak else { return json }
        var copy = json
        copy.withUnsafeMutableBytes { buffer in
            for index in buffer.indices where buffer[index] == 0x0A || buffer[index] == 0x0D {
                buffer[index] = 0x20
            }
        }
        return copy
    }

    /// `{"k":"v",…,"member":<raw>}` on one line.
    package static func wrap(_ ids: [(String, String)], member: String, raw: Data) -> Data {
        var head = "{"
        for (key, value) in ids {
            head += jsonString(key) + ":" + jsonString(value) + ","
        }
        head += jsonString(member) + ":"
        var data = Data(capacity: head.utf8.count + raw.count + 1)
        data.append(contentsOf: head.utf8)
        data.append(line(raw))
        data.append(0x7D)
        return data
    }

    static func slice(_ data: Data, _ ranges: [Range<Int>], _ index: Int) -> Data? {
        guard index < ranges.count else { return nil }
        let range = ranges[index]
        return Data(data[(data.startIndex + range.lowerBound)..<(data.startIndex + range.upperBound)])
    }
}
