import ExportPipeline
import Foundation
import Testing

struct NDJSONStoreTests {
    private func record(_ n: Int, entity: String = "messages", day: String = "2026-11-01") -> NDJSONRecord {
        NDJSONRecord(entity: entity, day: day, line: Data("{\"n\":\(n)}".utf8), timestamp: Date(timeIntervalSince1970: Double(n)), key: "\(n)")
    }

    private func lines(_ url: URL) throws -> [String] {
        String(decoding: try shell(["gzip", "-dc", url.path]), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func writesOneGzipMemberPerFlushAndNamesFilesByEntityDayRunAndSequence() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let store = try NDJSONStore(root: folder.url, runID: 7, gzipLevel: 6, committed: [])
        store.append(record(1))
        store.append(record(2))
        let first = try store.flush()
        store.append(record(3))
        let second = try store.flush()
        #expect(try store.flush().isEmpty)
        let path = "messages/dt=2026-11-01/part-000007-0001.ndjson.gz"
        #expect(first.map(\.path) == [path])
        #expect(second.first?.records == 3)
        #expect((second.first?.length ?? 0) > (first.first?.length ?? 0))
        #expect(second.first?.firstTimestamp == Date(timeIntervalSince1970: 1))
        #expect(second.first?.lastTimestamp == Date(timeIntervalSince1970: 3))
        #expect(try lines(folder.url.appendingPathComponent(path)) == ["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"])
        let parsed = NDJSONFileCheckpoint(key: second[0].key, value: second[0].value)
        #expect(parsed == second[0])
    }

    @Test func reopeningTruncatesToTheCommittedLengthAndRemovesUncommittedFilesOfTheRun() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let store = try NDJSONStore(root: folder.url, runID: 3, gzipLevel: 1, committed: [])
        store.append(record(1))
        let committed = try store.flush()
        store.append(record(2))  // flushed but "never committed" to SQLite
        store.append(record(9, entity: "wrapups"))
        _ = try store.flush()
        let otherRun = folder.url.appendingPathComponent("messages/dt=2026-11-01/part-000002-0001.ndjson.gz")
        try Data("other run".utf8).write(to: otherRun)

        let reopened = try NDJSONStore(root: folder.url, runID: 3, gzipLevel: 1, committed: committed)
        let path = folder.url.appendingPathComponent(committed[0].path)
        #expect(try lines(path) == ["{\"n\":1}"])
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("wrapups/dt=2026-11-01/part-000003-0001.ndjson.gz").path))
        #expect(try Data(contentsOf: otherRun) == Data("other run".utf8))
        reopened.append(record(4))
        _ = try reopened.flush()
        #expect(try lines(path) == ["{\"n\":1}", "{\"n\":4}"])
    }

    @Test func resumingFailsClearlyWhenACommittedFileIsShorterThanRecorded() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let checkpoint = NDJSONFileCheckpoint(
            path: "messages/dt=2026-11-01/part-000001-0001.ndjson.gz",
            length: 500,
            records: 3,
            firstTimestamp: nil,
            lastTimestamp: nil
        )
        #expect(throws: ExportError.self) {
            _ = try NDJSONStore(root: folder.url, runID: 1, gzipLevel: 6, committed: [checkpoint])
        }
    }
}
