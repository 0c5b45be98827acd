import Foundation
import GRDB
import Testing

@testable import ExportPipeline

/// `messages_fts`, kept per commit: every message row indexed exactly once with its latest text, whether a commit
/// inserted the row, updated it, or wrote it twice.
struct FullTextIndexTests {
    private struct IndexState: Equatable {
        var messages: Int
        var indexed: Int
        var matches: [String: [String]]
    }

    /// Runs FTS5's own consistency check (it throws on any mismatch with `messages`), then counts and searches.
    private func indexState(_ job: JobSpec, words: [String]) throws -> IndexState {
        try DatabaseQueue(path: job.output.sqlite.path).write { db in
            try db.execute(sql: "INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)")
            var matches: [String: [String]] = [:]
            for word in words {
                matches[word] = try String.fetchAll(
                    db,
                    sql: """
                        SELECT m.id FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid
                        WHERE messages_fts MATCH ? ORDER BY m.id
                        """,
                    arguments: [word]
                )
            }
            return IndexState(
                messages: try Int.fetchOne(db, sql: "SELECT count(*) FROM messages") ?? -1,
                indexed: try Int.fetchOne(db, sql: "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'hello'")
                    ?? -1,
                matches: matches
            )
        }
    }

    @Test func aMessageListedByTwoConversationsOfOneCommitIsIndexedOnce() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        var org = FakeSource.org(count: 3, messages: 2)
        // The API lists conv-0's first message under conv-2 as well, with other text; whichever conversation the
        // commit writes last gives the row its text, and the index must hold that one entry, not both.
        var shared = org[0].messages[0]
        shared.text = "hello shared copy"
        org[2].messages.append(shared)
        let job = makeJob(folder.url, source: .conversationIDs(org.map(\.id)))
        let summary = try await runner(job, FakeSource(org)).run()
        #expect(summary.status == .complete)
        #expect(summary.messages == 7)  // written 7 times (one commit holds all three), stored as 6 rows
        let state = try indexState(job, words: ["shared", "quoted"])
        #expect(state.messages == 6)
        #expect(state.indexed == 6)
        let (shares, quotes) = (state.matches["shared", default: []], state.matches["quoted", default: []])
        #expect(shares.count + quotes.count == 6)
        #expect(Set(shares + quotes) == ["conv-0-m0", "conv-0-m1", "conv-1-m0", "conv-1-m1", "conv-2-m0", "conv-2-m1"])
    }

    @Test func editedMessagesAreFoundByTheirNewTextOnlyAndNewOnesAreAdded() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let org = FakeSource.org(count: 2, messages: 3)
        let job = makeJob(folder.url, source: .conversationIDs(org.map(\.id)))
        #expect(try await runner(job, FakeSource(org)).run().status == .complete)

        var changed = org
        changed[0].end = changed[0].end?.addingTimeInterval(60)
        changed[0].messages[1].text = "hello rewritten"
        var added = changed[0].messages[2]
        added.id = "conv-0-m9"
        added.text = "hello appended later"
        changed[0].messages.append(added)
        let second = try await runner(job, FakeSource(changed)).run()
        #expect(second.status == .complete)
        #expect(second.conversations == 1)
        let state = try indexState(job, words: ["rewritten", "appended", "quoted"])
        #expect(state.messages == 7)
        #expect(state.indexed == 7)
        #expect(state.matches["rewritten"] == ["conv-0-m1"])
        #expect(state.matches["appended"] == ["conv-0-m9"])
        #expect(state.matches["quoted"] == ["conv-0-m0", "conv-0-m2", "conv-1-m0", "conv-1-m1", "conv-1-m2"])
    }
}
