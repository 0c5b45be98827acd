@testable import ExportPipeline
import Foundation
import GRDB
import GenesysModels
import Synchronization
import Testing

struct ExportRunnerTests {
    @Test func exportsEveryMessageOnceInSQLiteAndNDJSONWithTheAPIsText() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let org = FakeSource.org(count: 12, messages: 7)
        let source = FakeSource(org)
        let job = makeJob(folder.url, source: .conversationIDs(org.map(\.id)))
        let summary = try await runner(job, source).run()

        #expect(summary.status == .complete)
        #expect(summary.conversations == 12)
        #expect(summary.messages == 84)
        let db = try openDatabase(job)
        let rows = try await db.read { db in
            try Row.fetchAll(db, sql: "SELECT id, text, participant_id, source, raw_json FROM messages")
                .map { ($0["id"] as String, $0["text"] as String?, $0["participant_id"] as String?, $0["source"] as String) }
        }
        #expect(rows.count == 84)
        let expected = Dictionary(uniqueKeysWithValues: org.flatMap(\.messages).map { ($0.id, $0.text) })
        for (id, text, participant, source) in rows {
            #expect(text == expected[id])
            let index = Int(id.split(separator: "m").last ?? "") ?? -1
            #expect(participant?.hasSuffix(index % 2 == 0 ? "-p-customer" : "-p-agent") == true)
            #expect(source == "bulk")
        }
        let root = try #require(job.output.ndjson)
        let lines = try ndjsonObjects(root, entity: "messages")
        #expect(lines.count == 84)
        let ids = lines.compactMap { ($0["message"] as? [String: Any])?["id"] as? String }
        #expect(Set(ids).count == 84)
        #expect(Set(ids) == Set(expected.keys))
        for line in lines {
            let message = try #require(line["message"] as? [String: Any])
            let normalized = try #require(message["normalizedMessage"] as? [String: Any])
            #expect(normalized["text"] as? String == expected[message["id"] as? String ?? ""])
            #expect(message["unknownTopLevel"] as? Int == 42)  // unknown fields kept
            #expect(line["conversationId"] as? String == message["conversationId"] as? String)
        }
        #expect(try ndjsonLines(root, entity: "conversations").count == 12)
        #expect(try ndjsonLines(root, entity: "participants").count == 24)
        #expect(try ndjsonLines(root, entity: "cached_media").count == 3)
        let counts = try await db.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conversations") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM participants") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cached_media") ?? 0,
                try String.fetchOne(db, sql: "SELECT status FROM runs") ?? ""
            )
        }
        #expect(counts.0 == 12)
        #expect(counts.1 == 24)
        #expect(counts.2 == 3)
        #expect(counts.3 == "complete")
    }

    @Test func fetchesDetailsOnlyForIDsBulkDidNotReturn() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let org = FakeSource.org(count: 2, messages: 5)
        let source = FakeSource(org)
        source.state.withLock { $0.bulkOmits = ["conv-0-m1", "conv-1-m4"] }
        let job = makeJob(folder.url, source: .conversationIDs(org.map(\.id)))
        let summary = try await runner(job, source).run()
        #expect(summary.messages == 10)
        #expect(source.calls("18") == 2)
        #expect(source.calls("20") == 2)
        let details = try await openDatabase(job).read { db in
            try String.fetchAll(db, sql: "SELECT id FROM messages WHERE source = 'details' ORDER BY id")
        }
        #expect(details == ["conv-0-m1", "conv-1-m4"])
    }

    @Test func wrapupsComeFromTheConversationAndAnalyticsWithCodeNamesFetchedOnce() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        var org = FakeSource.org(count: 8, messages: 2)
        org[1].wrapupOnlyFromEndpoint30 = true  // analytics says wrapped up, but neither 12 nor analytics has the code
        let source = FakeSource(org)
        var fetch = JobSpec.Fetch()
        fetch.concurrency = 1
        let job = makeJob(folder.url, source: .conversationIDs(org.map(\.id)), fetch: fetch)
        _ = try await runner(job, source).run()
        let rows = try await openDatabase(job).read { db in
            try Row.fetchAll(db, sql: "SELECT conversation_id, communication_id, code, name, notes, duration_seconds FROM wrapups ORDER BY conversation_id")
                .map { ($0["conversation_id"] as String, $0["communication_id"] as String, $0["code"] as String?, $0["name"] as String?, $0["notes"] as String?, $0["duration_seconds"] as Int?) }
        }
        // Conversations 3 and 7 have no wrap-up; 0 and 6 have no analytics session → no communication id.
        #expect(rows.map(\.0) == ["conv-0", "conv-1", "conv-2", "conv-4", "conv-5", "conv-6"])
        #expect(rows.map(\.1) == ["", "conv-1-comm", "conv-2-comm", "conv-4-comm", "conv-5-comm", ""])
        #expect(rows.map(\.2) == ["code-sale", "code-support", "code-sale", "code-sale", "code-support", "code-sale"])
        #expect(rows.map(\.3) == ["Sale", "Support", "Sale", "Sale", "Support", "Sale"])
        #expect(rows.map(\.4) == org.filter { $0.wrapupCode != nil }.map { "n-\($0.id)" })
        #expect(rows.map(\.5) == [30, 30, 30, 30, 30, 30])
        #expect(source.calls("42") == 0)
        #expect(source.calls("32") == 0)
        #expect(source.calls("30") == 1)  // conv-1 only: the fallback
        #expect(source.calls("33") == 1)  // the first unknown code; its list names the other code too
        #expect(source.calls("40") == 1)  // 8 ids in one multi-get
        let codes = try await openDatabase(job).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM wrapup_codes") }
        #expect(codes == 2)
        let lines = try ndjsonObjects(try #require(job.output.ndjson), entity: "wrapups")
        #expect(lines.count == 6)
        #expect(lines.allSatisfy { $0["wrapup"] is [String: Any] && $0["participantId"] is String })
    }

    @Test func concurrentLookupsOfOneUnknownCodeLoadTheCodeListOnce() async throws {
        let cache = WrapupCodeCache()
        let loads = LoadCounter()
        let names = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    try await cache.resolve("code-x") {
                        await loads.increment()
                        try await Task.sleep(for: .milliseconds(20))
                        let json = Data(#"{"id":"code-x","name":"X"}"#.utf8)
                        return [Raw(value: WrapupCode(id: "code-x", name: "X"), json: json)]
                    }.name
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(await loads.count == 1)
        #expect(names == Array(repeating: "X", count: 16))
    }

    @Test func storesMalformedObjectsAsRejectsAndFinishesWithRejects() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let org = FakeSource.org(count: 4, messages: 3)
        let source = FakeSource(org)
        source.state.withLock {
            $0.malformedConversations = ["conv-1"]
            $0.malformedMessages = ["conv-2-m0"]
        }
        let job = makeJob(folder.url, source: .conversationIDs(org.map(\.id) + ["missing-conv"]))
        let summary = try await runner(job, source).run()
        #expect(summary.status == .completeWithRejects)
        #expect(summary.messages == 3 + 2 + 3)
        let rejects = try await openDatabase(job).read { db in
            try Row.fetchAll(db, sql: "SELECT conversation_id, entity, endpoint, reason, raw_payload FROM rejects ORDER BY id")
                .map { ($0["conversation_id"] as String?, $0["entity"] as String, $0["endpoint"] as String, $0["raw_payload"] as String?) }
        }
        #expect(rejects.count == 3)
        #expect(rejects.contains { $0.0 == "conv-1" && $0.1 == "conversation" && $0.3?.hasPrefix("{\"id\"") == true })
        #expect(rejects.contains { $0.0 == "conv-2" && $0.1 == "message" && $0.2.contains("messages/bulk") && $0.3?.contains("conv-2-m0") == true })
        #expect(rejects.contains { $0.0 == "missing-conv" && $0.1 == "conversation" })
        // The rest was exported.
        let conversations = try await openDatabase(job).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conversations") }
        #expect(conversations == 3)
    }

    @Test func rerunUpdatesRowsWithoutDuplicatingThem() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let org = FakeSource.org(count: 5, messages: 4)
        let job = makeJob(folder.url, source: .conversationIDs(org.map(\.id)), ndjson: false)
        _ = try await runner(job, FakeSource(org)).run()
        let second = try await runner(job, FakeSource(org)).run()
        #expect(second.status == .complete)
        #expect(second.resumed == false)
        #expect(second.cachedMedia == 0)  // unchanged cached media get no second line
        let counts = try await openDatabase(job).read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM participants") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM wrapups") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs") ?? 0
            )
        }
        #expect(counts.0 == 20)
        #expect(counts.1 == 10)
        #expect(counts.2 == org.filter { $0.wrapupCode != nil }.count)
        #expect(counts.3 == 2)
    }

    @Test func refusesASecondConcurrentRunOfTheSameJob() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("job.sqlite.lock").path
        let first = try RunLock(path: path, jobName: "nightly")
        #expect(throws: ExportError.self) { _ = try RunLock(path: path, jobName: "nightly") }
        first.release()
        let again = try RunLock(path: path, jobName: "nightly")
        again.release()
    }
}

