import ExportPipeline
import Foundation
import GRDB
import Synchronization
import Testing

/// `run --restart` commits the discard first and removes the discarded files afterwards; a kill in between must
/// leave nothing that a glob over the archive counts twice.
struct RestartDurabilityTests {
    @Test func aKillBetweenTheDiscardAndTheFileRemovalLeavesNoOrphanAndLosesNothing() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let org = FakeSource.org(count: 10, messages: 4)
        let job = makeJob(folder.url, source: .conversationIDs(org.map(\.id)))
        let interrupted = FakeSource(org)
        interrupted.state.withLock { $0.cancelAfterConversations = 6 }
        let first = try await runner(job, interrupted, maxRows: 10).run()
        #expect(first.status == .interrupted)
        let root = try #require(job.output.ndjson)
        let marker = "/part-" + String(format: "%06lld", first.runID) + "-"
        #expect(ArchiveFiles.relativeFiles(under: root).contains { $0.contains(marker) })

        // The state a kill leaves right after the discard committed: the run marked discarded, its work list, file
        // checkpoints and per-run keys gone, its conversations due for a rewrite, its files still on disk.
        try await openDatabase(job).write { db in
            try db.execute(
                sql: "UPDATE runs SET status = 'failed', error = 'discarded by --restart' WHERE id = ?",
                arguments: [first.runID]
            )
            try db.execute(sql: "DELETE FROM run_work WHERE run_id = ?", arguments: [first.runID])
            try db.execute(sql: "DELETE FROM checkpoints WHERE key LIKE ?", arguments: ["%" + marker + "%"])
            try db.execute(sql: "DELETE FROM checkpoints WHERE key LIKE ?", arguments: ["run:\(first.runID):%"])
            try db.execute(
                sql: "INSERT INTO checkpoints (job_name, key, value, updated_at) VALUES (?, 'cached_media:rewrite', '1', '')",
                arguments: [job.name]
            )
            try db.execute(
                sql: "UPDATE conversation_state SET rewrite = 1, analytics_json = NULL WHERE run_id = ?",
                arguments: [first.runID]
            )
        }

        let second = try await runner(job, FakeSource(org)).run()
        #expect(second.status == .complete)
        #expect(second.runID != first.runID)
        #expect(!ArchiveFiles.relativeFiles(under: root).contains { $0.contains(marker) })
        let ids = try ndjsonObjects(root, entity: "messages").compactMap { ($0["message"] as? [String: Any])?["id"] as? String }
        #expect(ids.count == 40)
        #expect(Set(ids).count == 40)
        #expect(try ndjsonLines(root, entity: "conversations").count == 10)
        #expect(try ndjsonLines(root, entity: "cached_media").count == 3)

        // A further run writes nothing again.
        let third = try await runner(job, FakeSource(org)).run()
        #expect(third.status == .complete)
        #expect(try ndjsonLines(root, entity: "messages").count == 40)
        #expect(try ndjsonLines(root, entity: "cached_media").count == 3)
    }
}
