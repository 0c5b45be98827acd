@testable import ExportPipeline
import Foundation
import Testing

/// What the job file tests share: the repository's folders and small job files parsed from text.
protocol JobSpecTesting {}

extension JobSpecTesting {
    /// The repository (this file is `Tests/ExportPipelineTests/Support/JobSpecTesting.swift`).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }
    static var jobsFolder: URL {
        repositoryRoot.appendingPathComponent("jobs", isDirectory: true).resolvingSymlinksInPath()
    }
    static var testFileURL: URL { URL(fileURLWithPath: "/nonexistent-genesys-export-tests/jobs/test.yaml") }

    static func loadSchema() throws -> [String: Any] {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("schemas/job.schema.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func job(source: String, extra: String = "") -> String {
        "name: test\ndescription: a test job\nsource:\n  \(source)\noutput:\n  sqlite: out/test.sqlite\n  ndjson: out/ndjson\n\(extra)"
    }

    static func parse(_ yaml: String) throws -> JobSpec {
        try JobSpec.parse(yaml: yaml, fileURL: testFileURL)
    }

    static func problems(in yaml: String) -> [JobValidationError.Problem] {
        do {
            let job = try parse(yaml)
            Issue.record("expected problems, but the job loaded: \(job.name)")
            return []
        } catch let error as JobValidationError {
            return error.problems
        } catch {
            Issue.record("unexpected error \(error)")
            return []
        }
    }

    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text) ?? .distantPast
    }

    static func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("JobSpecTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder.resolvingSymlinksInPath())
    }
}
