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
        guard json.withUnsafeBytes(hasLineBreak) else { return json }
        var copy = json
        copy.withUnsafeMutableBytes(flattenLineBreaks)
        return copy
    }

    /// `{"k":"v",…,"member":<raw>}` on one line, built in one allocation of its final size.
    package static func wrap(_ ids: [(String, String)], member: String, raw: Data) -> Data {
        var prefix: [UInt8] = [0x7B]
        prefix.reserveCapacity(192)
        for (key, value) in ids {
            appendJSONString(key, to: &prefix)
            prefix.append(0x3A)
            appendJSONString(value, to: &prefix)
            prefix.append(0x2C)
        }
        appendJSONString(member, to: &prefix)
        prefix.append(0x3A)
        var data = Data(count: prefix.count + raw.count + 1)
        data.withUnsafeMutableBytes { out in
            let body = UnsafeMutableRawBufferPointer(rebasing: out[prefix.count..<out.count - 1])
            prefix.withUnsafeBytes { out.copyMemory(from: $0) }
            raw.withUnsafeBytes { body.copyMemory(from: $0) }
            if hasLineBreak(UnsafeRawBufferPointer(body)) { flattenLineBreaks(body) }
            out[out.count - 1] = 0x7D
        }
        return data
    }

    private static func hasLineBreak(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        return memchr(base, 0x0A, bytes.count) != nil || memchr(base, 0x0D, bytes.count) != nil
    }

    private static func flattenLineBreaks(_ bytes: UnsafeMutableRawBufferPointer) {
        for index in bytes.indices where bytes[index] == 0x0A || bytes[index] == 0x0D {
            bytes[index] = 0x20
        }
    }

    /// Appends `value` as a JSON string literal, without building a `String` when it needs no escape.
    private static func appendJSONString(_ value: String, to bytes: inout [UInt8]) {
        var value = value
        let isPlain = value.withUTF8 { utf8 -> Bool in
            guard !utf8.contains(where: needsEscape) else { return false }
            bytes.append(0x22)
            bytes.append(contentsOf: utf8)
            bytes.append(0x22)
            return true
        }
        if !isPlain { bytes.append(contentsOf: jsonString(value).utf8) }
    }

    private static func needsEscape(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x5C || byte < 0x20 }
}
