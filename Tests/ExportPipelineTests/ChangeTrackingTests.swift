import ExportPipeline
import Foundation
import GRDB
import GenesysClient
import GenesysModels
import GenesysSimulator
import Testing
import TestSupport

/// Incremental runs against an org that changes between them, through the simulator's write endpoints.
@Suite(.timeLimit(.minutes(5)))
struct ChangeTrackingTests {
    let configuration: SimulatorConfiguration
    let clock: ManualSimulatorClock

    init() {
        let clock = ManualSimulatorClock(start: SimulatorConfiguration.defaultEnd.addingTimeInterval(3_600))
        var configuration = SimulatorConfiguration(conversations: 0, rateLimitPerMinute: 0)
        configuration.clock = clock.simulatorClock
        self.configuration = configuration
        self.clock = clock
    }

    /// Open at run 1 and started long before the lookback; ended without a wrap-up; ended with one (unchanged).
    func scripts() -> [ScriptedConversation] {
        let end = configuration.end
        return [
            ScriptedConversation(
                start: configuration.start.addingTimeInterval(3_600),
                participants: [.init(purpose: "customer"), .init(purpose: "agent")],
                messages: 3,
                isOpen: true
            ),
            ScriptedConversation(start: end.addingTimeInterval(-7_200), participants: [.init(purpose: "customer"), .init(purpose: "agent")], messages: 4),
            ScriptedConversation(
                start: end.addingTimeInterval(-10_800),
                participants: [.init(purpose: "customer"), .init(purpose: "agent", wrapupCode: 2)],
                messages: 2
            ),
        ]
    }

    @Test func aSecondRunExportsExactlyWhatChangedAndAThirdWritesNothing() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        try await withSimulator(configuration) { sim in
            var scripted: [SimConversation] = []
            for script in scripts() { scripted.append(await sim.store.add(script)) }
            let (open, late, unchanged) = (scripted[0], scripted[1], scripted[2])
            try await withClient(sim) { client in
                var job = simulatorJob(folder.url, source: .since(start: configuration.start, lookback: .seconds(6 * 3_600), settleDelay: .seconds(0)))
                job.fetch.cachedMedia = false
                let first = try await runner(job, client, now: configuration.end).run()
                #expect(first.conversations == 3)
                #expect(try await openConversations(job) == [open.id])

                // Between the runs, through the API: two messages on the open conversation, then its disconnect; a
                // wrap-up on the conversation that had ended; a new conversation with one message.
                let agent = open.participants[1]
                for text in ["late one", "late two"] {
                    _ = try await client.send(.sendMessage(AdditionalMessage(textBody: text), conversationID: open.id, communicationID: agent.communicationID)).value
                }
                _ = try await client.send(.updateMessageConversation(id: open.id, with: Conversation(state: .init(rawValue: "disconnected")))).value
                let code = sim.store.org.wrapupCodes[1]
                try await client.send(.applyWrapup(
                    WrapupInput(code: code.id, notes: "after-call work"),
                    conversationID: late.id,
                    participantID: late.participants[1].id,
                    communicationID: late.participants[1].communicationID
                ))
                let created = try await client.send(.createOutboundConversation(
                    CreateOutboundMessagingConversationRequest(
                        queueID: sim.store.org.queueIDs[0],
                        toAddress: "+14155550123",
                        toAddressMessengerType: .init(rawValue: "sms")
                    )
                )).value
                let newID = try #require(created.id)
                let newAgent = try #require(await sim.store.conversation(newID)?.participants[1])
                _ = try await client.send(.sendMessage(AdditionalMessage(textBody: "hello"), conversationID: newID, communicationID: newAgent.communicationID)).value

                let before = await sim.stats()
                let second = try await runner(job, client, now: clock.now.addingTimeInterval(3_600)).run()
                let routes = await requests(since: before, sim)
                #expect(second.conversations == 3)
                #expect(second.conversationsSkipped == 1)  // the unchanged one, listed again by the lookback
                #expect(routes == [
                    "POST /api/v2/analytics/conversations/details/query": 1,
                    "GET /api/v2/analytics/conversations/details": 1,  // the open one, outside the window
                    "GET /api/v2/conversations/messages/{conversationId}": 3,
                    "POST /api/v2/conversations/messages/{conversationId}/messages/bulk": 3,
                ])
                let root = try #require(job.output.ndjson)
                let written = try ndjsonObjectsOfRun(root, run: second.runID)
                #expect(written["conversations"]?.compactMap { $0["id"] as? String }.sorted() == [open.id, late.id, newID].sorted())
                let messages = written["messages"]?.compactMap { ($0["message"] as? [String: Any])?["conversationId"] as? String }
                #expect(messages?.sorted() == [open.id, open.id, newID].sorted())
                #expect(written["wrapups"]?.compactMap { $0["conversationId"] as? String } == [late.id])
                #expect(written["participants"]?.count == 5)  // the open one's two, the late agent, the new two
                #expect(written.keys.sorted() == ["conversations", "messages", "participants", "wrapups"])

