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
        try store.append(record(1))
        try store.append(record(2))
        let first = try store.flush()
        try store.append(record(3))
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
        try store.append(record(1))
        let committed = try store.flush()
        try store.append(record(2))  // flushed but "never committed" to SQLite
        try store.append(record(9, entity: "wrapups"))
        _ = try store.flush()
        let otherRun = folder.url.appendingPathComponent("messages/dt=2026-11-01/part-000002-0001.ndjson.gz")
        try Data("other run".utf8).write(to: otherRun)

        let reopened = try NDJSONStore(root: folder.url, runID: 3, gzipLevel: 1, committed: committed)
        let path = folder.url.appendingPathComponent(committed[0].path)
        #expect(try lines(path) == ["{\"n\":1}"])
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("wrapups/dt=2026-11-01/part-000003-0001.ndjson.gz").path))
        #expect(try Data(contentsOf: otherRun) == Data("other run".utf8))
        try reopened.append(record(4))
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

    @Test func buffersPastTheSpillSizeBecomeMembersAheadOfTheCommitWithEveryLineInOrder() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let store = try NDJSONStore(root: folder.url, runID: 5, gzipLevel: 6, committed: [], spillBytes: 64)
        for n in 1...200 { try store.append(record(n)) }
        let committed = try store.flush()
        let url = folder.url.appendingPathComponent("messages/dt=2026-11-01/part-000005-0001.ndjson.gz")
        #expect(try lines(url) == (1...200).map { "{\"n\":\($0)}" })
        #expect(committed.first?.records == 200)
        #expect(committed.first?.firstTimestamp == Date(timeIntervalSince1970: 1))
        #expect(committed.first?.lastTimestamp == Date(timeIntervalSince1970: 200))
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int
        #expect(committed.first?.length == size.map(Int64.init))
        // Lines of ~8 bytes with a 64-byte spill size: about one member per 8 lines, each starting 1f 8b.
        let bytes = [UInt8](try Data(contentsOf: url))
        let members = (0..<bytes.count - 2).filter { bytes[$0] == 0x1F && bytes[$0 + 1] == 0x8B && bytes[$0 + 2] == 0x08 }
        #expect(members.count >= 20)
    }

    @Test func spilledMembersOfACommitThatNeverHappenedAreTruncatedOnResume() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let store = try NDJSONStore(root: folder.url, runID: 4, gzipLevel: 6, committed: [], spillBytes: 64)
        try store.append(record(1))
        let committed = try store.flush()
        // Eight 8-byte lines fill the 64-byte buffer: one spill, then the run is "killed" before the commit.
        for n in 2...9 { try store.append(record(n)) }
        let url = folder.url.appendingPathComponent(committed[0].path)
        let deadline = Date().addingTimeInterval(10)
        while try fileSize(url) <= committed[0].length, Date() < deadline { usleep(1_000) }
        #expect(try fileSize(url) > committed[0].length)

        let reopened = try NDJSONStore(root: folder.url, runID: 4, gzipLevel: 6, committed: committed, spillBytes: 64)
        #expect(try fileSize(url) == committed[0].length)
        #expect(try lines(url) == ["{\"n\":1}"])
        try reopened.append(record(7))
        _ = try reopened.flush()
        #expect(try lines(url) == ["{\"n\":1}", "{\"n\":7}"])
    }

    @Test func aSpillThatCannotBeWrittenFailsTheNextAppendNamingTheFile() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let store = try NDJSONStore(root: folder.url, runID: 2, gzipLevel: 6, committed: [], spillBytes: 64)
        let path = "messages/dt=2026-11-01/part-000002-0001.ndjson.gz"
        // A folder where the part file should be: the spill's open fails.
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent(path), withIntermediateDirectories: true)
        // Lines 1...9 are 8 bytes: the 8th fills the 64-byte buffer and starts a spill, the 16th waits for it.
        do {
            for n in 1...16 { try store.append(record(n)) }
            Issue.record("every append succeeded")
        } catch let error as ExportError {
            #expect(error.kind == .io)
            #expect(error.description.contains(path))
        }
    }

    private func fileSize(_ url: URL) throws -> Int64 {
        Int64(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? -1)
    }

    @Test func aSharedLineIsBufferedByteForByte() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let raw = Data(#"{"id":"m-4","text":"x"}"#.utf8)
        let content = ExportNormalizer.line([("conversationId", "c-4")], member: "message", raw: raw, text: ExportNormalizer.text(raw))
        let store = try NDJSONStore(root: folder.url, runID: 1, gzipLevel: 6, committed: [])
        try store.append(NDJSONRecord(entity: "messages", day: "2026-11-01", content: content, timestamp: nil, key: "m-4"))
        try store.append(NDJSONRecord(entity: "messages", day: "2026-11-01", line: raw, timestamp: nil, key: "m-5"))
        let files = try store.flush()
        let path = folder.url.appendingPathComponent(try #require(files.first).path)
        #expect(try lines(path) == [#"{"conversationId":"c-4","message":{"id":"m-4","text":"x"}}"#, #"{"id":"m-4","text":"x"}"#])
    }
}
