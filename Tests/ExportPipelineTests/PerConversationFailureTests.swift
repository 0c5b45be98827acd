@testable import ExportPipeline
import Foundation
import GRDB
import Synchronization
import Testing

/// One poisoned conversation is a reject and the run goes on; an outage stops the run, resumably.
struct PerConversationFailureTests {
    @Test func aRefusedBulkCallAndAPersistent5xxAreRejectsAndTheRerunReplacesThem() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let org = FakeSource.org(count: 10, messages: 3)
        let source = FakeSource(org)
        source.state.withLock {
            $0.refusedBulk = ["conv-2"]
            $0.unavailableConversations = ["conv-5"]
        }
        let job = makeJob(folder.url, source: .interval(start: org[0].start, end: org[9].start.addingTimeInterval(60)))
        let first = try await runner(job, source).run()
        #expect(first.status == .completeWithRejects)
        #expect(first.conversations == 9)  // conv-5 is not done: the next run fetches it again
        #expect(try await rejects(job) == [
            Reject(conversation: "conv-2", entity: "conversation", endpoint: "POST /api/v2/conversations/messages/{conversationId}/messages/bulk", run: first.runID),
            Reject(conversation: "conv-5", entity: "conversation", endpoint: "GET /api/v2/conversations/messages/{conversationId}", run: first.runID),
        ])
        // Nothing of a rejected conversation is half-exported.
        let partial = try await openDatabase(job).read { db in
            try String.fetchAll(db, sql: "SELECT id FROM conversations WHERE id IN ('conv-2', 'conv-5')")
        }
        #expect(partial == [])

        // The API heals; a rerun over a later window fetches exactly the two again and replaces their rejects.
        source.state.withLock {
            $0.refusedBulk = []
            $0.unavailableConversations = []
        }
        let before = source.calls("12")
        let later = makeJob(folder.url, source: .interval(start: org[9].start.addingTimeInterval(120), end: org[9].start.addingTimeInterval(180)))
        let second = try await runner(later, source).run()
        #expect(second.status == .complete)
        #expect(source.calls("12") - before == 2)
        #expect(try await rejects(job) == [])
        let messages = try await openDatabase(job).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages WHERE conversation_id IN ('conv-2', 'conv-5')")
        }
        #expect(messages == 6)
    }

    @Test func mostCallsFailingAcrossConversationsIsAnOutageThatStopsTheRunResumably() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let org = FakeSource.org(count: 30, messages: 2)
        let source = FakeSource(org)
        source.state.withLock { $0.unavailableConversations = Set(org.map(\.id)) }
        var fetch = JobSpec.Fetch()
        fetch.concurrency = 1
        let job = makeJob(folder.url, source: .conversationIDs(org.map(\.id)), fetch: fetch)
        let first = try await runner(job, source).run()
        #expect(first.status == .failed)
        #expect(first.error?.contains("the API looks down") == true)
        #expect(first.error?.contains("GET /api/v2/conversations/messages/{conversationId} (HTTP 503)") == true)
        // It stopped at the 11th failure: the first ten are rejects, nothing else was tried.
        #expect(source.calls("12") == OutageMonitor.failures)

        // The API is back: the same run resumes, the conversations that failed during the outage included.
        source.state.withLock { $0.unavailableConversations = [] }
        let second = try await runner(job, source).run()
        #expect(second.status == .complete)
        #expect(second.runID == first.runID)
        #expect(second.conversations == 30)
        let all = try await openDatabase(job).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conversations") }
        #expect(all == 30)
        #expect(try await rejects(job) == [])
    }

    struct Reject: Equatable {
        var conversation: String?
        var entity: String
        var endpoint: String
        var run: Int64
    }

    func rejects(_ job: JobSpec) async throws -> [Reject] {
        try await openDatabase(job).read { db in
            try Row.fetchAll(db, sql: "SELECT conversation_id, entity, endpoint, run_id FROM rejects ORDER BY conversation_id")
                .map { Reject(conversation: $0["conversation_id"], entity: $0["entity"], endpoint: $0["endpoint"], run: $0["run_id"]) }
        }
    }
}
