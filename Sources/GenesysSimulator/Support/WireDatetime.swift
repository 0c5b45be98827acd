import Foundation
import GenesysModels

/// Datetimes as the simulator reads them from requests (leniently) and writes them in responses
/// (exactly as Genesys does: `yyyy-MM-ddTHH:mm:ss.SSSZ`, UTC).
///
/// Typed request fields (`WrapupInput.endTime`, …) decode through `GenesysDate` and are re-encoded
/// canonically by construction. Only datetimes inside untyped JSON that a route echoes need this
/// type: the Open Messaging `channel.time` (endpoints 7–11), which the SDKs send in whatever shape their
/// language prints (Python: `2026-12-02T01:46:07.762000+00:00`).
enum WireDatetime {
    /// Parses an ISO-8601 instant: with or without a fraction (any number of digits), `T` or a space between
    /// date and time, and a `Z`, `±hh:mm`, `±hhmm` or `±hh` offset; no offset at all means UTC.
    ///
    /// The result is rounded to the millisecond, the precision the simulator stores and prints.
    static func parse(_ text: String) -> Date? {
        parseExact(text).map { Date(timeIntervalSince1970: ($0.timeIntervalSince1970 * 1000).rounded() / 1000) }
    }

    private static func parseExact(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = GenesysDate.parse(trimmed) { return date }
        var characters = Array(trimmed)
        guard characters.count >= 19 else { return nil }
        if characters[10] == " " { characters[10] = "T" }
        var candidate = String(characters)
        if let sign = candidate.lastIndex(where: { $0 == "+" || $0 == "-" }),
            candidate.distance(from: candidate.startIndex, to: sign) >= 19
        {
            let offset = candidate[candidate.index(after: sign)...]
            if offset.count == 4, offset.allSatisfy(\.isNumber) {
                candidate = String(candidate[...sign]) + String(offset.prefix(2)) + ":" + String(offset.suffix(2))
            } else if offset.count == 2, offset.allSatisfy(\.isNumber) {
                candidate += ":00"
            }
        } else if !candidate.hasSuffix("Z"), !candidate.hasSuffix("z") {
            candidate += "Z"
        }
        return GenesysDate.parse(candidate)
    }

    /// The canonical spelling of a datetime given in any shape `parse` accepts; `nil` when it is not one.
    static func canonical(_ text: String) -> String? {
        parse(text).map(GenesysDate.format)
    }

    /// An Open Messaging `channel` with its `time` in the canonical spelling.
    ///
    /// - Throws: 400 `bad.request` when `channel.time` is present but not a datetime, as the API's
    ///   deserializer refuses it.
    static func canonicalChannel(_ channel: JSONValue?) throws -> JSONValue? {
        guard case .object(var members)? = channel, let time = members["time"] else { return channel }
        if time == .null {
            members["time"] = nil
            return .object(members)
        }
        guard let text = time.stringValue, let canonical = canonical(text) else {
            throw SimulatorError.badRequest(
                "channel.time must be an ISO-8601 datetime such as 2026-11-20T10:00:00.000Z"
            )
        }
        members["time"] = .string(canonical)
        return .object(members)
    }
}
