import Foundation

/// The Genesys Cloud datetime wire format: ISO-8601 in UTC, milliseconds optional on input.
package enum GenesysDate {
    /// Parses `yyyy-MM-ddTHH:mm:ss[.fff]Z` (and offsets such as `+00:00`); `nil` when it is not a datetime.
    package static func parse(_ text: String) -> Date? {
        // Fast path for the shapes the API sends: fixed-width digits.
        var text = text
        let fixed = text.withUTF8 { parseFixed($0) }
        return fixed ?? fallback(text)
    }

    /// Parses the fixed-width shapes the API sends (`yyyy-MM-ddTHH:mm:ss[.fff](Z|±HH:MM)`) from UTF-8 bytes; `nil`
    /// for any other text, which ``parse(_:)`` may still read.
    package static func parseFixedWidth(_ utf8: UnsafeBufferPointer<UInt8>) -> Date? {
        parseFixed(utf8)
    }

    /// Formats as `yyyy-MM-ddTHH:mm:ss.SSSZ`, the shape the API emits.
    package static func format(_ date: Date) -> String {
        // Round to the nearest millisecond first: 0.123 is stored as 0.12299999…, which truncation
        // would print as .122.
        let totalMillis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var whole = Int(totalMillis / 1000)
        var millis = Int(totalMillis % 1000)
        if millis < 0 {
            millis += 1000
            whole -= 1
        }
        var days = whole / 86_400
        var rest = whole % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days)
        guard (0...9999).contains(year) else { return paddedText(year, month, day, rest, millis) }
        return fixedText(year, month, day, rest, millis)
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSSZ` for a year of four digits, written digit by digit into the string's own storage.
    private static func fixedText(_ year: Int, _ month: Int, _ day: Int, _ rest: Int, _ millis: Int) -> String {
        String(unsafeUninitializedCapacity: 24) { out in
            func put(_ value: Int, _ width: Int, at start: Int, then separator: UInt8) {
                var value = value
                for index in stride(from: start + width - 1, through: start, by: -1) {
                    out[index] = UInt8(truncatingIfNeeded: 48 + value % 10)
                    value /= 10
                }
                out[start + width] = separator
            }
            put(year, 4, at: 0, then: 0x2D)  // -
            put(month, 2, at: 5, then: 0x2D)
            put(day, 2, at: 8, then: 0x54)  // T
            put(rest / 3600, 2, at: 11, then: 0x3A)  // :
            put(rest / 60 % 60, 2, at: 14, then: 0x3A)
            put(rest % 60, 2, at: 17, then: 0x2E)  // .
            put(millis, 3, at: 20, then: 0x5A)  // Z
            return 24
        }
    }

    /// The same text for years outside 0…9999, which need more (or a sign) than four digits.
    private static func paddedText(_ year: Int, _ month: Int, _ day: Int, _ rest: Int, _ millis: Int) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):"
            + "\(pad(rest % 60, 2)).\(pad(millis, 3))Z"
    }

    /// A decoding strategy accepting both `…:ss.SSSZ` and `…:ssZ`.
    package static let decodingStrategy: JSONDecoder.DateDecodingStrategy = .custom { decoder in
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = parse(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "Expected an ISO-8601 datetime such as 2026-11-01T09:30:00.000Z"
            )
        }
        return date
    }

    /// An encoding strategy writing `yyyy-MM-ddTHH:mm:ss.SSSZ`.
    package static let encodingStrategy: JSONEncoder.DateEncodingStrategy = .custom { date, encoder in
        var container = encoder.singleValueContainer()
        try container.encode(format(date))
    }

    // MARK: - Private

    private static func parseFixed(_ s: UnsafeBufferPointer<UInt8>) -> Date? {
        // yyyy-MM-ddTHH:mm:ss(.f+)?(Z|±HH:MM)
        guard s.count >= 20, s[4] == 45, s[7] == 45, s[10] == 84 || s[10] == 116, s[13] == 58, s[16] == 58 else {
            return nil
        }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let c = s[i]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10),
            let hour = digits(11..<13), let minute = digits(14..<16), let second = digits(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < s.count, s[index] == 46 {
            index += 1
            // Digits as one integer, divided once: summing 0.1 + 0.02 + 0.003 accumulates error.
            var digits = 0
            var scale = 1.0
            let start = index
            while index < s.count, s[index] >= 48, s[index] <= 57 {
                if index - start < 9 {
                    digits = digits * 10 + Int(s[index] - 48)
                    scale *= 10
                }
                index += 1
            }
            guard index > start else { return nil }
            fraction = Double(digits) / scale
        }
        var offset = 0
        guard index < s.count else { return nil }
        if s[index] == 90 || s[index] == 122 {
            index += 1
        } else if s[index] == 43 || s[index] == 45 {
            let sign = s[index] == 43 ? 1 : -1
            guard s.count == index + 6, s[index + 3] == 58, let hh = digits(index + 1..<index + 3),
                let mm = digits(index + 4..<index + 6)
            else { return nil }
            offset = sign * (hh * 3600 + mm * 60)
            index += 6
        } else {
            return nil
        }
        guard index == s.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    private static func fallback(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    // Howard Hinnant's days-from-civil algorithms.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension JSONDecoder {
    /// A decoder configured for the Genesys Cloud wire format.
    package static func genesys() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = GenesysDate.decodingStrategy
        return decoder
    }
}

extension JSONEncoder {
    /// An encoder configured for the Genesys Cloud wire format (`.SSSZ` datetimes, no nulls).
    package static func genesys(sortedKeys: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = GenesysDate.encodingStrategy
        encoder.outputFormatting = sortedKeys ? [.sortedKeys, .withoutEscapingSlashes] : [.withoutEscapingSlashes]
        return encoder
    }
}
