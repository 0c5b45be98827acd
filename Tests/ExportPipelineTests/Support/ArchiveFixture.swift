import Foundation
import Testing

@testable import ExportPipeline

/// A temporary NDJSON root with two runs' files, media and manifests.
struct ArchiveFixture {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("archive-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// Makes everything writable again and deletes the folder.
    func remove() {
        if let enumerator = FileManager.default.enumerator(atPath: root.path) {
            for case let path as String in enumerator {
                try? FileManager.default.setAttributes(
                    [.posixPermissions: 0o755],
                    ofItemAtPath: root.appendingPathComponent(path).path
                )
            }
        }
        try? FileManager.default.removeItem(at: root)
    }

    static func date(_ text: String) -> Date {
        (try? Date(text, strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0)
    }

    /// Writes `lines` as NDJSON in `members` gzip members to `path`.
    @discardableResult
    func writeNDJSON(_ path: String, lines: [String], members: Int = 1) throws -> ArchiveFileRecord {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var data = Data()
        let size = max(1, (lines.count + members - 1) / max(members, 1))
        var start = 0
        while start < lines.count {
            let chunk = lines[start..<min(start + size, lines.count)]
            data.append(try ArchiveFiles.gzipMember(Data((chunk.joined(separator: "\n") + "\n").utf8)))
            start += size
        }
        try data.write(to: url)
        return ArchiveFileRecord(
            path: path,
            records: lines.count,
            firstTimestamp: Self.date("2026-11-01T09:00:00Z"),
            lastTimestamp: Self.date("2026-11-01T10:00:00Z")
        )
    }

    func run(_ id: Int64, redaction: JobSpec.Redaction = JobSpec.Redaction()) -> ArchiveRunInfo {
        ArchiveRunInfo(
            jobName: "demo",
            jobSHA256: String(repeating: "a", count: 64),
            toolVersion: "0.1.0",
            runID: id,
            source: "interval 2026-11-01T00:00:00Z..2026-11-02T00:00:00Z",
            windowStart: Self.date("2026-11-01T00:00:00Z"),
            windowEnd: Self.date("2026-11-02T00:00:00Z"),
            redaction: redaction,
            redactionCounts: RedactionCounts(cards: 1, emails: 2),
            startedAt: Self.date("2026-11-03T00:00:00Z"),
            finishedAt: Self.date("2026-11-03T00:01:00Z")
        )
    }

    /// Two runs: run 1 with two files (one multi-member) and one media file, run 2 with one file.
    func writeTwoRuns() throws {
        let a = try writeNDJSON(
            "conversations/dt=2026-11-01/part-000001-0001.ndjson.gz",
            lines: [#"{"id":"c1"}"#, #"{"id":"c2"}"#, #"{"id":"c3"}"#]
        )
        let b = try writeNDJSON(
            "messages/dt=2026-11-01/part-000001-0001.ndjson.gz",
            lines: (1...50).map { #"{"id":"m\#($0)","text":"hello \#($0)"}"# },
            members: 4
        )
        let media = try ArchiveMedia.store(
            bytes: Data("PNG bytes".utf8),
            expectedSHA256: nil,
            root: root,
            sourceID: "att-1"
        )
        _ = try ArchiveManifest.write(ndjsonRoot: root, run: run(1), files: [a, b], media: [media])
        let c = try writeNDJSON("messages/dt=2026-11-02/part-000002-0001.ndjson.gz", lines: [#"{"id":"m99"}"#])
        _ = try ArchiveManifest.write(ndjsonRoot: root, run: run(2), files: [c], media: [])
    }

    /// Replaces a read-only file's bytes.
    func overwrite(_ path: String, with data: Data) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        try data.write(to: url)
    }

    func contents(_ path: String) throws -> Data { try Data(contentsOf: root.appendingPathComponent(path)) }
}
