import ExportPipeline
import Foundation
import GRDB
import GenesysClient
import GenesysModels
import GenesysSimulator
import Testing
import TestSupport

@Suite(.timeLimit(.minutes(5)))
struct SimulatorExportTests {
    @Test func intervalExportPagesAnalyticsAndStoresEveryMessageOnceWithTheAPIsText() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let configuration = SimulatorConfiguration(conversations: 60, rateLimitPerMinute: 0)
        try await withSimulator(configuration) { sim in
            try await withClient(sim) { client in
                let job = simulatorJob(folder.url, source: orgInterval(configuration), pageSize: 25)
                let summary = try await runner(job, client).run()
                #expect(summary.status == .complete)
                #expect(summary.conversations == 60)
                let stats = await sim.stats()
                let queries = stats.requests.filter { $0.path == "/api/v2/analytics/conversations/details/query" }
                #expect(queries.count >= 3)  // 60 conversations, 25 a page

                // Expected: every message of every conversation, straight from the API.
                var expected: [String: String] = [:]
                for conversation in await sim.store.allConversations() {
                    let snapshot: MessageConversation = try await client.send(.messageConversation(id: conversation.id)).value
                    let ids = (snapshot.participants ?? []).flatMap { ($0.messages ?? []).compactMap(\.messageID) }
                    let bulk = try await client.messages(ids: ids, inConversation: conversation.id) as FetchedByID
                    for message in bulk.values {
                        expected[message.value.id ?? ""] = message.value.normalizedMessage?.text ?? message.value.textBody ?? ""
                    }
                    #expect(bulk.missingIDs.isEmpty)
                }
                let contents = try ExportContents.read(job)
                #expect(contents.messages.count == expected.count)
                #expect(contents.messages == expected)
                #expect(summary.messages == expected.count)
                let lineIDs = try ndjsonObjects(try #require(job.output.ndjson), entity: "messages")
                    .compactMap { ($0["message"] as? [String: Any])?["id"] as? String }
                #expect(lineIDs.count == expected.count)
                #expect(Set(lineIDs) == Set(expected.keys))
                #expect(contents.cachedMedia == 60)
                #expect(!contents.wrapups.isEmpty)
            }
        }
    }