struct ExportRunnerFailureTests {
    @Test func anIOErrorFailsTheRunClearlyAndTheRerunLosesNothing() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let org = FakeSource.org(count: 6, messages: 3)
        let job = makeJob(folder.url, source: .conversationIDs(org.map(\.id)))
        let root = try #require(job.output.ndjson)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let blocker = root.appendingPathComponent("messages")
        try Data("not a folder".utf8).write(to: blocker)  // the messages partition folder cannot be created

        let failed = try await runner(job, FakeSource(org)).run()
        #expect(failed.status == .failed)
        #expect(failed.error?.contains(blocker.path) == true)
        let committed = try await openDatabase(job).read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages") ?? -1,
                try String.fetchOne(db, sql: "SELECT status FROM runs") ?? ""
            )
        }
        #expect(committed.0 == 0)
        #expect(committed.1 == "failed")

        try FileManager.default.removeItem(at: blocker)
        let resumed = try await runner(job, FakeSource(org)).run()
        #expect(resumed.resumed)
        #expect(resumed.runID == failed.runID)
        #expect(resumed.status == .complete)
        let messages = try ndjsonObjects(root, entity: "messages").compactMap { ($0["message"] as? [String: Any])?["id"] as? String }
        #expect(messages.count == 18)
        #expect(Set(messages).count == 18)
        #expect(try ndjsonLines(root, entity: "conversations").count == 6)
        #expect(try ndjsonLines(root, entity: "cached_media").count == 3)
        let stored = try await openDatabase(job).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages") }
        #expect(stored == 18)
    }
}

