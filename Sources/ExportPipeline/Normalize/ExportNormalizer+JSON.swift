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
        // Most values (ids, addresses) need no escape: quote them without walking their scalars.
        if !value.utf8.contains(where: needsEscape) { return "\"" + value + "\"" }
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
        var data = Data(capacity: 128 + raw.count)
        data.append(0x7B)
        for (key, value) in ids {
            appendJSONString(key, to: &data)
            data.append(0x3A)
            appendJSONString(value, to: &data)
            data.append(0x2C)
        }
        appendJSONString(member, to: &data)
        data.append(0x3A)
        data.append(line(raw))
        data.append(0x7D)
        return data
    }

    /// Appends `value` as a JSON string literal, without building a `String` when it needs no escape.
    private static func appendJSONString(_ value: String, to data: inout Data) {
        var value = value
        let isPlain = value.withUTF8 { utf8 -> Bool in
            guard !utf8.contains(where: needsEscape) else { return false }
            data.append(0x22)
            data.append(utf8)
            data.append(0x22)
            return true
        }
        if !isPlain { data.append(contentsOf: jsonString(value).utf8) }
    }

    private static func needsEscape(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x5C || byte < 0x20 }
}
