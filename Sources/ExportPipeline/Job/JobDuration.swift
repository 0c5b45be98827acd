import Foundation

/// Parses and formats the durations of job files: `"90s"`, `"10m"`, `"6h"`, `"2d"`, or combinations like `"1h30m"`.
package enum JobDuration {
    private static let unitSeconds: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]

    /// Parses a duration such as `"90s"`, `"10m"`, `"6h"`, `"2d"` or `"1h30m"`; returns `nil` when malformed.
    ///
    /// Each part is a non-negative whole number followed by a unit (`s`, `m`, `h`, `d`); units appear in
    /// decreasing order and at most once. `"0s"` is valid.
    package static func parse(_ text: String) -> Duration? {
        var total: Int64 = 0
        var digits = ""
        var lastUnitSize = Int64.max
        var sawPart = false
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            guard let size = unitSeconds[character], !digits.isEmpty, size < lastUnitSize,
                let value = Int64(digits)
            else { return nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: size)
            guard !overflow else { return nil }
            let (sum, sumOverflow) = total.addingReportingOverflow(product)
            guard !sumOverflow else { return nil }
            total = sum
            lastUnitSize = size
            digits = ""
            sawPart = true
        }
        guard sawPart, digits.isEmpty else { return nil }
        return .seconds(total)
    }

    /// Formats a duration in the job-file notation, using the largest units that divide it (`"1h30m"`, `"0s"`).
    package static func format(_ duration: Duration) -> String {
        var seconds = duration.components.seconds
        guard seconds > 0 else { return "0s" }
        var text = ""
        for (unit, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60), ("s", 1)] where seconds >= size {
            text += "\(seconds / size)\(unit)"
            seconds %= size
        }
        return text
    }
}

/// Parses and formats the datetimes of job files: ISO-8601 with a `Z` or a numeric offset, optional fractions.
package enum JobDateTime {
    /// Parses `2026-11-01T00:00:00Z`, `2026-11-01T02:00:00+02:00` or `2026-11-01T00:00:00.250Z`; `nil` otherwise.
    package static func parse(_ text: String) -> Date? {
        // A date alone, or a time without zone, is ambiguous for an export window: refuse it.
        guard text.count >= 20, text.contains("T") else { return nil }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// Formats a date as `yyyy-MM-ddTHH:mm:ssZ` in UTC (fractions are dropped).
    package static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