struct ExportRunnerSourcesTests {
    @Test func restartDiscardsTheInterruptedRunAndItsFilesAndExportsEverythingOnce() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let org = FakeSource.org(count: 10, messages: 4)
        let job = makeJob(folder.url, source: .conversationIDs(org.map(\.id)))
        let interruptedSource = FakeSource(org)
        interruptedSource.state.withLock { $0.cancelAfterConversations = 6 }
        let first = try await runner(job, interruptedSource, maxRows: 10).run()
        #expect(first.status == .interrupted)
        #expect(first.conversations > 0)

        let second = try await runner(job, FakeSource(org)).run(restart: true)
        #expect(!second.resumed)
        #expect(second.runID != first.runID)
        #expect(second.status == .complete)
        #expect(second.conversations == 10)
        let root = try #require(job.output.ndjson)
        let ids = try ndjsonObjects(root, entity: "messages").compactMap { ($0["message"] as? [String: Any])?["id"] as? String }
        #expect(ids.count == 40)
        #expect(Set(ids).count == 40)
        #expect(try ndjsonLines(root, entity: "cached_media").count == 3)
        let runs = try await openDatabase(job).read { db in
            try Row.fetchAll(db, sql: "SELECT status, error FROM runs ORDER BY id").map { ($0["status"] as String, $0["error"] as String?) }
        }
        #expect(runs.count == 2)
        #expect(runs.first?.0 == "failed")
        #expect(runs.first?.1 == "discarded by --restart")
    }

    @Test func activeSnapshotExportsTheActiveConversations() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        var org = FakeSource.org(count: 6, messages: 2)
        org[1].end = nil
        org[4].end = nil
        let source = FakeSource(org)
        let job = makeJob(folder.url, source: .active, ndjson: false)
        let summary = try await runner(job, source).run()
        #expect(summary.conversations == 2)
        #expect(source.calls("1") == 1)
        let rows = try await openDatabase(job).read { db in
            try Row.fetchAll(db, sql: "SELECT id, end_time FROM conversations ORDER BY id").map { ($0["id"] as String, $0["end_time"] as String?) }
        }
        #expect(rows.map(\.0) == ["conv-1", "conv-4"])
        #expect(rows.allSatisfy { $0.1 == nil })
    }
}

struct ExportRunnerCompletionTests {
    @Test func aKillBeforeTheFinalStatusResumesIntoTheSameCompletionWithoutDuplicates() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let org = FakeSource.org(count: 5, messages: 3)
        let job = makeJob(folder.url, source: .conversationIDs(org.map(\.id)))
        let first = try await runner(job, FakeSource(org), writesManifest: true).run()
        #expect(first.status == .complete)
        // As if killed after the manifest (files now read-only) but before the final status commit.
        try await openDatabase(job).write { db in
            try db.execute(sql: "UPDATE runs SET status = 'running', finished_at = NULL WHERE id = ?", arguments: [first.runID])
        }
        let source = FakeSource(org)
        let second = try await runner(job, source, writesManifest: true).run()
        #expect(second.resumed)
        #expect(second.runID == first.runID)
        #expect(second.status == .complete)
        #expect(second.conversations == 0)
        #expect(source.calls("12") == 0)
        let root = try #require(job.output.ndjson)
        #expect(try ndjsonLines(root, entity: "messages").count == 15)
        #expect(try ndjsonLines(root, entity: "cached_media").count == 3)
    }
}

struct ExportRunnerEnumerationInterruptTests {
    @Test func anInterruptionWhileEnumeratingResumesTheSameRunAndWindow() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let org = FakeSource.org(count: 8, messages: 2)
        let start = Date(timeIntervalSince1970: 1_793_491_200)
        let job = makeJob(folder.url, source: .interval(start: start, end: start.addingTimeInterval(86_400)), ndjson: false)
        let source = FakeSource(org)
        source.state.withLock { $0.cancelNextAnalyticsQuery = true }
        let first = try await runner(job, source).run()
        #expect(first.status == .interrupted)
        #expect(first.runID > 0)
        let status = try await openDatabase(job).read { db in try String.fetchOne(db, sql: "SELECT status FROM runs") }
        #expect(status == "interrupted")

        let second = try await runner(job, source).run()
        #expect(second.resumed)
        #expect(second.runID == first.runID)
        #expect(second.status == .complete)
        #expect(second.conversations == 8)
    }
}

private actor LoadCounter {
    var count = 0
    func increment() { count += 1 }
}
