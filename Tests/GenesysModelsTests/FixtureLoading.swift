import Foundation
import GenesysModels
import Testing

/// Loads `Fixtures/<name>.json` from the test bundle.
func fixture(_ name: String) throws -> Data {
    let url = try #require(
        Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
        "missing fixture \(name).json"
    )
    return try Data(contentsOf: url)
}

/// Decodes `Fixtures/<name>.json` as `T` with the Genesys decoder.
func decodeFixture<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
    try JSONDecoder.genesys().decode(T.self, from: try fixture(name))
}

/// A UTC date from its components.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int, millis: Int = 0) -> Date {
    var components = DateComponents()
    (components.year, components.month, components.day) = (year, month, day)
    (components.hour, components.minute, components.second) = (hour, minute, second)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let date = calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
    return date.addingTimeInterval(Double(millis) / 1000)
}

/// Whole milliseconds since 1970, to compare dates without floating-point noise.
func millis(_ date: Date?) -> Int64? {
    date.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
}