    @Test func fetchesALargeConversationInCeilNOver1000BulkCalls() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let configuration = SimulatorConfiguration(conversations: 20, rateLimitPerMinute: 0)
        try await withSimulator(configuration) { sim in
            let large = try #require(await sim.store.conversation(at: 13))
            try await withClient(sim) { client in
                let snapshot: MessageConversation = try await client.send(.messageConversation(id: large.id)).value
                let count = Set((snapshot.participants ?? []).flatMap { ($0.messages ?? []).compactMap(\.messageID) }).count
                #expect(count > 1000)
                let before = await sim.stats().bulkRequests
                let job = simulatorJob(folder.url, source: .conversationIDs([large.id]))
                let summary = try await runner(job, client).run()
                let after = await sim.stats().bulkRequests
                #expect(after - before == (count + 999) / 1000)
                #expect(summary.messages == count)
                let stored = try await openDatabase(job).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages") }
                #expect(stored == count)
            }
        }
    }

    @Test func injected429sServerErrorsResetsAndShortTokensGiveIdenticalResults() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let clean = SimulatorConfiguration(conversations: 30, rateLimitPerMinute: 0)
        let cleanContents = try await withSimulator(clean) { sim in
            try await withClient(sim) { client in
                let job = simulatorJob(folder.url, name: "clean", source: orgInterval(clean))
                _ = try await runner(job, client).run()
                return try ExportContents.read(job, baseURL: sim.baseURL)
            }
        }
        var faulty = clean
        faulty.faults.rate429 = 0.08
        faulty.faults.rate5xx = 0.05
        faulty.faults.rateReset = 0.03
        faulty.tokenLifetime = .seconds(1)
        try await withSimulator(faulty) { sim in
            try await withClient(sim, maxAttempts: 12, tokenRefreshMargin: .zero) { client in
                let job = simulatorJob(folder.url, name: "faulty", source: orgInterval(faulty))
                let summary = try await runner(job, client).run()
                #expect(summary.status == .complete, "\(summary.error ?? "no error")")
                let stats = await sim.stats()
                #expect(stats.injected429 + stats.injected5xx + stats.injectedResets > 0)
                #expect(summary.rateLimited > 0)
                let contents = try ExportContents.read(job, baseURL: sim.baseURL)
                #expect(contents.messages == cleanContents.messages)
                #expect(contents.messageRaw == cleanContents.messageRaw)
                #expect(contents.conversations == cleanContents.conversations)
                #expect(contents.wrapups == cleanContents.wrapups)
                #expect(contents.participants == cleanContents.participants)
                #expect(contents.attachments == cleanContents.attachments)
                #expect(contents.communicationMedia == cleanContents.communicationMedia)
                #expect(contents.cachedMedia == cleanContents.cachedMedia)
                #expect(contents.ndjsonMessageLines == cleanContents.ndjsonMessageLines)
                for (entity, lines) in cleanContents.ndjsonOtherLines {
                    #expect(contents.ndjsonOtherLines[entity] == lines, "\(entity)")
                }
            }
        }
    }

    @Test func incrementalSinceRunsFetchOnlyNewConversations() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let configuration = SimulatorConfiguration(conversations: 40, rateLimitPerMinute: 0)
        try await withSimulator(configuration) { sim in
            try await withClient(sim) { client in
                let all = await sim.store.allConversations()
                let middle = configuration.start.addingTimeInterval(configuration.end.timeIntervalSince(configuration.start) / 2)
                let job = simulatorJob(
                    folder.url,
                    source: .since(start: configuration.start, lookback: .seconds(3600), settleDelay: .seconds(300))
                )
                let first = try await runner(job, client, now: middle.addingTimeInterval(300)).run()
                let firstIDs = Set(all.filter { $0.start < middle }.map(\.id))
                #expect(first.conversations == firstIDs.count)

                let before = await sim.stats().requests.count
                let later = configuration.end.addingTimeInterval(86_400)
                let second = try await runner(job, client, now: later).run()
                let requests = await sim.stats().requests.dropFirst(before)
                let fetched = Set(
                    requests.filter { $0.method == "GET" && $0.path.split(separator: "/").count == 5 }
                        .compactMap { $0.path.split(separator: "/").last.map(String.init) }
                        .filter { $0 != "cachedmedia" }
                )
                let newIDs = Set(all.map(\.id)).subtracting(firstIDs)
                #expect(fetched == newIDs)
                #expect(second.conversations == newIDs.count)
                // The lookback lists again the conversations of run 1's last hour; unchanged, they are skipped.
                let relisted = all.filter { $0.start >= middle.addingTimeInterval(-3600) && $0.start < middle }
                #expect(second.conversationsSkipped == relisted.count)
                let stored = try await openDatabase(job).read { db in
                    (
                        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conversations") ?? 0,
                        try String.fetchOne(db, sql: "SELECT value FROM checkpoints WHERE key = 'watermark'")
                    )
                }
                #expect(stored.0 == all.count)
                #expect(stored.1 == GenesysDate.format(later.addingTimeInterval(-300)))
            }
        }
    }

    @Test func asyncAnalyticsJobsFindTheSameConversationsAsTheSyncQuery() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let configuration = SimulatorConfiguration(conversations: 30, rateLimitPerMinute: 0)
        try await withSimulator(configuration) { sim in
            try await withClient(sim) { client in
                let syncJob = simulatorJob(folder.url, name: "sync", source: orgInterval(configuration), pageSize: 10)
                let asyncJob = simulatorJob(
                    folder.url,
                    name: "async",
                    source: orgInterval(configuration),
                    pageSize: 10,
                    analytics: .async
                )
                _ = try await runner(syncJob, client).run()
                let summary = try await runner(asyncJob, client).run()
                #expect(summary.conversations == 30)
                let stats = await sim.stats()
                #expect(stats.requests.contains { $0.path == "/api/v2/analytics/conversations/details/jobs" })
                #expect(stats.requests.filter { $0.path.hasSuffix("/results") }.count >= 3)
                #expect(try ExportContents.read(asyncJob).messages == ExportContents.read(syncJob).messages)
            }
        }
    }

    @Test(arguments: [1, 3, 7])
    func resumeAfterCancellingAfterKCommitsGivesExactlyTheUninterruptedOutputs(commits: Int) async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let configuration = SimulatorConfiguration(conversations: 30, rateLimitPerMinute: 0)
        try await withSimulator(configuration) { sim in
            try await withClient(sim) { client in
                let reference = simulatorJob(folder.url, name: "reference", source: orgInterval(configuration))
                _ = try await runner(reference, client, maxRows: 150).run()
                let expected = try ExportContents.read(reference)

                let job = simulatorJob(folder.url, name: "resumed", source: orgInterval(configuration), concurrency: 3)
                let box = CancelBox()
                let interrupted = runner(job, client, maxRows: 150) { progress in
                    if progress.commits >= commits { box.cancel() }
                }
                let task = Task { try await interrupted.run() }
                box.set(task)
                let first = try await task.value
                #expect(first.status == .interrupted)
                #expect(first.conversations < 30)

                // A crash after the gzip member was written but before SQLite committed leaves extra bytes.
                let root = try #require(job.output.ndjson)
                for path in FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []
                where path.hasSuffix(".ndjson.gz") {
                    let handle = try FileHandle(forWritingTo: root.appendingPathComponent(path))
                    try handle.seekToEnd()
                    try handle.write(contentsOf: Data("garbage that was never committed".utf8))
                    try handle.close()
                }

                let second = try await runner(job, client, maxRows: 150).run()
                #expect(second.resumed)
                #expect(second.runID == first.runID)
                #expect(second.status == .complete)
                #expect(first.conversations + second.conversations == 30)
                let contents = try ExportContents.read(job)
                #expect(contents == expected)
                let runs = try await openDatabase(job).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs") }
                #expect(runs == 1)
            }
        }
    }

    @Test func gzipFilesAreReadableByZcatAndPython() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let configuration = SimulatorConfiguration(conversations: 10, rateLimitPerMinute: 0)
        try await withSimulator(configuration) { sim in
            try await withClient(sim) { client in
                let job = simulatorJob(folder.url, source: orgInterval(configuration))
                let summary = try await runner(job, client, maxRows: 50).run()
                let root = try #require(job.output.ndjson)
                let files = (FileManager.default.enumerator(atPath: root.appendingPathComponent("messages").path)?.allObjects
                    as? [String] ?? []).filter { $0.hasSuffix(".gz") }.map { root.appendingPathComponent("messages/\($0)").path }
                #expect(!files.isEmpty)
                var zcatLines = 0
                var pythonLines = 0
                for file in files {
                    zcatLines += String(decoding: try shell(["zcat", file]), as: UTF8.self).split(separator: "\n").count
                    let script = "import gzip,json,sys\nn=0\nfor line in gzip.open(sys.argv[1]):\n    json.loads(line); n+=1\nprint(n)"
                    let output = String(decoding: try shell(["python3", "-c", script, file]), as: UTF8.self)
                    pythonLines += Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
                }
                #expect(zcatLines == summary.messages)
                #expect(pythonLines == summary.messages)
                #expect(summary.commits > 1)  // several gzip members per file
            }
        }
    }
}
