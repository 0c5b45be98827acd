import Foundation

/// Creates a new, empty, uniquely named directory under the system temporary directory.
///
/// Each test gets its own; remove it with `try? FileManager.default.removeItem(at:)` in a `defer`.
package func makeTemporaryDirectory(prefix: String = "genesys-export-test") throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