                // SQLite holds the simulator's truth.
                let truth = try await SimulatorTruth.read(sim, ids: [open.id, late.id, unchanged.id, newID])
                #expect(try await StoredFacts.read(job) == truth)
                #expect(try await openConversations(job) == [newID])
                // The full-text index, kept per commit, agrees with its content table and finds the late messages.
                let (late, hello) = try await openDatabase(job).write { db in
                    try db.execute(sql: "INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)")
                    let match = "SELECT m.conversation_id FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid WHERE messages_fts MATCH ?"
                    return (try String.fetchAll(db, sql: match, arguments: ["late"]), try String.fetchAll(db, sql: match, arguments: ["hello"]))
                }
                #expect(late == [open.id, open.id])
                #expect(hello == [newID])

                // A third run over the unchanged org fetches only the open one and writes nothing.
                let snapshot = try await TableSnapshot.read(job)
                let third = try await runner(job, client, now: clock.now.addingTimeInterval(3_600)).run()
                #expect(third.conversations == 1)
                #expect(try ndjsonObjectsOfRun(root, run: third.runID).isEmpty)
                #expect(try await TableSnapshot.read(job) == snapshot)

                // A narrower rerun (no message bodies) keeps every message exported before.
                var narrower = job
                narrower.fetch.messageDetails = false
                let fourth = try await runner(narrower, client, now: clock.now.addingTimeInterval(3_600)).run()
                #expect(fourth.status == .complete)
                #expect(try await TableSnapshot.read(job) == snapshot)
            }
        }
    }

    func openConversations(_ job: JobSpec) async throws -> [String] {
        try await openDatabase(job).read { db in
            try String.fetchAll(db, sql: "SELECT conversation_id FROM conversation_state WHERE open = 1 ORDER BY 1")
        }
    }

    func requests(since before: SimulatorStats, _ sim: RunningSimulator) async -> [String: Int] {
        let after = await sim.stats()
        var counts: [String: Int] = [:]
        for (route, stats) in after.routes where route.contains("/api/v2/") && !route.contains("oauth") {
            let delta = stats.requests - before.count(route)
            if delta > 0 { counts[route] = delta }
        }
        return counts
    }
}

/// The NDJSON objects of one run's part files, by entity.
func ndjsonObjectsOfRun(_ root: URL, run: Int64) throws -> [String: [[String: Any]]] {
    let marker = "/part-" + String(format: "%06lld", run) + "-"
    var result: [String: [[String: Any]]] = [:]
    for path in ArchiveFiles.relativeFiles(under: root) where path.contains(marker) && path.hasSuffix(".ndjson.gz") {
        let data = try shell(["gzip", "-dc", root.appendingPathComponent(path).path])
        let entity = String(path.split(separator: "/")[0])
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            result[entity, default: []].append((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]) ?? [:])
        }
    }
    return result
}
