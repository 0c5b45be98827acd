import Foundation
import GenesysClient
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
        JSONStrings.arrayText(values)
    }

    /// A JSON string literal.
    package static func jsonString(_ value: String) -> String {
        JSONStrings.quoted(value)
    }

    /// The object's bytes on one line: raw newlines can only be whitespace between tokens in valid JSON.
    package static func line(_ json: Data) -> Data {
        guard json.withUnsafeBytes(hasLineBreak) else { return json }
        var copy = json
        copy.withUnsafeMutableBytes(flattenLineBreaks)
        return copy
    }

    /// The line of the object `json`, sharing `text` (the row's `raw_json`, decoded from `json`) when it holds
    /// exactly those bytes: the object alone, or `{"k":"v",…,"member":<object>}` when `member` is given.
    package static func line(_ ids: [(String, String)] = [], member: String?, raw json: Data, text: String) -> NDJSONLine {
        guard holdsExactly(text, json) else {
            return NDJSONLine(member.map { wrap(ids, member: $0, raw: json) } ?? line(json))
        }
        guard let member else { return NDJSONLine(head: Data(), object: text, closes: false) }
        return NDJSONLine(head: Data(wrapperPrefix(ids, member: member)), object: text, closes: true)
    }

    /// `{"k":"v",…,"member":<raw>}` on one line, built in one allocation of its final size.
    package static func wrap(_ ids: [(String, String)], member: String, raw: Data) -> Data {
        let prefix = wrapperPrefix(ids, member: member)
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

    /// `{"k":"v",…,"member":`.
    private static func wrapperPrefix(_ ids: [(String, String)], member: String) -> [UInt8] {
        var prefix: [UInt8] = [0x7B]
        prefix.reserveCapacity(192)
        for (key, value) in ids {
            JSONStrings.append(key, to: &prefix)
            prefix.append(0x3A)
            JSONStrings.append(value, to: &prefix)
            prefix.append(0x2C)
        }
        JSONStrings.append(member, to: &prefix)
        prefix.append(0x3A)
        return prefix
    }

    /// Whether `text` is `json`'s bytes unchanged (no invalid UTF-8 was repaired) with no raw line break to flatten.
    private static func holdsExactly(_ text: String, _ json: Data) -> Bool {
        var text = text
        return json.withUnsafeBytes { bytes in
            guard !bytes.isEmpty, !hasLineBreak(bytes) else { return false }
            return text.withUTF8 { utf8 in
                utf8.count == bytes.count && memcmp(utf8.baseAddress!, bytes.baseAddress!, bytes.count) == 0
            }
        }
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

}
